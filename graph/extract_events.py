"""Events and agreements in constructions the core parse rules (graph.extract_parse) leave out.

- What an event is into or against: a probe's or raid's object ("Congress to probe Juniper", "an inquiry
  into the leak") takes no part in it; a measure's object ("a crackdown on the ring", "raids against the
  gang") is its target (rule event.target).
- "a call for encryption" is a demand, not a phone call.
- A speaker at an event: "X said in a speech at the start of the session", "on the sidelines of the
  summit" — the verb above a chain of scene nouns.
- Talks behind an agreement: "the pact, agreed after two years of talks" — the talks are between the
  agreement's parties (rule event.agreement).
- Agreement parties the parse spreads over the sentence or the article (rule agreement.joint): "A and B
  agreed/pledged/announced … to strengthen cooperation" (a joint understanding); "X … pact with Y" (the
  subject of the clause that holds the pact); "the Commission, which negotiated the framework" (the
  antecedent of a relative pronoun); "a bilateral deal" with no party in its sentence: the two states
  the sentence or, failing that, the headline names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from cyberkg.graph.extract_discourse import Sentence
from cyberkg.graph.extract_lexicon import SAY_CUES

if TYPE_CHECKING:  # annotations only
    from spacy.tokens import Span, Token

    from cyberkg.graph.extract_discourse import Discourse
    from cyberkg.graph.extract_types import Mention

    MentionsOf = Callable[[Sentence, list[Token], tuple[str, ...]], list[Mention]]

INQUIRIES = {
    "probe",
    "investigate",
    "investigation",
    "investigations",
    "inquiry",
    "inquiries",
    "raid",
    "raids",
    "crackdown",
    "audit",
    "review",
}
MEASURES = {"crackdown", "raid", "raids", "sanctions", "ban", "blockade"}
AIMED_AT = {"into", "of", "on", "against", "targeting"}
SCENE_NOUNS = {
    "start",
    "end",
    "opening",
    "close",
    "closing",
    "beginning",
    "outset",
    "conclusion",
    "sidelines",
    "margins",
    "margin",
    "speech",
    "address",
    "remarks",
    "part",
    "session",
}
SCENE_PREPS = {"at", "during", "in", "on", "of", "before", "to", "after"}
COOPERATION = {"cooperation", "cooperate", "co-operation", "co-operate", "collaboration", "collaborate", "partnership"}
JOINT_VERBS = {"agree", "pledge", "vow", "commit", "announce", "promise", "sign"}
PROMISING = {"pledge", "vow", "commit", "promise", "agree"}
MUTUAL = {"neither", "mutual", "mutually", "jointly", "refrain"}
RELATIVE = {"which", "who", "that"}
AGREEMENT_WORDS = {"agreement", "pact", "deal", "accord", "treaty", "arrangement", "understanding", "framework"}


def demand(token: Token) -> bool:
    """'a call for encryption', 'calls for restraint': a demand, not a phone call."""
    return token.lower_ in ("call", "calls") and any(c.dep_ == "prep" and c.lower_ == "for" for c in token.children)


def target_heads(token: Token) -> tuple[list[Token], list[Token]]:
    """(the tokens an inquiry or measure is into — no participants —, those a measure targets)."""
    word = token.lemma_.lower() if token.pos_ == "VERB" else token.lower_
    if word not in INQUIRIES and word not in MEASURES:
        return [], []
    into = [c for c in token.children if c.dep_ == "dobj" and token.pos_ == "VERB"]
    into += [g for c in token.children if c.dep_ == "prep" and c.lower_ in AIMED_AT for g in c.children if g.dep_ == "pobj"]
    return into, (into if word in MEASURES else [])


ROLE_NOUNS = {"player", "participant", "member", "negotiator", "party", "figure", "participants", "members"}


def role_holder(token: Token) -> list[Token]:
    """'Hurd, a key player in the investigation': the name a role in the event is in apposition to."""
    if token.dep_ != "pobj" or token.head.lower_ not in ("in", "of", "at"):
        return []
    role = token.head.head
    return [role.head] if role.lower_ in ROLE_NOUNS and role.dep_ == "appos" else []


INTENTIONS = {"plans", "plan", "aims", "wants", "hopes", "intends", "expects"}


def intention_holder(word: Token) -> list[Token]:
    """'The advisory council plans to meet …' with 'plans' tagged as a noun: its compound is who plans."""
    if word.pos_ != "NOUN" or word.lower_ not in INTENTIONS:
        return []
    return [c for c in word.children if c.dep_ in ("compound", "nsubj")]


OBJECT_CONTROL = {"invite", "ask", "urge", "task", "instruct", "request", "mandate", "order", "direct", "encourage", "call"}


def controllers(verb: Token) -> list[Token]:
    """Who does a subjectless complement verb an event noun is the object of: 'invites X to conduct consultations
    with Y' -> X (the object of an asking verb); 'X plans to hold talks' -> X (the subject)."""
    if verb.pos_ != "VERB" or verb.dep_ != "xcomp" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return []
    head = verb.head
    objects = [c for c in head.children if c.dep_ == "dobj"] if head.lemma_ in OBJECT_CONTROL else []
    return objects or [c for c in head.children if c.dep_ == "nsubj"]


def scene_verb(token: Token) -> Token | None:
    """The verb an event noun is the scene of through a chain of prepositions and scene nouns: 'said in a
    speech at the start of the session' -> said. None for a direct 'at the meeting' (the core rule's)."""
    t, steps = token, 0
    while t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.lower_ in SCENE_PREPS and steps < 4:
        above = t.head.head
        if above.pos_ in ("VERB", "AUX"):
            return above if steps else None
        if above.lower_ not in SCENE_NOUNS:
            return None
        t, steps = above, steps + 1
    return None


def relative_antecedents(heads: list[Token]) -> list[Token]:
    """'the Commission - which negotiated the framework': the noun a relative pronoun subject stands for."""
    return [h.head.head for h in heads if h.lower_ in RELATIVE and h.head.dep_ == "relcl"]


def clause_subject(token: Token) -> list[Token]:
    """The subject of the clause an agreement noun sits in through prepositions and nouns: 'X sets out
    limits as part of a new pact with Y' -> X (Y is the partner, X the other party)."""
    t = token
    for _ in range(5):
        if t.head.i == t.i:
            return []
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return [c for c in t.children if c.dep_ == "nsubj"]
        if t.dep_ not in ("prep", "pobj", "dobj", "attr"):
            return []
    return []


MAKING = {"agree", "sign", "reach", "strike", "negotiate", "seal", "conclude", "finalize", "finalise", "revise", "amend"}


def making_subject(token: Token) -> list[Token]:
    """'The EU and the United States have agreed changes to a data transfer pact': the subject of the making
    verb an agreement noun hangs under through objects and prepositions (not a negated one)."""
    t = token
    for _ in range(4):
        if t.dep_ not in ("dobj", "pobj", "prep", "acl", "xcomp") or t.head.i == t.i:
            return []
        t = t.head
        if t.pos_ == "VERB" and t.lemma_ in MAKING:
            if any(c.dep_ == "neg" for c in t.children):
                return []
            return [c for c in t.children if c.dep_ == "nsubj"]
    return []


def joint_parties(s: Sentence, mentions_of: MentionsOf, kinds: tuple[str, ...]) -> tuple[Token, list[Mention]] | None:
    """'The United States and South Korea announced efforts to strengthen cooperation on cyber security':
    two or more states as the coordinated subject of a pledging verb whose complement names cooperation."""
    for token in cast("Span", s.span):
        if token.pos_ != "VERB" or token.lemma_ not in JOINT_VERBS or any(c.dep_ == "neg" for c in token.children):
            continue
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        if not subjects or not any(c.dep_ == "conj" for c in subjects[0].children):
            continue
        complement = [t for c in token.children if c.dep_ in ("dobj", "xcomp", "ccomp") for t in c.subtree]
        mutual = token.lemma_ in PROMISING and any(
            t.lower_ in MUTUAL or (t.lower_ == "other" and t.i and t.nbor(-1).lower_ == "each") for t in complement
        )
        if not mutual and not any(t.lemma_.lower() in COOPERATION or t.lower_ in COOPERATION for t in complement):
            continue  # "pledged to refrain from attacking each other's …" binds both as much as cooperation does
        parties = mentions_of(s, subjects, kinds)
        if len(parties) >= 2:
            return token, parties
    return None


def bilateral_parties(talk: Discourse, s: Sentence) -> list[str] | None:
    """'under a tentative bilateral deal' with no party named by the parse: the two states the sentence
    names, else the two the headline (the article's first line) names."""
    if s.span is None or not any(
        t.lower_ in ("bilateral", "two-way") and t.head.lower_ in AGREEMENT_WORDS for t in cast("Span", s.span)
    ):
        return None
    here = list(dict.fromkeys(m.entity for m in s.mentions if m.kind == "State"))
    if len(here) == 2:
        return here
    text = talk.out.article.text
    line = text.find("\n")
    headline = list(dict.fromkeys(m.entity for m in talk.out.mentions if m.kind == "State" and m.end <= line))
    return headline if len(headline) == 2 else None


def joint_agreement(talk: Discourse, s: Sentence, mentions_of: MentionsOf) -> list[str] | None:
    """The parties of an agreement the core rules miss: a joint pledge of cooperation, a bilateral deal."""
    if s.span is None:
        return None
    joint = joint_parties(s, mentions_of, ("State",))
    if joint:
        return list(dict.fromkeys(m.entity for m in joint[1]))
    return between_parties(s, mentions_of) or bilateral_parties(talk, s)


def between_parties(s: Sentence, mentions_of: MentionsOf) -> list[str] | None:
    """'signing a memorandum of cooperation in the field of cyber security between A and B': a 'between' phrase
    the parse hangs lower in the phrase, up to the agreement noun or the verb whose object it is."""
    for token in cast("Span", s.span):
        if token.dep_ != "prep" or token.lower_ != "between":
            continue
        t = token
        for _ in range(6):
            if t.head.i == t.i or t.dep_ not in ("prep", "pobj", "pcomp", "dobj"):
                break
            t = t.head
            nouns = [t, *(c for c in t.children if c.dep_ == "dobj")] if t.pos_ == "VERB" else [t]
            if any(n.lower_ in AGREEMENT_WORDS | {"memorandum", "memorandums", "memoranda"} for n in nouns):
                if any(n.dep_ == "neg" for n in t.children) or any(n.dep_ == "neg" for n in t.head.children):
                    return None
                states = [m.entity for m in mentions_of(s, [g for g in token.children if g.dep_ == "pobj"], ("State",))]
                parties = list(dict.fromkeys(states))
                return parties if len(parties) >= 2 else None
    return None


NEGOTIATING = {"talks", "negotiations", "discussions", "consultations"}
PROVIDING = {"envisage", "envision", "foresee", "stipulate", "provide", "establish"}  # what an agreement sets up


def agreement_talks(talk: Discourse, s: Sentence, agreement: str | None) -> str | None:
    """'The EU-U.S. Privacy Shield, agreed after two years of talks'; 'the talks were focused on …' after a
    deal under negotiation: talks that name no participant of their own are between the agreement's parties."""
    if s.span is None:
        return None
    known = dict(talk.agreements)
    parties = known.get(agreement) if agreement else None
    for token in cast("Span", s.span):
        if (
            token.lower_ not in NEGOTIATING
            or token.pos_ != "NOUN"
            or any(
                c.dep_ == "prep" and c.lower_ in ("between", "with", "among") or c.dep_ in ("poss", "neg") for c in token.children
            )
            or any(a.lemma_ in PROVIDING for a in token.ancestors)  # "it envisages … regular consultations": a provision
        ):
            continue
        definite = any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in token.children)
        meant = parties if parties else known[talk.agreements[-1][0]] if talk.agreements and definite else None
        if not meant or len(meant) < 2:
            continue
        members = sorted(meant)
        if talk.event and talk.event[1] in NEGOTIATING:
            event = talk.event[0]
        else:
            names = " and ".join(talk.name(p) for p in members[:3])
            event = talk.new(
                "Event",
                "Negotiation" if token.lower_ == "negotiations" else "Talks",
                f"{token.lower_.capitalize()} between {names}",
                s,
                0.5,
                at=token.idx,
            )
            talk.event = (event, token.lower_)
        talk.relate(event, "participant", members, s, 0.5, rule="event.agreement")
        return event
    return None


EVENT_WORDS = {
    "talks",
    "meeting",
    "meetings",
    "discussion",
    "discussions",
    "negotiations",
    "dialogue",
    "summit",
    "conference",
    "session",
    "hearing",
    "hearings",
    "probe",
    "investigation",
    "inquiry",
    "visit",
    "raid",
    "crackdown",
    "consultations",
    "call",
    "meet",
    "met",
    # measures (graph.extract_measures) and inquiries named by their verbs
    "sanctions",
    "sanction",
    "sanctioned",
    "penalties",
    "operation",
    "expel",
    "expelled",
    "expulsion",
    "ties",
    "ban",
    "blocked",
    "investigate",
    "investigating",
    "investigated",
}


def statements_about_events(talk: Discourse) -> None:
    """A statement whose sentence names an event word ('not going to comment on confidential discussions',
    'its decision to hold a crisis meeting') is about the latest event named so far, when it has no event
    subject yet (rule statement.event)."""
    events = sorted((m.start, m.entity) for m in talk.out.mentions if m.kind == "Event")
    if not events:
        return
    about = {
        r.subject for r in talk.out.relations if r.predicate == "subject" and r.objects and r.objects[0] in {e for _, e in events}
    }
    texts = {r.subject: r.value for r in talk.out.relations if r.predicate == "quotedText" and r.value}
    quotes: dict[str, list[str]] = {}
    for r in (r for r in talk.out.relations if r.predicate == "hasQuotation"):
        quotes.setdefault(r.subject, []).extend(texts[q] for q in r.objects if q in texts)
    for m in [m for m in talk.out.mentions if m.kind == "Statement" and m.entity not in about]:
        earlier = [e for start, e in events if start <= m.end]
        reported = _reported_span(m.sentence)
        told = [
            e
            for _, e in events
            if reported
            and reported[0] <= _cue_offset(e) - m.start < reported[1]
            and not SCENE.search(m.sentence[reported[0] : _cue_offset(e) - m.start])  # "said at a news conference"
        ]
        quoted = any(_names_event(q, QUOTED_EVENT_WORDS) for q in quotes.get(m.entity, []))  # "'With these sanctions, …,' X said"
        if told or (earlier and (_reports_event(m.sentence) or quoted)):
            where = Sentence(m.start, m.end, m.sentence, [], [], talk.out.article.text)
            talk.relate(m.entity, "subject", told[-1] if told else earlier[-1], where, 0.45, rule="statement.event")
            about.add(m.entity)


def _cue_offset(event: str) -> int:
    """Where in the article an event's cue is: the offset its id ends with (Discourse.new)."""
    tail = event.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else -1


def _reported_span(sentence: str) -> tuple[int, int] | None:
    """Where in a sentence what it reports is ('The ministry said it had summoned the ambassador': after 'said');
    None without a say-verb."""
    cue = SAY_CUES.search(sentence)
    if cue is None:
        return None
    venue = TOLD_VENUE.match(sentence, cue.end()) if cue.group(0).lower() == "told" else None  # "told a news conference"
    return (0, cue.start()) if len(sentence) - cue.end() <= 40 else (venue.end() if venue else cue.end(), len(sentence))


# "X told a news conference / the conference …": where X spoke, not what the statement is about
TOLD_VENUE = re.compile(
    r"\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:conference|briefing|meeting|session|forum|summit|hearing|gathering)\b"
)


SCENE = re.compile(r"\b(?:at|during|amid|on the sidelines of)\b[^,.;:]{0,60}$", re.I)


def _reported_part(sentence: str) -> str | None:
    """What a sentence reports: after its say-verb, or before it when the verb closes the sentence
    ('…, Sachkov said'); None without a say-verb."""
    span = _reported_span(sentence)
    return sentence[span[0] : span[1]] if span else None


# in a quotation, only words that name an event whatever the sentence ("we call on", "our ties" do not)
QUOTED_EVENT_WORDS = EVENT_WORDS - {"call", "ties", "operation", "ban", "blocked", "meet", "met", "visit", "session"}


def _names_event(text: str, words: set[str] = EVENT_WORDS) -> bool:
    """Whether a text names an event word, not as a scene ('at a news conference')."""
    return any(w.group(0).lower() in words and not SCENE.search(text[: w.start()]) for w in re.finditer(r"[A-Za-z]+", text))


def _reports_event(sentence: str) -> bool:
    """Whether what a sentence reports names an event word — not as the scene it was said at ('said at a
    news conference')."""
    reported = _reported_part(sentence)
    return _names_event(sentence if reported is None else reported)  # no say-verb ("with X calling them …"): all of it


NEWLY = {"new", "revised", "proposed", "draft", "planned", "tentative"}
EARLIER = {"previous", "former", "old", "earlier", "defunct", "existing"}


def learn_agreement_names(talk: Discourse, s: Sentence, agreement: str | None) -> None:
    """'the new Privacy Shield framework': the name of the agreement under discussion (the sentence's, else
    the latest), so that 'the Privacy Shield' later refers to it; never 'the previous X framework'."""
    if s.span is None or not (agreement or talk.agreements):
        return
    for token in cast("Span", s.span):
        if token.lower_ in AGREEMENT_WORDS | {"memorandum"}:  # "a Memorandum of Cooperation (MoC)": its acronym
            named = [token, *(g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children)]
            for short in (c for n in named for c in n.children if c.dep_ == "appos" and _acronym(c.text)):
                talk.agreement_names[short.text] = agreement or talk.agreements[-1][0]
        if token.lower_ not in AGREEMENT_WORDS or token.pos_ != "NOUN":
            continue
        modifiers = {c.lower_ for c in token.children if c.dep_ in ("amod", "compound", "nmod")}
        run = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < token.i]
        if not run or not modifiers & NEWLY or modifiers & EARLIER:
            continue
        first = min(t.left_edge.i for t in run)
        words = token.doc[first : token.i]
        if any(m.start <= t.idx < m.end for t in words for m in s.mentions):
            continue  # "a U.S.-UK deal" names its parties, not itself
        talk.agreement_names[words.text] = agreement or talk.agreements[-1][0]


def _acronym(word: str) -> bool:
    """'MoC', 'MOU', 'JCPOA': two to six letters, two capitals at least."""
    return 2 <= len(word) <= 6 and word.isalpha() and sum(ch.isupper() for ch in word) >= 2


def named_agreement(talk: Discourse, s: Sentence) -> str | None:
    """The agreement a sentence names by the name learned for it ('the Privacy Shield will …')."""
    return next((a for name, a in talk.agreement_names.items() if re.search(rf"\b{re.escape(name)}\b", s.text)), None)


def statements_about_agreements(talk: Discourse) -> None:
    """A statement whose report names an agreement word or a learned agreement name ('… not just those
    occurring under the Privacy Shield, the letter said') is about the latest agreement (statement.agreement)."""
    agreements = sorted((m.start, m.entity) for m in talk.out.mentions if m.kind == "Agreement")
    if not agreements:
        return
    ids = {e for _, e in agreements}
    about = {r.subject for r in talk.out.relations if r.predicate == "subject" and r.objects and r.objects[0] in ids}
    words = AGREEMENT_WORDS | {"deal", "pact", "accord", "treaty"}
    for m in [m for m in talk.out.mentions if m.kind == "Statement" and m.entity not in about]:
        reported = _reported_part(m.sentence)
        named = [a for name, a in talk.agreement_names.items() if reported and name in reported]
        earlier = [e for start, e in agreements if start <= m.end]
        if reported and earlier and (named or {w.lower() for w in re.findall(r"[A-Za-z]+", reported)} & words):
            where = Sentence(m.start, m.end, m.sentence, [], [], talk.out.article.text)
            talk.relate(m.entity, "subject", named[0] if named else earlier[-1], where, 0.45, rule="statement.agreement")
            about.add(m.entity)
