"""Roles read from the model's dependency parse rather than from character offsets.

- Events (rule event.parse): a meeting, talks, discussions, negotiations, a call, a probe, an inquiry, a
  hearing, a raid or a conference — as a noun or a verb (met, discussed, probed, raided). Participants are
  the verb's subject and object, the noun's "between A and B", "with X", "by X" (passive "was attended by"),
  its possessor or a demonym before it ("a U.S. congressional probe"), and the subject of the verb that
  holds the noun ("X and Y were in discussions with Z", "X pursued the probe"); conjuncts too. Negated or
  merely possible events ("did not meet") make none.
- Speakers (statement.say): the subject of a reporting verb ("X said", "said X", "X told reporters"),
  following conjuncts and appositions to the name; a pronoun is the person last named.
- Agreements (agreement_parties) and the state an organisation is named with (org.based).
Incidents and claims are read in graph.extract_parse_incidents, the shared helpers (negation, conjuncts, the
mention a token stands in) live in graph.extract_syntax; both are re-exported here for their importers.
"""

from __future__ import annotations

import re
from collections.abc import Container
from typing import TYPE_CHECKING, cast

from cyberkg.graph.extract_events import (
    clause_subject,
    controllers,
    demand,
    intention_holder,
    making_subject,
    relative_antecedents,
    role_holder,
    scene_verb,
    target_heads,
)
from cyberkg.graph.extract_lexicon import ENLISTING, GATHERINGS, HOSTING, MEMBERS
from cyberkg.graph.extract_parse_incidents import (  # noqa: F401 - re-exported: the family modules import these from here
    ATTACK_NOUNS,
    ATTACK_VERBS,
    INSTITUTION_HEADS,
    PLEDGES,
    SUSPECT_LEMMAS,
    SUSPECTED,
    attack_roles,
    blamed_on,
    claim_roles,
    describes_another,
    find_parse_incident,
)
from cyberkg.graph.extract_syntax import (  # noqa: F401 - re-exported: the family modules import these from here
    BLAMEABLE,
    LIST_EXCLUSIONS,
    MODAL,
    NEGATIONS,
    SAY_LEMMAS,
    SUBJECTS,
    description,
    excluded_between,
    expand,
    head_words,
    mention_at,
    mentions_of,
    negated,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence
    from cyberkg.graph.extract_types import Mention

EVENT_NOUNS = {
    "talks",
    "talk",
    "meeting",
    "meetings",
    "discussion",
    "discussions",
    "negotiation",
    "negotiations",
    "dialogue",
    "call",
    "summit",
    "conference",
    "probe",
    "investigation",
    "inquiry",
    "hearing",
    "hearings",
    "raid",
    "raids",
    "crackdown",
    "session",
    "sessions",
    "consultations",
    "visit",
    "conversation",
    "conversations",
}
# "host" only with a guest: "X hosted Y at the White House" (not "hosted a conference", read by its noun)
ROUNDS = {"round", "rounds", "edition", "session"}
GATHERING_VERBS = {"involve", "bring", "gather", "include"}  # "the summit brought together leaders from A and B"
# "host", "receive", "welcome" only with a guest named: "X hosted / received Y in Z" (not "hosted a conference")
GUESTS = {"host", "receive", "welcome"}
EVENT_VERBS = {"meet", "discuss", "negotiate", "probe", "investigate", "raid", "visit", "convene", "attend", "chair"} | GUESTS
EVENT_CUES = EVENT_NOUNS | EVENT_VERBS
UNNAMED = {
    "official",
    "diplomat",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "source",
    "officer",
    "adviser",
    "advisor",
    "negotiator",
    "aide",
    "lawmaker",
    "investigator",
    "prosecutor",
    "executive",
    "minister",
    "ambassador",
}


_mention = mention_at  # graph.extract_speech imports it by this name


def _member_of(s: Sentence, token: Token, kinds: Container[str]) -> list[Mention]:
    """'investigators from Interpol', 'a delegation of X', 'ministers from A, B and C': the bodies or places they
    are of take part."""
    if token.lower_ not in MEMBERS:
        return []
    return [
        m
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in ("from", "of", "at", "in")
        for g in c.children
        if g.dep_ == "pobj"
        for x in expand(g)
        if (m := mention_at(s, x, kinds)) is not None
    ]


def event_participants(s: Sentence, span: Span, kinds: Container[str]) -> list[tuple[Token, list[Mention]]]:
    """(cue token, participant mentions) for each event cue of the sentence with at least one participant."""
    return [(token, people) for token, people, _ in event_roles(s, span, kinds) if people]


def event_roles(s: Sentence, span: Span, kinds: Container[str]) -> list[tuple[Token, list[Mention], list[Mention]]]:  # noqa: C901 - one branch per construction
    """(cue token, participants, targets) for each event cue of the sentence; what a probe or raid is
    into ('probe Juniper', 'an inquiry into X') is its target (graph.extract_events), not a participant."""
    found = []
    for token in span:
        noun = token.pos_ in ("NOUN", "PROPN") and token.lower_ in EVENT_NOUNS
        verb = token.pos_ == "VERB" and token.lemma_ in EVENT_VERBS
        if not (noun or verb) or negated(token) or (token.head.pos_ == "VERB" and negated(token.head)) or demand(token):
            continue
        if verb and token.lemma_ in GUESTS and not guest(s, token):
            continue  # "hosted a dinner", "welcomed the decision": no guest
        heads, (probed, targets) = [], target_heads(token)
        if verb:  # "X, who chaired the meeting": the chair takes part, not what they chaired
            roles = SUBJECTS if token.lemma_ == "chair" else (*SUBJECTS, "dobj")
            heads += [c for c in token.children if c.dep_ in roles and c not in probed]
            heads += [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            purpose = token.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
            if (token.dep_ == "xcomp" or purpose) and not any(c.dep_ in SUBJECTS for c in token.children):
                heads += [c for c in token.head.children if c.dep_ in SUBJECTS]  # "X plans to / will travel to L to meet Y"
                heads += intention_holder(token.head)  # the same with "plans" tagged as a noun
                if token.head.lemma_ in ENLISTING:  # "X hired Y to investigate": Y investigates too
                    heads += [c for c in token.head.children if c.dep_ == "dobj"]
        if noun:
            heads += [c for c in token.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
            holder = token.head
            if token.dep_ in ("dobj", "pobj", "attr") and holder.pos_ in ("VERB", "AUX", "ADP"):
                verb_head = holder.head if holder.pos_ == "ADP" or holder.lemma_ in ("follow", "precede") else holder
                if verb_head.lower_ in ROUNDS and verb_head.dep_ == "dobj":  # "hosted / held the next round of talks"
                    verb_head = verb_head.head
                subjects = [c for c in verb_head.children if c.dep_ in SUBJECTS]
                heads += subjects or (controllers(verb_head) if token.dep_ == "dobj" else [])  # "invites X to hold talks"
            scene = scene_verb(token)  # "X said in a speech at the start of the session"
            if scene is not None:
                heads += [c for c in scene.children if c.dep_ in SUBJECTS]
            heads += role_holder(token)  # "Hurd, a key player in the investigation"
            if token.dep_ == "nsubjpass":
                heads += [g for c in token.head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ in ("between", "with", "among", "by")]
        if noun and token.lower_ == "call":  # "received a phone call from Y"
            preps += [c for c in token.children if c.dep_ == "prep" and c.lower_ == "from"]
        if noun and token.dep_ == "nsubj" and token.head.lemma_ in GATHERING_VERBS:  # "the talks involved officials from A"
            heads += [c for c in token.head.children if c.dep_ == "dobj"]
        if noun and token.lower_ in GATHERINGS:  # "the summit of Peru, Chile and Ecuador"
            preps += [c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"]
        if noun and token.dep_ == "pobj" and token.head.lower_ in ("for", "at") and token.head.head.lemma_ in HOSTING:
            heads += [c for c in token.head.head.children if c.dep_ in ("nsubj", "dobj")]  # "X hosted Y for talks"
        if noun and token.dep_ == "pobj" and token.head.lower_ == "in":  # "were in discussions with X"
            preps += [c for c in token.head.head.children if c.dep_ == "prep" and c.lower_ == "with"]
        heads += [g for p in preps for g in p.children if g.dep_ == "pobj"]
        heads += [g for h in heads for g in led_by(h)]  # "a delegation led by X visited …": X takes part
        people = [m for m in s.top if m.kind == "State" and token.left_edge.idx <= m.start < token.idx] if noun else []
        people = people if noun and token.lower_ in GATHERINGS else []  # "the fifth U.S.-Japan cyber dialogue"
        for head in [reported_subject(h) for h in heads]:
            for t in expand(head):
                if t.pos_ == "NOUN" and any(c.dep_ == "appos" and mention_at(s, c, ("Person",)) for c in t.children):
                    continue  # "his German counterpart X": X takes part, not the state that describes him
                at = mention_at(s, t, kinds)
                people += [m for m in ([at] if at is not None else _member_of(s, t, kinds)) if m not in people]
        aimed: list = []  # the head's own name, not one inside its phrase ("raid Moscow offices")
        for t in (t for head in targets for t in expand(head)):
            aimed += [m for m in s.top if m.start <= t.idx < m.end and m.kind in kinds and m not in people + aimed]
        filed = dateline_end(s)
        found.append((token, [m for m in people if m.start >= filed], aimed))
    return found


# "Brussels [Belgium], October 5 :", "New Delhi [India], June 4 (ANI):", "LONDON, May 2 —": where the story was filed
DATELINE = re.compile(
    r"[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}(?: ?\[[^\]\n]{1,40}\])?,? (?:[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)?"
    r" ?(?:\([A-Z][\w ]{1,20}\))? ?[:—–] "
)


def dateline_end(s: Sentence) -> int:
    """Where a dateline opening the sentence ends (its start when there is none)."""
    found = DATELINE.match(s.doc_text, s.start, min(s.end, s.start + 90))
    if found is None or not re.search(r"[\[\d]|^[A-Z]{2,}\b", found.group(0)):
        return s.start  # "Foreign Minister Ana Ruiz: …" is no dateline: a place in capitals, a bracket or a date is
    return found.end()


def guest(s: Sentence, verb: Token) -> bool:
    """The object of 'hosted / received / welcomed' is a person or state by name (not 'Chile's decision')."""
    named = [m for m in s.top if m.kind in ("Person", "State")]
    return any(m.start <= t.idx < m.end for c in verb.children if c.dep_ == "dobj" for t in expand(c) for m in named)


def led_by(token: Token) -> list[Token]:
    """'a delegation led / headed by X': X."""
    return [
        g
        for c in token.children
        if c.dep_ == "acl" and c.lemma_ in ("lead", "head")
        for a in c.children
        if a.dep_ == "agent"
        for g in a.children
        if g.dep_ == "pobj"
    ]


def reported_subject(token: Token) -> Token:
    """'X said / tweeted that he had a conversation with Y': 'he' is the subject of the reporting verb above;
    'X, who chaired the meeting': 'who' is X."""
    if token.lower_ == "who" and token.head.dep_ == "relcl" and token.head.lemma_ in EVENT_VERBS:  # "X, who chaired the meeting"
        antecedent = token.head.head
        while antecedent.dep_ == "conj" and antecedent.head.i != antecedent.i:  # "A and B, who met in Geneva": both
            antecedent = antecedent.head
        return antecedent
    if token.lower_ not in ("he", "she") or token.dep_ != "nsubj":
        return token
    verb = token.head
    while verb.dep_ in ("ccomp", "xcomp", "conj") and verb.head.i != verb.i:
        verb = verb.head
        if verb.lemma_ in SAY_LEMMAS | {"tweet", "write", "post"}:
            return next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "PROPN"), token)
    return token


def say_subject(s: Sentence, span: Span, cue_start: int, kinds: Container[str]) -> Mention | Token | None:
    """The subject of the reporting verb at `cue_start`, as a mention; 'he'/'she' comes back as the
    pronoun token for the caller to resolve."""
    verb = next((t for t in span if t.idx == cue_start), None)
    if verb is None or verb.lemma_ not in SAY_LEMMAS:
        return None
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if not subjects and verb.dep_ in ("conj", "advcl") and verb.head.lemma_ in SAY_LEMMAS:
        subjects = [c for c in verb.head.children if c.dep_ in SUBJECTS]
    for subject in subjects:
        if subject.lower_ in ("he", "she"):
            return subject
        if (
            subject.lower_ in UNNAMED
            and subject.tag_ == "NN"
            and not any(m.kind == "Person" and m.start <= subject.idx < m.end for m in s.mentions)
            and not any(c.dep_ == "appos" for c in subject.children)
        ):
            return subject  # "a U.S. Justice Department official said": an unnamed person, made by the caller
        names = expand(subject)
        at = [m for t in names for m in s.top if m.start <= t.idx < m.end and m.kind in kinds]
        inside = [m for t in names if (m := mention_at(s, t, kinds)) is not None]
        for found in (at, inside):  # the person who speaks rather than the body they speak for
            if found:
                return next((m for m in found if m.kind == "Person"), found[0])
    return None


TALKS = {
    "talks",
    "talk",
    "meeting",
    "meetings",
    "discussion",
    "discussions",
    "dialogue",
    "summit",
    "conference",
    "session",
    "sessions",
    "consultations",
    "meet",
    "discuss",
    "convene",
    "attend",
    "visit",
    "conversation",
}
NEGOTIATION = {"negotiation", "negotiations", "negotiate"}


def find_parse_events(talk: Discourse, s: Sentence) -> str | None:
    """Events the parse shows with their participants; a cue the discourse's event was introduced with
    ('the talks', 'the probe') adds to that event rather than making another."""
    if s.span is None:
        return None
    made = None
    cued = not s.words().isdisjoint(EVENT_CUES)  # event_roles first tests every token for one
    for cue, people, aimed in event_roles(s, cast("Span", s.span), BLAMEABLE) if cued else []:  # Sentence.span: object
        if not people and not aimed:
            continue
        noun = cue.lemma_.lower() if cue.pos_ == "VERB" else cue.lower_
        word = {
            "meet": "meeting",
            "discuss": "discussions",
            "negotiate": "negotiations",
            "probe": "probe",
            "investigate": "investigation",
            "raid": "raid",
            "visit": "visit",
            "convene": "meeting",
            "attend": "meeting",
            "host": "visit",
            "receive": "visit",
            "welcome": "visit",
            "chair": "meeting",
            "conversations": "conversation",
        }.get(noun, noun)
        if talk.event and _same_kind(talk.event[1], word):
            event = talk.event[0]
        else:
            cls = (
                "PhoneCall" if word == "call" else "Talks" if word in TALKS else "Negotiation" if word in NEGOTIATION else "Event"
            )
            names = " and ".join(talk.name(m.entity) for m in (people or aimed)[:2])
            preposition = "between" if len(people) > 1 and cls != "Event" else "by" if cls == "Event" else "with"
            event = talk.new("Event", cls, f"{word.capitalize()} {preposition if people else 'on'} {names}", s, 0.5, at=cue.idx)
            talk.event = (event, word)
        if people:
            talk.relate(event, "participant", [m.entity for m in people], s, 0.5, rule="event.parse")
        if aimed:
            talk.relate(event, "targets", [m.entity for m in aimed], s, 0.5, rule="event.target")
        made = made or event
    return made


def _same_kind(a: str, b: str) -> bool:
    groups = (
        {
            "talks",
            "meeting",
            "discussions",
            "discussion",
            "dialogue",
            "negotiations",
            "summit",
            "conference",
            "session",
            "sessions",
            "consultations",
            "conversation",
        },
        {"probe", "investigation", "inquiry", "hearing", "hearings"},
        {"raid", "raids", "crackdown"},
        {"call"},
        {"visit"},
    )
    return a == b or any(a in g and b in g for g in groups)


def find_bases(talk: Discourse, s: Sentence) -> None:
    """'Canada's National Research Council', 'the Swedish Civil Contingencies Agency': an organisation named
    with its state's possessive or demonym is based in that state (rule org.based)."""
    if s.span is None:
        return
    doc = cast("Span", s.span).doc  # Sentence.span is typed object
    states = [m for m in s.mentions if m.kind == "State"]
    for m in s.top:
        if m.kind != "Organisation" or m.entity.startswith("gov-"):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        for child in span.root.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod") and not span.start <= child.i < span.end:
                state = next((x for x in states if x.start <= child.idx < x.end), None)
                if state is not None:
                    talk.relate(m.entity, "basedIn", state.entity, s, 0.5, rule="org.based")
                    break


AGREEMENT_NOUNS = {
    "agreement",
    "pact",
    "deal",
    "accord",
    "treaty",
    "pledge",
    "framework",
    "understanding",
    "arrangement",
    "memorandum",
    "agreements",
    "pacts",
    "deals",
}
MAKING_VERBS = {
    "agree",
    "sign",
    "reach",
    "strike",
    "negotiate",
    "seal",
    "conclude",
    "finalize",
    "finalise",
    "make",
    "announce",
    "unveil",
    "ink",
    "renew",
}
BINDING = {"commit", "bind", "oblige", "require"}  # "the pact commits A and B to …"


AGREEMENT_WORDS = AGREEMENT_NOUNS | {"agree"}  # what agreement_parties first tests each token for


OPINIONS = {"assessment", "view", "views", "finding", "findings", "conclusion", "conclusions", "analysis", "position"}
OPINIONS |= {"claim", "claims", "assertion", "attribution", "judgment", "judgement", "opinion", "statement"}


def shares_view(verb: Token) -> bool:
    """'agreed with the U.S. assessment that …': sharing a view, not making an agreement."""
    return any(g.lemma_ in OPINIONS for c in verb.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children)


def agreement_parties(s: Sentence, span: Span, kinds: Container[str]) -> tuple[Token, list[Mention]] | None:
    """(cue, parties) for the first agreement the parse shows: the noun's 'between'/'with' objects and its
    state or organisation modifiers, and the subject of the verb that makes it ('X signed a pledge with Y',
    'X and Y agreed that neither would …'). None when negated or when nothing names a party."""
    for token in span:
        noun = token.pos_ in ("NOUN", "PROPN") and token.lower_ in AGREEMENT_NOUNS
        verb = token.pos_ == "VERB" and token.lemma_ == "agree" and any(c.dep_ == "ccomp" for c in token.children)
        if not (noun or verb) or negated(token) or (noun and negated(token.head)) or (verb and shares_view(token)):
            continue
        heads = []
        if noun:
            heads += [c for c in token.children if c.dep_ in ("compound", "amod", "poss", "nmod")]
            preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ in ("between", "with", "among")]
            made = [c for c in token.children if c.dep_ == "acl" and c.lemma_ in MAKING_VERBS]  # "a deal reached with Y"
            preps += [p for c in made for p in c.children if p.dep_ == "prep" and p.lower_ in ("between", "with", "among")]
            holder = token.head
            if token.dep_ in ("dobj", "nsubjpass") and holder.lemma_ in MAKING_VERBS:
                heads += [c for c in holder.children if c.dep_ == "nsubj"]
                preps += [c for c in holder.children if c.dep_ == "prep" and c.lower_ == "with"]
            if token.dep_ == "nsubj" and holder.lemma_ in BINDING:
                heads += [c for c in holder.children if c.dep_ == "dobj"]
            if token.dep_ == "pobj" and holder.lower_ in ("on", "toward", "towards") and holder.head.lemma_ == "work":
                heads += [c for c in holder.head.children if c.dep_ == "nsubj"]  # "A and B are working on a deal"
            partners = [g for p in preps for g in p.children if g.dep_ == "pobj"]
            if partners and not mentions_of(s, heads, kinds):  # "X … as part of a new pact with Y": X is the other party
                heads += clause_subject(token)
            elif not partners and not mentions_of(s, heads, kinds):  # "A and B agreed changes to the pact"
                heads += making_subject(token)
            heads += partners
            heads += relative_antecedents(heads)  # "the Commission, which negotiated the framework"
        else:
            heads += [c for c in token.children if c.dep_ == "nsubj"]
            heads += [
                g for c in token.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children if g.dep_ == "pobj"
            ]
        parties = mentions_of(s, heads, kinds)
        sides = [h for h in heads if h.lower_ in MEMBERS]  # "Russian and U.S. negotiators": each state they are of
        parties += [
            m for h in sides for m in s.top if m.kind == "State" and h.left_edge.idx <= m.start < h.idx and m not in parties
        ]
        modifiers = [m for m in s.top if m.kind in kinds and token.left_edge.idx <= m.start < token.idx]
        parties += [m for m in modifiers if m not in parties]  # "EU-U.S. Privacy Shield", "a U.S.-UK deal"
        parties = [m for m in parties if not m.entity.startswith("gov-")]  # the states are the parties
        if parties:
            return token, parties
    return None
