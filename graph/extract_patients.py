"""Who an attack was aimed at, from frames the core parse rules (graph.extract_parse) do not read (rule
incident.frame). Each frame is an attack cue and the dependency role that holds its patient:

- The attack noun's own verb holds the patient: "Attacks were carried out against X", "the attacks were
  aimed at X", "attacks directed against X", "attacks also targeted X's system and Y", "the breach hit X".
- An attempt: "an attempt to hack into the headquarters of X", "spies had attempted to hack X", "a bid to
  penetrate X" — the infinitive's object or 'into' phrase (not a plan, a threat or a conditional).
- A participle that goes on with the attack: "carried out attacks …, hitting X with ransomware", "a
  campaign targeting the X sector" — the participle's object, when its clause has an attack noun.
- Data taken or exposed: "stole the health records of 1.5 million Xs including Y", "documents from her office
  were stolen" (the one person named before), "hackers accessed the data of X", "steal funds from A and B",
  "(the dump) included the ID information of X" (in a story with an incident); "X was among the victims of
  the attack", "X said it had been hacked", "its victims included A and B".
What fills the role becomes victims as the other incident rules read them (graph.extract_described): a name (its conjuncts and the
examples after 'including' / 'such as'), the owner of a thing ("the networks of X", "X's system"), the state
of a thing its demonym qualifies ("Israeli water infrastructure"), or a qualified description no name
covers ("the social security agency", "the Indian power sector"), made a collective.
Never the doer (its subject), never an attack only considered ('if an attack hit X', 'could target X').
Also here: what is no victim after a regex cue ('attacks from X', 'a chemical weapons attack on X', a bare
'attack on <person>'), the name a state's demonym describes ('Qatari gas giant X'), an event called an attack
('the outage was cyber sabotage'), and statements about the incident (rule statement.incident).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from cyberkg.graph.extract_discourse import Sentence
from cyberkg.graph.extract_parse_incidents import ATTACK_NOUNS, ATTACK_VERBS, kinetic
from cyberkg.graph.extract_syntax import negated

if TYPE_CHECKING:  # annotations only
    from spacy.tokens import Span, Token

    from cyberkg.graph.extract_discourse import Discourse
    from cyberkg.graph.extract_types import Mention

NAMED = ("State", "Person", "Organisation")
# Verbs an attack noun is the subject of when it reaches its patient: "the attacks targeted / hit X".
REACH = {"target", "hit", "strike", "affect", "disrupt", "cripple", "paralyse", "paralyze", "compromise", "infect", "breach"}
HARM = {"hurt", "harm", "damage"}  # "…, hurting companies such as X"
# Verbs an attack noun is launched or aimed with: "attacks were carried out against X", "aimed at X".
LAUNCH = {"carry", "launch", "conduct", "mount", "stage", "perpetrate", "direct", "aim", "target", "level", "wage", "unleash"}
AIMED = {"against", "on", "at", "targeting"}
# What a state has that attacks hit: "Swiss targets", "Israeli water infrastructure" are the state's.
THINGS = {
    "targets",
    "target",
    "infrastructure",
    "infrastructures",
    "systems",
    "networks",
    "network",
    "grid",
    "grids",
    "sites",
    "websites",
    "servers",
    "computers",
    "facilities",
    "installations",
    "pipelines",
    "dams",
}
ATTEMPTS = {"attempt", "try", "seek", "bid", "effort", "conspire", "scheme"}  # tried and (maybe) failed: still an attack
TAKING = {"steal", "leak", "expose", "dump"}  # what is done to data
DATA = {"record", "data", "datum", "information", "detail", "email", "document", "file", "secret", "particular", "credential"}
HYPOTHETICAL = {"would", "could", "might", "may", "can", "should", "will"}
CONDITIONS = {"if", "unless", "whether", "lest"}
EXAMPLES = {"including", "like", "as"}  # "such as": the 'as' under 'such'


def considered(token: Token) -> bool:
    """An attack only supposed: negated, under a modal, an 'if'/'whether' clause, up to its clause's verb."""
    t = token
    for _ in range(4):
        if negated(t) or any(
            c.dep_ == "aux" and c.lower_ in HYPOTHETICAL or c.dep_ == "mark" and c.lower_ in CONDITIONS for c in t.children
        ):
            return True
        if t.dep_ in ("ROOT", "ccomp", "relcl", "conj") or t.head.i == t.i:
            return False
        t = t.head
    return False


def _objects(token: Token, preps: set[str]) -> list[Token]:
    return [
        g for c in token.children if c.dep_ == "prep" and c.lower_ in preps for g in c.children if g.dep_ in ("pobj", "pcomp")
    ]


def _attack_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and token.lower_ in ATTACK_NOUNS and not kinetic(token)


def _verb_frame(noun: Token) -> list[Token]:
    """'Attacks were carried out against X', 'the attacks targeted X', 'attacks aimed at X'."""
    verb = noun.head
    heads = []
    if noun.dep_ == "nsubjpass" and verb.lemma_ in LAUNCH:
        heads = _objects(verb, AIMED)
    elif noun.dep_ == "nsubj" and verb.lemma_ in REACH and not any(c.dep_ == "auxpass" for c in verb.children):
        heads = [c for c in verb.children if c.dep_ == "dobj"]
    for c in noun.children:  # "attacks aimed at X", "attacks directed against X"
        if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_ in LAUNCH:
            heads += _objects(c, AIMED)
    return heads


def _attempt_frame(verb: Token) -> list[Token]:
    """'an attempt to hack into X', 'had attempted to hack X', 'a bid to penetrate X'."""
    to = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if not to or verb.dep_ not in ("acl", "xcomp") or verb.head.lemma_ not in ATTEMPTS:
        return []
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return []
    return [c for c in verb.children if c.dep_ == "dobj"] + _objects(verb, {"into", "from"})


def _attack_verb(token: Token) -> bool:
    """'hacked', 'breached', 'broke into': an attack done (not 'targeting', a mere aim)."""
    broke_into = token.lemma_ == "break" and any(c.lower_ == "into" for c in token.children)
    return token.pos_ == "VERB" and (token.lemma_ in ATTACK_VERBS - {"target"} or broke_into)


def _participle_frame(verb: Token) -> list[Token]:
    """'carried out attacks …, hitting X', 'the campaign … targeting X', 'broke into computers …, hurting
    companies such as X': the clause it goes on has an attack noun or is an attack verb's."""
    if verb.tag_ != "VBG" or verb.lemma_ not in REACH | HARM or verb.dep_ not in ("acl", "advcl", "xcomp"):
        return []
    head = verb.head
    clause = [head, *(c for c in head.children if c.dep_ in ("dobj", "nsubj", "nsubjpass"))]
    if not any(_attack_noun(t) for t in clause) and not _attack_verb(head):
        return []
    return [c for c in verb.children if c.dep_ == "dobj"]


def _data_frame(token: Token) -> list[Token]:
    """'stole the health records of X', 'the personal information of X was leaked', 'the theft of X's data':
    the data, whose owners (and their examples) are the victims."""
    if token.pos_ == "VERB" and token.lemma_ in TAKING and token.dep_ not in ("amod", "compound"):
        data = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass") and c.lemma_ in DATA]
    elif token.pos_ == "NOUN" and token.lemma_ in ("theft", "leak", "breach"):
        data = [g for g in _objects(token, {"of"}) if g.lemma_ in DATA]
    else:
        return []
    data += [g for d in data for g in _objects(d, {"from"})]  # "documents from her office were stolen"
    return data if any(owned(d) or any(c.dep_ == "poss" for c in d.children) for d in data) else []


CONTAINING = {"include", "contain", "hold", "expose", "reveal"}
DUMPS = {"it", "they", "database", "leak", "dump", "cache", "trove", "file", "files", "data", "record", "records"}


def contained_data(span: Span) -> list[tuple[Token, list[Token]]]:
    """'(the leaked database …) it included the ID information of X, Y and Z': data a dump holds, whose
    owners are victims — for a story that already has an incident (the caller checks)."""
    found = []
    for token in span:
        if token.pos_ != "VERB" or token.lemma_ not in CONTAINING or considered(token):
            continue
        if not any(c.dep_ == "nsubj" and c.lower_ in DUMPS for c in token.children):
            continue
        data = [c for c in token.children if c.dep_ == "dobj" and c.lemma_ in DATA and owned(c)]
        if data:
            found.append((token, data))
    return found


VICTIMS = {"victims", "victim", "targets"}
ATTACKERS = {"hackers", "attackers", "intruders", "hacker", "attacker", "criminals", "cybercriminals"}
SAYING = {"say", "confirm", "report", "disclose", "announce", "admit", "acknowledge", "reveal", "tell"}


def _among_frame(token: Token) -> list[Token]:
    """'X was among the victims of the attack', 'X is among the targets of the hackers': X."""
    if token.lower_ != "among" or token.head.lemma_ != "be" or negated(token.head):
        return []
    victims = [g for g in token.children if g.dep_ == "pobj" and g.lower_ in VICTIMS]
    if not any(a.lower_ in ATTACK_NOUNS | {"hackers", "attackers"} for v in victims for a in _objects(v, {"of"})):
        return []
    return [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]


def _own_report_frame(verb: Token) -> list[Token]:
    """'X said it had been hacked', 'X confirmed they were breached': the one who says it was attacked."""
    passive = [c for c in verb.children if c.dep_ == "nsubjpass" and c.lower_ in ("it", "they", "we")]
    said = verb.head
    if not passive or verb.dep_ != "ccomp" or said.lemma_ not in SAYING:
        return []
    return [c for c in said.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]


def listed_victims(span: Span) -> list[tuple[Token, list[Token]]]:
    """'Victims included A, B and C', 'its targets included A': for a story that already has an incident."""
    return [
        (t, [c for c in t.children if c.dep_ == "dobj"])
        for t in span
        if t.lemma_ in ("include", "be")
        and any(c.dep_ == "nsubj" and c.lower_ in VICTIMS for c in t.children)
        and any(c.dep_ == "dobj" for c in t.children)
        and not considered(t)
    ]


def _exposed_frame(verb: Token) -> list[Token]:
    """'hackers accessed the personal data of X', 'the breach exposed the records of X': a doer that is an
    attack or attackers reaching someone's data."""
    doers = [c for c in verb.children if c.dep_ == "nsubj" and (c.lower_ in ATTACK_NOUNS or c.lower_ in ATTACKERS)]
    if verb.lemma_ not in ("access", "expose", "obtain", "exfiltrate", "download") or not doers:
        return []
    return [c for c in verb.children if c.dep_ == "dobj" and c.lemma_ in DATA and owned(c)]


def _theft_frame(verb: Token) -> list[Token]:
    """'attacks to steal funds from banks and exchanges', 'stole secrets from X': whom it was taken from."""
    return _objects(verb, {"from"}) if verb.lemma_ == "steal" and verb.dep_ not in ("amod", "compound") else []


def frames(span: Span) -> list[tuple[Token, list[Token]]]:
    """(cue, patient heads) for each frame of the module docstring the sentence's parse shows."""
    found = []
    for token in span:
        if _attack_noun(token):
            heads = _verb_frame(token) or _data_frame(token)
        elif token.pos_ == "VERB" and token.lemma_ in ATTACK_VERBS:
            heads = (
                _attempt_frame(token)
                or _participle_frame(token)
                or _data_frame(token)
                or _theft_frame(token)
                or _own_report_frame(token)
            )
        elif token.lower_ == "among":
            heads = _among_frame(token)
        elif token.pos_ == "VERB":
            heads = _participle_frame(token) or _exposed_frame(token)
        else:
            continue
        if heads and not considered(token if token.pos_ == "VERB" else token.head):
            found.append((token, heads))
    return found


def with_examples(heads: list[Token]) -> list[Token]:
    """'the records of 1.5 million people including X', 'companies such as A and B': the examples too."""
    out = list(heads)
    for head in heads:
        for t in [head, *(c for c in head.children if c.dep_ == "conj")]:
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ in EXAMPLES or c.dep_ == "amod" and c.lower_ == "such":
                    preps = [c] if c.dep_ == "prep" else [p for p in c.children if p.dep_ == "prep" and p.lower_ == "as"]
                    out += [g for p in preps for g in p.children if g.dep_ == "pobj"]
    return out


def state_modifiers(thing: Token) -> list[Token]:
    """The words before a thing that may name its state ('Israeli water infrastructure'), none when an
    adjective says whose it is besides ('U.S. commercial targets', 'Iranian military sites')."""
    words = [c for c in thing.children if c.dep_ in ("amod", "compound", "nmod") and c.i < thing.i]
    return [] if any(c.pos_ == "ADJ" and c.dep_ == "amod" and c.text[:1].islower() for c in words) else words


def places(thing: Token) -> list[Token]:
    """Where a state's things are: 'websites in the country of X', 'dams (controlling reserves) across X',
    'affected dams across X'."""
    holders = [thing, *(c for c in thing.children if c.dep_ in ("acl", "relcl", "advcl"))]
    holders += [thing.head] if thing.dep_ == "dobj" else []  # the parse hangs the place on the verb
    found = [g for h in holders for g in _objects(h, {"in", "across", "throughout"})]
    return found + [o for g in found if g.lower_ in ("country", "nation", "state") for o in _objects(g, {"of"})]


def pronoun_owner(s: Sentence, head: Token) -> str | None:
    """'her office', 'his phone': the one person the sentence named before the pronoun, if only one."""
    pronouns = [c for c in head.children if c.dep_ == "poss" and c.lower_ in ("his", "her")]
    people = {m.entity for p in pronouns for m in s.mentions if m.kind == "Person" and m.end <= p.idx}
    return next(iter(people)) if len(people) == 1 else None


def owned(head: Token) -> list[Token]:
    """What a thing belongs to: 'the headquarters of X', 'X's system' (a thing of its own is no victim)."""
    return [c for c in head.children if c.dep_ == "poss" and c.pos_ != "PRON"] + _objects(head, {"of"})


def not_cyber_at(s: Sentence, at: int) -> bool:
    """The attack cue at character `at` is one with weapons or words ('a chemical weapons attack on X')."""
    token = next((t for t in cast("Span", s.span) if t.idx == at), None) if s.span is not None else None
    return token is not None and kinetic(token)


def victim_after(text: str, s: Sentence, cue: tuple[int, int], victim: str | None) -> str | None:
    """The victim named after an attack cue, unless it is not one (see not_the_victim); 'Swiss targets' are
    the state's."""
    if victim is None or not_the_victim(text, s, cue, victim):
        return None
    return next((m.entity for m in _things_of_a_state(s, victim)), victim)


def _things_of_a_state(s: Sentence, victim: str) -> list[Mention]:
    """The state of a collective that is a demonym and a thing ('Swiss targets', 'Israeli infrastructure')."""
    things = [m for m in s.mentions if m.entity == victim and m.kind == "Collective" and m.label.split()[-1].lower() in THINGS]
    return [  # "U.S. commercial targets" are the companies', not the state's
        m
        for t in things
        for m in s.mentions
        if m.kind == "State" and m.start == t.start and len(t.label[m.end - m.start :].split()) == 1
    ]


def not_the_victim(text: str, s: Sentence, cue: tuple[int, int], victim: str) -> bool:
    """A name after an attack cue that is not its victim: where the attack came from ('attacks from X',
    'attacks emanating from X'; 'stolen from X' is a victim), or a person under a bare 'attack' ('an
    attack on Trump' is words, not a cyber attack)."""
    after = [m for m in s.top if m.entity == victim and m.start >= cue[1]]
    if not after:
        return False
    link, word = text[cue[1] : after[0].start].lower(), text[cue[0] : cue[1]].lower()
    if " from " in f" {link} " and not word.startswith("stol"):
        return True
    bare = word in ("attack", "attacks") and not text[max(0, cue[0] - 6) : cue[0]].lower().endswith("cyber ")
    return bare and after[0].kind == "Person"


INCIDENT_WORDS = re.compile(
    r"\b(?:hack(?:ed|ing|s)?|breach(?:ed|es)?|intrusions?|cyber-?attacks?|attack(?:ed|s)?|"
    r"stole|stolen|theft|heist|sabotage|infiltrat\w+|compromised|"
    r"(?:behind|responsible for) (?:it|them))\b",  # "… was behind it": the incident named just before
    re.I,
)


def statements_about_incidents(talk: Discourse) -> None:
    """A statement whose sentence names an attack word is about the latest incident named up to it (the
    first when none is named before), when it is about nothing yet (rule statement.incident)."""
    incidents = sorted((m.start, m.entity) for m in talk.out.mentions if m.kind == "Incident")
    if not incidents:
        return
    about = {r.subject for r in talk.out.relations if r.predicate == "subject"}  # about something else already
    for m in [m for m in talk.out.mentions if m.kind == "Statement" and m.entity not in about]:
        word = INCIDENT_WORDS.search(m.sentence)
        if word is None or any(a <= m.start + word.start() < b for a, b in talk.quotes):
            continue
        earlier = [e for start, e in incidents if start <= m.end] or [incidents[0][1]]
        where = Sentence(m.start, m.end, m.sentence, [], [], talk.out.article.text)
        talk.relate(m.entity, "subject", earlier[-1], where, 0.45, rule="statement.incident")
        about.add(m.entity)


def described_by_state(s: Sentence, m: Mention) -> str | None:
    """The name a state's demonym describes: 'an attack on Qatari natural gas giant RasGas' -> RasGas."""
    tokens: list[Token] = list(cast("Span", s.span)) if s.span is not None else []
    t = next((x for x in tokens if x.idx == m.start), None)
    for _ in range(6):
        if t is None or t.dep_ not in ("amod", "compound", "nmod") or t.head.i == t.i:
            break
        t = t.head
    heads = [t, *(c for c in t.children if c.dep_ == "appos")] if t is not None else []  # "gas giant RasGas"
    named = [x for h in heads for x in s.top if x.start <= h.idx < x.end and x.kind in ("Organisation", "State") and x != m]
    return named[0].entity if named else None


def called_an_attack(s: Sentence) -> Token | None:
    """'the outage was likely to be cyber sabotage', 'the breach was an attempt at sabotage': an event the
    sentence calls an attack (not negated, not only supposed) is an incident even with no victim named."""
    for token in cast("Span", s.span) if s.span is not None else []:
        if not _attack_noun(token) or token.lower_ in ("operation", "operations", "war", "warfare", "offensive"):
            continue
        attr = token.head.head if token.dep_ == "pobj" and token.head.head.dep_ == "attr" else token
        if attr.dep_ == "attr" and attr.head.lemma_ == "be" and not considered(attr.head) and not negated(attr):
            return token
    return None


def frame_roles(s: Sentence) -> list[tuple[Token, list[Token]]]:
    return frames(cast("Span", s.span)) if s.span is not None else []
