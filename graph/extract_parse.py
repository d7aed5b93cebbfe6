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

EVENT_NOUNS = {"talks", "talk", "meeting", "meetings", "discussion", "discussions", "negotiation", "negotiations",
               "dialogue", "call", "summit", "conference", "probe", "investigation", "inquiry", "hearing", "hearings",
               "raid", "raids", "crackdown", "session", "sessions", "consultations", "visit"}
EVENT_VERBS = {"meet", "discuss", "negotiate", "probe", "investigate", "raid", "visit", "convene", "attend"}
SAY_LEMMAS = {"say", "tell", "add", "note", "warn", "announce", "state", "write", "tweet", "claim", "report", "comment",
              "argue", "explain", "insist", "confirm", "describe", "acknowledge", "testify", "decline", "admit",
              "stress", "caution", "predict", "allege", "suggest", "respond", "reply", "urge", "complain"}
SUBJECTS = ("nsubj", "nsubjpass")
NEGATIONS = {"not", "n't", "never", "no"}
MODAL = {"may", "might", "could", "would", "plans", "plan"}


def negated(token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in token.children)


def _expand(token) -> list:
    """The token and its conjuncts ('Cameron and May'), through 'of'-less appositions."""
    out, todo = [], [token]
    while todo:
        t = todo.pop()
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ in ("conj", "appos"))
    return out


def _mention(s, token, kinds):
    """The top mention covering the token, else one inside its noun phrase ('the Egyptian government')."""
    at = [m for m in s.top if m.start <= token.idx < m.end and m.kind in kinds]
    if at:
        return at[0]
    left, right = token.left_edge.idx, token.idx + len(token)
    inside = [m for m in s.top if left <= m.start and m.end <= right and m.kind in kinds]
    return max(inside, key=lambda m: m.end) if inside else None


def event_participants(s, span, kinds) -> list[tuple[object, list]]:
    """(cue token, participant mentions) for each event cue of the sentence with at least one participant."""
    found = []
    for token in span:
        noun = token.pos_ in ("NOUN", "PROPN") and token.lower_ in EVENT_NOUNS
        verb = token.pos_ == "VERB" and token.lemma_ in EVENT_VERBS
        if not (noun or verb) or negated(token) or (token.head.pos_ == "VERB" and negated(token.head)):
            continue
        heads = []
        if verb:
            heads += [c for c in token.children if c.dep_ in (*SUBJECTS, "dobj")]
            heads += [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if noun:
            heads += [c for c in token.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
            holder = token.head
            if token.dep_ in ("dobj", "pobj", "attr") and holder.pos_ in ("VERB", "AUX", "ADP"):
                verb_head = holder.head if holder.pos_ == "ADP" else holder
                heads += [c for c in verb_head.children if c.dep_ in SUBJECTS]
            if token.dep_ == "nsubjpass":
                heads += [g for c in token.head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ in ("between", "with", "among", "by")]
        if noun and token.dep_ == "pobj" and token.head.lower_ == "in":  # "were in discussions with X"
            preps += [c for c in token.head.head.children if c.dep_ == "prep" and c.lower_ == "with"]
        heads += [g for p in preps for g in p.children if g.dep_ == "pobj"]
        people = []
        for head in heads:
            for t in _expand(head):
                m = _mention(s, t, kinds)
                if m is not None and m not in people:
                    people.append(m)
        if people:
            found.append((token, people))
    return found


def say_subject(s, span, cue_start: int, kinds):
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
        names = _expand(subject)
        at = [m for t in names for m in s.top if m.start <= t.idx < m.end and m.kind in kinds]
        inside = [m for t in names if (m := _mention(s, t, kinds)) is not None]
        for found in (at, inside):  # the person who speaks rather than the body they speak for
            if found:
                return next((m for m in found if m.kind == "Person"), found[0])
    return None


TALKS = {"talks", "talk", "meeting", "meetings", "discussion", "discussions", "dialogue", "summit", "conference",
         "session", "sessions", "consultations", "meet", "discuss", "convene", "attend", "visit"}
NEGOTIATION = {"negotiation", "negotiations", "negotiate"}


def find_parse_events(talk, s) -> str | None:
    """Events the parse shows with their participants; a cue the discourse's event was introduced with
    ('the talks', 'the probe') adds to that event rather than making another."""
    from cyberkg.graph.extract_discourse import BLAMEABLE

    if s.span is None:
        return None
    made = None
    for cue, people in event_participants(s, s.span, BLAMEABLE):
        noun = cue.lemma_.lower() if cue.pos_ == "VERB" else cue.lower_
        word = {"meet": "meeting", "discuss": "discussions", "negotiate": "negotiations", "probe": "probe",
                "investigate": "investigation", "raid": "raid", "visit": "visit", "convene": "meeting",
                "attend": "meeting"}.get(noun, noun)
        if talk.event and _same_kind(talk.event[1], word):
            event = talk.event[0]
        else:
            cls = "PhoneCall" if word == "call" else "Talks" if word in TALKS else \
                "Negotiation" if word in NEGOTIATION else "Event"
            names = " and ".join(talk.name(m.entity) for m in people[:2])
            preposition = "between" if len(people) > 1 and cls != "Event" else "by" if cls == "Event" else "with"
            event = talk.new("Event", cls, f"{word.capitalize()} {preposition} {names}", s, 0.5, at=cue.idx)
            talk.event = (event, word)
        talk.relate(event, "participant", [m.entity for m in people], s, 0.5, rule="event.parse")
        made = made or event
    return made


def _same_kind(a: str, b: str) -> bool:
    groups = ({"talks", "meeting", "discussions", "discussion", "dialogue", "negotiations", "summit", "conference",
               "session", "sessions", "consultations"}, {"probe", "investigation", "inquiry", "hearing", "hearings"},
              {"raid", "raids", "crackdown"}, {"call"}, {"visit"})
    return a == b or any(a in g and b in g for g in groups)
