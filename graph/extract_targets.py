"""Whom a measure is aimed at, for graph.extract_measures (rule event.measure): the heads it found become
targets as news English names them.

- A participle goes on with the measure: "X imposed sanctions on Thursday, targeting A and B", "sanctions
  targeting A" — A and B are targets (never victims of an attack).
- People described by what they are, not by one name, are a group: "Russian and Chinese individuals", "four
  GRU military intelligence agents" — the description is a collective target. A state's demonym alone does
  not make them the state ("a Russian national" is not Russia); diplomats do stand for their state
  ("expel Russian diplomats" targets Russia), as the measure rules read them.
- A group named after its kind: "the crime group REvil", "the Conti gang" — the name, made a collective.
- A reward for the arrest or identification of X is aimed at X.
- "a unit of X", "a branch of X": the unit, not X (it has no name here, so no target).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cyberkg.graph.extract_syntax import expand

if TYPE_CHECKING:
    from spacy.tokens import Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence
    from cyberkg.graph.extract_types import Mention

# Measures one actor takes against another (graph.extract_measures): "imposed sanctions on X".
MEASURE_NOUNS = {
    "sanction",
    "sanctions",
    "penalties",
    "penalty",
    "measures",
    "countermeasures",
    "action",
    "actions",
    "operation",
    "expulsion",
    "expulsions",
    "severance",
    "breaking",
    "embargo",
    "cybersanctions",
    "ban",
    "reward",
    "bounty",
    "warrant",
    "warrants",
}
TARGETS = ("State", "Organisation", "Person", "Collective")
AIMING = {"target", "hit", "name", "list"}  # "…, targeting A and B"; "naming A", "listing A"
NATIONALS = {
    "national",
    "nationals",
    "citizen",
    "citizens",
    "man",
    "woman",
    "men",
    "women",
    "individual",
    "individuals",
    "people",
    "hacker",
    "hackers",
    "businessman",
    "student",
}
MEMBERS = {"agents", "officers", "operatives", "spies", "members", "operators", "leaders", "officials", "suspects"}
UNITS = {"unit", "branch", "division", "arm", "wing", "cell", "affiliate", "subsidiary", "part"}
GROUPS = {"group", "gang", "ring", "syndicate", "network", "collective", "outfit"}


def aimed_by_participle(token: Token) -> list[Token]:
    """'imposed sanctions …, targeting A and B' (the taking verb's participle), 'sanctions targeting A'."""
    return [
        o
        for c in token.children
        if c.dep_ in ("advcl", "acl") and c.tag_ == "VBG" and c.lemma_ in AIMING
        for o in c.children
        if o.dep_ == "dobj"
    ]


WANTED = {"identification", "location", "arrest", "capture", "conviction", "whereabouts"}


def wanted(token: Token) -> list[Token]:
    """'a reward for information leading to the identification or location of X': X (rewards only)."""
    if token.lower_ not in ("reward", "rewards", "bounty"):
        return []
    return [g for t in token.subtree if t.lower_ == "of" and t.head.lemma_ in WANTED for g in t.children if g.dep_ == "pobj"]


def _covering(s: Sentence, token: Token) -> Mention | None:
    at = [m for m in s.mentions if m.start <= token.idx < m.end and m.kind in TARGETS]
    return max(at, key=lambda m: m.end - m.start) if at else None


def _described(talk: Discourse, s: Sentence, token: Token) -> Mention | None:
    """'Russian and Chinese individuals', 'four GRU agents': plural people with modifiers (a number alone is
    too vague: 'eight people'), as a group."""
    if token.tag_ != "NNS" or not any(c.dep_ in ("amod", "compound", "nmod") and c.i < token.i for c in token.children):
        return None
    start = token.left_edge
    while start.dep_ in ("det", "predet", "punct") and start.i < token.i:
        start = token.doc[start.i + 1]
    text = talk.out.article.text
    begin, end = start.idx, token.idx + len(token)
    return talk.group(text[begin:end], begin, end, s)


def _group_name(talk: Discourse, s: Sentence, token: Token) -> Mention | None:
    """'the crime group REvil', 'the Conti gang': the name beside the kind, as a collective."""
    names = [c for c in token.children if c.pos_ == "PROPN" and (c.dep_ == "appos" or c.dep_ == "compound" and c.i < token.i)]
    if token.lower_ not in GROUPS or not names:
        return None
    name = names[0]
    words = [w for w in name.subtree if w.pos_ == "PROPN"] if name.dep_ == "appos" else [name]
    begin, end = words[0].idx, words[-1].idx + len(words[-1])
    return talk.group(talk.out.article.text[begin:end], begin, end, s)


def _owner(s: Sentence, token: Token) -> Mention | None:
    """'the diplomats of X', 'X's diplomats', 'Russian diplomats': the owner or the state before it."""
    inside = [m for m in s.mentions if token.left_edge.idx <= m.start and m.end <= token.idx + len(token) and m.kind in TARGETS]
    if inside:
        return max(inside, key=lambda m: m.end)
    owners = [c for c in token.children if c.dep_ == "poss"]
    owners += [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    return next((m for o in owners if (m := _covering(s, o)) is not None), None)


def _members_of(talk: Discourse, s: Sentence, token: Token) -> Mention | None:
    """'seven members of the Trickbot gang', 'leaders of X': the group they belong to."""
    groups = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    return next((m for g in groups if (m := _covering(s, g) or _group_name(talk, s, g)) is not None), None)


def target_mentions(talk: Discourse, s: Sentence, heads: list[Token]) -> list[Mention]:
    """The targets the heads name, each conjunct on its own ('A and a unit of B': A only)."""
    found: list[Mention] = []
    for t in (x for h in heads for x in expand(h)):
        m = _covering(s, t)
        if (m is None or m.kind == "Collective") and t.lower_ in NATIONALS | MEMBERS:
            m = _described(talk, s, t) or m or _members_of(talk, s, t)  # "seven members of the X gang": the gang
        elif m is None and t.lower_ in GROUPS:
            m = _group_name(talk, s, t)
        elif m is None and t.pos_ == "PROPN" and any(c.dep_ == "compound" and c.lower_ in GROUPS for c in t.children):
            m = talk.group(t.text, t.idx, t.idx + len(t), s)  # "the extortion gang Lapsus"
        elif m is None and t.lower_ not in UNITS:
            m = _owner(s, t)
        if m is not None and m not in found:
            found.append(m)
    return found
