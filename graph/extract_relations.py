"""Relations between the mentions graph.extract found, sentence by sentence, with what earlier sentences
established (the agreements, talks, incidents and claims so far) as the discourse context.

- Agreements: a pact/deal/agreement cue with two or more states. A sentence naming the same states, or
  "the pact", "the deal", "this agreement", refers to the agreement already made; different states make
  a new one ("a similar understanding" between other parties). Representatives: "represented by".
- Talks and calls: "talks/a meeting/a phone call between A and B"; "the meeting" refers back; "who was
  involved in the talks" adds a participant.
- Statements: a statement noun ("a statement released by X", "a press release from X") or a say-verb
  with a person or organisation as its speaker (the subject, or the name after an inverted quote or
  "according to"); what the sentence says about an agreement or talks becomes the statement's subject.
- Incidents: an attack cue that is not a pledge, a negation or a scope clause, with a victim right after
  it ("attacks on X", "penetrated the network of X") or a perpetrator right before it ("Chinese attackers
  penetrated"), or blamed on someone in the same sentence. "The breach" refers back.
- Attribution claims: accused/blamed/attributed/sanctions-against, with the claimant before the cue and
  the one blamed after it; a perpetrator the article itself names is the publisher's claim. Denials:
  "denied", with the claim's incident as subject.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, cast

from cyberkg.graph.extract_claim_forms import fellow_doers
from cyberkg.graph.extract_claim_roles import blamed_on_at, compound_victim, token_at
from cyberkg.graph.extract_claim_roles import reporter as reporter_of
from cyberkg.graph.extract_claims import blame_claimant, find_claims, find_denial, make_claim
from cyberkg.graph.extract_coord import coordinate
from cyberkg.graph.extract_discourse import BLAMEABLE, Discourse, Sentence, make_sentence
from cyberkg.graph.extract_events import (
    agreement_talks,
    find_enactment,
    find_legislature_events,
    joint_agreement,
    learn_agreement_names,
    named_agreement,
    statements_about_agreements,
    statements_about_events,
    statements_about_laws,
)
from cyberkg.graph.extract_labels import PLACEHOLDER, relabel
from cyberkg.graph.extract_lexicon import (
    AGREEMENT_CUES,
    AGREEMENT_REFS,
    ATTACK_CUES,
    BARE_COLLECTIVE,
    BLAME_CUES,
    BLAME_ON,
    DEFINITE_AGREEMENT,
    EVENT_CUES,
    EVENT_HELD,
    EVENT_REFS,
    GENERIC_AFTER,
    GENERIC_BEFORE,
    GROUP_NP,
    INCIDENT_REFS,
    LED_BY,
    PARTICIPATION,
    SAY_CUES,
    SIGN_VERBS,
    THREAT_HEADS,
    VICTIM_LINK,
)
from cyberkg.graph.extract_measures import find_calls, find_measures
from cyberkg.graph.extract_parse import (
    ATTACK_VERBS,
    agreement_parties,
    claim_roles,
    describes_another,
    find_bases,
    find_parse_events,
    find_parse_incident,
    mentions_of,
    negated,
)
from cyberkg.graph.extract_patients import described_by_state, not_cyber_at, statements_about_incidents, victim_after
from cyberkg.graph.extract_policy import find_deliberation, find_law, find_posts, find_proposed, find_scope
from cyberkg.graph.extract_scenes import find_exercises, find_hosted, find_testimony
from cyberkg.graph.extract_speech import complete_posts, quote_spans
from cyberkg.graph.extract_statements import find_statements
from cyberkg.graph.extract_timeline import (
    date_event,
    earlier_talks,
    find_trend,
    finish,
    first_report_and_benefit,
    reached_during,
)
from cyberkg.graph.extract_types import ACTOR_KINDS, Extraction, Mention, slug
from cyberkg.graph.extract_victims import find_victims
from cyberkg.graph.timex import Timex, find_dates, offset_from

if TYPE_CHECKING:  # annotations only: extract imports this module to run it
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

    from cyberkg.graph.extract import Extractor

PERPETRATOR_GAP = r"\s*(?:had |have |has |reportedly |allegedly )?(?:(?:tried|attempted|sought) to )?"
PARTIES_REFS = re.compile(r"\b(each other|both countries|both sides|the two sides|the two countries)\b", re.I)


def find_relations(
    extractor: Extractor,
    out: Extraction,
    doc: Doc,
    sentences: list[SpacySpan],
    by_sentence: dict[int, list[Mention]],
    published: dt.date | None,
) -> None:
    text = out.article.text
    talk = Discourse(extractor, out, quotes=quote_spans(text))
    dates = find_dates(text, published)
    for sent in sentences:
        s = make_sentence(text, sent, by_sentence.get(sent.start_char, []), talk.quotes)
        sent_dates = [d for d in dates if s.start <= d.start < s.end]
        agreement = _agreement(talk, s, sent_dates)
        if agreement is None:  # pacts, deals, pledges, frameworks the parse shows with their parties
            found = agreement_parties(s, cast("SpacySpan", s.span), ("State", "Organisation")) if s.span is not None else None
            if found and len(found[1]) >= 2:
                agreement = _new_agreement(talk, s, [m.entity for m in found[1]], [], sent_dates, "agreement.parse")
            elif found and talk.agreements and found[0].dep_ != "ROOT":
                agreement = talk.agreements[-1][0]
                talk.relate(agreement, "hasParty", [m.entity for m in found[1]], s, 0.5, rule="agreement.parse")
            joint = None if found else joint_agreement(talk, s, mentions_of)
            if joint:  # "A and B pledged to strengthen cooperation", "a bilateral deal" (graph.extract_events)
                agreement = _new_agreement(talk, s, joint, [], sent_dates, "agreement.joint")
        agreement = agreement or named_agreement(talk, s)  # "the Privacy Shield" (graph.extract_events)
        learn_agreement_names(talk, s, agreement)
        find_scope(talk, s, agreement)
        find_proposed(talk, s)
        event = (
            _event(talk, s, agreement)
            or find_parse_events(talk, s)
            or earlier_talks(talk, s, PARTICIPATION)
            or agreement_talks(talk, s, agreement)
            or find_legislature_events(talk, s, mentions_of)
            or find_testimony(talk, s)
            or find_hosted(talk, s)
            or find_exercises(talk, s)
        )
        reached_during(talk, s, agreement, event)
        date_event(talk, s, event, sent_dates)
        first_report_and_benefit(talk, s)
        _representation(talk, s)
        incident, perpetrator = _incident(talk, s, sent_dates)
        if incident is None:
            incident, perpetrator = find_parse_incident(talk, s)
            if incident and sent_dates and incident not in out.dates and not AGREEMENT_CUES.search(s.text):
                out.dates[incident] = (sent_dates[0].as_seed(), s.text)
        incident = find_victims(talk, s, incident)  # "X suffered attacks", "attacks on presidential campaigns"
        find_trend(talk, s, incident, sent_dates)
        law = find_law(talk, s, sent_dates) or find_enactment(talk, s)
        _claims(talk, s, incident, perpetrator)
        # a claim's sentence is reported speech too ("Oslo said X was behind it"): its speaker states it
        find_statements(
            talk,
            s,
            (
                agreement or (talk.agreements[-1][0] if talk.agreements else None),
                event or (talk.event[0] if talk.event else None),
                law or talk.law,
                incident or talk.incident,
            ),
            sent_dates,
        )
        find_denial(talk, s, incident, _negated_at)  # graph.extract_claims
        people = [m for m in s.mentions if m.kind == "Person"]
        if people:
            talk.last_person = max(people, key=lambda m: m.start)
        find_deliberation(talk, s)
        find_measures(talk, s)  # "X imposed sanctions on Y", "expelled Y's diplomats" (graph.extract_measures)
        find_calls(talk, s)  # "X spoke to Y on the phone"
        find_bases(talk, s)
    complete_posts(out, doc)  # each title's whole post and its body, by the parse
    find_posts(talk, published)
    statements_about_events(talk)
    statements_about_incidents(talk)  # "…, the ministry said of the breach" (graph.extract_patients)
    statements_about_laws(talk)
    statements_about_agreements(talk)
    _governments_of(talk)
    _claims_about_the_incident(talk)
    coordinate(talk, sentences)  # the others listed with a role's name: "according to A, B and C" (extract_coord)
    relabel(out, talk.name, published)
    finish(talk)
    remembered = [(a, rec) for a, (*_, rec) in extractor.agreements.items()] + list(extractor.statements.values())
    for entity, record in remembered:  # what a later article reuses carries the readable label
        if entity in out.new_entities:
            record["label"] = out.new_entities[entity]["label"]


def _claims_about_the_incident(talk: Discourse) -> None:
    """A claim whose sentence names no incident is about the article's first incident, named before or after it."""
    incidents = [m for m in talk.out.mentions if m.kind == "Incident"]
    if not incidents:
        return
    about = {r.subject for r in talk.out.relations if r.predicate == "subject"}
    for claim in [m for m in talk.out.mentions if m.kind == "AttributionClaim" and m.entity not in about]:
        sentence = Sentence(claim.start, claim.end, claim.sentence, [], [], talk.out.article.text)
        talk.relate(claim.entity, "subject", incidents[0].entity, sentence, 0.4, rule="claim.subject")
        about.add(claim.entity)


def _governments_of(talk: Discourse) -> None:
    """Each government node the article names is the government of its state."""
    done = set()
    for m in talk.out.mentions:
        state = m.entity[4:] if m.entity.startswith("gov-") else None
        if state and m.entity not in done and (state in talk.extractor.kinds or state in talk.extractor.known):
            done.add(m.entity)
            talk.relate(
                m.entity,
                "governmentOf",
                state,
                Sentence(m.start, m.end, m.sentence, [], [], talk.out.article.text),
                0.6,
                rule="org.government",
            )


def _agreement(talk: Discourse, s: Sentence, sent_dates: list[Timex]) -> str | None:
    # A state inside a collective or a named organisation ("Russian hackers") is not a party; inside a
    # government ("the Chinese and Canadian governments") it is.
    holders = [
        m
        for m in s.mentions
        if m.kind in ACTOR_KINDS
        and talk.out.new_entities.get(m.entity, {}).get("type") != "Government"
        and not m.entity.startswith("gov-")
    ]
    states = list(
        dict.fromkeys(
            m.entity for m in s.mentions if m.kind == "State" and not any(h.start <= m.start and m.end <= h.end for h in holders)
        )
    )
    definite = [(d.start(), d.end()) for d in DEFINITE_AGREEMENT.finditer(s.text)]
    creating = (
        [c for c in AGREEMENT_CUES.finditer(s.text) if not any(a <= c.start() < b for a, b in definite)]
        if SIGN_VERBS.search(s.text)
        else []
    )  # "backed a draft treaty" makes no agreement
    refers = (
        AGREEMENT_CUES.search(s.text)
        or AGREEMENT_REFS.search(s.text)
        or PARTIES_REFS.search(s.text)
        or re.search(r"\brepresent(ed|s|ing)?\b", s.text)
        or LED_BY.search(s.text)
    )
    agreement = None
    same = [a for a, parties in talk.agreements if len(states) >= 2 and set(states) <= parties]
    if same:
        agreement = same[-1]
        if SIGN_VERBS.search(s.text) or re.search(r"\bsign|\bagree", s.text, re.I):
            talk.relate(agreement, "hasParty", states, s, 0.6, rule="agreement.refer")
    elif creating and len(states) >= 2:
        agreement = _new_agreement(talk, s, states, creating, sent_dates)
    elif refers and talk.agreements:
        agreement = talk.agreements[-1][0]
    if agreement is None:
        return None
    if (
        sent_dates
        and AGREEMENT_CUES.search(s.text)
        and agreement not in talk.out.dates
        and agreement.startswith(f"agreement-{talk.out.article.id}-")
    ):
        talk.out.dates[agreement] = (sent_dates[0].as_seed(), s.text)
        talk.extractor.agreement_dates.setdefault(agreement, sent_dates[0].as_seed())
    people = [m.entity for m in s.mentions if m.kind == "Person"]
    if (re.search(r"\brepresent(ed|s|ing)?\b", s.text) or LED_BY.search(s.text)) and people:
        talk.relate(agreement, "hasRepresentative", people, s, 0.6, rule="agreement.representative")
    return agreement


def _representation(talk: Discourse, s: Sentence) -> None:
    """'China was represented by …', 'The Kenyan delegation was led by …': who speaks for which state."""
    for by in LED_BY.finditer(s.doc_text, s.start, s.end):
        states = [m for m in s.mentions if m.kind == "State" and m.end <= by.start()]
        person = s.after(by.end(), ("Person",))
        if states and person:
            talk.relate(person.entity, "represents", max(states, key=lambda m: m.end).entity, s, 0.6, rule="representation")
            if talk.event and re.search(r"\b(led|headed)\b", by.group(0)):  # a delegation is led at talks
                talk.relate(talk.event[0], "participant", person.entity, s, 0.5, rule="representation")


def _new_agreement(
    talk: Discourse,
    s: Sentence,
    states: list[str],
    creating: list[re.Match[str]],
    sent_dates: list[Timex],
    rule: str = "agreement.sign",
) -> str:
    """A new agreement, or one an earlier article of this run or the graph already has between the same
    parties in the same year."""
    year = sent_dates[0].value[:4] if sent_dates else None
    parties = frozenset(states)
    memory = talk.extractor.agreements
    candidates = [(a, y) for a, (p, y, _) in memory.items() if p == parties]
    if year:  # a dated signing is the agreement of that year, or one the graph has not dated
        same = [a for a, y in candidates if y == year] or [a for a, y in candidates if y is None and len(candidates) == 1]
    else:  # undated here: the only one, or the latest dated one
        dated = sorted((y, a) for a, y in candidates if y)
        same = [a for a, _ in candidates] if len(candidates) == 1 else [dated[-1][1]] if dated else []
    if same:
        agreement = same[-1]
        if agreement not in talk.extractor.known:
            talk.out.new_entities[agreement] = dict(memory[agreement][2])
        talk.out.mentions.append(Mention(agreement, "Agreement", s.text, s.text, s.start, s.end, 0.6))
    else:
        names = "–".join(talk.name(e) for e in states[:3])
        cls = "InformalUnderstanding" if any(c.group(0).lower() == "understanding" for c in creating) else "Agreement"
        agreement = talk.new("Agreement", cls, f"{names}{PLACEHOLDER}", s, 0.7)
        memory[agreement] = (parties, year, dict(talk.out.new_entities[agreement]))
        if sent_dates:
            talk.out.dates[agreement] = (sent_dates[0].as_seed(), s.text)
            talk.extractor.agreement_dates.setdefault(agreement, sent_dates[0].as_seed())
    if re.search(r"\bsimilar\b", s.text) and talk.agreements:  # "came to a similar understanding"
        previous = talk.agreements[-1][0]
        talk.relate(previous, "similarTo", agreement, s, 0.5, rule="agreement.similar")
        earlier, later = _year(talk, agreement), _year(talk, previous)
        if earlier and later and earlier < later:
            talk.relate(previous, "precededBy", agreement, s, 0.5, rule="agreement.similar")
    talk.agreements.append((agreement, parties))
    talk.relate(agreement, "hasParty", states, s, 0.7, rule=rule)
    return agreement


def _event(talk: Discourse, s: Sentence, agreement: str | None = None) -> str | None:
    cue = next(iter(s.cues(EVENT_CUES, talk.quotes)), None)
    if cue:
        people = [m for m in s.top if m.kind == "Person" and m.start >= cue.end()]
        actors = people if len(people) >= 2 else [m for m in s.top if m.kind in BLAMEABLE and m.start >= cue.end()]
        if len(actors) >= 2:
            noun = cue.group(1).lower()
            cls = "PhoneCall" if "call" in noun else "Talks"
            title = {"talks": "Talks", "phone call": "Phone call", "call": "Phone call"}.get(noun, noun.capitalize())
            a, b = actors[0].entity, actors[1].entity
            event = talk.new("Event", cls, f"{title} between {talk.name(a)} and {talk.name(b)}", s, 0.6)
            talk.event = (event, noun.split()[-1])
            talk.relate(event, "participant", [a, b], s, 0.6, rule="event.between")
            anchor = _agreement_date(talk, agreement)
            dated = (
                offset_from(talk.out.article.text[s.start : cue.start()], anchor, talk.name(agreement))
                if anchor and agreement
                else None
            )
            if dated:  # "The bilateral pact materialized four days after a phone call"
                talk.out.dates[event] = (dated, s.text)
            return event
    held = next(iter(s.cues(EVENT_HELD, talk.quotes)), None)
    states = list(dict.fromkeys(m.entity for m in s.top if m.kind == "State" and held and m.end <= held.start()))
    if held and len(states) >= 2:  # "Kenya and South Africa held their second cyber dialogue"
        noun = held.group(1).lower()
        names = " and ".join(talk.name(e) for e in states[:3])
        event = talk.new("Event", "Talks", f"{noun.capitalize()} between {names}", s, 0.6)
        talk.event = (event, noun)
        talk.relate(event, "participant", states, s, 0.6, rule="event.held")
        return event
    if talk.event is None:
        return None
    event, noun = talk.event
    joined = next(iter(s.cues(PARTICIPATION, talk.quotes)), None)
    if joined and joined.group(2).lower().split()[-1] == noun:  # "involved in the talks" after talks, not a call
        person = s.before(joined.start(), ("Person",))
        if person:
            talk.relate(event, "participant", person.entity, s, 0.5, rule="event.joined")
        return event
    ref = EVENT_REFS.search(s.text)
    return (
        event
        if ref and (ref.group(1).split()[-1].lower() == noun or {noun, ref.group(1).lower()} <= {"talks", "meeting"})
        else None
    )


def _year(talk: Discourse, agreement: str) -> str:
    """The agreement's year: from this article, an earlier one of the run, or the graph."""
    here = talk.out.dates.get(agreement)
    return str(here[0]["value"])[:4] if here else (talk.extractor.agreements.get(agreement, (None, None))[1] or "")


def _agreement_date(talk: Discourse, agreement: str | None) -> dict | None:
    """The agreement's date as this article or an earlier one of the run gave it."""
    if agreement is None:
        return None
    here = talk.out.dates.get(agreement)
    return here[0] if here else talk.extractor.agreement_dates.get(agreement)


def _victim(talk: Discourse, s: Sentence, cue_end: int) -> str | None:
    following = [m for m in s.top if m.start >= cue_end and m.kind in BLAMEABLE]
    for m in sorted(following, key=lambda m: m.start):
        if not VICTIM_LINK.match(talk.out.article.text[cue_end : m.start]):
            break
        text = talk.out.article.text
        nxt = [o for o in following if o.start in (m.end + 2, m.end + 3)]  # "Canada's National Research Council"
        if m.kind == "State" and text[m.end : m.end + 2] in ("'s", "’s") and nxt:
            return nxt[0].entity
        described = re.match(
            r"\s+(?:[a-z-]+\s+){0,2}?(?:company|firm|shipbuilder|bank|operator|contractor|hospital|"
            r"university|agency)\s*,\s*",
            text[m.end : s.end],
        )  # "a Latvian bank, Baltic Credit"
        named = [o for o in following if described and o.start == m.end + described.end()]
        if m.kind == "State" and named:
            return named[0].entity
        if describes_another(s, m):  # "an attack on US ally Albania": not the United States, but Albania
            return described_by_state(s, m)
        return m.entity
    rest = talk.out.article.text[cue_end : s.end]
    link = re.match(r"\s*(?:on|against|targeting)\s+", rest)
    bare = BARE_COLLECTIVE.match(rest[link.end() :]) if link else None
    if bare and link:  # "attacks on companies"
        label = bare.group(0).strip()
        end = cue_end + link.end() + bare.end()
        entity = slug(label)
        talk.out.new_entities.setdefault(entity, {"type": "Collective", "label": label})
        talk.out.mentions.append(Mention(entity, "Collective", label, s.text, end - len(label), end, 0.5))
        return entity
    return None


def _incident(talk: Discourse, s: Sentence, sent_dates: list[Timex]) -> tuple[str | None, str | None]:
    text = talk.out.article.text
    blamed = bool(s.cues(BLAME_CUES, talk.quotes))
    candidates = []
    for cue in s.cues(ATTACK_CUES, talk.quotes):
        clause_start = s.clause_start(cue.start(), ",;(—")
        generic = GENERIC_BEFORE.search(text, clause_start, cue.start()) or GENERIC_AFTER.match(text[cue.end() : s.end])
        if generic or not_cyber_at(s, cue.start()):  # "a chemical weapons attack on X" (graph.extract_patients)
            continue
        if INCIDENT_REFS.search(text[max(s.start, cue.start() - 6) : cue.end()]) and talk.incident:
            if sent_dates and talk.incident not in talk.out.dates:
                talk.out.dates[talk.incident] = (sent_dates[0].as_seed(), s.text)
            return talk.incident, None
        described = [
            g
            for g in GROUP_NP.finditer(text, s.start, cue.start())
            if " " in g.group(1) and re.fullmatch(PERPETRATOR_GAP, text[g.end(1) : cue.start()])
        ]
        perpetrator = s.before(cue.start(), BLAMEABLE)
        if described:  # "a group linked to Russian military intelligence had breached …"
            perpetrator = talk.group(described[-1].group(1), described[-1].start(1), described[-1].end(1), s)
        elif perpetrator and not re.fullmatch(PERPETRATOR_GAP, text[perpetrator.end : cue.start()]):
            perpetrator = None
        if (
            perpetrator
            and not described
            and perpetrator.kind == "Collective"
            and perpetrator.label.split()[-1].lower() not in THREAT_HEADS
        ):
            perpetrator = None
        victim = None if blamed_on_at(s, cue.start()) else _victim(talk, s, cue.end())  # "blamed the attack on X"
        victim = victim_after(text, s, cue.span(), victim)  # not "attacks from X" (graph.extract_patients)
        if perpetrator and compound_victim(s, cue.start(), perpetrator):  # "the Sony hack": Sony was hacked
            victim, perpetrator = victim or perpetrator.entity, None
        candidates.append((cue, victim, perpetrator))
    chosen = next((c for c in candidates if c[1] or c[2]), candidates[0] if candidates and blamed else None)
    if chosen is None:
        return None, None
    cue, victim, perpetrator = chosen
    cls = "CyberIntrusion" if re.search(r"intrusion|penetrat|broke into|infiltrat|breach", cue.group(0), re.I) else "Incident"
    name = f"{'Intrusion' if cls == 'CyberIntrusion' else 'Cyber attack'}{PLACEHOLDER}"
    talk.incident = talk.new("Incident", cls, name, s, 0.55)
    if victim:
        talk.relate(talk.incident, "victim", victim, s, 0.55, rule="incident.attack")
    if sent_dates and not AGREEMENT_CUES.search(s.text):  # "In 2015, … came to an understanding, after … attacks"
        talk.out.dates[talk.incident] = (sent_dates[0].as_seed(), s.text)
    return talk.incident, perpetrator.entity if perpetrator else None


def _blamed(talk: Discourse, s: Sentence, cue: re.Match[str]) -> Mention | None:
    """Whom a blame cue blames: its object ('accused Beijing'), or what follows 'on'/'to' ('blamed the attack
    on X'), or a group the text only describes ('on a criminal group based abroad')."""
    text = talk.out.article.text
    direct = s.after(cue.end(), BLAMEABLE)
    on = BLAME_ON.search(text, cue.end(), s.end)
    if not cue.group(1).lower().startswith(("blam", "pinn", "attribut", "link")):
        on = None  # "sanctions against those responsible for the attack on X": X is the victim, not blamed
    found: Mention | None
    if direct and (on is None or direct.start < on.start()) and direct.start - cue.end() <= 5:
        at, found = cue.end(), direct
    elif on:
        at, found = on.end(), s.after(on.end(), BLAMEABLE)
    else:  # "sanctions against (three) X" names its target at once: a name further on is a victim or a bystander
        near = direct is not None and re.fullmatch(r"\s+[\w-]+\s+", text[cue.end() : direct.start])
        at, found = cue.end(), None if cue.group(1).lower().startswith("sanction") and not near else direct
    described = GROUP_NP.match(text, at + len(text[at:]) - len(text[at:].lstrip()))
    inside = found is None or described is not None and described.start(1) < found.start < described.end(1)
    if described and " " in described.group(1) and described.end(1) <= s.end and inside:
        return talk.group(described.group(1), described.start(1), described.end(1), s)
    return found


def _publisher(talk: Discourse) -> str | None:
    name = talk.out.article.meta.get("publisher", "").strip().casefold()
    if not name:
        return None
    return next((m.entity for m in talk.out.mentions if m.kind == "Organisation" and m.label.casefold() == name), None)


def _claims(talk: Discourse, s: Sentence, incident: str | None, perpetrator: str | None) -> bool:
    made = False
    blamed: list[Mention] | Mention | None  # the parse's mentions, then a blame cue's one
    for token, blamed, claimant in (claim_roles(s, cast("SpacySpan", s.span), BLAMEABLE) if s.span is not None else [])[:1]:
        subject = incident or talk.incident  # an unnamed claimant ("investigators said") is not the publisher
        above, said = (claimant, True) if claimant else reporter_of(talk, s, token, BLAMEABLE)  # "X believes Y was behind"
        claimant_id = above.entity if above else None if said else _publisher(talk)
        claimant_id = None if claimant_id in {m.entity for m in blamed} else claimant_id  # "X is believed to be behind"
        _claim(talk, s, [m.entity for m in blamed], claimant_id, subject, "claim.parse")
        made = True
    cues = [c for c in s.cues(BLAME_CUES, talk.quotes) if not _negated_at(s, c.start())]  # "did not blame X"
    for cue in [] if made else cues[:1]:
        blamed = _blamed(talk, s, cue)
        if blamed is None:
            continue
        parsed, claimant_id = blame_claimant(talk, s, cue.start(), BLAMEABLE, _publisher(talk))
        if not parsed:
            continue
        if s.span is None or token_at(s, cue.start()) is None:
            claimant = s.before(cue.start(), BLAMEABLE)
            claimant_id = claimant.entity if claimant and claimant.entity != blamed.entity else _publisher(talk)
        claimant_id = None if claimant_id == blamed.entity else claimant_id
        subject = incident or (talk.incident if INCIDENT_REFS.search(s.text) else None)
        _claim(talk, s, [blamed.entity, *_coordinated(talk, s, blamed)], claimant_id, subject, "claim.blame")
        made = True
    found_by = None if made else find_claims(talk, s, incident, _publisher(talk), BLAMEABLE, ATTACK_VERBS)
    made = made or found_by == "claim.sponsor"  # a reported attack, as claim.reported: its sentence is the claim
    if perpetrator and not made and not found_by:  # "Microsoft reported that a group … had breached …", or the article
        reported = [c for c in s.cues(SAY_CUES, talk.quotes) if c.end() <= s.end]
        text = talk.out.article.text
        clause = s.clause_start(reported[0].start()) if reported else 0
        reporter = s.before(reported[0].start(), BLAMEABLE) if reported else None
        relative = reported and re.fullmatch(r"\s*which\s+", text[clause : reported[0].start()])
        if reporter and reporter.start < clause and not relative:  # ", which said" is the name before it
            reporter = None  # ", investigators said": the one who says it is not named
        doers = [perpetrator, *fellow_doers(s, perpetrator, BLAMEABLE)]  # "members of X - A, B and C - stole"
        _claim(talk, s, doers, reporter.entity if reporter else _publisher(talk), incident, "claim.reported")
        made = True
    return made


def _negated_at(s: Sentence, at: int) -> bool:
    span = cast("SpacySpan | None", s.span)  # Sentence.span is typed object (extract_discourse)
    token = next((t for t in span if t.idx == at), None) if span is not None else None
    return token is not None and (negated(token) or (token.dep_ in ("xcomp", "conj") and negated(token.head)))


def _coordinated(talk: Discourse, s: Sentence, first: Mention) -> list[str]:
    """'two Russian officers and a unit of Russian military intelligence': the others blamed with the first."""
    more: list[str] = []
    last = first
    while True:
        following = s.after(last.end, BLAMEABLE, within=40)
        link = (
            r"\s*(?:,|,?\s+and)\s+(?:(?:a|an|the|two|three|several)\s+)?"
            r"(?:(?:unit|branch|division|members?)\s+of\s+(?:the\s+)?)?"
        )
        if following is None or not re.fullmatch(link, talk.out.article.text[last.end : following.start]):
            return more
        more.append(following.entity)
        last = following


def _claim(talk: Discourse, s: Sentence, blamed: str | list[str], claimant: str | None, subject: str | None, rule: str) -> None:
    make_claim(talk, s, blamed, claimant, subject, rule)
