"""People by title and bodies by their owner (issue 13, round 3): constructions of news writing that the
name shapes and the model miss, each read from the parse spaCy already made.

- "President Lopez", "Chancellor Berg": one capitalised word right after a capitalised title of office is
  a person known by that name (the title rule then gives the post); later lone mentions follow by surname.
- "Germany's Foreign Ministry": a body the article names only with its state's possessive is labelled with
  it, not as the bare and ambiguous "Foreign Ministry" (a capitalised generic name of one or two words;
  "Canada's National Research Council" keeps its own name, "Norway's foreign ministry" is a description).
- "the country of Georgia": an ambiguous state name the article calls a country is the state.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cyberkg.graph.extract_lexicon import APPOSITIVE_TITLES, LAW_WORDS, ORG_WORDS, TITLE_FIELDS, TITLE_WORDS
from cyberkg.graph.extract_types import Mention, Span, Title, doc_text, overlaps, slug

if TYPE_CHECKING:
    from collections.abc import Iterable

    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

# Titles of office written before a surname alone ("President Lopez"); not "Director", "Chief" or "Head",
# which also open names of bodies and products ("Director Hotel", "Chief Cloud").
OFFICE_TITLES = {
    "president",
    "chancellor",
    "premier",
    "minister",
    "secretary",
    "senator",
    "governor",
    "ambassador",
    "king",
    "queen",
    "mayor",
    "envoy",
    "sen.",
    "rep.",
    "gov.",
}
BODY_HEADS = {*ORG_WORDS, "regulator", "operator"}
POSSESSIVES = ("'s ", "’s ")


def titled_surnames(doc: Doc, spans: list[Span], surnames: dict[str, set[str]]) -> list[Span]:
    """'President Lopez said', 'a call with Prime Minister Karlsson': the one capitalised word after a
    capitalised title of office, when the model takes it for a person or for nothing, and it is no title,
    body or law word and no surname of someone named in full (that person's mention is the surname pass's)."""
    found: list[Span] = []
    for t in doc[1:]:
        title = doc[t.i - 1]
        if not (
            title.lower_ in OFFICE_TITLES
            and title.text[:1].isupper()
            and t.pos_ == "PROPN"
            and t.is_title
            and len(t) > 2
            and t.ent_type_ in ("", "PERSON")
        ):
            continue
        after = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if after is not None and (after.is_title or after.text in ("-", "&")):
            continue  # "President Ana Ruiz", "Minister Al-Sayed": a full name, the shapes' and the model's
        word = t.lower_
        candidate = Span(t.idx, t.idx + len(t), "", "", "")
        if (
            word in TITLE_WORDS
            or word in ORG_WORDS
            or word in LAW_WORDS
            or t.text in surnames
            or overlaps(candidate, spans + found)
        ):
            continue
        entity = slug(t.text)
        found.append(Span(t.idx, t.idx + len(t), "Person", entity, t.text, "Person"))
        surnames.setdefault(t.text, set()).add(entity)
    return found


def owner_labels(text: str, spans: list[Span], new_entities: dict[str, dict]) -> None:
    """'Germany's Foreign Ministry said', 'the US Cyber Command': a new body whose fullest name in the article is the
    bare one after a state's possessive or abbreviation takes it into its label (the gold guide's fullest form used
    in the text)."""
    states = {s.end: s for s in spans if s.kind == "State"}
    for span in spans:
        record = new_entities.get(span.entity)
        if (
            span.kind != "Organisation"
            or record is None
            or record.get("type") == "Government"
            or record.get("label") != span.label
        ):
            continue  # a fuller name elsewhere in the article wins
        owner = states.get(span.start - 3) if text[span.start - 3 : span.start] in POSSESSIVES else None
        short = states.get(span.start - 1) if text[span.start - 1 : span.start] == " " else None
        words = span.label.split()
        if owner is None and short is not None and words[-1].lower() in BODY_HEADS | {"team"}:
            owner = short  # "US Cyber Command", "the Indian Computer Emergency Response Team": the state opens the name
            words = words[-2:]
        if owner is not None and len(words) <= 2 and words[0][:1].isupper() and words[-1].lower() in BODY_HEADS | {"team"}:
            record["label"] = text[owner.start : span.end]


_COUNTRY_OF = re.compile(r"\b(?:country|nation|republic|kingdom)\s+of\s+$", re.I)


def countries_named(text: str, ents: Iterable[SpacySpan], state_context: dict[str, list[str]]) -> set[str]:
    """'the country of Georgia': an ambiguous state name the article itself says is a country, so its other
    mentions ("Georgia's sovereignty") count as the state too (not "the state of Georgia")."""
    return {
        state_context[e.ent_id_][0]
        for e in ents
        if e.label_ == "StateContext"
        and len(state_context[e.ent_id_]) == 1
        and _COUNTRY_OF.search(text[max(0, e.start_char - 20) : e.start_char])
    }


# "(AP Photo/Ana Ruiz)", "Photo: Ana Ruiz/Vela/AFP": a picture's credit line names its photographer and agencies.
_CREDIT_LINES = re.compile(
    r"\(([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)?)\s+Photos?/([^)\n]{3,80})\)"
    r"|\b(?:Photo|Photograph|Image|Picture)s?(?:\s+credit)?:\s*([^\n]{3,80})"
)
_PERSON_PART = re.compile(r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?(?:\s+[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?){1,2}")
_AGENCY_PART = re.compile(r"[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2}")
_NOT_PERSONAL = {"images", "image", "photos", "photo", "pictures", "press", "news", "agency", "media", "archive", "pool"}


def photo_credits(doc: Doc, spans: list[Span]) -> list[Span]:
    """The photographer (a person) and the agencies (news organisations) of a picture's credit line, which the
    model reads poorly: "(AP Photo/Ana Ruiz)", "Photo: Ana Ruiz/Vela/AFP"."""
    text = doc_text(doc)
    found: list[Span] = []
    for line in _CREDIT_LINES.finditer(text):
        parts = [(line.start(1), line.group(1))] if line.group(1) else []
        body, at = (line.group(2), line.start(2)) if line.group(2) else (line.group(3), line.start(3))
        for piece in re.finditer(r"[^/,;]+", body):
            words = piece.group(0).strip()
            if words.lower().startswith("via "):
                words = words[4:]
            parts.append((at + piece.start() + piece.group(0).index(words), words))
        for start, words in parts:
            person = _PERSON_PART.fullmatch(words) and words.split()[-1].lower() not in _NOT_PERSONAL
            if not (person or _AGENCY_PART.fullmatch(words)):
                continue
            candidate = Span(start, start + len(words), "", "", "")
            if overlaps(candidate, spans + found):
                continue
            found.append(
                Span(
                    start,
                    start + len(words),
                    "Person" if person else "Organisation",
                    slug(words),
                    words,
                    "Person" if person else "NewsAgency",
                )
            )
    return found


# "the Vela news agency said", "The Norvik news site reported", "Iran's IRIB state broadcaster", "REN TV": a
# capitalised name before an outlet noun is a news organisation's.
_DESCRIBED_OUTLET = re.compile(
    r"(?<![\w'’-])((?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*)\s+(?:(?:state|state-run|official|"
    r"private|independent)\s+)?(news\s+agency|news\s+site|news\s+website|newspaper|"
    r"broadcaster)\b|(?<![\w'’-])([A-Z]{2,6}\s+TV)\b"
)
# The outlet noun first, its name after: "media outlet El Vela", "news website Vela Diario", "broadcaster NHK".
_OUTLET_NOUN_FIRST = re.compile(
    r"\b(?:media\s+outlet|news\s+(?:outlet|site|website|portal)|newspaper|broadcaster)\s+"
    r"((?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*)(?=\s+(?:reported|said|says|reports|wrote|quoted|cited|published)\b|\s*[,.])"
)
_NOT_OUTLET_NAMES = {
    "the",
    "a",
    "an",
    "state",
    "tv",
    "radio",
    "television",
    "its",
    "their",
    "his",
    "her",
    "this",
    "that",
    "national",
    "public",
}


def described_outlets(text: str, spans: list[Span]) -> list[Span]:
    """News organisations named before an outlet noun, which the model often leaves out or makes a person."""
    found: list[Span] = []
    for m in _DESCRIBED_OUTLET.finditer(text):
        group = 1 if m.group(1) else 3
        start, words = m.start(group), m.group(group).split()
        while words and words[0].lower() in _NOT_OUTLET_NAMES:
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else start
            words = words[1:]
        if not words:
            continue
        name = " ".join(words)
        candidate = Span(start, start + len(name), "", "", "")
        if text[start : start + len(name)] != name or overlaps(candidate, spans + found):
            continue  # a state ("Iranian state broadcaster") or a name already found (the gazetteer's "IRNA")
        cls = "NewsAgency" if group == 1 and "agency" in m.group(2) else "NewsOutlet"
        found.append(Span(start, start + len(name), "Organisation", slug(name), name, cls))
    for m in _OUTLET_NOUN_FIRST.finditer(text):  # "local media outlet El Vela", "public broadcaster NHK" (round 7)
        candidate = Span(m.start(1), m.end(1), "Organisation", slug(m.group(1)), m.group(1), "NewsOutlet")
        if m.group(1).split()[0].lower() not in _NOT_OUTLET_NAMES and not overlaps(candidate, spans + found):
            found.append(candidate)
    return found


# Fields a post is of, written capitalised inside a title ("National Security adviser", "Secretary of Commerce").
_FIELDS = {
    "commerce",
    "treasury",
    "labor",
    "labour",
    "education",
    "agriculture",
    "transportation",
    "transport",
    "housing",
    "veterans",
    "environment",
    "culture",
    "tourism",
    "industry",
    "development",
    "communications",
    "ict",
    "cabinet",
}  # "ICT Cabinet Secretary Ana Ruiz": a cabinet secretary's field


def _between_title_and_name(tokens: list[Token]) -> bool:
    """'Vice-president for Digital Single Market Ana Ruiz': words after '<title> for' and right before a person."""
    doc, i, end = tokens[0].doc, tokens[0].i, tokens[-1].i + 1
    return (
        i >= 2
        and doc[i - 1].lower_ in ("for", "of")
        and doc[i - 2].lower_ in TITLE_WORDS
        and end + 1 < len(doc)
        and doc[end].ent_type_ == "PERSON"
        and doc[end + 1].ent_type_ == "PERSON"
    )


def title_field(tokens: list[Token]) -> bool:
    """'National Security adviser Ana Ruiz', 'the Secretaries of Homeland Security and Commerce': capitalised words
    naming the field of a post, right before a title word or after 'Secretary of', are no organisation; nor are up
    to three capitalised words in brackets after a title ('Joint Secretary (Cyber Diplomacy)')."""
    if tokens and len(tokens) <= 3 and tokens[0].i >= 2 and tokens[0].doc[tokens[0].i - 1].text == "(":
        doc, end = tokens[0].doc, tokens[-1].i + 1
        if doc[tokens[0].i - 2].lower_ in TITLE_WORDS and end < len(doc) and doc[end].text == ")":
            return True
    if tokens and _between_title_and_name(tokens):
        return True
    if not tokens or not all(t.lower_ in TITLE_FIELDS or t.lower_ in _FIELDS or t.lower_ in ("of", "and", "&") for t in tokens):
        return False
    doc = tokens[0].doc
    after = doc[tokens[-1].i + 1] if tokens[-1].i + 1 < len(doc) else None
    before = doc[max(0, tokens[0].i - 2) : tokens[0].i]
    return (after is not None and after.lower_ in TITLE_WORDS) or (
        len(before) == 2
        and before[1].lower_ in ("of", "for")
        and before[0].lower_ in ("secretary", "secretaries", "minister", "ministers")
    )


def repeated_names(text: str, spans: list[Span]) -> list[Span]:
    """'credit agency Acmefax … Acmefax CEO Ana Ruiz': every later mention of an organisation's name found once
    (by its description or the model) is that organisation, when it stands alone (not inside a longer name)."""
    found: list[Span] = []
    named = {
        s.label: s
        for s in spans
        if s.kind == "Organisation"
        and len(s.label) >= 4
        and s.label[:1].isupper()
        and s.label.replace(" ", "").replace("-", "").isalnum()
    }
    for name, first in named.items():
        for start in _standalone(text, name):
            candidate = Span(start, start + len(name), "Organisation", first.entity, name, first.cls)
            if text[max(0, start - 1) : start] not in ("'", "’") and not overlaps(candidate, spans + found):
                found.append(candidate)
    return found


_CAPITALISED_WORD = re.compile(r"\s+[A-Z][a-z]")


def _standalone(text: str, name: str) -> list[int]:
    r"""Where `name` stands alone in `text`, left to right and not overlapping: no word character or hyphen on
    either side, and no capitalised word after it ('Acmefax Holdings' is another name). What the regex
    (?<![\w-])NAME(?![\w-])(?!\s+[A-Z][a-z]) finds, without compiling one per name (most of this pass's time)."""
    found: list[int] = []
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        before, after = text[at - 1 : at] if at else "", text[end : end + 1]
        if (
            not (before and (before.isalnum() or before in "_-"))
            and not (after and (after.isalnum() or after in "_-"))
            and not _CAPITALISED_WORD.match(text, end)
        ):
            found.append(at)
            at = text.find(name, end)
        else:
            at = text.find(name, at + 1)
    return found


def body_before(text: str, start: int, mentions: list[Mention]) -> str | None:
    """'Acmefax CEO Ana Ruiz', "Acmefax's chief executive": the organisation named right before a title is the
    body whose post it is (when the name shapes read the title before the body was found)."""
    return next((m.entity for m in mentions if m.kind == "Organisation" and text[m.end : start] in (" ", "'s ", "’s ")), None)


COPULAS = {"be", "become", "serve", "remain"}


def copula_titles(doc: Doc, spans: list[Span], titled: set[str]) -> list[Title]:
    """'Ana Ruiz, who is the agency's director', 'since Ana Ruiz became Norway's president': a title word in what
    the copula says the person is (present 'is', 'became', 'serves as'; not 'was', which may be a former post),
    with the organisation or state named in it."""
    found: list[Title] = []
    for span in (s for s in spans if s.kind == "Person" and s.cls == "Person" and s.entity not in titled):
        name = doc.char_span(span.start, span.end, alignment_mode="expand")
        if name is None:
            continue
        root = name.root
        verbs = [root.head] if root.dep_ == "nsubj" and root.head.lemma_ in COPULAS else []
        verbs += [
            c
            for c in root.children
            if c.dep_ == "relcl"
            and c.lemma_ in COPULAS
            and any(g.dep_ == "nsubj" and g.lower_ in ("who", "that") for g in c.children)
        ]
        for verb in verbs:
            if verb.lemma_ == "be" and verb.tag_ not in ("VBZ", "VBP") and not any(c.lower_ == "still" for c in verb.children):
                continue  # "X was the defence minister": perhaps no longer ("X was still president when …" was)
            complements = [c for c in verb.children if c.dep_ in ("attr", "oprd")]
            complements += [
                g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children if g.dep_ == "pobj"
            ]
            for head in complements:
                words = [t for t in head.subtree if t.dep_ not in ("relcl", "punct") and not t.is_punct or t.text in ("'s", "’s")]
                while words and (words[0].lower_ in ("the", "a", "an") or words[0].text in ("'s", "’s")):
                    words.pop(0)
                if not words or head.lower_ not in APPOSITIVE_TITLES:
                    continue
                start, end = words[0].idx, words[-1].idx + len(words[-1])
                organisation = next((s.entity for s in spans if s.kind == "Organisation" and start <= s.start < end), None)
                state = next((s.entity for s in spans if s.kind == "State" and start <= s.start < end), None)
                found.append(Title(span.entity, start, end, doc.text[start:end], organisation, state))
                titled.add(span.entity)
                break
            if span.entity in titled:
                break
    return found + _heads_of(doc, spans, titled)


LEADING = {"run", "head", "lead", "chair"}


def _heads_of(doc: Doc, spans: list[Span], titled: set[str]) -> list[Title]:
    """'Ana Ruiz, who runs the Vela Institute', 'Ana Ruiz, who heads the agency': the head of that body, a post
    in it (present tense only: 'who ran' may be over)."""
    found: list[Title] = []
    orgs = [s for s in spans if s.kind == "Organisation"]
    for span in (s for s in spans if s.kind == "Person" and s.cls == "Person" and s.entity not in titled):
        name = doc.char_span(span.start, span.end, alignment_mode="expand")
        if name is None:
            continue
        for verb in (c for c in name.root.children if c.dep_ == "relcl" and c.lemma_ in LEADING and c.tag_ in ("VBZ", "VBP")):
            if not any(g.dep_ == "nsubj" and g.lower_ in ("who", "that") for g in verb.children):
                continue
            objects = [g for g in verb.children if g.dep_ == "dobj"]
            org = next(
                (
                    o
                    for g in objects
                    for o in orgs
                    if g.left_edge.idx <= o.start and o.end <= g.right_edge.idx + len(g.right_edge)
                ),
                None,
            )
            if org is not None:
                found.append(Title(span.entity, verb.idx, org.end, f"head of {org.label}", org.entity, None))
                titled.add(span.entity)
                break
    return found


# Heads of an unnamed person's description that are an office, not a mere role: "the Norwegian ambassador",
# "the energy minister", "the panel's chair" hold a post; "an official", "a source" or "a spokesman for …"
# do not name one.
OFFICE_HEADS = {
    "ambassador",
    "envoy",
    "minister",
    "chair",
    "chairman",
    "chairwoman",
    "chairperson",
    "president",
    "premier",
    "chancellor",
    "governor",
    "consul",
}

SPOKES = {"spokesman", "spokeswoman", "spokesperson"}


def unnamed_posts(doc: Doc, mentions: list[Mention], unnamed: str, titled: set[str]) -> list[Title]:
    """'the Norwegian ambassador said', 'the energy minister said': an unnamed person known by an office holds it,
    in the state or body the description names ("Norwegian" -> Norway). `unnamed`: the id suffix of this
    article's unnamed people."""
    found: list[Title] = []
    for m in sorted(mentions, key=lambda m: m.start):
        if m.kind != "Person" or not m.entity.endswith(unnamed) or m.entity in titled:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or any(t.lower_ in ("former", "ex", "late") for t in span):
            continue
        inside = [o for o in mentions if m.start <= o.start and o.end <= m.end and o.entity != m.entity]
        before = doc_text(doc)[span.start_char : span.root.idx].strip()
        named = next((o for o in mentions if o.kind == "Organisation" and o.label == before), None)
        if not inside and named is not None:  # "an SBU spokesperson", the SBU named elsewhere in the article
            inside = [Mention(named.entity, "Organisation", named.label, m.sentence, span.start_char, span.root.idx - 1, 0.5)]
        speaks_for = span.root.lower_ in SPOKES and any(
            o.kind == "Organisation" and o.end <= span.root.idx and not o.label.startswith("Government of") for o in inside
        )  # "a Vela Bank spokesman": the bank's post; "a spokesman for …" or "a government spokesman" names a role
        if span.root.lower_ not in OFFICE_HEADS and not speaks_for:
            continue
        state = next((o.entity for o in inside if o.kind == "State"), None)
        organisation = next((o.entity for o in inside if o.kind == "Organisation"), None)
        words = [t for t in span if t.i >= span.root.i or not any(o.kind == "State" and o.start <= t.idx < o.end for o in inside)]
        while words and (words[0].lower_ in ("the", "a", "an") or words[0].text in ("'s", "’s")):
            words.pop(0)
        start, end = words[0].idx, words[-1].idx + len(words[-1])
        found.append(Title(m.entity, start, end, doc_text(doc)[start:end], organisation, state))
        titled.add(m.entity)
    return found
