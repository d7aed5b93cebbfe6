"""Roles read from the model's dependency parse rather than from character offsets.

- Events (rule event.parse): a meeting, talks, discussions, negotiations, a call, a probe, an inquiry, a
  hearing, a raid or a conference — as a noun or a verb (met, discussed, probed, raided). Participants are
  the verb's subject and object, the noun's "between A and B", "with X", "by X" (passive "was attended by"),
  its possessor or a demonym before it ("a U.S. congressional probe"), and the subject of the verb that
  holds the noun ("X and Y were in discussions with Z", "X pursued the probe"); conjuncts too. Negated or
  merely possible events ("did not meet") make none.
- Speakers (statement.say): the subject of a reporting verb ("X said", "said X", "X told reporters"),
  following conjuncts and appositions to the name; a pronoun is the person last named.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from typing import TYPE_CHECKING, Any, cast

from cyberkg.graph.extract_events import (
    clause_subject,
    demand,
    intention_holder,
    making_subject,
    relative_antecedents,
    role_holder,
    scene_verb,
    target_heads,
)
from cyberkg.graph.extract_labels import PLACEHOLDER
from cyberkg.graph.extract_lexicon import ENLISTING, GATHERINGS, HOSTING, MEMBERS, RELATIONAL, TRYING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence
    from cyberkg.graph.extract_types import Mention

EVENT_NOUNS = {
    "talks",
    "talk",
    "meeting",
    "meetings",
    "discussion",
    "discussions",
    "negotiation",
    "negotiations",
    "dialogue",
    "call",
    "summit",
    "conference",
    "probe",
    "investigation",
    "inquiry",
    "hearing",
    "hearings",
    "raid",
    "raids",
    "crackdown",
    "session",
    "sessions",
    "consultations",
    "visit",
}
EVENT_VERBS = {"meet", "discuss", "negotiate", "probe", "investigate", "raid", "visit", "convene", "attend"}
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
UNNAMED = {
    "official",
    "diplomat",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "source",
    "officer",
    "adviser",
    "advisor",
    "negotiator",
    "aide",
    "lawmaker",
    "investigator",
    "prosecutor",
    "executive",
    "minister",
    "ambassador",
}
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
        todo.extend(c for c in t.children if c.dep_ in ("conj", "appos") and not excluded_between(t, c))
    return out


def excluded_between(t: Token, c: Token) -> bool:
    """A negation or 'except' between a name and the conjunct or apposition after it takes the latter out."""
    return any(w.lower_ in LIST_EXCLUSIONS for w in t.doc[t.i + 1 : c.left_edge.i + 1])


def _mention(s: Sentence, token: Token, kinds: Container[str]) -> Mention | None:
    """The top mention covering the token, else one inside its noun phrase ('the Egyptian government')."""
    at = [m for m in s.top if m.start <= token.idx < m.end and m.kind in kinds]
    if at:
        return at[0]
    left, right = token.left_edge.idx, token.idx + len(token)
    inside = [m for m in s.top if left <= m.start and m.end <= right and m.kind in kinds]
    return max(inside, key=lambda m: m.end) if inside else None


def _member_of(s: Sentence, token: Token, kinds: Container[str]) -> Mention | None:
    """'investigators from Interpol', 'a delegation of X', 'prosecutors in Madrid': the body or place they are
    of takes part."""
    if token.lower_ not in MEMBERS:
        return None
    return next(
        (
            m
            for c in token.children
            if c.dep_ == "prep" and c.lower_ in ("from", "of", "at", "in")
            for g in c.children
            if g.dep_ == "pobj"
            if (m := _mention(s, g, kinds)) is not None
        ),
        None,
    )


def event_participants(s: Sentence, span: Span, kinds: Container[str]) -> list[tuple[Token, list[Mention]]]:
    """(cue token, participant mentions) for each event cue of the sentence with at least one participant."""
    return [(token, people) for token, people, _ in event_roles(s, span, kinds) if people]


def event_roles(s: Sentence, span: Span, kinds: Container[str]) -> list[tuple[Token, list[Mention], list[Mention]]]:  # noqa: C901 - one branch per construction
    """(cue token, participants, targets) for each event cue of the sentence; what a probe or raid is
    into ('probe Juniper', 'an inquiry into X') is its target (graph.extract_events), not a participant."""
    found = []
    for token in span:
        noun = token.pos_ in ("NOUN", "PROPN") and token.lower_ in EVENT_NOUNS
        verb = token.pos_ == "VERB" and token.lemma_ in EVENT_VERBS
        if not (noun or verb) or negated(token) or (token.head.pos_ == "VERB" and negated(token.head)) or demand(token):
            continue
        heads, (probed, targets) = [], target_heads(token)
        if verb:
            heads += [c for c in token.children if c.dep_ in (*SUBJECTS, "dobj") and c not in probed]
            heads += [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if token.dep_ == "xcomp" and not any(c.dep_ in SUBJECTS for c in token.children):
                heads += [c for c in token.head.children if c.dep_ == "nsubj"]  # "X plans to meet Y"
                heads += intention_holder(token.head)  # the same with "plans" tagged as a noun
                if token.head.lemma_ in ENLISTING:  # "X hired Y to investigate": Y investigates too
                    heads += [c for c in token.head.children if c.dep_ == "dobj"]
        if noun:
            heads += [c for c in token.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
            holder = token.head
            if token.dep_ in ("dobj", "pobj", "attr") and holder.pos_ in ("VERB", "AUX", "ADP"):
                verb_head = holder.head if holder.pos_ == "ADP" else holder
                heads += [c for c in verb_head.children if c.dep_ in SUBJECTS]
            scene = scene_verb(token)  # "X said in a speech at the start of the session"
            if scene is not None:
                heads += [c for c in scene.children if c.dep_ in SUBJECTS]
            heads += role_holder(token)  # "Hurd, a key player in the investigation"
            if token.dep_ == "nsubjpass":
                heads += [g for c in token.head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ in ("between", "with", "among", "by")]
        if noun and token.lower_ in GATHERINGS:  # "the summit of Peru, Chile and Ecuador"
            preps += [c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"]
        if noun and token.dep_ == "pobj" and token.head.lower_ in ("for", "at") and token.head.head.lemma_ in HOSTING:
            heads += [c for c in token.head.head.children if c.dep_ in ("nsubj", "dobj")]  # "X hosted Y for talks"
        if noun and token.dep_ == "pobj" and token.head.lower_ == "in":  # "were in discussions with X"
            preps += [c for c in token.head.head.children if c.dep_ == "prep" and c.lower_ == "with"]
        heads += [g for p in preps for g in p.children if g.dep_ == "pobj"]
        people = []
        for head in heads:
            for t in expand(head):
                m = _mention(s, t, kinds) or _member_of(s, t, kinds)
                if m is not None and m not in people:
                    people.append(m)
        aimed: list = []  # the head's own name, not one inside its phrase ("raid Moscow offices")
        for t in (t for head in targets for t in expand(head)):
            aimed += [m for m in s.top if m.start <= t.idx < m.end and m.kind in kinds and m not in people + aimed]
        found.append((token, people, aimed))
    return found


def say_subject(s: Sentence, span: Span, cue_start: int, kinds: Container[str]) -> Mention | Token | None:
    """The subject of the reporting verb at `cue_start`, as a mention; 'he'/'she' comes back as the
    pronoun token for the caller to resolve."""
    verb = next((t for t in span if t.idx == cue_start), None)
    if verb is None or verb.lemma_ not in SAY_LEMMAS:
        return None
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if not subjects and verb.dep_ in ("conj", "advcl") and verb.head.lemma_ in SAY_LEMMAS:
        subjects = [c for c in verb.head.children if c.dep_ in SUBJECTS]
    for subject in subjects:
        if subject.lower_ in ("he", "she"):
            return subject
        if (
            subject.lower_ in UNNAMED
            and subject.tag_ == "NN"
            and not any(m.kind == "Person" and m.start <= subject.idx < m.end for m in s.mentions)
            and not any(c.dep_ == "appos" for c in subject.children)
        ):
            return subject  # "a U.S. Justice Department official said": an unnamed person, made by the caller
        names = expand(subject)
        at = [m for t in names for m in s.top if m.start <= t.idx < m.end and m.kind in kinds]
        inside = [m for t in names if (m := _mention(s, t, kinds)) is not None]
        for found in (at, inside):  # the person who speaks rather than the body they speak for
            if found:
                return next((m for m in found if m.kind == "Person"), found[0])
    return None


TALKS = {
    "talks",
    "talk",
    "meeting",
    "meetings",
    "discussion",
    "discussions",
    "dialogue",
    "summit",
    "conference",
    "session",
    "sessions",
    "consultations",
    "meet",
    "discuss",
    "convene",
    "attend",
    "visit",
}
NEGOTIATION = {"negotiation", "negotiations", "negotiate"}


def find_parse_events(talk: Discourse, s: Sentence) -> str | None:
    """Events the parse shows with their participants; a cue the discourse's event was introduced with
    ('the talks', 'the probe') adds to that event rather than making another."""
    if s.span is None:
        return None
    made = None
    for cue, people, aimed in event_roles(s, cast("Span", s.span), BLAMEABLE):  # Sentence.span is typed object
        if not people and not aimed:
            continue
        noun = cue.lemma_.lower() if cue.pos_ == "VERB" else cue.lower_
        word = {
            "meet": "meeting",
            "discuss": "discussions",
            "negotiate": "negotiations",
            "probe": "probe",
            "investigate": "investigation",
            "raid": "raid",
            "visit": "visit",
            "convene": "meeting",
            "attend": "meeting",
        }.get(noun, noun)
        if talk.event and _same_kind(talk.event[1], word):
            event = talk.event[0]
        else:
            cls = (
                "PhoneCall" if word == "call" else "Talks" if word in TALKS else "Negotiation" if word in NEGOTIATION else "Event"
            )
            names = " and ".join(talk.name(m.entity) for m in (people or aimed)[:2])
            preposition = "between" if len(people) > 1 and cls != "Event" else "by" if cls == "Event" else "with"
            event = talk.new("Event", cls, f"{word.capitalize()} {preposition if people else 'on'} {names}", s, 0.5, at=cue.idx)
            talk.event = (event, word)
        if people:
            talk.relate(event, "participant", [m.entity for m in people], s, 0.5, rule="event.parse")
        if aimed:
            talk.relate(event, "targets", [m.entity for m in aimed], s, 0.5, rule="event.target")
        made = made or event
    return made


def _same_kind(a: str, b: str) -> bool:
    groups = (
        {
            "talks",
            "meeting",
            "discussions",
            "discussion",
            "dialogue",
            "negotiations",
            "summit",
            "conference",
            "session",
            "sessions",
            "consultations",
        },
        {"probe", "investigation", "inquiry", "hearing", "hearings"},
        {"raid", "raids", "crackdown"},
        {"call"},
        {"visit"},
    )
    return a == b or any(a in g and b in g for g in groups)


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


def attack_roles(s: Sentence, span: Span, kinds: Container[str]) -> list[tuple[Token, list[Mention], list[Mention]]]:  # noqa: C901 - one branch per construction the docstring lists
    """(cue, victims, perpetrators) for each attack the parse shows: active 'X hacked Y', passive 'Y was
    hacked by X', nominal 'the hacking of Y by X', 'Y's breach', 'attacks on Y', 'Russian hackers'."""
    found = []
    victims: list[Any]  # the role tokens, then the mentions they name: one name for two types
    doers: list[Any]
    for token in span:
        verb = token.pos_ == "VERB" and token.lemma_ in ATTACK_VERBS and token.dep_ not in ("amod", "acl", "compound")
        noun = token.pos_ in ("NOUN", "PROPN") and token.lower_ in ATTACK_NOUNS
        if (
            noun
            and token.lower_ in ("operation", "operations", "offensive", "offense", "offence", "war", "warfare")
            and not any(c.lower_ in _OPERATION_NEEDS for c in token.children)
        ):
            continue  # a cyber operation or offensive, not any
        if any(m.kind == "Organisation" and m.start <= token.idx < m.end for m in s.mentions):
            continue  # a word of a name: "the 252nd Cyber Operations Group"
        if not (verb or noun) or _generic(token):
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
                elif c.dep_ == "prep" and c.lower_ in ("of", "on", "against", "into", "at", "targeting"):
                    victims += [g for g in c.children if g.dep_ == "pobj" and g not in blamed_on(token)]
                elif c.dep_ == "prep" and c.lower_ == "by":
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
        victims = [m for m in _mentions(s, victims, kinds) if not _located_in(s, m, token)]
        if noun and token.lower_ in ("war", "warfare") and not victims:
            continue  # "the cyber war against X" is an attack on X; a cyber war in general is none
        doers = [m for m in _mentions(s, doers, kinds) if m not in victims]
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


def _mentions(s: Sentence, tokens: Iterable[Token], kinds: Container[str]) -> list[Mention]:
    out = []
    for head in tokens:
        for t in expand(head):
            m = _mention(s, t, kinds)
            if m is None:  # "the networks of X", "X's servers": the owner
                owner = [
                    g
                    for c in t.children
                    if c.dep_ in ("poss",) or (c.dep_ == "prep" and c.lower_ in ("of", "at"))
                    for g in ([c] if c.dep_ == "poss" else [x for x in c.children if x.dep_ == "pobj"])
                ]
                m = next((x for x in (_mention(s, o, kinds) for o in owner) if x is not None), None)
            if m is not None and m not in out:
                out.append(m)
    return out


mentions_of = _mentions  # for graph.extract_events' rules, called from graph.extract_relations


def find_parse_incident(talk: Discourse, s: Sentence) -> tuple[str | None, str | None]:
    """An incident the parse shows, with its victims; its perpetrator for the claim rules. The discourse's
    incident takes the victims when there is one already."""
    if s.span is None:
        return None, None
    for cue, victims, doers in attack_roles(s, cast("Span", s.span), BLAMEABLE):  # Sentence.span is typed object
        incident = talk.incident
        if incident is None:
            cls = "CyberIntrusion" if cue.lemma_ in ("breach", "intrusion", "infiltrate", "penetrate", "hack") else "Incident"
            what = cue.lemma_ if cue.pos_ == "NOUN" else {"hack": "hacking", "steal": "theft"}.get(cue.lemma_, "attack")
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
                blamed = [c for c in token.children if c.dep_ == "nsubjpass"]
                claimant = [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            elif token.lemma_ == "sanction" and any(
                t.lower_ in ATTACK_NOUNS or t.lemma_ in ATTACK_VERBS
                for c in token.children
                if c.dep_ == "prep" and c.lower_ in ("for", "over")
                for t in c.subtree
            ):  # "sanctioned X over the hacking of Y"
                blamed = [c for c in token.children if c.dep_ == "dobj"]
                claimant = [c for c in token.children if c.dep_ == "nsubj"]
            elif token.lemma_ in ("accuse", "blame", "charge", "indict"):
                blamed = [c for c in token.children if c.dep_ == "dobj"]
                blamed = [b for d in blamed for b in (blamed_on(d) or [d])]  # "blamed the attack on X": X
                claimant = [c for c in token.children if c.dep_ == "nsubj"]
        if not blamed:
            continue
        attack = token.lower_ in ("behind", "responsible") or any(
            t.lower_ in ATTACK_NOUNS or t.lemma_ in ATTACK_VERBS for t in token.subtree
        )
        blamed = [_antecedent(b) if attack else b for b in blamed]  # "Russia, which was behind a hack": Russia
        blamed_m = _mentions(s, blamed, kinds)
        if not blamed_m:
            continue
        claimant_m = _mentions(s, claimant, kinds) or [  # "some countries, including the United States, accused …"
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
                    claimant_m = _mentions(s, subject, kinds)
                    break
        found.append((token, blamed_m, claimant_m[0] if claimant_m else None))
    return found


def find_bases(talk: Discourse, s: Sentence) -> None:
    """'Canada's National Research Council', 'the Swedish Civil Contingencies Agency': an organisation named
    with its state's possessive or demonym is based in that state (rule org.based)."""
    if s.span is None:
        return
    doc = cast("Span", s.span).doc  # Sentence.span is typed object
    states = [m for m in s.mentions if m.kind == "State"]
    for m in s.top:
        if m.kind != "Organisation" or m.entity.startswith("gov-"):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        for child in span.root.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod") and not span.start <= child.i < span.end:
                state = next((x for x in states if x.start <= child.idx < x.end), None)
                if state is not None:
                    talk.relate(m.entity, "basedIn", state.entity, s, 0.5, rule="org.based")
                    break


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


AGREEMENT_NOUNS = {
    "agreement",
    "pact",
    "deal",
    "accord",
    "treaty",
    "pledge",
    "framework",
    "understanding",
    "arrangement",
    "memorandum",
    "agreements",
    "pacts",
    "deals",
}
MAKING_VERBS = {"agree", "sign", "reach", "strike", "negotiate", "seal", "conclude", "finalize", "finalise", "make"}


def agreement_parties(s: Sentence, span: Span, kinds: Container[str]) -> tuple[Token, list[Mention]] | None:
    """(cue, parties) for the first agreement the parse shows: the noun's 'between'/'with' objects and its
    state or organisation modifiers, and the subject of the verb that makes it ('X signed a pledge with Y',
    'X and Y agreed that neither would …'). None when negated or when nothing names a party."""
    for token in span:
        noun = token.pos_ in ("NOUN", "PROPN") and token.lower_ in AGREEMENT_NOUNS
        verb = token.pos_ == "VERB" and token.lemma_ == "agree" and any(c.dep_ == "ccomp" for c in token.children)
        if not (noun or verb) or negated(token) or (noun and negated(token.head)):
            continue
        heads = []
        if noun:
            heads += [c for c in token.children if c.dep_ in ("compound", "amod", "poss", "nmod")]
            preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ in ("between", "with", "among")]
            holder = token.head
            if token.dep_ in ("dobj", "nsubjpass") and holder.lemma_ in MAKING_VERBS:
                heads += [c for c in holder.children if c.dep_ == "nsubj"]
                preps += [c for c in holder.children if c.dep_ == "prep" and c.lower_ == "with"]
            partners = [g for p in preps for g in p.children if g.dep_ == "pobj"]
            if partners and not _mentions(s, heads, kinds):  # "X … as part of a new pact with Y": X is the other party
                heads += clause_subject(token)
            elif not partners and not _mentions(s, heads, kinds):  # "A and B agreed changes to the pact"
                heads += making_subject(token)
            heads += partners
            heads += relative_antecedents(heads)  # "the Commission, which negotiated the framework"
        else:
            heads += [c for c in token.children if c.dep_ == "nsubj"]
            heads += [
                g for c in token.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children if g.dep_ == "pobj"
            ]
        parties = _mentions(s, heads, kinds)
        modifiers = [m for m in s.top if m.kind in kinds and token.left_edge.idx <= m.start < token.idx]
        parties += [m for m in modifiers if m not in parties]  # "EU-U.S. Privacy Shield", "a U.S.-UK deal"
        parties = [m for m in parties if not m.entity.startswith("gov-")]  # the states are the parties
        if parties:
            return token, parties
    return None
