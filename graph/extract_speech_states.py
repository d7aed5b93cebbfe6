"""Posts whose state is named after the holder, or whose body is named inside the title (issue 13, round 7).

News writing names heads of state and ministers by a title before the name and the state after it:
"President Karl Berg of Norway", and for several at once a plural title over a list, "Presidents Karl Berg of
Norway, Ana Ruiz of Peru and Jan Holm of Sweden". The title read before a name (graph.extract_people.title_before)
looks for the state only before the title, and a plural title is no title word, so these posts had no state
and the listed people no post. Here the title of a name right before "of <State>" takes that state, and every
name of a list under a plural title gets the singular title and its own state. A title that names a body inside
it and was read without one ("Karl Berg, an Interior Ministry spokesman") is that body's post.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cyberkg.graph.extract_lexicon import TITLE_WORDS
from cyberkg.graph.extract_types import Span, Title, doc_text, slug

if TYPE_CHECKING:
    from spacy.tokens import Doc

# "of Norway" / "of the Philippines" right after a name, the state ending the phrase (not "of Norway's Vela Party")
_OF_STATE = re.compile(r"\s+of\s+(?:the\s+)?")
# Plural titles of office that head a list of holders ("Presidents", "Foreign Ministers", "Prime Ministers")
_PLURAL = {"presidents": "President", "ministers": "Minister", "premiers": "Premier", "chancellors": "Chancellor"}


def _state_after(text: str, end: int, spans: list[Span]) -> Span | None:
    """The state named in 'of <State>' right after `end`, when the phrase ends there (no possessive, no body)."""
    of = _OF_STATE.match(text, end)
    if of is None:
        return None
    state = next((s for s in spans if s.kind == "State" and s.start == of.end()), None)
    if state is None or re.match(r"(?:'s|’s)|\s+[A-Z]", text[state.end : state.end + 3]):
        return None  # "of Norway's Vela Party", "of Norway State Bank": a body of the state, not the state
    return state


_NAME = re.compile(r"[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’.-]*|al-[A-Z][\w'’-]+|bin|de|van|von)){1,3}(?=\s+of\s)")


def states_after_names(doc: Doc, spans: list[Span], titles: list[Title]) -> list[Span]:
    """Give each name listed under a plural title ("Presidents A of X, B of Y and C of Z") that title and its
    state, and a title right before a name the state named right after it; the spans, with the listed names
    the model missed or ran into the plural title ("Ministers Karl Berg") as people."""
    text = doc_text(doc)
    for token in doc:
        singular = _PLURAL.get(token.lower_)
        if singular is None or not token.text[:1].isupper():
            continue
        if token.i > 0 and doc[token.i - 1].lower_ in TITLE_WORDS and doc[token.i - 1].text[:1].isupper():
            singular = f"{doc[token.i - 1].text} {singular}"  # "Foreign Ministers", "Prime Ministers"
        at = token.idx + len(token)
        while True:  # each "<name> of <State>" of the list, joined by commas and "and"
            lead = re.match(r"\s*(?:,\s*)?(?:and\s+)?", text[at:])
            person = _listed(text, at + (lead.end() if lead else 0), token.idx, spans)
            state = _state_after(text, person.end, spans) if person is not None else None
            if person is None or state is None:
                break
            had = [t for t in titles if t.person == person.entity]
            if not any(t.state or t.organisation or t.post for t in had):  # none, or a stub ("Foreign" before it)
                titles[:] = [t for t in titles if t.person != person.entity]
                titles.append(Title(person.entity, token.idx, token.idx + len(token), singular, None, state.entity))
            at = state.end
    people = {s.entity: s for s in spans if s.kind == "Person" and s.cls == "Person"}
    titles[:] = [_owned(text, t, spans, people) for t in titles]
    return spans


def _owned(text: str, title: Title, spans: list[Span], people: dict[str, Span]) -> Title:
    """The title with the body or state that owns it, when it has none yet: a body named inside it ("X, an Interior
    Ministry spokesman"), before its hyphenated words ("NATO Secretary-General X", read from "General" only), or
    the state right after its holder's name ("President X of Peru")."""
    if title.state or title.organisation or title.post:
        return title
    inside = next((s for s in spans if s.kind == "Organisation" and title.start <= s.start and s.end <= title.end), None)
    owner = inside or _owner_before_hyphen(text, title.start, spans)
    if owner is None:
        person = people.get(title.person)
        if person is None or title.end > person.start or text[title.end : person.start].strip():
            return title  # the title must stand right before the name
        owner = _state_after(text, person.end, spans)
    if owner is None:
        return title
    body, state = (owner.entity, None) if owner.kind == "Organisation" else (None, owner.entity)
    return Title(title.person, title.start, title.end, title.words, body, state)


def _listed(text: str, start: int, plural: int, spans: list[Span]) -> Span | None:
    """The person named at `start` in a list under a plural title: a person span there, one the shapes ran on from
    the plural title ("Ministers Karl Berg", made a span of the name alone), or a capitalised name before "of"."""
    found = next((s for s in spans if s.kind == "Person" and s.cls == "Person" and s.start == start), None)
    if found is not None:
        return found
    name = _NAME.match(text, start)
    if name is None:
        return None
    run_on = next((s for s in spans if s.kind == "Person" and s.start == plural and s.end == name.end()), None)
    if run_on is not None:
        spans.remove(run_on)
    elif any(s.start < name.end() and start < s.end for s in spans):
        return None
    person = Span(start, name.end(), "Person", run_on.entity if run_on else slug(name.group(0)), name.group(0), "Person")
    spans.append(person)
    return person


_HYPHENED = re.compile(r"(?:'s\s+|’s\s+|\s+)((?:[A-Z][a-z]+-)+)$")


def _owner_before_hyphen(text: str, start: int, spans: list[Span]) -> Span | None:
    """The body or state right before a hyphenated title whose last part alone was read ("Secretary-" of
    "NATO Secretary-General", "Peru's Vice-President")."""
    lead = _HYPHENED.search(text, max(0, start - 60), start)
    if lead is None:
        return None
    at = lead.start()
    return next((s for s in spans if s.kind in ("Organisation", "State") and s.end == at), None)
