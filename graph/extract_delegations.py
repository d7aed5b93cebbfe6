"""Who takes part in talks when news names them by delegation, chair or attendance (rule event.delegation).

Official readouts of dialogues list the parties' people and bodies rather than saying "A met B":
- composition: "The Kenyan delegation consisted of / comprised / included officials from A, B and C";
- leadership: "The delegation was led / headed / co-chaired by P, director at the Z agency", "P led the
  delegation", "He was accompanied by representatives from A and B";
- attendance: "The meeting was attended by officials from A, including B and C", "Officials from A and B also
  participated / attended".
Every state, organisation and person named in the role's noun phrase (its whole subtree: lists, appositions,
"from"/"of"/"at" complements) takes part, and so does a state the delegation is described by ("the Kenyan
delegation"). The talks are the article's current event, else a new one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cyberkg.graph.extract_syntax import SUBJECTS, negated

if TYPE_CHECKING:  # annotations only
    from spacy.tokens import Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence
    from cyberkg.graph.extract_types import Mention

ACTORS = ("Person", "Organisation", "State")
# the group or the gathering a composition or leadership verb is said of
PARTIES = {"delegation", "delegations", "side", "sides", "contingent"}  # not "team": a unit "includes" staff
GATHERINGS = {
    "dialogue",
    "meeting",
    "meetings",
    "talks",
    "consultations",
    "conference",
    "summit",
    "session",
    "discussions",
    "negotiations",
}
# the people a delegation is made of
MEMBERS = {
    "officials",
    "representatives",
    "delegates",
    "members",
    "officers",
    "experts",
    "envoys",
    "diplomats",
    "ministers",
    "heads",
    "leaders",
    "principals",
    "observers",
}
COMPOSING = {"consist", "comprise", "include", "compose"}
LEADING = {"lead", "head", "chair", "co-chair", "cochair", "accompany"}
ATTENDING = {"attend", "participate", "join"}
CUES = COMPOSING | LEADING | ATTENDING | {"co", "chaired"}


def _subtree_mentions(s: Sentence, heads: list[Token]) -> list[Mention]:
    """Every actor mention inside the heads' phrases, in text order."""
    spans = [(h.left_edge.idx, h.right_edge.idx + len(h.right_edge)) for h in heads]
    return sorted(
        (m for m in s.top if m.kind in ACTORS and any(a <= m.start and m.end <= b for a, b in spans)),
        key=lambda m: m.start,
    )


def _listed_mentions(s: Sentence, verb: Token, heads: list[Token]) -> list[Mention]:
    """The actors in the heads' phrases and in the rest of the verb's clause after them: a long list
    ("officials from A, B and C") is often hung on the verb rather than on its first item; a following
    clause ("while the other side was led by P") is not part of it."""
    if not heads:
        return []
    start = min(h.left_edge.idx for h in heads)
    end = verb.right_edge.idx + len(verb.right_edge)
    clauses = [
        (c.left_edge.idx, c.right_edge.idx + len(c.right_edge))
        for c in verb.children
        if c.dep_ in ("advcl", "ccomp", "parataxis", "conj", "relcl") and c.pos_ in ("VERB", "AUX") and c.idx > start
    ]
    end = min([end, *(a for a, _ in clauses)])
    inside = [m for m in s.top if m.kind in ACTORS and start <= m.start and m.end <= end]
    return sorted({id(m): m for m in [*_subtree_mentions(s, heads), *inside]}.values(), key=lambda m: m.start)


def _objects(verb: Token) -> list[Token]:
    """The verb's object: 'comprised X', 'consisted of X', 'was led by X', 'was accompanied by X'."""
    out = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
    out += [
        g
        for c in verb.children
        if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "of")
        for g in c.children
        if g.dep_ == "pobj"
    ]
    return out


def _is_party(token: Token) -> bool:
    return token.lower_ in PARTIES or token.lower_ in GATHERINGS


def _members(token: Token) -> bool:
    return token.lower_ in MEMBERS or token.lower_ in PARTIES


def _subjects(verb: Token) -> list[Token]:
    """The verb's subject, also one the parse hangs on its auxiliary ('was co-chaired'), the antecedent of a
    relative pronoun ('the side, which included …') and the subject a conjoined verb shares ('was led by P and
    included …')."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    auxes += [g for c in auxes for g in c.children if g.dep_ in ("aux", "auxpass")]  # "was co-led": was <- co <- led
    subjects += [g for c in auxes for g in c.children if g.dep_ in SUBJECTS]
    if verb.dep_ == "relcl" and any(c.lower_ in ("which", "that", "who") for c in subjects):
        return [verb.head]
    if not subjects and verb.dep_ == "conj":
        return _subjects(verb.head)
    return subjects


def _roles(verb: Token) -> tuple[list[Token], list[Token]] | None:
    """(the delegation/gathering side, the people side) of a delegation verb, or None."""
    subjects = _subjects(verb)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    objects = _objects(verb)
    lemma = verb.lemma_.lower()
    if lemma in COMPOSING and not passive:  # "the delegation comprised officials from A"
        return (subjects, objects) if any(_is_party(t) for t in subjects) and objects else None
    if lemma in ("lead", "head", "chair", "co-chair", "cochair") or verb.lower_.endswith("chaired"):
        if passive:  # "the delegation was led by P"
            return (subjects, objects) if any(_is_party(t) for t in subjects) and objects else None
        return (objects, subjects) if any(_is_party(t) for t in objects) and subjects else None  # "P led the delegation"
    if lemma == "accompany" and passive:  # "He was accompanied by representatives from A and B"
        return (subjects, objects) if any(_members(t) for t in objects) else None
    if lemma in ATTENDING:
        if passive:  # "the meeting was attended by officials from A"
            return (subjects, objects) if any(_is_party(t) for t in subjects) and objects else None
        if any(_members(t) for t in subjects):  # "officials from A and B also participated"
            return ([], subjects)
    return None


def find_delegations(talk: Discourse, s: Sentence) -> str | None:
    """The parties, people and bodies a delegation, chair or attendance verb names (rule event.delegation)."""
    if s.span is None or s.words().isdisjoint(CUES):
        return None
    found: list[str] = []
    for verb in s.tokens():
        if verb.pos_ not in ("VERB", "AUX") or negated(verb):
            continue
        if verb.lemma_.lower() not in CUES and not verb.lower_.endswith("chaired"):
            continue
        roles = _roles(verb)
        if roles is None:
            continue
        side, people = roles
        described = [m for m in _subtree_mentions(s, side) if m.kind == "State"]  # "the Kenyan delegation"
        listed = [m for m in _listed_mentions(s, verb, people) if not _place(talk, s, m)]
        found += [m.entity for m in [*described, *listed]]
    if not found:
        return None
    event = talk.event[0] if talk.event else talk.new("Event", "Talks", "Talks of the delegations", s, 0.5)
    if talk.event is None:
        talk.event = (event, "talks")
    talk.relate(event, "participant", found, s, 0.5, rule="event.delegation")
    return event


def _place(talk: Discourse, s: Sentence, m: Mention) -> bool:
    """'attended the summit in Quito': a capital after 'in' is where it was held, not a state taking part."""
    return (
        m.kind == "State"
        and s.doc_text[m.start : m.end].lower() in talk.extractor.capitals
        and re.search(r"\b(?:in|at)\s+$", s.doc_text[max(s.start, m.start - 4) : m.start]) is not None
    )


PRESS = {"news", "press", "media"}
BRIEFINGS = {"conference", "briefing", "conferences", "briefings"}


def _briefing(token: Token) -> bool:
    """'a (joint) press/news/media conference', 'a (regular) news/press briefing'."""
    return token.lower_ in BRIEFINGS and any(c.lower_ in PRESS for c in token.children if c.dep_ in ("compound", "amod"))


def _speakers(verb: Token) -> list[Token]:
    """Who speaks or appears: the verb's subject, the subject of the verb it modifies ('Responding …, X said'),
    the name a relative clause is about ('X, who also spoke at the conference')."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if subjects and subjects[0].lower_ in ("who", "that") and verb.dep_ == "relcl":
        return [verb.head]
    if not subjects and verb.dep_ in ("advcl", "conj", "xcomp", "acomp", "relcl"):
        return _speakers(verb.head) if verb.dep_ != "relcl" else [verb.head]
    return subjects


def find_briefings(talk: Discourse, s: Sentence) -> str | None:
    """'X said at/during a news conference', 'At a regular press briefing, X said', 'Y, who was also present at
    the media conference': whoever speaks or appears at a press conference takes part, with the body named as
    its host ('a Justice Department news conference') (rule event.briefing). 'X told a news conference' is
    reported speech, not attendance, and is left out."""
    if s.span is None or s.words().isdisjoint(BRIEFINGS) or s.words().isdisjoint(PRESS):
        return None
    for token in s.tokens():
        if not _briefing(token) or token.dep_ != "pobj" or token.head.lower_ not in ("at", "during", "in"):
            continue
        verb = token.head.head
        if verb.pos_ not in ("VERB", "AUX", "ADJ") or negated(verb):
            continue
        named = _subtree_mentions(s, _speakers(verb))  # a person's title names their body: the person takes part
        people = [m for m in named if m.kind == "Person"] or [m for m in named if m.kind == "Organisation"]
        hosts = [m for m in s.top if m.kind == "Organisation" and token.left_edge.idx <= m.start and m.end <= token.idx]
        if not people:
            continue
        event = talk.new("Event", "Event", f"{token.lower_.capitalize()} of {talk.name(people[0].entity)}", s, 0.5, at=token.idx)
        talk.relate(event, "participant", [m.entity for m in [*people, *hosts]], s, 0.5, rule="event.briefing")
        return event
    return None
