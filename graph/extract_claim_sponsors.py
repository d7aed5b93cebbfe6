"""Sponsors and instruments of an attack, read from the parse: "hackers working for / backed by / on behalf of X"
('sponsored_attack'), "malware used by X against Y" ('instrument_roles'). Split from graph.extract_claim_roles, whose
helpers they use; graph.extract_claims makes the facts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cyberkg.graph.extract_claim_roles import (
    Kinds,
    cue_tokens,
    denied_or_negated,
    mention_at,
    phrase_mention,
    sentence_tokens,
)
from cyberkg.graph.extract_lexicon import THREAT_HEADS
from cyberkg.graph.extract_parse import expand as conjuncts
from cyberkg.graph.extract_parse import negated

if TYPE_CHECKING:
    from spacy.tokens import Token

    from cyberkg.graph.extract_discourse import Sentence
    from cyberkg.graph.extract_types import Mention


SPONSOR_PREPS = {"for", "by", "of", "to", "with"}  # working for X, backed by X, on behalf of X, linked to X, tied with X
# Sponsorship, not mere association: "working for X", "on behalf of X", "backed by X" — a group "linked to X"
# is only described by X, and X is not blamed with it.
SPONSOR_VERBS = {"work", "act", "back", "sponsor", "direct", "employ", "support", "fund", "behalf", "operate"}


def _backers(s: Sentence, doer: Token, kinds: Kinds) -> list[Mention]:
    """The sponsor a compound modifier names: 'Kremlin-backed hackers' -> the Kremlin's state; 'Iranian
    state-sponsored hackers' -> the state of the demonym beside it ('state', 'government', 'nation-state')."""
    found: list[Mention] = []
    for backed in (c for c in doer.children if c.dep_ == "amod" and c.lemma_ in SPONSOR_VERBS):
        for x in (c for c in backed.children if c.dep_ in ("npadvmod", "compound", "nmod", "amod", "dobj")):
            m = mention_at(s, x, kinds)
            if m is None and x.lower_ in ("state", "government", "nation-state", "regime"):
                demonyms = [d for d in doer.children if d.dep_ in ("amod", "compound") and d.i < backed.i]
                demonyms += [d for d in x.children if d.dep_ in ("amod", "compound")]  # "Chinese government-backed"
                m = next((y for d in demonyms if (y := mention_at(s, d, kinds)) is not None and y.kind == "State"), None)
            if m is not None and m not in found:
                found.append(m)
    return found


def sponsored_attack(s: Sentence, kinds: Kinds, attack_verbs: set[str]) -> tuple[Token, Token, list[Mention]] | None:
    """(cue, group head token, sponsor mentions) for an attack verb whose doer is a group the text describes
    rather than names: 'breached by hackers working for X', 'hackers acting on behalf of X stole …'."""

    for token in sentence_tokens(s):
        broke_in = token.lemma_ == "break" and any(c.lower_ == "into" for c in token.children)  # "broke into"
        if token.pos_ != "VERB" or token.lemma_ not in attack_verbs and not broke_in or negated(token):
            continue
        doers = [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if not any(c.dep_ == "auxpass" for c in token.children):
            doers += [c for c in token.children if c.dep_ == "nsubj"]
        for doer in doers:
            named = mention_at(s, doer, kinds)
            if doer.lower_ not in THREAT_HEADS or named is not None and named.kind != "Collective":
                continue
            sponsors = _backers(s, doer, kinds)  # "Kremlin-backed hackers", "Iranian state-sponsored hackers"
            for t in doer.subtree:
                if (
                    t.dep_ == "pobj"
                    and t.head.lower_ in SPONSOR_PREPS
                    and (t.head.head.lemma_ in SPONSOR_VERBS or t.head.head.lower_ in SPONSOR_VERBS)
                ):
                    sponsors += [m for x in conjuncts(t) if (m := phrase_mention(s, x, kinds)) is not None]
            if sponsors:
                return token, doer, sponsors
    return None


INSTRUMENTS = {
    "technique",
    "techniques",
    "tool",
    "tools",
    "malware",
    "software",
    "code",
    "weapon",
    "weapons",
    "exploit",
    "exploits",
    "virus",
    "method",
    "methods",
    "tactics",
    "implant",
    "implants",
}
MODALS = {"could", "would", "might", "may", "will", "can", "should"}


def instrument_roles(s: Sentence, kinds: Kinds) -> tuple[Token, Token, list[Token]] | None:
    """(cue, user, targets) for 'attack techniques / malware used by X against Y': X used them on Y (a
    possible use, 'could be used by', is none)."""
    for token in cue_tokens(s, ("use",)):
        if (
            token.pos_ != "VERB"
            or token.lemma_ != "use"
            or denied_or_negated(token)
            or any(c.lower_ in MODALS for c in token.children if c.dep_ == "aux")
        ):
            continue
        things = [token.head] if token.dep_ == "acl" else [c for c in token.children if c.dep_ == "nsubjpass"]
        if not any(t.lower_ in INSTRUMENTS for t in things):
            continue
        users = [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        targets = [
            g
            for h in (token, *users)
            for c in h.children
            if c.dep_ == "prep" and c.lower_ in ("against", "on")
            for g in c.children
            if g.dep_ == "pobj"
        ]
        if users and targets:
            return token, users[0], targets
    return None


# "acting at the behest of X", "on the orders of X", "in association with X", "under the direction of X"
BEHEST = {"behest", "orders", "order", "direction", "instruction", "instructions", "auspices", "association", "command"}
ACTING = {"act", "work", "operate"}


def behest_sponsors(s: Sentence, kinds: Kinds) -> list[tuple[Token, Mention]]:
    """(acting verb, sponsor) for 'believed to be acting at the behest of X', 'acting in association with X',
    'operating under the direction of X' (not negated): X sponsors whoever acts so."""
    found = []
    for token in cue_tokens(s, BEHEST):
        prep = token.head
        if token.lower_ not in BEHEST or token.dep_ != "pobj" or prep.lower_ not in ("at", "on", "under", "in"):
            continue
        verb = prep.head
        if verb.lemma_ not in ACTING or denied_or_negated(verb):
            continue
        whose = [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "with") for g in c.children]
        found += [(verb, m) for g in whose if g.dep_ == "pobj" and (m := phrase_mention(s, g, kinds)) is not None]
    return found
