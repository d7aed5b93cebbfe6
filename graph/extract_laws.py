"""Laws and legislatures (moved from graph.extract_events): who enacts a law, statements about laws, and
proceedings in a legislature.

- Laws made in a sentence (rule law.enact): 'X passed/adopted/approved legislation (a bill, a law, a
  resolution)', 'resolutions adopted by the committee' — enacted by X (and X's state); a state's strategy
  document ('Australia's cyber security strategy') — enacted by that state.
- A statement about a law concerns it (rule statement.law).
- 'The minister defended the bill in parliament': a proceeding of the legislature (rule event.legislature).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from cyberkg.graph.extract_discourse import Sentence

if TYPE_CHECKING:  # annotations only
    from spacy.tokens import Span, Token

    from cyberkg.graph.extract_discourse import Discourse
    from cyberkg.graph.extract_events import MentionsOf
    from cyberkg.graph.extract_types import Mention

ENACT = {"pass", "adopt", "approve", "enact", "ratify"}
LAW_OBJECTS = {"legislation", "law", "laws", "bill", "act", "amendment", "amendments", "regulation", "regulations", "directive"}
DOCUMENT_HEADS = {"plan", "strategy", "blueprint", "paper"}
DOCUMENT_MARKS = {"year", "development", "security", "cybersecurity", "cyber", "defence", "defense", "national", "white"}


def _owner_state(s: Sentence, token: Token) -> Mention | None:
    """The state a noun phrase's possessive or modifier names ('India's parliament')."""
    for child in token.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            state = next((m for m in s.mentions if m.kind == "State" and m.start <= child.idx < m.end), None)
            if state is not None:
                return state
    return None


def _at(s: Sentence, token: Token, kinds: tuple[str, ...]) -> Mention | None:
    return next((m for m in s.top if m.kind in kinds and m.start <= token.idx < m.end), None)


def _into_law(verb: Token) -> bool:
    """'signed the bill into law'."""
    return verb.lemma_ == "sign" and any(
        c.dep_ == "prep" and c.lower_ == "into" and any(g.lower_ == "law" for g in c.children) for c in verb.children
    )


def _enactors(s: Sentence, token: Token) -> list[Mention]:
    """'India's parliament is set to pass legislation': the one who enacts, and the state it belongs to."""
    verb = token.head
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ == "xcomp":  # "is set to pass", "plans to adopt"
        subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    found: list[Mention] = []
    for subject in subjects:
        actor = _at(s, subject, ("State", "Organisation"))
        if actor is None:  # "U.S. President X signed the bill into law": the state the signer's title names
            actor = next((m for m in s.mentions if m.kind == "State" and subject.left_edge.idx <= m.start < subject.idx), None)
        if actor is None:
            continue
        found.append(actor)
        state = _owner_state(s, subject) if actor.kind == "Organisation" else None
        if state is not None:
            found.append(state)
    return found


PUBLISHING = {"set", "unveil", "publish", "release", "adopt", "launch", "announce", "issue", "present", "outline", "approve"}


def _publisher_state(s: Sentence, token: Token) -> Mention | None:
    """The state whose verb a strategy document is the object of: 'Australia set out/unveiled a strategy'."""
    verb = token.head
    if token.dep_ != "dobj" or verb.lemma_ not in PUBLISHING or any(c.dep_ == "neg" for c in verb.children):
        return None
    return next((m for c in verb.children if c.dep_ == "nsubj" for m in [_at(s, c, ("State",))] if m is not None), None)


RESOLUTIONS = {"resolution", "resolutions"}
OWNED_LAWS = {"law", "laws", "legislation", "regulation", "regulations", "directive", "rules", "regime"}
NOT_LAWMAKERS = {"Company", "NewsAgency", "NewsOutlet", "NewsOrganisation", "IndustryLobby", "PoliticalParty", "ThreatActor"}


def _resolution_adopters(s: Sentence, token: Token) -> list[Mention]:
    """'Two resolutions were adopted by the committee', 'the assembly adopted a resolution': who adopts it."""
    if token.lower_ not in RESOLUTIONS or token.head.lemma_ not in ENACT or any(c.dep_ == "neg" for c in token.head.children):
        return []
    if token.dep_ == "nsubjpass":
        agents = [g for c in token.head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        return [m for g in agents for m in [_at(s, g, ("State", "Organisation"))] if m is not None]
    return _enactors(s, token) if token.dep_ == "dobj" else []


def _law_owner(talk: Discourse, s: Sentence, token: Token) -> list[Mention]:
    """'EU data protection law says …', "China's new cyber rules", 'the EU cybersanctions regime': the state or
    public body named just before a law noun with one to three describing words between ('U.S. law' alone is the
    body of law, not a law; a company's rules are none; a regime only of sanctions)."""
    if token.lower_ not in OWNED_LAWS or token.pos_ != "NOUN" or token.dep_ in ("compound", "amod"):
        return []
    if token.lower_ == "regime" and not any("sanction" in c.lower_ for c in token.children if c.dep_ == "compound"):
        return []
    owner = max(
        (m for m in s.mentions if m.kind in ("State", "Organisation") and m.end <= token.idx), key=lambda m: m.end, default=None
    )
    if owner is None:
        return []
    between = [t for t in token.doc[max(token.i - 4, 0) : token.i] if t.idx >= owner.end]
    if not between or not owner.start <= token.doc[between[0].i - 1].idx < owner.end:
        return []  # the name must come right before the words describing the law
    words = [t for t in between if t.text not in ("'s", "’s")]
    if not 1 <= len(words) <= 3 or any(t.pos_ not in ("NOUN", "ADJ") and t.tag_ != "VBN" for t in words):
        return []
    if len(between) != token.i - between[0].i or NOT_LAWMAKERS & talk.extractor.classes_of(owner.entity, talk.out.new_entities):
        return []
    return [owner]


def find_enactment(talk: Discourse, s: Sentence) -> str | None:
    """Laws made in the sentence (rule law.enact): 'X passed/adopted/approved legislation (a bill, a law)' —
    enacted by X and X's state; resolutions X adopted or that were adopted by X; a law noun whose phrase names its
    state or public body ('EU data protection law', "China's new rules"); a state's strategy document ('its new
    draft five-year development plan',
    'Australia's cyber security strategy', 'Australia set out a strategy') — enacted by that state. The law becomes
    the discourse's law."""
    if s.span is None:
        return None
    for token in cast("Span", s.span):
        owners: list[Mention] = []
        if (
            token.lower_ in LAW_OBJECTS
            and token.dep_ == "dobj"
            and (token.head.lemma_ in ENACT or _into_law(token.head))
            and not any(c.dep_ == "neg" for c in token.head.children)
        ):
            owners = _enactors(s, token)
        elif (
            token.lower_ in DOCUMENT_HEADS
            and token.pos_ == "NOUN"
            and any(c.lower_ in DOCUMENT_MARKS for c in token.children if c.dep_ in ("compound", "amod", "nmod"))
        ):
            state = _owner_state(s, token)
            if state is None and any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in token.children):
                root = token.sent.root  # "In its new plan, Beijing said": the clause's subject
                state = next(
                    (m for c in root.children if c.dep_ == "nsubj" for m in [_at(s, c, ("State",))] if m is not None), None
                )
            state = state or _publisher_state(s, token)  # "Australia set out a cybersecurity strategy"
            owners = [state] if state is not None else []
        else:
            owners = _resolution_adopters(s, token) or _law_owner(talk, s, token)
        if not owners:
            continue
        kept = [
            t
            for t in token.doc[token.left_edge.i : token.i + 1]
            if t.dep_ not in ("det", "poss", "case") and not t.is_punct and not any(m.start <= t.idx < m.end for m in s.mentions)
        ]
        words = talk.out.article.text[kept[0].idx : token.idx + len(token)] if kept else token.text
        label = f"{talk.name(owners[-1].entity)}'s {words}"
        law = talk.new("Law", "Law", label, s, 0.5, at=token.idx)
        talk.relate(law, "enactedBy", [o.entity for o in owners], s, 0.5, rule="law.enact")
        talk.law = law
        return law
    return None


def statements_about_laws(talk: Discourse) -> None:
    """A statement about a law concerns it (rule statement.law): one whose subject is the law, or one made in
    the sentence that names the law ('In its new five-year plan, Beijing said …')."""
    laws = {m.entity: m.start for m in talk.out.mentions if m.kind == "Law"}
    if not laws:
        return
    about = {
        (r.subject, r.objects[0]) for r in talk.out.relations if r.predicate == "subject" and r.objects and r.objects[0] in laws
    }
    by_sentence = {start: law for law, start in laws.items()}
    done: set[tuple[str, str]] = set()
    for m in [m for m in talk.out.mentions if m.kind == "Statement"]:
        concerned = {law for statement, law in about if statement == m.entity}
        if m.start in by_sentence:
            concerned.add(by_sentence[m.start])
        for law in sorted(concerned - {law for s, law in done if s == m.entity}):
            where = Sentence(m.start, m.end, m.sentence, [], [], talk.out.article.text)
            talk.relate(m.entity, "concernsLaw", law, where, 0.45, rule="statement.law")
            done.add((m.entity, law))


LEGISLATURES = {
    "parliament",
    "congress",
    "senate",
    "house",
    "assembly",
    "committee",
    "legislature",
    "chamber",
    "diet",
    "duma",
    "bundestag",
    "knesset",
    "majlis",
}
BEFORE_A_BODY = {"in", "to", "before"}


def legislature_scenes(talk: Discourse, s: Sentence, mentions_of: MentionsOf) -> list[tuple[Token, list[str]]]:
    """'The finance minister defended the bill in parliament', 'the government brought the legislation to the
    upper house of parliament', 'testified before the Senate committee': a proceeding of the legislature,
    with the verb's subject and the legislature as participants (rule event.legislature)."""
    found = []
    for token in cast("Span", s.span) if s.span is not None else []:
        if token.pos_ != "VERB" or any(c.dep_ == "neg" for c in token.children):
            continue
        holders = [token, *(c for c in token.children if c.dep_ == "dobj")]  # "defended the bill in parliament"
        for prep in (c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in BEFORE_A_BODY):
            body = next(
                (
                    b
                    for g in prep.children
                    if g.dep_ == "pobj"
                    for b in [legislature_of(talk, s, g, mentions_of)]
                    if b is not None
                ),
                None,
            )
            if body is None:
                continue
            subjects = [c for c in token.children if c.dep_ == "nsubj"]
            actors = [m.entity for m in mentions_of(s, subjects, ("Person", "Organisation", "State"))]
            if actors and body not in actors:
                found.append((token, [*actors, body]))
    return found


def legislature_of(talk: Discourse, s: Sentence, noun: Token, mentions_of: MentionsOf) -> str | None:
    """The legislature a noun names: its mention, 'the upper house of parliament' through 'of', or a bare
    'parliament' standing for the one the article named in full before ('India's parliament')."""
    if noun.lower_ in ("house", "chamber"):
        noun = next(
            (g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), noun
        )
    named = [
        m for m in mentions_of(s, [noun], ("Organisation",)) if m.label.split() and m.label.split()[-1].lower() in LEGISLATURES
    ]
    if named:
        return named[0].entity
    if noun.lower_ not in LEGISLATURES or noun.lower_ in ("house", "committee", "chamber"):
        return None
    earlier = {
        m.entity
        for m in talk.out.mentions
        if m.kind == "Organisation" and m.end <= noun.idx and talk.name(m.entity).lower().endswith(noun.lower_)
    }
    return earlier.pop() if len(earlier) == 1 else None


def find_legislature_events(talk: Discourse, s: Sentence, mentions_of: MentionsOf) -> str | None:
    made = None
    for cue, people in legislature_scenes(talk, s, mentions_of):
        event = talk.new("Event", "Event", f"Proceedings in {talk.name(people[-1])}", s, 0.5, at=cue.idx)
        talk.relate(event, "participant", people, s, 0.5, rule="event.legislature")
        made = made or event
    return made
