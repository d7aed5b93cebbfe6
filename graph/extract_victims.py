"""Victims and participants in constructions the core parse rules (graph.extract_parse) leave out.

- A victim as the subject of what it underwent (rule incident.suffered): "X and Y both suffered online
  attacks", "X has been hit by a string of hacks",
  "X has been the victim of hacks", "X fell victim to a breach", "X may be a target of political
  hackers", "X had $12 million stolen"; "companies like A and B" are A and B.
- A victim that owns what was attacked (rule incident.owner): "X will investigate a cyberattack on its grid",
  "X said its servers were hacked" ("its" is the subject of the clause above; never a doer's, never "its customers").
- A victim the text describes rather than names (rule incident.described): "attacks against presidential
  campaigns", "hack into email accounts of South Korean railway workers", "an attack on a bank in the
  Philippines" — a qualified noun phrase (a modifier other than a state's demonym, or a place after it)
  becomes a collective victim; a bare "attacks on banks" stays generic.
Testimony, hosted events and joint exercises are in graph.extract_scenes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from cyberkg.graph.extract_labels import PLACEHOLDER
from cyberkg.graph.extract_parse import (
    AGREEMENT_NOUNS,
    ATTACK_NOUNS,
    ATTACK_VERBS,
    PLEDGES,
    describes_another,
    description,
    mentions_of,
    negated,
)
from cyberkg.graph.extract_patients import (
    THINGS,
    considered,
    frame_roles,
    owned,
    places,
    state_modifiers,
    with_examples,
)

if TYPE_CHECKING:  # annotations only
    from spacy.tokens import Span, Token

    from cyberkg.graph.extract_discourse import Discourse, Sentence

ACTORS = ("State", "Person", "Organisation", "Collective")
UNDERGO = {"suffer", "sustain", "experience", "endure"}
VICTIM_NOUNS = {"victim", "victims", "target", "targets"}
ATTACKERS = {"hackers", "attackers", "intruders", "spies", "criminals", "hacker", "attacker"}
EXAMPLES = {"like", "including"}
# Heads a described victim can have: bodies and groups of people, not things ("systems", "data").
DESCRIBED_HEADS = {
    "campaign",
    "campaigns",
    "worker",
    "workers",
    "official",
    "officials",
    "institution",
    "institutions",
    "bank",
    "banks",
    "company",
    "companies",
    "firm",
    "firms",
    "lender",
    "lenders",
    "operator",
    "operators",
    "customers",
    "users",
    "citizens",
    "employees",
    "agencies",
    "agency",
    "ministries",
    "ministry",
    "hospital",
    "hospitals",
    "university",
    "universities",
    "journalists",
    "activists",
    "dissidents",
    "businesses",
    "retailers",
    "utilities",
    "utility",
    "candidates",
    "lawmakers",
    "diplomats",
    "organizations",
    "organisations",
}


POTENTIAL = {
    "warning",
    "warnings",
    "threat",
    "threats",
    "risk",
    "risks",
    "fear",
    "fears",
    "danger",
    "dangers",
    "defence",
    "defense",
    "protection",
    "prevention",
    "vulnerability",
}  # attacks that may come
MASS = {"hacking", "espionage", "warfare", "war", "cybercrime", "crime"}  # "a victim of hacking" in general


def _attack_word(token: Token) -> bool:
    return token.lower_ not in MASS and (token.lower_ in ATTACK_NOUNS or token.lower_ in ATTACKERS)


def _with_examples(heads: list[Token]) -> list[Token]:
    """'companies like Sony Pictures and Target': the examples stand for the class."""
    out = list(heads)
    for head in heads:
        for t in [head, *(c for c in head.children if c.dep_ == "conj")]:
            out += [g for c in t.children if c.dep_ == "prep" and c.lower_ in EXAMPLES for g in c.children if g.dep_ == "pobj"]
    return out


STRUCK = {"hit", "strike", "affect", "disrupt", "cripple", "paralyse", "paralyze", "rock", "knock"}


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
            token.pos_ != "VERB"
            or token.lemma_ not in STRUCK | {"shut", "take", "wipe"}
            or considered(token)  # "if an attack hit X", "could disrupt X"
        ):
            continue
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        subjects = [token.head if c.tag_ in ("WDT", "WP") and token.dep_ == "relcl" else c for c in subjects]
        attack = [
            c
            for c in subjects
            if c.lower_ in ATTACK_NOUNS
            or any(g.lower_ in ATTACK_NOUNS for p in c.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children)
        ]
        objects = [c for c in token.children if c.dep_ == "dobj"]
        if attack and objects:
            found.append((token, objects))
    return found


def sufferers(span: Span) -> list[tuple[Token, list[Token]]]:
    """(cue, subject heads) for 'X suffered attacks', 'X was the victim of hacks', 'X fell victim to …'."""
    found = []
    for token in span:
        verb = token.head
        if token.dep_ == "dobj" and verb.lemma_ in UNDERGO and token.lower_ in ATTACK_NOUNS:
            pass
        elif token.pos_ == "VERB" and token.lemma_ in STRUCK and _struck_by_attack(token):
            verb = token  # "X has been hit by a string of hacks", "X was crippled by a cyberattack"
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
        up = cue
        for _ in range(6):
            subjects = [
                c
                for c in up.children
                if c.dep_ == "nsubj" and c.lower_ not in ATTACKERS and c.lower_ not in ATTACK_NOUNS and c.pos_ != "PRON"
            ]
            if up.pos_ in ("VERB", "AUX") and up is not cue and subjects:
                if up.lemma_ not in DOING:  # "X launched an attack on its neighbour": X is the doer
                    found.append((cue, subjects))
                break
            if up.head.i == up.i:
                break
            up = up.head
    return found


def _qualified(s: Sentence, token: Token) -> bool:
    """A described victim names something particular: a modifier that is not a state's demonym alone
    ('presidential campaigns', 'railway workers'), or a place or origin after it ('a bank in Vietnam')."""
    if (
        token.lower_ not in DESCRIBED_HEADS
        or token.pos_ != "NOUN"
        or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children)
    ):
        return False  # "our democratic institutions": the speaker's own, said in general
    in_state = [m for m in s.mentions if m.kind == "State"]
    modifiers = [
        c
        for c in token.children
        if c.dep_ in ("amod", "compound")
        and c.i < token.i
        and not any(m.start <= c.idx < m.end for m in in_state)
        and c.lower_ not in ("other", "such", "many")
    ]
    place = [c for c in token.children if c.dep_ == "prep" and c.lower_ in ("in", "from")]
    if token.tag_ == "NN":  # "a bank in the Philippines", "the South's nuclear operator"; "a commercial bank" is vague
        return bool(place) or bool(modifiers) and any(c.dep_ == "poss" for c in token.children)
    return bool(modifiers or place)


def _described_heads(token: Token) -> list[Token]:
    """The victim heads of an attack word: 'attacks on/against X', 'hack (into the accounts of) X'."""
    heads: list[Token] = []
    if token.pos_ in ("NOUN", "PROPN") and token.lower_ in ATTACK_NOUNS:
        heads = [
            g
            for c in token.children
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "targeting")
            for g in c.children
            if g.dep_ == "pobj"
        ]
    elif token.pos_ == "VERB" and token.lemma_ in ATTACK_VERBS:
        heads = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        heads += [
            g for c in token.children if c.dep_ == "prep" and c.lower_ in ("into", "from") for g in c.children if g.dep_ == "pobj"
        ]
    owners = [
        g
        for h in heads
        for c in h.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj" and h.lower_ not in DESCRIBED_HEADS
    ]  # "the email accounts of X"
    return [t for h in heads + owners for t in (h, *(c for c in h.children if c.dep_ == "conj"))]


def _generic(token: Token) -> bool:
    """'Cyber attacks against candidates occur around the world', 'campaigns are targeted by actors',
    'hackers targeting banks', 'whether agencies had been compromised': a habit, a class or a question,
    not an attack that happened."""
    if any(a.lower_ in AGREEMENT_NOUNS or a.lemma_ in PLEDGES or a.lower_ in POTENTIAL for a in token.ancestors):
        return True  # "an agreement to share warnings about attacks on public institutions"
    if token.pos_ == "VERB":
        return token.dep_ in ("acl", "amod") or any(
            c.dep_ == "auxpass" and c.tag_ in ("VBP", "VBZ") or c.dep_ == "mark" and c.lower_ in ("whether", "if")
            for c in token.children
        )
    return token.dep_ == "nsubj" and token.tag_ == "NNS" and token.head.tag_ in ("VBP", "VBZ")


def _label(talk: Discourse, head: Token) -> tuple[int, int]:
    """The description without what is coordinated with it; a place the parse hung on the attack instead
    ('attacks against financial institutions in Southeast Asia') is the victim's."""
    start, end = description(head)
    cut = [t.idx for c in head.children if c.dep_ in ("conj", "cc") for t in c.subtree]
    end = min([end, *(i for i in cut if i > head.idx)])
    after = head.right_edge.i + 1
    place = head.doc[after] if after < len(head.doc) else None
    if (
        place is not None
        and place.lower_ == "in"
        and place.head.i == head.head.head.i
        and any(c.dep_ == "pobj" and c.pos_ == "PROPN" for c in place.children)
    ):
        end = place.right_edge.idx + len(place.right_edge)
    return start, len(talk.out.article.text[:end].rstrip(" ,"))


def described_victims(talk: Discourse, s: Sentence) -> list[tuple[Token, list[str]]]:
    """(cue, collective victims) the sentence describes; the collectives are made as it finds them."""
    found = []
    for token in cast("Span", s.span):
        if (
            negated(token)
            or (token.head.pos_ == "VERB" and negated(token.head))
            or _generic(token)
            or any(a <= token.idx < b for a, b in talk.quotes)
        ):  # a quote's words are the speaker's view
            continue
        victims = []
        for head in _described_heads(token):
            if not _qualified(s, head) or any(m.start <= head.idx < m.end and m.kind in ACTORS[:3] for m in s.mentions):
                continue
            if head.dep_ == "appos" and any(m.start <= head.head.idx < m.end for m in s.mentions if m.kind in ACTORS[:3]):
                continue  # "X, Saudi Arabia's state-owned oil company": a name's description, not another victim
            start, end = _label(talk, head)
            victims.append(talk.group(talk.out.article.text[start:end], start, end, s).entity)
        if victims:
            found.append((token, victims))
    return found


def _incident(talk: Discourse, s: Sentence, cue: Token, incident: str | None) -> str:
    if incident or talk.incident:
        return cast(str, incident or talk.incident)
    talk.incident = talk.new("Incident", "Incident", f"Cyber attack{PLACEHOLDER}", s, 0.5, at=cue.idx)
    return talk.incident


PRODUCTS = {"software", "product", "products", "program", "programs", "platform", "app", "apps", "service", "services"}


def _described(s: Sentence, t: Token) -> bool:
    """A class of bodies no name covers ('EU private companies'); 'the OPCW agency' is the OPCW."""
    if t.lower_ not in DESCRIBED_HEADS or any(m.start <= t.idx < m.end and m.kind in ACTORS[:3] for m in s.mentions):
        return False
    return t.tag_ == "NNS" or not any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in t.children)


def frame_victims(talk: Discourse, s: Sentence, heads: list[Token]) -> list[str]:
    """The victims the patient heads of a frame name (graph.extract_patients): a class of bodies no name
    covers is a described collective when qualified ('the social security agency', 'EU private companies'),
    anything else the name it is, holds or belongs to; a state only as itself, not as where a body is."""
    tokens = with_examples(heads)
    tokens += [o for h in tokens for o in owned(h)]
    victims: list[str] = []
    described = [t for t in tokens if _described(s, t)]
    for t in described:
        definite = any(c.lower_ == "the" for c in t.children) and any(c.dep_ == "compound" for c in t.children)
        if _qualified(s, t) or definite:  # "the social security agency": one body, by its kind
            start, end = _label(talk, t)
            end -= 2 if talk.out.article.text[end - 2 : end] in ("'s", "’s") else 0  # "the agency's system"
            victims.append(talk.group(talk.out.article.text[start:end], start, end, s).entity)
    inside = [(t.left_edge.idx, t.idx + len(t)) for t in described]  # "South Korean railway workers": not the state
    for t in (t for t in tokens if t not in described and t.lower_ not in PRODUCTS):
        if t.lower_ in THINGS:  # "hack Swiss targets", "dams across Iran": the state's
            where = state_modifiers(t) + places(t)
            victims += [m.entity for m in mentions_of(s, where, ("State",))]
        victims += [
            m.entity
            for m in mentions_of(s, [t], ACTORS[:3])
            if not describes_another(s, m) and not any(a <= m.start < b for a, b in inside)
        ]
    return list(dict.fromkeys(victims))


def find_victims(talk: Discourse, s: Sentence, incident: str | None) -> str | None:
    """The victims of the two constructions above, on the sentence's incident (made when there is none)."""
    if s.span is None:
        return incident
    for cue, subjects in sufferers(cast("Span", s.span)):
        victims = [m.entity for m in mentions_of(s, subjects, ACTORS[:3])]
        if victims:
            incident = _incident(talk, s, cue, incident)
            talk.relate(incident, "victim", victims, s, 0.5, rule="incident.suffered")
    for cue, objects in struck_objects(cast("Span", s.span)):  # "cyberattacks had affected dams across Iran"
        victims = frame_victims(talk, s, objects)
        if victims:
            incident = _incident(talk, s, cue, incident)
            talk.relate(incident, "victim", victims, s, 0.5, rule="incident.suffered")
    for cue, owners in owners_struck(cast("Span", s.span)):  # "X will investigate a cyberattack on its grid"
        victims = [m.entity for m in mentions_of(s, owners, ("State", "Organisation"))]
        if victims:
            incident = _incident(talk, s, cue, incident)
            talk.relate(incident, "victim", victims, s, 0.45, rule="incident.owner")
    for cue, heads in frame_roles(s):  # "attacks were carried out against X", "an attempt to hack into X"
        victims = frame_victims(talk, s, heads)
        if victims:
            incident = _incident(talk, s, cue, incident)
            talk.relate(incident, "victim", victims, s, 0.45, rule="incident.frame")
    for cue, victims in described_victims(talk, s):
        incident = _incident(talk, s, cue, incident)
        talk.relate(incident, "victim", victims, s, 0.45, rule="incident.described")
    return incident
