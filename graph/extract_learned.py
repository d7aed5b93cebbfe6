"""What a learned model reads about each entity of an article: where its mentions sit in the parse.

Features are strings: the dependency steps from a mention up to the verb that governs it ("nsubj>accuse",
"pobj/prep:by>attack"), that verb's negation or passive voice, the content lemmas of the mention's sentence,
whether the sentence quotes someone, which kinds of frame the rules found in it, and the entity's kind and how
often and how early the article names it. An entity's features are the union over its mentions."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from cyberkg.graph.extract_rules import check
from cyberkg.graph.extract_types import Extraction, Mention, Relation
from cyberkg.graph.learn import LinearModel, load_models

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

ENTITY_KINDS = ("State", "Person", "Organisation", "Collective")
FRAME_KINDS = ("Agreement", "Incident", "Statement", "AttributionClaim", "Denial", "Event", "Law")
CONTENT = frozenset({"VERB", "NOUN"})
QUOTES = frozenset('"\u201c\u201d')


def _bucket(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4+"


def _up(root: Token) -> set[str]:
    """The steps from a mention's head up to the first verb above it, and that verb's voice and negation."""
    feats: set[str] = set()
    path: list[str] = []
    token = root
    for step in range(4):
        head = token.head
        if head is token:
            feats.add(f"root:{'/'.join(path)}")
            break
        dep = token.dep_ if token.dep_ != "pobj" else f"pobj:{head.lower_}"
        path.append(dep)
        feats.add(f"u{step}:{dep}>{head.lemma_.lower()}")
        if head.pos_ in ("VERB", "AUX"):
            feats.update({f"v:{'/'.join(path)}>{head.lemma_.lower()}", f"vl:{head.lemma_.lower()}", f"vd:{'/'.join(path)}"})
            feats.update(f"vc:{c.dep_}" for c in head.children if c.dep_ in ("neg", "auxpass", "nsubjpass", "mark"))
            break
        token = head
    return feats


def mention_features(doc: Doc, mention: Mention, frames: dict[int, set[str]]) -> set[str]:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or not len(span):
        return set()
    sent = span.sent
    feats = _up(span.root)
    feats.update(f"s:{t.lemma_.lower()}" for t in sent if t.pos_ in CONTENT)
    feats.update(f"fr:{k}" for k in frames.get(sent.start_char, ()))
    if any(c in QUOTES for c in sent.text):
        feats.add("quote")
    feats.update(f"c:{c.dep_}>{c.lemma_.lower()}" for c in span.root.children if c.dep_ in ("appos", "poss", "compound", "amod"))
    return feats


def entity_features(out: Extraction, doc: Doc) -> dict[str, set[str]]:
    """Each named entity of the extraction and what its mentions' places in the parse say."""
    frames: dict[int, set[str]] = defaultdict(set)
    starts = {s.start_char: s for s in doc.sents}
    by_start = sorted(starts)
    order = {start: i for i, start in enumerate(by_start)}
    for m in out.mentions:
        if m.kind in FRAME_KINDS:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and len(span):
                frames[span.sent.start_char].add(m.kind)
    feats: dict[str, set[str]] = defaultdict(set)
    seen: dict[str, list[int]] = defaultdict(list)
    for m in out.mentions:
        if m.kind not in ENTITY_KINDS:
            continue
        mf = mention_features(doc, m, frames)
        if not mf:
            continue
        feats[m.entity] |= mf
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        seen[m.entity].append(order.get(span.sent.start_char, 99) if span is not None else 99)
    for entity, places in seen.items():
        feats[entity].update({f"k:{_kind(out, entity)}", f"n:{_bucket(len(places))}", f"first:{_bucket(min(places) + 1)}"})
    return dict(feats)


def _kind(out: Extraction, entity: str) -> str:
    return next((m.kind for m in out.mentions if m.entity == entity), "")


# The roles a learned model may add, each to a frame of its kind the rules found in the article.
ROLES = (
    ("Event", "participant"),
    ("Statement", "speaker"),
    ("AttributionClaim", "claimant"),
    ("AttributionClaim", "attributedTo"),
    ("Incident", "victim"),
    ("Agreement", "hasParty"),
    ("Denial", "claimant"),
)
MODEL_FILE = Path(__file__).with_name("models") / "roles.json"


def role_name(kind: str, predicate: str) -> str:
    return f"{kind}.{predicate}"


@lru_cache(maxsize=4)
def role_models(path: Path = MODEL_FILE) -> dict[str, LinearModel]:
    return load_models(path) if path.is_file() else {}


def learned_roles(out: Extraction, doc: Doc, models: dict[str, LinearModel] | None = None) -> None:
    """The roles the rules left out that the model is sure of, each tied to the nearest frame of its kind."""
    models = role_models() if models is None else models
    frames = [m for m in out.mentions if m.kind in FRAME_KINDS]
    if not models or not frames:
        return
    have = {(r.subject, r.predicate, o) for r in out.relations for o in r.objects}
    kinds = {m.entity: m.kind for m in frames}
    taken = {(kinds.get(s, ""), p, o) for s, p, o in have}
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for m in out.mentions:
        if m.kind in ENTITY_KINDS:
            mentions[m.entity].append(m)
    for entity, feats in sorted(entity_features(out, doc).items()):
        for kind, predicate in ROLES:
            model = models.get(role_name(kind, predicate))
            of_kind = [f for f in frames if f.kind == kind]
            if model is None or not of_kind or (kind, predicate, entity) in taken:
                continue
            p = model.probability(feats)
            if p < model.threshold:
                continue
            near, frame = min(((abs(m.start - f.start), m, f) for m in mentions[entity] for f in of_kind), key=lambda x: x[0])[1:]
            check("learned.roles", predicate)
            out.relations.append(Relation(frame.entity, predicate, [entity], near.sentence, round(p, 3), rule="learned.roles"))
            taken.add((kind, predicate, entity))
