"""Person names with an Arabic article particle (issue 13, round 7; rule entities.particle_names).

The title-and-name shapes read capitalised words, so "Attorney General Ali Bin Fetais al-Marri" stopped at
"Fetais" and the later "Marri" became a second person; and the model's "Al-Saadan" (a sentence opening
capitalises the particle) was a second person beside "Abdullah al-Saadan". A lowercase article joined to a
capitalised word by a hyphen ("al-Marri", "el-Sisi") ends the name it follows, and a one-word mention of
that particle surname, in any case, is the person named in full.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cyberkg.graph.extract_types import Span, Title, doc_text, slug

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as DocSpan

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


def host_title(doc: Doc, span: DocSpan, name_start: int, spans: list[Span], person: str) -> Title | None:
    """ "Russian ambassador to the US Anatoly Antonov" (rule entities.envoy_names): the title is the words from
    the post's modifiers to the host state ("ambassador to the US"), the state before them the sending one; the
    unnamed "Russian ambassador" those words made is this person, so it goes."""
    from cyberkg.graph.extract_lexicon import POST_MODIFIERS, TITLE_WORDS

    to = next((t for t in span if t.lower_ == "to"), None)
    if to is None or to.i == span.start or doc[name_start - 1].ent_type_ != "State":
        return None
    k = span.start
    while k > 0 and doc[k - 1].lower_ in TITLE_WORDS | POST_MODIFIERS and doc[k - 1].lower_ != "and":
        k -= 1
    j = k - 1
    if j >= 0 and doc[j].text in ("'s", "’s"):
        j -= 1
    sender = next((s for s in spans if j >= 0 and s.kind == "State" and s.start <= doc[j].idx < s.end), None)
    start, end = doc[k].idx, doc[name_start - 1].idx + len(doc[name_start - 1])
    opening = sender.start if sender else start
    spans[:] = [s for s in spans if not (s.kind == "Person" and s.entity != person and opening <= s.start and s.end <= end)]
    return Title(person, start, end, doc_text(doc)[start:end], None, sender.entity if sender else None)


def abbreviated_owner(text: str, spans: list[Span], new_entities: dict[str, dict]) -> None:
    """ "the US National Security Agency": a body's name of three words or more after a state's abbreviation
    ("US", "U.S.", "UK") is its own name, the abbreviation no part of it (rule entities.possessed_bodies); a
    shorter one ("US Cyber Command") keeps the state that tells it apart (graph.extract_posts.owner_labels)."""
    states = {s.end: s for s in spans if s.kind == "State"}
    for s in spans:
        record = new_entities.get(s.entity)
        owner = states.get(s.start - 1)
        if s.kind != "Organisation" or record is None or owner is None or record.get("type") == "Government":
            continue
        short = text[owner.start : owner.end]
        if (
            short.replace(".", "").isupper()
            and record.get("label") == text[owner.start : s.end]
            and len(s.label.split()) >= 3
            and s.label[:1].isupper()
        ):
            record["label"] = s.label


def overlapping_bodies(spans: list[Span]) -> list[Span]:
    """ "the Acme News Agency's website" read as "Acme News" and "Acme News Agency"; "Mozambique's National
    Institute of Information" beside "National Institute of Information and Communication Technology": two
    passes cut one name two ways. Of two bodies' spans that overlap, the longer is the name; the other is no
    mention (rule entities.overlapping_bodies). A government ("the Dutch government") is left to its rules."""
    bodies = sorted(
        (s for s in spans if s.kind == "Organisation" and s.cls != "Government"), key=lambda s: (s.start - s.end, s.start)
    )
    kept: list[Span] = []
    dropped = set()
    for s in bodies:  # longest first
        if any(k.start < s.end and s.start < k.end and k.entity != s.entity for k in kept):
            dropped.add(s)
        else:
            kept.append(s)
    return [s for s in spans if s not in dropped]


def coordinated_people(doc: Doc) -> list[DocSpan]:
    """ "Presidents A B of Uganda, C D of Rwanda and E F of Kenya": a name the model calls a place but that is
    coordinated with a person's name (parse conj, either way) is a person like them (rule
    entities.coordinated_people); a state of the gazetteer (an id from the ruler) never is."""
    from spacy.tokens import Span as DocSpan

    found = []
    for e in doc.ents:
        if e.ent_id_ or e.label_ not in ("GPE", "LOC", "NORP", "ORG") or not 2 <= len(e) <= 3:
            continue
        if not all(t.is_title and t.pos_ == "PROPN" for t in e):
            continue
        root = e.root
        linked = [root.head] if root.dep_ == "conj" else []
        linked += [c for c in root.children if c.dep_ == "conj"]
        if any(t.ent_type_ == "PERSON" and t.i not in range(e.start, e.end) for t in linked):
            found.append(DocSpan(doc, e.start, e.end, label="PERSON"))
    return found


def title_before_next_person(words: list[Token], spans: list[Span], person: str) -> list[Token]:
    """ "A B, joint secretary in the foreign ministry and C D, head of strategy …": the parse hangs the second
    person on the first one's appositive; the title ends before the "and" that opens another person, who keeps
    their own name and title (rule entities.coordinated_people)."""
    if not words:
        return words
    from cyberkg.graph.extract_lexicon import APPOSITIVE_TITLES

    text = doc_text(words[0].doc)

    def titled(end: int) -> bool:  # ", head of strategy": a title of their own, not "…Gender Equality, reported"
        after = re.match(r", (?:(?:the|a|an) )?([\w-]+)", text[end : end + 40])
        return after is not None and after.group(1).lower() in APPOSITIVE_TITLES

    others = [(s.start, s.end) for s in spans if s.kind == "Person" and s.entity != person and titled(s.end)]
    for n, t in enumerate(words):
        if any(a <= t.idx < b for a, b in others):
            kept = words[:n]
            while kept and kept[-1].lower_ in ("and", "or", "as", "well"):
                kept.pop()
            return kept
    return words


_OWNED_TAIL = re.compile(r"^[a-z][\w-]*(?: [a-z][\w-]*){0,3} (?:of|in|at) (?:the )?[A-Z][\w.]*(?: [A-Z][\w.]*)*['’]s ([A-Z].*)$")


def lowercase_openers(text: str, spans: list[Span]) -> list[Span]:
    """ "the cyber policy department of Britain's Foreign, Commonwealth and Development Office" cut as one body
    from "department": a lowercase unit before a state's possessive is a part of the named body, whose name is
    the words after the possessive (rule entities.overlapping_bodies)."""
    out = []
    for s in spans:
        m = _OWNED_TAIL.match(s.label) if s.kind == "Organisation" and s.label[:1].islower() else None
        owner_end = s.start + m.start(1) - 3 if m else -1
        if m and any(o.kind == "State" and o.end == owner_end for o in spans):
            start = s.start + m.start(1)
            label = m.group(1)
            s = Span(start, s.end, s.kind, slug(label), label, s.cls)
        out.append(s)
    return out


_AFFAIRS = re.compile(r" affairs\b")


def lowercase_affairs(text: str, spans: list[Span]) -> list[Span]:
    """ "the Ministry of Home affairs", "Ministry of External affairs" (Indian press writes the last word small):
    a body's name that ends in a capitalised portfolio word goes on through "affairs" (rule
    entities.overlapping_bodies), else the "Ministry of Home" is a body of its own."""
    out = []
    for s in spans:
        m = _AFFAIRS.match(text, s.end) if s.kind == "Organisation" and " of " in s.label else None
        if m and s.label.split()[-1][:1].isupper():
            label = text[s.start : m.end()]
            s = Span(s.start, m.end(), s.kind, slug(label), label, s.cls)
        out.append(s)
    return out


_NAME = r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,3}"
_BYLINE = re.compile(rf"^[Bb]y ({_NAME})(?:(?:,| and) ({_NAME}))?(?:,? and ({_NAME}))?[ \t]*$", re.M)


def bylines(text: str, spans: list[Span]) -> list[Span]:
    """ "By Ana Ruiz and Karl Berg" on a line of its own: the article's authors, named people (rule
    entities.bylines); a name already found there is left as it is."""
    found = []
    for m in _BYLINE.finditer(text):
        for g in (1, 2, 3):
            if m.group(g) is None:
                continue
            start, end = m.start(g), m.end(g)
            words = m.group(g).split()
            span = Span(start, end, "Person", slug(f"{words[0]} {words[-1]}"), m.group(g), "Person")
            if not any(s.start < end and start < s.end for s in spans):
                found.append(span)
    return found


_KIN = re.compile(
    r"\b(?:his|her|their)\s+(?:daughter|son|wife|husband|brother|sister|father|mother)\s+"
    r"([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b(?!\s+[A-Z])"
)


def kin_names(text: str, spans: list[Span]) -> list[Span]:
    """ "the former spy and his daughter Yulia": a name right after a possessive kin noun is a person, often
    named by a first name alone, which the model leaves untagged (rule entities.kin_names)."""
    found = []
    for m in _KIN.finditer(text):
        start, end, label = m.start(1), m.end(1), m.group(1)
        if not any(s.start < end and start < s.end for s in spans):
            found.append(Span(start, end, "Person", slug(label), label, "Person"))
    return found
