"""The parse readings behind graph.extract_claims: who a blamed noun phrase names, who reports a claim,
and the constructions that carry an attribution ('X is a likely suspect', 'a possible Russian link', 'X has
been linked to the attack', 'hackers working for X', 'malware used by X against Y'; 'analysts at X' as X).
Pure functions of the parsed sentence and its mentions; the driver makes the facts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from cyberkg.graph.extract_lexicon import THREAT_HEADS
from cyberkg.graph.extract_parse import ATTACK_NOUNS, ATTACK_VERBS, SAY_LEMMAS, SUBJECTS, negated
from cyberkg.graph.extract_parse import expand as conjuncts
from cyberkg.graph.extract_syntax import appos_speaker, issued_document, later_speaker

if TYPE_CHECKING:
    from spacy.tokens import Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence
    from cyberkg.graph.extract_types import Mention

Kinds = Iterable[str]


def sentence_tokens(s: Sentence) -> list[Token]:
    """The sentence's parsed tokens (none when the sentence was not parsed)."""
    return list(s.tokens())  # a copy: callers may change their list


def cue_tokens(s: Sentence, cues: Iterable[str]) -> list[Token]:
    """The sentence's tokens for a pass whose every token is first tested for a cue word (its lemma or
    lower-cased form in `cues`, the test having no effect of its own): none when no word of the sentence is a
    cue, so the pass skips the walk and gives what it would have given."""
    return [] if s.words().isdisjoint(cues) else sentence_tokens(s)


Roles = list[tuple["Token", list["Mention"]]]

NOMINAL_HEADS = {
    "link",
    "links",
    "involvement",
    "role",
    "hand",
    "fingerprints",
    "ties",
    "connection",
    "connections",
    "complicity",
    "responsibility",
}
# Verbs and nouns under which a link or involvement is asserted or suspected, not merely discussed.
CLAIM_VERBS = SAY_LEMMAS | {
    "hint",
    "suspect",
    "believe",
    "allege",
    "cite",
    "point",
    "see",
    "find",
    "establish",
    "indicate",
    "show",
    "assert",
    "blame",
    "accuse",
    "uncover",
    "reveal",
    "trace",
    "prove",
    "determine",
    "conclude",
    "estimate",
    "assess",
    "judge",
    "think",
    "fear",
    "condemn",
    "denounce",
    "detail",  # "X in its report detailed the campaign conducted by Y"
    "demand",  # "X demanded Y crack down on attacks coming from its soil"
}
CLAIM_NOUNS = {
    "allegation",
    "allegations",
    "suspicion",
    "suspicions",
    "claim",
    "claims",
    "evidence",
    "accusation",
    "accusations",
    "sign",
    "signs",
}
# Grounds for a claim, not a claim someone else made: "X said there was evidence of Y's involvement" is X's claim
# (unlike "X said there were allegations …", whose unnamed makers are not X).
GROUNDS = {"evidence", "sign", "signs", "suspicion", "suspicions", "proof", "indication", "indications"}
SUSPECT_NOUNS = {"suspect", "culprit", "perpetrator", "perpetrators", "culprits", "suspects", "author", "authors"}
RESPONSIBLE = {"responsible", "behind"}
# Common nouns under which a demonym stands for its state as claimant ("U.S. officials said").
OFFICIAL_HEADS = {
    "officials",
    "official",
    "authorities",
    "government",
    "investigators",
    "prosecutors",
    "police",
    "intelligence",
    "agencies",
    "agency",
    "officers",
    "diplomats",
    "ministry",
    "military",
    "forces",
    "services",  # "Russian special services"
}
DENIAL_LEMMAS = {"deny", "reject", "dismiss", "refute"}


def by_agents(noun: Token) -> list[Token]:
    """The agents of a participle modifying a noun: 'allegations made by X', 'a warrant issued by X' -> X."""
    return [
        g
        for c in noun.children
        if c.dep_ == "acl"
        for a in c.children
        if a.dep_ == "agent"
        for g in a.children
        if g.dep_ == "pobj"
    ]


def token_at(s: Sentence, at: int) -> Token | None:
    """The parsed token that starts at character `at` in the sentence, if any."""
    return next((t for t in sentence_tokens(s) if t.idx == at), None)


def mention_at(s: Sentence, token: Token, kinds: Kinds, nested: bool = True) -> Mention | None:
    """The longest mention covering the token (quoted words included: a claim quoted is still a claim)."""
    pool = s.mentions if nested else s.top
    at = [m for m in pool if m.start <= token.idx < m.end and m.kind in kinds]
    return max(at, key=lambda m: m.end - m.start) if at else None


def phrase_mention(s: Sentence, token: Token, kinds: Kinds) -> Mention | None:
    """The mention of a noun phrase: at its head, else an organisation or person inside it ('the Thai junta'),
    else a state by demonym only under an official noun ('U.S. officials', not 'Swedish media')."""
    found = mention_at(s, token, kinds)
    if found is not None:
        return found
    inside = [m for m in s.mentions if token.left_edge.idx <= m.start and m.end <= token.idx + len(token) and m.kind in kinds]
    named = [m for m in inside if m.kind != "State"]
    if named:
        return max(named, key=lambda m: m.end - m.start)
    if inside and token.lower_ in OFFICIAL_HEADS:
        return inside[-1]
    return _affiliation(s, token, kinds) if token.lower_ in AFFILIATED else None


# People and papers named by the body they come from: "analysts at X", "a report from X", "experts with X".
AFFILIATED = {
    "analysts",
    "analyst",
    "researchers",
    "researcher",
    "experts",
    "expert",
    "investigators",
    "officials",
    "report",
    "study",
    "analysis",
    "assessment",
    "findings",
    "panel",  # "a panel of experts from X"
    "team",
}


def _affiliation(s: Sentence, token: Token, kinds: Kinds) -> Mention | None:
    """The organisation of 'analysts at X', 'a report from / by X' (a state only for officials: 'officials from X')."""
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("at", "from", "with", "by", "of")):
        for g in (g for g in prep.children if g.dep_ == "pobj"):
            m = mention_at(s, g, kinds)
            if m is None and token.lower_ in ("panel", "team") and g.lower_ in AFFILIATED:
                m = _affiliation(s, g, kinds)  # "a panel of experts from X"
            if m is not None and (m.kind != "State" or token.lower_ in OFFICIAL_HEADS):
                return m
    return None


def denied_or_negated(token: Token) -> bool:
    """Negated on the way up to the clause that asserts it ('did not say X was behind', 'no evidence of …')."""
    t = token
    for _ in range(6):
        if negated(t) or any(c.dep_ == "det" and c.lower_ == "no" for c in t.children) or t.lemma_ in DENIAL_LEMMAS:
            return True
        if t.head.i == t.i or t.lemma_ in SAY_LEMMAS or t.dep_ == "relcl":
            return False  # a relative clause asserts on its own: "no hiding differences, where X demanded …"
        t = t.head
    return False


RESOLVE_NOUNS = {"decision", "move", "bid", "readiness", "willingness"}  # "X's decision to blame Y": X's claim


def reporter(talk: Discourse, s: Sentence, token: Token, kinds: Kinds) -> tuple[Mention | None, bool]:
    """(claimant mention or None, whether a subject was there at all) for the claim at `token`: the subject
    of the nearest reporting or believing verb above it; 'he'/'she' is the person last named."""
    t = token
    for _ in range(8):
        if t.lower_ in CLAIM_NOUNS and t is not token:  # "allegations made by X", "X's accusation"
            holders = [c for c in t.children if c.dep_ == "poss"]
            holders += by_agents(t)
            if holders or t.lower_ not in GROUNDS:
                return (subject_mention(talk, s, holders[0], kinds) if holders else None), True
        if t.lower_ in RESOLVE_NOUNS and t is not token and any(c.dep_ == "poss" for c in t.children):
            holder = next(c for c in t.children if c.dep_ == "poss")  # "X's decision to blame Y"
            return subject_mention(talk, s, holder, kinds), True
        if t.pos_ in ("VERB", "AUX") and (t.lemma_ in CLAIM_VERBS or t.lemma_ in SAY_LEMMAS):
            subjects = [c for c in t.children if c.dep_ in SUBJECTS]
            subjects += [g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            subjects = subjects or appos_speaker(t)  # "…, Defence Minister X said" parsed as an apposition
            if subjects:
                return subject_mention(talk, s, subjects[0], kinds), True
        if issued_document(t):  # "X unsealed a complaint alleging that Y …": X
            return subject_mention(talk, s, next(c for c in t.head.children if c.dep_ == "nsubj"), kinds), True
        if t.head.i == t.i:  # "Y was the culprit, X said" with 'said' parsed under the root: X
            if speaker := later_speaker(t, token.i):
                return subject_mention(talk, s, speaker[0], kinds), True
            break
        t = t.head
    return None, False


def subject_mention(talk: Discourse, s: Sentence, subject: Token, kinds: Kinds) -> Mention | None:
    if subject.lower_ in ("he", "she"):
        return talk.last_person
    if subject.lower_ in ("we", "i", "it", "they", "who", "which", "that"):
        return None
    found = [m for t in conjuncts(subject) if (m := phrase_mention(s, t, kinds)) is not None]
    return next((m for m in found if m.kind == "Person"), found[0] if found else None)


NAMING = {"dub", "call", "name", "know", "nickname", "label", "refer", "designate", "track"}  # "an actor which X designated Y"


def blamed_phrase(s: Sentence, token: Token, kinds: Kinds) -> Mention | None:
    """The mention a blamed noun phrase stands for: its own, or the name it is given ('one team of hackers,
    dubbed Group Zero', 'a program known as Dyre')."""
    found = phrase_mention(s, token, kinds)
    if found is not None:
        return found
    heads = [
        token,
        *(g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"),
    ]  # "one team of hackers, dubbed X"
    for acl in (c for h in heads for c in h.children if c.dep_ in ("acl", "relcl") and c.lemma_ in NAMING):
        names = [c for c in acl.children if c.dep_ in ("oprd", "attr", "dobj") and c.tag_ not in ("WDT", "WP")]
        names += [g for c in acl.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children if g.dep_ == "pobj"]
        for name in names:
            if (m := mention_at(s, name, kinds)) is not None:
                return m
    return None


def _cleft(token: Token) -> bool:
    """'it was X that did the hacking': an expletive 'it' and a clause about an attack after X."""

    if not any(c.dep_ == "nsubj" and c.lower_ == "it" for c in token.children):
        return False
    rest = [t for c in token.children if c.dep_ not in ("nsubj", "attr", "punct") for t in c.subtree]
    rest += [t for c in token.children if c.dep_ == "attr" for r in c.children if r.dep_ == "relcl" for t in r.subtree]
    return any(t.lower_ in ATTACK_NOUNS or t.lemma_ in ATTACK_VERBS for t in rest)


def suspect_roles(s: Sentence, kinds: Kinds) -> Roles:
    """(cue, blamed mentions) for 'X is a likely suspect', 'X were the actors responsible for …', 'X was
    responsible for …' (X named as 'a team dubbed X'), and the cleft 'it was X that did the hacking'."""
    found = []
    for token in sentence_tokens(s):
        if token.lemma_ == "be" and _cleft(token) and not denied_or_negated(token):
            blamed = [
                m
                for c in token.children
                if c.dep_ == "attr"
                for t in conjuncts(c)
                if (m := blamed_phrase(s, t, kinds)) is not None
            ]
            if blamed:
                found.append((token, blamed))
            continue
        attr = token if token.lower_ in SUSPECT_NOUNS and token.dep_ == "attr" else None
        if attr is None and token.lower_ in RESPONSIBLE and token.dep_ in ("amod", "prep") and token.head.dep_ == "attr":
            attr = token.head  # "the actors responsible for the breach"
        if attr is None and token.lower_ in RESPONSIBLE and token.dep_ in ("acomp", "prep"):
            attr = token  # "X was responsible for the heist", "X was behind it"
        if attr is None or attr.head.lemma_ != "be" or denied_or_negated(attr.head):
            continue
        subjects = [c for c in attr.head.children if c.dep_ == "nsubj"]
        blamed = [m for c in subjects for t in conjuncts(c) if (m := blamed_phrase(s, t, kinds)) is not None]
        if blamed:
            found.append((attr, blamed))
    return found


def asserted(token: Token) -> bool:
    """Whether the noun is what a claim verb or claim noun asserts: 'hinted at a link', 'suspects involvement',
    'allegations of involvement'."""
    t = token
    for _ in range(3):
        head = t.head
        if head.i == t.i:
            return False
        if head.pos_ in ("VERB", "AUX") and head.lemma_ in CLAIM_VERBS:
            return True
        if head.lower_ in CLAIM_NOUNS:
            return True
        if t.dep_ not in ("pobj", "prep", "dobj", "conj"):
            return False
        t = head
    return False


def nominal_roles(s: Sentence, kinds: Kinds) -> Roles:
    """(cue, blamed mentions) for a link, involvement or role of an actor asserted by a claim verb or noun."""
    found = []
    for token in cue_tokens(s, NOMINAL_HEADS):
        if token.lower_ not in NOMINAL_HEADS or token.pos_ != "NOUN" or denied_or_negated(token):
            continue
        if token.lower_ == "responsibility":  # "Z claimed responsibility for": Z claims it of itself
            if token.head.lemma_ in ("claim", "admit", "accept", "take", "assume") and token.dep_ == "dobj":
                subjects = [c for c in token.head.children if c.dep_ == "nsubj"]
                blamed = [m for c in subjects if (m := blamed_phrase(s, c, kinds)) is not None]  # "a group called X"
                if blamed:
                    found.append((token, blamed))
            continue
        blamed = _nominal_actors(s, token, kinds)
        if not blamed or not asserted(token):
            continue
        found.append((token, blamed))
    return found


def _nominal_actors(s: Sentence, token: Token, kinds: Kinds) -> list[Mention]:
    """The actors a link / involvement noun names: 'Russian involvement', 'Moscow's role', 'the involvement of X'."""
    actors = [c for c in token.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
    actors += [
        g for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "to", "by") for g in c.children if g.dep_ == "pobj"
    ]
    return [m for a in actors for t in conjuncts(a) if (m := phrase_mention(s, t, kinds)) is not None]


def denied_claim_noun(s: Sentence, kinds: Kinds) -> tuple[list[Mention], list[Mention]] | None:
    """(blamed, makers) of the claim noun a deny verb takes: 'rejected accusations of Moscow's involvement in the
    attacks' (Moscow blamed), 'rejected the accusations made by Prague' (Prague the maker); None when the deny
    verb is negated or takes no claim noun."""
    for noun in cue_tokens(s, CLAIM_NOUNS):
        verb = noun.head
        if noun.lower_ not in CLAIM_NOUNS or noun.dep_ != "dobj" or verb.lemma_ not in DENIAL_LEMMAS or negated(verb):
            continue
        heads = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        attack = any(t.lower_ in ATTACK_NOUNS or t.lemma_ in ATTACK_VERBS for h in heads for t in h.subtree)
        blamed = [m for h in heads if h.lower_ in NOMINAL_HEADS and attack for m in _nominal_actors(s, h, kinds)]
        makers = [c for c in noun.children if c.dep_ == "poss"] + by_agents(noun)
        made = [m for c in makers if (m := phrase_mention(s, c, kinds)) is not None]
        if blamed or made:
            return blamed, made
    return None


def noun_phrase(token: Token) -> tuple[int, int]:
    """The character span of a noun phrase without its determiner and the prepositions after its head."""
    cut = {t.i for c in token.children if c.dep_ in ("prep", "relcl", "acl", "punct", "appos") for t in c.subtree}
    words = [t for t in token.subtree if t.i not in cut and t.i <= token.i]
    while words and (words[0].dep_ in ("det", "predet") or words[0].is_punct):
        words.pop(0)
    return words[0].idx, token.idx + len(token)


def victim_pronoun(cue: Token, claimant: Mention | None) -> Mention | None:
    """'its networks had been breached': the possessive refers to the one who reports it."""
    patients = [c for c in cue.children if c.dep_ in ("nsubjpass", "dobj")]
    owned = any(g.dep_ == "poss" and g.lower_ in ("its", "their", "our") for p in patients for g in p.children)
    return claimant if owned and claimant is not None and claimant.kind in ("Organisation", "State") else None


def group_label(doer: Token) -> tuple[int, int]:
    """The character span of a described group: its noun phrase without trailing punctuation."""
    words = [t for t in doer.subtree if not t.is_punct or t.i < doer.right_edge.i]
    while words and (words[0].dep_ == "det" or words[0].is_punct):
        words.pop(0)
    while words and words[-1].is_punct:
        words.pop()
    return words[0].idx, words[-1].idx + len(words[-1])


def incident_noun(token: Token) -> bool:

    return token.lower_ in ATTACK_NOUNS or token.lemma_ in ("heist", "theft", "attempt", "incident", "campaign")


def to_objects(token: Token) -> list[Token]:
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]


def linked_roles(s: Sentence, kinds: Kinds) -> Roles:
    """(cue, blamed mentions) for 'X has been linked to the attack', 'researchers tied X to the breach': the
    one linked to an attack is blamed (a relative 'which' is the noun before it)."""
    found = []
    for token in cue_tokens(s, ("link", "tie", "connect")):
        if token.pos_ != "VERB" or token.lemma_ not in ("link", "tie", "connect") or denied_or_negated(token):
            continue
        if not any(incident_noun(g) for g in to_objects(token)):
            continue
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)
        linked = [c for c in token.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
        linked = [token.head if t.tag_ in ("WDT", "WP") and token.dep_ == "relcl" else t for t in linked]
        blamed = [m for t in linked for x in conjuncts(t) if (m := blamed_phrase(s, x, kinds)) is not None]
        if blamed:
            found.append((token, blamed))
    return found


def linked_thing_is_attack(s: Sentence, token: Token, kinds: Kinds) -> bool:

    things = [c for c in token.children if c.dep_ in ("nsubjpass", "dobj")]
    if token.dep_ in ("acl", "amod"):
        things.append(token.head)
    if token.dep_ == "relcl":  # "a network, which is linked to …": the noun the clause describes
        things = [token.head if t.tag_ in ("WDT", "WP") else t for t in things]
    wanted = (
        ATTACK_NOUNS
        | THREAT_HEADS
        | {"malware", "software", "code", "virus", "tools", "campaign", "heist", "assault", "assaults", "incident", "incidents"}
    )
    return any(t.lower_ in wanted or mention_at(s, t, kinds) is not None for t in things)
