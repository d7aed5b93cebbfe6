"""Where a person's name starts and ends (issue 13, round 5), for the title shapes (graph.extract_people) and
the model's names (graph.extract_names):

- a day or month after a name is the time of what was said or done, no part of the name: US news writes
  "President Ana Ruiz Friday warned …";
- an envoy's description runs on to the state they are sent to ("the Vela ambassador to Norway"); followed by
  a comma and a name ("…, Ana Ruiz,") it is that person's post, no unnamed person;
- a name written family name first in three parts ("Han Min Jun"): the model may read the short family
  name as a people or place word (NORP, GPE) and only the given names as the person; a capitalised word
  no gazetteer knows, opening the name, directly before a two-word person, is the family name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cyberkg.graph.extract_types import Span, slug

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

TIME_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april june july august
    september october november december
    """.split()
)  # not "May": a name too


def without_time_words(tokens: list[Token]) -> list[Token]:
    """The name's tokens without a trailing day or month ("Ana Ruiz Friday")."""
    while tokens and tokens[-1].lower_ in TIME_WORDS:
        tokens = tokens[:-1]
    return tokens


def family_name_first(doc: Doc, i: int) -> bool:
    """Token i is a family name opening a three-part name: short, capitalised, a proper noun the model took
    for a people or place word that no gazetteer knows, and no capitalised word before it."""
    token = doc[i]
    before = doc[i - 1] if i > 0 else None
    return (
        token.is_title
        and token.is_alpha
        and len(token) <= 4
        and token.pos_ == "PROPN"
        and token.ent_type_ in ("NORP", "GPE")
        and not token.ent_id_
        and token.whitespace_ == " "
        and (before is None or not before.is_title or before.is_sent_end or before.text in ("\n", "\n\n"))
    )


_TO = re.compile(r"\s+to\s+")
_NAME_AFTER = re.compile(r",\s+[A-Z][a-z]+(?:\s+[A-Z][a-z.]+){1,2}\s*[,.]")


def envoy_to(text: str, end: int, spans: list[Span]) -> int | None:
    """Where 'to <state>' after an envoy's description ends ("ambassador to the Netherlands"), if it follows."""
    if not re.search(r"(?:ambassador|envoy|representative|consul)$", text[:end], re.I):
        return None
    to = _TO.match(text, end)
    after = to.end() + 4 if to and text.startswith("the ", to.end()) else None
    state = next(
        (
            s
            for s in spans
            if to
            and s.kind == "State"
            and s.start in (to.end(), after)
            and slug(re.sub(r"^the ", "", s.label, flags=re.I)) == s.entity
        ),
        None,
    )  # the state by its name ("The Netherlands" too): "ambassador to Berlin" keeps the capital as a place
    return state.end if state else None


def named_after(text: str, end: int) -> bool:
    """', Ana Ruiz,' right after a description: it describes that named person."""
    return bool(_NAME_AFTER.match(text, end))
