"""Victims the other incident rules leave out (round 7), for graph.extract_victims.

- rule incident.parse_more: the sentence's attack was found by the cue rule (graph.extract_relations), which took
  no victim — the attack refers back ('the hacking of X's computer system' after an earlier incident) or the
  victim is not right after the cue ('spies had hacked into the prestigious X'). The parse's roles
  (graph.extract_parse_incidents.attack_roles) name it.
- A dateline ('WARSAW (Reuters) –', 'WELLINGTON, New Zealand (AP) —') names where the story was filed and
  who filed it, never a victim: victims_after_dateline drops what it names.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from cyberkg.graph.extract_parse import dateline_end
from cyberkg.graph.extract_parse_incidents import ATTACK_CUE_WORDS, attack_roles
from cyberkg.graph.extract_syntax import BLAMEABLE

if TYPE_CHECKING:  # annotations only
    from spacy.tokens import Span, Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence
    from cyberkg.graph.extract_types import Mention


# A city in capitals with its state and the agency: "WELLINGTON, New Zealand (AP) — " (graph.extract_parse's
# DATELINE has no state after the city).
PLACE_DATELINE = re.compile(r"[A-Z]{2,}[A-Z.' -]*(?:, [A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2})? ?\([A-Z][\w ]{1,20}\) ?[:—–-] ")


def _dateline_end(s: Sentence) -> int:
    place = PLACE_DATELINE.match(s.doc_text, s.start, min(s.end, s.start + 90))
    return max(dateline_end(s), place.end() if place else s.start)


def after_dateline(s: Sentence, mentions: list[Mention]) -> list[Mention]:
    """The mentions outside the sentence's dateline."""
    end = _dateline_end(s)
    return [m for m in mentions if m.start >= end]


def tokens_after_dateline(s: Sentence, tokens: list[Token]) -> list[Token]:
    """The tokens outside the sentence's dateline (the parse makes 'OTTAWA, Canada (AP) —' a subject)."""
    end = _dateline_end(s)
    return [t for t in tokens if t.idx >= end]


def dateline_entities(s: Sentence) -> set[str]:
    """What the dateline names and the rest of the sentence does not: never a victim."""
    end = _dateline_end(s)
    if end == s.start:
        return set()
    inside = {m.entity for m in s.mentions if m.start < end}
    return inside - {m.entity for m in s.mentions if m.start >= end}


def drop_dateline(talk: Discourse, s: Sentence, made: int) -> None:
    """The victims found in the sentence since relation `made`, without what only its dateline names."""
    dated = dateline_entities(s)
    if not dated:
        return
    for r in talk.out.relations[made:]:
        if r.predicate == "victim":
            r.objects = [o for o in r.objects if o not in dated]
    talk.out.relations[made:] = [r for r in talk.out.relations[made:] if r.predicate != "victim" or r.objects]


def _has_victim(talk: Discourse, s: Sentence) -> bool:
    return any(r.predicate == "victim" and r.sentence == s.text for r in reversed(talk.out.relations[-40:]))


def parse_more(talk: Discourse, s: Sentence, incident: str | None) -> None:
    """Rule incident.parse_more: the parse's victims of the first attack that names one, on the incident the
    cue rule gave the sentence, when no rule has given the sentence a victim yet."""
    if incident is None or s.span is None or s.words().isdisjoint(ATTACK_CUE_WORDS) or _has_victim(talk, s):
        return
    for cue, victims, _ in attack_roles(s, cast("Span", s.span), BLAMEABLE):
        # not a word before the attack noun ('the SWIFT heist', 'Dutch agency reports breach'): the cue rule
        # reads those (compound_victim) and left them out
        victims = [m for m in after_dateline(s, victims) if not cue.left_edge.idx <= m.start < cue.idx]
        if victims:
            talk.relate(incident, "victim", [m.entity for m in victims], s, 0.45, rule="incident.parse_more")
            return
