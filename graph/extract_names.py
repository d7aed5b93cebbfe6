"""Names the model's NER finds and the rules did not: people named without a title (PERSON) and
organisations without a telltale word (ORG: companies, legislatures, agencies known by name or acronym),
resolved within the article so one entity is one node:

- a person is keyed by first and last name ("James R. Clapper" = "James Clapper"), and the surname or
  first name alone later refers to them (graph.extract's surname pass);
- an organisation's acronym given in brackets ("National Security Agency (NSA)") or matching the
  initials of a name in the article is that organisation; "Justice Department" = "Department of Justice";
- the canonical label is the fullest name seen (`best_labels`, graph.extract_name_passes, with the other
  passes over the names found; re-exported here).
Rules win: a model entity overlapping a name the rules found is dropped.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from cyberkg.graph.extract_entity_names import coordinated_people, particle_surname
from cyberkg.graph.extract_lexicon import (
    APPOSITIVE_TITLES,
    LAW_WORDS,
    ORG_WORDS,
    POST_MODIFIERS,
    RANKS,
    SAY_CUES,
    TITLE_WORDS,
)
from cyberkg.graph.extract_name_checks import (
    BODY_ENDINGS,
    BROADCAST_ENDINGS,
    COMPANY_ENDINGS,
    PLURAL_HEADS,
    REGIONS,
    dateline,
    headline,
    is_person_name,
    place_of,
)
from cyberkg.graph.extract_name_passes import (  # noqa: F401 - re-exported for importers of the names' passes from here
    TICKER,
    bare_governments,
    best_labels,
    possessed_bodies,
    surname_mentions,
    told_outlets,
)
from cyberkg.graph.extract_people_names import family_name_first
from cyberkg.graph.extract_posts import (
    described_outlets,
    photo_credits,
    repeated_names,
    title_field,
    titled_surnames,
)
from cyberkg.graph.extract_types import Span, doc_text, overlaps, slug

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as DocSpan

NEWS_WORDS = {
    "times",
    "post",
    "journal",
    "news",
    "reuters",
    "press",
    "tribune",
    "guardian",
    "telegraph",
    "herald",
    "agency",
    "wire",
    "gazette",
    "bloomberg",
    "television",
    "tv",
    "radio",
    "fm",
}
_CUT = {"the", "a", "an", "'s", "’s", "mr", "mrs", "ms", "dr", "mr.", "mrs.", "ms.", "dr."}


GENERIC = {
    "defense",
    "defence",
    "home",
    "state",
    "centre",
    "center",
    "society",
    "shield",
    "floor",
    "partners",
    "counsel",
    "group",
    "post",
    "military",
    "government",
    "internet",
    "web",
    "botnet",
    "ip",
    "https",
    "http",
    "cyber",
    "crime",
    "security",
    "intelligence",
    "treasury",
    "congress",
}


LEGISLATURES = {"congress", "parliament", "senate"}


def _name_tokens(ent: DocSpan) -> list[Token]:
    tokens = list(ent)
    cut = next(
        (
            i
            for i, t in enumerate(tokens)
            if t.text in ("-", "—", "–", "(", ":", ";") and (t.i == 0 or t.doc[t.i - 1].whitespace_)
        ),
        None,
    )  # "Falque-Pierrotin" stays whole
    tokens = tokens[:cut] if cut else tokens  # "National Guard - a reserve force": the name before the dash
    person = ent.label_ == "PERSON"
    while tokens and (
        tokens[0].lower_ in _CUT
        or person
        and (
            tokens[0].lower_ in TITLE_WORDS
            or tokens[0].lower_ in RANKS
            or tokens[0].lower_ in APPOSITIVE_TITLES
            or not tokens[0].text[:1].isupper()
        )
    ):
        tokens.pop(0)
    while person and tokens and tokens[0].i > 0 and _given_name(tokens[0].doc[tokens[0].i - 1]):
        tokens.insert(0, tokens[0].doc[tokens[0].i - 1])  # "Isabelle" before the model's "Falque-Pierrotin"
    if person and len(tokens) == 2 and tokens[0].i > 0 and family_name_first(tokens[0].doc, tokens[0].i - 1):
        tokens.insert(0, tokens[0].doc[tokens[0].i - 1])
    while tokens and (
        tokens[-1].text in ("'s", "’s", "'", ",", ".", "of", "for", "and")  # "the Vela Museum of" cut before a place
        or tokens[-1].is_punct
        and tokens[-1].text != "."
        or len(tokens) > 1
        and re.fullmatch(r"[A-Z0-9]{1,6}\.[A-Z]{1,3}", tokens[-1].text)
    ):
        tokens.pop()  # and a stock ticker after a company's name ("Etisalat ETEL.AD")
    return tokens


def _full_names(doc: Doc, ents: list[DocSpan]) -> list[DocSpan]:
    """'Ana Ruiz' where the model tagged only 'Ruiz' (here or elsewhere): a given name compounded onto a
    surname the model calls a person is part of the name."""
    from spacy.tokens import Span as DocSpan

    surnames = {e.text for e in ents if e.label_ == "PERSON" and len(e) == 1}
    found = []
    for t in doc:
        before = doc[t.i - 1] if t.i else None
        if (
            t.text in surnames
            and before is not None
            and before.dep_ == "compound"
            and before.head.i == t.i
            and _given_name(before)
            and not before.is_sent_end
        ):
            found.append(DocSpan(doc, t.i - 1, t.i + 1, label="PERSON"))
    return found


def _given_name(token: Token) -> bool:
    return (
        token.pos_ == "PROPN"
        and token.is_title
        and token.ent_type_ in ("", "PERSON")
        and token.lower_ not in TITLE_WORDS
        and token.lower_ not in ORG_WORDS
        and token.lower_ not in RANKS
        and token.lower_ not in _CUT
    )  # "Mr Iswaran" after "S Iswaran": an honorific, no given name


def person_key(label: str) -> str:
    words = [w for w in label.replace(".", ". ").split() if not re.fullmatch(r"[A-Z]\.?", w)]  # middle initials out
    return slug(f"{words[0]} {words[-1]}") if len(words) >= 2 else slug(label)


def org_key(label: str) -> str:
    """'Justice Department' and 'Department of Justice', 'Interior Ministry' and 'Ministry of Interior'."""
    m = re.fullmatch(r"(?:the\s+)?([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)?)\s+(Department|Ministry)", label)
    if m:
        return slug(f"{m.group(2)} of {m.group(1)}")
    label = re.sub(r"(?<=\w)\s+(?:Inc|Corp|Corporation|Co|Ltd|LLC|Plc|PLC|AG|SA)\.?$", "", label)  # "Acme" = "Acme Corp"
    return slug(re.sub(r"^(Department|Ministry) of the ", r"\1 of ", label))


def _initials(label: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w-]*", label) if w[0].isupper())


def model_spans(doc: Doc, spans: list[Span], surnames: dict[str, set[str]]) -> list[Span]:  # noqa: C901 - case by case over NER labels
    """People and organisations from the model's NER that no rule found, with ids shared across their
    forms; registers each person's surname and first name for later mentions."""
    found: list[Span] = described_outlets(doc_text(doc), spans)  # "the Vela news agency": before the model's guess
    people = {person_key(s.label): s.entity for s in spans if s.kind == "Person" and s.label[:1].isupper()}
    orgs = {org_key(s.label): s.entity for s in spans if s.kind == "Organisation"}
    acronyms: dict[str, str] = {}
    ents = [
        e
        for e in doc.ents
        if not e.ent_id_
        and (
            e.label_ in ("PERSON", "ORG")
            or (e.label_ in ("FAC", "WORK_OF_ART", "PRODUCT", "LOC") and described_as_outlet(list(e)))
        )
    ]  # "the Vela Sinmun newspaper"
    ents = _full_names(doc, ents) + coordinated_people(doc) + ents  # "… and Uhuru Kenyatta of Kenya" (a place to the model)
    sentences = list(doc.sents)  # once: Span.sent walks the document each time
    starts, headlines = [x.start for x in sentences], [headline(x) for x in sentences]
    person_words = {t.text for e in ents if e.label_ == "PERSON" for t in e if t.text[:1].isupper()}
    person_words |= _speaker_words(doc)
    for e in ents:  # expansions first, so "NSA" after or before "National Security Agency" is the same node
        tokens = _name_tokens(e)
        if e.label_ == "ORG" and len(tokens) >= 2:
            label = doc_text(doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]
            key = org_key(label)
            acronyms.setdefault(_initials(label), orgs.get(key, key))
            bracket = re.match(r"\s*\(([A-Z][A-Za-z&]{1,7})\)", doc_text(doc)[e.end_char : e.end_char + 12])
            if bracket:
                acronyms[bracket.group(1)] = orgs.get(key, key)
    for e in ents:
        tokens = _name_tokens(e)
        if not tokens:
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        label = doc_text(doc)[start:end]
        candidate = Span(start, end, "", "", "")
        if "\n" in label or overlaps(candidate, spans + found):
            continue
        if headlines[bisect.bisect_right(starts, e.start) - 1]:
            continue  # title case everywhere: the model's names are guesses there
        before = doc[max(0, tokens[0].i - 2) : tokens[0].i]
        if e.label_ == "PERSON" and any(t.lower_ == "told" for t in before) and tokens[0].dep_ in ("dobj", "compound"):
            continue  # "told the Frankfurter Rundschau": an outlet (graph.extract's outlet rule)
        if e.label_ == "PERSON" and place_of(tokens[0]):
            continue  # "the district of Vela Nadu": a place the model took for a person
        if (
            _a_thing(label, e.label_, doc_text(doc))
            or dateline(tokens)
            or _DOCUMENT_BEFORE.search(doc_text(doc), max(0, start - 40), start)
        ):
            continue
        if described_as_outlet(tokens) or (len(tokens) > 1 and tokens[-1].lower_ in BROADCAST_ENDINGS):
            # "Xinhua, the state news agency", "the Sol newspaper", "Vela Fm": a news outlet
            key = org_key(label)
            found.append(Span(start, end, "Organisation", orgs.setdefault(key, key), label, "NewsOutlet"))
            continue
        misread = e.label_ == "PERSON" and len(tokens) > 1 and tokens[-1].lower_ in BODY_ENDINGS  # "Vela Supply Board"
        body = e.label_ == "ORG" or misread
        personal = not misread and (e.label_ == "PERSON" or _looks_personal(tokens, person_words) or _described_as_person(tokens))
        while personal and len(tokens) > 2 and (tokens[0].lower_ in RANKS or tokens[0].lower_ in APPOSITIVE_TITLES):
            tokens = tokens[1:]  # "Representative Adam Schiff": the name without the rank
            start, label = tokens[0].idx, doc_text(doc)[tokens[0].idx : end]
        if personal and is_person_name(tokens):
            key = person_key(label)
            entity = particle_surname(label, spans + found) or people.setdefault(key, key)  # "Al-Saadan"
            found.append(Span(start, end, "Person", entity, label, "Person"))
            for t in (tokens[0], tokens[-1]):
                surnames.setdefault(t.text, set()).add(entity)
        elif (
            body
            and _is_org_name(tokens, doc)
            and not title_field(tokens)
            and not (len(tokens) == 1 and (tokens[0].text in surnames or tokens[0].text.title() in surnames))
        ):  # "TRUMP HAS NO CORE"
            key = org_key(label)
            entity = (acronyms.get(label) if label.isupper() else None) or orgs.get(key) or key
            orgs.setdefault(key, entity)
            found.append(Span(start, end, "Organisation", entity, label, _org_class(tokens)))
    found += _lone_speakers(doc, spans + found, surnames)
    found += titled_surnames(doc, spans + found, surnames)  # "President Lopez"
    found += photo_credits(doc, spans + found)  # "(AP Photo/Ana Ruiz)"
    # "credit agency Acmefax … Acmefax CEO Ana Ruiz": first, so the titles read next see the body
    return repeated_names(doc_text(doc), spans + found) + found


def _lone_speakers(doc: Doc, spans: list[Span], surnames: dict[str, set[str]]) -> list[Span]:
    """'"…," Noh said': a lone capitalised word, untagged or a one-word PERSON to the model, speaking as a
    reporting verb's subject, is a person known by one name; its other mentions follow (the surname pass)."""
    found: list[Span] = []
    for t in doc:
        if not (
            t.dep_ == "nsubj"
            and t.pos_ == "PROPN"
            and t.is_title
            and len(t) > 2
            and t.ent_type_ in ("", "PERSON")
            and t.head.lemma_ in ("say", "tell", "add")
            and not any(c.dep_ in ("det", "amod", "compound", "poss") for c in t.children)
        ):
            continue
        candidate = Span(t.idx, t.idx + len(t), "", "", "")
        if (
            t.text in surnames
            or t.lower_ in ORG_WORDS
            or t.lower_ in TITLE_WORDS
            or t.lower_ in POST_MODIFIERS  # "Vice-president for X Ana Ruiz said": a title's first word
            or overlaps(candidate, spans + found)
        ):
            continue
        entity = slug(t.text)
        found.append(Span(t.idx, t.idx + len(t), "Person", entity, t.text, "Person"))
        surnames.setdefault(t.text, set()).add(entity)
    return found


THING_NOUNS = (
    "framework",
    "agreement",
    "pact",
    "deal",
    "accord",
    "treaty",
    "programme",
    "program",
    "scheme",
    "legislation",
    "number",
    "card",
    "initiative",
    "version",
    "project",
)


_BOUNDARY = re.compile(r"\b")
# "the Treaty on Friendly Relations and Cooperation": the rest of a document's name, no body.
_DOCUMENT_BEFORE = re.compile(
    r"\b(?:Treaty|Convention|Agreement|Pact|Accord|Protocol|Charter|Memorandum)\s+(?:on|of|for)\s+(?:the\s+)?\Z"
)
_THING_AFTER = re.compile(
    rf"\s+(?:and\s+(?:[A-Z][\w-]*\s+){{1,3}}(?=Act|Law|Bill|Code)|{'|'.join(THING_NOUNS)}|Act|Law|Bill|Code|Directive|Regulations?)\b"
)  # "the Computer Misuse and Cybercrimes Act": the start of a law's name
_NAME_ENDS = re.compile(r"\b(?!['’]s)")


def _a_thing(label: str, kind: str, text: str) -> bool:
    """A name used as a modifier of a thing ("the Aurora framework", "an Aurora number") is an agreement, a
    programme or a product, not an actor, as is the start of a law's name ("the Indian Telegraph Act"); nor is a
    'person' named with an article ("on the Aurora"). Read only where the name is written (str.find), not by
    three regex searches of the whole text per name: with many names in a long article those were a hot spot."""
    at = text.find(label)
    while at >= 0:
        end = at + len(label)
        if _BOUNDARY.match(text, at) and _THING_AFTER.match(text, end):
            return True
        if kind == "PERSON" and _after_the(text, at) and _NAME_ENDS.match(text, end):
            return True
        at = text.find(label, at + 1)
    return False


def _after_the(text: str, at: int) -> bool:
    """'the' or 'The', a word of its own, then white space up to `at`."""
    start = at
    while start > 0 and text[start - 1].isspace():  # what the regex \s matches
        start -= 1
    return (
        start < at and start >= 3 and text[start - 3 : start] in ("the", "The") and _BOUNDARY.match(text, start - 3) is not None
    )


def _speaker_words(doc: Doc) -> set[str]:
    """Lone proper nouns that say something ("Ruiz said"): surnames, unless the model calls them a body or place."""
    return {
        t.text
        for t in doc
        if t.dep_ == "nsubj"
        and t.pos_ == "PROPN"
        and t.is_title
        and SAY_CUES.fullmatch(t.head.text)
        and t.ent_type_ in ("", "PERSON")
        and not any(c.dep_ in ("det", "amod") for c in t.children)
    }


def _looks_personal(tokens: list[Token], person_words: set[str]) -> bool:
    """An ORG the model mistook: two or three proper nouns, one of them a name the model tags as a person
    or that speaks alone elsewhere in the article ("Reeves" after "Keanu Reeves", "Falque-Pierrotin said")."""
    words = [t for t in tokens if t.text != "-"]  # "Falque-Pierrotin": a hyphenated surname
    return (
        2 <= len(words) <= 3
        and all(t.pos_ == "PROPN" and t.is_title for t in words)
        and any(t.text in person_words for t in words)
        and not any(t.lower_ in ORG_WORDS for t in words)
    )


def _described_as_person(tokens: list[Token]) -> bool:
    """An ORG of two or three proper nouns followed by ', who' or by an appositive with a person's role."""
    doc, end = tokens[0].doc, tokens[-1].i + 1
    if not 2 <= len(tokens) <= 3 or end + 1 >= len(doc) or doc[end].text != ",":
        return False
    if doc[end + 1].lower_ == "who":
        return True
    head = tokens[-1]
    return any(c.dep_ == "appos" and any(t.lower_ in APPOSITIVE_TITLES for t in c.subtree) for c in head.children)


OUTLET_NOUNS = r"(?:newspaper|tabloid|broadcaster|magazine|news\s+agency|news\s+website|weekly)"
_OUTLET_AFTER = re.compile(rf"(?:\s+{OUTLET_NOUNS}|,\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){{0,4}}?{OUTLET_NOUNS}(?:\s+of\b|[,.]))")


def described_as_outlet(tokens: list[Token]) -> bool:
    """A name followed by an outlet noun ('the Sol newspaper') or set beside a description headed by one
    ('Vela Sinmun, the official daily newspaper of the party'): a newspaper or broadcaster, never a person."""
    doc, end = tokens[0].doc, tokens[-1].idx + len(tokens[-1])
    return _OUTLET_AFTER.match(doc_text(doc), end) is not None


def _is_org_name(tokens: list[Token], doc: Doc) -> bool:
    camel = any(c.isupper() for c in tokens[0].text[1:])  # "iSight Partners", "eBay"
    if len(tokens) > 8 or not (tokens[0].text[:1].isupper() or tokens[0].text[:1].isdigit() or camel):
        return False
    if len(tokens) == 1 and TICKER.fullmatch(" " + tokens[0].text):
        return False  # "Acme Corp (ACME.O)": the stock ticker after a company's name
    if tokens[-1].lower_ in LAW_WORDS or tokens[-1].lower_ in ("report", "review", "index"):
        return False  # "the Cyber Resilience Act" is a law, not a body
    if tokens[-1].lower_ in PLURAL_HEADS or tokens[-1].lower_ in REGIONS:
        return False  # "the role of Computer Emergency Response Teams": a kind of body; "the Indo-Pacific": a region
    if len(tokens) == 1 and tokens[0].i >= 2 and doc[tokens[0].i - 1].text == "(" and doc[tokens[0].i - 2].is_lower:
        return False  # "the internet of things (IoT)": a term's short form, not a body ("the Vela Agency (VA)" is)
    if tokens[-1].lower_ in TITLE_WORDS or tokens[-1].lower_ in ("counsel", "executive", "officer"):
        return False  # "General Counsel": a post, not a body
    if all(t.is_lower or t.is_punct for t in tokens[1:]) and len(tokens) > 1:
        return False
    if len(tokens) == 1 and tokens[0].lower_ in LEGISLATURES and tokens[0].is_title and not tokens[0].is_sent_start:
        return True  # "said Congress should monitor": a legislature known by its capitalised name
    if len(tokens) == 1:  # one word: an acronym, a coined name ("YouTube"), never a common word
        word = tokens[0].text
        if len(word) < 2 or word.lower() in GENERIC | POST_MODIFIERS | TITLE_WORDS or word.lower() in ORG_WORDS:
            return False
        if not (word.isupper() or any(c.isupper() for c in word[1:])) and re.search(
            rf"\b{re.escape(word.lower())}\b", doc_text(doc)
        ):  # the word is used in lower case too
            return False
    return True


def _org_class(tokens: list[Token]) -> str:
    last = tokens[-1].lower_.rstrip(".")
    if last in COMPANY_ENDINGS:
        return "Company"
    if any(t.lower_ in NEWS_WORDS for t in tokens) and not any(t.lower_ in ORG_WORDS for t in tokens):
        return "NewsOutlet"
    return "Organisation"
