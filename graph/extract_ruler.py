"""The Extractor's name tables and matchers, built once per known-entity table (graph.extract.Extractor):

- an EntityRuler over the shipped gazetteers (states with their short names, demonyms, capital metonyms;
  well-known organisations) and the graph's own labels and aliases, so no second node is made for a known
  entity; an ambiguous state name ("Georgia") or organisation name ("the Communist Party") gets a context
  label, resolved per article by graph.extract's span pass;
- the Matcher of the lexicon's phrase shapes (organisations, people, unnamed officials, institutions,
  collectives) and the topic matchers (the SKOS scheme's labels, long ones with a word or two inserted).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cyberkg.graph.extract_flags import word_flags
from cyberkg.graph.extract_lexicon import (
    COLLECTIVE_SHAPES,
    INSTITUTION_SHAPES,
    ORG_SHAPES,
    UNNAMED_SHAPE,
    UNNAMED_SHAPES,
    gazetteer,
    person_shapes,
    topic_labels,
)
from cyberkg.graph.extract_types import ACTOR_KINDS, slug

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.pipeline import EntityRuler

NAMED_KINDS = ("State", *ACTOR_KINDS, "Post")


@dataclass
class NameTables:
    ruler: EntityRuler
    kinds: dict[str, str]  # id -> ontology class for gazetteer entries
    names: dict[str, str]  # id -> canonical name
    context: dict[str, list[tuple[str, str]]]  # ambiguous name -> [(id, the state it needs)]
    state_context: dict[str, list[str]]  # ambiguous state name -> the states it may mean
    capitals: set[str]
    state_ids: dict[str, str]  # gazetteer state id -> the graph's id for it


@dataclass
class ShapeMatchers:
    matcher: Matcher  # the lexicon's phrase shapes, by kind
    topic_matcher: PhraseMatcher
    topic_gapped: Matcher  # long labels with a word or two inserted: "… on the Canadian government"


def name_tables(nlp: Language, known: dict[str, tuple]) -> NameTables:  # noqa: C901 - one table per name source
    """The ruler and tables for `known`: id -> (broad class, label, aliases, classes) of the graph's entities."""
    from spacy.pipeline import EntityRuler

    from cyberkg.graph.extract_model import tokenizer_only

    ruler = EntityRuler(tokenizer_only(), name="cyberkg_names", phrase_matcher_attr="LOWER", overwrite_ents=True)
    kinds: dict[str, str] = {}
    names: dict[str, str] = {}
    context: dict[str, list[tuple[str, str]]] = {}
    patterns: list[dict] = []

    def add(kind: str, entity: str, forms: list[str], label: str | None = None) -> None:
        for name in forms:
            if len(name) < 2:
                continue
            exact = name.replace(".", "").isupper() and len(name) <= 6  # "US" must not match "us"
            pattern = [{"ORTH": t.text} for t in nlp.make_doc(name)] if exact else name
            patterns.append({"label": label or kind, "pattern": pattern, "id": entity})

    def known_id(kinds: tuple[str, ...], forms: list[str]) -> str | None:
        return next(
            (i for i, (k, label, aliases, *_) in known.items() if k in kinds and any(n in (label, *aliases) for n in forms)),
            None,
        )

    ambiguous = {a for state in gazetteer("states") for a in state.get("ambiguous", [])}
    state_context: dict[str, list[str]] = {}
    capitals = {s["capital"].lower() for s in gazetteer("states") if s.get("capital")}
    for state in gazetteer("states"):
        sid = known_id(("State",), [state["name"]]) or state["id"]
        kinds[sid], names[sid] = "State", state["name"]
        forms = [
            state["name"],
            *state.get("aliases", []),
            *state.get("demonyms", []),
            *state.get("metonyms", []),
            *([state["capital"]] if state.get("capital") else []),
        ]
        add("State", sid, [n for n in forms if n not in ambiguous])
        for name in state.get("ambiguous", []):  # "Georgia": the state only if the article names it otherwise
            state_context.setdefault(f"sctx-{slug(name)}", []).append(sid)
            add("State", f"sctx-{slug(name)}", [name], label="StateContext")
    state_ids = {s["id"]: known_id(("State",), [s["name"]]) or s["id"] for s in gazetteer("states")}
    for org in gazetteer("organisations"):
        oid = known_id(("Organisation", "Collective"), [org["name"], *org.get("aliases", [])]) or org["id"]
        kinds.setdefault(oid, org["type"])
        names.setdefault(oid, org["name"])
        add("Organisation", oid, [org["name"], *org.get("aliases", [])])
        for alias in org.get("context_aliases", []):
            context.setdefault(f"ctx-{slug(alias)}", []).append((oid, state_ids.get(org.get("country"), "")))
            add("Organisation", f"ctx-{slug(alias)}", [alias], label="Context")
    for entity, (kind, label, aliases, *_) in known.items():
        kinds.setdefault(entity, kind)
        if kind in NAMED_KINDS:  # events are found by the rules; their curated labels are descriptions
            add(kind, entity, [n for n in (label, *aliases) if kind != "State" or n not in ambiguous])
    ruler.add_patterns(patterns)
    return NameTables(ruler, kinds, names, context, state_context, capitals, state_ids)


def shape_matchers(nlp: Language) -> ShapeMatchers:
    """The Matcher of the lexicon's shapes and the topic matchers, on the shared pipeline's vocabulary."""
    from spacy.matcher import Matcher, PhraseMatcher

    matcher = Matcher(nlp.vocab, validate=False)  # the flags of word_flags are no attribute names its schema knows
    for kind, shapes in (
        ("Organisation", ORG_SHAPES),
        ("Person", person_shapes()),
        ("Unnamed", [UNNAMED_SHAPE, *UNNAMED_SHAPES]),
        ("Institution", INSTITUTION_SHAPES),
        ("Collective", COLLECTIVE_SHAPES),
    ):
        matcher.add(kind, [word_flags(nlp.vocab, shape) for shape in shapes])
    topic_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    topic_gapped = Matcher(nlp.vocab)
    for topic, label in topic_labels():
        topic_matcher.add(topic, [nlp.make_doc(label)])
        words = [t.lower_ for t in nlp.make_doc(label.replace("-", " "))]
        if len(words) >= 4:
            pattern = [p for w in words for p in ({"OP": "{0,2}"}, {"LOWER": w})][1:]
            topic_gapped.add(topic, [pattern])
    return ShapeMatchers(matcher, topic_matcher, topic_gapped)
