"""Checks on a name's words for graph.extract_names (issue 13; moved here in round 6 to keep that module short):
what ends a company's, a body's, a broadcaster's or a place's name rather than a person's, a dateline, a headline,
and a place named after "<place noun> of".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cyberkg.graph.extract_lexicon import LAW_WORDS, NAME_PARTICLES, ORG_WORDS, TITLE_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Span as DocSpan
    from spacy.tokens import Token

COMPANY_ENDINGS = {
    "inc",
    "corp",
    "corporation",
    "co",
    "ltd",
    "llc",
    "plc",
    "group",
    "lab",
    "labs",
    "networks",
    "technologies",
    "systems",
    "bank",
    "holdings",
    "partners",
    "ag",
    "sa",
    "gmbh",
}
# Heads that end a body's name, never a person's: a "person" the model names so is a body ("the Vela Supply Board").
BODY_ENDINGS = frozenset({*ORG_WORDS, "board"})
PLURAL_HEADS = frozenset(
    "teams agencies ministries departments companies banks authorities institutions organisations organizations".split()
)
# Regions, never bodies ("the Indo-Pacific", "Central Asia").
REGIONS = frozenset("pacific atlantic arctic asia europe africa americas mediterranean baltic balkans caucasus".split())
# A name ending so is a broadcaster ("Vela FM", "Acme TV"), never a person.
BROADCAST_ENDINGS = {"fm", "tv", "radio"}


def dateline(tokens: list[Token]) -> bool:
    """'SAN FRANCISCO The company said …': capitals of two or more words opening a line are where the story was filed."""
    doc = tokens[0].doc
    return (
        len(tokens) >= 2
        and all(t.is_upper for t in tokens)
        and (tokens[0].i == 0 or "\n" in doc[tokens[0].i - 1].text_with_ws or doc[tokens[0].i - 1].is_space)
    )


def headline(sent: DocSpan) -> bool:
    """Title case: four or more longer words, all capitalised but perhaps a few function words ("with", "from"); a
    sentence dense with names keeps a lower-case content word ("the delegation was led by …")."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return (
        len(words) >= 4
        and sum(t.is_title for t in words) >= 0.8 * len(words)
        and all(t.is_title or t.is_upper or t.is_stop for t in words)
    )


# Heads that end the names of places, courts and schemes, never a person's ("Black Sea", "Safe Harbour").
NOT_PERSONAL = {
    "sea",
    "ocean",
    "bay",
    "gulf",
    "strait",
    "river",
    "island",
    "islands",
    "harbour",
    "harbor",
    "port",
    "court",
    "street",
    "square",
    "valley",
    "peninsula",
    "shield",
    "bridge",
    "plan",
    "fund",
}


# Words that open the name of a building or place, never a person's ("Palacio de La Moneda", "Fort Meade").
PLACE_OPENERS = frozenset("palacio palazzo palais palace casa fort mount lake cape camp castle".split())


def is_person_name(tokens: list[Token]) -> bool:
    if len(tokens) < 2 or len(tokens) > 5 or tokens[-1].lower_ in NOT_PERSONAL or tokens[0].lower_ in PLACE_OPENERS:
        return False
    for t in tokens:
        word = t.text
        if t.lower_ in ORG_WORDS or t.lower_ in LAW_WORDS or t.lower_ in TITLE_WORDS or t.lower_ in COMPANY_ENDINGS:
            return False
        after_hyphen = t.i > 0 and t.doc[t.i - 1].text == "-" and not t.doc[t.i - 1].whitespace_
        if not (word[:1].isupper() or t.lower_ in NAME_PARTICLES or word in ("-",) or after_hyphen):
            return False  # "Jeong Ik-rae": a lower-case syllable after a hyphen belongs to the name
    return not tokens[-1].text.endswith(".")  # "James B." is a cut name, not a person


# Nouns of a place whose name follows "of" ("the district of …", "the state of …").
PLACE_NOUNS = frozenset("district state province city region county town village island prefecture municipality".split())


def place_of(first: Token) -> bool:
    """The name follows '<place noun> of': a place."""
    doc, i = first.doc, first.i
    return i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in PLACE_NOUNS and doc[i - 2].is_lower
