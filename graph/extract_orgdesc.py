"""Organisations named right after a description of what they are, and one body under two word orders
(issue 13, round 6), for graph.extract's span pass:

- "Finland's security service SUPO", "US security firm Acme", "the Vela telecom regulator Telco": a state's
  possessive or name, a lower-case description headed by a kind of body, then a capitalised name — the name
  is the body (its kind from the description's head), the description no second body;
- "the Office of the Vela Commission … the Vela Commission office": one body.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cyberkg.graph.extract_types import Span, doc_text, overlaps, slug

if TYPE_CHECKING:
    from spacy.tokens import Doc

# The heads a description of a body ends in, and the class of the body they describe.
_HEADS = {
    "company": "Company",
    "firm": "Company",
    "telecom": "Company",
    "telecoms": "Company",
    "operator": "Company",
    "carrier": "Company",
    "provider": "Company",
    "contractor": "Company",
    "bank": "Company",
    "regulator": "GovernmentAgency",
    "watchdog": "GovernmentAgency",
    "service": "GovernmentAgency",
    "agency": "GovernmentAgency",
    "broadcaster": "NewsOutlet",
    "newspaper": "NewsOutlet",
}
# After a state ("US", "Finland's"): up to two lower-case words, the head, then the name (capitalised words or
# an acronym, up to four); "service" only as a security or intelligence service ("its email service Vela" is a
# product).
_WORD = r"[A-Z][\w&-]*(?:\.[\w&-]+)*"  # "Acme", "U.S.A": a capitalised word, dots only inside it
_DESCRIBED = re.compile(
    r"(?:['’]s)?\s+(?P<words>(?:[a-z][\w-]*\s+){0,2}?)(?P<head>"
    + "|".join(h for h in _HEADS if h != "service")
    + r"|(?<=security )service|(?<=intelligence )service)\s+(?P<name>"
    + _WORD
    + r"(?:[ \t]+"
    + _WORD
    + r"){0,3})"
)
_NOT_NAME = frozenset("on in at for of and said says told the a an".split())


def described_after_state(doc: Doc, spans: list[Span]) -> list[Span]:
    """'Finland's security service SUPO', 'US security firm Acme': the name after a state's description of it
    (not a person the model names: "the U.S. intelligence contractor Ana Ruiz")."""
    text = doc_text(doc)
    found: list[Span] = []
    for state in (s for s in spans if s.kind == "State"):
        m = _DESCRIBED.match(text, state.end)
        if m is None:
            continue
        words = m.group("name").split()
        while words and words[-1].lower() in _NOT_NAME:
            words.pop()
        if not words:
            continue
        name = " ".join(words)
        start = m.start("name")
        candidate = Span(start, start + len(name), "Organisation", slug(name), name, _HEADS[m.group("head")])
        tokens = doc.char_span(start, start + len(name), alignment_mode="expand")
        if tokens is not None and len(tokens) > 1 and any(t.ent_type_ == "PERSON" for t in tokens):  # one word: a brand
            continue
        if not overlaps(candidate, spans + found):
            found.append(candidate)
    return found


def described_by_state(text: str, start: int, end: int, spans: list[Span]) -> bool:
    """The institution phrase start..end ("Finland's security service") describes the name right after it."""
    state = next((s for s in spans if s.kind == "State" and start <= s.start < end), None)
    m = _DESCRIBED.match(text, state.end) if state else None
    return m is not None and m.end("head") == end


_OFFICE_AFTER = re.compile(r"\s+(office|department|ministry)\b")


def same_offices(text: str, spans: list[Span]) -> list[Span]:
    """'the Office of the Vela Commission … the Vela Commission office': the second is the first body."""
    heads: dict[tuple[str, str], Span] = {}
    for s in spans:
        m = (
            re.fullmatch(r"(?:[Tt]he\s+)?(Office|Department|Ministry)\s+of\s+(?:the\s+)?(.+)", s.label)
            if s.kind == "Organisation"
            else None
        )
        if m:
            heads[(m.group(1).lower(), m.group(2))] = s
    if not heads:
        return spans
    out = []
    for s in spans:
        after = _OFFICE_AFTER.match(text, s.end) if s.kind == "Organisation" else None
        whole = heads.get((after.group(1), s.label)) if after else None
        if whole is not None and whole is not s:
            s = Span(s.start, after.end(), s.kind, whole.entity, text[s.start : after.end()], whole.cls)  # type: ignore[union-attr]
        out.append(s)
    return out


def portfolio_references(spans: list[Span]) -> list[Span]:
    """'The Chinese Foreign Ministry … the foreign ministry said': a body named in lower case by its portfolio is
    the body named before (or after) whose name ends in the same words, when there is one such body."""
    orgs = [s for s in spans if s.kind == "Organisation" and s.label[:1].isupper()]
    out = []
    for s in spans:
        if s.kind == "Organisation" and s.label.islower() and " " in s.label:
            same = {o.entity: o for o in orgs if o.entity != s.entity and o.label.lower().endswith(f" {s.label}")}
            if len(same) == 1:
                body = next(iter(same.values()))
                s = Span(s.start, s.end, s.kind, body.entity, s.label, body.cls)
        out.append(s)
    return out


# "MOSCOW, July 20. /TASS/.": a wire service credited between slashes in a dateline.
_WIRE_CREDIT = re.compile(r"(?:(?<=\s)|^)/([A-Z][A-Za-z-]{1,15})/(?=[.\s:-])")


def wire_credits(text: str, spans: list[Span]) -> list[Span]:
    """The news agency a dateline credits ('/TASS/.'): a news organisation the text names."""
    found: list[Span] = []
    for m in _WIRE_CREDIT.finditer(text):
        candidate = Span(m.start(1), m.end(1), "Organisation", slug(m.group(1)), m.group(1), "NewsAgency")
        if not overlaps(candidate, spans + found):
            found.append(candidate)
    return found
