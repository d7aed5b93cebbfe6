"""An unnamed head of a body as the source of 'according to' (issue 13, round 7).

"According to the head of Norway's military intelligence agency, …" names one person by office: the speaker is
that person (described, as the guide names unnamed speakers: "head of Norway's military intelligence agency"),
not the agency named inside the description, which the nearest-name reading took. Only heads of a body ("head",
"chief", "director", "chairman" … "of"), and only when no named person follows the description.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cyberkg.graph.extract_reported import state_source
from cyberkg.graph.extract_speech import according_to
from cyberkg.graph.extract_types import Mention, slug

if TYPE_CHECKING:
    from cyberkg.graph.extract_discourse import Discourse, Sentence

_HEAD_OF = re.compile(
    r"\s+(?:the\s+)?((?:head|chief|director|commander|chairman|chairwoman|chairperson)\s+of\s+"
    r"(?:the\s+)?[A-Z][^,;:\n\"“”]{2,80}?)\s*,"
)


def according_to_head(talk: Discourse, s: Sentence, cue_end: int) -> Mention | None:
    """'according to the head of X, …': the unnamed head of X (see the module's docstring)."""
    text = talk.out.article.text
    head = _HEAD_OF.match(text, cue_end)
    if head is None or head.end() > s.end:
        return None
    if any(m.kind == "Person" and head.start(1) <= m.start < head.end() + 40 for m in s.mentions):
        return None  # "according to the head of X, Ana Ruiz, …": the named person, read elsewhere
    label = head.group(1)
    start, end = head.start(1), head.end(1)
    entity = f"{slug(label)}-{slug(talk.out.article.id)}"
    talk.out.new_entities.setdefault(entity, {"type": "Person", "label": label})
    mention = Mention(entity, "Person", label, s.text, start, end, 0.5)
    talk.out.mentions.append(mention)
    return mention


def according_source(talk: Discourse, s: Sentence, cue_end: int) -> Mention | None:
    """Who 'according to' names: an unnamed head of a body, a person or body, or a state ("according to Norway")."""
    source = according_to_head(talk, s, cue_end) or according_to(s, cue_end) or state_source(s, cue_end)
    text = talk.out.article.text
    if source and re.search(r"\b(?:seen|reviewed|obtained|viewed)\s+by\s+(?:the\s+)?$", text[cue_end : source.start]):
        return None  # "according to documents seen by Reuters": the documents speak, not who saw them
    return source
