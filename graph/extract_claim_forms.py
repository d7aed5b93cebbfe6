"""Attribution constructions of recurring news writing, read from the parse (graph.extract_claims makes the
facts): 'the attack was carried out by X' and 'according to X, Y and Z'; where an attack is said to come from
('the malware came from X', 'hackers from X'); condemnations ('X condemned Y for the
attack', 'Y also condemned the attacks'); indictments, charges and warrants for an attack; who issued attribution
statements; the accusers coordinated with a claimant; who denies, by the deny verb's subject, or by calling the
accusation groundless; 'the Sony hack' naming its victim. Pure functions of the parsed sentence and its mentions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from cyberkg.graph.extract_claim_roles import (
    OFFICIAL_HEADS,
    Kinds,
    Roles,
    blamed_phrase,
    by_agents,
    cue_tokens,
    denied_or_negated,
    incident_noun,
    phrase_mention,
    sentence_tokens,
    token_at,
)
from cyberkg.graph.extract_coord import conjoined
from cyberkg.graph.extract_parse import ATTACK_VERBS, SUBJECTS, blamed_on, negated
from cyberkg.graph.extract_parse import expand as conjuncts
from cyberkg.graph.extract_syntax import SAY_LEMMAS

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from cyberkg.graph.extract_discourse import Sentence
    from cyberkg.graph.extract_types import Mention

PERPETRATING = {
    "carry",
    "conduct",
    "launch",
    "perpetrate",
    "orchestrate",
    "mount",
    "stage",
    "commit",
    "execute",
    "mastermind",
    "direct",
    "coordinate",
}


# Making or setting loose a piece of malware ('the virus was engineered by X'): only with a malware noun.
MALWARE_MAKING = {"engineer", "develop", "create", "design", "write", "build", "deploy", "release", "unleash", "plant"}
# Ordering an attack ('X ordered the attack', 'X authorised Y to carry out an attack'): X is blamed too.
ORDERING = {"order", "authorize", "authorise", "direct", "instruct", "task", "command"}
SETTING_LOOSE = {"release", "launch", "deployment", "use"}  # 'ordered the release of X, the malware attack'


def _malware(token: Token) -> bool:
    return token.lower_ in MALWARE or any(c.dep_ == "appos" and (_attack_thing(c) or c.lower_ in MALWARE) for c in token.children)


def _done_thing(token: Token, verb: Token) -> bool:
    """What a perpetrating verb's object or passive subject must be: an attack; for a making verb, malware; for an
    ordering verb, also the release of an attack or malware."""
    if verb.lemma_ in MALWARE_MAKING:
        return _malware(token)
    if _attack_thing(token) or _malware(token):
        return True
    if verb.lemma_ in ORDERING and token.lower_ in SETTING_LOOSE:
        return any(_attack_thing(g) or _malware(g) for c in token.children if c.lower_ == "of" for g in c.children)
    return False


def _controllers(token: Token) -> list[Token]:
    """'X authorised / ordered Y to carry out the attack': Y (the verb's object), and X when the verb orders."""
    if token.dep_ != "xcomp" or any(c.dep_ in SUBJECTS for c in token.children) or denied_or_negated(token.head):
        return []
    head = token.head
    found = [c for c in head.children if c.dep_ == "dobj"]
    return found + ([c for c in head.children if c.dep_ == "nsubj"] if found and head.lemma_ in ORDERING else [])


def perpetrated_roles(s: Sentence, kinds: Kinds) -> Roles:
    """(cue, blamed mentions) for 'the attack was carried out / conducted / orchestrated by X' and 'X carried
    out / mounted the attack', 'the virus was engineered by X', 'X ordered the attack', 'X authorised Y to carry
    out the attack' (not negated, not a pledge or a possibility: the caller's modality checks)."""
    found = []
    for token in cue_tokens(s, PERPETRATING | MALWARE_MAKING | ORDERING):
        verbs = PERPETRATING | MALWARE_MAKING | ORDERING
        if token.pos_ != "VERB" or token.lemma_ not in verbs or denied_or_negated(token):
            continue
        if token.lemma_ == "carry" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children):
            continue
        participle = token.dep_ == "acl" and not any(c.dep_ == "nsubj" for c in token.children)  # not "… that X did it"
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children) or participle
        things = [c for c in token.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
        if participle:  # "the attack, carried out by X"
            things.append(token.head)
        if passive and not things and token.dep_ == "xcomp":  # "the attack is believed to have been carried out by X"
            things = [c for c in token.head.children if c.dep_ in ("nsubjpass", "nsubj")]
        if not any(_done_thing(t, token) for t in things) or any(d.lower_ == "no" for t in things for d in t.children):
            continue  # "no attack has been carried out by them" denies it
        doers = (
            [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if passive
            else [c for c in token.children if c.dep_ == "nsubj"] or _controllers(token)
        )
        blamed = [m for d in doers for t in conjuncts(d) if (m := blamed_phrase(s, t, kinds)) is not None]
        if blamed:
            found.append((token, blamed))
    return found


ORIGINATING = {"originate", "come", "emanate", "stem"}
MALWARE = {"malware", "virus", "worm", "ransomware", "spyware", "wiper"}
FROM_HEADS = {"hackers", "attackers", "intruders", "hacker", "attacker"}


def _origin_states(s: Sentence, place: Token) -> list[Mention]:
    """The states a place phrase names ('Russia', 'Russian soil', 'servers in Russia')."""
    return [
        m
        for m in s.mentions
        if m.kind == "State" and place.left_edge.idx <= m.start and m.end <= place.right_edge.idx + len(place.right_edge)
    ]


def origin_roles(s: Sentence, kinds: Kinds) -> Roles:
    """(cue, blamed states) for where an attack is said to come from: 'the attack originated in X', 'the malware
    came from X', 'attacks emanating from X soil', 'hackers from X', 'attackers said to be from X'."""
    found = []
    for token in sentence_tokens(s):
        things: list[Token] = []
        if token.pos_ == "VERB" and token.lemma_ in ORIGINATING and not denied_or_negated(token):
            things = [c for c in token.children if c.dep_ == "nsubj"] + ([token.head] if token.dep_ == "acl" else [])
            if token.dep_ == "advcl" and token.i > 0 and token.nbor(-1).pos_ == "NOUN":
                things.append(token.nbor(-1))  # "attacks emanating from X" parsed as the verb's clause
            things = [t.head.head if t.tag_ in ("WDT", "WP") and t.head.dep_ == "relcl" else t for t in things]
            if not any(_attack_thing(t) or t.lower_ in MALWARE for t in things):
                continue
        elif token.lower_ in FROM_HEADS and not denied_or_negated(token):
            pass  # "hackers from X"
        elif (
            token.lemma_ == "be"
            and token.dep_ in ("xcomp", "relcl")
            and (token.head.lower_ in FROM_HEADS or token.head.head.lower_ in FROM_HEADS)
        ):
            pass  # "attackers who were said to be from X"
        else:
            continue
        preps = ("from", "in") if token.pos_ == "VERB" and token.lemma_ in ORIGINATING else ("from",)
        places = [
            g for c in token.children if c.dep_ == "prep" and c.lower_ in preps for g in c.children if g.dep_ == "pobj"
        ]  # "hackers in the heist" is no place
        blamed = [m for p in places for t in conjuncts(p) for m in _origin_states(s, t)]
        if blamed:
            found.append((token, [m for i, m in enumerate(blamed) if m not in blamed[:i]]))
    return found


def _attack_thing(token: Token) -> bool:
    """An attack noun; 'operation' and 'campaign' only as cyber ones ('a special operation against a gang' is
    a police measure)."""
    if token.lower_ in ("operation", "operations", "campaign", "campaigns"):
        return any(c.lower_ in ("cyber", "hacking", "offensive", "espionage", "malware", "phishing") for c in token.children)
    return incident_noun(token)


attack_thing = _attack_thing  # for graph.extract_claim_frames


def _mention_phrase(s: Sentence, entity: str, mentions: list[Mention]) -> SpacySpan | None:
    """The parsed phrase of the entity's first mention among `mentions` in the sentence."""
    mention = next((m for m in mentions if m.entity == entity), None)
    if s.span is None or mention is None:
        return None
    return s.span.doc.char_span(mention.start, mention.end, alignment_mode="expand")  # type: ignore[attr-defined]


def coordinated_with(s: Sentence, entity: str, kinds: Kinds) -> list[str]:
    """The others coordinated with an entity's mention in the sentence by the parse: 'The US and Britain accused
    X', 'Georgia, the UK and the US said' — each is a claimant beside the first."""
    phrase = _mention_phrase(s, entity, s.top)
    if phrase is None:
        return []
    found: list[str] = []
    for t in conjoined(phrase.root):
        m = phrase_mention(s, t, kinds)
        if m is not None and m.entity != entity and m.entity not in found:
            found.append(m.entity)
    return found


ATTRIBUTION_NOUNS = {"attribution", "attributions"}
ISSUING = {"issue", "make", "publish", "release", "announce", "join", "deliver", "coordinate", "back", "endorse"}


def attribution_issuers(s: Sentence, kinds: Kinds) -> list[Mention]:
    """Who 'issued attribution statements' / 'made a joint attribution' / 'joined the attribution' (each of a
    coordinated subject): the issuers of an attribution the article reports."""
    found: list[Mention] = []
    for token in cue_tokens(s, ATTRIBUTION_NOUNS):
        noun = token.head if token.lower_ in ATTRIBUTION_NOUNS and token.dep_ == "compound" else token
        if (
            token.lower_ not in ATTRIBUTION_NOUNS
            or noun.dep_ != "dobj"
            or noun.head.lemma_ not in ISSUING
            or denied_or_negated(noun.head)
        ):
            continue
        for subject in (c for c in noun.head.children if c.dep_ == "nsubj"):
            found += [m for t in conjuncts(subject) if (m := phrase_mention(s, t, kinds)) is not None and m not in found]
    return found


def condemners(s: Sentence, kinds: Kinds) -> list[tuple[Token, list[Mention]]]:
    """(verb, subjects) for 'X (also) condemned the attacks' with no doer named: who condemns an attack."""
    found = []
    for token in cue_tokens(s, CONDEMNING):
        if token.pos_ != "VERB" or token.lemma_ not in CONDEMNING or denied_or_negated(token):
            continue
        objects = [
            c
            for c in token.children
            if c.dep_ == "dobj"
            and _attack_thing(c)
            and not any(d.dep_ == "poss" or d.dep_ == "prep" and d.lower_ == "by" for d in c.children)
        ]
        subjects = [
            m for c in token.children if c.dep_ == "nsubj" for t in conjuncts(c) if (m := phrase_mention(s, t, kinds)) is not None
        ]
        if objects and subjects:
            found.append((token, subjects))
    return found


def according_to(s: Sentence, kinds: Kinds) -> list[Mention]:
    """Who a sentence's 'according to X, Y and Z' names (each of them), outside quotations' words; so does 'as
    confirmed / stated by X' (a reporting verb's clause, marked 'as', with its agent)."""
    found: list[Mention] = []
    for token in cue_tokens(s, ("according", "as")):
        if token.lower_ == "according":
            heads = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
        elif token.lower_ == "as" and token.dep_ == "mark" and token.head.lemma_ in SAY_LEMMAS and not negated(token.head):
            heads = [g for c in token.head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        else:
            continue
        for head in heads:
            found += [m for t in conjuncts(head) if (m := phrase_mention(s, t, kinds)) is not None and m not in found]
    return found


CHARGE_NOUNS = {"indictment", "indictments", "charges", "charge", "complaint", "complaints", "warrant", "warrants"}
BRINGING = {"announce", "file", "bring", "unseal", "issue", "return", "lodge", "level", "press", "obtain", "hand"}


def _attack_in(tokens: Iterable[Token]) -> bool:
    return any(_attack_thing(t) or t.lemma_ in ATTACK_VERBS for t in tokens)


def charge_nouns(s: Sentence) -> Iterator[tuple[Token, list[Token]]]:
    """Each charge noun of the sentence that is not denied or negated ('charges', 'an arrest warrant'), with the
    heads its 'against' / 'for' names ('charges against Y', 'a warrant for Y')."""
    for token in cue_tokens(s, CHARGE_NOUNS):
        if token.lower_ not in CHARGE_NOUNS or token.pos_ != "NOUN" or denied_or_negated(token):
            continue
        yield (
            token,
            [
                g
                for c in token.children
                if c.dep_ == "prep" and c.lower_ in ("against", "for")
                for g in c.children
                if g.dep_ == "pobj"
            ],
        )


CHARGED_PEOPLE = {"nationals", "citizens", "hackers", "officers", "individuals", "men", "agents", "operatives", "spies"}


def _accused_state(s: Sentence, head: Token) -> Mention | None:
    """'charges against two Russian nationals': the state of the demonym on people the text does not name."""
    if head.lower_ not in CHARGED_PEOPLE:
        return None
    states = [
        m
        for m in s.mentions
        if m.kind == "State" and any(c.idx == m.start and c.dep_ in ("amod", "compound") for c in head.children)
    ]
    return states[0] if states else None


def charge_roles(s: Sentence, kinds: Kinds) -> list[tuple[Token, list[Mention], list[Token]]]:
    """(cue, blamed mentions, claimant heads) for 'X announced indictments / charges against Y for hacking …',
    'an arrest warrant issued by X against Y' — only for an attack: the charge's 'for / over / in' or the
    sentence names one. The claimant heads are the bringing verb's subject or the 'by' agent."""
    found = []
    for token, accused in charge_nouns(s):
        if token.lower_ in ("warrant", "warrants"):
            accused = [a for a in accused if a.pos_ == "PROPN" or a.lower_ in OFFICIAL_HEADS | {"members", "hackers"}]
        blamed = []
        for head in accused:
            for t in conjuncts(head):
                m = blamed_phrase(s, t, kinds)
                owner = [
                    g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"
                ]  # "four members of the X military"
                m = m or next((x for o in owner if (x := phrase_mention(s, o, kinds)) is not None), None)
                m = m or _accused_state(s, t)
                if m is not None and m not in blamed:
                    blamed.append(m)
        verb = token.head if token.dep_ == "dobj" and token.head.lemma_ in BRINGING else None
        if not blamed or not _attack_in(verb.subtree if verb is not None else token.subtree):
            continue
        claimants = [c for c in verb.children if c.dep_ == "nsubj"] if verb is not None else []
        claimants += by_agents(token)  # "a warrant issued by X"
        found.append((token, blamed, claimants))
    return found


CONDEMNING = {"condemn", "denounce", "criticise", "criticize", "rebuke", "censure", "decry"}


def condemn_roles(s: Sentence, kinds: Kinds) -> Roles:
    """(cue, blamed mentions) for 'X condemned Y for the attack' (Y blamed) and 'X condemned Y's cyberattack' /
    'condemned the attack by Y' (the attack's doer blamed); 'condemned the attacks' blames no one."""
    found = []
    for token in cue_tokens(s, CONDEMNING):
        if token.pos_ != "VERB" or token.lemma_ not in CONDEMNING or denied_or_negated(token):
            continue
        blamed: list[Mention] = []
        for obj in (c for c in token.children if c.dep_ == "dobj"):
            if incident_noun(obj):  # "Iran's cyberattack", "the hack by Iran"
                doers = [c for c in obj.children if c.dep_ == "poss"]
                doers += [
                    g
                    for c in obj.children
                    if c.dep_ in ("prep", "agent") and c.lower_ == "by"
                    for g in c.children
                    if g.dep_ == "pobj"
                ]
                blamed += [m for d in doers for t in conjuncts(d) if (m := blamed_phrase(s, t, kinds)) is not None]
            elif any(
                incident_noun(g) or any(incident_noun(x) for x in g.subtree)
                for h in (token, obj)
                for c in h.children
                if c.dep_ == "prep" and c.lower_ == "for"
                for g in c.children
                if g.dep_ in ("pobj", "pcomp")
            ):  # "condemned the Chinese government for the hacking"
                blamed += [m for t in conjuncts(obj) if (m := blamed_phrase(s, t, kinds)) is not None]
        if blamed:
            found.append((token, [m for i, m in enumerate(blamed) if m not in blamed[:i]]))
    return found


def denier(s: Sentence, at: int, kinds: Kinds) -> tuple[Mention | None, bool]:
    """(who denies, whether the parse shows a subject) for the deny verb at `at`: its subject ('the Russian
    Embassy in Berlin denied …' is the embassy, never Berlin; 'Iranian officials denied' is Iran), through a
    conjoined verb ('broke its silence and denied'). A subject no mention covers names no one: the caller may
    fall back to a name before the cue only when it lies outside that subject."""
    token = token_at(s, at)
    if token is None or token.pos_ not in ("VERB", "AUX"):
        return None, False
    verb = token.head if token.dep_ == "conj" and not any(c.dep_ in SUBJECTS for c in token.children) else token
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if agents and (found := subject_mention_plain(s, agents[0], kinds)) is not None:
        return found, True  # "the accusation was rejected by Moscow"
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if not subjects:
        return None, False
    found = subject_mention_plain(s, subjects[0], kinds)
    if found is not None:
        return found, True
    phrase = subjects[0]
    inside = [m for m in s.mentions if phrase.left_edge.idx <= m.start < phrase.right_edge.idx + len(phrase.right_edge)]
    return None, bool(inside)


def fellow_doers(s: Sentence, entity: str, kinds: Kinds) -> list[str]:
    """The others named with a perpetrator: its conjuncts and appositions, and those of the noun it is 'of'
    ('four members of the X army - A, B, C and D - worked to steal …': A, B, C and D)."""
    phrase = _mention_phrase(s, entity, s.mentions)
    if phrase is None:
        return []
    root = phrase.root
    heads = [root]
    if root.dep_ == "pobj" and root.head.lower_ == "of":
        heads.append(root.head.head)  # "members of X"
    found: list[str] = []
    for head in heads:
        for t in conjuncts(head):
            m = phrase_mention(s, t, kinds) if t is not head else None
            if m is not None and m.entity != entity and m.entity not in found:
                found.append(m.entity)
    return found


def compound_victim(s: Sentence, at: int, before: Mention) -> bool:
    """'the Sony hack', 'the OPM breach': a company, body or person named right before an attack noun is
    what was attacked (a demonym before it, 'Russian hacking', is who attacked)."""
    token = token_at(s, at)
    return (
        token is not None
        and token.pos_ in ("NOUN", "PROPN")
        and before.kind in ("Organisation", "Person")
        and s.doc_text[before.end : at].strip() in ("", "'s", "’s")
    )


def blamed_on_at(s: Sentence, at: int) -> bool:
    """Whether the attack noun at `at` is one a blame verb puts on someone ('blamed the attack on X')."""

    token = token_at(s, at)
    return token is not None and bool(blamed_on(token))


CLAIM_OBJECTS = {
    "accusation",
    "accusations",
    "allegation",
    "allegations",
    "claim",
    "claims",
    "charge",
    "charges",
    "report",
    "reports",
    "suggestion",
    "suggestions",
}
DISMISSALS = {
    "groundless",
    "baseless",
    "unfounded",
    "slander",
    "fabrication",
    "fabricated",
    "absurd",
    "nonsense",
    "false",
    "ridiculous",
    "smear",
    "lies",
    "lie",
    "fiction",
    "fake",
    "provocation",
    "preposterous",
    "unsubstantiated",
    "unproven",
    "unfair",
    "unjust",
    "slanderous",
    "propaganda",
    "hysteria",
    "speculation",
    "politically",  # "politically motivated"
}


def rebuttal(s: Sentence, kinds: Kinds) -> Mention | None:
    """Who rejects a claim without a deny verb: 'X called the accusation baseless', 'X described the claims as
    groundless slander' (not negated)."""
    for token in cue_tokens(s, ("call", "describe", "label", "brand", "term")):
        if token.pos_ != "VERB" or token.lemma_ not in ("call", "describe", "label", "brand", "term") or negated(token):
            continue
        verdict = [t for c in token.children if c.dep_ in ("oprd", "prep", "xcomp", "ccomp", "acomp") for t in c.subtree]
        verdict += [t for c in token.children if c.dep_ == "dobj" for t in c.subtree]
        if not any(t.lower_ in CLAIM_OBJECTS for t in verdict):  # "called the allegations groundless", however parsed
            continue
        if any(t.lower_ in DISMISSALS for t in verdict):
            subjects = [c for c in token.children if c.dep_ == "nsubj"]
            named = [a for c in subjects for a in c.children if a.dep_ == "appos"] + subjects  # "spokesman Wang Wenbin"
            found = next((m for x in named if (m := subject_mention_plain(s, x, kinds)) is not None), None)
            if found is not None:
                return found
    return None


def subject_mention_plain(s: Sentence, subject: Token, kinds: Kinds) -> Mention | None:
    found = [m for t in conjuncts(subject) if (m := phrase_mention(s, t, kinds)) is not None]
    return found[0] if found else None
