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
from dataclasses import dataclass, field

from cyberkg.graph.extract import ACTOR_KINDS, Extraction, Extractor, Mention, Relation, slug
from cyberkg.graph.extract_lexicon import (AGREEMENT_CUES, AGREEMENT_REFS, ATTACK_CUES, BARE_COLLECTIVE, BLAME_CUES,
                                           BLAME_ON, DEFINITE_AGREEMENT, DELIBERATION, DENY_CUES, EVENT_CUES,
                                           EVENT_REFS, GENERIC_AFTER, GENERIC_BEFORE, INCIDENT_REFS, LAW_BY, LAW_EFFECT,
                                           LAW_PHRASE, LAW_REFS, PARTICIPATION, QUOTE, SAY_CUES, SIGN_VERBS, STATEMENT_NOUNS,
                                           THREAT_HEADS, VICTIM_LINK)
from cyberkg.graph.timex import find_dates

BLAMEABLE = ("State", *ACTOR_KINDS)
SPEAKERS = ("Person", "Organisation")
PARTIES_REFS = re.compile(r"\b(each other|both countries|both sides|the two sides|the two countries)\b", re.I)


@dataclass
class Sentence:
    start: int
    end: int
    text: str  # as in the article, for evidence
    mentions: list[Mention]  # every mention, nested ones included
    top: list[Mention]  # mentions not inside a longer one, outside quotations
    doc_text: str

    def cues(self, pattern: re.Pattern, quotes: list[tuple[int, int]]):
        """Matches of a cue in this sentence, outside quotations, with offsets in the article."""
        return [m for m in pattern.finditer(self.doc_text, self.start, self.end)
                if not any(s <= m.start() < e for s, e in quotes)]

    def before(self, pos: int, kinds) -> Mention | None:
        found = [m for m in self.top if m.end <= pos and m.kind in kinds]
        return max(found, key=lambda m: m.end) if found else None

    def after(self, pos: int, kinds, within: int = 10_000) -> Mention | None:
        found = [m for m in self.top if m.start >= pos and m.kind in kinds and m.start - pos <= within]
        return min(found, key=lambda m: m.start) if found else None


@dataclass
class Discourse:
    extractor: Extractor
    out: Extraction
    agreements: list[tuple[str, frozenset]] = field(default_factory=list)
    event: tuple[str, str] | None = None  # (id, the noun it was introduced with: talks, call, …)
    incident: str | None = None
    law: str | None = None
    claim_incident: str | None = None
    quotes: list[tuple[int, int]] = field(default_factory=list)

    def new(self, kind: str, cls: str, label: str, sentence: Sentence, confidence: float, at: int | None = None) -> str:
        entity = f"{kind.lower()}-{self.out.article.id}-{sentence.start if at is None else at}"
        self.out.new_entities[entity] = {"type": cls, "label": label}
        self.out.mentions.append(Mention(entity, kind, sentence.text, sentence.text, sentence.start, sentence.end,
                                         confidence))
        return entity

    def relate(self, subject: str, predicate: str, objects, sentence: Sentence, confidence: float) -> None:
        objects = [objects] if isinstance(objects, str) else list(dict.fromkeys(objects))
        self.out.relations.append(Relation(subject, predicate, objects, sentence.text, confidence))

    def name(self, entity: str) -> str:
        known = self.extractor.known.get(entity)
        return known[1] if known else self.out.new_entities.get(entity, {}).get("label") \
            or self.extractor.names.get(entity, entity)


def _sentence(doc_text: str, sent, mentions: list[Mention], quotes) -> Sentence:
    top = [m for m in mentions if not any(o is not m and o.start <= m.start and m.end <= o.end
                                          and (o.end - o.start) > (m.end - m.start) for o in mentions)
           and not any(s <= m.start < e for s, e in quotes)]
    return Sentence(sent.start_char, sent.end_char, sent.text.strip(), mentions, top, doc_text)


def find_relations(extractor: Extractor, out: Extraction, doc, sentences, by_sentence, published: dt.date | None) -> None:
    text = out.article.text
    talk = Discourse(extractor, out, quotes=[(m.start(), m.end()) for m in QUOTE.finditer(text)])
    dates = find_dates(text, published)
    for sent in sentences:
        s = _sentence(text, sent, by_sentence.get(sent.start_char, []), talk.quotes)
        sent_dates = [d for d in dates if s.start <= d.start < s.end]
        agreement = _agreement(talk, s, sent_dates)
        event = _event(talk, s)
        incident, perpetrator = _incident(talk, s, sent_dates)
        law = _law(talk, s, sent_dates)
        claimed = _claims(talk, s, incident, perpetrator)
        if not claimed:
            _statements(talk, s, agreement, event, law)
        _denial(talk, s, incident)
        _deliberation(talk, s)
    _posts(talk, published)


def _agreement(talk: Discourse, s: Sentence, sent_dates) -> str | None:
    # A state inside a collective or a named organisation ("Russian hackers") is not a party; inside a
    # government ("the Chinese and Canadian governments") it is.
    holders = [m for m in s.mentions if m.kind in ACTOR_KINDS
               and talk.out.new_entities.get(m.entity, {}).get("type") != "Government" and not m.entity.startswith("gov-")]
    states = list(dict.fromkeys(m.entity for m in s.mentions if m.kind == "State"
                                and not any(h.start <= m.start and m.end <= h.end for h in holders)))
    definite = [(d.start(), d.end()) for d in DEFINITE_AGREEMENT.finditer(s.text)]
    creating = [c for c in AGREEMENT_CUES.finditer(s.text) if not any(a <= c.start() < b for a, b in definite)]
    refers = AGREEMENT_CUES.search(s.text) or AGREEMENT_REFS.search(s.text) or PARTIES_REFS.search(s.text) \
        or re.search(r"\brepresent(ed|s|ing)?\b", s.text)
    agreement = None
    same = [a for a, parties in talk.agreements if len(states) >= 2 and set(states) <= parties]
    if same:
        agreement = same[-1]
        if SIGN_VERBS.search(s.text) or re.search(r"\bsign|\bagree", s.text, re.I):
            talk.relate(agreement, "hasParty", states, s, 0.6)
    elif creating and len(states) >= 2:
        agreement = _new_agreement(talk, s, states, creating, sent_dates)
    elif refers and talk.agreements:
        agreement = talk.agreements[-1][0]
    if agreement is None:
        return None
    if sent_dates and AGREEMENT_CUES.search(s.text) and agreement not in talk.out.dates \
            and agreement.startswith(f"agreement-{talk.out.article.id}-"):
        talk.out.dates[agreement] = (sent_dates[0].as_seed(), s.text)
    people = [m.entity for m in s.mentions if m.kind == "Person"]
    if re.search(r"\brepresent(ed|s|ing)?\b", s.text) and people:
        talk.relate(agreement, "hasRepresentative", people, s, 0.6)
        for by in re.finditer(r"\bwas represented by\b", s.doc_text[s.start:s.end]):  # "China was represented by X"
            state, person = s.before(s.start + by.start(), ("State",)), s.after(s.start + by.end(), ("Person",))
            if state and person:
                talk.relate(person.entity, "represents", state.entity, s, 0.6)
    return agreement


def _new_agreement(talk: Discourse, s: Sentence, states: list[str], creating, sent_dates) -> str:
    """A new agreement, or one an earlier article of this run or the graph already has between the same
    parties in the same year."""
    year = sent_dates[0].value[:4] if sent_dates else None
    parties = frozenset(states)
    memory = talk.extractor.agreements
    same = [a for a, (p, y, _) in memory.items() if p == parties and (year is None or y is None or y == year)]
    if same:
        agreement = same[-1]
        if agreement not in talk.extractor.known:
            talk.out.new_entities[agreement] = dict(memory[agreement][2])
        talk.out.mentions.append(Mention(agreement, "Agreement", s.text, s.text, s.start, s.end, 0.6))
    else:
        names = "–".join(talk.name(e) for e in states[:3])
        cls = "InformalUnderstanding" if any(c.group(0).lower() == "understanding" for c in creating) else "Agreement"
        agreement = talk.new("Agreement", cls, f"{names} agreement ({talk.out.article.id}, {s.start})", s, 0.7)
        memory[agreement] = (parties, year, dict(talk.out.new_entities[agreement]))
        if sent_dates:
            talk.out.dates[agreement] = (sent_dates[0].as_seed(), s.text)
    if re.search(r"\bsimilar\b", s.text) and talk.agreements:  # "came to a similar understanding"
        previous = talk.agreements[-1][0]
        talk.relate(previous, "similarTo", agreement, s, 0.5)
        earlier = talk.out.dates.get(agreement, ({},))[0].get("value", "")[:4]
        later = talk.out.dates.get(previous, ({},))[0].get("value", "")[:4]
        if earlier and later and earlier < later:
            talk.relate(previous, "precededBy", agreement, s, 0.5)
    talk.agreements.append((agreement, parties))
    talk.relate(agreement, "hasParty", states, s, 0.7)
    return agreement


def _event(talk: Discourse, s: Sentence) -> str | None:
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
            talk.relate(event, "participant", [a, b], s, 0.6)
            return event
    if talk.event is None:
        return None
    event, noun = talk.event
    joined = next(iter(s.cues(PARTICIPATION, talk.quotes)), None)
    if joined and joined.group(2).lower().split()[-1] == noun:  # "involved in the talks" after talks, not a call
        person = s.before(joined.start(), ("Person",))
        if person:
            talk.relate(event, "participant", person.entity, s, 0.5)
        return event
    ref = EVENT_REFS.search(s.text)
    return event if ref and (ref.group(1).split()[-1].lower() == noun or {noun, ref.group(1).lower()} <= {"talks", "meeting"}) \
        else None


def _victim(talk: Discourse, s: Sentence, cue_end: int) -> str | None:
    following = [m for m in s.top if m.start >= cue_end and m.kind in BLAMEABLE]
    for m in sorted(following, key=lambda m: m.start):
        if not VICTIM_LINK.match(talk.out.article.text[cue_end:m.start]):
            break
        nxt = [o for o in following if o.start in (m.end + 2, m.end + 3)]  # "Canada's National Research Council"
        if m.kind == "State" and talk.out.article.text[m.end:m.end + 2] in ("'s", "’s") and nxt:
            return nxt[0].entity
        return m.entity
    rest = talk.out.article.text[cue_end:s.end]
    link = re.match(r"\s*(?:on|against|targeting)\s+", rest)
    bare = BARE_COLLECTIVE.match(rest[link.end():]) if link else None
    if bare:  # "attacks on companies"
        label = bare.group(0).strip()
        end = cue_end + link.end() + bare.end()
        entity = slug(label)
        talk.out.new_entities.setdefault(entity, {"type": "Collective", "label": label})
        talk.out.mentions.append(Mention(entity, "Collective", label, s.text, end - len(label), end, 0.5))
        return entity
    return None


def _incident(talk: Discourse, s: Sentence, sent_dates) -> tuple[str | None, str | None]:
    text = talk.out.article.text
    blamed = bool(s.cues(BLAME_CUES, talk.quotes))
    candidates = []
    for cue in s.cues(ATTACK_CUES, talk.quotes):
        clause_start = max([s.start] + [i + 1 for i in range(s.start, cue.start()) if text[i] in ",;(—"])
        if GENERIC_BEFORE.search(text, clause_start, cue.start()) or GENERIC_AFTER.match(text[cue.end():s.end]):
            continue
        if INCIDENT_REFS.search(text[max(s.start, cue.start() - 6):cue.end()]) and talk.incident:
            if sent_dates and talk.incident not in talk.out.dates:
                talk.out.dates[talk.incident] = (sent_dates[0].as_seed(), s.text)
            return talk.incident, None
        perpetrator = s.before(cue.start(), BLAMEABLE)
        if perpetrator and not re.fullmatch(r"\s*(?:had |have |has |reportedly |allegedly )?", text[perpetrator.end:cue.start()]):
            perpetrator = None
        if perpetrator and perpetrator.kind == "Collective" and perpetrator.label.split()[-1].lower() not in THREAT_HEADS:
            perpetrator = None
        candidates.append((cue, _victim(talk, s, cue.end()), perpetrator))
    chosen = next((c for c in candidates if c[1] or c[2]), candidates[0] if candidates and blamed else None)
    if chosen is None:
        return None, None
    cue, victim, perpetrator = chosen
    cls = "CyberIntrusion" if re.search(r"intrusion|penetrat|broke into|infiltrat|breach", cue.group(0), re.I) else "Incident"
    talk.incident = talk.new("Incident", cls, f"Cyber incident ({talk.out.article.id}, {s.start})", s, 0.55)
    if victim:
        talk.relate(talk.incident, "victim", victim, s, 0.55)
    if sent_dates and not AGREEMENT_CUES.search(s.text):  # "In 2015, … came to an understanding, after … attacks"
        talk.out.dates[talk.incident] = (sent_dates[0].as_seed(), s.text)
    return talk.incident, perpetrator.entity if perpetrator else None


def _blamed(talk: Discourse, s: Sentence, cue) -> Mention | None:
    direct = s.after(cue.end(), BLAMEABLE)
    on = BLAME_ON.search(talk.out.article.text, cue.end(), s.end)
    if direct and (on is None or direct.start < on.start()) and direct.start - cue.end() <= 5:
        return direct
    return s.after(on.end(), BLAMEABLE) if on else direct


def _publisher(talk: Discourse) -> str | None:
    name = talk.out.article.meta.get("publisher", "").strip().casefold()
    if not name:
        return None
    return next((m.entity for m in talk.out.mentions if m.kind == "Organisation" and m.label.casefold() == name), None)


def _claims(talk: Discourse, s: Sentence, incident: str | None, perpetrator: str | None) -> bool:
    made = False
    for cue in s.cues(BLAME_CUES, talk.quotes)[:1]:
        blamed = _blamed(talk, s, cue)
        if blamed is None:
            continue
        claimant = s.before(cue.start(), BLAMEABLE)
        claimant_id = claimant.entity if claimant and claimant.entity != blamed.entity else _publisher(talk)
        subject = incident or (talk.incident if INCIDENT_REFS.search(s.text) else None)
        _claim(talk, s, blamed.entity, claimant_id, subject)
        made = True
    if perpetrator and not made:
        _claim(talk, s, perpetrator, _publisher(talk), incident)
        made = True
    return made


def _claim(talk: Discourse, s: Sentence, blamed: str, claimant: str | None, subject: str | None) -> None:
    claim = talk.new("AttributionClaim", "AttributionClaim", f"Attribution claim ({talk.out.article.id}, {s.start})",
                     s, 0.5)
    talk.relate(claim, "attributedTo", blamed, s, 0.5)
    if claimant:
        talk.relate(claim, "claimant", claimant, s, 0.45)
    if subject:
        talk.relate(claim, "subject", subject, s, 0.5)
        talk.claim_incident = subject


def _speaker(talk: Discourse, s: Sentence, cue, noun: bool) -> Mention | None:
    if noun:
        return s.after(cue.end(), SPEAKERS, within=80) or s.before(cue.start(), SPEAKERS)
    if cue.group(0).lower() == "according to":
        return s.after(cue.end(), SPEAKERS, within=60)
    clause_start = max([s.start] + [i + 1 for i in range(s.start, cue.start()) if talk.out.article.text[i] in ",;"])
    subject = s.before(cue.start(), ("State", *SPEAKERS))
    if re.search(r"[\"”],?\s*$", talk.out.article.text[s.start:cue.start()]) or subject is None:
        return s.after(cue.end(), SPEAKERS, within=60)  # '"…," said minister X'
    if subject.end <= clause_start and s.before(cue.start(), SPEAKERS) is not subject:
        return None  # the nearest name is in an earlier clause: "Officials in Helsinki said …"
    return subject if subject.kind in SPEAKERS else None


def _statements(talk: Discourse, s: Sentence, agreement: str | None, event: str | None, law: str | None) -> None:
    cues = [(c, True) for c in s.cues(STATEMENT_NOUNS, talk.quotes)][:1] or [(c, False) for c in s.cues(SAY_CUES, talk.quotes)]
    speakers = []
    for cue, noun in cues:
        speaker = _speaker(talk, s, cue, noun)
        if speaker is None or speaker.entity in {x.entity for x, _ in speakers}:
            continue
        speakers.append((speaker, cue.start()))
    for speaker, at in speakers:
        cls = "PressRelease" if re.search(r"press release|news release", s.text, re.I) else \
            "OfficialStatement" if STATEMENT_NOUNS.search(s.text) else "Remark"
        statement = talk.new("Statement", cls, f"{speaker.label}: statement ({talk.out.article.id}, {at})", s, 0.6,
                             at=None if at == speakers[0][1] else at)
        talk.relate(statement, "speaker", speaker.entity, s, 0.6)
        for subject in (agreement, event, law):
            if subject:
                talk.relate(statement, "subject", subject, s, 0.5)


def _denial(talk: Discourse, s: Sentence, incident: str | None) -> None:
    cue = next(iter(s.cues(DENY_CUES, talk.quotes)), None)
    if cue is None:
        return
    claimant = s.before(cue.start(), BLAMEABLE)
    if claimant is None:
        return
    denial = talk.new("Denial", "Denial", f"Denial ({talk.out.article.id}, {s.start})", s, 0.5)
    talk.relate(denial, "claimant", claimant.entity, s, 0.5)
    subject = incident or talk.claim_incident
    if subject:
        talk.relate(denial, "subject", subject, s, 0.45)


def _law(talk: Discourse, s: Sentence, sent_dates) -> str | None:
    """'China this month put into effect a new cyber security law', "Brazil's new law took effect"; the law
    that a later sentence calls "the law" ("The law was enacted by the National Congress")."""
    effect = next(iter(s.cues(LAW_EFFECT, talk.quotes)), None)
    phrase = LAW_PHRASE.search(s.text)
    by = LAW_BY.search(s.text)
    if effect is None or phrase is None:
        if talk.law and LAW_REFS.search(s.text):
            enacted_by = s.after(s.start + by.end(), BLAMEABLE) if by else None
            if enacted_by:
                talk.relate(talk.law, "enactedBy", enacted_by.entity, s, 0.5)
            return talk.law
        return None
    law_start = s.start + phrase.start(1)
    state = s.before(law_start, ("State",)) or s.after(effect.end(), ("State",))
    enacted_by = s.after(s.start + by.end(), BLAMEABLE) if by else state
    words = phrase.group(1).removeprefix("new ")
    label = f"{talk.name(state.entity)}'s {words}" if state else words[0].upper() + words[1:]
    talk.law = law = talk.new("Law", "Law", label, s, 0.5)
    event = talk.new("Event", "LawTakingEffect", f"{label} takes effect", s, 0.5, at=s.start + 1)
    talk.relate(event, "concernsLaw", law, s, 0.5)
    if state:
        talk.relate(event, "participant", state.entity, s, 0.5)
    if enacted_by:
        talk.relate(law, "enactedBy", enacted_by.entity, s, 0.5)
    if sent_dates:
        talk.out.dates[event] = (sent_dates[0].as_seed(), s.text)
        talk.out.dates[law] = (sent_dates[0].as_seed(), s.text)
    return law


def _deliberation(talk: Discourse, s: Sentence) -> None:
    """'the Obama administration had mulled targeted sanctions against Chinese individuals and companies'."""
    cue = next(iter(s.cues(DELIBERATION, talk.quotes)), None)
    if cue is None:
        return
    actor = s.before(cue.start(), ("State", "Organisation", "Person"))
    target = s.after(cue.end(), BLAMEABLE, within=5)
    if actor is None or target is None:
        return
    label = f"{talk.name(actor.entity)} {cue.group(1).lower()} {cue.group(2).lower()} against {talk.name(target.entity)}"
    event = talk.new("Event", "PolicyDeliberation", label, s, 0.5, at=cue.start())
    talk.relate(event, "participant", actor.entity, s, 0.5)
    talk.relate(event, "targets", target.entity, s, 0.5)


def _posts(talk: Discourse, published: dt.date | None) -> None:
    """'Canadian Prime Minister Justin Trudeau': the post Prime Minister of Canada in the Government of Canada,
    held by Trudeau, attested (a PostTenure) on the article's date."""
    text = talk.out.article.text
    for title in talk.out.titles:
        if re.search(r"\b(former|ex|late|then)\b", title.words, re.I):
            continue  # not in post when the article speaks
        sentence = next((m.sentence for m in talk.out.mentions if m.start <= title.start < m.end), title.words)
        org = title.organisation
        label = title.words
        if org is None and title.state:
            org, name = talk.extractor.government(title.state)
            if org not in talk.extractor.known and org not in talk.out.new_entities:
                talk.out.new_entities[org] = {"type": "Government", "label": name}
            talk.out.mentions.append(Mention(org, "Organisation", name, sentence, title.start, title.end, 0.5))
            label = f"{title.words} of {talk.name(title.state)}"
        post = slug(label) if org else f"post-{slug(label)}-{title.person}"
        post = f"post-{post}" if not post.startswith("post-") else post
        talk.out.new_entities.setdefault(post, {"type": "Post", "label": label})
        talk.out.mentions.append(Mention(post, "Post", label, sentence, title.start, title.end, 0.6))
        fake = Sentence(title.start, title.end, sentence, [], [], text)
        talk.relate(title.person, "holdsPost", post, fake, 0.6)
        if org:
            talk.relate(post, "postIn", org, fake, 0.6)
        if published:
            tenure = f"tenure-{slug(title.person)}-{post}"
            talk.out.new_entities.setdefault(tenure, {"type": "PostTenure",
                                                      "label": f"{talk.name(title.person)} as {label} ({published:%B %Y})"})
            talk.out.mentions.append(Mention(tenure, "PostTenure", label, sentence, title.start, title.end, 0.5))
            talk.relate(tenure, "holder", title.person, fake, 0.6)
            talk.relate(tenure, "tenurePost", post, fake, 0.6)
            talk.out.dates.setdefault(tenure, ({"value": published.isoformat(), "derived": True,
                                                "derivation": f"In post when the article appeared ({published.isoformat()})."},
                                               sentence))
