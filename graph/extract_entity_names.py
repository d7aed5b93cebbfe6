"""Person names with an Arabic article particle (issue 13, round 7; rule entities.particle_names).

The title-and-name shapes read capitalised words, so "Attorney General Ali Bin Fetais al-Marri" stopped at
"Fetais" and the later "Marri" became a second person; and the model's "Al-Saadan" (a sentence opening
capitalises the particle) was a second person beside "Abdullah al-Saadan". A lowercase article joined to a
capitalised word by a hyphen ("al-Marri", "el-Sisi") ends the name it follows, and a one-word mention of
that particle surname, in any case, is the person named in full.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cyberkg.graph.extract_types import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

RULE = "entities.particle_names"
_ARTICLES = {"al", "el", "ad", "as", "ash", "az", "ul"}  # the Arabic article as it is romanised


def particle_tail(doc: Doc, tokens: list[Token]) -> list[Token]:
    """`tokens` (a person's name) with an "al-Marri" tail that follows it in the text, if one does."""
    if not tokens:
        return tokens
    i = tokens[-1].i + 1
    if i + 2 >= len(doc):
        return tokens
    article, dash, word = doc[i], doc[i + 1], doc[i + 2]
    if (
        tokens[-1].whitespace_
        and article.lower_ in _ARTICLES
        and article.text.islower()
        and not article.whitespace_
        and dash.text == "-"
        and not dash.whitespace_
        and word.is_title
        and word.is_alpha
    ):
        return [*tokens, article, dash, word]
    return tokens


def particle_surname(label: str, spans: list[Span]) -> str | None:
    """The person a one-word particle surname ("Al-Saadan") stands for: the one person named in full whose
    name ends so (case aside), else None."""
    words = label.split()
    if len(words) != 1 or "-" not in label or label.split("-", 1)[0].lower() not in _ARTICLES:
        return None
    tail = label.casefold()
    people = {
        s.entity for s in spans if s.kind == "Person" and len(s.label.split()) > 1 and s.label.split()[-1].casefold() == tail
    }
    return next(iter(people)) if len(people) == 1 else None


RULE_BODIES = "entities.possessed_bodies"


def bare_bodies(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "Moscow's military action", "five Chinese military members": a one-word lowercase body ("military",
    "police") that modifies the noun after it is an adjective there, no body; "China's military said" keeps it."""
    out = []
    for s in spans:
        if s.kind == "Organisation" and " " not in s.label and s.label.islower():
            word = doc.char_span(s.start, s.end)
            after = doc[word.end] if word is not None and word.end < len(doc) else None
            if after is not None and after.pos_ == "NOUN" and word is not None and word.root.head.i == after.i:
                continue
        out.append(s)
    return out


def possessed_labels(text: str, spans: list[Span], new_entities: dict[str, dict]) -> None:
    """ "China's military is thought …": a new body named by one lowercase word after a state's possessive is
    called by the whole form ("China's military", the fullest the text uses), not the bare word, which would
    name every state's military alike."""
    states = {s.end: s for s in spans if s.kind == "State"}
    for s in spans:
        record = new_entities.get(s.entity)
        if s.kind != "Organisation" or record is None or record.get("label") != s.label:
            continue
        if " " in s.label or not s.label.islower() or text[s.start - 3 : s.start] not in ("'s ", "’s "):
            continue
        owner = states.get(s.start - 3)
        if owner is not None:
            record["label"] = text[owner.start : s.end]
