"""Attribution frames read from the parse: a cue lemma with the dependency roles that fill a claim's roles, in the
active, passive and nominal forms news writing uses (graph.extract_claim_story makes the facts, after the claim
rules of graph.extract_relations and graph.extract_claims; graph.extract_claim_acts reads the naming and charging
acts). Each is a rule of English:

- claim.frame: a punitive act for an attack blames its target — 'X expelled / sanctioned / arrested Y for an
  attempt to hack Z', 'X suspects Y of the hack' (active: the subject claims, the object is blamed; passive: the
  agent claims; a theft only in a sentence about computers); 'X imposed sanctions against hackers, targeting A
  and B'; 'Y was behind / responsible for the breach' or 'engaged in stealing' when Y is a group the text only
  describes ('a sophisticated state actor'); 'it was the work of Y', 'the attack bore the hallmarks of Y';
  'attacks associated with Y', 'the attack was tied / traced to Y'.
- claim.means: an actor that does an attack through a purpose or means clause — 'X used servers to hack into
  Y', 'X raised money from stealing …'.
- 'it' as a reporter is the organisation the sentence names for it ('In the X statement, it said …', 'X said it
  had expelled …'); a claim noun's maker ('Britain's accusation that …'), or none ('what it called accusations
  that X …').
Negated, pledged or merely possible acts make none (graph.extract_claim_roles.denied_or_negated, modals)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cyberkg.graph.extract_claim_forms import attack_thing
from cyberkg.graph.extract_claim_roles import (
    CLAIM_NOUNS,
    CLAIM_VERBS,
    Kinds,
    blamed_phrase,
    by_agents,
    conjuncts,
    cue_tokens,
    denied_or_negated,
    mention_at,
    noun_phrase,
    phrase_mention,
    reporter,
    sentence_tokens,
)
from cyberkg.graph.extract_claim_sponsors import MODALS
from cyberkg.graph.extract_parse import ATTACK_VERBS, SAY_LEMMAS, SUBJECTS

if TYPE_CHECKING:
    from spacy.tokens import Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence
    from cyberkg.graph.extract_types import Mention

# Acts that punish or single out someone: with 'for / over' an attack, their target is blamed.
PUNISHING = {
    "expel",
    "sanction",
    "arrest",
    "punish",
    "prosecute",
    "convict",
    "detain",
    "extradite",
    "name",
    "identify",
    "charge",
    "indict",
    "target",
    "suspect",  # "X suspects Y of the hack"
}
GROUNDS_PREPS = {"for", "over"}
# Common nouns for people or groups who may be blamed while the text does not name them.
ACTOR_NOUNS = {
    "actor",
    "actors",
    "hackers",
    "hacker",
    "attackers",
    "agents",
    "officers",
    "operatives",
    "spies",
    "individuals",
    "members",
    "nationals",
    "criminals",
    "group",
    "groups",
    "gang",
    "unit",
    "cybercriminals",
}
GROUP_NOUNS = {"group", "groups", "gang", "unit", "crew", "cell"}
MEMBERSHIP_PREPS = {"of", "in", "from"}  # "members of X", "five people in X's Unit 1", "agents from X"
DOCUMENTS = {
    "indictment",
    "indictments",
    "charges",
    "complaint",
    "report",
    "list",
    "statement",
    "filing",
    "document",
    "documents",
    "memo",
    "findings",
}
PRONOUNS = {"it", "they"}
HALLMARKS = {"hallmarks", "hallmark", "signature", "signatures", "fingerprints", "trademarks"}
ENGAGED = {"engage", "involve"}
ASSOCIATING = {"associate", "link", "tie", "connect", "attribute", "trace", "pin"}


ATTACKERS = {"attackers", "attacker", "hackers", "hacker", "intruders"}


def attack_in(tokens: list[Token]) -> bool:
    return any(attack_thing(t) or t.lemma_ in ATTACK_VERBS or t.lower_ in ATTACKERS or t.lower_ == "hacking" for t in tokens)


def possible(token: Token) -> bool:
    """Merely possible or pledged: 'could be used', 'will expel'."""
    return any(c.dep_ == "aux" and c.lower_ in MODALS for c in token.children)


def described(talk: Discourse, s: Sentence, token: Token) -> Mention | None:
    """A group the text describes, not names ('a sophisticated state actor', 'four GRU agents'): a phrase with
    an actor noun as head and a word that is neither a determiner nor a number before it."""
    if token.lower_ not in ACTOR_NOUNS or token.pos_ not in ("NOUN", "PROPN"):
        return None
    start, end = noun_phrase(token)
    words = [t for t in token.subtree if start <= t.idx < end and t.i < token.i]
    if not any(t.dep_ not in ("det", "nummod", "predet", "punct", "cc") and not t.like_num for t in words):
        return None  # "five people", "the hackers": nobody in particular
    if any(t.is_quote for t in words) or any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in token.children):
        return None  # a quoted job title, not a group's description; "no state actor" is nobody
    if token.lower_ in GROUP_NOUNS and any(m.kind != "State" and start <= m.start and m.end <= end for m in s.mentions):
        return None  # "the LockBit gang" is LockBit; "GRU agents" are people of the GRU
    return talk.group(s.doc_text[start:end], start, end, s)


def blamed_np(talk: Discourse, s: Sentence, token: Token, kinds: Kinds) -> list[Mention]:
    """Who a blamed noun phrase names, each conjunct: its mention; the body it is 'of / in' ('members of the X
    military', 'people in X's Unit 1'); an organisation named inside it ('GRU agents'); a described group."""
    found: list[Mention] = []
    for t in conjuncts(token):
        m = mention_at(s, t, kinds)
        if m is not None:  # the head itself is named
            found.append(m)
            continue
        m = blamed_phrase(s, t, kinds)  # a demonym under an official noun, 'a group dubbed X'
        owners = [
            g for c in t.children if c.dep_ == "prep" and c.lower_ in MEMBERSHIP_PREPS for g in c.children if g.dep_ == "pobj"
        ]
        owned = [x for o in owners if (x := blamed_phrase(s, o, kinds)) is not None]
        inside = [
            x
            for x in s.mentions
            if x.kind in ("Organisation", "Collective") and t.left_edge.idx <= x.start and x.end <= t.idx + len(t)
        ]
        group = None if owned else described(talk, s, t)  # "a unit of X" is X's
        if m is not None and group is not None and not (m.start <= group.start < m.end):
            group = None  # "a hacker group known as X" is X
        found += [x for x in [*owned, *inside, *([group] if group else [])] if x not in found]
        if m is not None and not found:
            found.append(m)
    return found


def _pronoun_owner(s: Sentence, verb: Token, kinds: Kinds) -> Mention | None:
    """Who 'it' / 'they' is as the subject of a reporting verb: the organisation of an 'In the X statement'
    phrase of the same verb, else the named subject of a reporting verb above ('X said it had …')."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"):
        named = [
            m
            for m in s.mentions
            if m.kind in ("Organisation", "State") and prep.left_edge.idx <= m.start and m.end <= prep.right_edge.idx + 1
        ]
        if named:
            return max(named, key=lambda m: m.end - m.start)
    t = verb
    for _ in range(4):
        if t.head.i == t.i:
            return None
        t = t.head
        if t.lemma_ in SAY_LEMMAS or t.lemma_ in CLAIM_VERBS:
            subjects = [c for c in t.children if c.dep_ == "nsubj" and c.lower_ not in PRONOUNS]
            m = phrase_mention(s, subjects[0], kinds) if subjects else None
            if m is not None and m.kind in ("Organisation", "State"):
                return m
    return None


def claimant_of(talk: Discourse, s: Sentence, verb: Token, kinds: Kinds) -> Mention | None:
    """The one who makes the claim at `verb`: its subject (a pronoun resolved), else the reporting verb's above."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    subjects += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    for subject in subjects[:1]:
        if subject.lower_ in PRONOUNS:
            return _pronoun_owner(s, verb, kinds)
        m = phrase_mention(s, subject, kinds)
        if m is not None:
            return m
    found, _ = reporter(talk, s, verb.head if verb.head.i != verb.i else verb, kinds)
    return found


THEFT = {"steal", "stole", "stolen", "stealing", "theft", "thefts", "heist"}
CYBER = re.compile(
    r"\b(?:hack\w*|cyber\w*|breach\w*|intrusion\w*|malware|ransomware|data|networks?|computers?|servers?|"
    r"online|digital|crypto\w*|e-?mails?|passwords?|secrets|espionage|information)\b",
    re.I,
)


def _cyber(s: Sentence, grounds: list[Token]) -> bool:
    """A theft is a cyber one only in a sentence about computers: 'for stealing secrets through hacking', not 'for
    stealing cars'; other attack words are enough."""
    words = [t for g in grounds for t in g.subtree]
    if any(attack_in([t]) and t.lemma_ not in THEFT and t.lower_ not in THEFT for t in words):
        return True
    return bool(CYBER.search(s.text))


def punishing_roles(talk: Discourse, s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention], Mention | None] | None:
    """(cue, blamed, claimant) for 'X expelled / sanctioned / named Y for (an attempt at) an attack' and its
    passive 'Y were named for their roles in the attack (by X)'."""
    for token in cue_tokens(s, PUNISHING):
        if token.pos_ != "VERB" or token.lemma_ not in PUNISHING or denied_or_negated(token) or possible(token):
            continue
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)
        objects = [c for c in token.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
        grounds = [c for h in (token, *objects) for c in h.children if c.dep_ == "prep" and c.lower_ in GROUNDS_PREPS]
        grounds += [
            c
            for h in (token, *objects)
            for c in h.children
            if c.dep_ == "prep" and c.lower_ == "of" and token.lemma_ == "suspect"
        ]
        if not objects or not any(attack_in(list(g.subtree)) for g in grounds) or not _cyber(s, grounds):
            continue
        blamed = [m for o in objects for m in blamed_np(talk, s, o, kinds)]
        if blamed:
            named_by = not passive or any(c.dep_ == "agent" for c in token.children)  # "are named for …": by whom?
            return token, blamed, claimant_of(talk, s, token, kinds) if named_by else None
    return None


PENALTIES = {"sanctions", "penalties", "sanction"}
IMPOSING = {"impose", "announce", "slap", "level", "adopt", "place", "put", "approve"}


def sanction_roles(talk: Discourse, s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention], Mention | None] | None:
    """(cue, blamed, claimant) for 'X imposed sanctions against / on hackers (for an attack), targeting A and B':
    the sanctions' targets (A and B, else the ones they are against) are blamed by who imposes them."""
    for token in cue_tokens(s, PENALTIES):
        verb = token.head
        if token.lower_ not in PENALTIES or token.dep_ != "dobj" or verb.lemma_ not in IMPOSING or denied_or_negated(verb):
            continue
        if possible(verb):
            continue
        against = [
            g
            for h in (token, verb)
            for c in h.children
            if c.dep_ == "prep" and c.lower_ in ("against", "on", "for", "over")
            for g in c.children
            if g.dep_ == "pobj"
        ]
        if not any(attack_in(list(g.subtree)) for g in against):
            continue
        aimed = [
            g
            for h in (token, verb)
            for c in h.children
            if c.dep_ in ("advcl", "acl", "xcomp") and c.lemma_ == "target"
            for g in c.children
            if g.dep_ == "dobj"
        ]
        heads = aimed or [g for g in against if g.head.lower_ in ("against", "on")]
        blamed = [m for h in heads for m in blamed_np(talk, s, h, kinds)]
        if blamed:
            return token, blamed, claimant_of(talk, s, verb, kinds)
    return None


def _associated_attack(token: Token) -> bool:
    """'attacks associated with X' (a participle on the attack noun), 'the attack has been tied / traced to X',
    'investigators traced the breach to X'."""
    if token.dep_ == "acl":
        return attack_thing(token.head)
    return any(c.dep_ in ("nsubjpass", "dobj") and attack_thing(c) for c in token.children)


def _relative(s: Sentence, pronoun: Token, kinds: Kinds) -> Mention | None:
    """', which was behind …': a non-restrictive relative clause is about the name just before its comma, wherever
    the parse hung it."""
    if pronoun.tag_ not in ("WDT", "WP") or pronoun.lower_ not in ("which", "who"):
        return None
    before = [m for m in s.top if m.kind in kinds and s.doc_text[m.end : pronoun.idx].strip() == ","]
    return before[0] if before else None


def _of_objects(token: Token) -> list[Token]:
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]


def _behind(talk: Discourse, s: Sentence, token: Token, kinds: Kinds) -> list[Mention]:
    """'a sophisticated state actor was behind / responsible for the breach', ', which was behind …'."""
    be = token.head
    if token.lower_ not in ("behind", "responsible") or be.lemma_ != "be" or token.dep_ not in ("prep", "acomp"):
        return []
    if denied_or_negated(be) or possible(be):
        return []
    subjects = [c for c in be.children if c.dep_ == "nsubj"]
    return [g for c in subjects if (g := described(talk, s, c) or _relative(s, c, kinds)) is not None]


def _engaged(talk: Discourse, s: Sentence, token: Token, kinds: Kinds) -> list[Mention]:
    """'a nation-state actor engaged in stealing …'."""
    if token.lower_ not in ACTOR_NOUNS or denied_or_negated(token):
        return []
    if not any(c.dep_ == "acl" and c.lemma_ in ENGAGED and attack_in(list(c.subtree)) for c in token.children):
        return []
    group = described(talk, s, token)
    return [group] if group is not None else []


def _hallmarks(talk: Discourse, s: Sentence, token: Token, kinds: Kinds) -> list[Mention]:
    """'the attack bore the hallmarks of X'."""
    if token.lower_ not in HALLMARKS or token.dep_ != "dobj" or token.head.lemma_ not in ("bear", "have", "carry", "show"):
        return []
    if denied_or_negated(token.head) or not any(c.dep_ == "nsubj" and attack_thing(c) for c in token.head.children):
        return []
    return [m for d in _of_objects(token) for m in blamed_np(talk, s, d, kinds)]


def _work_of(talk: Discourse, s: Sentence, token: Token, kinds: Kinds) -> list[Mention]:
    """'it was the work of Iranian hackers'."""
    if token.lower_ != "work" or token.dep_ != "attr" or token.head.lemma_ != "be" or denied_or_negated(token.head):
        return []
    return [m for d in _of_objects(token) for m in blamed_np(talk, s, d, kinds)]


def _associated(talk: Discourse, s: Sentence, token: Token, kinds: Kinds) -> list[Mention]:
    """'attacks associated with X', 'the attack was tied to X', 'investigators traced the breach to X'."""
    if token.lemma_ not in ASSOCIATING or not _associated_attack(token) or denied_or_negated(token):
        return []
    things = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass") and attack_thing(c)]  # "traced the attack to X"
    doers = [
        g
        for h in (token, *things)
        for c in h.children
        if c.dep_ in ("prep", "agent") and c.lower_ in ("with", "to", "by")
        for g in c.children
    ]
    return [m for d in doers if d.dep_ == "pobj" for m in blamed_np(talk, s, d, kinds)]


def _attacks_from(talk: Discourse, s: Sentence, token: Token, kinds: Kinds) -> list[Mention]:
    """'came under attacks from Russia-linked hackers': the described group the attacks come from."""
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ != "from" or not attack_thing(prep.head) or denied_or_negated(prep.head):
        return []
    return blamed_np(talk, s, token, kinds)


# the words each reading of described_roles first tests a token for (lower-cased form or lemma)
DESCRIBED_CUES = frozenset({"behind", "responsible", "work", *ACTOR_NOUNS, *HALLMARKS, *ASSOCIATING})


def described_roles(talk: Discourse, s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention]] | None:
    """(cue, blamed) for a described group behind an attack, the work or hallmarks of X, attacks associated with X."""
    for token in cue_tokens(s, DESCRIBED_CUES):
        for reading in (_behind, _engaged, _hallmarks, _work_of, _associated, _attacks_from):
            blamed = reading(talk, s, token, kinds)
            if blamed:
                return token, blamed
    return None


MEANS_DEPS = ("xcomp", "advcl", "pcomp", "pobj", "prep")
MEANS_ATTACKS = ATTACK_VERBS - {"target"}  # "imposed sanctions, targeting X": aimed at, no attack


def means_roles(s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention]] | None:
    """(cue, doers) for an attack verb with no subject of its own under a verb whose subject acts through it:
    'X used servers to hack into Y', 'X raised money from stealing funds' (not passive, negated or possible)."""
    for token in cue_tokens(s, MEANS_ATTACKS):
        if token.pos_ != "VERB" or token.lemma_ not in MEANS_ATTACKS or any(c.dep_ in SUBJECTS for c in token.children):
            continue
        t = token
        for _ in range(3):
            if t.dep_ not in MEANS_DEPS or t.head.i == t.i:
                break
            t = t.head
            if t.pos_ in ("VERB", "AUX") and t.dep_ != "relcl":
                break
        if t is token or t.pos_ not in ("VERB", "AUX") or t.lemma_ in CLAIM_VERBS or t.lemma_ in SAY_LEMMAS:
            continue
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children) or denied_or_negated(t) or possible(t):
            continue
        doers = [m for c in t.children if c.dep_ == "nsubj" for x in conjuncts(c) if (m := mention_at(s, x, kinds)) is not None]
        if doers:
            return token, doers
    return _through_attacks(s, kinds)


GAINING = {
    "acquire",
    "raise",
    "earn",
    "obtain",
    "generate",
    "amass",
    "gather",
    "collect",
    "fund",
    "finance",
    "gain",
    "make",
    "spy",
}


def _through_attacks(s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention]] | None:
    """'X has acquired $2 billion through / via cyberattacks': the subject of the verb the attacks are the means of."""
    for token in cue_tokens(s, ("through", "via")):
        verb = token.head
        if token.lower_ not in ("through", "via") or verb.pos_ != "VERB" or verb.lemma_ not in GAINING:
            continue
        if not any(g.dep_ == "pobj" and attack_thing(g) for g in token.children) or denied_or_negated(verb) or possible(verb):
            continue
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
            continue
        doers = [
            m for c in verb.children if c.dep_ == "nsubj" for x in conjuncts(c) if (m := mention_at(s, x, kinds)) is not None
        ]
        if doers:
            return token, doers
    return None


def negated_word(token: Token) -> bool:
    return token.dep_ == "neg" or token.lower_ in ("no", "never")


def claim_noun_maker(s: Sentence, at: int, kinds: Kinds) -> tuple[bool, Mention | None]:
    """(whether the mention at `at` lies in what a claim noun says, who the noun names as its maker): 'Britain's
    accusation that X hacked …' is Britain's; 'what it called accusations that X …', 'allegations that X …' are
    nobody's the sentence names."""
    token = next((t for t in sentence_tokens(s) if t.idx == at), None)
    for _ in range(6):
        if token is None or token.head.i == token.i:
            return False, None
        token = token.head
        if token.lower_ in CLAIM_NOUNS:
            makers = [c for c in token.children if c.dep_ == "poss"] + by_agents(token)
            makers += [g for c in token.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"]
            return True, next((m for c in makers if (m := phrase_mention(s, c, kinds)) is not None), None)
        if token.pos_ == "VERB" and (token.lemma_ in SAY_LEMMAS or token.lemma_ in CLAIM_VERBS):
            return False, None
    return False, None
    return False
