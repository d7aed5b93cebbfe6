"""Helpers over the model's dependency parse shared by the role readers (graph.extract_parse,
graph.extract_parse_incidents and the family modules): negation, conjuncts and appositions, the mention a
token stands in, a head noun's words, an unnamed person's description; and the word lists they share.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

    from cyberkg.graph.extract_discourse import Sentence
    from cyberkg.graph.extract_types import Mention


SAY_LEMMAS = {
    "say",
    "tell",
    "add",
    "note",
    "warn",
    "announce",
    "state",
    "write",
    "tweet",
    "claim",
    "report",
    "comment",
    "argue",
    "explain",
    "insist",
    "confirm",
    "describe",
    "acknowledge",
    "testify",
    "decline",
    "admit",
    "stress",
    "caution",
    "predict",
    "allege",
    "suggest",
    "respond",
    "reply",
    "urge",
    "complain",
}


SUBJECTS = ("nsubj", "nsubjpass")


BLAMEABLE = ("State", "Person", "Organisation", "Collective")  # the actors of graph.extract_discourse


NEGATIONS = {"not", "n't", "never", "no"}


MODAL = {"may", "might", "could", "would", "plans", "plan"}


LIST_EXCLUSIONS = {"not", "n't", "never", "except", "excluding", "nor", "rather", "instead"}


def negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in token.children)


def expand(token: Token) -> list[Token]:
    """The token and its conjuncts ('Cameron and May'), through 'of'-less appositions; not one the text sets
    apart ('X, not Y', 'X but not Y', 'X, except Y')."""
    out, todo = [], [token]
    while todo:
        t = todo.pop()
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ in ("conj", "appos") and not excluded_between(t, c) and not speaker_after(c))
        if t.tag_ in ("NNS", "NNPS"):  # "the Liberal, National and Labor Parties": a list before a plural head
            todo.extend(c for c in t.children if c.dep_ in ("nmod", "compound") and any(g.dep_ == "conj" for g in c.children))
    return out


def speaker_after(c: Token) -> bool:
    """'… the work of GRU, Defence Minister Ank Bijleveld said': a name the parse hangs on the one before it as an
    apposition, followed at once by a reporting verb with no subject, is that verb's speaker, not a second name."""
    verb = c.doc[c.right_edge.i + 1] if c.right_edge.i + 1 < len(c.doc) else None
    return (
        c.dep_ == "appos"
        and verb is not None
        and verb.lemma_ in SAY_LEMMAS
        and verb.pos_ == "VERB"
        and not any(x.dep_ in ("nsubj", "nsubjpass") for x in verb.children)
    )


def appos_speaker(verb: Token) -> list[Token]:
    """The speaker of a subjectless reporting verb the parse left as an apposition before it (speaker_after)."""
    before = verb.doc[max(0, verb.i - 8) : verb.i]
    return [t for t in before if t.right_edge.i + 1 == verb.i and speaker_after(t)][:1]


def later_speaker(root: Token, after: int) -> list[Token]:
    """The speaker of a reporting verb the parse put under the root after token `after` ('Y was the culprit,
    X said'): its subject, or the apposition it was left as."""
    said = [c for c in root.children if c.dep_ == "advcl" and c.lemma_ in SAY_LEMMAS and c.i > after]
    return [c for v in said for c in v.children if c.dep_ == "nsubj"] + [x for v in said for x in appos_speaker(v)]


ISSUING = frozenset({"unseal", "file", "issue", "release", "publish", "lodge", "bring"})
DOCUMENTS = frozenset({"complaint", "indictment", "report", "statement", "advisory", "charge", "lawsuit", "assessment"})


def issued_document(t: Token) -> bool:
    """A document a subject issues, with the claim under it: 'X unsealed a complaint alleging …', 'X issued a
    report saying …' — the issuer makes the claim."""
    return (
        t.dep_ == "dobj"
        and t.lemma_ in DOCUMENTS
        and t.head.lemma_ in ISSUING
        and any(c.dep_ == "nsubj" for c in t.head.children)
        and not negated(t.head)
    )


def excluded_between(t: Token, c: Token) -> bool:
    """A negation or 'except' between a name and the conjunct or apposition after it takes the latter out."""
    return any(w.lower_ in LIST_EXCLUSIONS for w in t.doc[t.i + 1 : c.left_edge.i + 1])


def mention_at(s: Sentence, token: Token, kinds: Container[str]) -> Mention | None:
    """The top mention covering the token, else one inside its noun phrase ('the Egyptian government')."""
    at = [m for m in s.top if m.start <= token.idx < m.end and m.kind in kinds]
    if at:
        return at[0]
    left, right = token.left_edge.idx, token.idx + len(token)
    inside = [m for m in s.top if left <= m.start and m.end <= right and m.kind in kinds]
    return max(inside, key=lambda m: m.end) if inside else None


def mentions_of(s: Sentence, tokens: Iterable[Token], kinds: Container[str]) -> list[Mention]:
    out = []
    for head in tokens:
        for t in expand(head):
            listed: list[Mention] = []
            m = mention_at(s, t, kinds)
            if m is None:  # "the networks of X", "X's servers": the owner
                owner = [
                    g
                    for c in t.children
                    if c.dep_ in ("poss",) or (c.dep_ == "prep" and c.lower_ in ("of", "at"))
                    for g in ([c] if c.dep_ == "poss" else [x for x in c.children if x.dep_ == "pobj"])
                ]
                m = next((x for x in (mention_at(s, o, kinds) for o in owner) if x is not None), None)
                listed = [x for o in owner[:1] if o.tag_ == "NNPS" for c in expand(o)[1:] if (x := mention_at(s, c, kinds))]
            if m is not None and m not in out:
                out.append(m)
            out += [x for x in listed if x not in out]  # "the networks of the A, B and C Parties": each of them
    return out


def head_words(name: str) -> tuple[str, str]:
    """A name's last word and the head noun before its complement: 'House Committee on Oversight and
    Government Reform' -> (reform, committee), so that 'the committee' refers back to it."""
    words = name.lower().split() or [""]
    before = re.split(r"\s+(?:on|of|for)\s+", name.lower(), maxsplit=1)[0].split()
    return words[-1], (before or words)[-1]


def description(token: Token) -> tuple[int, int]:
    """The character span of an unnamed person's description: the noun phrase without its determiner,
    relative clause, apposition or trailing punctuation ('spokesperson for Britain's Foreign Office')."""
    cut = {
        t.i
        for c in token.children
        if c.dep_ in ("relcl", "appos", "acl", "punct", "advcl") or (c.dep_ == "prep" and c.lower_ == "to")
        for t in c.subtree
    }  # not "… to Berlin", "… to the Times"
    words = [t for t in token.subtree if t.i not in cut and t.i >= token.left_edge.i]
    while words and (words[0].dep_ in ("det", "predet") or words[0].is_punct or words[0].lower_ == "one"):
        words.pop(0)
    while words and words[-1].is_punct:
        words.pop()
    return words[0].idx, words[-1].idx + len(words[-1])
