"""Attribution claims the dependency parse shows beyond the blame verbs of graph.extract_parse: who claims,
who is blamed, who sponsors, who is the victim (the parse readings are in graph.extract_claim_roles). Each
construction is a rule of news writing:

- claim.suspect: "X is a likely suspect / the culprit", "X were the actors responsible for …", "one team of
  hackers, dubbed X, was responsible", the cleft "it was X that did the hacking" — X is blamed; the claimant
  is the subject of the reporting or believing verb above ("…, said Y", "Y determined that …").
- claim.nominal: "Y hinted at a possible Russian link", "allegations of Chinese involvement" — the actor that
  modifies link/involvement/role/hand is blamed, the claim verb's subject (or the claim noun's holder)
  claims; "Z claimed responsibility for the attack" is Z's claim about itself.
- claim.linked: "X has been linked to the attack" — X is blamed ("which" is the noun before it).
- claim.instrument: "attack techniques / malware used by X against Y" — X blamed, Y the victim.
- claim.sponsor: an attack done by a group the text describes ("its networks had been breached by hackers
  working for the Russian government"): the group and its sponsor ("working for", "on behalf of", "backed
  by" X; a government's state with it) are blamed by whoever reports it; "its" is that reporter.
- The claimant of a blame verb is the verb's own subject or agent, never a name that merely stands before
  it ("a technique widely attributed to X" has none); a claim made by an unnamed subject ("investigators
  said") is not the publisher's. Negated or denied claims make none ("did not blame", "no evidence of
  Russian involvement"), nor a possible one ("could be used by").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cyberkg.graph.extract_claim_forms import (
    according_to,
    attribution_issuers,
    charge_roles,
    condemn_roles,
    condemners,
    coordinated_with,
    denier,
    origin_roles,
    perpetrated_roles,
    rebuttal,
)
from cyberkg.graph.extract_claim_roles import (
    CLAIM_VERBS,
    Kinds,
    blamed_phrase,
    conjuncts,
    denied_claim_noun,
    group_label,
    incident_noun,
    linked_roles,
    linked_thing_is_attack,
    mention_at,
    nominal_roles,
    noun_phrase,
    reporter,
    subject_mention,
    suspect_roles,
    to_objects,
    token_at,
    victim_pronoun,
)
from cyberkg.graph.extract_claim_sponsors import instrument_roles, sponsored_attack
from cyberkg.graph.extract_discourse import BLAMEABLE
from cyberkg.graph.extract_labels import PLACEHOLDER
from cyberkg.graph.extract_lexicon import ATTACK_CUES, DENY_CUES
from cyberkg.graph.extract_parse_incidents import accused_of_other

if TYPE_CHECKING:
    from spacy.tokens import Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence
    from cyberkg.graph.extract_types import Mention


def make_claim(
    talk: Discourse, s: Sentence, blamed: str | list[str], claimant: str | None, subject: str | None, rule: str
) -> str:
    """An attribution claim with who is blamed, who claims it and the incident it is about."""
    claim = talk.new("AttributionClaim", "AttributionClaim", PLACEHOLDER, s, 0.5)
    talk.relate(claim, "attributedTo", blamed, s, 0.5, rule=rule)
    talk.claim = claim
    if claimant:
        blamed_ids = [blamed] if isinstance(blamed, str) else blamed
        others = [e for e in coordinated_with(s, claimant, BLAMEABLE) if e not in blamed_ids]
        talk.relate(claim, "claimant", [claimant, *others], s, 0.45, rule=rule)
    if subject:
        talk.relate(claim, "subject", subject, s, 0.5, rule=rule)
        talk.claim_incident = subject
    return claim


def _claimant_id(claimant: Mention | None, said: bool, publisher: str | None, blamed: list[str]) -> str | None:
    """The claimant's id; an unnamed subject ('investigators said') is nobody we know, not the publisher."""
    if claimant is not None and claimant.entity not in blamed:
        return claimant.entity
    return None if said or claimant is not None else publisher


def _with_states(talk: Discourse, entities: list[str]) -> list[str]:
    """A government blamed brings its state: 'working for the Russian government' blames Russia too."""
    out = list(entities)
    for e in entities:
        state = e[4:] if e.startswith("gov-") else None
        if state and (state in talk.extractor.kinds or state in talk.extractor.known) and state not in out:
            out.append(state)
    return out


def _join_condemners(talk: Discourse, s: Sentence, kinds: Kinds) -> None:
    """'Y also condemned the attacks, saying "… calls on X to cease …"' after a claim blaming X: Y takes up that
    claim — only with 'also' or with one of its blamed named in the sentence (rule claim.issued)."""
    claim = talk.claim
    found = condemners(s, kinds) if claim is not None else []
    if claim is None or not found:
        return
    blamed = {o for r in talk.out.relations if r.subject == claim and r.predicate == "attributedTo" for o in r.objects}
    named = {m.entity for m in s.mentions}
    for verb, subjects in found:
        also = any(c.lower_ in ("also", "too") for c in verb.children)
        joined = [m.entity for m in subjects if m.entity not in blamed]
        if joined and (also or named & blamed):
            talk.relate(claim, "claimant", joined, s, 0.4, rule="claim.issued")


def find_claims(
    talk: Discourse, s: Sentence, incident: str | None, publisher: str | None, kinds: Kinds, attack_verbs: set[str]
) -> str | None:
    """The rule id of the claim this module's rules find in the sentence (the first construction that applies)."""
    if s.span is None:
        return None
    subject = incident or talk.incident
    issuers = attribution_issuers(s, kinds) if talk.claim else []
    if issuers and talk.claim:  # "X, Y and Z issued attribution statements": the attribution just reported
        talk.relate(talk.claim, "claimant", [m.entity for m in issuers], s, 0.45, rule="claim.issued")
    _join_condemners(talk, s, kinds)
    for rule, roles in (
        ("claim.suspect", suspect_roles(s, kinds)),
        ("claim.nominal", nominal_roles(s, kinds)),
        ("claim.linked", linked_roles(s, kinds)),
        ("claim.condemn", condemn_roles(s, kinds)),
        ("claim.perpetrated", perpetrated_roles(s, kinds)),
        ("claim.origin", origin_roles(s, kinds)),
    ):
        for cue, blamed_m in roles[:1]:
            blamed = _with_states(talk, list(dict.fromkeys(m.entity for m in blamed_m)))
            claimant_id: str | None = blamed[0]  # "Z claimed responsibility": Z's own claim
            claimant = None
            if cue.lower_ != "responsibility":
                claimant, said = reporter(talk, s, cue.head if rule == "claim.suspect" and cue.lemma_ != "be" else cue, kinds)
                claimant_id = _claimant_id(claimant, said, publisher, blamed)
            sources = [m.entity for m in according_to(s, kinds) if m.entity not in blamed]
            unnamed = claimant is None or claimant_id == publisher
            if sources and cue.lower_ != "responsibility" and unnamed:  # "…, according to X, Y and Z"
                make_claim(talk, s, blamed, None, subject, rule)
                talk.relate(talk.claim or "", "claimant", sources, s, 0.45, rule=rule)
                return rule
            make_claim(talk, s, blamed, claimant_id, subject, rule)
            return rule
    charged = charge_roles(s, kinds)
    if charged:  # "X announced indictments against Y for hacking …"
        cue, blamed_m, heads = charged[0]
        blamed = _with_states(talk, list(dict.fromkeys(m.entity for m in blamed_m)))
        found = next((m for h in heads if (m := subject_mention(talk, s, h, kinds)) is not None), None)
        claimant, said = (found, True) if found is not None or heads else reporter(talk, s, cue, kinds)
        make_claim(talk, s, blamed, _claimant_id(claimant, said, publisher, blamed), subject, "claim.charge")
        return "claim.charge"
    used = instrument_roles(s, kinds)
    if used is not None:
        return _instrument_claim(talk, s, subject, publisher, kinds, used)
    sponsored = sponsored_attack(s, kinds, attack_verbs)
    if sponsored is None:
        return None
    cue, doer, sponsors = sponsored
    start, end = group_label(doer)
    group = talk.group(s.doc_text[start:end], start, end, s)
    blamed = _with_states(talk, list(dict.fromkeys([group.entity, *(m.entity for m in sponsors)])))
    claimant, said = reporter(talk, s, cue.head if cue.lemma_ not in CLAIM_VERBS else cue, kinds)
    if subject is None:
        subject = talk.incident = talk.new("Incident", "Incident", f"Cyber attack{PLACEHOLDER}", s, 0.5, at=cue.idx)
    owner = victim_pronoun(cue, claimant)
    if owner is not None:
        talk.relate(subject, "victim", owner.entity, s, 0.5, rule="claim.sponsor")
    make_claim(talk, s, blamed, _claimant_id(claimant, said, publisher, blamed), subject, "claim.sponsor")
    return "claim.sponsor"


def _instrument_claim(
    talk: Discourse, s: Sentence, subject: str | None, publisher: str | None, kinds: Kinds, used: tuple[Token, Token, list[Token]]
) -> str:
    """'techniques used by the U.S.-led coalition against Islamic State, Carter said': the user is blamed,
    the target is the victim, the reporter claims it."""
    cue, user, targets = used
    doer = blamed_phrase(s, user, kinds)
    if doer is None:
        start, end = noun_phrase(user)
        doer = talk.group(s.doc_text[start:end], start, end, s)
    if subject is None:
        subject = talk.incident = talk.new("Incident", "Incident", f"Cyber attack{PLACEHOLDER}", s, 0.5, at=cue.idx)
    victims = [m.entity for t in targets for x in conjuncts(t) if (m := mention_at(s, x, kinds)) is not None]
    if victims:
        talk.relate(subject, "victim", victims, s, 0.5, rule="claim.instrument")
    claimant, said = reporter(talk, s, cue, kinds)
    blamed = _with_states(talk, [doer.entity])
    make_claim(talk, s, blamed, _claimant_id(claimant, said, publisher, blamed), subject, "claim.instrument")
    return "claim.instrument"


def blame_claimant(talk: Discourse, s: Sentence, at: int, kinds: Kinds, publisher: str | None) -> tuple[bool, str | None]:
    """(ok, claimant id) for the blame cue at `at` read by the parse: its subject or agent, else the reporting
    verb's subject above; none for a participle ('a technique widely attributed to X'). ok is False when
    the parse shows the cue blames nobody after it: a passive ('X was charged with …', read by claim.parse)
    or 'linked' said of something that is neither an attack nor an actor ('a network linked to SWIFT')."""
    token = token_at(s, at)
    if token is None:
        return True, None
    onto = [
        g
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in ("on", "to")
        for g in c.children
        if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME")
    ]  # "blamed on X", not "charged on Friday"
    if (
        any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)
        and not onto
        and not any(c.dep_ == "agent" for c in token.children)
    ):
        return False, None  # "X was charged with …": X is blamed, and claim.parse reads it
    if token.lemma_ in ("charge", "indict") and not ATTACK_CUES.search(s.text):
        return False, None  # charged with a crime that is no cyber attack: no attribution of an incident
    if accused_of_other(token):
        return False, None  # "accused Y of making the attack claim to justify …": a deed that is no attack
    if token.lemma_ in ("link", "tie", "connect") and (
        not linked_thing_is_attack(s, token, kinds) or any(incident_noun(g) for g in to_objects(token))
    ):
        return False, None  # "linked to the attack on Y" links two things; claim.linked reads who is blamed
    doer = token.head if token.pos_ == "NOUN" and token.head.pos_ == "VERB" else token  # "X mulled sanctions"
    subjects = [c for c in doer.children if c.dep_ == "nsubj"]
    subjects += [g for c in doer.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if subjects:
        claimant = subject_mention(talk, s, subjects[0], kinds)
        return True, claimant.entity if claimant else None
    claimant, said = reporter(talk, s, doer.head, kinds) if doer.head.i != doer.i else (None, False)
    if doer.dep_ in ("acl", "amod", "relcl"):  # "breaches attributed to X": only a reporting verb above claims it
        return True, claimant.entity if claimant else None
    return True, claimant.entity if claimant else (None if said else publisher)


def _denied_claim(talk: Discourse, s: Sentence, incident: str | None) -> None:
    """The claim a denial names as it rejects it: 'rejected accusations of Moscow's involvement in the attacks' is a
    claim blaming Moscow (a new one unless the last claim blames it); 'rejected the accusations made by Prague'
    makes Prague a claimant of the last claim."""
    found = denied_claim_noun(s, BLAMEABLE)
    if found is None:
        return
    blamed, makers = found
    ids = [m.entity for m in blamed]
    last = talk.claim
    held = {o for r in talk.out.relations if r.subject == last and r.predicate == "attributedTo" for o in r.objects}
    if ids and (last is None or not set(ids) <= held):
        make_claim(talk, s, ids, makers[0].entity if makers else None, incident or talk.incident, "claim.nominal")
    elif makers and last is not None:
        talk.relate(last, "claimant", [m.entity for m in makers if m.entity not in held], s, 0.4, rule="claim.continued")


def find_denial(talk: Discourse, s: Sentence, incident: str | None, negated_at: Callable[[Sentence, int], bool]) -> None:
    """A denial (rules denial, denial.parse): 'X denied / rejected …' by the deny verb's subject (a subject no
    name covers — 'the Russian Embassy in Berlin' — leaves the denier out, never a city inside it), else the
    name before the cue; 'X called the accusation baseless'; 'did not deny' is none. It denies the last claim."""
    cue = next(iter(s.cues(DENY_CUES, talk.quotes)), None)
    if cue is not None and negated_at(s, cue.start()):  # "did not deny"
        cue = None
    claimant, unnamed = denier(s, cue.start(), BLAMEABLE) if cue is not None else (None, False)
    if cue is not None and claimant is None and not unnamed:
        claimant = s.before(cue.start(), BLAMEABLE)
    rule = "denial"
    if claimant is None and not unnamed:  # "X described the accusation as groundless slander"
        claimant, rule = rebuttal(s, BLAMEABLE), "denial.parse"
    if claimant is None and not unnamed:
        return
    _denied_claim(talk, s, incident)
    denial = talk.new("Denial", "Denial", PLACEHOLDER, s, 0.5)
    if claimant is not None:
        talk.relate(denial, "claimant", claimant.entity, s, 0.5, rule=rule)
    subject = incident or talk.claim_incident
    if subject:
        talk.relate(denial, "subject", subject, s, 0.45, rule=rule)
    if talk.claim:
        talk.relate(denial, "denies", talk.claim, s, 0.45, rule=rule)
