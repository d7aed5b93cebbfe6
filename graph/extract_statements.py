"""Statements: who said it, what they said in quotation marks, where it appeared, and what it is about.

- The speaker is the clause's subject before a say-verb, the name after an inverted quote ('"…," said
  minister X') or "according to", the body after a statement noun ("a statement released by X", "a
  press release from X"); "officials in Berlin said" is the state. A denial's "called it unfounded" is
  the denial, not a second statement.
- The quotation the sentence carries (“…”, possibly running over several sentences) becomes a Quotation
  with its verbatim text, speaker and statement.
- Where it appeared: "told the Globe and Mail", "on the Canadian government's website" (a Website of that
  body), "a statement released by Xinhua" (a news organisation publishes its own statement).
- One statement, several mentions: "in the statement" is the speaker's last statement; the same speaker's
  statement of the same date, or with the same quoted words, in a later article of the run is the same node.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cyberkg.graph.extract_discourse import SPEAKERS, Discourse, Sentence
from cyberkg.graph.extract_labels import PLACEHOLDER
from cyberkg.graph.extract_lexicon import (
    AGREEMENT_CUES,
    AGREEMENT_REFS,
    ATTACK_CUES,
    DENY_CUES,
    EVENT_CUES,
    EVENT_HELD,
    EVENT_REFS,
    INCIDENT_REFS,
    LAW_NAME,
    LAW_PHRASE,
    LAW_REFS,
    OFFICIALS,
    OUTLETS,
    SAY_CUES,
    STATEMENT_NOUNS,
)
from cyberkg.graph.extract_parse import SAY_LEMMAS, UNNAMED, description
from cyberkg.graph.extract_reported import (
    co_speakers,
    denial_speaker,
    interview_outlet,
    issuer,
    it_said,
    joint_speakers,
    main_subject,
    relayed_speaker,
    subject_before,
)
from cyberkg.graph.extract_speech import (
    NO_SPEAKER,
    PARSED_SAY_CUES,
    SPEECH_ACTS,
    NoSpeaker,
    account_platform,
    appositive_speaker,
    document_author,
    headline,
    hearing,
    parse_speaker,
    quoted_outlet,
    quoted_words,
    undated,
)
from cyberkg.graph.extract_speech_heads import according_source
from cyberkg.graph.extract_timeline import further_remark, quoted_before, remember_quote, same_quotation, split_known
from cyberkg.graph.extract_types import Mention, slug

if TYPE_CHECKING:
    from spacy.tokens import Token

    from cyberkg.graph.timex import Timex

NEWS = ("NewsAgency", "NewsOutlet", "NewsOrganisation")
AGREEMENT_TALK = re.compile(
    "|".join(p.pattern for p in (AGREEMENT_CUES, AGREEMENT_REFS))
    + r"|\b(?:each other|both countries|both sides|the two sides|the two countries)\b"
    + r"|\bjoint (?:declaration|statement|communiqu[eé])\b",  # the parties' own words on what they agreed
    re.I,
)
EVENT_TALK = re.compile("|".join(p.pattern for p in (EVENT_CUES, EVENT_HELD, EVENT_REFS)) + r"|\btalks\b", re.I)
INCIDENT_TALK = re.compile(
    "|".join(p.pattern for p in (ATTACK_CUES, INCIDENT_REFS)) + r"|\b(?:heist|theft|leak(?:ed|s)?|sabotage|hackers?|intrusion)\b",
    re.I,
)
LAW_TALK = re.compile("|".join(p.pattern for p in (LAW_REFS, LAW_PHRASE, LAW_NAME)) + r"|\b(?:law|act)\b", re.I)


SAID_IN = re.compile(
    r"\b(?:said|says|say|told|wrote|writes|added|announced|warned)\s+(?:\w+\s+)?(?:in|on)\s+"
    r"(?:a|an|its|his|her|their)\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)  # "in the statement": one told of before


NO_COMMENT = re.compile(
    r"\s+(?:that\s+)?\w+\s+(?:(?:was|were|is|are)\s+(?:unable|not\s+able)\s+to\s+comment|"
    r"(?:would|could|did|will|can)\s*(?:not|n't)\s+comment|had\s+no\s+(?:immediate\s+)?comment)"
    r"\s*[.;]"
)  # not "would not comment on the talks", which says what about


def find_statements(
    talk: Discourse, s: Sentence, subjects: tuple[str | None, str | None, str | None, str | None], sent_dates: list[Timex]
) -> None:
    if headline(talk.out.article.text, s.start, s.end):
        return  # "Norway says breach came from abroad": the story's own summary of what its body reports
    speakers, relayed = _relayed(talk, s, _speakers(talk, s))
    quote = _quotation(talk, s) if len(speakers) == 1 else None  # with two speakers, whose words they are is unclear
    quote, rest = split_known(talk, quote)  # an earlier article's quotation, and more
    for speaker, cue, noun in speakers:
        # "a statement dated June 22", "a statement released by Xinhua last week": a date in the noun phrase
        date = next((d for d in sent_dates if cue.end() <= d.start <= cue.end() + 80), None) if noun else None
        statement = _statement(talk, s, speaker, cue, noun, date, quote)
        talk.relate(statement, "speaker", speaker.entity, s, 0.6, rule="statement.noun" if noun else "statement.say")
        others = co_speakers(s, speaker) + joint_speakers(talk, s, cue)[1:]  # "A and B said", "the joint statement said"
        for other in others:
            talk.relate(statement, "speaker", other.entity, s, 0.55, rule="statement.noun" if noun else "statement.say")
        platform = None if speaker.entity in relayed else _platform(talk, s, cue)  # "wrote on Facebook"
        outlet = relayed.get(speaker.entity) or (None if platform else _outlet(talk, s, speaker, cue, noun))
        if outlet:
            talk.relate(statement, "publishedIn", outlet, s, 0.5, rule="statement.outlet")
        if platform:
            talk.relate(statement, "publishedIn", platform, s, 0.5, rule="statement.platform")
        if (
            date
            and statement not in talk.out.dates
            and (statement.startswith(f"statement-{talk.out.article.id}-") or not date.derived)
        ):  # a date an earlier article derived
            talk.out.dates[statement] = (date.as_seed(), s.text)
        if quote:
            quotation = same_quotation(talk, statement, quote, s) or talk.new(
                "Quotation",
                "Quotation",
                f"“{quote[:60]}{'…' if len(quote) > 60 else ''}”",
                s,
                0.6,
                at=talk.out.article.text.index(quote, max(0, s.start - 2000)),
            )
            remember_quote(talk, statement, quotation, speaker, quote)
            talk.relate(statement, "hasQuotation", quotation, s, 0.6, rule="quotation")
            talk.relate(
                quotation,
                "speaker",
                [speaker.entity, *(m.entity for m in joint_speakers(talk, s, cue)[1:])],
                s,
                0.6,
                rule="quotation",
            )
            talk.state(quotation, "quotedText", quote, quote, 0.6, rule="quotation")
        about = _reported(talk, s, cue, noun, quote)
        for subject, refers in zip(subjects, (AGREEMENT_TALK, EVENT_TALK, LAW_TALK, INCIDENT_TALK), strict=False):
            if subject and refers.search(about):
                talk.relate(statement, "subject", subject, s, 0.5, rule="statement.noun" if noun else "statement.say")
    if rest:  # the words beyond what the earlier article quoted: another remark (graph.extract_timeline)
        further_remark(talk, s, speakers[0][0], rest, subjects[0] if AGREEMENT_TALK.search(rest) else None)


def _relayed(
    talk: Discourse, s: Sentence, speakers: list[tuple[Mention, re.Match[str], bool]]
) -> tuple[list[tuple[Mention, re.Match[str], bool]], dict[str, str]]:
    """The speakers once who denies and whom an outlet relays are read (graph.extract_reported), and each
    relayed speaker's outlet: "X denied any involvement" is X's statement; "X denied …, the Y news agency
    said" is X's, published in Y."""
    denial = next(iter(s.cues(DENY_CUES, talk.quotes)), None)
    denier = denial_speaker(s, denial.start()) if denial and not speakers else None
    if denier is not None and denial is not None:
        speakers = [(denier, denial, False)]
    relayed: dict[str, str] = {}
    for i, (speaker, cue, noun) in enumerate(speakers):
        source = None if noun or not _news(talk, speaker.entity) else relayed_speaker(s, cue.start(), speaker)
        if source is not None and source.entity not in {x.entity for x, *_ in speakers}:
            relayed[source.entity] = speaker.entity
            speakers[i] = (source, cue, noun)
    others = [x for x, _cue, _ in speakers if not _news(talk, x.entity)]
    reporting = [x for x, cue, _ in speakers if _news(talk, x.entity) and re.fullmatch(r"reports?|reported", cue.group(0), re.I)]
    for outlet in reporting if others else []:  # "…, the ministry said, … Reuters reports": the outlet relays
        relayed.setdefault(others[0].entity, outlet.entity)
        speakers = [x for x in speakers if x[0].entity != outlet.entity]
    return speakers, relayed


def _speakers(talk: Discourse, s: Sentence) -> list[tuple[Mention, re.Match[str], bool]]:
    """(speaker, cue, noun?) for each one who speaks in the sentence, a statement noun first."""
    cues = [(c, True) for c in s.cues(STATEMENT_NOUNS, talk.quotes)][:1] or sorted(
        [(c, False) for c in s.cues(SAY_CUES, talk.quotes)] + [(c, False) for c in s.cues(PARSED_SAY_CUES, talk.quotes)],
        key=lambda cue: cue[0].start(),
    )
    speakers: list = []
    denied = next(iter(s.cues(DENY_CUES, talk.quotes)), None) if cues else None  # read only below, for a cue
    for cue, noun in cues:
        if not noun and NO_COMMENT.match(talk.out.article.text, cue.end()):
            continue  # "said she was unable to comment": nothing stated
        speaker = _speaker(talk, s, cue, noun)
        if speaker is None or speaker.entity in {x.entity for x, *_ in speakers}:
            continue
        if re.fullmatch(r"report(?:s|ed|ing)", cue.group(0), re.I) and (
            not (_news(talk, speaker.entity) or re.match(r"\s+that\b", talk.out.article.text[cue.end() :]))
            or re.search(
                r"\b(?:which|that|who)\s+(?:\w+\s+)?$", talk.out.article.text[max(s.start, cue.start() - 20) : cue.start()]
            )
        ):
            continue  # "reports to the European Parliament", "X, which first reported it": only an outlet reporting
        if denied and denied.start() < cue.start() and not _news(talk, speaker.entity):
            continue  # "rejected the accusation and called it unfounded" is the denial ("…, Tass said" relays it)
        speakers.append((speaker, cue, noun))
    return speakers


def _news(talk: Discourse, entity: str) -> bool:
    return bool(talk.extractor.classes_of(entity, talk.out.new_entities) & set(NEWS))


def _reported(talk: Discourse, s: Sentence, cue: re.Match[str], noun: bool, quote: str | None) -> str:
    """What the statement says: the whole sentence around a statement noun; after a say-verb, its own
    clause and the quotation — not "… signed a memorandum, and officials said they were in contact"."""
    text = talk.out.article.text
    if noun:
        return s.text
    clause = s.clause_start(cue.start(), quotes=talk.quotes)
    return text[clause : s.end] + " " + (quote or "")


def _statement(
    talk: Discourse, s: Sentence, speaker: Mention, cue: re.Match[str], noun: bool, date: Timex | None, quote: str | None
) -> str:
    text = talk.out.article.text
    memory = talk.extractor.statements
    keys = [(speaker.entity, date.value)] if date else []
    keys += [(speaker.entity, _fold(quote))] if quote else []
    earlier = (
        talk.statements.get(speaker.entity)
        if noun and re.search(r"\b(?:the|that|this)\s+$", text[max(s.start, cue.start() - 6) : cue.start()])
        else None
    )
    known = next((memory[k] for k in keys if k in memory), None) or quoted_before(talk, speaker, quote)
    if earlier:  # "the Canadian government said in the statement"
        statement = earlier
    elif known:
        statement = known[0]
        talk.reuse(statement, "Statement", known[1], s)
    else:
        cls = (
            "PressRelease"
            if re.search(r"press release|news release", s.text, re.I)
            else "OfficialStatement"
            if noun
            else "Remark"
        )
        statement = talk.new("Statement", cls, f"{speaker.label}{PLACEHOLDER}", s, 0.6, at=cue.start())
    record = talk.out.new_entities.get(statement) or (memory.get(keys[0], (None, {}))[1] if keys else {})
    for key in keys:
        memory.setdefault(key, (statement, dict(record)))
    talk.statements[speaker.entity] = statement
    return statement


def _fold(quote: str) -> str:
    return " ".join(re.sub(r"[’‘]", "'", quote).casefold().split()).rstrip(".,;:!? ")


def _quotation(talk: Discourse, s: Sentence) -> str | None:
    """The words in quotation marks this sentence opens, or closes when it began before the sentence."""
    text = talk.out.article.text
    for start, end in talk.quotes:
        if s.start <= start < s.end or start < s.start < end:
            words = quoted_words(text, (start, end))
            if len(words) >= 12:  # a scare quote ("secret") is no quotation
                return words
    return None


def _outlet(talk: Discourse, s: Sentence, speaker: Mention, cue: re.Match[str], noun: bool = True) -> str | None:
    text = talk.out.article.text
    told = (
        re.match(
            r"\s*(?:[Tt]he\s+)?(?:[A-Z][\w.]*(?:'s|’s)\s+)?(?:(?:[A-Z][a-z]+\s+)?(?:[a-z]+\s+){0,2}?(?:daily|weekly|newspaper|paper|broadcaster|"
            r"magazine|radio|television|channel|station|outlet)\s+(?=[A-Z]))?",
            text[cue.end() :],
        )
        if cue.group(0).lower().startswith("told")
        else None
    )  # "told daily X", "told public broadcaster X"
    if told:
        outlet = s.after(cue.end(), ("Organisation",), within=told.end() + 1)  # "the" may be in the name
        return outlet.entity if outlet and not hearing(outlet.label) else None  # "told the Senate committee"
    to = (
        re.match(r"\s+to\s+", text[cue.end() : s.end])
        or (  # "confirmed to Reuters": to an outlet only
            re.match(r"\s+to\s+", text[speaker.end : s.end]) if speaker.start > cue.start() else None
        )
    )  # "said X to Reuters"
    at = speaker.end if to and speaker.start > cue.start() and not re.match(r"\s+to\s+", text[cue.end() : s.end]) else cue.end()
    if to:
        outlet = s.after(at + to.end(), ("Organisation",), within=5)
        if (
            outlet
            and (
                talk.extractor.classes_of(outlet.entity, talk.out.new_entities) & set(NEWS)
                or outlet.label.split()[-1].lower() in OUTLETS
            )
            and text[outlet.end : outlet.end + 1] not in ("'", "’")
        ):  # not "responded to Reuters' request"
            return outlet.entity
    website = re.search(r"\bon\s+(?:the\s+)?(.{3,80}?)(?:'s|’s)\s+website\b", text[cue.end() : s.end])
    if website:
        owner = s.after(cue.end() + website.start(1), ("Organisation", "State"), within=1)
        if owner:
            return _website(talk, s, owner)
    released = re.match(r"\s+(?:released|published|issued|carried)\s+by\s+", text[cue.end() : s.end])
    if released:
        by = s.after(cue.end() + released.end(), ("Organisation",), within=60)
        if by and talk.extractor.classes_of(by.entity, talk.out.new_entities) & set(NEWS):
            return by.entity
    if noun and talk.extractor.classes_of(speaker.entity, talk.out.new_entities) & set(NEWS):
        # a news agency's own statement ("a statement released by Xinhua") appears in its wire; its report
        # ("Kyodo reported …", "…, NHK said") is its speech, published nowhere else (speech round 7)
        return speaker.entity
    quoting = quoted_outlet(s, cue.start())  # "Interfax quoted X as saying …"
    return quoting.entity if quoting is not None else interview_outlet(s, lambda entity: _news(talk, entity))


# "wrote on Facebook", "said in a Facebook post", "posted on its Telegram channel": the platform it appeared on.
_ON_PLATFORM = re.compile(r"\s+(?:(?:on|in)\s+(?:a|an|his|her|its|their)\s+|on\s+)(?=[A-Z])")
_POSTING = re.compile(r"\s*(?:post|posts|page|account|channel|feed|message|video|blog|statement)?\s*(?:[,.;:]|that\b|$)")
# "Acme Radio carried a statement by X": the outlet that ran it, named as the verb's subject.
_CARRIED = re.compile(
    r"(?:\s+(?:state\s+)?(?:news\s+agency|newspaper|daily|broadcaster|channel|radio|television|website))?\s+(?:carried|published|ran|aired|broadcast|printed)\s+(?:a|an|the)\s+(?:[\w-]+\s+)?$"
)


def _platform(talk: Discourse, s: Sentence, cue: re.Match[str]) -> str | None:
    text = talk.out.article.text
    on = _ON_PLATFORM.match(text, cue.end())
    if on:
        site = s.after(on.end(), ("Organisation",), within=1)
        if site is not None and _POSTING.match(text[site.end : s.end]):
            return site.entity
    outlet = s.before(cue.start(), ("Organisation",))
    if outlet is not None and _CARRIED.fullmatch(text[outlet.end : cue.start()]):
        return outlet.entity
    account = account_platform(s, cue.start())  # "X's official Twitter account tweeted"
    return account.entity if account is not None else None


def _website(talk: Discourse, s: Sentence, owner: Mention) -> str:
    name = f"{talk.name(owner.entity)} website"
    site = f"website-{slug(owner.entity)}"
    talk.out.new_entities.setdefault(site, {"type": "Website", "label": name})
    talk.out.mentions.append(Mention(site, "Website", name, s.text, owner.start, owner.end, 0.5))
    talk.relate(site, "websiteOf", owner.entity, s, 0.5, rule="statement.outlet")
    return site


def _unnamed(talk: Discourse, s: Sentence, head: Token) -> Mention | None:
    start, end = description(head)
    label = talk.out.article.text[start:end].split(", ")[0]  # not "…, which chairs the group"
    end = start + len(label)
    mine = f"-{slug(talk.out.article.id)}"
    holder = next((t.person for t in talk.out.titles if t.start <= head.idx < t.end and not t.person.endswith(mine)), None)
    named = next((m for m in s.mentions if m.entity == holder and m.kind == "Person"), None)
    if named is not None:  # "Sweden's ambassador to X Karl Berg, who …, said": the title of the name beside it
        return named
    earlier = [
        m
        for m in talk.out.mentions
        if m.kind == "Person" and m.entity.endswith(mine) and m.end <= start and m.label.split()[-1].lower() == head.lower_
    ]
    if earlier and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children):
        known = max(earlier, key=lambda m: m.start)  # "the official said": the official named before
        return Mention(known.entity, "Person", known.label, s.text, start, end, 0.5)
    if " " not in label and not re.search(r"\b[Oo]ne\s+$", talk.out.article.text[max(0, start - 5) : start]):
        return None  # "a spokesperson said", "the source said": no one the article lets us tell apart ("one official" is)
    entity = f"{slug(label)}{mine}"
    talk.out.new_entities.setdefault(entity, {"type": "Person", "label": label})
    mention = Mention(entity, "Person", label, s.text, start, end, 0.5)
    talk.out.mentions.append(mention)
    return mention


def _noun_speaker(talk: Discourse, s: Sentence, cue: re.Match[str]) -> Mention | None:
    text = talk.out.article.text
    said = SAID_IN.search(text, s.start, cue.start())
    if said:  # "X said in a statement": the verb's subject speaks, the noun gives only the form and date
        found = _speaker(talk, s, re.compile(r"\w+").match(text, said.start()), False)  # type: ignore[arg-type]  # SAID_IN begins with a verb: \w+ matches there
        if found is not None:
            return found
    issued = issuer(s, cue.start())  # "A and B issued a joint statement": co_speakers adds B
    if issued is not None:
        return issued
    owner = s.before(cue.start(), SPEAKERS)
    if owner is not None and re.fullmatch(r"(?:'s|’s)?\s+(?:[a-z]+\s+)?", text[owner.end : cue.start()]):
        return owner  # "a White House statement", "the ministry's written statement": whose it is
    by = re.match(r"\s+(?:released|issued|published)\s+by\s+", text[cue.end() : s.end])
    source = s.after(cue.end() + by.end(), ("State", *SPEAKERS), within=5) if by else None  # "issued by A and B"
    if source is not None and source.kind == "State" and re.match(r"['’]s\b", text[source.end :]):
        source = None  # "released by China's official news agency": the agency
    return (
        source
        or s.after(cue.end(), SPEAKERS, within=80)
        or s.before(cue.start(), SPEAKERS)
        or _the_statement(talk, s, cue, noun=True)
        or next(iter(joint_speakers(talk, s, cue)), None)  # '"…," the joint declaration said'
    )


_THE_STATEMENT = re.compile(
    r"\b[Tt]he\s+(statement|communiqu[eé]|declaration)\b(?:\s+(?:carried|published|released|issued)\s+(?:in|by)\s+(?:[\w-]+\s+){1,3}?)?\s*$"
)
_STATEMENT_SAID = re.compile(
    r"(?:\s+(?:carried|published|released|issued)\s+(?:in|by)\s+(?:[\w-]+\s+){1,3}?)?\s*(?:said|says|read|reads|added)\b"
)


def _the_statement(talk: Discourse, s: Sentence, cue: re.Match[str], noun: bool = False) -> Mention | None:
    """'"…," the statement said': the statement told of before, its speaker the one who spoke or denied last
    ("X denied the allegations … 'We do not know …,' the statement carried in state media said")."""
    text = talk.out.article.text
    if noun:  # at the noun: "the" before it, a say-verb after it
        at = re.search(r"\b[Tt]he\s+$", text[max(s.start, cue.start() - 4) : cue.start()])
        found = (cue.start(), cue.end()) if at and _STATEMENT_SAID.match(text, cue.end()) else None
    else:
        before = _THE_STATEMENT.search(text, max(s.start, cue.start() - 60), cue.start())
        found = (before.start(1), before.end(1)) if before else None
    if found is None:
        return None
    last = next(
        (
            r
            for r in reversed(talk.out.relations)
            if (r.predicate == "speaker" and r.subject.startswith("statement-"))
            or (r.predicate == "claimant" and r.subject.startswith("denial-"))
        ),
        None,
    )
    if last is None or not last.objects:
        return None
    entity = last.objects[0]
    known = next((m for m in reversed(talk.out.mentions) if m.entity == entity and m.kind in ("State", *SPEAKERS)), None)
    if known is None:
        return None
    return Mention(entity, known.kind, known.label, s.text, found[0], found[1], 0.5)


def _speaker(talk: Discourse, s: Sentence, cue: re.Match[str], noun: bool) -> Mention | None:
    text = talk.out.article.text
    if noun or cue.group(0).lower() == "according to":
        return _noun_speaker(talk, s, cue) if noun else according_source(talk, s, cue.end())
    if re.search(r"\bwhat\s+(?:it|they)\s+$", text[max(s.start, cue.start() - 12) : cue.start()]):
        return main_subject(s, cue.start())  # "X summoned the envoy over what it called lies": X says so
    parsed = parse_speaker(s, cue.start(), SAY_LEMMAS | SPEECH_ACTS, UNNAMED) if s.span is not None else None
    if parsed is NO_SPEAKER:  # "the letter says": who the article said it is from, if it did
        return (
            document_author(text, cue.start(), talk.out.mentions)
            or it_said(text, s, cue.start(), talk.out.mentions)
            or _the_statement(talk, s, cue)
        )
    if isinstance(parsed, NoSpeaker) or (parsed is None and PARSED_SAY_CUES.fullmatch(cue.group(0))):
        return None  # "confirmed", "tweeted": a reporting verb only where the parse shows its speaker
    parsed = parsed if parsed is not None else appositive_speaker(s, cue.start())
    if parsed is not None and not isinstance(parsed, Mention) and parsed.lower_ in ("he", "she"):
        return subject_before(s, parsed) or talk.last_person or None  # "he said": the person last named
    if parsed is not None and not isinstance(parsed, Mention):  # "a senior party official said"
        return _unnamed(talk, s, parsed)
    if parsed is not None:
        return parsed
    clause_start = s.clause_start(cue.start())
    titled = [(t.start, t.end) for t in talk.out.titles]  # "Iranian foreign ministry spokesman Reza Karimi"
    in_clause = [
        m
        for m in s.top
        if clause_start <= m.start
        and m.end <= cue.start()
        and m.kind in SPEAKERS
        and not any(a <= m.start < b for a, b in titled)
        and undated(text, m) is not None  # "OSLO (AP) — the bank said": the bank, not the agency
    ]
    # the clause's subject, not the object nearest the verb: "Haugen summoned the ambassador and told …"
    subject = min(in_clause, key=lambda m: m.start) if in_clause else undated(text, s.before(cue.start(), ("State", *SPEAKERS)))
    if not in_clause and re.search(r"\b(?:he|she)\s+$", text[clause_start : cue.start()]) and talk.last_person:
        return talk.last_person  # '"…," he told Army Radio': the person last named
    if re.search(r"[\"”],?\s*$", text[s.start : cue.start()]) or subject is None:
        # '"…," said minister X'; never the one told ('"…," an analyst told The Hill': the outlet hears it)
        after = s.after(cue.end(), SPEAKERS, within=60) if cue.group(0).lower() not in ("told", "tells") else None
        return None if after is None or "," in text[cue.end() : after.start] else after  # not "A, the X said, are B's"
    if subject.end <= clause_start and not re.fullmatch(r",\s*", text[subject.end : cue.start()]):
        return None  # the nearest name is in an earlier clause: "Negotiations at the United Nations …, diplomats said"
    if subject.kind == "State":  # "officials in Berlin said", "Dutch officials said": the state speaks
        official = OFFICIALS.search(text, clause_start, subject.start) or re.fullmatch(
            r"\s*(?:officials?|authorities|diplomats)\s*", text[subject.end : cue.start()]
        )
        return subject if official else None
    return subject
