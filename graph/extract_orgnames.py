"""Organisation names whose parts are coordinated, and names written after an owner's possessive (issue 13,
round 5), read from the spans the shapes, gazetteers and model found (graph.extract_entities.refine_spans):

- the complement of a head-first name may be a list: "the Ministry of Trade, Industry and Energy", "the
  Institute of Standards and Technology", "the Bureau for Political, Legal and Security Affairs" are one
  body each; so is a list of modifiers before the head, "the Foreign, Trade and Aid Office". The parts
  must be plain words: a part that is itself a body ("Ministry of Defence and Ministry of Trade"), a known
  body, a state or a person makes a list of names, not one name;
- a list of whole bodies the model read as one name ("Department of Trade, Vela Response Team and
  Embassy of Norway") is one body per item;
- "the departments of Trade, Justice and Defence" names the Department of Trade, of Justice and of Defence;
- a possessive owner is no part of a head-first official name: "Norway's Ministry of Trade" is the
  Ministry of Trade, "the Trade Department's Export Control Bureau" is the Export Control Bureau (a
  modifier-first body keeps its state: "Norway's Foreign Ministry", graph.extract_posts.owner_labels).
"""

from __future__ import annotations

import re

from cyberkg.graph.extract_lexicon import INSTITUTIONS, ORG_WORDS, TITLE_WORDS
from cyberkg.graph.extract_names import org_key
from cyberkg.graph.extract_types import Span, slug

# No apostrophe: a possessive ends the owner's name; "Oslo-based" describes the body, names none of it.
_CAP = r"[A-Z][\w&-]*(?<!-based)(?<!-backed)(?<!-owned)(?<!-run)"
_RUN = rf"{_CAP}(?: {_CAP}){{0,3}}"
_PART = rf"{_RUN}(?: (?:of|for) {_RUN})?"  # "Strategy for Cybersecurity"
# A head-first name whose complement is a list: "<Head run> of|for (the) A, B and C".
_LISTED_COMPLEMENT = re.compile(rf"({_RUN}) (?:of|for) (?:the )?({_PART}(?:, {_PART})*,? and {_PART})")
# Modifiers listed before a head: "Foreign, Trade and Aid Office".
_LISTED_MODIFIERS = re.compile(rf"\b({_CAP}(?:, {_CAP})+,? and {_CAP}(?: {_CAP}){{0,3}})")
_POSSESSED = re.compile(r"^((?:[A-Z][\w.&-]*\s)*[A-Z][\w.&-]*)['’]s\s+")
_PLURAL_HEADS = {"departments": "Department", "ministries": "Ministry"}
_PLURAL_OF = re.compile(rf"\b(departments|ministries|Departments|Ministries) of ((?:{_RUN}, )+(?:{_RUN},? )?and {_RUN})")
_NOT_PORTFOLIO = (
    r"(?!(?:were|was|is|are|have|has|had|will|would|said|says|met|to|in|on|at|the|a|an|with|from|by|for|that|which)\b)"
)
_LOWER_PART = rf"{_NOT_PORTFOLIO}[a-z]+(?: {_NOT_PORTFOLIO}[a-z]+){{0,2}}"
# "the ministries of home affairs, defence, and trade and industry": a lower-case list, commas required.
_PLURAL_OF_LOWER = re.compile(
    rf"\b(departments|ministries) of ({_LOWER_PART}(?:, {_LOWER_PART})*"
    rf"(?:, and (?:{_LOWER_PART} and )?{_LOWER_PART}| and {_LOWER_PART}))(?=[,.;:])"
)


_BODY_HEADS = {*ORG_WORDS, *INSTITUTIONS, "team", "embassy", "consulate", "mission", "delegation"}


def _heads(words: str, heads: set[str] | frozenset[str] = frozenset(ORG_WORDS)) -> set[str]:
    return {w.lower().strip(",") for w in words.split()} & heads


def _known_body(s: Span) -> bool:
    """A gazetteer's or the graph's body: its id is no slug of what the text calls it."""
    return s.kind == "Organisation" and s.entity != slug(s.label)


def _plain_parts(start: int, end: int, parts: str, spans: list[Span], head_end: int | None = None) -> bool:
    """The list's parts are words of one name: no body's head word, no state, person or known body among them,
    and, unless the list has commas ("of Trade, Industry and Energy"), no body found on its own starting among
    them ("of Justice and Vela"); with a head after the list, only the body that ends with the head."""
    if _heads(parts):
        return False
    return not any(
        s.start < end
        and start < s.end
        and (
            s.kind in ("State", "Person", "Collective")
            or _known_body(s)
            or (s.kind == "Organisation" and (s.end > end if head_end is None else s.end != head_end))
            or (s.kind == "Organisation" and head_end is None and s.start >= start and "," not in parts)
        )
        for s in spans
    )


def _merge(spans: list[Span], start: int, end: int, text: str) -> list[Span]:
    """One organisation from start to end, replacing the organisations found inside it."""
    inside = [s for s in spans if s.kind == "Organisation" and start <= s.start and s.end <= end]
    label = text[start:end]
    cls = max(inside, key=lambda s: s.end - s.start).cls if inside else "GovernmentAgency"
    return [s for s in spans if s not in inside] + [Span(start, end, "Organisation", slug(label), label, cls)]


def _owner_cut(text: str, start: int, spans: list[Span]) -> int:
    """Where a name starts after an owner's possessive inside the run: 'Norway's Ministry', "the Trade
    Department's Bureau" (a state's, or a body's: a run ending in a body's head word)."""
    m = _POSSESSED.match(text[start:])
    while m:
        owner_end = start + m.end(1)
        owned = any(s.kind in ("State", "Organisation") and s.end == owner_end for s in spans) or _heads(m.group(1))
        if not owned:
            return start
        start += m.end()
        m = _POSSESSED.match(text[start:])
    return start


def _head_first(run: str) -> bool:
    """The run before 'of'/'for' ends in a body's head word ("Ministry"), or a head and 'General'
    ("Directorate General"); not a title ("Secretary", "Counsel")."""
    words = run.split()
    if len(words) > 1 and words[-1] == "General" and _heads(words[-2]):
        return True
    return bool(_heads(words[-1])) and words[-1].lower() not in TITLE_WORDS


def listed_complements(text: str, spans: list[Span]) -> list[Span]:
    """'the Ministry of Trade, Industry and Energy': one body (see the module's docstring)."""
    out = list(spans)
    at = 0
    while m := _LISTED_COMPLEMENT.search(text, at):
        at = m.start(2)  # a list of whole names ("Ministry of A, Ministry of B and C"): look again inside it
        if not _head_first(m.group(1)) or not _plain_parts(m.start(2), m.end(2), m.group(2), out):
            continue
        before = text[: m.start(2)].rstrip()
        if any(_known_body(s) and s.end == len(before) for s in out):
            continue  # "the Department of Justice and Vela": a known body's name is whole
        start = m.start(1)
        holder = next((s for s in out if s.kind == "Organisation" and s.start < start < s.end), None)
        if holder is not None and holder.end <= m.end():
            start = holder.start  # "U.S. Department of …" found as one name
        start = _owner_cut(text, start, out)
        while opener := re.match(r"(?:The|In|At|On|A|An|But|And|For|As|With|From) (?=[A-Z])", text[start : m.start(2)]):
            start += opener.end()  # "The …" opening a sentence
        if any(s.kind in ("Person", "State") and start <= s.start < m.start(2) for s in out):
            continue
        end = m.end()
        acronym = re.match(r" [a-z]+ \([A-Z][A-Za-z]{1,7}\)", text[end:])
        if acronym:  # "… and Information technology (MIT)": the words before the bracketed acronym are the name's
            end += acronym.start() + len(acronym.group(0).split(" (")[0])
        out = _merge(out, start, end, text)
        at = end
    return out


def listed_modifiers(text: str, spans: list[Span]) -> list[Span]:
    """'the Foreign, Trade and Aid Office': modifiers listed before one head."""
    out = list(spans)
    for m in _LISTED_MODIFIERS.finditer(text):
        words = m.group(1).split()
        if words[-1].lower() not in ORG_WORDS or _heads(" ".join(words[:-1])):
            continue
        if text[max(0, m.start() - 3) : m.start()] in ("'s ", "’s "):
            continue
        if not _plain_parts(m.start(), m.end() - len(words[-1]), " ".join(words[:-1]), out, head_end=m.end()):
            continue
        if not any(s.kind == "Organisation" and s.end == m.end() for s in out):
            continue  # only a name the shapes or model saw end there
        out = _merge(out, m.start(), m.end(), text)
    return out


# "a National Computer and Cybercrimes Coordination Committee": two modifier runs joined by "and" before one head,
# after an article.
_PAIRED_MODIFIERS = re.compile(rf"\b(?:[Aa]n?|[Tt]he) ({_CAP}(?: {_CAP}){{0,3}} and {_CAP}(?: {_CAP}){{1,4}})")


def paired_modifiers(text: str, spans: list[Span]) -> list[Span]:
    """'a National Computer and Cybercrimes Coordination Committee': the model's two pieces are one body, when the
    first piece names no body of its own (no head word) and the whole ends in a body's head."""
    out = list(spans)
    for m in _PAIRED_MODIFIERS.finditer(text):
        first, _ = m.group(1).split(" and ", 1)
        if m.group(1).split()[-1].lower() not in ORG_WORDS or _heads(first):
            continue
        inside = [s for s in out if m.start(1) <= s.start < m.end(1) or m.start(1) < s.end <= m.end(1)]
        if any(s.kind != "Organisation" or _known_body(s) or s.start < m.start(1) or s.end > m.end(1) for s in inside):
            continue
        if any(s.end == m.end(1) for s in inside) and any(s.end <= m.start(1) + len(first) for s in inside):
            out = _merge(out, m.start(1), m.end(1), text)
    return out


def listed_bodies(text: str, spans: list[Span]) -> list[Span]:
    """'Department of Trade, Vela Response Team and Embassy of Norway' read as one name: one body per item,
    when at least two items are bodies by their head words."""
    out = []
    for s in spans:
        items = re.split(r",? and |, ", s.label) if s.kind == "Organisation" else []
        if len(items) < 3 or sum(bool(_heads(i, _BODY_HEADS)) for i in items) < 2 or not all(i[:1].isupper() for i in items):
            out.append(s)
            continue
        at = s.start
        for item in re.split(r"(,? and |, )", s.label):
            if item and not re.fullmatch(r",? and |, ", item):
                end = at + len(item)
                tail = re.match(r" (?:of|for) (?:the )?[A-Z][\w-]*(?: [A-Z][\w-]*)*(?: in [A-Z][\w-]*)?", text[end:])
                if len(item.split()) == 1 and tail:  # "Embassy" + " of Norway in Oslo"
                    end += tail.end()
                if _heads(item) or len(item.split()) > 1 or end > at + len(item):
                    out.append(Span(at, end, "Organisation", slug(text[at:end]), text[at:end], s.cls))
            at += len(item)
    return out


def _parts(listed: str) -> list[str]:
    """The items of a list with their separators (to count offsets): 'A, B, and C and D' has three items
    (an item after the serial comma's 'and' may hold an 'and' of its own); 'A, B and C' has three."""
    if ", and " in listed:
        head, last = listed.rsplit(", and ", 1)
        return [*re.split(r"(, )", head), ", and ", last]
    return re.split(r"(,? and |, )", listed)


def plural_departments(text: str, spans: list[Span]) -> list[Span]:
    """'the departments of Trade, Justice and Defence': one Department of … per part."""
    out = list(spans)
    for m in [*_PLURAL_OF.finditer(text), *_PLURAL_OF_LOWER.finditer(text)]:
        head = _PLURAL_HEADS[m.group(1).lower()]
        at = m.start(2)
        found = []
        named = {org_key(s.label): s for s in out if s.kind == "Organisation"}
        for part in _parts(m.group(2)):
            if part and not re.fullmatch(r",? and |, ", part):
                words = " ".join(w if w in ("and", "of", "the") else w[:1].upper() + w[1:] for w in part.split())
                label = f"{head} of {words}"
                same = named.get(org_key(label))  # "the State Department" named elsewhere: that body
                entity, label = (same.entity, same.label) if same else (slug(label), label)
                found.append(Span(at, at + len(part), "Organisation", entity, label, "GovernmentAgency"))
            at += len(part)
        if any(s.kind in ("Person", "State", "Collective") and s.start < m.end() and m.start(2) < s.end for s in out):
            continue
        out = [s for s in out if not (s.start < m.end() and m.start(2) < s.end)] + found
    return out


_TIME_END = re.compile(
    r" (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July|"
    r"August|September|October|November|December)$"
)


def _relabel(s: Span, start: int, label: str) -> Span:
    return Span(start, start + len(label), s.kind, slug(label) if s.entity == slug(s.label) else s.entity, label, s.cls)


def possessor_cut(text: str, spans: list[Span]) -> list[Span]:
    """'Norway's Ministry of Trade' as one span: the name starts after its owner's possessive when the name
    is head-first ("Ministry of …") after a state, or the owner is a body ("the Trade Department's Export
    Bureau": then the owner is a body too); "the Oslo-based Vela Institute": where it sits describes it;
    "the Justice Department Friday": a day or month after a name is when, no part of it."""
    states = {s.end for s in spans if s.kind == "State"}
    out = []
    for s in spans:
        if s.kind != "Organisation":
            out.append(s)
            continue
        m = _POSSESSED.match(s.label)
        rest = s.label[m.end() :] if m else ""
        head_first = bool(re.match(rf"{_CAP} (?:of|for) ", rest)) and s.start + m.end(1) in states if m else False
        if m and rest[:1].isupper() and (_heads(m.group(1)) or head_first):
            if _heads(m.group(1)) and not any(o.kind == "Organisation" and o.end == s.start + m.end(1) for o in spans):
                owner = re.sub(r"^(?:The|the) ", "", m.group(1))
                out.append(Span(s.start + m.end(1) - len(owner), s.start + m.end(1), s.kind, slug(owner), owner, s.cls))
            s = _relabel(s, s.start + m.end(), rest)
        based = re.match(r"[A-Z][\w.-]*-(?:based|backed|owned|run|funded) (?=[A-Z])", s.label)
        if based:
            s = _relabel(s, s.start + based.end(), s.label[based.end() :])
        when = _TIME_END.search(s.label)
        if when and when.start() > 0:
            s = _relabel(s, s.start, s.label[: when.start()])
        out.append(s)
    return out


# Words of a field of policy or technology: a capitalised run of them only ("Information and Communications
# Technologies", "Cyber Security") names a subject, no body.
_FIELD_WORDS = frozenset(
    """
    information communication communications technology technologies cyber security cybersecurity digital
    telecommunications telecommunication ict internet cooperation crime cybercrime cyber-crime data privacy
    protection and of
    """.split()
)
# Heads of an event or a document: "the Vela Security Dialogue", "the Ports Treaty", "a Plan of Action",
# "the MoU" are what bodies hold or sign, not bodies.
_EVENT_HEADS = frozenset(
    "dialogue meeting summit treaty talks agreement pact memorandum mou moc roadmap accord accords convention conventions "
    "initiative policy strategy".split()
)
_DOCUMENT_HEADS = frozenset(
    "initiative policy strategy".split()
)  # and "the Vela Accords", "the Vela Resilience Initiative", "the National Cybersecurity Policy"


def no_bodies(spans: list[Span]) -> list[Span]:
    """Drop new organisation names that name a field or an event/document (see _FIELD_WORDS, _EVENT_HEADS)."""

    def subject(s: Span) -> bool:
        if s.kind != "Organisation" or s.entity != slug(s.label):  # a gazetteer's or the graph's body stays
            return False
        words = [w.lower().strip(",") for w in s.label.split()]
        if words[-1] in _DOCUMENT_HEADS and any(w in ORG_WORDS for w in words):
            return False  # "the Institute for Security Policy" is a body
        return all(w in _FIELD_WORDS for w in words) or words[-1] in _EVENT_HEADS or words[:2] == ["plan", "of"]

    dropped = {s.entity for s in spans if subject(s)}  # and its acronym's mentions ("ICT")
    return [s for s in spans if not (s.kind == "Organisation" and s.entity in dropped)]


def coordinated_names(text: str, spans: list[Span]) -> list[Span]:
    """The list passes, in order: split whole lists first, then join the lists inside names (before
    graph.extract_entities.long_names; `possessor_cut` runs after it)."""
    spans = listed_bodies(text, spans)
    return plural_departments(text, paired_modifiers(text, listed_modifiers(text, listed_complements(text, spans))))
