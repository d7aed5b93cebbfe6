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

from cyberkg.graph.extract_agreements import (
    agreement_leaders,
    find_agreement,
    find_cue_event,
    find_representation,
    leader_party,
    new_agreement,
)
from cyberkg.graph.extract_claim_extra import after_sentence, not_blamed_after
from cyberkg.graph.extract_claim_forms import blamed_on_at, compound_victim, fellow_doers
from cyberkg.graph.extract_claim_frames import claim_noun_maker
from cyberkg.graph.extract_claim_roles import reporter as reporter_of
from cyberkg.graph.extract_claim_roles import token_at
from cyberkg.graph.extract_claim_story import find_claim_frames, find_own_denial
from cyberkg.graph.extract_claims import blame_claimant, find_claims, find_denial, make_claim
from cyberkg.graph.extract_coord import coordinate
from cyberkg.graph.extract_delegations import find_briefings, find_delegations
from cyberkg.graph.extract_discourse import BLAMEABLE, Discourse, Sentence, make_sentence
from cyberkg.graph.extract_events import (
    agreement_talks,
    joint_agreement,
    learn_agreement_names,
    named_agreement,
    statements_about_agreements,
    statements_about_events,
)
from cyberkg.graph.extract_frames import find_event_frames
from cyberkg.graph.extract_holders import namesakes
from cyberkg.graph.extract_labels import PLACEHOLDER, relabel
from cyberkg.graph.extract_laws import find_enactment, find_legislature_events, statements_about_laws
from cyberkg.graph.extract_learned import MODEL_FILE, learned_roles, role_models
from cyberkg.graph.extract_lexicon import (
    AGREEMENT_CUES,
    ATTACK_CUES,
    BARE_COLLECTIVE,
    BLAME_CUES,
    BLAME_ON,
    GENERIC_AFTER,
    GENERIC_BEFORE,
    GROUP_NP,
    INCIDENT_REFS,
    PARTICIPATION,
    SAY_CUES,
    THREAT_HEADS,
    VICTIM_LINK,
)
from cyberkg.graph.extract_measures import find_calls, find_measures
from cyberkg.graph.extract_parse import (
    AGREEMENT_WORDS,
    ATTACK_VERBS,
    agreement_parties,
    claim_roles,
    dateline_end,
    describes_another,
    find_bases,
    find_parse_events,
    find_parse_incident,
    mentions_of,
    negated,
)
from cyberkg.graph.extract_parse_incidents import CLAIM_CUES
from cyberkg.graph.extract_patients import described_by_state, not_cyber_at, statements_about_incidents, victim_after
from cyberkg.graph.extract_policy import find_deliberation, find_law, find_posts, find_proposed, find_scope
from cyberkg.graph.extract_scenes import find_exercises, find_hosted, find_testimony
from cyberkg.graph.extract_speech import complete_posts, quote_spans
from cyberkg.graph.extract_spoken import denials_spoken
from cyberkg.graph.extract_statements import find_statements
from cyberkg.graph.extract_timeline import (
    date_event,
    earlier_talks,
    find_trend,
    finish,
    first_report_and_benefit,
    reached_during,
)
from cyberkg.graph.extract_types import Extraction, Mention, slug
from cyberkg.graph.extract_victims import find_victims
from cyberkg.graph.timex import Timex, find_dates

if TYPE_CHECKING:  # annotations only: extract imports this module to run it
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

    from cyberkg.graph.extract import Extractor

PERPETRATOR_GAP = r"\s*(?:had |have |has |reportedly |allegedly )?(?:(?:tried|attempted|sought) to )?"


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
        made_from = len(out.relations)
        sent_dates = [d for d in dates if s.start <= d.start < s.end]
        agreement = find_agreement(talk, s, sent_dates)
        signing_bodies(talk, s, agreement)  # "A's agency X and B's agency Y signed a memorandum": the bodies too
        if agreement is None:  # pacts, deals, pledges, frameworks the parse shows with their parties
            cued = s.span is not None and not s.words().isdisjoint(AGREEMENT_WORDS)
            found = agreement_parties(s, cast("SpacySpan", s.span), ("State", "Organisation")) if cued else None
            found = (found[0], leader_party(talk, s, found)) if found else None  # "Trump … withdrew from the deal with Tehran"
            if found and len(found[1]) >= 2:
                agreement = new_agreement(talk, s, [m.entity for m in found[1]], [], sent_dates, "agreement.parse")
            elif found and talk.agreements and found[0].dep_ != "ROOT":
                agreement = talk.agreements[-1][0]
                talk.relate(agreement, "hasParty", [m.entity for m in found[1]], s, 0.5, rule="agreement.parse")
            joint = None if found else joint_agreement(talk, s, mentions_of)
            if joint:  # "A and B pledged to strengthen cooperation", "a bilateral deal" (graph.extract_events)
                agreement = new_agreement(talk, s, joint, [], sent_dates, "agreement.joint")
        agreement = agreement or named_agreement(talk, s)  # "the Privacy Shield" (graph.extract_events)
        learn_agreement_names(talk, s, agreement)
        agreement_leaders(talk, s, agreement)  # "US President A and Russian President B agreed …" (graph.extract_agreements)
        find_scope(talk, s, agreement)
        find_proposed(talk, s)
        known = len(out.new_entities)
        referred = find_cue_event(talk, s, agreement)  # also when "the talks" refer back: "X and Y were in discussions with Z"
        parsed = find_parse_events(talk, s) if len(out.new_entities) == known else None
        event = (
            referred
            or parsed
            or earlier_talks(talk, s, PARTICIPATION)
            or agreement_talks(talk, s, agreement)
            or find_legislature_events(talk, s, mentions_of)
            or find_testimony(talk, s)
            or find_hosted(talk, s)
            or find_exercises(talk, s)
        )
        if parsed:  # "A and B agreed to begin talks": the agreement's parties take part too
            agreement_talks(talk, s, agreement)
        event = find_event_frames(talk, s) or event  # "X summoned Y", "X said it was investigating" (graph.extract_frames)
        reached_during(talk, s, agreement, event)
        date_event(talk, s, event, sent_dates)
        first_report_and_benefit(talk, s)
        find_representation(talk, s)
        find_delegations(talk, s)  # "the X delegation comprised officials from A, B" (graph.extract_delegations)
        find_briefings(talk, s)  # "X said at a news conference"
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
        find_own_denial(talk, s, incident, BLAMEABLE)  # "… said their government was not behind it"
        after_sentence(
            talk, s, made_from, incident or talk.incident
        )  # a speaker dismissing a claim; 'U.S. banks' hit (graph.extract_claim_extra)
        people = [m for m in s.mentions if m.kind == "Person"]
        if people:
            talk.last_person = max(people, key=lambda m: m.start)
        find_deliberation(talk, s)
        find_measures(talk, s)  # "X imposed sanctions on Y", "expelled Y's diplomats" (graph.extract_measures)
        find_calls(talk, s)  # "X spoke to Y on the phone"
        find_bases(talk, s)
    complete_posts(out, doc)  # each title's whole post and its body, by the parse
    find_posts(talk, published)
    namesakes(out, f"-{slug(out.article.id)}")  # "the Dutch defence minister" is the minister named (graph.extract_holders)
    denials_spoken(talk)  # whoever denies speaks (graph.extract_spoken)
    statements_about_events(talk)
    statements_about_incidents(talk)  # "…, the ministry said of the breach" (graph.extract_patients)
    statements_about_laws(talk)
    statements_about_agreements(talk)
    _governments_of(talk)
    _claims_about_the_incident(talk)
    coordinate(talk, sentences)  # the others listed with a role's name: "according to A, B and C" (extract_coord)
    # the roles the rules left out that a model trained on gold is sure of (graph.extract_learned)
    learned_roles(out, doc, role_models(extractor.roles_model or MODEL_FILE) if extractor.learned else {})
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


def _origin(text: str, cue_end: int, at: int) -> bool:
    """'attacks (emanating) from X': an attack noun's 'from' names where it came from, not whom it hit ('stole data
    from X' does)."""
    noun = re.search(r"(?:attacks?|cyber-?attacks?|hacks|intrusions)$", text[max(0, cue_end - 14) : cue_end], re.I)
    return noun is not None and re.match(r"\s*(?:[a-z]+ing\s+)?from\s", text[cue_end:at]) is not None


def _victim(talk: Discourse, s: Sentence, cue_end: int) -> str | None:
    following = [m for m in s.top if m.start >= cue_end and m.kind in BLAMEABLE]
    for m in sorted(following, key=lambda m: m.start):
        if not VICTIM_LINK.match(talk.out.article.text[cue_end : m.start]) or _origin(talk.out.article.text, cue_end, m.start):
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


def signing_bodies(talk: Discourse, s: Sentence, agreement: str | None) -> None:
    """The bodies party to the sentence's agreement beside its states (rule agreement.parse): not a government (its
    state is the party), not the dateline ('JERUSALEM (JTA) —'), not a title before a signer's name ('Israel National
    Cyber Directorate X signed')."""
    if agreement is None or s.span is None:
        return
    found = agreement_parties(s, cast("SpacySpan", s.span), ("Organisation",))
    named = [
        m.entity
        for m in (found[1] if found else [])
        if talk.out.new_entities.get(m.entity, {}).get("type") != "Government"
        and not _in_title(s, m)
        and m.start >= dateline_end(s)
    ]
    if named:
        talk.relate(agreement, "hasParty", named, s, 0.5, rule="agreement.parse")


def _in_title(s: Sentence, m: Mention) -> bool:
    """A body in the title before a person's name ('Chile's Cyber Agency director Ana Ruiz')."""
    token = next((t for t in s.tokens() if m.start <= t.idx < m.end and not (m.start <= t.head.idx < m.end)), None)
    for _ in range(3):
        if token is None or token.dep_ not in ("compound", "nmod", "poss", "amod") or token.head.i == token.i:
            return False
        token = token.head
        if any(p.kind == "Person" and p.start <= token.idx < p.end for p in s.mentions):
            return True
    return False


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
    if found and at == cue.end() and not_blamed_after(text, at, found.start):  # "indicted for hacking X", "accused by X"
        found = None
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
    previous = talk.claim
    made = _claim_rules(talk, s, incident, perpetrator)
    find_claim_frames(talk, s, incident, _publisher(talk), previous, BLAMEABLE)  # graph.extract_claim_frames
    return made


def _claim_rules(talk: Discourse, s: Sentence, incident: str | None, perpetrator: str | None) -> bool:
    made = False
    blamed: list[Mention] | Mention | None  # the parse's mentions, then a blame cue's one
    cued = s.span is not None and not s.words().isdisjoint(CLAIM_CUES)
    for token, blamed, claimant in (claim_roles(s, cast("SpacySpan", s.span), BLAMEABLE) if cued else [])[:1]:
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
        unowned, maker = claim_noun_maker(s, next((m.start for m in s.mentions if m.entity == perpetrator), s.start), BLAMEABLE)
        reporter = maker if unowned else reporter  # "Y's accusation that X …"; "what it called accusations that X …"
        doers = [perpetrator, *fellow_doers(s, perpetrator, BLAMEABLE)]  # "members of X - A, B and C - stole"
        _claim(talk, s, doers, reporter.entity if reporter else None if unowned else _publisher(talk), incident, "claim.reported")
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
