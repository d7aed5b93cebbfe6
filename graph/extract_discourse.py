"""The state extraction carries from sentence to sentence: the sentence being read (its mentions, those
outside quotations and not inside a longer name) and the discourse so far (agreements, talks, the last
incident, claim and law), through which later sentences' "the pact", "the meeting", "the law" resolve."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cyberkg.graph.extract_lexicon import THREAT_HEADS
from cyberkg.graph.extract_rules import check
from cyberkg.graph.extract_types import ACTOR_KINDS, Extraction, Mention, Relation, slug

if TYPE_CHECKING:  # annotations only: extract imports this module to run it
    from spacy.tokens import Span, Token

    from cyberkg.graph.extract import Extractor

BLAMEABLE = ("State", *ACTOR_KINDS)
POSSESSIVE = re.compile(r"['\u2019]s? ")
SPEAKERS = ("Person", "Organisation")


class ParsedSpan:
    """A parsed sentence (a spaCy Span) whose tokens are made once: some forty rule passes walk them, and
    a Span makes each Token anew on every access (through Doc.__getitem__), the larger part of a walk's
    cost. Iterating, len and an int index read the tokens made once; slices and every other attribute
    (root, doc, start, start_char, text, ents, …) are the Span's own."""

    __slots__ = ("_span", "tokens")

    def __init__(self, span: Span) -> None:
        self._span = span
        self.tokens: list[Token] = list(span)

    def __iter__(self) -> Iterator[Token]:
        return iter(self.tokens)

    def __len__(self) -> int:
        return len(self.tokens)

    def __getitem__(self, i: int | slice) -> Token | Span:
        return self.tokens[i] if isinstance(i, int) else self._span[i]

    def __getattr__(self, name: str) -> object:
        return getattr(self._span, name)


@dataclass
class Sentence:
    start: int
    end: int
    text: str  # as in the article, for evidence
    mentions: list[Mention]  # every mention, nested ones included
    top: list[Mention]  # mentions not inside a longer one, outside quotations
    doc_text: str
    span: object = None  # the model's parsed sentence (a spaCy Span)
    # its tokens, made once: some forty rule passes read them, and spaCy makes a new Token on each access
    _tokens: list | None = field(default=None, init=False, repr=False, compare=False)
    _words: frozenset[str] | None = field(default=None, init=False, repr=False, compare=False)
    _cues: dict[tuple[re.Pattern[str], tuple[tuple[int, int], ...]], list[re.Match[str]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def tokens(self) -> list:
        """The parsed tokens (none when the sentence was not parsed), made once per sentence."""
        if self._tokens is None:
            span = self.span
            self._tokens = span.tokens if isinstance(span, ParsedSpan) else list(span) if span is not None else []  # type: ignore[call-overload]  # a spaCy Span
        return self._tokens

    def words(self) -> frozenset[str]:
        """Every lemma and lower-cased form in the parse: a rule whose cue words are all absent can stop
        before walking the tokens."""
        if self._words is None:
            self._words = frozenset(w for t in self.tokens() for w in (t.lemma_, t.lower_))
        return self._words

    def cues(self, pattern: re.Pattern[str], quotes: Sequence[tuple[int, int]]) -> list[re.Match[str]]:
        """Matches of a cue in this sentence, outside quotations, with offsets in the article. Several rules
        ask for the same cue in the same sentence: each cue is searched for once per sentence (and quotes)."""
        here = tuple((s, e) for s, e in quotes if s <= self.end and e > self.start)  # those that can hold a match here
        key = (pattern, here)
        if key not in self._cues:
            found = pattern.finditer(self.doc_text, self.start, self.end)
            self._cues[key] = [m for m in found if not any(s <= m.start() < e for s, e in here)] if here else list(found)
        return list(self._cues[key])

    def clause_start(self, pos: int, separators: str = ",;", quotes: Sequence[tuple[int, int]] = ()) -> int:
        """Where the clause holding `pos` begins: just after the last separator before it (not one inside
        a quotation), or the sentence start."""
        return max(
            [self.start]
            + [i + 1 for i in range(self.start, pos) if self.doc_text[i] in separators and not any(a <= i < b for a, b in quotes)]
        )

    def before(self, pos: int, kinds: Container[str]) -> Mention | None:
        found = [m for m in self.top if m.end <= pos and m.kind in kinds]
        return max(found, key=lambda m: m.end) if found else None

    def after(self, pos: int, kinds: Container[str], within: int = 10_000) -> Mention | None:
        found = sorted(
            (m for m in self.top if m.start >= pos and m.kind in kinds and m.start - pos <= within), key=lambda m: m.start
        )
        if len(found) > 1 and POSSESSIVE.fullmatch(self.doc_text[found[0].end : found[1].start]):
            return found[1]  # "China's Ministry of State Security": the phrase's head is the body, not its owner
        return found[0] if found else None


@dataclass
class Discourse:
    extractor: Extractor
    out: Extraction
    agreements: list[tuple[str, frozenset]] = field(default_factory=list)
    event: tuple[str, str] | None = None  # (id, the noun it was introduced with: talks, call, …)
    incident: str | None = None
    law: str | None = None
    claim_incident: str | None = None
    claim: str | None = None
    last_person: Mention | None = None  # for "he told …"
    # the cooperation framework goals are reached "under"  # the last attribution claim, which "denied the
    # accusation" rejects
    framework: str | None = None
    quotes: list[tuple[int, int]] = field(default_factory=list)
    statements: dict[str, str] = field(default_factory=dict)  # speaker -> their last statement, for "the statement"
    agreement_names: dict[str, str] = field(default_factory=dict)  # "Privacy Shield" -> the agreement it names
    # graph.extract_timeline: (agreement, the talks it was reached during, sentence); (trend, the agreement it is
    # tied to, the words, sentence), dated once the article is read; this article's unnamed speaker -> the run's
    reached: list[tuple[str, str, str]] = field(default_factory=list)
    tied: list[tuple[str, str, str, str]] = field(default_factory=list)
    same_as: dict[str, str] = field(default_factory=dict)
    led_for: dict[str, str] = field(default_factory=dict)  # person -> the state whose delegation they led (no party)
    scoped: tuple[str, int] | None = None  # (agreement, end of the sentence about it), for "It focuses on …" next

    def new(self, kind: str, cls: str, label: str, sentence: Sentence, confidence: float, at: int | None = None) -> str:
        entity = f"{kind.lower()}-{self.out.article.id}-{sentence.start if at is None else at}"
        self.out.new_entities[entity] = {"type": cls, "label": label}
        self.out.mentions.append(Mention(entity, kind, sentence.text, sentence.text, sentence.start, sentence.end, confidence))
        return entity

    def relate(
        self, subject: str, predicate: str, objects: str | Iterable[str], sentence: Sentence, confidence: float, *, rule: str
    ) -> None:
        check(rule, predicate)
        objects = [objects] if isinstance(objects, str) else list(dict.fromkeys(objects))
        self.out.relations.append(Relation(subject, predicate, objects, sentence.text, confidence, rule=rule))

    def state(self, subject: str, predicate: str, value: str, evidence: str, confidence: float, *, rule: str) -> None:
        """A literal-valued fact ('quotedText'), its evidence a verbatim piece of the article."""
        check(rule, predicate)
        self.out.relations.append(Relation(subject, predicate, [], evidence, confidence, value, rule=rule))

    def reuse(self, entity: str, kind: str, record: dict, s: Sentence) -> None:
        """An entity an earlier article of this run (or the graph) made, mentioned again here."""
        if entity not in self.extractor.known:
            self.out.new_entities[entity] = dict(record)
        self.out.mentions.append(Mention(entity, kind, s.text, s.text, s.start, s.end, 0.6))

    def group(self, label: str, start: int, end: int, s: Sentence) -> Mention:
        """A group the text describes rather than names ('a criminal group based abroad')."""
        label = label.strip()
        entity = slug(label)
        head = next((w for w in reversed(label.lower().split()) if w in THREAT_HEADS), None)
        self.out.new_entities.setdefault(entity, {"type": "ThreatActor" if head else "Collective", "label": label})
        mention = Mention(entity, "Collective", label, s.text, start, end, 0.5)
        self.out.mentions.append(mention)
        return mention

    def name(self, entity: str) -> str:
        known = self.extractor.known.get(entity)
        return (
            known[1] if known else self.out.new_entities.get(entity, {}).get("label") or self.extractor.names.get(entity, entity)
        )


def make_sentence(doc_text: str, sent: Span, mentions: list[Mention], quotes: Sequence[tuple[int, int]]) -> Sentence:
    top = [
        m
        for m in mentions
        if not any(
            o is not m and o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start) for o in mentions
        )
        and not any(s <= m.start < e for s, e in quotes)
    ]
    return Sentence(sent.start_char, sent.end_char, sent.text.strip(), mentions, top, doc_text, ParsedSpan(sent))
