"""Agreements and talks named by cue words (moved from graph.extract_relations): a pact/deal/agreement cue with
two or more states makes an agreement, or refers to the one already made ("the pact", the same states again);
"represented by", "the delegation was led by"; leaders who agree or sign for the states their titles name
represent them (rule agreement.leaders); talks and calls "between A and B", "A and B held their dialogue",
"the meeting" referring back, "who was involved in the talks".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from cyberkg.graph.extract_discourse import BLAMEABLE, Discourse, Sentence
from cyberkg.graph.extract_events import AGREEMENT_WORDS, clause_subject
from cyberkg.graph.extract_labels import PLACEHOLDER
from cyberkg.graph.extract_lexicon import (
    AGREEMENT_CUES,
    AGREEMENT_REFS,
    DEFINITE_AGREEMENT,
    EVENT_CUES,
    EVENT_HELD,
    EVENT_REFS,
    LED_BY,
    PARTICIPATION,
    SIGN_VERBS,
)
from cyberkg.graph.extract_syntax import expand
from cyberkg.graph.extract_types import ACTOR_KINDS, Mention
from cyberkg.graph.timex import Timex, offset_from

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# "had agreed with the United States assessment that …": sharing a view, not making an agreement
AGREED_WITH_VIEW = re.compile(
    r"\s+with\s+(?:[\w.'’-]+\s+){0,3}?(?:assessments?|views?|findings?|conclusions?|analysis|position|claims?|"
    r"assertions?|attribution|judge?ments?|opinions?|statements?)\b",
    re.I,
)
PARTIES_REFS = re.compile(r"\b(each other|both countries|both sides|the two sides|the two countries)\b", re.I)


def find_agreement(talk: Discourse, s: Sentence, sent_dates: list[Timex]) -> str | None:
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
            m.entity
            for m in s.mentions
            if m.kind == "State"
            and not any(h.start <= m.start and m.end <= h.end for h in holders)
            and not in_aside(s, m)
            and not named_after(talk, s, m)
        )
    )
    definite = [(d.start(), d.end()) for d in DEFINITE_AGREEMENT.finditer(s.text)]
    creating = (
        [
            c
            for c in AGREEMENT_CUES.finditer(s.text)
            if not any(a <= c.start() < b for a, b in definite) and not AGREED_WITH_VIEW.match(s.text, c.end())
        ]
        if SIGN_VERBS.search(s.text)
        else []
    )  # "backed a draft treaty" makes no agreement; "agreed with the U.S. assessment" shares a view
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
        agreement = new_agreement(talk, s, states, creating, sent_dates)
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


NAMED_AFTER = re.compile(
    r"\s+(?:Call|Convention|Process|Principles|Declaration|Charter|Protocol|Club|Group|Accords?|Agreement|Treaty|"
    r"Pact|Arrangement|Summit|Conference|Initiative)\b"
)


def named_after(talk: Discourse, s: Sentence, state: Mention) -> bool:
    """'the Paris Call', 'the Budapest Convention', 'the Wassenaar Arrangement': a capital naming an initiative
    is no party to it."""
    return s.doc_text[state.start : state.end].lower() in talk.extractor.capitals and bool(
        NAMED_AFTER.match(s.doc_text, state.end)
    )


def leader_party(talk: Discourse, s: Sentence, found: tuple[Token, list[Mention]]) -> list[Mention]:
    """'Trump withdrew from the 2015 nuclear deal with Tehran', 'Modi signed a pact with Japan': one party named,
    the other the state the clause subject's title gives ('US President Donald Trump' earlier in the article)."""
    cue, parties = found
    if len(parties) != 1 or cue.pos_ != "NOUN":
        return parties
    people = [m for t in clause_subject(cue) for m in s.top if m.kind == "Person" and m.start <= t.idx < m.end]
    states = {t.state for t in talk.out.titles for p in people if t.person == p.entity and t.state}
    if len(states) != 1 or states == {parties[0].entity}:
        return parties
    state = states.pop()
    known = next((m for m in talk.out.mentions if m.entity == state and m.kind == "State"), None)
    return [*parties, known] if known is not None else parties


def find_representation(talk: Discourse, s: Sentence) -> None:
    """'China was represented by …', 'The Kenyan delegation was led by …': who speaks for which state."""
    for by in LED_BY.finditer(s.doc_text, s.start, s.end):
        states = [m for m in s.mentions if m.kind == "State" and m.end <= by.start()]
        person = s.after(by.end(), ("Person",))
        state = max(states, key=lambda m: m.end) if states else None
        if state is None or person is None:
            continue
        between = s.doc_text[state.end : by.start()]
        # "the Kenyan delegation was led by P" when Kenya is party to the article's agreement: P speaks for Kenya on it
        own = re.fullmatch(r"(?:'s|’s)?\s+(?:delegation|side|team)\s+", between) is not None and any(
            state.entity in parties for _, parties in talk.agreements
        )
        # "China was represented by P" names whom P speaks for; "the Kenyan delegation was led by P" at talks does not
        if not between.strip() or "represent" in by.group(0).lower() or own:
            talk.relate(person.entity, "represents", state.entity, s, 0.6, rule="representation")
        else:  # whose post the leader holds (graph.extract_policy.find_posts)
            talk.led_for.setdefault(person.entity, state.entity)
        if talk.event and re.search(r"\b(led|headed)\b", by.group(0)):  # a delegation is led at talks
            talk.relate(talk.event[0], "participant", person.entity, s, 0.5, rule="representation")


def new_agreement(
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


def find_cue_event(talk: Discourse, s: Sentence, agreement: str | None = None) -> str | None:
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
        leaders = [m.entity for m in s.top if m.kind == "Person" and m.end <= held.start()]
        if leaders:  # "Russian President A and his US counterpart B held talks": the leaders take part too
            talk.relate(event, "participant", leaders, s, 0.6, rule="event.held")
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


AGREEING = {"agree", "sign", "commit", "pledge", "negotiate", "seal", "conclude", "reach", "strike", "finalize", "finalise"}


def _person_state(talk: Discourse, s: Sentence, person: Mention, token: Token) -> str | None:
    """The state a person's title names: 'Russian President Vladimir Putin', 'Canada's foreign minister X',
    'with his Latvian counterpart X and Latvia's deputy minister Y' (the title words just before the name)."""
    titled = next((t.state for t in talk.out.titles if t.person == person.entity and t.state), None)
    if titled:
        return titled
    first = _title_start(s, person)
    before = [m for m in s.mentions if m.kind == "State" and min(token.left_edge.idx, first) <= m.start < person.start]
    return before[-1].entity if before else None


def _title_start(s: Sentence, person: Mention) -> int:
    """Where the title before a name begins: back over its words ('his Latvian counterpart', "Latvia's deputy
    defence minister") to a conjunction, preposition, verb, punctuation or another person."""
    tokens = [t for t in s.tokens() if t.idx < person.start]
    start = person.start
    for i in range(len(tokens) - 1, -1, -1):
        t = tokens[i]
        other = any(m.kind == "Person" and m.entity != person.entity and m.start <= t.idx < m.end for m in s.mentions)
        inner = t.lower_ in ("of", "in", "for") and i > 0 and tokens[i - 1].pos_ in ("NOUN", "PROPN")  # "minister in charge of"
        if other or (t.pos_ not in ("ADJ", "NOUN", "PROPN", "PART", "DET", "PRON") and not inner) or t.tag_ == "WDT":
            break
        start = t.idx
    return start


LEADER_NOUNS = {"leader", "president", "premier", "minister", "head"}


def _last_token(s: Sentence, mention: Mention, default: Token) -> Token:
    """The name's last token, the head its title hangs on ('US President Barack Obama')."""
    return next((x for x in reversed(s.tokens()) if mention.start <= x.idx < mention.end), default)


def agreement_leaders(talk: Discourse, s: Sentence, agreement: str | None) -> None:
    """'US President A and Russian President B have agreed to begin talks': people who make an agreement for the
    states their titles name represent them on it (rule agreement.leaders) — only for states that are its parties."""
    parties = dict(talk.agreements).get(agreement) if agreement else None
    if s.span is None or not parties or agreement is None:
        return
    done: set[str] = set()
    sides: dict[str, str | None] = {}  # signer -> the party their title names, if any
    for token in cast("Span", s.span):
        if token.pos_ != "VERB" or token.lemma_ not in AGREEING or any(c.dep_ == "neg" for c in token.children):
            continue
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        subjects += [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]  # "signed by A"
        signed = token.lemma_ in SIGNING and _signs_agreement(token)  # "A signed the deal with B": both sign it
        partners = (
            [g for c in token.children if c.dep_ == "prep" and c.lower_ == "with" for g in _named_under(c)] if signed else []
        )
        heads = subjects + [
            c for sub in subjects for c in sub.subtree if c.dep_ == "conj" and c.head.i in {x.i for x in sub.subtree}
        ]
        for t in dict.fromkeys(heads + [c for p in subjects + partners for c in expand(p)]):
            people = [(m, t) for m in s.mentions if m.kind == "Person" and m.start <= t.idx < m.end]
            if not people and t.tag_ == "NNS" and t.lemma_ in LEADER_NOUNS:  # "… as the two leaders agreed": those named
                people = [(m, _last_token(s, m, t)) for m in s.top if m.kind == "Person"]
            for person, at in people:
                if person.entity in done:
                    continue
                done.add(person.entity)
                state = _behalf(s, token, parties) if at in subjects else None
                state = state or _person_state(talk, s, person, at)
                if state is not None and state in parties:
                    talk.relate(agreement, "hasRepresentative", person.entity, s, 0.5, rule="agreement.leaders")
                    talk.relate(person.entity, "represents", state, s, 0.5, rule="agreement.leaders")
                    sides[person.entity] = state
                elif signed and state is None:  # "Prime Minister X and adviser Y signed the agreement": they sign it
                    talk.relate(agreement, "hasRepresentative", person.entity, s, 0.45, rule="agreement.leaders")
                    sides[person.entity] = None
    _other_side(talk, s, parties, sides)


def _behalf(s: Sentence, verb: Token, parties: frozenset) -> str | None:
    """'X signed the agreement on behalf of Chile': the party the subject signs for."""
    behalf = [
        g
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "on"
        for b in c.children
        if b.lower_ == "behalf"
        for o in b.children
        if o.dep_ == "prep" and o.lower_ == "of"
        for g in o.children
        if g.dep_ == "pobj"
    ]
    states = [m.entity for g in behalf for m in s.top if m.start <= g.idx < m.end and m.entity in parties]
    return states[0] if states else None


def _other_side(talk: Discourse, s: Sentence, parties: frozenset, sides: dict[str, str | None]) -> None:
    """'signed by Foreign Minister X and her Peruvian counterpart Y' for a Chile–Peru pact: X signs for Chile."""
    unknown = [p for p, state in sides.items() if state is None]
    known = {state for state in sides.values() if state is not None}
    rest = parties - known
    if len(parties) == 2 and len(unknown) == 1 and len(known) == 1 and len(rest) == 1:
        talk.relate(unknown[0], "represents", next(iter(rest)), s, 0.4, rule="agreement.leaders")


def _named_under(prep: Token) -> list[Token]:
    """The words of a preposition's phrase not inside a clause of their own: 'with his counterpart X and Y's
    minister in charge of Z, W' reaches X and W, not a name in 'a firm that W founded'."""
    out = []
    for t in prep.subtree:
        path = t
        while path.i != prep.i and path.dep_ not in ("relcl", "acl", "advcl", "ccomp") and path.pos_ != "VERB":
            path = path.head
        if path.i == prep.i and t.i != prep.i:
            out.append(t)
    return out


SIGNING = {"sign", "seal", "conclude", "ink", "negotiate", "finalize", "finalise"}


def _signs_agreement(verb: Token) -> bool:
    """The signing verb's object (or passive subject) is an agreement noun: 'signed the deal', 'the pact was signed'."""
    return any(
        c.dep_ in ("dobj", "nsubjpass") and c.lower_ in AGREEMENT_WORDS | {"memorandum", "mou", "declaration", "partnership"}
        for c in verb.children
    )


def in_aside(s: Sentence, mention: Mention) -> bool:
    """A state named inside a relative clause with no agreement word ('at a summit that laid bare their discord on
    … Ukraine') is no party of the sentence's agreement."""
    span = cast("Span | None", s.span)
    token = next((t for t in span if t.idx <= mention.start < t.idx + len(t)), None) if span is not None else None
    while token is not None and token.head.i != token.i:
        if token.dep_ == "relcl":
            return not any(w.lower_ in AGREEMENT_WORDS or w.lemma_ in AGREEING for w in token.subtree)
        token = token.head
    return False
