"""Events news reports name by the scene rather than by a meeting word (graph.extract_parse has the rest).

- Testimony and briefings (rule event.testimony): "X told two Senate committees", "the agency told
  lawmakers" — a hearing, with the speaker and the legislature (when named) as participants.
- An appearance at a host (rule event.hosted): "X said at a morning event at the Atlantic Council", "spoke
  at a forum hosted by Y" — the speaker and the host organisation take part.
- Joint exercises (rule event.exercise): "A and B conduct joint military exercises", "A held drills with B".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from cyberkg.graph.extract_parse import SAY_LEMMAS, description, mentions_of, negated

if TYPE_CHECKING:  # annotations only
    from spacy.tokens import Span, Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence

ACTORS = ("Person", "Organisation", "State")
HEARING_BODIES = {
    "committee",
    "committees",
    "lawmakers",
    "legislators",
    "senators",
    "congressmen",
    "parliament",
    "congress",
    "senate",
    "subcommittee",
    "panel",
    "parliamentarians",
    "mps",
}
PEOPLE_BODIES = {"lawmakers", "legislators", "senators", "parliamentarians", "mps"}
HOSTED = {"event", "forum", "seminar", "symposium", "panel", "conference", "summit", "meeting", "briefing", "lecture"}
EXERCISES = {"exercises", "exercise", "drills", "drill", "manoeuvres", "maneuvers", "wargames"}
STAGING = {"conduct", "hold", "stage", "begin", "start", "launch", "carry", "host"}


def _subjects(verb: Token) -> list[Token]:
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ in ("conj", "advcl", "xcomp"):
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    return subjects


def find_testimony(talk: Discourse, s: Sentence) -> str | None:
    """'X told two Senate committees …', 'the agency told lawmakers …', 'X testified to the panel': a hearing
    with the speaker and the body told (when the article names it) as participants (rule event.testimony)."""
    if s.span is None:
        return None
    for token in cast("Span", s.span):
        if token.lemma_ not in ("tell", "brief", "testify") or token.pos_ != "VERB" or negated(token):
            continue
        bodies = [c for c in token.children if c.dep_ in ("dobj", "dative") and c.lower_ in HEARING_BODIES]
        if not bodies:
            continue
        speakers = mentions_of(s, [c for c in token.children if c.dep_ == "nsubj"], ("Person", "Organisation", "State"))
        if not speakers:
            continue
        named = [m.entity for m in mentions_of(s, bodies, ("Organisation",))]
        if not named and bodies[0].lower_ in ("lawmakers", "legislators", "senators", "parliamentarians", "mps"):
            label = talk.out.article.text[slice(*description(bodies[0]))]
            named = [talk.group(label, *description(bodies[0]), s).entity]
        event = talk.new("Event", "Event", f"Hearing of {talk.name(speakers[0].entity)}", s, 0.5, at=token.idx)
        talk.relate(event, "participant", [speakers[0].entity, *named], s, 0.5, rule="event.testimony")
        return event
    return None


def _host(token: Token) -> list[Token]:
    """'an event at the Atlantic Council', 'a forum hosted/organised by Y': the host's head."""
    heads = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "at" for g in c.children if g.dep_ == "pobj"]
    heads += [
        g
        for c in token.children
        if c.dep_ == "acl" and c.lemma_ in ("host", "organise", "organize")
        for a in c.children
        if a.dep_ == "agent"
        for g in a.children
        if g.dep_ == "pobj"
    ]
    return heads


def find_hosted(talk: Discourse, s: Sentence) -> str | None:
    """'X said at an event at the Bipartisan Policy Center': the speaker and the host take part."""
    for token in cast("Span", s.span) if s.span is not None else []:
        if token.lower_ not in HOSTED or token.dep_ != "pobj" or token.head.lower_ not in ("at", "during"):
            continue
        verb = token.head.head
        if verb.pos_ != "VERB" or not (verb.lemma_ in SAY_LEMMAS or verb.lemma_ in ("speak", "appear")) or negated(verb):
            continue
        hosts = [m for m in mentions_of(s, _host(token), ("Organisation",))]
        speakers = mentions_of(s, _subjects(verb), ACTORS)
        if hosts and speakers:
            event = talk.new(
                "Event", "Event", f"{token.lower_.capitalize()} at {talk.name(hosts[0].entity)}", s, 0.5, at=token.idx
            )
            talk.relate(event, "participant", [speakers[0].entity, hosts[0].entity], s, 0.5, rule="event.hosted")
            return event
    return None


def _left_coordination(verb: Token) -> list[Token]:
    """'as A and B conduct exercises' parsed with 'as' a preposition: the coordination right before the verb."""
    if verb.i == 0:
        return []
    t = verb.doc[verb.i - 1]
    while t.dep_ == "conj" and t.head.i < t.i:
        t = t.head
    return [t] if t.pos_ == "PROPN" and any(c.dep_ == "conj" for c in t.children) else []


def find_exercises(talk: Discourse, s: Sentence) -> str | None:
    """'A and B conduct joint military exercises', 'A held drills with B': the subjects (and partners) take part."""
    for token in cast("Span", s.span) if s.span is not None else []:
        verb = token.head
        if token.lower_ not in EXERCISES or token.dep_ != "dobj" or verb.lemma_ not in STAGING or negated(verb):
            continue
        partners = [
            g
            for c in [*verb.children, *token.children]
            if c.dep_ == "prep" and c.lower_ == "with"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        heads = (_subjects(verb) or _left_coordination(verb)) + partners
        people = [m.entity for m in mentions_of(s, heads, ("State", "Organisation"))]
        if len(people) >= 2 or people and any(c.lower_ == "joint" for c in token.children):
            names = " and ".join(talk.name(p) for p in people[:2])
            event = talk.new("Event", "Event", f"Exercises of {names}", s, 0.5, at=token.idx)
            talk.relate(event, "participant", people, s, 0.5, rule="event.exercise")
            return event
    return None
