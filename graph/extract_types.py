"""The extractor's data types, shared by its modules (no behaviour, no state)."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cyberkg.graph.reader import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc

ACTOR_KINDS = ("Person", "Organisation", "Collective")  # who can act, speak and be blamed


@dataclass
class Mention:
    entity: str  # an id: known, from a gazetteer, or minted here
    kind: str  # broad kind: State, Person, Organisation, Collective, or an event kind
    label: str
    sentence: str
    start: int
    end: int
    confidence: float
    known: bool = False


@dataclass
class Relation:
    subject: str
    predicate: str
    objects: list[str]  # entity ids, or empty for a literal `value`
    sentence: str
    confidence: float
    value: str | None = None
    rule: str = ""  # the id of the rule that made it (graph.extract_rules)


@dataclass
class Extraction:
    article: Article
    mentions: list[Mention] = field(default_factory=list)
    new_entities: dict[str, dict] = field(default_factory=dict)  # id -> {type, label}
    relations: list[Relation] = field(default_factory=list)
    dates: dict[str, tuple[dict, str]] = field(default_factory=dict)  # entity -> (seed date, sentence)
    titles: list[Title] = field(default_factory=list)  # the post each titled person is named with
    topics: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, topic:…) named in the text


@dataclass(frozen=True)
class Quoted:
    """A statement an article of the run quoted: its quotation, its speaker, and their records."""

    statement: str
    quotation: str
    speaker: str
    unnamed: bool  # the speaker is described, not named
    words: int  # how many words the quotation has, editorial brackets aside
    records: tuple[dict, dict, dict]  # the statement's, the quotation's and the speaker's


@dataclass
class RunMemory:
    """What the earlier articles of a run made that a later one may mention again."""

    quotes: dict[str, Quoted] = field(default_factory=dict)  # the first words of a quotation -> its statement
    talks: dict[str, tuple[str, dict]] = field(default_factory=dict)  # agreement -> (the talks it was reached in, record)
    described: dict[str, str] = field(default_factory=dict)  # an unnamed person -> how the first article described them


@dataclass(frozen=True)
class Title:
    """'Canadian Prime Minister' before 'Justin Trudeau': the words, and the state or organisation they name."""

    person: str
    start: int
    end: int
    words: str
    organisation: str | None  # an organisation named inside the title ("communist party official")
    state: str | None  # the state named just before it ("Canadian", "Canada's")
    post: str | None = None  # the graph's own post, when the title is one of its names


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    kind: str  # broad kind
    entity: str
    label: str
    cls: str = ""  # the ontology class a new entity gets


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "entity"


def overlaps(a: Span, spans: Iterable[Span], kinds: Container[str] | None = None) -> bool:
    return any(a.start < s.end and s.start < a.end for s in spans if kinds is None or s.kind in kinds)


def doc_text(doc: Doc) -> str:
    """A parsed article's text, computed once: spaCy's Doc.text joins every token again on each access."""
    text: str | None = doc.user_data.get("cyberkg_text")
    if text is None:
        text = doc.user_data["cyberkg_text"] = doc.text
    return text
