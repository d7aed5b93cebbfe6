"""Attribution frames read from the parse: a cue lemma with the dependency roles that fill a claim's roles, in the
active, passive and nominal forms news writing uses (graph.extract_claim_story makes the facts, after the claim
rules of graph.extract_relations and graph.extract_claims). Each is a rule of English:

- claim.frame: a punitive act for an attack blames its target — 'X expelled / sanctioned / arrested / named
  Y for an attempt to hack Z' (active: the subject claims, the object is blamed; passive: the agent claims);
  'X imposed sanctions against hackers, targeting A and B'; 'Y was behind / responsible for the breach' and
  'it was the work of Y' when Y is a group the text only describes ('a sophisticated state actor'); 'attacks
  associated with / linked to Y'.
- claim.means: an actor that does an attack through a purpose or means clause — 'X used servers to hack into
  Y', 'X raised money from stealing …'.
- 'the charges were filed against A, B and C' (read here, added to the last claim by claim.continued); 'it' as
  a reporter is the organisation the sentence names for it ('In the X statement, it said …', 'X said it had
  expelled …'); a claim noun nobody is named making ('what it called accusations that X …').
Negated, pledged or merely possible acts make none (graph.extract_claim_roles.denied_or_negated, modals)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cyberkg.graph.extract_claim_forms import CHARGE_NOUNS, attack_thing
from cyberkg.graph.extract_claim_roles import (
    CLAIM_NOUNS,
    CLAIM_VERBS,
    MODALS,
    Kinds,
    blamed_phrase,
    by_agents,
    conjuncts,
    denied_or_negated,
    mention_at,
    noun_phrase,
    phrase_mention,
    reporter,
    sentence_tokens,
)
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
ENGAGED = {"engage", "involve"}
ASSOCIATING = {"associate", "link", "tie", "connect", "attribute", "trace", "pin"}


ATTACKERS = {"attackers", "attacker", "hackers", "hacker", "intruders"}


def attack_in(tokens: list[Token]) -> bool:
    return any(attack_thing(t) or t.lemma_ in ATTACK_VERBS or t.lower_ in ATTACKERS or t.lower_ == "hacking" for t in tokens)


def _possible(token: Token) -> bool:
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


def punishing_roles(talk: Discourse, s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention], Mention | None] | None:
    """(cue, blamed, claimant) for 'X expelled / sanctioned / named Y for (an attempt at) an attack' and its
    passive 'Y were named for their roles in the attack (by X)'."""
    for token in sentence_tokens(s):
        if token.pos_ != "VERB" or token.lemma_ not in PUNISHING or denied_or_negated(token) or _possible(token):
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
        if not objects or not any(attack_in(list(g.subtree)) for g in grounds):
            continue
        blamed = [m for o in objects for m in blamed_np(talk, s, o, kinds)]
        if blamed:
            named_by = not passive or any(c.dep_ == "agent" for c in token.children)  # "are named for …": by whom?
            return token, blamed, claimant_of(talk, s, token, kinds) if named_by else None
    return None


def attribution_noun(s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention], Mention | None] | None:
    """(cue, blamed, claimant) for 'X's attribution of the attack to Y' / 'the attribution of the hack to Y by X'."""
    for token in sentence_tokens(s):
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
    for token in sentence_tokens(s):
        if token.pos_ != "VERB" or token.lemma_ != "hold" or denied_or_negated(token) or _possible(token):
            continue
        for verdict in (c for c in token.children if c.lower_ in ("responsible", "accountable")):
            if not any(attack_in(list(g.subtree)) for g in verdict.children if g.dep_ == "prep" and g.lower_ == "for"):
                continue
            held = [c for c in token.children if c.dep_ == "dobj"] + [c for c in verdict.children if c.dep_ == "nsubj"]
            blamed = [m for h in held for m in blamed_np(talk, s, h, kinds)]
            if blamed:
                return token, blamed, claimant_of(talk, s, token, kinds)
    return None


PENALTIES = {"sanctions", "penalties", "sanction"}
IMPOSING = {"impose", "announce", "slap", "level", "adopt", "place", "put", "approve"}


def sanction_roles(talk: Discourse, s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention], Mention | None] | None:
    """(cue, blamed, claimant) for 'X imposed sanctions against / on hackers (for an attack), targeting A and B':
    the sanctions' targets (A and B, else the ones they are against) are blamed by who imposes them."""
    for token in sentence_tokens(s):
        verb = token.head
        if token.lower_ not in PENALTIES or token.dep_ != "dobj" or verb.lemma_ not in IMPOSING or denied_or_negated(verb):
            continue
        if _possible(verb):
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
        if denied_or_negated(token) or _possible(token):
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


def _relative(s: Sentence, pronoun: Token, kinds: Kinds) -> Mention | None:
    """', which was behind …': a non-restrictive relative clause is about the name just before its comma, wherever
    the parse hung it."""
    if pronoun.tag_ not in ("WDT", "WP") or pronoun.lower_ not in ("which", "who"):
        return None
    before = [m for m in s.top if m.kind in kinds and s.doc_text[m.end : pronoun.idx].strip() == ","]
    return before[0] if before else None


def described_roles(talk: Discourse, s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention]] | None:
    """(cue, blamed) for 'a sophisticated state actor was behind / responsible for the breach' and 'it was the
    work of Iranian hackers', 'attacks associated with X'."""
    for token in sentence_tokens(s):
        be = token.head
        if token.lower_ in ("behind", "responsible") and be.lemma_ == "be" and token.dep_ in ("prep", "acomp"):
            if denied_or_negated(be) or _possible(be):
                continue
            subjects = [c for c in be.children if c.dep_ == "nsubj"]
            blamed = [g for c in subjects if (g := described(talk, s, c) or _relative(s, c, kinds)) is not None]
            if blamed:
                return token, blamed
        elif token.lower_ in ACTOR_NOUNS and any(
            c.dep_ == "acl" and c.lemma_ in ENGAGED and attack_in(list(c.subtree)) for c in token.children
        ):  # "a nation-state actor engaged in stealing …"
            group = described(talk, s, token)
            if group is not None and not denied_or_negated(token):
                return token, [group]
        elif token.lower_ == "work" and token.dep_ == "attr" and be.lemma_ == "be" and not denied_or_negated(be):
            doers = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
            blamed = [m for d in doers for m in blamed_np(talk, s, d, kinds)]
            if blamed:
                return token, blamed
        elif token.lemma_ in ASSOCIATING and _associated_attack(token) and not denied_or_negated(token):
            doers = [
                g
                for c in token.children
                if c.dep_ in ("prep", "agent") and c.lower_ in ("with", "to", "by")
                for g in c.children
                if g.dep_ == "pobj"
            ]
            blamed = [m for d in doers for m in blamed_np(talk, s, d, kinds)]
            if blamed:
                return token, blamed
    return None


def self_claims(s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention]] | None:
    """(cue, claimers) for a group that claims an attack itself: 'the group X claimed the attack on Y', 'X said it
    was behind the attack' ('it' / 'they' / 'we' as the speaker)."""
    for token in sentence_tokens(s):
        if token.pos_ != "VERB" or token.lemma_ not in SAY_LEMMAS or denied_or_negated(token) or _possible(token):
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


MEANS_DEPS = ("xcomp", "advcl", "pcomp", "pobj", "prep")
MEANS_ATTACKS = ATTACK_VERBS - {"target"}  # "imposed sanctions, targeting X": aimed at, no attack


def means_roles(s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention]] | None:
    """(cue, doers) for an attack verb with no subject of its own under a verb whose subject acts through it:
    'X used servers to hack into Y', 'X raised money from stealing funds' (not passive, negated or possible)."""
    for token in sentence_tokens(s):
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
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children) or denied_or_negated(t) or _possible(t):
            continue
        doers = [m for c in t.children if c.dep_ == "nsubj" for x in conjuncts(c) if (m := mention_at(s, x, kinds)) is not None]
        if doers:
            return token, doers
    return None


def warrant_roles(s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention], Mention | None] | None:
    """(cue, accused, claimant) for 'X issued an arrest warrant / charges for / against Y' with no attack named:
    the caller reads it only in a story about an attack ('the warrant for Y' is for that attack)."""
    for token in sentence_tokens(s):
        if token.lower_ not in CHARGE_NOUNS or token.pos_ != "NOUN" or denied_or_negated(token):
            continue
        accused = [
            g
            for c in token.children
            if c.dep_ == "prep" and c.lower_ in ("against", "for")
            for g in c.children
            if g.dep_ == "pobj" and g.pos_ == "PROPN"
        ]
        blamed = [m for a in accused for x in conjuncts(a) if (m := mention_at(s, x, kinds)) is not None and m.kind == "Person"]
        verb = token.head if token.dep_ == "dobj" and token.head.lemma_ in BRINGING else None
        if blamed and verb is not None and not _possible(verb):
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            return token, blamed, phrase_mention(s, subjects[0], kinds) if subjects else None
    return None


BRINGING = {"file", "bring", "level", "lodge", "press", "unseal", "announce", "return", "issue"}


def filed_against(talk: Discourse, s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention], Mention | None] | None:
    """(cue, accused, claimant) for 'the charges were filed / brought against A, B and C (by X)'."""
    for token in sentence_tokens(s):
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
