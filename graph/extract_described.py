"""Victims the text describes rather than names, for graph.extract_victims.

- rule incident.described: "attacks against presidential campaigns", "hack into email accounts of South
  Korean railway workers", "an attack on a bank in the Philippines" — a qualified noun phrase (a modifier
  other than a state's demonym, or a place after it) becomes a collective victim; a bare "attacks on banks"
  stays generic.
- rule incident.frame (the frames are graph.extract_patients'): what fills an attack's patient role becomes
  victims — a class of bodies no name covers as a described collective ("the social security agency", "EU
  private companies"), anything else the name it is, holds or belongs to, the state whose people or things
  it names ("1.5 million Singaporeans", "Swiss targets", "dams across Iran"); never a vendor's product.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, cast

from cyberkg.graph.extract_lexicon import gazetteer
from cyberkg.graph.extract_parse import (
    AGREEMENT_NOUNS,
    ATTACK_NOUNS,
    ATTACK_VERBS,
    PLEDGES,
    describes_another,
    description,
    expand,
    mentions_of,
    negated,
)
from cyberkg.graph.extract_patients import THINGS, owned, places, pronoun_owner, state_modifiers, with_examples
from cyberkg.graph.extract_types import Mention

if TYPE_CHECKING:  # annotations only
    from spacy.tokens import Span, Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence

ACTORS = ("State", "Person", "Organisation")
# Heads a described victim can have: bodies and groups of people, not things ("systems", "data").
DESCRIBED_HEADS = {
    "campaign",
    "campaigns",
    "worker",
    "workers",
    "official",
    "officials",
    "institution",
    "institutions",
    "bank",
    "banks",
    "company",
    "companies",
    "firm",
    "firms",
    "lender",
    "lenders",
    "operator",
    "operators",
    "customers",
    "users",
    "citizens",
    "employees",
    "agencies",
    "agency",
    "ministries",
    "ministry",
    "hospital",
    "hospitals",
    "university",
    "universities",
    "exchanges",
    "journalists",
    "activists",
    "dissidents",
    "businesses",
    "retailers",
    "utilities",
    "utility",
    "candidates",
    "lawmakers",
    "diplomats",
    "organizations",
    "organisations",
}


POTENTIAL = {
    "warning",
    "warnings",
    "threat",
    "threats",
    "risk",
    "risks",
    "fear",
    "fears",
    "danger",
    "dangers",
    "defence",
    "defense",
    "protection",
    "prevention",
    "vulnerability",
}  # attacks that may come


def _qualified(s: Sentence, token: Token) -> bool:
    """A described victim names something particular: a modifier that is not a state's demonym alone
    ('presidential campaigns', 'railway workers'), or a place or origin after it ('a bank in Vietnam')."""
    if (
        token.lower_ not in DESCRIBED_HEADS
        or token.pos_ != "NOUN"
        or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children)
    ):
        return False  # "our democratic institutions": the speaker's own, said in general
    in_state = [m for m in s.mentions if m.kind == "State"]
    modifiers = [
        c
        for c in token.children
        if c.dep_ in ("amod", "compound")
        and c.i < token.i
        and not any(m.start <= c.idx < m.end for m in in_state)
        and c.lower_ not in ("other", "such", "many")
    ]
    place = [c for c in token.children if c.dep_ == "prep" and c.lower_ in ("in", "from")]
    if token.tag_ == "NN":  # "a bank in the Philippines", "the South's nuclear operator"; "a commercial bank" is vague
        return bool(place) or bool(modifiers) and any(c.dep_ == "poss" for c in token.children)
    return bool(modifiers or place)


ATTACK_WORDS = ATTACK_NOUNS | ATTACK_VERBS


def _described_heads(token: Token) -> list[Token]:
    """The victim heads of an attack word: 'attacks on/against X', 'hack (into the accounts of) X'."""
    heads: list[Token] = []
    if token.pos_ in ("NOUN", "PROPN") and token.lower_ in ATTACK_NOUNS:
        heads = [
            g
            for c in token.children
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "targeting")
            for g in c.children
            if g.dep_ == "pobj"
        ]
    elif token.pos_ == "VERB" and token.lemma_ in ATTACK_VERBS:
        heads = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        heads += [
            g for c in token.children if c.dep_ == "prep" and c.lower_ in ("into", "from") for g in c.children if g.dep_ == "pobj"
        ]
    owners = [
        g
        for h in heads
        for c in h.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj" and h.lower_ not in DESCRIBED_HEADS
    ]  # "the email accounts of X"
    return [t for h in heads + owners for t in (h, *(c for c in h.children if c.dep_ == "conj"))]


def _generic(token: Token) -> bool:
    """'Cyber attacks against candidates occur around the world', 'campaigns are targeted by actors',
    'hackers targeting banks', 'whether agencies had been compromised': a habit, a class or a question,
    not an attack that happened."""
    if any(a.lower_ in AGREEMENT_NOUNS or a.lemma_ in PLEDGES or a.lower_ in POTENTIAL for a in token.ancestors):
        return True  # "an agreement to share warnings about attacks on public institutions"
    if token.pos_ == "VERB":
        return token.dep_ in ("acl", "amod") or any(
            c.dep_ == "auxpass" and c.tag_ in ("VBP", "VBZ") or c.dep_ == "mark" and c.lower_ in ("whether", "if")
            for c in token.children
        )
    return token.dep_ == "nsubj" and token.tag_ == "NNS" and token.head.tag_ in ("VBP", "VBZ")


def _label(talk: Discourse, head: Token) -> tuple[int, int]:
    """The description without what is coordinated with it; a place the parse hung on the attack instead
    ('attacks against financial institutions in Southeast Asia') is the victim's."""
    start, end = description(head)
    cut = [t.idx for c in head.children if c.dep_ in ("conj", "cc") for t in c.subtree]
    end = min([end, *(i for i in cut if i > head.idx)])
    after = head.right_edge.i + 1
    place = head.doc[after] if after < len(head.doc) else None
    if (
        place is not None
        and place.lower_ == "in"
        and place.head.i == head.head.head.i
        and any(c.dep_ == "pobj" and c.pos_ == "PROPN" for c in place.children)
    ):
        end = place.right_edge.idx + len(place.right_edge)
    return start, len(talk.out.article.text[:end].rstrip(" ,"))


def _describes_a_name(s: Sentence, head: Token) -> bool:
    """An apposition after a name, or what the parse took for a conjunct: 'X, Y's state-owned oil company'
    (one body, described by its owner's possessive right after the name and a comma)."""
    named = any(m.start <= head.head.idx < m.end for m in s.mentions if m.kind in ACTORS[:3])
    conj = head.dep_ == "conj" and head.tag_ == "NN" and any(c.dep_ == "poss" for c in head.children)
    comma = head.doc[head.left_edge.i - 1].text == "," if head.left_edge.i > 0 else False
    return named and (head.dep_ == "appos" or conj and comma)


def described_victims(talk: Discourse, s: Sentence) -> list[tuple[Token, list[str]]]:
    """(cue, collective victims) the sentence describes; the collectives are made as it finds them."""
    found = []
    cued = not s.words().isdisjoint(ATTACK_WORDS)  # _described_heads finds none without an attack word
    for token in cast("Span", s.span) if cued else ():
        heads = _described_heads(token)  # first: most words are no attack word, and the tests below walk the parse
        if (
            not heads
            or negated(token)
            or (token.head.pos_ == "VERB" and negated(token.head))
            or _generic(token)
            or any(a <= token.idx < b for a, b in talk.quotes)
        ):  # a quote's words are the speaker's view
            continue
        victims = []
        for head in heads:
            if not _qualified(s, head) or any(m.start <= head.idx < m.end and m.kind in ACTORS[:3] for m in s.mentions):
                continue
            if _describes_a_name(s, head):
                continue  # "X, Saudi Arabia's state-owned oil company": a name's description, not another victim
            start, end = _label(talk, head)
            victims.append(talk.group(talk.out.article.text[start:end], start, end, s).entity)
        if victims:
            found.append((token, victims))
    return found


PRODUCTS = {"software", "product", "products", "program", "programs", "platform", "app", "apps", "service", "services"}


def _described(s: Sentence, t: Token) -> bool:
    """A class of bodies no name covers ('EU private companies'); 'the OPCW agency' is the OPCW."""
    if t.lower_ not in DESCRIBED_HEADS or any(m.start <= t.idx < m.end and m.kind in ACTORS[:3] for m in s.mentions):
        return False
    return t.tag_ == "NNS" or not any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in t.children)


@cache
def people_of_states() -> dict[str, str]:
    """'Singaporeans', 'Americans': a state's people in the plural (its demonym and an s) -> the gazetteer id."""
    return {
        f"{d}s".lower(): state["id"]
        for state in gazetteer("states")
        for d in state.get("demonyms", [])
        if not d.endswith(("s", "sh", "ch", "ese", "i"))
    }


def _people_of_a_state(talk: Discourse, s: Sentence, t: Token) -> list[str]:
    """'the records of 1.5 million Singaporeans': a state's people in the plural stand for the state."""
    found = people_of_states().get(t.lower_) if t.tag_ in ("NNS", "NNPS") and t.text[:1].isupper() else None
    if found is None or any(m.start <= t.idx < m.end for m in s.mentions):
        return []
    state = talk.extractor.state_ids.get(found, found)
    talk.out.mentions.append(Mention(state, "State", talk.name(state), s.text, t.idx, t.idx + len(t), 0.6))
    return [state]


def frame_victims(talk: Discourse, s: Sentence, heads: list[Token]) -> list[str]:
    """The victims the patient heads of a frame name (graph.extract_patients): a class of bodies no name
    covers is a described collective when qualified ('the social security agency', 'EU private companies'),
    anything else the name it is, holds or belongs to; a state only as itself, not as where a body is."""
    tokens = with_examples(heads + [o for h in with_examples(heads) for o in owned(h)])
    tokens = list(dict.fromkeys(x for t in tokens for x in expand(t)))  # "banks and exchanges": each
    victims = [p for t in tokens if (p := pronoun_owner(s, t)) is not None]  # "documents from her office"
    described = [t for t in tokens if _described(s, t)]
    for t in described:
        definite = any(c.lower_ == "the" for c in t.children) and any(c.dep_ == "compound" for c in t.children)
        if _qualified(s, t) or definite:  # "the social security agency": one body, by its kind
            start, end = _label(talk, t)
            end -= 2 if talk.out.article.text[end - 2 : end] in ("'s", "’s") else 0  # "the agency's system"
            victims.append(talk.group(talk.out.article.text[start:end], start, end, s).entity)
    inside = [(t.left_edge.idx, t.idx + len(t)) for t in described]  # "South Korean railway workers": not the state
    for t in (t for t in tokens if t not in described and (t.lower_ not in PRODUCTS or t.pos_ == "PROPN")):  # a named Service
        victims += _people_of_a_state(talk, s, t)
        if t.lower_ in THINGS:  # "hack Swiss targets", "dams across Iran": the state's
            where = state_modifiers(t) + places(t)
            victims += [m.entity for m in mentions_of(s, where, ("State",))]
        victims += [
            m.entity
            for m in mentions_of(s, [t], ACTORS[:3])
            if not describes_another(s, m) and not any(a <= m.start < b for a, b in inside)
        ]
    return list(dict.fromkeys(victims))
