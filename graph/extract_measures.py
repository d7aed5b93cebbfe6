"""Measures one actor takes against another, read from the parse (rule event.measure): sanctions, penalties,
expulsions, broken ties and operations — who takes them (participant) and whom they are aimed at (targets).

- A measure noun under the verb that takes it: "X imposed sanctions on Y", "X announced it would impose
  financial penalties on Y", "X threatened EU sanctions against Y", "X conducted an operation against the Y
  group", "Washington's sanctions against Y" (the possessive takes it). "those responsible" names no target.
- A measure verb: "X sanctioned Y", "X expelled Y's diplomats" / "expel several Russian diplomats" (the
  diplomats' state is the target), "X cut / severed / broke (off) ties with Y".
- The nominal form: "the breaking / severance of diplomatic ties with Y", "the expulsion of Y's diplomats",
  its taker the subject of the verb it hangs under ("X announced the breaking of ties with Y").
- Who asked for it takes part: "… against the group at the request of the United States" / "at Washington's
  request".
- Warrants and rewards: "X issued an arrest warrant for Y", "X offered a reward for information leading to
  the arrest of Y"; the participle after a measure, a group's description and its name (graph.extract_targets).
- A threat or a plan ("threatened", "is considering", "weighs") is a deliberation (`PolicyDeliberation`); a
  negated one ("did not impose sanctions") is none. Words inside quotations are not read.
One event per sentence: "impose penalties on Y and expel Y's diplomats" is one set of measures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from cyberkg.graph.extract_parse import SUBJECTS, mentions_of, negated
from cyberkg.graph.extract_targets import MEASURE_NOUNS, aimed_by_participle, target_mentions, wanted

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence

# a measure only when aimed at someone
AIMED_ONLY = {"measures", "action", "actions", "operation", "ban", "reward", "bounty", "warrant", "warrants"}
TAKING = {
    "impose",
    "announce",
    "offer",
    "issue",
    "threaten",
    "take",
    "slap",
    "levy",
    "approve",
    "adopt",
    "introduce",
    "conduct",
    "carry",
    "launch",
    "seek",
    "order",
    "extend",
    "expand",
    "unveil",
    "consider",
    "weigh",
    "mull",
    "prepare",
    "propose",
    "use",
    "apply",
    "call",
    "push",
    "demand",
}
DELIBERATING = {"threaten", "consider", "weigh", "mull", "prepare", "propose", "seek", "call", "push", "demand"}
AIMING = {"target", "hit"}  # "the new measures target X": a measure noun as their subject
MEASURE_VERBS = {"sanction", "expel", "sever", "cut", "break", "blacklist", "block", "ban", "freeze"}
TIES = {"ties", "relations", "links"}
AT = {"on", "against", "with"}
ACTORS = ("State", "Organisation", "Person")
TARGETS = ("State", "Organisation", "Person", "Collective")
PRONOUNS = {"it", "they", "we", "he", "she"}


def _objects(token: Token, preps: set[str]) -> list[Token]:
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ in preps for g in c.children if g.dep_ == "pobj"]


def _taker(token: Token) -> tuple[Token | None, list[Token]]:
    """(the verb that takes a measure noun, its subjects): up through objects and prepositions ('imposed
    penalties on', 'threatened sanctions against'); a pronoun subject of a reported verb is the reporter's
    ('X announced it would impose …'); a subjectless conjoined or complement verb shares its head's subject."""
    t = token
    for _ in range(4):
        if t.dep_ not in ("dobj", "pobj", "prep", "conj", "xcomp", "nsubjpass") or t.head.i == t.i:
            break
        t = t.head
        if t.pos_ == "VERB":
            return t, _subjects(t)
    return None, []


def _subjects(verb: Token) -> list[Token]:
    v = verb
    for _ in range(3):
        subjects = [c for c in v.children if c.dep_ in SUBJECTS]
        if subjects and subjects[0].lower_ not in PRONOUNS:
            return subjects
        if v.dep_ not in ("conj", "xcomp", "ccomp", "advcl") or v.head.i == v.i:
            return [] if subjects else []
        v = v.head
    return []


def _access(token: Token) -> list[Token]:
    """'access to Twitter and Facebook', 'access to sites such as X': whom the access is to."""
    heads = _objects(token, {"to"})
    return heads + [g for h in heads for g in _objects(h, {"as", "like", "including"})]


def _requesters(token: Token) -> list[Token]:
    """'at the request of X', 'at X's request', 'on X's behalf': X takes part in the measure it asked for."""
    asked = [
        g
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in ("at", "on", "upon")
        for g in c.children
        if g.dep_ == "pobj" and g.lower_ in ("request", "behest", "urging", "behalf")
    ]
    return [x for a in asked for x in ([c for c in a.children if c.dep_ == "poss"] + _objects(a, {"of"}))]


def _verb_measure(token: Token) -> list[Token] | None:
    """The targets' heads of a measure verb, or None when the verb is no measure ('cut costs')."""
    if token.lemma_ in ("sanction", "expel", "blacklist"):
        return [c for c in token.children if c.dep_ == "dobj"]
    if token.lemma_ == "freeze":  # "froze the assets of X", "froze X's accounts"
        held = [c for c in token.children if c.dep_ == "dobj" and c.lower_ in ("assets", "funds", "accounts", "property")]
        return [o for h in held for o in [*_objects(h, {"of"}), *(c for c in h.children if c.dep_ == "poss")]] or None
    if token.lemma_ in ("block", "ban"):  # "blocked access to X": X; "banned X" is a law's business
        return [g for c in token.children if c.dep_ == "dobj" and c.lower_ == "access" for g in _access(c)] or None
    if token.lemma_ in ("sever", "cut", "break"):
        ties = [c for c in token.children if c.dep_ == "dobj" and c.lower_ in TIES]
        if not ties:
            return None
        return _objects(ties[0], {"with"}) + _objects(token, {"with"})
    return None


def measure_roles(s: Sentence) -> list[tuple[Token, list[Token], list[Token], bool]]:
    """(cue, taker heads, target heads, deliberated) for each measure the sentence's parse shows."""
    found = []
    cued = not s.words().isdisjoint(MEASURE_VERBS | MEASURE_NOUNS)  # the two tests each token first meets
    for token in cast("Span", s.span) if cued else ():
        if token.pos_ == "VERB" and token.lemma_ in MEASURE_VERBS:
            aimed = _verb_measure(token)
            if aimed is None or negated(token):
                continue
            found.append((token, _subjects(token), aimed, False))
        elif (
            token.pos_ in ("NOUN", "PROPN")
            and token.lower_ in MEASURE_NOUNS
            and token.dep_ == "nsubj"
            and token.head.lemma_ in AIMING
        ):
            found.append((token, [], [c for c in token.head.children if c.dep_ == "dobj"], False))  # "the measures target X"
        elif token.pos_ in ("NOUN", "PROPN") and token.lower_ in MEASURE_NOUNS:
            verb, takers = _taker(token)
            if verb is not None and (negated(verb) or verb.lemma_ not in TAKING | MEASURE_VERBS):
                continue
            takers = takers + [c for c in token.children if c.dep_ == "poss"]
            takers += _requesters(token) + (_requesters(verb) if verb is not None else [])
            aimed = _objects(token, AT - {"with"}) + wanted(token)  # "a reward for the arrest of X"
            aimed += _objects(token, {"for"}) if token.lower_ in ("warrant", "warrants") else []  # "a warrant for X"
            aimed = [g for a in aimed for g in (_access(a) if a.lower_ == "access" else [a])]  # "a ban on access to X"
            if token.lower_ in ("severance", "breaking", "expulsion", "expulsions"):
                aimed += [g for o in _objects(token, {"of"}) for g in ([o] if o.lower_ not in TIES else _objects(o, {"with"}))]
            if verb is not None and token.dep_ == "dobj":
                aimed += _objects(verb, AT - {"with"})  # "impose penalties on Russia": the verb holds "on"
            aimed += [g for v in (token, *([verb] if verb is not None else [])) for g in aimed_by_participle(v)]
            if token.lower_ in AIMED_ONLY and not aimed:
                continue
            found.append((token, takers, aimed, verb is not None and verb.lemma_ in DELIBERATING))
    return found


def find_measures(talk: Discourse, s: Sentence) -> str | None:
    """The sentence's measures as one event, with who takes them and whom they target (rule event.measure)."""
    if s.span is None:
        return None
    roles = measure_roles(s)
    if not roles or any(
        m.kind == "Event" and m.start == s.start and talk.out.new_entities.get(m.entity, {}).get("type") == "PolicyDeliberation"
        for m in reversed(talk.out.mentions[-20:])
    ):
        return None  # "mulled sanctions against X": rule deliberation has it
    event = None
    for cue, takers, aimed, deliberated in roles:
        if any(a <= cue.idx < b and a <= cue.head.idx < b for a, b in talk.quotes):
            continue  # a quoted measure, unless the verb taking it is the reporter's ('said it had taken "sweeping action …"')
        actors = mentions_of(s, takers, ACTORS)
        targets = [m for m in target_mentions(talk, s, aimed) if m not in actors]
        event = event or (_earlier_measure(talk) if not actors and cue.dep_ == "nsubj" and targets else None)
        if not actors and not event:
            continue
        if event is None:
            cls = "PolicyDeliberation" if deliberated else "Event"
            against = f" against {talk.name(targets[0].entity)}" if targets else ""
            label = f"Measures by {talk.name(actors[0].entity)}{against}"
            event = talk.new("Event", cls, label, s, 0.5, at=cue.idx)
        if actors:
            talk.relate(event, "participant", [m.entity for m in actors], s, 0.5, rule="event.measure")
        if targets:
            talk.relate(event, "targets", [m.entity for m in targets], s, 0.5, rule="event.measure")
    return event


def _earlier_measure(talk: Discourse) -> str | None:
    """The article's last measures ('The department said the new measures target X, Y and Z' after 'X announced
    sanctions on …'), if it has any."""
    return next((r.subject for r in reversed(talk.out.relations) if r.rule == "event.measure"), None)


# Calls: "X spoke to Y on the phone", "X and Y spoke by telephone", "X talked with Y over the phone", "X phoned Y",
# "X called Y on Tuesday" (rule event.call). "called it unacceptable", "called on Y to …" and "a call for …" are none.
SPEAKING = {"speak", "talk", "chat", "confer", "converse"}
PHONE = {"phone", "telephone", "call", "videoconference", "video", "hotline"}


def _call_parties(token: Token) -> list[Token] | None:
    """The heads of a call's parties at the verb `token`, or None when the verb reports no call."""
    if negated(token):
        return None
    if token.lemma_ in SPEAKING:
        if not any(
            g.lower_ in PHONE
            for c in token.children
            if c.dep_ == "prep" and c.lower_ in ("on", "by", "over", "via")
            for g in c.children
            if g.dep_ == "pobj"
        ):
            return None
        partners = _objects(token, {"to", "with"})
    elif token.lemma_ in ("phone", "telephone", "call"):
        if token.lemma_ == "call" and (
            any(c.dep_ in ("oprd", "xcomp", "ccomp", "prt", "dative") for c in token.children)
            or any(c.dep_ == "prep" and c.lower_ in ("on", "for") for c in token.children)
        ):
            return None  # "called it unacceptable", "called on X to", "called for restraint"
        partners = [c for c in token.children if c.dep_ == "dobj"]
        if not partners:
            return None
    else:
        return None
    return _subjects(token) + partners


def find_calls(talk: Discourse, s: Sentence) -> str | None:
    """A call between the verb's subject and whom it spoke to (rule event.call), two parties at least."""
    if s.span is None:
        return None
    for token in cast("Span", s.span):
        if token.pos_ != "VERB" or any(a <= token.idx < b for a, b in talk.quotes):
            continue
        heads = _call_parties(token)
        if not heads:
            continue
        if token.lemma_ == "call" and not any(m.kind in ("Person", "State") for m in mentions_of(s, heads[-1:], ACTORS)):
            continue  # "X called the move …": only a person or a state is called on the phone
        people = mentions_of(s, heads, ACTORS)
        if len(people) < 2:
            continue
        names = " and ".join(talk.name(m.entity) for m in people[:2])
        event = talk.new("Event", "PhoneCall", f"Phone call between {names}", s, 0.5, at=token.idx)
        talk.relate(event, "participant", [m.entity for m in people], s, 0.5, rule="event.call")
        return event
    return None
