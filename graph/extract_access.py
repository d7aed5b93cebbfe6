"""Break-ins told as access (rule incident.parse): 'X gained / obtained unauthorized access to the computers of Y',
'hackers got access to Y's servers', 'X might have gained access to some of the systems at Y' — an attack by X
on Y. Access by anyone else to anything else ('the researchers gained access to the archive') is none: it needs a
word of wrongdoing ('unauthorized', 'illicit'), an attacker noun as subject, or computer systems as what was
reached by a named actor."""

from __future__ import annotations

from collections.abc import Container
from typing import TYPE_CHECKING

from cyberkg.graph.extract_syntax import mentions_of, negated

if TYPE_CHECKING:
    from spacy.tokens import Token

    from cyberkg.graph.extract_discourse import Sentence
    from cyberkg.graph.extract_types import Mention

GAINING = {"gain", "obtain", "get", "win", "secure"}
WRONGFUL = {"unauthorized", "unauthorised", "illicit", "illegal", "unlawful", "remote", "privileged"}
INTRUDERS = {"hackers", "hacker", "attackers", "attacker", "intruders", "intruder", "spies"}
SYSTEMS = {
    "systems",
    "system",
    "networks",
    "network",
    "computers",
    "computer",
    "servers",
    "server",
    "accounts",
    "account",
    "emails",
    "databases",
    "database",
    "infrastructure",
}


def _wrongful(access: Token, verb: Token, reached: list[Token]) -> bool:
    if any(c.dep_ == "amod" and c.lower_ in WRONGFUL for c in access.children):
        return True
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if any(c.lower_ in INTRUDERS for c in subjects):
        return True
    return bool(subjects) and any(t.lower_ in SYSTEMS for r in reached for t in r.subtree)


def access_roles(s: Sentence, kinds: Container[str]) -> list[tuple[Token, list[Mention], list[Mention]]]:
    """(cue, victims, doers) for each wrongful gaining of access in the sentence (not negated)."""
    found = []
    for access in (t for t in s.span if t.lower_ == "access" and t.dep_ == "dobj"):  # type: ignore[attr-defined]
        verb = access.head
        if verb.lemma_ not in GAINING or negated(verb):
            continue
        reached = [
            g for c in access.children if c.dep_ == "prep" and c.lower_ in ("to", "into") for g in c.children if g.dep_ == "pobj"
        ]
        if not reached or not _wrongful(access, verb, reached):
            continue
        doers = mentions_of(s, [c for c in verb.children if c.dep_ == "nsubj"], kinds)
        spans = [(r.left_edge.idx, r.right_edge.idx + len(r.right_edge)) for r in reached]
        victims = [m for m in s.top if m.kind in kinds and m not in doers and any(a <= m.start and m.end <= b for a, b in spans)]
        found.append((access, victims, doers))
    return found
