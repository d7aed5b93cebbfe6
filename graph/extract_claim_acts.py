"""Attribution acts read from the parse, beside graph.extract_claim_frames (graph.extract_claim_story makes the
facts): 'X named / identified Y as the culprit', 'X pointed the finger at Y', 'X holds Y responsible for the
attack', 'X's attribution of the attack to Y', a group claiming an attack itself ('X claimed the attack', 'X said
it was behind it'), 'X issued an arrest warrant for Y' and 'the charges were filed against A, B and C'. Negated or
merely possible acts make none."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cyberkg.graph.extract_claim_forms import CHARGE_NOUNS, attack_thing, charge_nouns
from cyberkg.graph.extract_claim_frames import attack_in, blamed_np, claimant_of, possible
from cyberkg.graph.extract_claim_roles import (
    Kinds,
    blamed_phrase,
    conjuncts,
    cue_tokens,
    denied_or_negated,
    mention_at,
    phrase_mention,
    sentence_tokens,
)
from cyberkg.graph.extract_parse import SAY_LEMMAS

if TYPE_CHECKING:
    from spacy.tokens import Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence
    from cyberkg.graph.extract_types import Mention


def attribution_noun(s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention], Mention | None] | None:
    """(cue, blamed, claimant) for 'X's attribution of the attack to Y' / 'the attribution of the hack to Y by X'."""
    for token in cue_tokens(s, ("attribution", "attributions")):
        if token.lower_ not in ("attribution", "attributions") or token.pos_ != "NOUN" or denied_or_negated(token):
            continue
        inside = list(token.subtree)
        if not attack_in(inside):
            continue
        blamed = [
            m
            for t in inside
            if t.dep_ == "prep" and t.lower_ == "to"
            for g in t.children
            if g.dep_ == "pobj"
            for x in conjuncts(g)
            if (m := blamed_phrase(s, x, kinds)) is not None
        ]
        makers = [c for c in token.children if c.dep_ == "poss"]
        makers += [g for t in inside if t.dep_ in ("prep", "agent") and t.lower_ == "by" for g in t.children if g.dep_ == "pobj"]
        if blamed:
            return token, blamed, next((m for x in makers if (m := phrase_mention(s, x, kinds)) is not None), None)
    return None


def held_responsible(talk: Discourse, s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention], Mention | None] | None:
    """(cue, blamed, claimant) for 'X holds Y responsible / accountable for the attack'."""
    for token in cue_tokens(s, ("hold",)):
        if token.pos_ != "VERB" or token.lemma_ != "hold" or denied_or_negated(token) or possible(token):
            continue
        for verdict in (c for c in token.children if c.lower_ in ("responsible", "accountable")):
            if not any(attack_in(list(g.subtree)) for g in verdict.children if g.dep_ == "prep" and g.lower_ == "for"):
                continue
            held = [c for c in token.children if c.dep_ == "dobj"] + [c for c in verdict.children if c.dep_ == "nsubj"]
            blamed = [m for h in held for m in blamed_np(talk, s, h, kinds)]
            if blamed:
                return token, blamed, claimant_of(talk, s, token, kinds)
    return None


CULPRITS = {"culprit", "culprits", "perpetrator", "perpetrators", "author", "authors", "mastermind", "source", "suspect"}
SINGLING = {"name", "identify", "single", "brand", "label", "finger", "point", "cite", "designate"}


def named_culprit(s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention]] | None:
    """(cue, blamed) for 'X named / identified Y as the culprit (of the attack)' and 'X pointed the finger at Y
    for the attack' — an attack named in the sentence."""
    tokens = sentence_tokens(s)
    cues = [t for t in tokens if t.pos_ == "VERB" and t.lemma_ in SINGLING]
    if not cues or not attack_in(tokens):
        return None
    for token in cues:
        if denied_or_negated(token) or possible(token):
            continue
        preps = [c for h in (token, *token.children) for c in h.children if c.dep_ == "prep"]
        if token.lemma_ == "point":  # "pointed the finger at Y"
            if not any(c.dep_ == "dobj" and c.lower_ == "finger" for c in token.children):
                continue
            targets = [g for p in preps if p.lower_ == "at" for g in p.children if g.dep_ == "pobj"]
        else:
            if not any(g.lower_ in CULPRITS for p in preps if p.lower_ == "as" for g in p.children if g.dep_ == "pobj"):
                continue
            targets = [c for c in token.children if c.dep_ == "dobj"]
        blamed = [m for x in targets for y in conjuncts(x) if (m := blamed_phrase(s, y, kinds)) is not None]
        if blamed:
            return token, blamed
    return None


def self_claims(s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention]] | None:
    """(cue, claimers) for a group that claims an attack itself: 'the group X claimed the attack on Y', 'X said it
    was behind the attack' ('it' / 'they' / 'we' as the speaker)."""
    for token in cue_tokens(s, SAY_LEMMAS):
        if token.pos_ != "VERB" or token.lemma_ not in SAY_LEMMAS or denied_or_negated(token) or possible(token):
            continue  # "claim" is a reporting verb too
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        if token.lemma_ == "claim" and any(c.dep_ == "dobj" and attack_thing(c) for c in token.children):
            named = [x for c in subjects for x in (c, *(a for a in c.children if a.dep_ == "appos"))]  # "the group X"
            found = [m for c in named if (m := mention_at(s, c, kinds)) is not None and m.kind in ("Organisation", "Collective")]
            if found:
                return token, found
        if token.lemma_ not in SAY_LEMMAS or not subjects:
            continue
        for clause in (c for c in token.children if c.dep_ == "ccomp" and c.lemma_ == "be" and not denied_or_negated(c)):
            own = [x for x in clause.children if x.dep_ == "nsubj" and x.lower_ in ("it", "they", "we")]
            behind = [
                c for c in clause.children if c.lower_ in ("behind", "responsible") and any(attack_thing(g) for g in _what_for(c))
            ]  # "it was behind the attack", not "behind on patching after the attack"
            speaker = mention_at(s, subjects[0], kinds)
            if own and behind and speaker is not None and speaker.kind in ("Organisation", "Collective"):
                return token, [speaker]
    return None


def _what_for(cue: Token) -> list[Token]:
    """What 'behind X' / 'responsible for X' names: X."""
    heads = [cue, *(c for c in cue.children if c.dep_ == "prep" and c.lower_ == "for")]
    return [g for h in heads for g in h.children if g.dep_ == "pobj"]


def warrant_roles(s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention], Mention | None] | None:
    """(cue, accused, claimant) for 'X issued an arrest warrant / charges for / against Y' with no attack named:
    the caller reads it only in a story about an attack ('the warrant for Y' is for that attack)."""
    for token, objects in charge_nouns(s):
        accused = [g for g in objects if g.pos_ == "PROPN"]
        blamed = [m for a in accused for x in conjuncts(a) if (m := mention_at(s, x, kinds)) is not None and m.kind == "Person"]
        verb = token.head if token.dep_ == "dobj" and token.head.lemma_ in BRINGING else None
        if blamed and verb is not None and not possible(verb):
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            return token, blamed, phrase_mention(s, subjects[0], kinds) if subjects else None
    return None


BRINGING = {"file", "bring", "level", "lodge", "press", "unseal", "announce", "return", "issue"}


def filed_against(talk: Discourse, s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention], Mention | None] | None:
    """(cue, accused, claimant) for 'the charges were filed / brought against A, B and C (by X)'."""
    for token in cue_tokens(s, BRINGING):
        if token.pos_ != "VERB" or token.lemma_ not in BRINGING or denied_or_negated(token):
            continue
        if not any(c.dep_ == "nsubjpass" and c.lower_ in CHARGE_NOUNS for c in token.children):
            continue
        accused = [
            g for c in token.children if c.dep_ == "prep" and c.lower_ == "against" for g in c.children if g.dep_ == "pobj"
        ]
        blamed = [m for a in accused for m in blamed_np(talk, s, a, kinds)]
        if blamed:
            agents = [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            return token, blamed, phrase_mention(s, agents[0], kinds) if agents else None
    return None


MEASURE_SUBJECTS = {"measures", "sanctions", "penalties", "designations", "restrictions"}


def measures_target(talk: Discourse, s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention], Mention | None] | None:
    """(cue, targeted, None) for 'the (new) measures / sanctions target A, B and C' after a claim: the ones the
    measures name are blamed in it (the parse sometimes hangs 'target' on the first name as a compound)."""
    for token in cue_tokens(s, ("target", "targets")):
        if token.lemma_ != "target" or token.pos_ != "VERB" or denied_or_negated(token) or possible(token):
            continue
        subjects = [c for c in token.children if c.dep_ == "nsubj" and c.lower_ in MEASURE_SUBJECTS]
        if not subjects or not any(d.lower_ in ("the", "these", "those", "its", "their") for d in subjects[0].children):
            continue
        heads = [c for c in token.children if c.dep_ == "dobj"] or ([token.head] if token.dep_ == "compound" else [])
        heads += [c for h in heads for c in h.children if c.dep_ == "npadvmod" and c.pos_ == "PROPN"]
        blamed = [m for h in heads for m in blamed_np(talk, s, h, kinds)]
        if blamed:
            return token, [m for i, m in enumerate(blamed) if m not in blamed[:i]], None
    return None


ASSESSMENTS = {"assessment", "conclusion", "conclusions", "finding", "findings", "determination", "judgment", "judgement"}
ENDORSING = {"agree", "concur", "endorse", "share", "back", "support", "accept", "echo", "join", "confirm"}


def endorsers(s: Sentence, blamed: set[str], kinds: Kinds) -> list[Mention]:
    """Who takes up an assessment that blames someone: 'A, B and C agreed with / shared / endorsed the X assessment
    that Y was behind the attack' — A, B, C (and 'including' examples of their phrase) and X, the assessment's maker.
    Only when the assessment's clause names one the claim blames; not when the endorsing verb is negated."""
    for token in cue_tokens(s, ASSESSMENTS):
        clause = [c for c in token.children if c.dep_ in ("acl", "relcl", "ccomp")]
        if token.lower_ not in ASSESSMENTS or not clause:
            continue
        verb = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "with" else token.head
        if verb.lemma_ not in ENDORSING or verb.pos_ != "VERB" or denied_or_negated(verb):
            continue
        said = [(t.idx, t.idx + len(t)) for c in clause for t in c.subtree]
        if not any(m.entity in blamed and any(a <= m.start < b for a, b in said) for m in s.mentions):
            continue
        spans = [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge)) for c in verb.children if c.dep_ == "nsubj"]
        spans += [(c.left_edge.idx, c.idx + len(c)) for c in token.children if c.dep_ in ("poss", "compound")]
        found = [m for m in s.top if m.kind in kinds and any(a <= m.start and m.end <= b for a, b in spans)]
        return [m for m in found if m.entity not in blamed]
    return []
