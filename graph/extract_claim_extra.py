"""Two readings of a sentence after the sentence's other rules have run, from what they made in it:

- denial.speaker: a speaker whose words dismiss a claim ('"These accusations are groundless," the ministry's
  spokesman told reporters'; 'she urged the country to refrain from making unfounded claims') denies it. The
  speaker rules (graph.extract_statements) found who speaks; this adds the Denial that speech makes.
- claim.blame's object: the name after a blame verb across an attack word ('indicted for hacking U.S. banks',
  'accused of attacks on X', 'government-linked hackers launched attacks on X') is what was attacked, and
  the name after 'accused by' is who accuses: neither is blamed (not_blamed_after).
- incident.effect: what an attack did to its victim ('the attacks crippled / brought down / knocked out the
  servers of A, B and C', 'hundreds of organisations were affected by the hack, including A and B'): the
  bodies it hit (the owner of hit servers, networks, systems or websites) are victims.
- incident.group_state: an attack's victim described as a plural group of one state ('attacks on U.S. banks',
  'hacks of American companies', 'breaches at companies in the United States') hits that state as well
  (gold-guidelines: a demonym stands for its state). A single body ('a bank in Vietnam') is not its state.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cyberkg.graph.extract_claim_forms import CLAIM_OBJECTS, DISMISSALS
from cyberkg.graph.extract_labels import PLACEHOLDER
from cyberkg.graph.extract_lexicon import ATTACK_CUES
from cyberkg.graph.extract_parse_incidents import ATTACK_NOUNS
from cyberkg.graph.extract_syntax import expand, mention_at, negated

if TYPE_CHECKING:
    from spacy.tokens import Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence
    from cyberkg.graph.extract_types import Mention, Relation

# bodies of a state's economy or government a group names by its kind: hit together, they stand for the state
# ('U.S. banks'); a described set of targets, people or systems ('U.S. commercial targets') keeps its own name
BODY_NOUNS = frozenset(
    "companies firms banks businesses corporations entities contractors institutions agencies utilities "
    "operators hospitals universities organisations organizations".split()
)
VICTIM_KINDS = ("State", "Organisation", "Collective", "Person")
_CLAIM_WORDS = frozenset(CLAIM_OBJECTS) | {"accusation", "allegation", "claim", "charge"}


def not_blamed_after(text: str, cue_end: int, name_start: int) -> bool:
    """The words between a blame cue and the next name show the name is no one blamed: an attack word
    ('charged with hacking X': X was attacked) or 'by' ('accused by X': X accuses)."""
    gap = text[cue_end:name_start]
    return ATTACK_CUES.search(gap) is not None or re.match(r"\s*by\s", gap) is not None


def after_sentence(talk: Discourse, s: Sentence, since: int, incident: str | None) -> None:
    """The readings, on the relations the sentence's rules added (from index `since` of the article's list)."""
    if incident is not None:
        effect_victims(talk, s, incident)
    made = talk.out.relations[since:]
    if not made:
        return
    speaker_denial(talk, s, made)
    group_state_victims(talk, s, made)


EFFECT_VERBS = frozenset({"cripple", "paralyze", "paralyse", "disrupt", "affect", "hit", "infect", "down", "out"})
_PARTICLE_VERBS = {"down": {"bring", "take", "shut", "knock"}, "out": {"knock", "take"}}
SYSTEM_NOUNS = frozenset(
    "servers server networks network systems system computers computer websites website sites site "
    "infrastructure operations services".split()
)
_ATTACKS = frozenset(ATTACK_NOUNS) | {"ransomware", "malware", "virus", "worm", "cyberattacks", "cyber-attacks"}


def _hit_bodies(s: Sentence, token: Token) -> list[str]:
    """The named bodies a hit noun phrase stands for: each conjunct and 'including' item; for a system noun,
    its owner ('the servers of A', "A's networks")."""
    found: list[Mention] = []
    heads = [t for c in expand(token) for t in [c, *(g for x in c.children if x.lower_ == "including" for g in x.children)]]
    for t in [x for h in heads for x in expand(h)]:
        if t.lower_ in SYSTEM_NOUNS:
            owners = [c for c in t.children if c.dep_ == "poss"]
            owners += [g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
            found += [m for o in owners for x in expand(o) if (m := mention_at(s, x, VICTIM_KINDS)) is not None]
        elif (m := mention_at(s, t, VICTIM_KINDS)) is not None:
            found.append(m)
    return list(dict.fromkeys(m.entity for m in found))


def effect_victims(talk: Discourse, s: Sentence, incident: str) -> None:
    """Rule incident.effect: an attack noun as the subject of a disabling verb ('the attack crippled X', 'the
    hack brought down the servers of X'), or as the agent of a passive one ('X was hit by the attack'): X and
    the items listed with it are victims; a negated verb ('did not affect X') none."""
    words = s.words()
    if words.isdisjoint(EFFECT_VERBS) or words.isdisjoint(_ATTACKS):
        return
    for verb in s.tokens():
        if verb.pos_ != "VERB" or negated(verb):
            continue
        particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
        if not (verb.lemma_ in EFFECT_VERBS or verb.lemma_ in _PARTICLE_VERBS.get(particle or "", ())):
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if any(x.lemma_ in _ATTACKS or x.lower_ in _ATTACKS for x in subjects):
            hit = [c for c in verb.children if c.dep_ == "dobj"]
        elif any(x.lemma_ in _ATTACKS or x.lower_ in _ATTACKS for x in agents):
            holder = verb.head if verb.dep_ == "xcomp" else verb  # "X are reported to have been hit by …"
            hit = [c for c in holder.children if c.dep_ in ("nsubjpass", "nsubj")]
        else:
            continue
        hit += [g for c in verb.children if c.lower_ == "including" for g in c.children if g.dep_ == "pobj"]
        victims = [e for h in hit for e in _hit_bodies(s, h)]
        if victims:
            talk.relate(incident, "victim", victims, s, 0.45, rule="incident.effect")


def _dismissing(s: Sentence) -> bool:
    """The sentence dismisses a claim: a dismissal word ('groundless', 'fabricated', 'smear') and a claim noun
    ('accusation', 'allegations', 'claims', 'charges'), not negated ('not groundless')."""
    words = s.words()
    if words.isdisjoint(DISMISSALS) or words.isdisjoint(_CLAIM_WORDS):
        return False
    return not any(t.lower_ in DISMISSALS and any(c.dep_ == "neg" for c in (t, t.head) for c in c.children) for t in s.tokens())


def speaker_denial(talk: Discourse, s: Sentence, made: list[Relation]) -> None:
    """Rule denial.speaker: each speaker the sentence's statements name, when the sentence dismisses a claim,
    denies the last claim (about its incident); not one who makes the claim, nor a denier already read."""
    speakers = [o for r in made if r.predicate == "speaker" and r.subject.startswith("statement-") for o in r.objects]
    if not speakers or not _dismissing(s):
        return
    claimants = {o for r in talk.out.relations if r.predicate == "claimant" for o in r.objects}
    new = [e for e in dict.fromkeys(speakers) if e not in claimants]
    if not new:
        return
    denial = talk.new("Denial", "Denial", PLACEHOLDER, s, 0.5)
    talk.relate(denial, "claimant", new, s, 0.45, rule="denial.speaker")
    if talk.claim_incident:
        talk.relate(denial, "subject", talk.claim_incident, s, 0.45, rule="denial.speaker")
    if talk.claim:
        talk.relate(denial, "denies", talk.claim, s, 0.45, rule="denial.speaker")


def _head(s: Sentence, m: Mention) -> Token | None:
    """The token of a mention's span whose head lies outside it (the phrase's head noun)."""
    inside = [t for t in s.tokens() if m.start <= t.idx < m.end]
    return next((t for t in inside if not (m.start <= t.head.idx < m.end) or t.head.i == t.i), None)


def group_state_victims(talk: Discourse, s: Sentence, made: list[Relation]) -> None:
    """Rule incident.group_state: a victim that is a described group with a plural head noun and one state
    named inside it ('U.S. banks', 'several major American companies'), the head a kind of body, makes that state a victim too."""
    victims = [r for r in made if r.predicate == "victim"]
    if not victims:
        return
    # a group a rule described is in the article's mentions, not the sentence's (Discourse.group)
    recent = reversed(talk.out.mentions[-50:])
    groups = {m.entity: m for m in (*s.mentions, *recent) if m.kind == "Collective" and s.start <= m.start < s.end}
    for r in victims:
        for o in r.objects:
            group = groups.get(o)
            head = _head(s, group) if group is not None else None
            if group is None or head is None or head.tag_ not in ("NNS", "NNPS") or head.lower_ not in BODY_NOUNS:
                continue
            states = {m.entity for m in s.mentions if m.kind == "State" and group.start <= m.start and m.end <= group.end}
            if len(states) == 1 and not states & set(r.objects):
                talk.relate(r.subject, "victim", states.pop(), s, 0.45, rule="incident.group_state")
