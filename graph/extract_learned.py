"""What a learned model reads about each entity of an article: where its mentions sit in the parse.

Features are strings: the dependency steps from a mention up to the verb that governs it ("nsubj>accuse",
"pobj/prep:by>attack"), that verb's negation or passive voice, the content lemmas of the mention's sentence,
whether the sentence quotes someone, which kinds of frame the rules found in it, and the entity's kind and how
often and how early the article names it. An entity's features are the union over its mentions."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from cyberkg.graph.extract_rules import check
from cyberkg.graph.extract_types import Extraction, Mention, Relation
from cyberkg.graph.learn import LinearModel, load_models

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

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


def _sentence_features(sent: Span, frames: set[str]) -> frozenset[str]:
    """What a mention's sentence says, the same for every mention in it: its content lemmas, a quotation, the
    kinds of frame the rules found in it."""
    feats = {f"s:{t.lemma_.lower()}" for t in sent if t.pos_ in CONTENT} | {f"fr:{k}" for k in frames}
    if any(c in QUOTES for c in sent.text):
        feats.add("quote")
    return frozenset(feats)


def mention_features(root: Token) -> set[str]:
    """Where one mention sits: the steps up to its verb, and the modifiers of its head."""
    feats = _up(root)
    feats.update(f"c:{c.dep_}>{c.lemma_.lower()}" for c in root.children if c.dep_ in ("appos", "poss", "compound", "amod"))
    return feats


def entity_features(out: Extraction, doc: Doc) -> dict[str, set[str]]:
    """Each named entity of the extraction, what its mentions' places in the parse say, and the roles the
    rules gave it."""
    sents = list(doc.sents)
    starts = [s.start_char for s in sents]
    frames: dict[int, set[str]] = defaultdict(set)  # sentence index -> frame kinds in it
    for m in out.mentions:
        if m.kind in FRAME_KINDS:
            frames[bisect_right(starts, m.start) - 1].add(m.kind)
    by_sentence: dict[int, frozenset[str]] = {}
    feats: dict[str, set[str]] = defaultdict(set)
    seen: dict[str, list[int]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for m in out.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand") if m.kind in ENTITY_KINDS else None
        if span is None or not len(span):
            continue
        index = bisect_right(starts, span.root.idx) - 1
        if index not in by_sentence:
            by_sentence[index] = _sentence_features(sents[index], frames.get(index, set()))
        feats[m.entity] |= mention_features(span.root) | by_sentence[index]
        seen[m.entity].append(index)
        kinds.setdefault(m.entity, m.kind)
    ruled = rule_roles(out)
    for entity, places in seen.items():
        feats[entity].update(f"rule:{role}" for role in ruled.get(entity, ()))
        feats[entity].update({f"k:{kinds[entity]}", f"n:{_bucket(len(places))}", f"first:{_bucket(min(places) + 1)}"})
    return dict(feats)


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
    return load_models(path) if path.is_file() or path != MODEL_FILE else {}  # a given file must exist


def rule_roles(out: Extraction) -> dict[str, set[str]]:
    """The roles the rules gave each entity: "Event.participant", "Statement.speaker", …"""
    kinds = {m.entity: m.kind for m in out.mentions if m.kind in FRAME_KINDS}
    roles: dict[str, set[str]] = defaultdict(set)
    for r in out.relations:
        if r.subject in kinds:
            for o in r.objects:
                roles[o].add(role_name(kinds[r.subject], r.predicate))
    return roles


def _represented(out: Extraction) -> dict[str, set[str]]:
    """Per frame, the states its participants speak for (by their titles: "Canadian Prime Minister X"; by their
    posts): a state that takes part through its official is not added again as a participant of its own."""
    states_of: dict[str, set[str]] = defaultdict(set)  # person -> the states of their titles and posts
    for title in out.titles:
        if title.state:
            states_of[title.person].add(title.state)
    posts: dict[str, set[str]] = defaultdict(set)  # post -> its states
    for r in out.relations:
        if r.predicate == "postIn":
            posts[r.subject].update(r.objects)
    for r in out.relations:
        if r.predicate == "holdsPost":
            states_of[r.subject].update(s for post in r.objects for s in posts.get(post, ()))
    represented: dict[str, set[str]] = defaultdict(set)
    for r in out.relations:
        if r.predicate == "participant":
            represented[r.subject].update(s for person in r.objects for s in states_of.get(person, ()))
    return represented


def learned_roles(out: Extraction, doc: Doc, models: dict[str, LinearModel] | None = None) -> None:
    """The roles the rules left out that the models are sure of, each tied to the nearest frame of its kind
    (evidence: the entity's sentence nearest that frame)."""
    models = role_models() if models is None else models
    # only the frames this article made: one an earlier article (or the graph) made has the roles that article gave it
    frames = [m for m in out.mentions if m.kind in FRAME_KINDS and m.entity.startswith(f"{m.kind.lower()}-{out.article.id}-")]
    if not models or not frames:
        return
    ruled, represented = rule_roles(out), _represented(out)
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for m in out.mentions:
        if m.kind in ENTITY_KINDS:
            mentions[m.entity].append(m)
    for entity, feats in sorted(entity_features(out, doc).items()):
        for kind, predicate in ROLES:
            model = models.get(role_name(kind, predicate))
            of_kind = [f for f in frames if f.kind == kind]
            if model is None or not of_kind or role_name(kind, predicate) in ruled[entity]:
                continue
            p = model.probability(feats)
            if p < model.threshold:
                continue
            near, frame = min(((abs(m.start - f.start), m, f) for m in mentions[entity] for f in of_kind), key=lambda x: x[0])[1:]
            if predicate == "participant" and entity in represented[frame.entity]:
                continue
            check("learned.roles", predicate)
            out.relations.append(Relation(frame.entity, predicate, [entity], near.sentence, round(p, 3), rule="learned.roles"))
