"""Incidents and claims read from the model's dependency parse (rules incident.parse, claim.parse):

- Incidents: an attack as a verb ('X hacked Y', passive 'Y was hacked by X'), as a noun ('the hacking of Y
  by X', "Y's breach", 'attacks on Y', 'Russian hackers'), with its victims and doers; negated, pledged or
  merely possible attacks make none, and a state named only to describe the victim ('a Vietnamese bank')
  is not the victim.
- Claims: 'X was behind …', 'X is responsible for …', 'X is suspected of …', 'Y accused X of …',
  'prosecutors charged X with …', 'sanctioned X over the hacking of Y', with the claimant.
"""

from __future__ import annotations

from collections.abc import Container
from typing import TYPE_CHECKING, Any, cast

from cyberkg.graph.extract_access import access_roles
from cyberkg.graph.extract_labels import PLACEHOLDER
from cyberkg.graph.extract_lexicon import RELATIONAL, TRYING
from cyberkg.graph.extract_syntax import BLAMEABLE, SAY_LEMMAS, SUBJECTS, mentions_of, negated
from cyberkg.graph.extract_targets import MEASURE_NOUNS

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence
    from cyberkg.graph.extract_types import Mention


ATTACK_NOUNS = {
    "hack",
    "hacking",
    "breach",
    "attack",
    "cyberattack",
    "cyber-attack",
    "intrusion",
    "heist",
    "theft",
    "sabotage",
    "leak",
    "compromise",
    "infiltration",
    "espionage",
    "operation",
    "operations",
    "attacks",
    "cyberattacks",
    "breaches",
    "intrusions",
    "hacks",
    "thefts",
    "leaks",
    "offensive",
    "offense",
    "offence",
    "war",
    "warfare",
}


ATTACK_VERBS = {"hack", "breach", "attack", "infiltrate", "penetrate", "compromise", "steal", "sabotage", "leak", "target"}


SUSPECTED = {"suspected", "alleged", "apparent", "reported", "presumed"}  # a particular incident, not yet proven


PLEDGES = {
    "agree",
    "pledge",
    "vow",
    "refrain",
    "cease",
    "stop",
    "prevent",
    "protect",
    "defend",
    "deter",
    "promise",
    "commit",
    "ban",
    "prohibit",
    "counter",
    "fight",
    "combat",
}


_OPERATION_NEEDS = {"cyber", "hacking", "offensive"}  # "operation" is an incident only as a cyber operation


# Attacks with weapons or words, not on computers: "a chemical weapons attack on X", "a political attack".
KINETIC = {
    "chemical",
    "weapons",
    "missile",
    "rocket",
    "bomb",
    "suicide",
    "terror",
    "terrorist",
    "military",
    "air",
    "drone",
    "artillery",
    "armed",
    "physical",
    "knife",
    "gun",
    "nuclear",
    "verbal",
    "political",
    "personal",
}
CYBER = {"cyber", "hacking", "ransomware", "malware", "computer", "online", "digital", "network", "phishing"}


def kinetic(cue: Token) -> bool:
    """An attack noun qualified as one with weapons or words ('a chemical weapons attack', 'a missile
    attack', 'a political attack'): no cyber incident. A cyberattack or a cyber attack stays one ('a military
    cyberattack')."""
    if cue.pos_ not in ("NOUN", "PROPN") or not bare_attack(cue):
        return False
    return any(
        c.dep_ in ("amod", "compound") and c.lower_ in KINETIC or any(g.lower_ in KINETIC for g in c.children if g.dep_ == "amod")
        for c in cue.children
    )


def bare_attack(cue: Token) -> bool:
    """'an attack on Trump': a bare 'attack' on a person is words or force, unless it is a cyber one."""
    return cue.lower_ in ("attack", "attacks") and not any(c.lower_ in CYBER for c in cue.children)


def measure_aim(token: Token) -> bool:
    """'imposed sanctions …, targeting X': the measure's targets, not an attack's victims."""
    head = token.head
    if token.lemma_ != "target":
        return False
    if head.lower_ in MEASURE_NOUNS or any(c.dep_ == "dobj" and c.lower_ in MEASURE_NOUNS for c in head.children):
        return True
    if any(c.dep_ == "nsubj" and c.lower_ in MEASURES for c in token.children):  # "the new measures target X"
        return True
    return token.dep_ in ("advcl", "acl", "xcomp", "conj") and any(c.lower_ in MEASURES for c in (head, *head.children))


LEAKED = {"document", "email", "file", "data", "datum", "record", "information", "cable", "message", "secret", "detail"}


def leaker(cue: Token, prep: Token) -> bool:
    """'the leaks of whistleblower X': 'of' after a leak names who leaked, unless it names what leaked
    ('the leak of X's emails': X's)."""
    return cue.lemma_ == "leak" and prep.lower_ == "of" and not any(g.lemma_ in LEAKED for g in prep.children)


def _generic(token: Token) -> bool:
    """Negated, pledged, prevented or merely possible: not an incident that happened."""
    t = token
    for _ in range(4):
        if (
            negated(t)
            or t.lemma_ in PLEDGES
            or any(c.lower_ in ("would", "could", "might", "will") and c.dep_ == "aux" for c in t.children)
        ):
            return True
        if t.head.i == t.i:
            break
        t = t.head
    return False


MEASURES = {"sanctions", "penalties", "measures", "restrictions", "sanction"}


ATTACK_CUE_WORDS = ATTACK_NOUNS | ATTACK_VERBS | {"break"}


def broke_into(token: Token) -> bool:
    """'spies had broken into X', 'broke into the servers of X': an intrusion, its victim after 'into'."""
    return token.lemma_ == "break" and any(c.dep_ == "prep" and c.lower_ == "into" for c in token.children)


def attack_roles(s: Sentence, span: Span, kinds: Container[str]) -> list[tuple[Token, list[Mention], list[Mention]]]:  # noqa: C901 - one branch per construction the docstring lists
    """(cue, victims, perpetrators) for each attack the parse shows: active 'X hacked Y', passive 'Y was
    hacked by X', nominal 'the hacking of Y by X', 'Y's breach', 'attacks on Y', 'Russian hackers'."""
    found = []
    victims: list[Any]  # the role tokens, then the mentions they name: one name for two types
    doers: list[Any]
    for token in span:
        verb = token.pos_ == "VERB" and token.dep_ not in ("amod", "acl", "compound")
        verb = verb and (token.lemma_ in ATTACK_VERBS or broke_into(token))
        noun = token.pos_ in ("NOUN", "PROPN") and token.lower_ in ATTACK_NOUNS
        if (
            noun
            and token.lower_ in ("operation", "operations", "offensive", "offense", "offence", "war", "warfare")
            and not any(c.lower_ in _OPERATION_NEEDS for c in token.children)
        ):
            continue  # a cyber operation or offensive, not any
        if any(m.kind == "Organisation" and m.start <= token.idx < m.end for m in s.mentions):
            continue  # a word of a name: "the 252nd Cyber Operations Group"
        if not (verb or noun) or _generic(token) or kinetic(token) or measure_aim(token):
            continue
        victims, doers = [], []
        if verb:
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)
            for c in token.children:
                if c.dep_ == "nsubjpass" or (c.dep_ == "dobj" and not passive):
                    victims.append(c)
                elif c.dep_ == "nsubj" and not passive:
                    doers.append(c)
                elif c.dep_ == "agent":
                    doers += [g for g in c.children if g.dep_ == "pobj"]
                elif c.dep_ == "prep" and c.lower_ in ("into", "from"):
                    victims += [g for g in c.children if g.dep_ == "pobj"]
            infinitive = token.dep_ == "xcomp" or token.dep_ == "advcl" and any(c.lower_ == "to" for c in token.children)
            if (
                infinitive and token.head.lemma_ in TRYING and not passive and not any(c.dep_ == "nsubj" for c in token.children)
            ):  # "X worked / conspired to steal …": X did it
                doers += [c for c in token.head.children if c.dep_ == "nsubj"]
        else:
            for c in token.children:
                if c.dep_ in ("poss", "compound"):
                    victims.append(c)
                elif c.dep_ == "prep" and c.lower_ in ("of", "on", "against", "into", "at", "targeting") and not leaker(token, c):
                    victims += [g for g in c.children if g.dep_ == "pobj" and g not in blamed_on(token)]
                elif c.dep_ == "prep" and (c.lower_ == "by" or _from_attackers(token, c)):
                    doers += [g for g in c.children if g.dep_ == "pobj"]
                elif c.dep_ == "amod":
                    doers.append(c)  # "Russian hacking"
            if token.dep_ == "dobj":  # "launched attacks against X": the parse hangs "against X" on the verb
                victims += [
                    g
                    for c in token.head.children
                    if c.dep_ == "prep" and c.lower_ in ("against", "on")
                    for g in c.children
                    if g.dep_ == "pobj"
                ]
        victims = [m for m in mentions_of(s, victims, kinds) if not _located_in(s, m, token)]
        victims = [m for m in victims if not (m.kind == "Person" and bare_attack(token))]
        if noun and token.lower_ in ("war", "warfare") and not victims:
            continue  # "the cyber war against X" is an attack on X; a cyber war in general is none
        doers = [m for m in mentions_of(s, doers, kinds) if m not in victims]
        definite = (
            noun
            and token.tag_ in ("NN", "NNP")
            and any(  # "the heist", "suspected sabotage"
                c.dep_ in ("det", "poss") or c.dep_ == "amod" and c.lower_ in SUSPECTED for c in token.children
            )
        )
        if victims or doers or definite or (verb and token.tag_ in ("VBD", "VBN")):  # a particular attack that happened
            found.append((token, victims, doers))
    return found


INSTITUTION_HEADS = {
    "bank",
    "banks",
    "company",
    "companies",
    "firm",
    "firms",
    "lender",
    "lenders",
    "operator",
    "broadcaster",
    "broadcasters",
    "newspaper",
    "hospital",
    "university",
    "exchange",
    "retailer",
    "insurer",
    "carrier",
    "utility",
    "business",
    "businesses",
    "shipbuilder",
    "contractor",
}


def _located_in(s: Sentence, m: Mention, cue: Token | None) -> bool:
    """'a Vietnamese commercial bank', 'Bangladesh Bank' (a name no gazetteer has): the state only says where
    the victim is; the victim is the institution, not the state."""
    if m.kind != "State":
        return False
    t = next((x for x in cast("Span", s.span) if x.idx == m.start), None)  # Sentence.span is typed object
    while t is not None and t.dep_ == "compound" and t.head.idx < m.end and t.head.i != t.i:
        t = t.head  # "South Korean": to the word that modifies
    at_cue = cue.i if cue is not None else -1
    if t is None or t.dep_ not in ("amod", "compound") or t.head.i == at_cue:
        return False
    head = t.head
    while head.dep_ in ("amod", "compound") and head.head.i != at_cue and head.head.i != head.i:
        head = head.head  # "Qatari natural gas giant RasGas": up to the name the words describe
    named = head.pos_ == "PROPN" and not m.start <= head.idx < m.end  # a name of its own, known or not
    return head.lower_ in INSTITUTION_HEADS or head.lower_ in RELATIONAL or named


def describes_another(s: Sentence, m: Mention) -> bool:
    """A state named only to describe the one attacked ('on US ally Albania', 'on Qatari gas giant RasGas')."""
    return _located_in(s, m, None)


def blamed_on(token: Token) -> list[Token]:
    """'blamed the attack on X', 'pinned the breach on X': the 'on' of an attack noun that a blame verb takes
    names who is blamed, not the victim."""
    if token.lower_ not in ATTACK_NOUNS or token.dep_ != "dobj" or token.head.lemma_ not in ("blame", "pin"):
        return []
    preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "on"]
    preps += [c for c in token.head.children if c.dep_ == "prep" and c.lower_ == "on"]
    return [g for c in preps[-1:] for g in c.children if g.dep_ == "pobj"]


def find_parse_incident(talk: Discourse, s: Sentence) -> tuple[str | None, str | None]:
    """An incident the parse shows, with its victims; its perpetrator for the claim rules. The discourse's
    incident takes the victims when there is one already."""
    if s.span is None:
        return None, None
    cued = not s.words().isdisjoint(ATTACK_CUE_WORDS)  # attack_roles first tests every token for an attack word
    roles = attack_roles(s, cast("Span", s.span), BLAMEABLE) if cued else []  # Sentence.span: object
    roles = roles or (access_roles(s, BLAMEABLE) if "access" in s.words() else [])  # "X gained access to Y's systems"
    for cue, victims, doers in roles:
        incident = talk.incident
        if incident is None:
            intrusion = ("breach", "intrusion", "infiltrate", "penetrate", "hack", "access", "break")
            cls = "CyberIntrusion" if cue.lemma_ in intrusion else "Incident"
            what = "intrusion" if cue.lemma_ == "access" else cue.lemma_ if cue.pos_ == "NOUN" else "attack"
            what = {"hack": "hacking", "steal": "theft"}.get(cue.lemma_, what) if cue.pos_ != "NOUN" else what
            incident = talk.new("Incident", cls, f"{what.capitalize()}{PLACEHOLDER}", s, 0.5, at=cue.idx)
            talk.incident = incident
        if victims:
            talk.relate(incident, "victim", [m.entity for m in victims], s, 0.5, rule="incident.parse")
        return incident, doers[0].entity if doers else None
    return None, None


SUSPECT_LEMMAS = {
    "suspect",
    "believe",
    "think",
    "link",
    "tie",
    "connect",
    "accuse",
    "blame",
    "charge",
    "indict",
    "sanction",
    "attribute",
}


def _antecedent(token: Token) -> Token:
    """The noun a relative pronoun subject stands for ('X, which was behind …' -> X); other tokens as they are."""
    if token.tag_ in ("WDT", "WP") and token.head.dep_ == "relcl":
        return token.head.head
    return token


FROM_DOERS = {"hackers", "hacker", "attackers", "actors", "group", "groups", "gang"}


def _from_attackers(attack: Token, prep: Token) -> bool:
    """'attacks from Russian hackers / from APT28': who they come from did them (not 'the theft of data from X')."""
    if prep.lower_ != "from" or not attack.lower_.replace("-", "").startswith(("attack", "cyberattack")):
        return False
    return any(g.dep_ == "pobj" and (g.lower_ in FROM_DOERS or g.pos_ == "PROPN") for g in prep.children)


def _about_no_attack(token: Token) -> bool:
    """'X is believed to have stepped up its cyber capabilities': a belief that lays no attack on X — no attack word
    under it, nor a word of who did it ('believed to be behind it / the culprit / part of Y')."""
    if token.lemma_ not in ("believe", "think") or any(
        t.lower_ in ATTACK_NOUNS or t.lemma_ in ATTACK_VERBS for t in token.subtree
    ):
        return False
    return not any(
        t.lower_
        in (
            "behind",
            "responsible",
            "culprit",
            "culprits",
            "perpetrator",
            "perpetrators",
            "part",
            "member",
            "members",
            "linked",
            "tied",
            "connected",
        )
        for t in token.subtree
    )


def _pronoun_antecedent(token: Token) -> Token:
    """'X became famous after it was blamed for …': a pronoun subject stands for the named subject of a clause
    above it, before it (not a reporting verb's: 'X said it was blamed' is X's complaint, not a claim)."""
    if token.lower_ not in ("it", "they") or token.dep_ not in ("nsubj", "nsubjpass"):
        return token
    up = token.head
    while up.head.i != up.i and up.dep_ in ("advcl", "conj", "ccomp", "xcomp"):
        up = up.head
        subjects = [c for c in up.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < token.i]
        if subjects:
            named = subjects[0]
            return token if up.lemma_ in SAY_LEMMAS or named.pos_ == "PRON" else named
    return token


CLAIM_WORDS = {"claim", "claims", "allegation", "allegations", "accusation", "accusations", "report", "reports"}


def accused_of_other(token: Token) -> bool:
    """'X accused Y of making the cyber attack claim to justify …': the accusation's deed names an attack only as
    the word of a claim (an attack word modifying a claim noun), so it blames Y for no attack."""
    words = [t for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree]
    attacks = [t for t in words if t.lower_ in ATTACK_NOUNS or t.lemma_ in ATTACK_VERBS]
    return bool(attacks) and all(t.dep_ == "compound" and t.head.lower_ in CLAIM_WORDS for t in attacks)


CLAIM_CUES = SUSPECT_LEMMAS | {"behind", "responsible"}  # what claim_roles first tests each token for


def claim_roles(s: Sentence, span: Span, kinds: Container[str]) -> list[tuple[Token, list[Mention], Mention | None]]:
    """(blamed, claimant or None, hedged) for 'X was behind …', 'X is responsible for …', 'X is suspected of /
    believed to have …', 'Y accused X of …', 'prosecutors charged X with …'; the claimant is the reporting
    verb's subject around it ('Y said X was behind …') when the clause names none. Negated claims make none."""
    found = []
    for token in span:
        blamed, claimant = [], []
        if token.lower_ in ("behind", "responsible") and token.head.lemma_ == "be" and not _generic(token.head):
            blamed = [c for c in token.head.children if c.dep_ == "nsubj"]
        elif token.pos_ == "VERB" and token.lemma_ in SUSPECT_LEMMAS and not negated(token):
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)
            if passive:
                blamed = [_pronoun_antecedent(c) for c in token.children if c.dep_ == "nsubjpass"]
                claimant = [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            elif token.lemma_ == "sanction" and any(
                t.lower_ in ATTACK_NOUNS or t.lemma_ in ATTACK_VERBS
                for c in token.children
                if c.dep_ == "prep" and c.lower_ in ("for", "over")
                for t in c.subtree
            ):  # "sanctioned X over the hacking of Y"
                blamed = [c for c in token.children if c.dep_ == "dobj"]
                claimant = [c for c in token.children if c.dep_ == "nsubj"]
            elif token.lemma_ in ("accuse", "blame", "charge", "indict") and not accused_of_other(token):
                blamed = [c for c in token.children if c.dep_ == "dobj"]
                blamed = [b for d in blamed for b in (blamed_on(d) or [d])]  # "blamed the attack on X": X
                claimant = [c for c in token.children if c.dep_ == "nsubj"]
        if not blamed or _about_no_attack(token):
            continue
        attack = token.lower_ in ("behind", "responsible") or any(
            t.lower_ in ATTACK_NOUNS or t.lemma_ in ATTACK_VERBS for t in token.subtree
        )
        blamed = [_antecedent(b) if attack else b for b in blamed]  # "Russia, which was behind a hack": Russia
        blamed_m = mentions_of(s, blamed, kinds)
        if not blamed_m:
            continue
        claimant_m = mentions_of(s, claimant, kinds) or [  # "some countries, including the United States, accused …"
            m
            for c in claimant
            for m in s.top
            if c.left_edge.idx <= m.start and m.end <= c.right_edge.idx + len(c.right_edge) and m.kind in kinds
        ]
        if not claimant_m:  # "Y said X was behind it": the reporting verb above
            up = token.head if token.lower_ in ("behind", "responsible") else token
            while up.dep_ in ("ccomp", "xcomp", "conj", "advcl") and up.head.i != up.i:
                up = up.head
                if up.lemma_ in SAY_LEMMAS:
                    subject = [c for c in up.children if c.dep_ in SUBJECTS]
                    claimant_m = mentions_of(s, subject, kinds)
                    break
        found.append((token, blamed_m, claimant_m[0] if claimant_m else None))
    return found
