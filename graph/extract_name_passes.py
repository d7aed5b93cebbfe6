"""Passes over the names found (graph.extract's span pass, after the rules and the model's NER): one entity
seen under several names is one node, and a name that is not an entity's goes.

- the canonical label is the fullest name seen (`best_labels`);
- "Brazil's Foreign Ministry" after "the Brazilian Foreign Ministry", "The FSB, Russia's main intelligence
  service", "Acme Corp … Acme": the same body;
- no organisation that starts a law's name, no stock ticker or office holder's name inside one;
- later mentions of a person by one of their names ("Trudeau"); 'the government' when the article names
  one; whoever a statement is 'told' to, an outlet.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cyberkg.graph.extract_lexicon import TITLE_WORDS
from cyberkg.graph.extract_types import Span, doc_text, overlaps, slug

if TYPE_CHECKING:
    from spacy.tokens import Doc


def best_labels(spans: list[Span]) -> dict[str, str]:
    """The fullest name each model-found person or organisation was called by (most words, then longest)."""
    best: dict[str, str] = {}
    for s in spans:
        if s.kind in ("Person", "Organisation") and s.label[:1].isupper():
            current = best.get(s.entity)
            if current is None or (len(s.label.split()), len(s.label)) > (len(current.split()), len(current)):
                best[s.entity] = s.label
    return best


def possessed_bodies(text: str, spans: list[Span]) -> list[Span]:
    """ "Brazil's Foreign Ministry" after "the Brazilian Foreign Ministry": the same body."""
    states = {s.end: s for s in spans if s.kind == "State"}
    orgs = [s for s in spans if s.kind == "Organisation"]
    out = []
    for span in spans:
        owner = states.get(span.start - 3) if text[span.start - 3 : span.start] in ("'s ", "’s ") else None
        if span.kind == "Organisation" and owner:
            same = next(
                (
                    o
                    for o in orgs
                    if o is not span
                    and o.label.endswith(f" {span.label}")
                    and any(st.entity == owner.entity and st.start == o.start for st in states.values())
                ),
                None,
            )
            if same:
                span = Span(span.start, span.end, span.kind, same.entity, span.label, same.cls)
        out.append(span)
    out = _described_bodies(text, _named_cleanly(text, out))
    return out + _short_company_names(text, out)


_LEGAL_ENDING = re.compile(r"^([A-Z][\w&-]+(?:\s+[A-Z][\w&-]+)?)\s+(?:Inc|Corp|Corporation|Co|Ltd|LLC|Plc|PLC|AG|SA)\.?$")


def _short_company_names(text: str, spans: list[Span]) -> list[Span]:
    """'Acme Corp … technical director at Acme': a company named with its legal ending is later called by
    its name alone (the model may tag that word as anything)."""
    found: list[Span] = []
    for company in [s for s in spans if s.kind == "Organisation"]:
        short = _LEGAL_ENDING.match(company.label)
        if short is None or any(f.entity == company.entity for f in found):
            continue
        for m in re.finditer(rf"\b{re.escape(short.group(1))}\b(?!\s+[A-Z])", text):
            candidate = Span(m.start(), m.end(), "Organisation", company.entity, m.group(0), company.cls)
            if not overlaps(candidate, spans + found):
                found.append(candidate)
    return found


_LAW_AFTER = re.compile(r"\s+(?:Act|Law|Bill|Code|Directive|Regulations?)\b")


_ACTING = re.compile(r"\s+(?:said|says|say|told|have|has|had|were|was|are|is|will|would|did|do|\w+ed)\b")


def _office_holder(label: str) -> str | None:
    """'office of Intelligence Director Ana Ruiz' -> 'office of Intelligence Director': the words up to the
    title when a person's name (two or three capitalised words) follows it."""
    if not re.match(r"[Oo]ffice of ", label):
        return None
    words = label.split()
    for n in (2, 3):
        if len(words) > n + 2 and words[-n - 1].lower() in TITLE_WORDS and all(w[:1].isupper() for w in words[-n:]):
            return " ".join(words[:-n])
    return None


TICKER = re.compile(r"\s+\(?[A-Z0-9]{1,6}\.[A-Z]{1,3}\)?$")


def _named_cleanly(text: str, spans: list[Span]) -> list[Span]:
    """No organisation that is the start of a law's name ('the Indian Telegraph Act'), and no stock ticker in
    a company's name ('the carrier Etisalat ETEL.AD' is Etisalat)."""
    out = []
    for s in spans:
        if s.kind == "Organisation" and _LAW_AFTER.match(text, s.end):
            continue
        if s.kind == "Organisation" and s.label.endswith(" police") and not _ACTING.match(text, s.end):
            continue  # "South Korean police said" is the force; "training for Fijian police", its officers
        holder = _office_holder(s.label) if s.kind == "Organisation" else None
        if holder:  # "the office of Intelligence Director Ana Ruiz": the office, not its holder's name
            s = Span(s.start, s.start + len(holder), s.kind, slug(holder), holder, s.cls)
        ticker = TICKER.search(text[s.start : s.end]) if s.kind == "Organisation" else None
        if ticker and ticker.start() > 0:
            name = text[s.start : s.start + ticker.start()]
            s = Span(
                s.start, s.start + ticker.start(), s.kind, slug(name) if s.entity == slug(s.label) else s.entity, name, s.cls
            )
        out.append(s)
    return out


_APPOSED = re.compile(r",\s+(?:the\s+|a\s+|an\s+)?(?:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?(?:'s|’s)\s+)?")


def _described_bodies(text: str, spans: list[Span]) -> list[Span]:
    """'The FSB, Russia's main intelligence service, said …' (or the description first, then the name): a
    description set beside a named organisation by a comma is that organisation, not a second one."""
    orgs = sorted((s for s in spans if s.kind == "Organisation"), key=lambda s: s.start)
    same: dict[Span, Span] = {}
    for a, b in zip(orgs, orgs[1:], strict=False):
        between = text[a.end : b.start]
        if not _APPOSED.fullmatch(between) or a.entity == b.entity:
            continue
        if b.label[:1].islower() and a.label[:1].isupper():
            same[b] = a
        elif a.label[:1].islower() and b.label[:1].isupper() and between.startswith(", the"):
            same[a] = b
    return [Span(s.start, s.end, s.kind, same[s].entity, s.label, same[s].cls) if s in same else s for s in spans]


def surname_mentions(doc: Doc, spans: list[Span], surnames: dict[str, set[str]]) -> list[Span]:
    """Later mentions of a person by one of their names ("Trudeau", "Lim"). A name two people share is the one
    of them named in full before it ("Trump" is Donald Trump until Ivana Trump is named; after that, neither)."""
    first: dict[str, int] = {}
    for s in spans:
        if s.kind == "Person":
            first[s.entity] = min(first.get(s.entity, s.start), s.start)
    taken = [(s.start, s.end) for s in spans]
    found = []
    for token in doc:
        people = surnames.get(token.text, set())
        if len(people) > 1:
            people = {p for p in people if first.get(p, len(doc_text(doc))) < token.idx}
        if len(people) != 1:
            continue
        if any(a <= token.idx < b for a, b in taken):
            continue
        found.append(Span(token.idx, token.idx + len(token), "Person", next(iter(people)), token.text))
    return found


_BARE_GOVERNMENT = re.compile(r"\b[Tt]he government\b(?!\s+of\b)")


def bare_governments(text: str, spans: list[Span]) -> list[Span]:
    """'the government said' with no state named beside it: the one government the article names ("Thailand's
    military government … the government"). With none or several named, whose it is stays open."""
    named = {s.entity: s for s in spans if s.kind == "Organisation" and s.cls == "Government"}
    if len(named) != 1:  # none named, or several: whose it is stays open
        return []
    target = next(iter(named.values()))
    found = []
    for m in _BARE_GOVERNMENT.finditer(text):
        start = m.start() + 4
        if not overlaps(Span(start, m.end(), "", "", ""), spans):
            found.append(Span(start, m.end(), "Organisation", target.entity, target.label, "Government"))
    return found


def told_outlets(text: str, spans: list[Span]) -> list[Span]:
    """'told the Frankfurter Rundschau': whoever a statement is told to, named and not a person, is an outlet."""
    found = []
    for told in re.finditer(
        r"\btold\s+(?:the\s+)?(?:(?:[A-Z][a-z]+\s+)?(?:[a-z]+\s+){0,2}?(?:daily|weekly|"
        r"newspaper|paper|broadcaster|magazine|radio|television|channel|station|outlet)\s+)?"
        r"((?:[A-Z][\w'-]*)(?:\s+(?:and\s+)?[A-Z][\w'-]*){0,3})",
        text,
    ):  # "told daily X"
        candidate = Span(told.start(1), told.end(1), "Organisation", "", "")
        if not overlaps(candidate, spans):
            name = told.group(1)
            found.append(Span(candidate.start, candidate.end, "Organisation", slug(name), name, "NewsOutlet"))
    return found
