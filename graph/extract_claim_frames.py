"""Attribution frames read from the parse after the claim rules of graph.extract_claims have run on a sentence:
a cue lemma with the dependency roles that fill the claim's roles, in the active, passive and nominal forms
news writing uses, and what the next sentences of the same story add to the claim. Each is a rule of English:

- claim.frame: a punitive act for an attack blames its target — 'X expelled / sanctioned / arrested / named
  Y for an attempt to hack Z' (active: the subject claims, the object is blamed; passive: the agent claims);
  'Y was behind / responsible for the breach' and 'it was the work of Y' when Y is a group the text only
  describes ('a sophisticated state actor'); 'attacks associated with / linked to Y'.
- claim.means: an actor that does an attack through a purpose or means clause — 'X used servers to hack into
  Y', 'X raised money from stealing …' — in a sentence someone reports ('a report indicates that …').
- claim.continued: the story goes on — 'the charges were filed against A, B and C' after a claim blames A, B
  and C with it; 'the indictment / report / list accuses Y' is the claim of whoever made the last one.
- claim.reporter: who reports a claim made in the sentence claims it too ('X indicted Y for hacking, the
  Justice Department said'), and 'it' as a reporter is the organisation the sentence names for it ('In the
  X statement, it said …', 'X said it had expelled …').
- claim.agency: a state body blamed by its demonym ('the Chinese military', 'the Russian intelligence
  service') brings its state.
Negated, pledged or merely possible acts make none (graph.extract_claim_roles.denied_or_negated, modals)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cyberkg.graph.extract_claim_forms import CHARGE_NOUNS, attack_thing
from cyberkg.graph.extract_claim_roles import (
    CLAIM_NOUNS,
    CLAIM_VERBS,
    DISMISSALS,
    MODALS,
    Kinds,
    blamed_phrase,
    conjuncts,
    denied_or_negated,
    mention_at,
    noun_phrase,
    phrase_mention,
    reporter,
    sentence_tokens,
)
from cyberkg.graph.extract_claims import make_claim
from cyberkg.graph.extract_labels import PLACEHOLDER
from cyberkg.graph.extract_lexicon import DENY_CUES
from cyberkg.graph.extract_parse import ATTACK_VERBS, SAY_LEMMAS, SUBJECTS

if TYPE_CHECKING:
    from spacy.tokens import Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence
    from cyberkg.graph.extract_types import Mention

# Acts that punish or single out someone: with 'for / over' an attack, their target is blamed.
PUNISHING = {
    "expel",
    "sanction",
    "arrest",
    "punish",
    "prosecute",
    "convict",
    "detain",
    "extradite",
    "name",
    "identify",
    "charge",
    "indict",
    "target",
}
GROUNDS_PREPS = {"for", "over"}
# Common nouns for people or groups who may be blamed while the text does not name them.
ACTOR_NOUNS = {
    "actor",
    "actors",
    "hackers",
    "hacker",
    "attackers",
    "agents",
    "officers",
    "operatives",
    "spies",
    "individuals",
    "members",
    "nationals",
    "criminals",
    "group",
    "groups",
    "gang",
    "unit",
    "cybercriminals",
}
GROUP_NOUNS = {"group", "groups", "gang", "unit", "crew", "cell"}
MEMBERSHIP_PREPS = {"of", "in", "from"}  # "members of X", "five people in X's Unit 1", "agents from X"
DOCUMENTS = {
    "indictment",
    "indictments",
    "charges",
    "complaint",
    "report",
    "list",
    "statement",
    "filing",
    "document",
    "documents",
    "memo",
    "findings",
}
PRONOUNS = {"it", "they"}
ASSOCIATING = {"associate", "link", "tie", "connect", "attribute"}


ATTACKERS = {"attackers", "attacker", "hackers", "hacker", "intruders"}


def _attack_in(tokens: list[Token]) -> bool:
    return any(attack_thing(t) or t.lemma_ in ATTACK_VERBS or t.lower_ in ATTACKERS or t.lower_ == "hacking" for t in tokens)


def _possible(token: Token) -> bool:
    """Merely possible or pledged: 'could be used', 'will expel'."""
    return any(c.dep_ == "aux" and c.lower_ in MODALS for c in token.children)


def _described(talk: Discourse, s: Sentence, token: Token) -> Mention | None:
    """A group the text describes, not names ('a sophisticated state actor', 'four GRU agents'): a phrase with
    an actor noun as head and a word that is neither a determiner nor a number before it."""
    if token.lower_ not in ACTOR_NOUNS or token.pos_ not in ("NOUN", "PROPN"):
        return None
    start, end = noun_phrase(token)
    words = [t for t in token.subtree if start <= t.idx < end and t.i < token.i]
    if not any(t.dep_ not in ("det", "nummod", "predet", "punct", "cc") and not t.like_num for t in words):
        return None  # "five people", "the hackers": nobody in particular
    if any(t.is_quote for t in words) or any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in token.children):
        return None  # a quoted job title, not a group's description; "no state actor" is nobody
    if token.lower_ in GROUP_NOUNS and any(m.kind != "State" and start <= m.start and m.end <= end for m in s.mentions):
        return None  # "the LockBit gang" is LockBit; "GRU agents" are people of the GRU
    return talk.group(s.doc_text[start:end], start, end, s)


def blamed_np(talk: Discourse, s: Sentence, token: Token, kinds: Kinds) -> list[Mention]:
    """Who a blamed noun phrase names, each conjunct: its mention; the body it is 'of / in' ('members of the X
    military', 'people in X's Unit 1'); an organisation named inside it ('GRU agents'); a described group."""
    found: list[Mention] = []
    for t in conjuncts(token):
        m = mention_at(s, t, kinds)
        if m is not None:  # the head itself is named
            found.append(m)
            continue
        m = blamed_phrase(s, t, kinds)  # a demonym under an official noun, 'a group dubbed X'
        owners = [
            g for c in t.children if c.dep_ == "prep" and c.lower_ in MEMBERSHIP_PREPS for g in c.children if g.dep_ == "pobj"
        ]
        owned = [x for o in owners if (x := blamed_phrase(s, o, kinds)) is not None]
        inside = [
            x
            for x in s.mentions
            if x.kind in ("Organisation", "Collective") and t.left_edge.idx <= x.start and x.end <= t.idx + len(t)
        ]
        group = None if owned else _described(talk, s, t)  # "a unit of X" is X's
        found += [x for x in [*owned, *inside, *([group] if group else [])] if x not in found]
        if m is not None and not found:
            found.append(m)
    return found


def _pronoun_owner(s: Sentence, verb: Token, kinds: Kinds) -> Mention | None:
    """Who 'it' / 'they' is as the subject of a reporting verb: the organisation of an 'In the X statement'
    phrase of the same verb, else the named subject of a reporting verb above ('X said it had …')."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"):
        named = [
            m
            for m in s.mentions
            if m.kind in ("Organisation", "State") and prep.left_edge.idx <= m.start and m.end <= prep.right_edge.idx + 1
        ]
        if named:
            return max(named, key=lambda m: m.end - m.start)
    t = verb
    for _ in range(4):
        if t.head.i == t.i:
            return None
        t = t.head
        if t.lemma_ in SAY_LEMMAS or t.lemma_ in CLAIM_VERBS:
            subjects = [c for c in t.children if c.dep_ == "nsubj" and c.lower_ not in PRONOUNS]
            m = phrase_mention(s, subjects[0], kinds) if subjects else None
            if m is not None and m.kind in ("Organisation", "State"):
                return m
    return None


def claimant_of(talk: Discourse, s: Sentence, verb: Token, kinds: Kinds) -> Mention | None:
    """The one who makes the claim at `verb`: its subject (a pronoun resolved), else the reporting verb's above."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    subjects += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    for subject in subjects[:1]:
        if subject.lower_ in PRONOUNS:
            return _pronoun_owner(s, verb, kinds)
        m = phrase_mention(s, subject, kinds)
        if m is not None:
            return m
    found, _ = reporter(talk, s, verb.head if verb.head.i != verb.i else verb, kinds)
    return found


def punishing_roles(talk: Discourse, s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention], Mention | None] | None:
    """(cue, blamed, claimant) for 'X expelled / sanctioned / named Y for (an attempt at) an attack' and its
    passive 'Y were named for their roles in the attack (by X)'."""
    for token in sentence_tokens(s):
        if token.pos_ != "VERB" or token.lemma_ not in PUNISHING or denied_or_negated(token) or _possible(token):
            continue
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)
        objects = [c for c in token.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
        grounds = [c for h in (token, *objects) for c in h.children if c.dep_ == "prep" and c.lower_ in GROUNDS_PREPS]
        if not objects or not any(_attack_in(list(g.subtree)) for g in grounds):
            continue
        blamed = [m for o in objects for m in blamed_np(talk, s, o, kinds)]
        if blamed:
            named_by = not passive or any(c.dep_ == "agent" for c in token.children)  # "are named for …": by whom?
            return token, blamed, claimant_of(talk, s, token, kinds) if named_by else None
    return None


PENALTIES = {"sanctions", "penalties", "sanction"}
IMPOSING = {"impose", "announce", "slap", "level", "adopt", "place", "put", "approve"}


def sanction_roles(talk: Discourse, s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention], Mention | None] | None:
    """(cue, blamed, claimant) for 'X imposed sanctions against / on hackers (for an attack), targeting A and B':
    the sanctions' targets (A and B, else the ones they are against) are blamed by who imposes them."""
    for token in sentence_tokens(s):
        verb = token.head
        if token.lower_ not in PENALTIES or token.dep_ != "dobj" or verb.lemma_ not in IMPOSING or denied_or_negated(verb):
            continue
        if _possible(verb):
            continue
        against = [
            g
            for h in (token, verb)
            for c in h.children
            if c.dep_ == "prep" and c.lower_ in ("against", "on", "for", "over")
            for g in c.children
            if g.dep_ == "pobj"
        ]
        if not any(_attack_in(list(g.subtree)) for g in against):
            continue
        aimed = [
            g
            for h in (token, verb)
            for c in h.children
            if c.dep_ in ("advcl", "acl", "xcomp") and c.lemma_ == "target"
            for g in c.children
            if g.dep_ == "dobj"
        ]
        heads = aimed or [g for g in against if g.head.lower_ in ("against", "on")]
        blamed = [m for h in heads for m in blamed_np(talk, s, h, kinds)]
        if blamed:
            return token, blamed, claimant_of(talk, s, verb, kinds)
    return None


def described_roles(talk: Discourse, s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention]] | None:
    """(cue, blamed) for 'a sophisticated state actor was behind / responsible for the breach' and 'it was the
    work of Iranian hackers', 'attacks associated with X'."""
    for token in sentence_tokens(s):
        be = token.head
        if token.lower_ in ("behind", "responsible") and be.lemma_ == "be" and token.dep_ in ("prep", "acomp"):
            if denied_or_negated(be) or _possible(be):
                continue
            subjects = [c for c in be.children if c.dep_ == "nsubj"]
            blamed = [g for c in subjects if (g := _described(talk, s, c)) is not None]
            if blamed:
                return token, blamed
        elif token.lower_ == "work" and token.dep_ == "attr" and be.lemma_ == "be" and not denied_or_negated(be):
            doers = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
            blamed = [m for d in doers for m in blamed_np(talk, s, d, kinds)]
            if blamed:
                return token, blamed
        elif token.lemma_ in ASSOCIATING and token.dep_ == "acl" and attack_thing(token.head) and not denied_or_negated(token):
            doers = [
                g
                for c in token.children
                if c.dep_ in ("prep", "agent") and c.lower_ in ("with", "to", "by")
                for g in c.children
                if g.dep_ == "pobj"
            ]
            blamed = [m for d in doers for m in blamed_np(talk, s, d, kinds)]
            if blamed:
                return token, blamed
    return None


MEANS_DEPS = ("xcomp", "advcl", "pcomp", "pobj", "prep")
MEANS_ATTACKS = ATTACK_VERBS - {"target"}  # "imposed sanctions, targeting X": aimed at, no attack


def means_roles(s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention]] | None:
    """(cue, doers) for an attack verb with no subject of its own under a verb whose subject acts through it:
    'X used servers to hack into Y', 'X raised money from stealing funds' (not passive, negated or possible)."""
    for token in sentence_tokens(s):
        if token.pos_ != "VERB" or token.lemma_ not in MEANS_ATTACKS or any(c.dep_ in SUBJECTS for c in token.children):
            continue
        t = token
        for _ in range(3):
            if t.dep_ not in MEANS_DEPS or t.head.i == t.i:
                break
            t = t.head
            if t.pos_ in ("VERB", "AUX") and t.dep_ != "relcl":
                break
        if t is token or t.pos_ not in ("VERB", "AUX") or t.lemma_ in CLAIM_VERBS or t.lemma_ in SAY_LEMMAS:
            continue
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children) or denied_or_negated(t) or _possible(t):
            continue
        doers = [m for c in t.children if c.dep_ == "nsubj" for x in conjuncts(c) if (m := mention_at(s, x, kinds)) is not None]
        if doers:
            return token, doers
    return None


BRINGING = {"file", "bring", "level", "lodge", "press", "unseal", "announce", "return", "issue"}


def filed_against(talk: Discourse, s: Sentence, kinds: Kinds) -> tuple[Token, list[Mention], Mention | None] | None:
    """(cue, accused, claimant) for 'the charges were filed / brought against A, B and C (by X)'."""
    for token in sentence_tokens(s):
        if token.pos_ != "VERB" or token.lemma_ not in BRINGING or denied_or_negated(token):
            continue
        if not any(c.dep_ == "nsubjpass" and c.lower_ in CHARGE_NOUNS for c in token.children):
            continue
        accused = [
            g for c in token.children if c.dep_ == "prep" and c.lower_ == "against" for g in c.children if g.dep_ == "pobj"
        ]
        blamed = [m for a in accused for m in blamed_np(talk, s, a, kinds)]
        if blamed:
            agents = [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            return token, blamed, phrase_mention(s, agents[0], kinds) if agents else None
    return None


def _roles(talk: Discourse, claim: str, predicate: str) -> list[str]:
    return [o for r in talk.out.relations if r.subject == claim and r.predicate == predicate for o in r.objects]


def _ids(mentions: list[Mention]) -> list[str]:
    return list(dict.fromkeys(m.entity for m in mentions))


def _new_frame(talk: Discourse, s: Sentence, subject: str | None, publisher: str | None, kinds: Kinds) -> str | None:
    """A claim one of this module's frames finds in a sentence no other rule made one for."""
    punished = punishing_roles(talk, s, kinds) or sanction_roles(talk, s, kinds)
    if punished is not None:
        cue, blamed, claimant = punished
        ids = _ids(blamed)
        claimant_id = claimant.entity if claimant is not None and claimant.entity not in ids else None
        if claimant is None and not any(c.dep_ == "nsubj" for c in cue.children) and talk.claim:
            claimant_id = next(iter(_roles(talk, talk.claim, "claimant")), None)  # "… are also named for …"
        make_claim(talk, s, ids, claimant_id, subject, "claim.frame")
        return "claim.frame"
    for rule, found in (("claim.frame", described_roles(talk, s, kinds)), ("claim.means", means_roles(s, kinds))):
        if found is None:
            continue
        cue, blamed = found
        ids = _ids(blamed)
        who, said = reporter(talk, s, cue, kinds)
        claimant_id = who.entity if who is not None and who.entity not in ids else None if said else publisher
        make_claim(talk, s, ids, claimant_id, subject, rule)
        return rule
    return None


def _reporters(talk: Discourse, s: Sentence, claim: str, kinds: Kinds) -> None:
    """The named subject of the sentence's main reporting verb claims what the sentence reports; 'it' is the
    organisation the sentence names for it; a document subject ('the indictment accuses …') is the last
    claim's maker."""
    root = s.span.root  # type: ignore[attr-defined]  # a spaCy Span
    blamed = set(_roles(talk, claim, "attributedTo"))
    found: list[str] = []
    said = [c for c in root.children if c.dep_ in ("ccomp", "parataxis")]
    aside = {t.i for c in said for x in c.subtree if x.dep_ == "advcl" for t in x.subtree}  # "… since X leaked"
    reported = [(t.idx, t.idx + len(t)) for c in said for t in c.subtree if t.i not in aside]
    inside = any(m.entity in blamed and any(a <= m.start < b for a, b in reported) for m in s.mentions)  # what it reports
    if inside and (root.lemma_ in SAY_LEMMAS or root.lemma_ in CLAIM_VERBS) and not denied_or_negated(root):
        who = claimant_of(talk, s, root, kinds) if any(c.dep_ == "nsubj" for c in root.children) else None
        if who is not None and who.entity not in blamed:
            found.append(who.entity)
    if found:
        talk.relate(claim, "claimant", found, s, 0.4, rule="claim.reporter")


def _documents(talk: Discourse, s: Sentence, claim: str, previous: str | None, kinds: Kinds) -> None:
    """'The indictment / report / sanctions list accuses Y' names no maker: the maker of the claim before it."""
    if previous is None or _roles(talk, claim, "claimant"):
        return
    for token in sentence_tokens(s):
        if token.dep_ != "nsubj" or token.lower_ not in DOCUMENTS or phrase_mention(s, token, kinds) is not None:
            continue
        if any(c.dep_ == "poss" for c in token.children):
            continue
        makers = [c for c in _roles(talk, previous, "claimant") if c not in _roles(talk, claim, "attributedTo")]
        if makers:
            talk.relate(claim, "claimant", makers, s, 0.4, rule="claim.continued")
            return


STATE_BODIES = {
    "military",
    "army",
    "navy",
    "service",
    "agency",
    "intelligence",
    "directorate",
    "bureau",
    "police",
    "forces",
    "command",
    "ministry",
    "government",
}


LINKING = {"link", "back", "sponsor", "support", "affiliate", "tie", "connect", "direct", "fund"}


def _linked_states(s: Sentence, m: Mention) -> list[Mention]:
    """'a China-linked group X', 'Kremlin-backed hackers': the state named in the hyphenated modifier."""
    token = next((t for t in sentence_tokens(s) if m.start <= t.idx < m.end), None)
    heads = [token, token.head] if token is not None and token.dep_ in ("appos", "compound") else [token]
    if token is not None and token.dep_ in ("oprd", "attr", "dobj") and token.head.dep_ == "acl":
        heads.append(token.head.head)  # "a China-linked group called X"
    found = []
    for head in (h for h in heads if h is not None):
        for mod in (c for c in head.children if c.dep_ == "amod" and c.lemma_ in LINKING):
            found += [x for c in mod.children if (x := mention_at(s, c, ("State",))) is not None and c.i < mod.i]
    return found


def _agencies(talk: Discourse, s: Sentence, claim: str) -> None:
    """'the Chinese military', 'the Russian Foreign Intelligence Service' blamed: their state is blamed too; so is
    the state a blamed group is 'linked to / backed by' in a hyphenated modifier ('a China-linked group')."""
    blamed = set(_roles(talk, claim, "attributedTo"))
    states: list[str] = []
    for m in s.mentions:
        if m.entity not in blamed:
            continue
        inner = [x for x in s.mentions if x.kind == "State" and x.start == m.start and x.end < m.end]
        body = m.kind == "Organisation" and m.label.split()[-1].lower() in STATE_BODIES
        linked = _linked_states(s, m) if m.kind in ("Organisation", "Collective") else []
        states += [x.entity for x in [*(inner if body else []), *linked] if x.entity not in blamed and x.entity not in states]
    if states:
        talk.relate(claim, "attributedTo", states, s, 0.4, rule="claim.agency")


CLAIM_REFS = {"charges", "indictment", "indictments", "accusation", "accusations", "allegations", "attribution", "sanctions"}


def _follow_up(talk: Discourse, s: Sentence, claim: str, kinds: Kinds) -> None:
    """'X said the charges were the first of their kind': who speaks of the claim just made as a fact of the
    story joins its claimants — not one it blames, nor one who dismisses it ('called the charges baseless')."""
    blamed = set(_roles(talk, claim, "attributedTo"))
    for verb in sentence_tokens(s):
        if verb.lemma_ not in SAY_LEMMAS or verb.pos_ != "VERB" or denied_or_negated(verb):
            continue
        said = [c for c in verb.children if c.dep_ == "ccomp"]
        about = [
            x
            for c in said
            for x in c.children
            if x.dep_ in SUBJECTS and x.lower_ in CLAIM_REFS and any(d.lower_ in ("the", "these", "this") for d in x.children)
        ]
        if not about or any(t.lower_ in DISMISSALS or negated_word(t) for c in said for t in c.subtree):
            continue
        who = claimant_of(talk, s, verb, kinds) if any(c.dep_ == "nsubj" for c in verb.children) else None
        inner = {m.entity for m in s.mentions if who is not None and who.start <= m.start and m.end <= who.end}
        if who is not None and not (inner | {who.entity}) & blamed:
            talk.relate(claim, "claimant", who.entity, s, 0.4, rule="claim.continued")
            return


def negated_word(token: Token) -> bool:
    return token.dep_ == "neg" or token.lower_ in ("no", "never")


def unowned_claim(s: Sentence, at: int) -> bool:
    """Whether the mention at `at` lies in what a claim noun says with no maker named ('over what it called
    accusations that X had attempted …', 'allegations that X …'): nobody the sentence names makes that claim."""
    token = next((t for t in sentence_tokens(s) if t.idx == at), None)
    for _ in range(6):
        if token is None or token.head.i == token.i:
            return False
        token = token.head
        if token.lower_ in CLAIM_NOUNS:
            return not any(c.dep_ == "poss" for c in token.children)
        if token.pos_ == "VERB" and (token.lemma_ in SAY_LEMMAS or token.lemma_ in CLAIM_VERBS):
            return False
    return False


def find_frames(
    talk: Discourse, s: Sentence, incident: str | None, publisher: str | None, previous: str | None, kinds: Kinds
) -> None:
    """The frames of this module for one sentence, after graph.extract_relations' claim rules; `previous` is the
    claim the discourse held before the sentence."""
    if s.span is None:
        return
    subject = incident or talk.incident
    made = talk.claim is not None and talk.claim != previous
    if not made:
        filed = filed_against(talk, s, kinds) if previous is not None else None
        if filed is not None and previous is not None:  # "the charges were filed against A, B and C"
            talk.relate(previous, "attributedTo", _ids(filed[1]), s, 0.4, rule="claim.continued")
            return
        made = _new_frame(talk, s, subject, publisher, kinds) is not None
    if not made and previous is not None:
        _follow_up(talk, s, previous, kinds)
    if not made or talk.claim is None:
        return
    _reporters(talk, s, talk.claim, kinds)
    _documents(talk, s, talk.claim, previous, kinds)
    _agencies(talk, s, talk.claim)


OWN_SIDE = {"we", "i", "it", "they"}
OWN_POSS = {"our", "their", "its", "my"}
TAKING = {"take", "claim", "bear", "accept", "assume"}


def _disowns(clause: Token) -> bool:
    """'… is not taking any responsibility for', '… was not behind / responsible for', '… had nothing to do with'."""
    not_ = any(c.dep_ == "neg" for c in clause.children)
    if clause.lemma_ in TAKING and not_:
        return any(c.dep_ == "dobj" and c.lower_ == "responsibility" for c in clause.children)
    if clause.lemma_ == "be" and not_:
        return any(c.lower_ in ("behind", "responsible") and c.dep_ in ("prep", "acomp") for c in clause.children)
    return clause.lemma_ == "have" and any(
        c.dep_ == "dobj" and c.lower_ == "nothing" and any(r.lemma_ == "do" for r in c.children) for c in clause.children
    )


def _speaker(talk: Discourse, s: Sentence, verb: Token, kinds: Kinds) -> Mention | None:
    """The reporting verb's subject: a mention, or the unnamed speaker graph.extract_statements described there."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects:
        return None
    found = claimant_of(talk, s, verb, kinds)
    if found is not None:
        return found
    head = subjects[0]
    return next(
        (
            m
            for m in talk.out.mentions
            if m.kind == "Person" and m.sentence == s.text and head.left_edge.idx <= m.start <= head.idx < m.end
        ),
        None,
    )


def _own_denial(talk: Discourse, s: Sentence, kinds: Kinds) -> tuple[Mention, Token] | None:
    """(speaker, verb) for a speaker who says their own side was not behind the attack: 'a source told X that
    their government is not taking any responsibility for the hack', 'we had nothing to do with it'."""
    for verb in sentence_tokens(s):
        if verb.pos_ != "VERB" or verb.lemma_ not in SAY_LEMMAS or denied_or_negated(verb):
            continue
        for clause in (c for c in verb.children if c.dep_ == "ccomp" and _disowns(c)):
            subjects = [c for c in clause.children if c.dep_ == "nsubj"]
            own = any(x.lower_ in OWN_SIDE or any(p.lower_ in OWN_POSS for p in x.children if p.dep_ == "poss") for x in subjects)
            speaker = _speaker(talk, s, verb, kinds)
            if own and speaker is not None and (talk.claim is not None or _attack_in(list(clause.subtree))):
                return speaker, verb
    return None


def find_own_denial(talk: Discourse, s: Sentence, incident: str | None, kinds: Kinds) -> None:
    """A denial with no deny verb (rule denial.own): the speaker who says their own side did not do it denies the
    last claim, about its incident (graph.extract_claims.find_denial reads the deny verbs)."""
    if s.cues(DENY_CUES, talk.quotes):
        return
    found = _own_denial(talk, s, kinds)
    if found is None:
        return
    denial = talk.new("Denial", "Denial", PLACEHOLDER, s, 0.5)
    talk.relate(denial, "claimant", found[0].entity, s, 0.45, rule="denial.own")
    subject = incident or talk.claim_incident
    if subject:
        talk.relate(denial, "subject", subject, s, 0.45, rule="denial.own")
    if talk.claim:
        talk.relate(denial, "denies", talk.claim, s, 0.45, rule="denial.own")
