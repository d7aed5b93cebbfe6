"""graph.extract_flags: the shape Matcher and the model's attribute ruler find what they found before."""

from __future__ import annotations

from spacy.matcher import Matcher

from cyberkg.graph.extract_flags import word_flags
from cyberkg.graph.extract_lexicon import ORG_SHAPES, person_shapes
from cyberkg.graph.extract_model import bare_pipeline, pipeline

TEXTS = [
    "The Ministry of Trade, Industry and Energy said on Monday that Prime Minister Ana Ruiz would visit the Acme News Agency.",
    "Officials at the Vela Sinmun newspaper didn't say whether the 181st Cyber Warfare Squadron had been hacked.",
    "HEADLINE IN CAPITALS\n\nShe's been told: 'no'. It's   spaced\tout, isn't it?",
    "",
]


def _upto(name: str) -> list:
    nlp = pipeline()
    docs = [nlp.make_doc(t) for t in TEXTS]
    for component_name, component in nlp.pipeline:
        if component_name == name:
            return docs
        docs = [component(d) for d in docs]
    raise AssertionError(name)


def test_attribute_ruler_matches_as_the_model_ships_it() -> None:
    shipped = bare_pipeline().get_pipe("attribute_ruler")
    ours = pipeline().get_pipe("attribute_ruler")
    for doc in _upto("attribute_ruler"):
        assert ours.match(doc) == shipped.match(doc)  # type: ignore[attr-defined]


def test_flagged_shapes_match_the_same() -> None:
    nlp = pipeline()
    plain, flagged = Matcher(nlp.vocab), Matcher(nlp.vocab, validate=False)
    for kind, shapes in (("Organisation", ORG_SHAPES), ("Person", person_shapes())):
        plain.add(kind, shapes)
        flagged.add(kind, [word_flags(nlp.vocab, shape) for shape in shapes])
    for doc in nlp.pipe(TEXTS):
        assert flagged(doc) == plain(doc)
