"""Reported speech, round 3 (issue 13): who else speaks beside the speaker found, read from the parse.

- "Norway and Sweden said …", "according to Norway, Sweden and Denmark", "A, B and C issued statements":
  every conjunct of the speaker's phrase, when that phrase is the reporting verb's subject or the object of
  "according to", speaks too (one statement, several speakers).
- '"…," the joint declaration said' after an agreement: its parties speak; "A and B issued a joint statement":
  the issuing verb's subject speaks (round 6).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from cyberkg.graph.extract_coord import coordination
from cyberkg.graph.extract_parse import UNNAMED, negated
from cyberkg.graph.extract_speech import subject_speaker
from cyberkg.graph.extract_types import Mention

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence

CO_SPEAKER_KINDS = ("Person", "Organisation", "State")
# The roles a speaker's phrase has when its conjuncts speak with it: subject of the reporting verb, object of
# "according to" or of "by" ("a statement issued by A and B").
SPEAKING_ROLES = ("nsubj", "nsubjpass", "pobj")


def co_speakers(s: Sentence, speaker: Mention) -> list[Mention]:
    """The other conjuncts of the speaker's noun phrase ("A, B and C said"), each a state, body or person."""
    if s.span is None:
        return []
    doc = s.span.doc  # type: ignore[attr-defined]
    name = doc.char_span(speaker.start, speaker.end, alignment_mode="expand")
    if name is None:
        return []
    # "A, B and C": the coordination's first member heads it ("A, B" may parse as apposed)
    top, members = coordination(name.root, lambda t: _named(s, t))
    if top.dep_ not in SPEAKING_ROLES:
        return []
    if top.dep_ == "pobj" and not (top.head.lower_ == "by" or (top.head.lower_ == "to" and top.head.head.lower_ == "according")):
        return []  # "according to A and B", "issued by A and B"; not "a letter to A, B said"
    found: list[Mention] = []
    for t in members:
        if t.i == name.root.i or speaker.start <= t.idx < speaker.end:
            continue  # the speaker's own phrase: "a Bangladesh Bank spokesman" is no bank speaking
        m = next((m for m in s.top if m.start <= t.idx < m.end and m.kind in CO_SPEAKER_KINDS), None)
        if m is not None and m.entity != speaker.entity and m.entity not in {f.entity for f in found}:
            found.append(m)
    return found


def _named(s: Sentence, token: Token) -> bool:
    """A list member the parse set in apposition ("Norway, the EU, NATO"): a proper noun a state, body or person
    mention covers, after a comma — never a description ("the minister") or a name's own parts."""
    left = token.left_edge
    return (
        token.pos_ == "PROPN"
        and left.i > 0
        and token.doc[left.i - 1].text == ","
        and any(m.start <= token.idx < m.end and m.kind in CO_SPEAKER_KINDS for m in s.top)
    )


def state_source(s: Sentence, cue_end: int) -> Mention | None:
    """'according to Norway' (the state itself the object, not 'according to Norwegian media')."""
    if s.span is None:
        return None
    found = sorted((m for m in s.top if m.kind == "State" and 0 <= m.start - cue_end <= 6), key=lambda m: m.start)
    if not found:
        return None
    name = s.span.doc.char_span(found[0].start, found[0].end, alignment_mode="expand")  # type: ignore[attr-defined]
    return found[0] if name is not None and name.root.dep_ == "pobj" and name.root.head.lower_ == "to" else None


# Verbs whose subject says, denies or holds what an outlet reports ("X denied …, the Y news agency said").
RELAYED_LEMMAS = {
    "say",
    "deny",
    "claim",
    "believe",
    "warn",
    "announce",
    "confirm",
    "reject",
    "accuse",
    "blame",
    "tell",
    "insist",
    "state",
    "suspect",
    "think",
    "conclude",
    "determine",
    "dismiss",
}


def relayed_speaker(s: Sentence, cue_start: int, outlet: Mention) -> Mention | None:
    """'X denied any involvement, the Y news agency said' / 'Y reported that X denied …' / '…, X believes, the
    Z reports': the outlet at the reporting verb relays what the reported clause's subject said; that subject
    speaks (the statement appears in the outlet). None when the clause names no speaker."""
    if s.span is None:
        return None
    verb = next((t for t in s.span if t.idx == cue_start), None)  # type: ignore[attr-defined]
    if verb is None or verb.lemma_ not in ("say", "report"):
        return None
    clauses = [c for c in verb.children if c.dep_ == "ccomp" and c.lemma_ in RELAYED_LEMMAS]
    if verb.dep_ in ("ccomp", "parataxis") and verb.head.lemma_ in RELAYED_LEMMAS and verb.head.i < verb.i:
        clauses.append(verb.head)  # "X believes …, the Times reports": the parse may hang the attribution below
    for clause in clauses:
        # only an active subject holds or says it: "X is thought to have …, the Y reported" is the outlet's
        # report about X (a passive belief's subject is what is believed of, speech round 7)
        for subject in (c for c in clause.children if c.dep_ == "nsubj"):
            found = subject_speaker(s, subject, UNNAMED)
            if found is not None and hasattr(found, "entity") and found.entity != outlet.entity:
                return found  # type: ignore[return-value]
    return None


def denial_speaker(s: Sentence, cue_start: int) -> Mention | None:
    """'X denied that …', 'X denied any involvement, saying …': who denies states what they said — the deny verb's
    subject by the parse (a named state, body or person; not a negated 'did not deny', not a participle)."""
    if s.span is None:
        return None
    verb = next((t for t in s.span if t.idx == cue_start), None)  # type: ignore[attr-defined]
    if verb is None or verb.pos_ != "VERB" or negated(verb) or verb.dep_ == "relcl":
        return None  # "allegations X has dismissed": a stance the clause describes, nothing said (round 7)
    if not any(
        (c.dep_ == "ccomp" and c.i > verb.i)  # what is denied follows the verb
        or (c.dep_ in ("advcl", "xcomp") and c.lemma_ in ("say", "insist", "claim", "add", "stress"))
        for c in verb.children
    ):
        return None  # what was denied, and no more ("X denies the accusations, and says …" is the denial's own)
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ == "conj":  # "X met the envoy and denied …": the first verb's subject
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    for subject in subjects:
        found = subject_speaker(s, subject, UNNAMED)
        if found is not None and hasattr(found, "entity"):
            return found  # type: ignore[return-value]
    return None


def it_said(text: str, s: Sentence, cue_start: int, mentions: list[Mention]) -> Mention | None:
    """'The Acme Agency found that … It said the attack was …': "it" at the reporting verb is the body that
    opened the sentence right before (the first organisation named in it, when that sentence begins with it)."""
    if not re.search(r"(?:^|[.;]\s+|\n)It\s+$", text[max(0, s.start - 3) : cue_start]) and not re.fullmatch(
        r"It\s+", text[s.start : cue_start]
    ):
        return None
    before = [m for m in mentions if m.end <= s.start and m.kind in ("Organisation", "Person", "State")]
    if not before:
        return None
    last = max(before, key=lambda m: m.start).sentence
    bodies = [m for m in before if m.sentence == last and m.kind == "Organisation"]
    at = text.rfind(last, 0, s.start)
    if at < 0 or s.start - (at + len(last)) > 3 or not bodies:
        return None
    opening = min(bodies, key=lambda m: m.start)  # "The UK's National Cyber Security Centre found …"
    if not re.fullmatch(r"(?:The\s+)?(?:[A-Z][\w.]*(?:'s|’s)?\s+)*", text[at : opening.start]):
        return None  # the body is not what the sentence opens with
    return opening


def main_subject(s: Sentence, cue_start: int) -> Mention | None:
    """'X summoned the envoy over what it called lies': the named subject of the clause that the free relative
    ('what it called') hangs on — the pronoun's antecedent."""
    if s.span is None:
        return None
    verb = next((t for t in s.span if t.idx == cue_start), None)  # type: ignore[attr-defined]
    head = verb.head if verb is not None else None
    while head is not None and head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head  # up from "what … called" through the noun or preposition it hangs on
    if head is None or head.pos_ not in ("VERB", "AUX"):
        return None
    for subject in (c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")):
        found = subject_speaker(s, subject, UNNAMED)
        if found is not None and hasattr(found, "entity"):
            return found  # type: ignore[return-value]
    return None


_JOINT = re.compile(r"\bjoint\s+(?:[\w-]+\s+)?$", re.I)
_JOINT_SAID = re.compile(r"\s*(?:,\s*)?(?:said|says|read|reads|added|stated|states)\b", re.I)


def joint_speakers(talk: Discourse, s: Sentence, cue: re.Match[str]) -> list[Mention]:
    """'"…," the joint declaration said' after an agreement between A and B: the parties speak it, in the order
    the article named them (rule statement.noun)."""
    text = talk.out.article.text
    if (
        not talk.agreements
        or not re.fullmatch(r"statements?|declarations?|communiqu[eé]s?", cue.group(0), re.I)
        or not _JOINT.search(text, max(s.start, cue.start() - 24), cue.start())
        or not _JOINT_SAID.match(text, cue.end())
    ):
        return []
    parties = talk.agreements[-1][1]
    first: dict[str, Mention] = {}
    for m in talk.out.mentions:
        if m.entity in parties and m.kind in CO_SPEAKER_KINDS:
            first.setdefault(m.entity, m)
    return [
        Mention(m.entity, m.kind, m.label, s.text, cue.start(), cue.end(), 0.5)
        for m in sorted(first.values(), key=lambda m: m.start)
    ]


def subject_before(s: Sentence, pronoun: Token) -> Mention | None:
    """'X was still president when the attacks began and he said …': a pronoun subject after an earlier clause
    of its own sentence is that clause's subject, when the subject is a named person."""
    if s.span is None:
        return None
    for t in cast("Span", s.span):
        if t.i >= pronoun.i:
            break
        if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "PROPN":
            found = next((m for m in s.top if m.kind == "Person" and m.start <= t.idx < m.end), None)
            if found is not None:
                return found
    return None


ISSUING = {"issue", "release", "publish", "make", "put"}


def issuer(s: Sentence, cue_start: int) -> Mention | None:
    """'A and B issued a joint statement', 'the ministry released a statement': the subject of the verb that
    puts the statement out (a state too)."""
    noun = next((t for t in s.tokens() if t.idx == cue_start), None)
    if noun is None or noun.dep_ != "dobj" or noun.head.lemma_ not in ISSUING or negated(noun.head):
        return None
    subjects = [c for c in noun.head.children if c.dep_ == "nsubj"]
    return next((m for c in subjects if (m := _named_mention(s, c)) is not None), None)


def _named_mention(s: Sentence, token: Token) -> Mention | None:
    return next((m for m in s.top if m.start <= token.idx < m.end and m.kind in CO_SPEAKER_KINDS), None)


# "said in an interview with Reuters", "In an interview with the Financial Times, X said", "speaking to CNN",
# "wrote an op-ed piece in The Wall Street Journal": the outlet the statement appeared in
_INTERVIEW = re.compile(
    r"\b(?:(?:in|during)\s+an?\s+(?:[\w-]+\s+)?interview\s+(?:with|on|to)|speaking\s+to|told|"
    r"(?:op-ed|opinion|column|article|commentary|essay)(?:\s+(?:piece|article))?\s+(?:in|for))\s+",
    re.I,
)


def interview_outlet(s: Sentence, is_outlet: Callable[[str], bool]) -> str | None:
    """The news outlet a statement was given to in an interview or written for, anywhere in its sentence."""
    for cue in _INTERVIEW.finditer(s.doc_text, s.start, s.end):
        outlet = s.after(cue.end(), ("Organisation",), within=4)  # "the" may be in the name
        if outlet is not None and is_outlet(outlet.entity):
            return outlet.entity
    return None
