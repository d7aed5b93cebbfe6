"""Later mentions of a named person by the title they were named with (issue 13, round 6), for
graph.extract_holders.namesakes: "telecommunications minister Ana Ruiz said … The Vela telecommunications minister
added" — a definite description whose head is a title word, every other word of it (a state's name or demonym
aside) in the title the article gave exactly one named person before it or just before that title, is that
person, not an unnamed official of their own.
"""

from __future__ import annotations

import re

from cyberkg.graph.extract_lexicon import TITLE_WORDS
from cyberkg.graph.extract_types import Extraction, Mention, Title

_THE = re.compile(r"(?:^|\W)[Tt]he\s+$")
_WORDS = re.compile(r"[\w-]+")


def described_namesakes(out: Extraction, unnamed_suffix: str) -> dict[str, str]:
    """unnamed person -> the named person each of its definite descriptions refers back to."""
    text = out.article.text
    named = {m.entity for m in out.mentions if m.kind == "Person" and not m.entity.endswith(unnamed_suffix)}
    titles = [t for t in out.titles if t.person in named]
    if not titles:
        return {}
    states = [m for m in out.mentions if m.kind == "State"]
    found: dict[str, set[str]] = {}
    for m in out.mentions:
        if m.kind == "Person" and m.entity.endswith(unnamed_suffix):
            if not _THE.search(text[max(0, m.start - 6) : m.start]):
                found.setdefault(m.entity, set()).add("")  # an indefinite mention ("a minister") is someone else
                continue
            found.setdefault(m.entity, set()).add(_named_before(text, m, titles, states) or "")
    return {entity: next(iter(people)) for entity, people in found.items() if len(people) == 1 and "" not in people}


def _named_before(text: str, description: Mention, titles: list[Title], states: list[Mention]) -> str | None:
    """The one person named before with a title (and the words just before it) holding every word of the
    description but its state's."""
    words = _WORDS.findall(text[description.start : description.end].lower())
    if not words or words[-1] not in TITLE_WORDS:
        return None
    own = {
        w
        for st in states
        if description.start <= st.start < description.end
        for w in _WORDS.findall(text[st.start : st.end].lower())
    }
    rest = {w for w in words if w not in own and w != "s"}
    people = {
        t.person
        for t in titles
        if t.end <= description.start and rest <= set(_WORDS.findall(text[max(0, t.start - 40) : t.end].lower()))
    }
    return next(iter(people)) if len(people) == 1 else None
