"""Reported speech beyond one clause: where the quotations of an article are, and who speaks them.

- Quotation marks are paired by their direction, not by a left-to-right regex: a straight quote after a
  space or a line start opens, one before a space or punctuation closes. A short scare quote ("secret")
  therefore never swallows the narration up to the next real quotation, and a quotation left open at the
  end of a paragraph ends there (news style opens the next paragraph again when the quote goes on).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Union, cast

from cyberkg.graph.extract_holders import body_after
from cyberkg.graph.extract_parse import _mention, expand
from cyberkg.graph.extract_posts import unnamed_posts
from cyberkg.graph.extract_types import Extraction, Mention, Title, doc_text, slug

if TYPE_CHECKING:  # annotations only
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as Parsed

    from cyberkg.graph.extract_discourse import Sentence

_OPEN_BEFORE = " \t\n([{—–-/"  # what may stand right before an opening straight quote


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation, its marks included, in article order."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for i, ch in enumerate(text):
        if ch == "\n" and start is not None:  # an unclosed quotation ends with its paragraph
            spans.append((start, i))
            start = None
        if ch not in '"“”':
            continue
        before = text[i - 1] if i else "\n"
        after = text[i + 1] if i + 1 < len(text) else "\n"
        opens = ch == "“" or (ch == '"' and (before in _OPEN_BEFORE) and not after.isspace())
        closes = ch == "”" or (ch == '"' and not before.isspace() and not opens)
        if start is None and opens:
            start = i
        elif start is not None and closes:
            spans.append((start, i + 1))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return spans


def quoted_words(text: str, span: tuple[int, int]) -> str:
    """The words inside a quotation's marks, without the trailing comma news style puts before the closing mark."""
    start, end = span
    inner = text[start + 1 : end - 1] if end > start + 1 and text[end - 1] in '"”' else text[start + 1 : end]
    return inner.strip().rstrip(",").strip()


# Reporting verbs whose subject is a crowd, a document or a common noun name no speaker: "sources said",
# "two people briefed on the raid said", "the letter says". (A noun the article resolved to a named body —
# "the company said" after "Juniper" — is a mention, found before this.)
SPEAKER_ORDER = ("Person", "Organisation", "State")
OFFICIALS = {"officials", "authorities", "diplomats", "sources", "government"}
# Pieces of writing an outlet publishes: "a commentary in X said" is X speaking.
WRITINGS = {"editorial", "commentary", "piece", "article", "column", "op-ed", "opinion"}


# Reporting verbs besides graph.extract_lexicon.SAY_CUES, taken only when the parse shows them as a verb with
# its subject ("the DNC confirmed", "tweeted Guy Cecil"), never from their shape alone ("a confirmed case").
PARSED_SAY_CUES = re.compile(
    r"\b(confirmed|confirms|tweeted|tweets|described|describes|insisted|insists|argued|"
    r"argues|explained|explains|acknowledged|acknowledges|admitted|admits|stressed|stresses|"
    r"cautioned|cautions|predicted|predicts|saying|telling|warning|adding|reported|reports|reporting|"
    r"urged|urges|demanded|demands|condemned|condemns|"
    r"commented(?=\s*[,:]\s*[\"“]|\s+that\b)|(?:suggested|suggests|asserted|asserts)(?=\s+that\b))\b",
    # 'X commented, "…"' (not "has not commented on it"); "X suggested that …" (not "X suggested a deal")
    re.I,
)

# Speech acts reported like speech ("X urged Y to …", "X condemned the attack"): lemmas the parse must show
# as the verb with its subject.
SPEECH_ACTS = {"urge", "demand", "condemn", "comment", "suggest", "assert"}


class NoSpeaker:
    """The parse shows who speaks, and it is no entity: an anonymous source, a document, 'a film called X'."""


NO_SPEAKER = NoSpeaker()
Speaker = Union[Mention, "Token", NoSpeaker, None]  # noqa: UP007 - a runtime alias: "Token" is for the checker only


def _parsed(s: Sentence) -> Parsed:
    return cast("Parsed", s.span)  # the callers check that the sentence was parsed


def parse_speaker(s: Sentence, cue_start: int, reporting: set[str], unnamed: set[str]) -> Speaker:
    """Who speaks at the reporting verb starting at `cue_start`, read from the parse: a mention (a person
    before the body they speak for, a state last: "Seoul said"), the pronoun or unnamed-official token
    for the caller to resolve, NO_SPEAKER, or None when the parse shows no subject at all."""
    verb = next((t for t in _parsed(s) if t.idx == cue_start), None)
    if verb is not None and verb.dep_ in ("amod", "acl") and verb.tag_ == "VBN":
        return NO_SPEAKER  # "a documentary called Blackout": a participle, no one speaking
    if verb is None or verb.lemma_ not in reporting:
        return None
    if re.search(r"[,.!?][\"”]\s*$", s.doc_text[max(0, cue_start - 4) : cue_start]):  # '"…," tweeted Guy Cecil'
        after = s.after(verb.idx + len(verb), ("Person",), within=40)
        if after is not None:
            return after
    if verb.dep_ in ("amod", "acl") or (verb.i > 0 and verb.doc[verb.i - 1].text == "-"):
        return NO_SPEAKER  # "a film called Botnet", "so-called": a participle, no one speaking
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")] or quoted_as_saying(verb)[:1]
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    clause = any(c.dep_ == "auxpass" or (c.dep_ == "mark" and c.lower_ == "as") for c in verb.children)
    if agents and clause and not any(c.dep_ == "nsubj" for c in verb.children):
        subjects = agents  # "as confirmed by X", "the plan was announced by X" (not "First reported by X, …")
    elif verb.lemma_ in ("tell", "say") and any(c.dep_ == "auxpass" for c in verb.children):
        return NO_SPEAKER  # "X were told of the attack" (the hearers), "X is said to have …" (what is said of X)
    elif not subjects and verb.dep_ in ("conj", "advcl") and (verb.head.lemma_ in reporting or verb.tag_ == "VBG"):
        # "X defended the law, saying …": the subject of the clause the participle hangs on
        subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    for subject in subjects:
        found = subject_speaker(s, subject, unnamed)
        if found is not None:
            return found
    return None


def quoted_as_saying(verb: Token) -> list[Token]:
    """'Interfax quoted X as saying …' / 'X was quoted by Interfax as saying …' at "saying": [who speaks, the outlet
    quoting them] (speech round 7), or [] for any other participle."""
    if verb.lower_ != "saying" or verb.dep_ != "pcomp" or verb.head.lower_ != "as" or verb.head.head.lemma_ != "quote":
        return []
    quote = verb.head.head
    if any(c.dep_ == "auxpass" for c in quote.children):  # "X was quoted by Y as saying"
        speaker = [c for c in quote.children if c.dep_ == "nsubjpass"]
        outlet = [g for c in quote.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    else:
        speaker = [c for c in quote.children if c.dep_ == "dobj"]
        outlet = [c for c in quote.children if c.dep_ == "nsubj"]
    return speaker[:1] + outlet[:1] if speaker else []


def quoted_outlet(s: Sentence, cue_start: int) -> Mention | None:
    """The outlet that quoted the speaker ('Interfax quoted X as saying …'): where the statement appeared."""
    verb = next((t for t in _parsed(s) if t.idx == cue_start), None) if s.span is not None else None
    quoting = quoted_as_saying(verb) if verb is not None else []
    return _mention(s, quoting[1], ("Organisation",)) if len(quoting) > 1 else None


# A paragraph's wire dateline: "OSLO, Norway (AP) — ", "LIMA (Reuters) - ", "Vela Mirror - Reuters: ", "Reuters: ".
_DATELINE = re.compile(
    r"[A-Z][A-Z .'’-]{1,30}(?:,\s*[A-Z][\w .'’-]{1,30})?\s*(?:\([\w .&/-]{1,30}\)\s*)?(?:[—–]|--?)\s"
    r"|(?:[A-Z][\w.'’-]*\s+){0,3}?(?:[-—–]\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}:\s"
)


def in_dateline(text: str, start: int) -> bool:
    """The name at `start` stands in its paragraph's dateline (place and credited agency), which carries the story
    and says none of it (speech round 7): the reporting verb's speaker is in the clause after the dash or colon."""
    line = text.rfind("\n", 0, start) + 1
    if start - line > 60:
        return False
    dateline = _DATELINE.match(text, line)
    return dateline is not None and start < dateline.end()


def undated(text: str, m: Mention | None) -> Mention | None:
    """The mention, unless it stands in its paragraph's dateline ("OSLO (AP) — the bank said": not the agency)."""
    return None if m is None or in_dateline(text, m.start) else m


# A social-media account standing for its owner: "Ana Ruiz's official Twitter account tweeted …" (speech round 7).
ACCOUNTS = {"account", "feed", "handle", "page", "channel"}
_ACCOUNT_BEFORE = re.compile(r"['’]s\s+(?:official\s+|verified\s+)?(?:[A-Z][\w.]*\s+)?(?:account|feed|handle|page|channel)\s+$")


def account_owner(s: Sentence, subject: Token) -> Mention | None:
    """The owner whose account the subject is: the person, body or state in its possessive."""
    if subject.lemma_ not in ACCOUNTS:
        return None
    owners = [c for c in subject.children if c.dep_ == "poss"]
    return next((m for c in owners if (m := _mention(s, c, SPEAKER_ORDER)) is not None), None)


def account_platform(s: Sentence, cue_start: int) -> Mention | None:
    """'X's official Twitter account tweeted': the platform named in the account phrase right before the verb."""
    text = s.doc_text
    at = _ACCOUNT_BEFORE.search(text, s.start, cue_start)
    return s.after(at.start(), ("Organisation",), within=25) if at else None


def subject_speaker(s: Sentence, subject: Token, unnamed: set[str]) -> Speaker:

    if subject.lower_ in ("he", "she"):
        return subject
    owner = account_owner(s, subject)
    if owner is not None:  # "Ana Ruiz's official Twitter account tweeted": she speaks (the platform publishes)
        return owner
    names = expand(subject)
    found = [
        m
        for t in names
        for m in s.top
        if m.start <= t.idx < m.end and m.kind in SPEAKER_ORDER and not in_dateline(s.doc_text, m.start)
    ]  # the parse may hang a dateline ("OSLO (AP) —") on the subject: its place and agency say nothing
    if (
        subject.lower_ in unnamed
        and subject.tag_ == "NN"
        and not any(c.dep_ == "appos" for c in subject.children)
        and not any(m.kind == "Person" for m in found)
    ):
        return subject  # "a U.S. Justice Department official said": an unnamed person, made by the caller
    if not found and (subject.lower_ == "sources" or subject.lower_ in ("law", "act", "regulation", "directive")):
        return NO_SPEAKER  # "several EU sources said" (anonymous), "EU data protection law says" (a text)
    found = found or [
        m for t in names if (m := _mention(s, t, SPEAKER_ORDER)) is not None and not in_dateline(s.doc_text, m.start)
    ]
    if found:
        return min(found, key=lambda m: SPEAKER_ORDER.index(m.kind))
    linked = [(c.lower_, g) for c in subject.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    if subject.lemma_ in WRITINGS:  # "an editorial in the Daily Vela said": the outlet it appeared in speaks
        outlet = next((m for p, g in linked if p == "in" and (m := _mention(s, g, ("Organisation",)))), None)
        if outlet is not None:
            return outlet
    state = next((m for p, g in linked if p in ("in", "from", "at") and (m := _mention(s, g, ("State",)))), None)
    if state is not None and subject.lower_ in OFFICIALS:
        return state  # "officials in Abu Dhabi said": the state speaks
    org = next((m for p, g in linked if p in ("at", "from", "of", "with") and (m := _mention(s, g, ("Organisation",)))), None)
    if org is not None and subject.tag_ == "NNS":
        return org  # "analysts at the Regional Security Institute noted": the body, no person named
    beside = _apposed_name(s, subject)
    if beside is not None:
        return beside
    if subject.pos_ in ("NOUN", "PRON", "NUM") or subject.tag_ in ("NNS", "NNPS"):
        return NO_SPEAKER  # "sources said", "the letter says", "it said" about no one named
    return None


def _apposed_name(s: Sentence, subject: Token) -> Mention | None:
    """'Vela Sinmun, the party's daily newspaper, said': the parse made the description set beside the name
    the subject; the name right before its comma speaks."""
    left, right = subject.left_edge, subject.right_edge
    if left.i == 0 or subject.doc[left.i - 1].text != "," or subject.dep_ != "nsubj":
        return None
    if right.text != "," and (right.i + 1 >= len(subject.doc) or subject.doc[right.i + 1].text != ","):
        return None  # the description closes with a comma; "… at the United Nations, the ministry said" is the ministry's
    comma = subject.doc[left.i - 1].idx
    return next((m for m in s.top if m.kind in ("Person", "Organisation") and 0 <= comma - m.end <= 1), None)


def appositive_speaker(s: Sentence, cue_start: int) -> Mention | None:
    """'Ana Ruiz, general counsel of the agency, says …' read as the parse missed it: the person named
    right before one comma-set appositive that ends at the verb."""
    text = s.doc_text
    for m in sorted((m for m in s.top if m.kind == "Person" and m.end <= cue_start), key=lambda m: -m.end):
        if re.fullmatch(r"\s*,[^,;\"“”]{2,160},\s*", text[m.end : cue_start]):
            return m
    return None


def according_to(s: Sentence, cue_end: int, within: int = 60) -> Mention | None:
    """'according to Korea University Professor Jeong Ik-rae': the person the phrase names, before the body."""
    found = sorted(
        (m for m in s.top if m.kind in ("Person", "Organisation") and 0 <= m.start - cue_end <= within), key=lambda m: m.start
    )
    if not found or s.span is None:
        return found[0] if found else None
    first = _parsed(s).doc.char_span(found[0].start, found[0].end, alignment_mode="expand")
    head = first.root if first is not None else None
    while head is not None and head.dep_ in ("compound", "poss", "amod", "nmod") and head.head.i != head.i:
        head = head.head  # up to the noun the name modifies: "… University Professor Jeong Ik-rae"
    if head is None:
        return found[0]
    end = head.right_edge.idx + len(head.right_edge)
    return next((m for m in found if m.kind == "Person" and m.start < end), found[0])


HEARERS = {
    "senate",
    "house",
    "congress",
    "parliament",
    "committee",
    "committees",
    "assembly",
    "court",
    "council",
    "commission",
    "ministry",
    "department",
    "agency",
    "office",
}


def hearing(label: str) -> bool:
    """'told the Senate Armed Services Committee', 'told a parliamentary committee': a body that hears
    testimony or a briefing, where nothing is published."""
    return any(w in HEARERS for w in label.lower().split())


DOCUMENTS = r"(?:letter|report|statement|memo|memorandum|study|filing|submission|paper)"
_THE_DOCUMENT = re.compile(rf"\b[Tt]he\s+({DOCUMENTS})\s+$")


def document_author(text: str, start: int, mentions: list[Mention]) -> Mention | None:
    """'…, the letter says' (the verb at `start`): whoever the article said the document is from, in an
    earlier sentence — 'a letter from the Acme Agency', or 'In a letter to X, Ana Ruiz wrote …'."""
    noun = _THE_DOCUMENT.search(text, max(0, start - 30), start)
    if noun is None:
        return None
    intro = (
        rf"\b(?:[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?:[\w-]+\s+)?{noun.group(1)}\s+(?:from|by)\s+(?:the\s+)?"
        rf"|\b[Ii]n\s+(?:a|an|his|her|its|their)\s+{noun.group(1)}\b[^,;]*,\s*"
    )
    found = list(re.finditer(intro, text[: noun.start()]))
    if not found:
        return None
    at = found[-1].end()
    return next(
        (m for m in sorted(mentions, key=lambda m: m.start) if m.kind in ("Person", "Organisation") and at <= m.start <= at + 4),
        None,
    )


def headline(text: str, start: int, end: int) -> bool:
    """The article's first line when it ends without a full stop: its headline."""
    line_end = text.find("\n")
    return text[:start].strip() == "" and start < line_end and not text[:line_end].rstrip().endswith((".", "!", "?", '"', "”"))


# Role nouns that make a post when they modify a name ("security researcher Nicholas Weaver") or head an
# unnamed speaker's description ("a Bangladesh Bank spokesman").
ROLE_NOUNS = {
    "researcher",
    "expert",
    "analyst",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "chief",
    "executive",
    "founder",
    "head",
    "chairman",
    "chairwoman",
    "president",
    "official",
    "counsel",
    "professor",
    "lawyer",
    "attorney",
    "economist",
    "editor",
    "manager",
    "minister",
    "secretary",
}
_BODY_PREPS = ("of", "at", "for", "with")


def complete_posts(out: Extraction, doc: Doc) -> None:
    """Each title's post in full and the body it is in, read by the parse: 'Ilya Sachkov, chief executive of
    Group-IB' (not 'chief'), 'security researcher Nicholas Weaver of the International Computer Science
    Institute', 'Robert Litt, General Counsel of the Office of …'; a person named with a role noun before the
    name gets that post (an unnamed speaker's role stays in its description: 'spokesman for the ministry')."""

    orgs = [m for m in out.mentions if m.kind == "Organisation"]
    titled = {t.person for t in out.titles}
    done = []
    for t in out.titles:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None or t.post is not None:
            done.append(t)
            continue
        end, org = _post_phrase(doc, span.root, orgs)
        person = _name_token(doc, out, t.person, t.start)
        if org is None and person is not None and person.i < span.start:  # "X, chief executive …" checked above
            pass
        elif org is None and person is not None:  # "researcher Nicholas Weaver of the Institute"
            _, org = _post_phrase(doc, person, orgs, extend=False)
        organisation = t.organisation or (org.entity if org is not None else None)
        stop = max(t.end, end) if org is not None or end > t.end else t.end
        done.append(
            Title(
                t.person, t.start, stop, doc_text(doc)[t.start : stop] if stop > t.end else t.words, organisation, t.state, t.post
            )
        )
    for m in [m for m in out.mentions if m.kind == "Person" and m.entity not in titled]:
        title = _role_before(doc, m, orgs)
        if title is not None:
            done.append(title)
            titled.add(m.entity)
    done += unnamed_posts(doc, out.mentions, f"-{slug(out.article.id)}", titled)  # "the Norwegian ambassador"
    out.titles[:] = [body_after(doc_text(doc), t, out.mentions) for t in done]  # "X, Director …, in the Vela Office"


def _name_token(doc: Doc, out: Extraction, person: str, near: int) -> Token | None:
    mentions = sorted((m for m in out.mentions if m.entity == person and m.kind == "Person"), key=lambda m: abs(m.start - near))
    span = doc.char_span(mentions[0].start, mentions[0].end, alignment_mode="expand") if mentions else None
    return span.root if span is not None else None


def _post_phrase(doc: Doc, token: Token, orgs: list[Mention], extend: bool = True) -> tuple[int, Mention | None]:
    """(end of the post's words, the organisation its 'of/at/for/with' names) from a title's head token."""
    head = token
    while extend and head.dep_ in ("compound", "amod") and head.head.i > head.i and head.head.pos_ == "NOUN":
        head = head.head  # "chief" -> "executive", never on into the name after the title
    end = head.idx + len(head)
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in _BODY_PREPS):
        for pobj in (g for g in prep.children if g.dep_ == "pobj"):
            left, right = pobj.left_edge.idx, pobj.right_edge.idx + len(pobj.right_edge)
            org = next((m for m in sorted(orgs, key=lambda m: m.start) if left <= m.start and m.end <= right + 1), None)
            if org is not None:
                return max(end, org.end), org
    return end, None


def _role_before(doc: Doc, m: Mention, orgs: list[Mention]) -> Title | None:
    """'security researcher Nicholas Weaver (of X)': a role noun compounded onto the name; "Acme's head of
    research, Ana Ruiz, said": a role phrase the name is set beside, its possessor or 'of' the body."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return None
    roles = [c for c in span.root.children if c.dep_ == "compound" and c.i < span.start and c.lower_ in ROLE_NOUNS]
    head = span.root.head
    if not roles and span.root.dep_ == "appos" and head.i == span.start - 1 and head.lower_ in ROLE_NOUNS:
        roles = [head]  # parsed the other way round: "researcher" heading the name set beside it
    if (
        not roles
        and span.root.dep_ == "appos"
        and head.i < span.start
        and head.lower_ in ROLE_NOUNS
        and doc[span.start - 1].text == ","
    ):
        return _role_phrase(doc, m, head, span.start - 1, orgs)
    if not roles:
        return None
    role = roles[-1]
    start = role.left_edge.idx
    _, org = _post_phrase(doc, span.root, orgs, extend=False)
    return Title(
        m.entity,
        start,
        role.idx + len(role),
        doc_text(doc)[start : role.idx + len(role)],
        org.entity if org is not None else None,
        None,
    )


def _role_phrase(doc: Doc, m: Mention, head: Token, comma: int, orgs: list[Mention]) -> Title | None:
    """The role phrase before ', Name': from after its possessor or article to the comma."""
    words = [t for t in doc[head.left_edge.i : comma] if t.i >= head.i or t.dep_ not in ("det", "poss", "case")]
    words = [t for t in words if not (t.i < head.i and any(o.start <= t.idx < o.end for o in orgs))]
    while words and (words[0].dep_ in ("det", "case") or words[0].text in ("'s", "’s")):
        words.pop(0)
    if not words or any(t.text in (",", ";") for t in words):
        return None
    owner = next((o for o in orgs if head.left_edge.idx <= o.start and o.end <= words[0].idx), None)
    _, named = _post_phrase(doc, head, orgs, extend=False)
    org = owner or named
    start, end = words[0].idx, words[-1].idx + len(words[-1])
    return Title(m.entity, start, end, doc_text(doc)[start:end], org.entity if org is not None else None, None)
