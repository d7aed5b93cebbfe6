"""What one sentence or article says about the time and identity of things another one made: dates reasoned
across sentences, and the same statement, speaker and talks recognised across the articles of a run.

- Talks during which an agreement was reached ("The agreement was reached during talks between A and B"):
  the agreement `reachedDuring` the talks, and the talks, which ended by the agreement's date, are dated to
  its month (not after that day). A later article's "involved in the talks" about the same agreement is a
  participant of those talks.
- Events dated in their own phrase ("talks held last week between A and B", "last week's meeting"), with
  the date's precision and derivation (graph.timex: relative dates against the publication date).
- Trends ("breaches attributed to X had dropped around the time of that agreement"): a change verb whose
  subject is an incident noun makes a Trend about the sentence's incident, dated as the agreement or date it
  is tied to ("around the time of", "at the time of", "since").
- One statement across articles by its words: a quotation whose words, editorial brackets aside, begin the
  same as one an earlier article of the run quoted ("(Beijing)" in one, "(China)" in the other, a longer
  excerpt in the second) is the same statement and the same quotation; its unnamed speaker, described in
  each article in its own words ("an unnamed Canadian government official", "a senior Canadian government
  official"), is one person.
- What an article says first-hand about an agreement's reporting and benefit: "the Globe and Mail, which first
  reported the agreement" (`firstReportedBy`), "X is the main beneficiary of the agreement" (`beneficiary`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from cyberkg.graph.extract_labels import PLACEHOLDER
from cyberkg.graph.extract_types import Mention, Quoted, slug

if TYPE_CHECKING:  # annotations only: extract_relations imports this module to run it
    from spacy.tokens import Span, Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence
    from cyberkg.graph.timex import Timex

REACHED = re.compile(
    r"\b(?:reached|agreed|concluded|signed|struck|finali[sz]ed|hammered out|sealed)\s+(?:during|at|in)\s+"
    r"(?:the\s+|a\s+|their\s+)?(?:[\w-]+\s+){0,2}?(talks|meeting|summit|negotiations|dialogue|visit)\b",
    re.I,
)
CHANGE_VERBS = {
    "drop": "Drop",
    "fall": "Drop",
    "decline": "Drop",
    "decrease": "Drop",
    "plunge": "Drop",
    "plummet": "Drop",
    "slow": "Drop",
    "halve": "Drop",
    "rise": "Rise",
    "increase": "Rise",
    "grow": "Rise",
    "surge": "Rise",
    "soar": "Rise",
    "jump": "Rise",
    "double": "Rise",
    "spike": "Rise",
}
CHANGE_WORDS = re.compile(
    r"\b(?:drop|fell|fall|declin|decreas|plung|plummet|slow|halv|ris|rose|increas|grow|grew|surg|"
    r"soar|jump|doubl|spik)",
    re.I,
)
INCIDENT_NOUNS = {"breach", "attack", "cyberattack", "intrusion", "hack", "hacking", "incident", "compromise"}
TIED_TO = re.compile(
    r"\b(around|about|at|since)\s+(?:the\s+(?:same\s+)?time\s+(?:of|as)\s+)?(?:that|the|this)\s+"
    r"(?:[\w-]+\s+)?(agreement|pact|deal|accord|understanding|treaty)\b",
    re.I,
)
EVENT_NOUN = re.compile(r"\b(talks|meeting|phone call|call|summit|negotiations|dialogue|visit|consultations)\b", re.I)
FIRST_REPORTED = re.compile(
    r",?\s+which\s+first\s+reported\s+(?:the|this|that)\s+(?:new\s+)?"
    r"(agreement|pact|deal|accord|understanding)\b",
    re.I,
)
BENEFICIARY = re.compile(
    r"\b(?:is|are|was|were)\s+(?:the\s+)?(?:main|chief|principal|biggest|primary|real)?\s*"
    r"beneficiar(?:y|ies)\s+of\s+(?:the|this|that)\s+(?:[\w-]+\s+)?"
    r"(agreement|pact|deal|accord|understanding)\b",
    re.I,
)
SECTOR = re.compile(
    r"((?:[A-Z][\w.-]*(?:'s|’s)\s+|[A-Z][a-z]+\s+)?(?:private|public|financial|banking|energy|technology|"
    r"tech|defen[cs]e|telecommunications?|health(?:care)?|manufacturing)\s+(?:sector|industry|companies|"
    r"businesses|firms))\s*$"
)
MIN_WORDS = 8  # a quotation shorter than this is too common to identify a statement by


def _words(quote: str) -> list[str]:
    """A quotation's words, casefolded, without editorial insertions in brackets or punctuation."""
    quote = re.sub(r"\([^()]{1,40}\)|\[[^\[\]]{1,40}\]", " ", quote.replace("’", "'").replace("‘", "'"))
    return re.findall(r"[\w']+", quote.casefold())


def _unnamed(entity: str, article_id: str) -> bool:
    return entity.endswith(f"-{slug(article_id)}")  # extract's id for a person described, not named


def quoted_before(talk: Discourse, speaker: Mention, quote: str | None) -> tuple[str, dict] | None:
    """The statement an earlier article of the run quoted with the same words, if its speaker is this one or
    an unnamed person this one's unnamed speaker may be (the same head noun: "… official")."""
    found = _quoted(talk, quote or "")
    if found is None:
        return None
    if speaker.entity != found.speaker:
        label = talk.out.new_entities.get(speaker.entity, {}).get("label", "")
        if not (
            found.unnamed
            and _unnamed(speaker.entity, talk.out.article.id)
            and label.split()[-1:] == found.records[2].get("label", "").split()[-1:]
        ):
            return None
        talk.same_as[speaker.entity] = found.speaker
        talk.extractor.run.described.setdefault(found.speaker, found.records[2].get("label", ""))
    return found.statement, found.records[0]


def _quoted(talk: Discourse, quote: str) -> Quoted | None:
    words = _words(quote)
    return talk.extractor.run.quotes.get(" ".join(words[:MIN_WORDS])) if len(words) >= MIN_WORDS else None


def remember_quote(talk: Discourse, statement: str, quotation: str, speaker: Mention, quote: str) -> None:
    words = _words(quote)
    key = " ".join(words[:MIN_WORDS])
    if len(words) >= MIN_WORDS and key not in talk.extractor.run.quotes:
        new = talk.out.new_entities
        talk.extractor.run.quotes[key] = Quoted(
            statement,
            quotation,
            speaker.entity,
            _unnamed(speaker.entity, talk.out.article.id),
            len(words),
            (new.get(statement, {}), new.get(quotation, {}), new.get(speaker.entity, {})),
        )


def split_known(talk: Discourse, quote: str | None) -> tuple[str | None, str | None]:
    """A quotation that begins with what an earlier article of the run quoted and goes on for more sentences:
    the earlier remark's words, and the rest (another remark), both verbatim."""
    found = _quoted(talk, quote or "")
    if found is None or quote is None:
        return quote, None
    for end in re.finditer(r"[.!?](?=\s)", quote):
        if len(_words(quote[: end.end()])) >= found.words:
            rest = quote[end.end() :].strip()
            return (quote[: end.end()], rest) if len(_words(rest)) >= 3 else (quote, None)
    return quote, None


def further_remark(talk: Discourse, s: Sentence, speaker: Mention, rest: str, agreement: str | None) -> None:
    """The words beyond what an earlier article quoted: another remark by the same speaker."""
    at = talk.out.article.text.index(rest, max(0, s.start - 2000))
    statement = talk.new("Statement", "Remark", PLACEHOLDER, s, 0.5, at=at)
    talk.relate(statement, "speaker", speaker.entity, s, 0.5, rule="statement.say")
    quotation = talk.new("Quotation", "Quotation", f"“{rest[:60]}{'…' if len(rest) > 60 else ''}”", s, 0.5, at=at)
    talk.relate(statement, "hasQuotation", quotation, s, 0.5, rule="quotation")
    talk.relate(quotation, "speaker", speaker.entity, s, 0.5, rule="quotation")
    talk.state(quotation, "quotedText", rest, rest, 0.5, rule="quotation")
    if agreement:
        talk.relate(statement, "subject", agreement, s, 0.5, rule="statement.say")


def same_quotation(talk: Discourse, statement: str, quote: str, s: Sentence) -> str | None:
    """The quotation node of a statement an earlier article quoted with these words."""
    found = _quoted(talk, quote)
    if found is None or found.statement != statement:
        return None
    talk.reuse(found.quotation, "Quotation", found.records[1], s)
    return found.quotation


def reached_during(talk: Discourse, s: Sentence, agreement: str | None, event: str | None) -> None:
    """'The agreement was reached during talks between …': remembered, related and dated at the end."""
    if not (agreement and event and event.startswith(f"event-{talk.out.article.id}-")):
        return
    cue = REACHED.search(s.text)
    if cue:
        talk.relate(agreement, "reachedDuring", event, s, 0.5, rule="event.reached")
        talk.extractor.run.talks.setdefault(agreement, (event, talk.out.new_entities[event]))
        talk.reached.append((agreement, event, s.text))


def date_event(talk: Discourse, s: Sentence, event: str | None, sent_dates: list[Timex]) -> None:
    """'talks held last week between A and B', 'last week's meeting between …', 'a call between A and B on
    3 May': a date in the event's own phrase (no comma, statement or agreement between) dates the event made
    in this sentence, with the date's precision."""
    if event is None or event in talk.out.dates or not event.startswith(f"event-{talk.out.article.id}-"):
        return
    text = talk.out.article.text
    cue = EVENT_NOUN.search(text, s.start, s.end)
    if cue is None:
        return
    for date in sent_dates:
        gap = text[cue.end() : date.start] if date.start >= cue.end() else text[date.end : cue.start()]
        before = date.end <= cue.start() and re.fullmatch(r"(?:'s|’s)\s+(?:[\w-]+\s+){0,2}", gap)
        if before or (
            date.start >= cue.end()
            and not re.search(
                r"[,;:(]|\b(?:dated|statement|agreement|pact|deal|"
                r"said|announced|which|who|that)\b",
                gap,
                re.I,
            )
        ):
            talk.out.dates[event] = (date.as_seed(), s.text)
            return


def earlier_talks(talk: Discourse, s: Sentence, participation: re.Pattern[str]) -> str | None:
    """'… who was involved in the talks' in an article about an agreement an earlier article said was reached
    during talks: a participant of those talks."""
    agreement = talk.agreements[-1][0] if talk.agreements else None
    remembered = talk.extractor.run.talks.get(agreement) if agreement else None
    joined = next(iter(s.cues(participation, talk.quotes)), None) if remembered else None
    if joined is None or remembered is None or joined.group(2).lower() not in ("talks", "meeting", "negotiations"):
        return None
    person = s.before(joined.start(), ("Person",))
    if person is None:
        return None
    event, record = remembered
    if event not in talk.out.new_entities:
        talk.reuse(event, "Event", record, s)
    talk.relate(event, "participant", person.entity, s, 0.5, rule="event.earlier")
    return event


def find_trend(talk: Discourse, s: Sentence, incident: str | None, sent_dates: list[Timex]) -> None:
    """'breaches attributed to X had dropped around the time of that agreement': a Trend about the incident."""
    if not CHANGE_WORDS.search(s.text):  # the parse is read only where a change verb may be
        return
    tokens: Iterable[Token] = cast("Span", s.span) if s.span is not None else ()  # the model's parsed sentence
    for token in tokens:
        direction = CHANGE_VERBS.get(token.lemma_.lower()) if token.pos_ == "VERB" else None
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None) if direction else None
        if subject is None or subject.lemma_.lower() not in INCIDENT_NOUNS:
            continue
        words = sorted(subject.subtree, key=lambda t: t.i)
        what = talk.out.article.text[words[0].idx : words[-1].idx + len(words[-1])]
        if words[0].is_sent_start and words[0].pos_ != "PROPN":  # "Attacks on banks …" opening the sentence
            what = what[:1].lower() + what[1:]
        trend = talk.new("Event", "Trend", f"{direction} in {what}", s, 0.5, at=token.idx)
        if incident:
            talk.relate(trend, "subject", incident, s, 0.5, rule="trend.change")
        clause = talk.out.article.text[token.idx : s.end]
        tied = TIED_TO.search(clause)
        dated = [d for d in sent_dates if d.start >= token.idx]
        if tied and talk.agreements:
            talk.tied.append((trend, talk.agreements[-1][0], tied.group(0), s.text))
        elif dated:
            talk.out.dates[trend] = (dated[0].as_seed(), s.text)
        return


def first_report_and_benefit(talk: Discourse, s: Sentence) -> None:
    text = talk.out.article.text
    agreement = talk.agreements[-1][0] if talk.agreements else None
    if agreement is None or not ("first reported" in s.text or "beneficiar" in s.text):  # cheap before the patterns
        return
    first = FIRST_REPORTED.search(text, s.start, s.end)
    outlet = s.before(first.start() + 1, ("Organisation",)) if first else None
    if agreement and first and outlet and text[outlet.end : first.start()].strip() == "":
        talk.relate(agreement, "firstReportedBy", outlet.entity, s, 0.5, rule="agreement.reported")
    benefit = BENEFICIARY.search(text, s.start, s.end)
    sector = SECTOR.search(text, s.start, benefit.start()) if benefit and agreement else None
    if benefit and sector and agreement:
        label = sector.group(1)
        entity = slug(label)
        talk.out.new_entities.setdefault(entity, {"type": "Sector", "label": label})
        talk.out.mentions.append(Mention(entity, "Collective", label, s.text, sector.start(1), sector.end(1), 0.5))
        talk.relate(agreement, "beneficiary", entity, s, 0.5, rule="agreement.beneficiary")
        state = next((m for m in s.mentions if m.kind == "State" and sector.start(1) <= m.start < sector.end(1)), None)
        if state:
            talk.relate(entity, "basedIn", state.entity, s, 0.5, rule="agreement.beneficiary")


def finish(talk: Discourse) -> None:
    """After the article is read (and labelled): dates reasoned from other things' dates, and this
    article's unnamed speakers who are an earlier article's."""
    for agreement, event, sentence in talk.reached:
        anchor = _date_of(talk, agreement)
        if anchor and event not in talk.out.dates and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", str(anchor["value"])):
            value = str(anchor["value"])
            talk.out.dates[event] = (
                {
                    "value": value[:7],
                    "not_before": f"{value[:7]}-01",
                    "not_after": anchor["not_after"],
                    "derived": True,
                    "derivation": f"The agreement reached during them, {talk.name(agreement)}, is dated "
                    f"{value}: the talks ended by then; dated to that month.",
                },
                sentence,
            )
    for trend, agreement, phrase, sentence in talk.tied:
        anchor = _date_of(talk, agreement)
        if anchor and trend not in talk.out.dates:
            talk.out.dates[trend] = (
                {**anchor, "derived": True, "derivation": f"'{phrase}': {talk.name(agreement)}, dated {anchor['value']}."},
                sentence,
            )
    for old, new in talk.same_as.items():
        if old in talk.out.new_entities:
            _rename(talk, old, new)


def _date_of(talk: Discourse, agreement: str) -> dict | None:
    here = talk.out.dates.get(agreement)
    date = here[0] if here else talk.extractor.agreement_dates.get(agreement)
    if date and "not_after" not in date:
        return None
    return date


def _rename(talk: Discourse, old: str, new: str) -> None:
    """This article's node for a person an earlier article of the run made: that node, with this article's
    description as its label here."""
    record = talk.out.new_entities.pop(old)
    earlier = talk.extractor.run.described.get(new, "")
    own = {w.casefold() for w in record["label"].split()}
    extra = [w for w in earlier.split() if w.casefold() not in own]  # "unnamed" + "senior Canadian … official"
    talk.out.new_entities.setdefault(new, {**record, "label": " ".join([*extra, record["label"]])})
    for m in talk.out.mentions:
        if m.entity == old:
            m.entity = new
    for r in talk.out.relations:
        r.subject = new if r.subject == old else r.subject
        r.objects = [new if o == old else o for o in r.objects]
    if old in talk.out.dates:
        talk.out.dates.setdefault(new, talk.out.dates.pop(old))
