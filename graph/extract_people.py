"""People the Matcher's shapes find (graph.extract_lexicon.person_shapes, UNNAMED_SHAPE): a person named
after a title ("Prime Minister Justin Trudeau") or before an appositive one ("Fatima Al Mansoori, director
of …"), an unnamed official ("an unnamed Canadian government official"), and the titles read around a
name (before it, in an appositive, or in the parse's apposition). Called by graph.extract's span pass.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cyberkg.graph.extract_entity_names import host_title, particle_tail, title_before_next_person
from cyberkg.graph.extract_lexicon import (
    APPOSITIVE_TITLES,
    LAW_WORDS,
    ORG_WORDS,
    POST_MODIFIERS,
    RANKS,
    TITLE_FIELDS,
    TITLE_WORDS,
)
from cyberkg.graph.extract_name_checks import BODY_ENDINGS, NOT_PERSONAL, PLACE_OPENERS
from cyberkg.graph.extract_names import described_as_outlet
from cyberkg.graph.extract_people_names import envoy_to, named_after, without_time_words
from cyberkg.graph.extract_types import Span, Title, doc_text, overlaps, slug

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

# A day's name right after a name is the time of the act, not part of the name ("President Ana Ruiz Friday").
DAY_NAMES = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def unnamed_person(
    entities: dict[str, tuple], names: dict[str, str], doc: Doc, span: SpacySpan, spans: list[Span], doc_id: str
) -> None:
    """'an unnamed Canadian government official'; 'a spokesperson for the Federal Office …' takes the
    organisation's name into its label."""
    following = doc[span.end] if span.end < len(doc) else None
    if following is not None and following.pos_ == "NOUN" and span[-1].head.i == following.i:
        return  # "an official statement said": the adjective of the noun that follows, no person
    start, end = span[1].idx, span.end_char
    label = doc_text(doc)[start:end]
    if span[0].lower_ == "the" and overlaps(Span(start, end, "", "", ""), spans, ("Person",)):
        return
    if (
        span.start >= 2
        and span[0].lower_ in ("a", "an", "another")
        and doc[span.start - 1].text == ","
        and doc[span.start - 2].pos_ == "PROPN"
        and doc[span.start - 2].ent_type_ in ("", "PERSON")
    ):
        return  # "Ana Ruiz, a spokeswoman for …": the named person's post, not another person
    link = re.match(r"\s+(for|of|at|from)\s+(the\s+)?", doc_text(doc)[end : end + 12])
    org = next(
        (
            s
            for s in spans
            if link
            and s.kind == "Organisation"
            and (
                s.start <= end + link.end() < s.end
                or (s.start > end + link.end() and re.fullmatch(r"[A-Z][a-z]+\s+", doc_text(doc)[end + link.end() : s.start]))
            )
        ),
        None,
    )
    envoy = envoy_to(doc_text(doc), end, spans) if not org else None
    if envoy is not None:  # "the Russian ambassador to the Netherlands"
        label, end = f"{label}{doc_text(doc)[end:envoy]}", envoy
        if named_after(doc_text(doc), end):
            return  # "the ambassador to Norway, Ana Ruiz, …": the named person's post
    if org and link:
        label = f"{label} {link.group(1)} {'the ' if link.group(2) else ''}{names.get(org.entity, org.label)}"
        end = org.end
    elif following is not None and following.is_title:
        return
    if overlaps(Span(start, end, "Person", "", ""), spans, ("Person",)):
        return
    words = set(label.casefold().split())  # the graph's "unnamed senior Canadian government official"
    known = next(
        (i for i, (k, known_label, *_) in entities.items() if k == "Person" and words <= set(known_label.casefold().split())),
        None,
    )
    spans.append(Span(start, end, "Person", known or f"{slug(label)}-{slug(doc_id)}", label, "Person"))


def titled_person(
    entities: dict[str, tuple], doc: Doc, span: SpacySpan, spans: list[Span], surnames: dict[str, set[str]], titles: list[Title]
) -> None:
    appositive = (
        span[0].is_title
        and span[0].lower_ not in TITLE_WORDS
        and span[0].text not in ("'s", "’s")
        and any(t.text == "," for t in span)
    )
    if appositive:  # "Fatima Al Mansoori, director of …"
        comma = next(t.i for t in span if t.text == ",")
        name_tokens = [t for t in doc[span.start : comma]]
    else:  # the name starts after the last word of the title ("Minister for Foreign Affairs Sarah Mitchell")
        cut = max(
            (
                i
                for i, t in enumerate(span)
                if t.lower_ in TITLE_WORDS
                or t.lower_ in TITLE_FIELDS
                or t.lower_ in ("of", "for")
                or t.text in (",", "'s", "’s")
                or t.ent_type_ == "State"  # "ambassador to the US Anatoly Antonov": the host state ends the title
            ),
            default=-1,
        )
        name_tokens = list(span[cut + 1 :])
    while name_tokens and (not name_tokens[0].is_title or name_tokens[0].lower_ in RANKS):  # nor a particle or rank
        name_tokens.pop(0)
    name_tokens = without_time_words(name_tokens)  # "President Ana Ruiz Friday"
    name_tokens = particle_tail(doc, name_tokens)  # "… Ali Bin Fetais al-Marri" (graph.extract_entity_names)
    if (
        len(name_tokens) < 2
        or any(t.lower_ in ORG_WORDS or t.lower_ in LAW_WORDS for t in name_tokens)
        or name_tokens[-1].lower_ in BODY_ENDINGS | NOT_PERSONAL  # "Ireland's Electricity Supply Board", "Vela's Black Sea"
        or any(t.lower_ in PLACE_OPENERS for t in doc[max(0, name_tokens[0].i - 2) : name_tokens[0].i + 1])
        # "at the Palacio de La Moneda, the President …": a place, and no part of it a person
        or described_as_outlet(name_tokens)
    ):
        return
    following = doc[span.end] if span.end < len(doc) else None
    if not appositive and following is not None and (following.is_title or following.lower_ in ORG_WORDS):
        return  # "Canada's National Research Council": the name goes on into an organisation
    first, last = name_tokens[0].idx, name_tokens[-1].idx + len(name_tokens[-1])
    known = next((s for s in spans if s.kind == "Person" and (s.start, s.end) == (first, last)), None)
    if known is None and overlaps(Span(first, last, "Person", "", ""), spans):
        return
    name = doc_text(doc)[first:last]
    pid = (
        known.entity
        if known
        else next(
            (i for i, (k, label, aliases, *_) in entities.items() if k == "Person" and name in (label, *aliases)),
            slug(name),
        )
    )
    if known is None:
        spans.append(Span(first, last, "Person", pid, name, "Person"))
    title = appositive_title(doc, span, spans, pid) if appositive else title_before(doc, name_tokens[0].i, spans, pid)
    if title is None and not appositive:  # "ambassador to the US Anatoly Antonov" (graph.extract_entity_names)
        title = host_title(doc, span, name_tokens[0].i, spans, pid)
    if title:
        titles.append(title)
    for token in name_tokens:
        if token.is_title:
            surnames.setdefault(token.text, set()).add(pid)


def appositive_title(doc: Doc, span: SpacySpan, spans: list[Span], person: str) -> Title | None:
    """', director of the national cyber security council': the title, and the body it names after 'of'."""
    comma = next(t.i for t in span if t.text == ",")
    words = [t for t in doc[comma + 1 : span.end] if t.lower_ not in ("the", "a", "an")]
    if not words:
        return None
    start, end = words[0].idx, span.end_char
    rest = doc_text(doc)[end : end + 120]
    # "director of …", "professor in security studies at …", "head of research at …"
    of = re.match(r"\s+(?:(?:in|of|for)\s+(?:[a-z][\w-]*\s+){1,3}?(?=(?:at|with)\s))?(?:of|at|with)\s+(?:the\s+)?", rest)
    organisation = None
    if of:
        at = end + of.end()
        org = next((s for s in spans if s.kind == "Organisation" and s.start == at), None)
        lower = re.match(r"((?:[a-z][\w-]*\s+){1,4}(?:" + "|".join(ORG_WORDS) + r"))\b", doc_text(doc)[at : at + 80])
        if org:
            organisation, end = org.entity, org.end
        elif lower:  # "the national cyber security council", written without capitals
            name = lower.group(1)
            spans.append(Span(at, at + len(name), "Organisation", slug(name), name, "Organisation"))
            organisation, end = slug(name), at + len(name)
    return Title(person, start, end, doc_text(doc)[start:end], organisation, None)


def appositive_parse(doc: Doc, span: Span, spans: list[Span]) -> Title | None:
    """'Mark Hale, the country's foreign minister': an appositive of the name (by the parse) holding a
    title word; the organisation or state named inside it."""
    name = doc.char_span(span.start, span.end, alignment_mode="expand")
    if name is None:
        return None
    for appos in (c for c in name.root.children if c.dep_ == "appos"):
        clauses = {t.i for c in appos.children if c.dep_ in ("relcl", "acl", "advcl") for t in c.subtree}
        words = [
            t for t in appos.subtree if t.i not in clauses and t.i > name.end - 1 and (not t.is_punct or t.text in ("'s", "’s"))
        ]  # not "who formerly worked for …"
        if not words or not any(t.lower_ in APPOSITIVE_TITLES for t in words):
            continue
        while words and (words[0].lower_ in ("the", "a", "an") or words[0].text in ("'s", "’s")):
            words.pop(0)
        words = title_before_next_person(words, spans, span.entity)  # graph.extract_entity_names
        if not words:
            continue
        start, end = words[0].idx, words[-1].idx + len(words[-1])
        organisation = next((s.entity for s in spans if s.kind == "Organisation" and start <= s.start < end), None)
        state = next((s.entity for s in spans if s.kind == "State" and start <= s.start < end), None)
        return Title(span.entity, start, end, doc_text(doc)[start:end], organisation, state)
    return None


def title_before(doc: Doc, name_start: int, spans: list[Span], person: str) -> Title | None:
    """The title words right before a name, back to the first word that cannot be part of one."""
    words = _title_words(doc, name_start, spans)
    if not any(t.lower_ in TITLE_WORDS for t in words):
        return None
    first, last = words[-1], words[0]
    organisation = next((s.entity for s in spans if s.kind == "Organisation" and first.idx <= s.start < last.idx + 1), None)
    organisation = organisation or _body_before(doc, first.i, spans)
    if any(t.lower_ == "charge" for t in words):
        organisation = None  # "Minister Delegate in charge of the Vela Administration": a portfolio, the state's post
    state = None
    j = first.i - 1
    if j >= 0 and doc[j].text in ("'s", "’s"):
        j -= 1
    if j >= 0:
        state = next((s.entity for s in spans if s.kind == "State" and s.start <= doc[j].idx < s.end), None)
    start, end = first.idx, last.idx + len(last)
    post = next((s.entity for s in spans if s.kind == "Post" and s.start <= start and end <= s.end), None)
    return Title(person, start, end, doc_text(doc)[start:end], organisation, state, post)


def _title_end(doc: Doc, name_start: int) -> tuple[int, list[Token]]:
    """Where the title before a name ends (a comma, a gloss in brackets and a rank aside), and its first words when
    they are a body in lower case ("speaker of the house Ana Ruiz")."""
    i = name_start - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    if i >= 2 and doc[i].text == ")":  # "Home Secretary (internal security minister) Ana Ruiz": the gloss aside
        opening = next((j for j in range(i - 1, max(-1, i - 8), -1) if doc[j].text == "("), None)
        i = opening - 1 if opening is not None else i
    while i >= 0 and doc[i].lower_ in RANKS and doc[i].lower_ not in TITLE_WORDS:
        i -= 1  # "his counterpart Gen. Ana Ruiz": the rank stands between the title and the name
    if i >= 3 and doc[i].is_lower and doc[i].is_alpha and doc[i - 1].lower_ == "the" and doc[i - 2].lower_ == "of":
        if doc[i - 3].lower_ in TITLE_WORDS:
            return i - 3, [doc[i], doc[i - 1], doc[i - 2]]
    return i, []


def _title_words(doc: Doc, name_start: int, spans: list[Span]) -> list[Token]:
    """The title's words, last first."""
    i, words = _title_end(doc, name_start)
    while i >= 0 and len(words) < 10:
        token = doc[i]
        if token.lower_ == "charge" and i > 0 and doc[i - 1].lower_ == "in" and i + 1 < len(doc) and doc[i + 1].lower_ == "of":
            words += [token, doc[i - 1]]  # "Minister Delegate in charge of National Defence Ana Ruiz"
            i -= 2
        elif _in_title(doc, i, spans):
            words.append(token)
            i -= 1
        else:
            break
    while words and words[-1].lower_ in ("and", "of", "for"):
        words.pop()
    return words


def _in_title(doc: Doc, i: int, spans: list[Span]) -> bool:
    token = doc[i]
    return (
        token.lower_ in TITLE_WORDS
        or any(s.kind in ("Organisation", "Post") and s.start <= token.idx < s.end for s in spans)
        or token.lower_ in ("of", "for")
        or (token.lower_ == "the" and i > 0 and doc[i - 1].lower_ in ("of", "for"))  # "head of the Vela Agency, Ana Ruiz"
        or _title_hyphen(doc, i)
        or (token.lower_ in TITLE_FIELDS and not (token.lower_ == "and" and i > 0 and doc[i - 1].is_punct))
    )


def _title_hyphen(doc: Doc, i: int) -> bool:
    """The hyphen inside one title ("Secretary-General", "Vice-President"): the tokenizer splits the word, and
    without the hyphen the title would stop at its last part ("General")."""
    token = doc[i]
    if token.text not in ("-", "‑") or i == 0 or i + 1 >= len(doc) or token.whitespace_ or doc[i - 1].whitespace_:
        return False
    return doc[i - 1].lower_ in TITLE_WORDS | POST_MODIFIERS and doc[i + 1].lower_ in TITLE_WORDS


def _body_before(doc: Doc, i: int, spans: list[Span]) -> str | None:
    """'CPJ Africa programme coordinator Ana Ruiz': a body named up to three nouns before the title is its body."""
    j = i - 1
    while j >= 0 and i - j <= 4:
        body = next((s.entity for s in spans if s.kind == "Organisation" and s.start <= doc[j].idx < s.end), None)
        if body is not None:
            return body
        if doc[j].pos_ not in ("NOUN", "PROPN") or doc[j].ent_type_ in ("State", "PERSON") or i - j == 4:
            return None
        j -= 1
    return None
