"""Events named by a verb, read as frames (rule event.frame): a cue lemma says which kind of event it is and
which of the parse's roles take part in it — the subject (active), the agent ('by X', passive), the direct
object, the objects of some prepositions — with coordinated lists ('X along with Y', 'A, B and C') spread.

- Summoning: 'X summoned Y (along with Z) (to W)', 'Y will be summoned to the foreign ministry' — a meeting
  of the one who summons, the envoy summoned and where (all take part).
- Inquiries: 'X is investigating / probing / looking into the breach', 'X reviewed the hack' (review and examine only with an
  incident as object) — who investigates takes part; what is investigated does not.
- Measures named by what is done: 'X declared a state of emergency', 'X offered a reward for information on
  Y' (Y the target), 'X ordered / directed ten Russian diplomats to leave' (an expulsion; their state the target).
- Addressing a legislature: 'the minister told / addressed / briefed parliament' — the speaker and the
  legislature take part.
- Sending a mission: 'X sent a delegation / mission / team to Y' — both take part.
- A forensic inquiry named by its noun: 'forensic analysis by X', "X's forensic examination".
- 'He met Y', 'they discussed it with Y', 'she visited Y': the meeting verbs graph.extract_parse reads, when the
  subject is a pronoun it cannot name.

A pronoun subject is resolved as news English writes it: 'it'/'they' inside a reported clause is the reporter's
organisation or state ('An official at X's office said it was investigating'); 'he'/'she' is the reporting
person, else the person last named. A subjectless complement takes its controller: the object of 'invited X
to hold talks', else the subject of 'X plans to investigate'. Negated verbs make no event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from cyberkg.graph.extract_laws import legislature_of
from cyberkg.graph.extract_lexicon import ENLISTING, MEMBERS
from cyberkg.graph.extract_parse import ATTACK_NOUNS, SAY_LEMMAS, SUBJECTS, mentions_of, negated

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence
    from cyberkg.graph.extract_types import Mention


@dataclass(frozen=True)
class Frame:
    word: str  # the event's noun, for its label and to join the discourse's event of the same kind
    cls: str  # the ontology class of the event
    objects: bool = False  # the direct object takes part
    needs: frozenset[str] = frozenset()  # the direct object must be one of these (lower-case) to make the event
    preps: frozenset[str] = frozenset()  # prepositions whose objects take part
    legislature: bool = False  # the object must be a legislature
    into: bool = False  # the verb must have an 'into' phrase ('looking into the breach')
    pronoun: bool = False  # only with a pronoun subject (event.parse reads the named ones)
    leave: bool = False  # only when its object is told to leave ('ordered ten diplomats to leave'): an expulsion


INCIDENTS = frozenset(ATTACK_NOUNS - {"war", "warfare", "offensive", "offense", "offence", "operation", "operations"})
MATTERS = INCIDENTS | {"incident", "incidents", "allegation", "allegations", "claims", "reports", "matter", "case"}
ENVOYS = frozenset({"mission", "delegation", "team", "envoy", "envoys", "delegations", "experts"})
FRAMES = {
    "summon": Frame("summons", "Talks", objects=True, preps=frozenset({"with", "to"})),
    "investigate": Frame("investigation", "Event"),
    "probe": Frame("investigation", "Event"),
    "review": Frame("investigation", "Event", needs=INCIDENTS),
    "examine": Frame("investigation", "Event", needs=INCIDENTS),
    "declare": Frame("measures", "Event", needs=frozenset({"emergency"})),
    "offer": Frame("measures", "Event", needs=frozenset({"reward", "rewards", "bounty"})),
    "tell": Frame("session", "Talks", objects=True, legislature=True),
    "address": Frame("session", "Talks", objects=True, legislature=True),
    "brief": Frame("session", "Talks", objects=True, legislature=True),
    "send": Frame("visit", "Talks", needs=ENVOYS, preps=frozenset({"to"})),
    "dispatch": Frame("visit", "Talks", needs=ENVOYS, preps=frozenset({"to"})),
    "look": Frame("investigation", "Event", into=True),
    "order": Frame("measures", "Event", leave=True),
    "direct": Frame("measures", "Event", leave=True),
    "instruct": Frame("measures", "Event", leave=True),
    "meet": Frame("meeting", "Talks", objects=True, preps=frozenset({"with"}), pronoun=True),
    "visit": Frame("visit", "Talks", objects=True, pronoun=True),
    "discuss": Frame("discussions", "Talks", preps=frozenset({"with"}), pronoun=True),
}
TALKS = {"meeting", "talks", "summons", "discussions", "session", "negotiations", "consultations", "dialogue", "summit"}
SAME_KIND = {**{w: TALKS for w in TALKS}, "investigation": {"investigation", "probe", "inquiry"}}
ACTORS = ("State", "Person", "Organisation", "Collective")
TARGETS = ("Person", "Organisation", "Collective")
IT = {"it", "they", "we"}
HE = {"he", "she"}
CONTROLLERS = {"invite", "ask", "urge", "task", "instruct", "request", "mandate", "order", "direct", "call", *ENLISTING}
OUTLETS = {"NewsAgency", "NewsOutlet"}  # "SAN JOSE (AP) — X declared …": the agency reports, it takes no part


def _objects(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ in ("dobj", "dative")]


def _prep_objects(token: Token, preps: frozenset[str]) -> list[Token]:
    """'to the ministry', 'along with the Swiss ambassador' (the 'with' under 'along')."""
    found = []
    for c in token.children:
        if c.dep_ != "prep":
            continue
        inner = [g for g in c.children if g.dep_ == "prep" and g.lower_ in preps] if c.lower_ == "along" else [c]
        found += [g for p in inner if p.lower_ in preps for g in p.children if g.dep_ == "pobj"]
    return found


def _object_fits(token: Token, frame: Frame) -> bool:
    if not frame.needs:
        return True
    for o in _objects(token):  # "a state of emergency": the noun after 'of'
        words = {o.lower_, *(g.lower_ for p in o.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children)}
        if words & frame.needs:
            return True
    return False


def _reporter(token: Token) -> Token | None:
    """The say-verb a clause is reported under: 'said it was investigating' -> said."""
    t = token
    for _ in range(3):
        if t.dep_ not in ("ccomp", "xcomp", "conj") or t.head.i == t.i:
            return None
        t = t.head
        if t.lemma_ in SAY_LEMMAS:
            return t
    return None


def _resolve(talk: Discourse, s: Sentence, pronoun: Token) -> list[Mention]:
    """The one a pronoun subject stands for (see the module's docstring)."""
    say = _reporter(pronoun.head)
    speakers = [c for c in say.children if c.dep_ in SUBJECTS] if say is not None else []
    if pronoun.lower_ in IT:
        for subject in speakers:  # "a spokesman at X's office said it …": the body in the speaker's phrase
            inside = [
                m
                for m in s.mentions
                if m.kind in ("Organisation", "State") and subject.left_edge.idx <= m.start < subject.right_edge.idx + 1
            ]
            if inside:  # the body rather than its state, the whole name rather than a part
                return [min(inside, key=lambda m: (m.kind != "Organisation", m.start - m.end))]
        return []
    people = [m for m in mentions_of(s, speakers, ("Person",))]
    if people:
        return people[:1]
    before = [m for m in s.top if m.kind == "Person" and m.end <= pronoun.idx]
    if before:
        return [before[-1]]
    return [talk.last_person] if talk.last_person is not None else []


def _doers(talk: Discourse, s: Sentence, verb: Token) -> list[Mention]:
    """Who does what the verb says: its subject or agent, a pronoun resolved, a controller's when it has none."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    subjects += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if not subjects and verb.dep_ in ("xcomp", "conj") and verb.head.pos_ in ("VERB", "AUX"):
        head = verb.head
        controlled = _objects(head) if verb.dep_ == "xcomp" and head.lemma_ in CONTROLLERS else []
        subjects = controlled or [c for c in head.children if c.dep_ == "nsubj"]
    found: list[Mention] = []
    for subject in subjects:
        if subject.lower_ in IT | HE:
            found += _resolve(talk, s, subject)
        else:
            found += mentions_of(s, [subject], ACTORS) or _members_of(s, subject)
    return found


def _members_of(s: Sentence, token: Token) -> list[Mention]:
    """'investigators from X', 'police in X': the body or place they are of."""
    if token.lower_ not in MEMBERS:
        return []
    bodies = [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("from", "of", "at", "in") for g in c.children]
    return mentions_of(s, [g for g in bodies if g.dep_ == "pobj"], ("State", "Organisation"))[:1]


def _reward_targets(s: Sentence, token: Token, frame: Frame, people: list[Mention]) -> list[Mention]:
    """'a reward for information leading to the arrest of X': who the reward's 'for' phrase names."""
    reward = [o for o in _objects(token) if o.lower_ in frame.needs]
    return [
        m
        for o in reward
        for p in o.children
        if p.dep_ == "prep" and p.lower_ == "for"
        for m in s.top
        if m.kind in TARGETS and p.idx < m.start <= p.right_edge.idx and m not in people
    ]


def _taking_part(talk: Discourse, s: Sentence, token: Token, frame: Frame) -> list[Mention] | None:
    """Who takes part in the frame at its verb; None when the verb is not this event (no legislature told)."""
    heads = _prep_objects(token, frame.preps)
    if frame.needs:  # "sent a mission to Poland": the phrase may hang on the object
        heads += [h for o in _objects(token) if o.lower_ in frame.needs for h in _prep_objects(o, frame.preps)]
    if frame.objects:
        heads += _objects(token) + [c for c in token.children if c.dep_ == "nsubjpass"]
    bodies = [b for h in _objects(token) for b in [legislature_of(talk, s, h, mentions_of)] if b is not None]
    if frame.legislature and not bodies:
        return None
    people = _doers(talk, s, token)
    people += [m for m in mentions_of(s, heads, ACTORS) if m not in people]
    if frame.word == "summons":  # "summoned the envoy to the Foreign Ministry": the body may hang on the envoy
        to = [h for o in _objects(token) for h in _prep_objects(o, frozenset({"to"}))]
        people += [m for m in mentions_of(s, to, ("Organisation",)) if m not in people]
    if frame.legislature:
        known = {m.entity for m in people}
        people += [m for m in s.top if m.entity in bodies and m.entity not in known][:1]
    return [m for m in people if not OUTLETS & talk.extractor.classes_of(m.entity, talk.out.new_entities)]


def frame_roles(talk: Discourse, s: Sentence) -> list[tuple[Token, Frame, list[Mention], list[Mention]]]:
    """(cue, frame, participants, targets) for each frame verb of the sentence outside quotations."""
    found = []
    cued = not s.words().isdisjoint(FRAMES)  # a token is first looked up by its lemma
    for token in cast("Span", s.span) if cued else ():
        frame = FRAMES.get(token.lemma_)
        if frame is None or token.pos_ != "VERB" or negated(token) or any(a <= token.idx < b for a, b in talk.quotes):
            continue
        if not _object_fits(token, frame) or (token.dep_ == "xcomp" and negated(token.head)):
            continue
        if frame.into and not any(
            g.lower_ in MATTERS for c in token.children if c.dep_ == "prep" and c.lower_ == "into" for g in c.children
        ):
            continue  # "looked into the breach", not "looked into the camera"
        if frame.leave and not any(c.lemma_ == "leave" and c.dep_ in ("xcomp", "advcl", "ccomp") for c in token.children):
            continue
        if frame.pronoun and not any(c.dep_ == "nsubj" and c.lower_ in IT | HE for c in token.children):
            continue
        people = _taking_part(talk, s, token, frame)
        if people and len(people) >= (2 if frame.cls == "Talks" else 1):
            targets = _reward_targets(s, token, frame, people) if frame.word == "measures" else []
            if frame.leave:  # "ordered ten Russian diplomats to leave": their state
                targets = [m for m in mentions_of(s, _objects(token), ("State",)) if m not in people]
            found.append((token, frame, people, targets))
    return found


INQUIRY_NOUNS = {"probe", "investigation", "inquiry", "review", "audit"}
MEETING_NOUNS = {"talks", "meeting", "meetings", "discussions", "negotiations", "consultations", "dialogue", "call"}


def pronoun_events(talk: Discourse, s: Sentence) -> list[tuple[Token, Frame, list[Mention], list[Mention]]]:
    """'He held talks with X', 'it has launched an investigation': an event noun whose verb's subject is a
    pronoun graph.extract_parse cannot name — the pronoun resolved, with the noun's 'with'/'between' objects."""
    found: list[tuple[Token, Frame, list[Mention], list[Mention]]] = []
    for token in cast("Span", s.span):
        if token.pos_ != "NOUN" or token.lower_ not in INQUIRY_NOUNS | MEETING_NOUNS or token.dep_ != "dobj":
            continue
        verb = token.head
        pronouns = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ in IT | HE]
        if (
            verb.pos_ != "VERB"
            or not pronouns
            or negated(verb)
            or negated(token)
            or any(a <= token.idx < b for a, b in talk.quotes)
        ):
            continue
        frame = Frame("investigation", "Event") if token.lower_ in INQUIRY_NOUNS else Frame("talks", "Talks")
        people = _resolve(talk, s, pronouns[0])
        people += [m for m in mentions_of(s, _prep_objects(token, frozenset({"with", "between"})), ACTORS) if m not in people]
        if people and len(people) >= (2 if frame.cls == "Talks" else 1):
            found.append((token, frame, people, []))
    return found


FORENSIC = {"analysis", "analyses", "examination", "review", "audit", "assessment", "investigation", "probe"}


def forensic_events(talk: Discourse, s: Sentence) -> list[tuple[Token, Frame, list[Mention], list[Mention]]]:
    """'Forensic analysis by X indicates …', "X's forensic examination", 'X conducted a forensic review': an
    inquiry by the one the phrase names (the agent, the possessor, the subject of the verb it is the object of)."""
    found: list[tuple[Token, Frame, list[Mention], list[Mention]]] = []
    for token in cast("Span", s.span):
        if token.pos_ != "NOUN" or token.lower_ not in FORENSIC or not any(c.lower_ == "forensic" for c in token.children):
            continue
        heads = _prep_objects(token, frozenset({"by"})) + [c for c in token.children if c.dep_ == "poss"]
        doers = mentions_of(s, heads, ("State", "Organisation", "Person"))
        if not doers and token.dep_ == "dobj" and token.head.pos_ == "VERB" and not negated(token.head):
            doers = _doers(talk, s, token.head)
        if doers and not any(a <= token.idx < b for a, b in talk.quotes):
            found.append((token, Frame("investigation", "Event"), doers, []))
    return found


def find_event_frames(talk: Discourse, s: Sentence) -> str | None:
    """The sentence's frame events, each with its participants and targets (rule event.frame)."""
    if s.span is None:
        return None
    made = None
    for cue, frame, people, targets in frame_roles(talk, s) + pronoun_events(talk, s) + forensic_events(talk, s):
        if talk.event and (talk.event[1] == frame.word or talk.event[1] in SAME_KIND.get(frame.word, set())):
            event = talk.event[0]
        else:
            names = " and ".join(talk.name(m.entity) for m in people[:2])
            event = talk.new("Event", frame.cls, f"{frame.word.capitalize()}: {names}", s, 0.5, at=cue.idx)
            talk.event = (event, frame.word)
        talk.relate(event, "participant", [m.entity for m in people], s, 0.5, rule="event.frame")
        if targets:
            talk.relate(event, "targets", [m.entity for m in targets], s, 0.5, rule="event.frame")
        made = made or event
    return made
