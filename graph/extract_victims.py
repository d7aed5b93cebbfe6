"""Victims and participants in constructions the core parse rules (graph.extract_parse) leave out.

- A victim as the subject of what it underwent (rule incident.suffered): "X and Y both suffered online
  attacks", "X has been hit by a string of hacks",
  "X has been the victim of hacks", "X fell victim to a breach", "X may be a target of political
  hackers", "X had $12 million stolen"; "companies like A and B" are A and B.
- A victim that owns what was attacked (rule incident.owner): "X will investigate a cyberattack on its grid",
  "X said its servers were hacked" ("its" is the subject of the clause above; never a doer's, never "its customers").
- A victim the text describes rather than names (rule incident.described, graph.extract_described).
- The patient of an attack frame (rule incident.frame: frames in graph.extract_patients, their victims in
  graph.extract_described): "attacks were carried out against X", "an attempt to hack into X".
Testimony, hosted events and joint exercises are in graph.extract_scenes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from cyberkg.graph.extract_described import described_victims, frame_victims
from cyberkg.graph.extract_labels import PLACEHOLDER
from cyberkg.graph.extract_parse import (
    ATTACK_NOUNS,
    ATTACK_VERBS,
    mentions_of,
    negated,
)
from cyberkg.graph.extract_patients import (
    called_an_attack,
    considered,
    contained_data,
    frame_roles,
    listed_victims,
)
from cyberkg.graph.extract_victim_more import drop_dateline, parse_more, tokens_after_dateline

if TYPE_CHECKING:  # annotations only
    from spacy.tokens import Span, Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence

ACTORS = ("State", "Person", "Organisation", "Collective")
UNDERGO = {"suffer", "sustain", "experience", "endure"}
VICTIM_NOUNS = {"victim", "victims", "target", "targets"}
ATTACKERS = {"hackers", "attackers", "intruders", "spies", "criminals", "hacker", "attacker"}
EXAMPLES = {"like", "including"}
MASS = {"hacking", "espionage", "warfare", "war", "cybercrime", "crime"}  # "a victim of hacking" in general


MALWARE = {"ransomware", "malware", "virus", "worm", "wiper", "spyware", "trojan"}  # "X was hit by ransomware"


def _attack_word(token: Token) -> bool:
    return token.lower_ not in MASS and (token.lower_ in ATTACK_NOUNS | MALWARE or token.lower_ in ATTACKERS)


def _with_examples(heads: list[Token]) -> list[Token]:
    """'companies like Sony Pictures and Target': the examples stand for the class."""
    out = list(heads)
    for head in heads:
        for t in [head, *(c for c in head.children if c.dep_ == "conj")]:
            out += [g for c in t.children if c.dep_ == "prep" and c.lower_ in EXAMPLES for g in c.children if g.dep_ == "pobj"]
    return out


STRUCK = {"hit", "strike", "affect", "disrupt", "cripple", "paralyse", "paralyze", "rock", "knock"}
STRIKING = STRUCK | {"shut", "take", "wipe", "infect", "encrypt"}


def _struck_by_attack(verb: Token) -> bool:
    """A passive 'hit / struck / disrupted by' whose agent is an attack or attackers ('by a wave of attacks')."""
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    agents += [
        g for a in agents for c in a.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"
    ]
    return any(c.dep_ == "auxpass" for c in verb.children) and any(_attack_word(a) for a in agents)


def struck_objects(span: Span) -> list[tuple[Token, list[Token]]]:
    """(cue, object heads) for an attack that hit something: 'a series of cyberattacks had affected dams across
    Y', 'an attack which knocked out websites in Y', 'the malware disrupted X' (not negated, not a possibility)."""
    found = []
    for token in span:
        if (
            token.pos_ != "VERB" or token.lemma_ not in STRIKING or considered(token)  # "if an attack hit X", "could disrupt X"
        ):
            continue
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        subjects = [token.head if c.tag_ in ("WDT", "WP") and token.dep_ == "relcl" else c for c in subjects]
        attack = [
            c
            for c in subjects
            if c.lower_ in ATTACK_NOUNS | MALWARE  # "the malware infected computers at X"
            or any(g.lower_ in ATTACK_NOUNS for p in c.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children)
        ]
        objects = [c for c in token.children if c.dep_ == "dobj"]
        objects += [g for c in token.children if c.dep_ == "prep" and c.lower_ == "at" for g in c.children if objects]
        if attack and objects:
            found.append((token, objects))
    return found


# the words sufferers first tests a token for (lower-cased form or lemma)
SUFFERED_CUES = ATTACK_NOUNS | STRUCK | ATTACK_VERBS | VICTIM_NOUNS


def _the_countrys(s: Sentence, heads: list[Token]) -> list[str]:
    """'the country's government institutions had come under attack': the state the sentence named before it."""
    owners = [c for h in heads for c in h.children if c.dep_ == "poss" and c.lower_ in ("country", "nation")]
    before = [m for m in s.mentions if m.kind == "State" and owners and m.end <= owners[0].idx]
    return [before[-1].entity] if before else []


def _came_under(token: Token) -> bool:
    """'X came / was under (cyber) attack', 'X had come under attacks from Y'."""
    return (
        token.lower_ in ATTACK_NOUNS
        and token.dep_ == "pobj"
        and token.head.lower_ == "under"
        and token.head.head.lemma_ in ("come", "be")
    )


def sufferers(span: Span) -> list[tuple[Token, list[Token]]]:
    """(cue, subject heads) for 'X suffered attacks', 'X was the victim of hacks', 'X fell victim to …'."""
    found = []
    for token in span:
        verb = token.head
        if token.dep_ == "dobj" and verb.lemma_ in UNDERGO and token.lower_ in ATTACK_NOUNS:
            pass
        elif token.pos_ == "VERB" and token.lemma_ in STRUCK and _struck_by_attack(token):
            verb = token  # "X has been hit by a string of hacks", "X was crippled by a cyberattack"
        elif _came_under(token):
            verb = verb.head  # "X came under (cyber) attack"
        elif (
            token.tag_ == "VBN"
            and token.lemma_ in ATTACK_VERBS
            and token.dep_ in ("acl", "ccomp", "oprd")
            and verb.dep_ == "dobj"
            and verb.head.lemma_ == "have"
        ):  # "X had $12 million stolen"
            verb = verb.head
        elif token.lower_ in VICTIM_NOUNS and token.dep_ in ("attr", "dobj", "oprd") and verb.lemma_ in ("be", "fall", "become"):
            objects = [
                g for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "to") for g in c.children if g.dep_ == "pobj"
            ]
            if not any(_attack_word(g) for g in objects) and not (verb.lemma_ == "fall" and token.lower_ == "victim"):
                continue
            if verb.tag_ in ("VBZ", "VBP"):  # "Iran itself is a victim of cyber attacks": a standing complaint
                continue
        else:
            continue
        if negated(verb):
            continue
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            found.append((token, _with_examples(subjects)))
    return found


DOING = {
    "launch",
    "carry",
    "conduct",
    "mount",
    "stage",
    "perpetrate",
    "orchestrate",
    "commit",
    "execute",
    "plan",
    "deny",
    "order",
    "direct",
    "use",
    "threaten",
}
# People and bodies of its own that are others: an attack on them is not on the owner ("its customers").
OTHERS = {
    "customers",
    "clients",
    "users",
    "employees",
    "staff",
    "workers",
    "members",
    "citizens",
    "allies",
    "ally",
    "neighbour",
    "neighbours",
    "neighbor",
    "neighbors",
    "partners",
    "subscribers",
    "rival",
    "rivals",
    "people",
}
PORTIONS = {
    "some",
    "several",
    "many",
    "part",
    "parts",
    "one",
    "two",
    "all",
    "most",
    "number",
    "dozens",
    "hundreds",
    "thousands",
    "each",
    "any",
}  # "a number of its systems", "part of its grid"
HIT_VERBS = ATTACK_VERBS | STRUCK | {"infect", "disable", "encrypt"}


def _attacked(thing: Token) -> Token | None:
    """The attack cue of an attacked thing: 'an attack on its grid', 'its servers were hacked', 'attackers
    breached its network', 'several of its systems were affected' (not negated)."""
    if (
        thing.dep_ == "pobj"
        and thing.head.lower_ == "of"
        and thing.head.head.pos_ in ("NUM", "ADJ", "PRON", "NOUN")
        and thing.head.head.lower_ in PORTIONS
    ):
        thing = thing.head.head  # "several of its systems", "part of its grid"
    if (
        thing.dep_ == "pobj"
        and thing.head.lower_ in ("on", "against", "into", "of", "targeting")
        and thing.head.head.lower_ in ATTACK_NOUNS
        and thing.head.head.lower_ not in MASS
    ):
        cue = thing.head.head
    elif thing.dep_ in ("nsubjpass", "dobj") and thing.head.pos_ == "VERB" and thing.head.lemma_ in HIT_VERBS:
        cue = thing.head
        if (
            cue.lemma_ not in ATTACK_VERBS
            and not _struck_by_attack(cue)
            and (any(c.dep_ == "agent" for c in cue.children) or not any(_attack_word(a) for a in cue.sent))
        ):
            return None  # "its revenue was hit by weak demand" is no attack
    else:
        return None
    return None if negated(cue) or (cue.head.pos_ == "VERB" and negated(cue.head)) else cue


DOER_LINKS = {"behind", "responsible", "blamed", "accused", "suspected"}


def owners_struck(span: Span) -> list[tuple[Token, list[Token]]]:
    """(cue, subject heads) for an attack on something the subject calls its own: 'Norway will investigate a
    cyberattack on its power grid', 'the bank reported that its servers were hacked' — 'its' stands for the
    subject of the nearest clause above that is not the attack's own (the attackers are never its owner)."""
    found = []
    for token in span:
        if token.lower_ != "its" or token.dep_ != "poss":
            continue
        cue = _attacked(token.head) if token.head.lower_ not in OTHERS else None
        if cue is None or cue.dep_ in ("acl", "amod"):  # "malware hitting its customers": a habit, and theirs
            continue
        up, doer = cue, False
        for _ in range(6):
            subjects = [
                c
                for c in up.children
                if c.dep_ == "nsubj" and c.lower_ not in ATTACKERS and c.lower_ not in ATTACK_NOUNS and c.pos_ != "PRON"
            ]
            if up.pos_ in ("VERB", "AUX") and up is not cue and subjects and not doer:
                if up.lemma_ not in DOING:  # "X launched an attack on its neighbour": X is the doer
                    found.append((cue, subjects))
                break
            # "A said B was behind / responsible for an attack on its grid": B is the doer, 'its' is A's
            doer = doer or (up.lower_ in DOER_LINKS and up is not cue)
            if subjects and doer and up.pos_ in ("VERB", "AUX"):
                doer = False  # the doer's clause passed: the next subject up owns what was struck
            if up.head.i == up.i:
                break
            up = up.head
    return found


def _incident(talk: Discourse, s: Sentence, cue: Token, incident: str | None) -> str:
    if incident or talk.incident:
        return cast(str, incident or talk.incident)
    talk.incident = talk.new("Incident", "Incident", f"Cyber attack{PLACEHOLDER}", s, 0.5, at=cue.idx)
    return talk.incident


def _attacked_examples(span: Span) -> list[tuple[Token, list[Token]]]:
    """'the ransomware attack on countries including X and Y': the class named by its examples (frame_victims reads
    them); a class with no examples is left to the other readings."""
    found = []
    for t in span:
        if t.lower_ not in ATTACK_NOUNS or t.pos_ != "NOUN" or negated(t):
            continue
        heads = [
            g for c in t.children if c.dep_ == "prep" and c.lower_ in ("on", "against") for g in c.children if g.dep_ == "pobj"
        ]
        heads = [h for h in heads if any(c.dep_ == "prep" and c.lower_ in EXAMPLES for c in h.children)]
        if heads:
            found.append((t, heads))
    return found


def _victims_of_attack(verb: Token) -> bool:
    """'Victims of the malware / of the attack included …': the list names an attack's victims by itself."""
    nouns = [c for c in verb.children if c.dep_ == "nsubj"]
    return any(_attack_word(g) or g.lower_ in MALWARE for n in nouns for c in n.children if c.lower_ == "of" for g in c.children)


def _contained(talk: Discourse, s: Sentence, incident: str | None) -> str | None:
    """The owners of data a dump holds, the victims a sentence lists, in a story that already has an incident."""
    span = cast("Span", s.span)
    story = bool(incident or talk.incident)
    listed = [(cue, heads) for cue, heads in listed_victims(span) if story or _victims_of_attack(cue)]
    listed += _attacked_examples(span)
    for cue, heads in (contained_data(span) if story else []) + listed:
        owners = frame_victims(talk, s, heads)
        if owners:
            incident = _incident(talk, s, cue, incident)
            talk.relate(incident, "victim", owners, s, 0.4, rule="incident.frame")
    return incident


def find_victims(talk: Discourse, s: Sentence, incident: str | None) -> str | None:
    """The victims of the two constructions above, on the sentence's incident (made when there is none)."""
    if s.span is None:
        return incident
    span, words = cast("Span", s.span), s.words()  # each pass below first tests every token for a cue word
    made = len(talk.out.relations)
    for cue, subjects in [] if words.isdisjoint(SUFFERED_CUES) else sufferers(span):
        subjects = tokens_after_dateline(s, subjects)  # "OTTAWA, Canada (AP) — X was hit …": the parse's subject
        victims = [m.entity for m in mentions_of(s, subjects, ACTORS[:3])] or _the_countrys(s, subjects)
        if victims:
            incident = _incident(talk, s, cue, incident)
            talk.relate(incident, "victim", victims, s, 0.5, rule="incident.suffered")
    for cue, objects in (
        [] if words.isdisjoint(STRIKING) else struck_objects(span)
    ):  # "cyberattacks had affected dams across Iran"
        victims = frame_victims(talk, s, objects)
        if victims:
            incident = _incident(talk, s, cue, incident)
            talk.relate(incident, "victim", victims, s, 0.5, rule="incident.suffered")
    for cue, owners in owners_struck(span) if "its" in words else []:  # "X will investigate a cyberattack on its grid"
        victims = [m.entity for m in mentions_of(s, tokens_after_dateline(s, owners), ("State", "Organisation"))]
        if victims:
            incident = _incident(talk, s, cue, incident)
            talk.relate(incident, "victim", victims, s, 0.45, rule="incident.owner")
    called = called_an_attack(s)  # "the outage was cyber sabotage": an incident, though no victim is named
    incident = _incident(talk, s, called, incident) if called is not None else incident
    for cue, heads in frame_roles(s):  # "attacks were carried out against X", "an attempt to hack into X"
        victims = frame_victims(talk, s, heads)
        if victims:
            incident = _incident(talk, s, cue, incident)
            talk.relate(incident, "victim", victims, s, 0.45, rule="incident.frame")
    incident = _contained(talk, s, incident)  # "(the leaked database) included the ID data of X"
    for cue, victims in described_victims(talk, s):
        incident = _incident(talk, s, cue, incident)
        talk.relate(incident, "victim", victims, s, 0.45, rule="incident.described")
    parse_more(talk, s, incident)  # the cue rule's attack with no victim: the parse's (graph.extract_victim_more)
    drop_dateline(talk, s, made)  # "WARSAW (Reuters) –": who filed the story is no victim
    return incident
