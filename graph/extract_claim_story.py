"""The story around an attribution claim, after graph.extract_relations' claim rules and this module's frames
(graph.extract_claim_frames) have read a sentence: what the next sentences add and who else makes the claim.

- claim.continued: 'the charges were filed against A, B and C' after a claim blames A, B and C with it; 'the
  indictment / report / list accuses Y' is the claim of whoever made the last one; 'X said the charges were the
  first of their kind' makes X a claimant too (not one who dismisses them, nor one blamed).
- claim.reporter: who reports a claim made in the sentence claims it too ('X indicted Y for hacking, the Justice
  Department said') — only for what the reporting verb's clause says, not a background clause ('since Y leaked').
- claim.agency: a state body blamed by its demonym ('the Chinese military') brings its state; so does the state
  a blamed group is linked to by a hyphenated modifier ('a China-linked group called X').
- denial.own: a speaker who says their own side did not do it ('their government is not taking any
  responsibility for the hack') denies the last claim, with no deny verb."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cyberkg.graph.extract_claim_acts import (
    SINGLING,
    attribution_noun,
    endorsers,
    filed_against,
    held_responsible,
    measures_target,
    named_culprit,
    self_claims,
    warrant_roles,
)
from cyberkg.graph.extract_claim_forms import DISMISSALS, according_to, attack_thing
from cyberkg.graph.extract_claim_frames import (
    ACTOR_NOUNS,
    DOCUMENTS,
    attack_in,
    claimant_of,
    described,
    described_roles,
    means_roles,
    negated_word,
    punishing_roles,
    sanction_roles,
)
from cyberkg.graph.extract_claim_roles import (
    CLAIM_VERBS,
    Kinds,
    blamed_phrase,
    cue_tokens,
    denied_or_negated,
    mention_at,
    phrase_mention,
    reporter,
    sentence_tokens,
)
from cyberkg.graph.extract_claim_sponsors import behest_sponsors
from cyberkg.graph.extract_claims import make_claim
from cyberkg.graph.extract_labels import PLACEHOLDER
from cyberkg.graph.extract_lexicon import DENY_CUES
from cyberkg.graph.extract_parse import SAY_LEMMAS, SUBJECTS

if TYPE_CHECKING:
    from spacy.tokens import Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence
    from cyberkg.graph.extract_types import Mention


def _roles(talk: Discourse, claim: str, predicate: str) -> list[str]:
    return [o for r in talk.out.relations if r.subject == claim and r.predicate == predicate for o in r.objects]


def _ids(mentions: list[Mention]) -> list[str]:
    return list(dict.fromkeys(m.entity for m in mentions))


TRACING = {"trace", "pin", "attribute", "link", "tie", "connect"}  # active: their subject makes the claim


def _new_frame(talk: Discourse, s: Sentence, subject: str | None, publisher: str | None, kinds: Kinds) -> str | None:
    """A claim one of this module's frames finds in a sentence no other rule made one for."""
    punished = (
        punishing_roles(talk, s, kinds)
        or sanction_roles(talk, s, kinds)
        or held_responsible(talk, s, kinds)
        or attribution_noun(s, kinds)
    )
    if punished is None and talk.incident is not None:  # "prosecutors issued an arrest warrant for Y" in an attack's story
        punished = warrant_roles(s, kinds)
    if punished is not None:
        cue, blamed, claimant = punished
        ids = _ids(blamed)
        claimant_id = claimant.entity if claimant is not None and claimant.entity not in ids else None
        if claimant is None and not any(c.dep_ == "nsubj" for c in cue.children) and talk.claim:
            claimant_id = next(iter(_roles(talk, talk.claim, "claimant")), None)  # "… are also named for …"
        make_claim(talk, s, ids, claimant_id, subject, "claim.frame")
        return "claim.frame"
    own = self_claims(s, kinds)
    if own is not None:  # "the group X claimed the attack": its own claim
        ids = _ids(own[1])
        make_claim(talk, s, ids, ids[0], subject, "claim.frame")
        return "claim.frame"
    frames = (("claim.frame", named_culprit(s, kinds)), ("claim.frame", described_roles(talk, s, kinds)))
    for rule, found in (*frames, ("claim.means", means_roles(s, kinds))):
        if found is None:
            continue
        cue, blamed = found
        ids = _ids(blamed)
        who, said = reporter(talk, s, cue, kinds)
        if cue.pos_ == "VERB" and cue.lemma_ in SINGLING:  # "X named Y as the culprit": X
            who, said = claimant_of(talk, s, cue, kinds), True
        elif cue.lemma_ in TRACING and any(c.dep_ == "nsubj" for c in cue.children):  # "X traced the attack to Y"
            who, said = claimant_of(talk, s, cue, kinds) or who, True
        claimant_id = who.entity if who is not None and who.entity not in ids else None if said else publisher
        make_claim(talk, s, ids, claimant_id, subject, rule)
        return rule
    return None


def _reporters(talk: Discourse, s: Sentence, claim: str, kinds: Kinds) -> None:
    """The named subject of the sentence's main reporting verb claims what the sentence reports ('it' is the
    organisation the sentence names for it); a claim nobody in it makes is the source's of 'according to X'."""
    root = s.span.root  # type: ignore[attr-defined]  # a spaCy Span
    blamed = set(_roles(talk, claim, "attributedTo"))
    found: list[str] = []
    said = [c for c in root.children if c.dep_ in ("ccomp", "parataxis")]
    said += [  # "X cited officials as saying Y did it"
        x
        for c in root.children
        if c.dep_ == "prep" and c.lower_ == "as"
        for p in c.children
        if p.dep_ == "pcomp"
        for x in p.children
        if x.dep_ == "ccomp"
    ]
    aside = {t.i for c in said for x in c.subtree if x.dep_ == "advcl" for t in x.subtree}  # "… since X leaked"
    reported = [(t.idx, t.idx + len(t)) for c in said for t in c.subtree if t.i not in aside]
    inside = any(m.entity in blamed and any(a <= m.start < b for a, b in reported) for m in s.mentions)  # what it reports
    if inside and (root.lemma_ in SAY_LEMMAS or root.lemma_ in CLAIM_VERBS) and not denied_or_negated(root):
        who = claimant_of(talk, s, root, kinds) if any(c.dep_ == "nsubj" for c in root.children) else None
        if who is not None and who.entity not in blamed:
            found.append(who.entity)
    if not found and not _roles(talk, claim, "claimant"):  # "According to X, Y was behind the attack"
        found = [m.entity for m in according_to(s, kinds) if m.entity not in blamed]
    if found:
        talk.relate(claim, "claimant", found, s, 0.4, rule="claim.reporter")


def _documents(talk: Discourse, s: Sentence, claim: str, previous: str | None, kinds: Kinds) -> None:
    """'The indictment / report / sanctions list accuses Y' names no maker: the maker of the claim before it."""
    if previous is None or _roles(talk, claim, "claimant"):
        return
    for token in cue_tokens(s, DOCUMENTS):
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


def _state_body(m: Mention, last: bool = False) -> bool:
    """An organisation a state has: 'the Chinese military', 'China's Ministry of State Security' (with `last`,
    only a name ending in such a word)."""
    words = m.label.lower().split()
    return m.kind == "Organisation" and bool(set(words[-1:] if last else words) & STATE_BODIES)


def _state_of(s: Sentence, m: Mention) -> list[Mention]:
    """The state a body is named with: 'the Chinese military', 'South Korea's National Intelligence Service'."""
    return [
        x
        for x in s.mentions
        if x.kind == "State"
        and (x.start == m.start and x.end < m.end or x.end < m.start and s.doc_text[x.end : m.start] in ("'s ", "’s "))
    ]


def _agencies(talk: Discourse, s: Sentence, claim: str) -> None:
    """'the Chinese military', 'the Russian Foreign Intelligence Service' blamed: their state is blamed too; so is
    the state a blamed group is 'linked to / backed by' in a hyphenated modifier ('a China-linked group')."""
    blamed = set(_roles(talk, claim, "attributedTo"))
    states: list[str] = []
    for m in s.mentions:
        if m.entity not in blamed:
            continue
        inner = _state_of(s, m)
        body = _state_body(m)
        linked = _linked_states(s, m) if m.kind in ("Organisation", "Collective") else []
        states += [x.entity for x in [*(inner if body else []), *linked] if x.entity not in blamed and x.entity not in states]
    if states:
        talk.relate(claim, "attributedTo", states, s, 0.4, rule="claim.agency")
    claimants = set(_roles(talk, claim, "claimant"))
    bodies = [m for m in s.mentions if m.entity in claimants and _state_body(m, last=True)]  # "…'s intelligence service"
    own = [x.entity for m in bodies for x in _state_of(s, m)]
    own = [e for e in dict.fromkeys(own) if e not in claimants and e not in blamed]
    if own:  # "South Korea's intelligence service said …": its state claims it too
        talk.relate(claim, "claimant", own, s, 0.4, rule="claim.agency")


CLAIM_REFS = {"charges", "indictment", "indictments", "accusation", "accusations", "allegations", "attribution", "sanctions"}


# Sponsorship, not mere association: "a group linked to X" is only described by X (the hyphenated "an X-linked
# group" is read by _linked_states).
BACKING = {"affiliate", "back", "sponsor", "direct", "operate", "act", "work", "support"}


def _sponsored(talk: Discourse, s: Sentence, claim: str, kinds: Kinds) -> None:
    """'malicious cyber actors affiliated with X', 'hackers operating under the direction of X' in a sentence that
    makes a claim: the described group and the body behind it are blamed (rule claim.agency)."""
    found: list[str] = []
    for token in cue_tokens(s, ACTOR_NOUNS):
        backing = [c for c in token.children if c.dep_ == "acl" and c.lemma_ in BACKING] if token.lower_ in ACTOR_NOUNS else []
        if not backing or denied_or_negated(token):
            continue
        span = [(t.idx, t.idx + len(t)) for c in backing for t in c.subtree if t.i > c.i]
        inside = [m for m in s.mentions if m.kind in kinds and any(a <= m.start < b for a, b in span)]
        inside = [m for m in inside if not any(o is not m and o.start <= m.start and m.end <= o.end for o in inside)]
        bodies = [m for m in inside if m.kind != "State"] or inside
        group = described(talk, s, token) if bodies else None
        found += [m.entity for m in [*([group] if group else []), *bodies] if m.entity not in found]
    found += [m.entity for _, m in behest_sponsors(s, kinds)]  # "believed to be acting at the behest of X"
    blamed = set(_roles(talk, claim, "attributedTo"))
    found = [e for e in dict.fromkeys(found) if e not in blamed and e not in _roles(talk, claim, "claimant")]
    if found:
        talk.relate(claim, "attributedTo", found, s, 0.4, rule="claim.agency")


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
            if x.dep_ in SUBJECTS
            and (x.lower_ in CLAIM_REFS or _alleged_attack(x))
            and any(d.lower_ in ("the", "these", "this") for d in x.children)
        ]
        if not about or any(t.lower_ in DISMISSALS or negated_word(t) for c in said for t in c.subtree):
            continue
        who = claimant_of(talk, s, verb, kinds) if any(c.dep_ == "nsubj" for c in verb.children) else None
        inner = {m.entity for m in s.mentions if who is not None and who.start <= m.start and m.end <= who.end}
        if who is not None and not (inner | {who.entity}) & blamed:
            talk.relate(claim, "claimant", who.entity, s, 0.4, rule="claim.continued")
            return


def _alleged_attack(token: Token) -> bool:
    """'the alleged hacking campaign': the attack a claim is about, named as alleged."""
    return attack_thing(token) and any(c.dep_ == "amod" and c.lower_ in ("alleged", "suspected") for c in token.children)


MEMBERSHIP = {"member", "members", "part"}
MEMBERSHIP_CUES = MEMBERSHIP | {"belong"}  # the words _members first tests a token for


def _members(talk: Discourse, s: Sentence, claim: str, kinds: Kinds) -> None:
    """'X was a member of Y', 'X is believed to be part of the group known as Y', 'X belongs to Y' about one the
    claim blames: Y is blamed too (the body the blamed one acts in)."""
    blamed = set(_roles(talk, claim, "attributedTo"))
    found: list[str] = []
    for token in cue_tokens(s, MEMBERSHIP_CUES):
        if token.lower_ in MEMBERSHIP and token.dep_ == "attr" and token.head.lemma_ == "be":
            be = token.head
            members = [c for c in be.children if c.dep_ == "nsubj"]
            if not members and be.dep_ == "xcomp":  # "X is believed to be part of Y"
                verb = (
                    be.head.head if be.head.dep_ == "conj" and not any(c.dep_ in SUBJECTS for c in be.head.children) else be.head
                )
                members = [c for c in verb.children if c.dep_ in SUBJECTS]  # "X was sought and is believed to be …"
            bodies = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        elif token.lemma_ == "belong" and token.pos_ == "VERB":
            members = [c for c in token.children if c.dep_ == "nsubj"]
            bodies = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
        else:
            continue
        if denied_or_negated(token) or denied_or_negated(token.head):
            continue
        who = [m for x in members if (m := mention_at(s, _antecedent(x), kinds)) is not None]
        if any(m.entity in blamed for m in who):
            found += [m.entity for b in bodies if (m := blamed_phrase(s, b, kinds)) is not None and m.entity not in blamed]
    if found:
        talk.relate(claim, "attributedTo", found, s, 0.4, rule="claim.continued")


def _antecedent(token: Token) -> Token:
    """A relative pronoun's noun ('Badin, who is believed to be …'); other tokens as they are."""
    return token.head.head if token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl" else token


def find_claim_frames(
    talk: Discourse, s: Sentence, incident: str | None, publisher: str | None, previous: str | None, kinds: Kinds
) -> None:
    """The frames of this module for one sentence, after graph.extract_relations' claim rules; `previous` is the
    claim the discourse held before the sentence."""
    if s.span is None:
        return
    subject = incident or talk.incident
    made = talk.claim is not None and talk.claim != previous
    if not made:
        filed = (filed_against(talk, s, kinds) or measures_target(talk, s, kinds)) if previous is not None else None
        if filed is not None and previous is not None:  # "the charges were filed against A, B and C"
            talk.relate(previous, "attributedTo", _ids(filed[1]), s, 0.4, rule="claim.continued")
            return
        made = _new_frame(talk, s, subject, publisher, kinds) is not None
    if not made and previous is not None:
        _follow_up(talk, s, previous, kinds)
    if talk.claim is not None:
        _members(talk, s, talk.claim, kinds)
    if not made or talk.claim is None:
        return
    _sponsored(talk, s, talk.claim, kinds)
    _reporters(talk, s, talk.claim, kinds)
    _documents(talk, s, talk.claim, previous, kinds)
    joined = endorsers(s, set(_roles(talk, talk.claim, "attributedTo")), kinds)  # "A and B agreed with the X assessment"
    if joined:
        talk.relate(talk.claim, "claimant", list(dict.fromkeys(m.entity for m in joined)), s, 0.4, rule="claim.issued")
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
            if own and speaker is not None and (talk.claim is not None or attack_in(list(clause.subtree))):
                return speaker, verb
    return None


STATEMENT_NOUNS = {"statement", "statements", "communique", "release", "note"}


def _person_at(talk: Discourse, s: Sentence, token: Token, kinds: Kinds) -> Mention | None:
    """The mention at a noun: a name, or the unnamed person graph.extract_statements described there."""
    found = mention_at(s, token, kinds)
    if found is not None:
        return found
    return next(
        (m for m in talk.out.mentions if m.kind == "Person" and m.sentence == s.text and m.start <= token.idx < m.end), None
    )


def _denying(talk: Discourse, s: Sentence, kinds: Kinds) -> tuple[Mention, Token] | None:
    """(denier, cue) for a participle denial: 'a statement by an official … denying any attacks had occurred',
    'X issued a statement, denying involvement' — the noun's maker, or the clause's subject."""
    for token in cue_tokens(s, ("deny", "reject", "refute")):
        if token.tag_ != "VBG" or token.lemma_ not in ("deny", "reject", "refute") or denied_or_negated(token.head):
            continue
        head = token.head
        if token.dep_ == "acl" and head.lower_ in STATEMENT_NOUNS:  # "a statement by X denying …"
            makers = [c for c in head.children if c.dep_ == "poss"]
            makers += [g for c in head.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"]
        elif token.dep_ == "acl":
            makers = [head]  # "an official from the ministry denying …"
        elif token.dep_ == "advcl":  # "X broke its silence, denying …"; "Y carried a statement by X, denying …"
            nouns = [c for c in head.children if c.dep_ == "dobj" and c.lower_ in STATEMENT_NOUNS]
            makers = [g for h in (head, *nouns) for c in h.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children]
            makers = [g for g in makers if g.dep_ == "pobj"] or [c for c in head.children if c.dep_ == "nsubj"]
        else:
            continue
        found = next((m for x in makers if (m := _person_at(talk, s, x, kinds)) is not None), None)
        if found is not None:
            return found, token
    return None


def find_own_denial(talk: Discourse, s: Sentence, incident: str | None, kinds: Kinds) -> None:
    """A denial with no deny verb (rule denial.own): the speaker who says their own side did not do it denies the
    last claim, about its incident (graph.extract_claims.find_denial reads the deny verbs)."""
    if s.cues(DENY_CUES, talk.quotes):
        return
    found = _own_denial(talk, s, kinds) or _denying(talk, s, kinds)
    if found is None:
        return
    denial = talk.new("Denial", "Denial", PLACEHOLDER, s, 0.5)
    talk.relate(denial, "claimant", found[0].entity, s, 0.45, rule="denial.own")
    subject = incident or talk.claim_incident
    if subject:
        talk.relate(denial, "subject", subject, s, 0.45, rule="denial.own")
    if talk.claim:
        talk.relate(denial, "denies", talk.claim, s, 0.45, rule="denial.own")
