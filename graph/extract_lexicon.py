"""The extractor's lexicons and token shapes: the gazetteers that ship with the project, titles, cue words,
and the Matcher patterns for organisations, people, unnamed officials and collectives. Nothing here names
a sentence of any article; everything is a word list or a phrase shape any article can trigger.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from cyberkg.safeio import NoAliasLoader

if TYPE_CHECKING:
    from rdflib import Graph

# spaCy Matcher patterns: a token's attributes (a word, a set of words, a regex, an operator), a phrase of tokens
TokenPattern = dict[str, Any]
Phrase = list[TokenPattern]

# One entry per comma: a title may be several words.
TITLES = tuple(
    t.strip()
    for t in """
    prime minister, premier, president, minister, foreign minister, secretary, ambassador, adviser, advisor,
    official, spokesperson, spokesman, spokeswoman, chancellor, director, chief, general, senator, envoy,
    commissioner, head, leader, chairman, chairwoman, coordinator, delegate, negotiator, chair, governor, mayor,
    commander, prosecutor, undersecretary, lawmaker, legislator, diplomat, spokesperson, speaker, professor, ceo,
    counterpart, councilor, councillor
    """.split(",")
)
TITLE_WORDS = frozenset(w for t in TITLES for w in t.split())
# Roles that make a post only in an appositive ("Ana Ruiz, a security researcher at X"), never before a name.
APPOSITIVE_TITLES = TITLE_WORDS | set(
    """
    executive ceo mp researcher consultant professor analyst expert lawyer attorney member founder co-founder partner
    fellow editor strategist engineer scientist economist investigator manager owner colonel lieutenant captain
    admiral sergeant officer republican democrat congressman congresswoman representative nominee vp svp evp cto cfo coo cio ciso
    """.split()
)
# Ranks and honorifics before a name, not part of it ("Lieutenant Colonel Ana Ruiz").
RANKS = set(
    """
    colonel lieutenant major general captain admiral sergeant corporal rep rep. sen sen. gov gov. dr dr. mr mr. mrs mrs. ms ms.
    prof prof. professor judge justice gen gen. col col. lt lt. capt capt. maj maj. adm adm. sgt sgt. brig brig. cmdr cmdr.
    shri sri smt dato datuk tun hon hon.
    """.split()
)
# Honorifics that may stand between a title and a name (round 7, entities.honorifics): never part of either.
HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. dr dr. shri sri smt dato datuk tun hon hon.".split())
# Words that may stand inside a title before a name ("national security and intelligence adviser").
POST_MODIFIERS = frozenset(
    """
    senior deputy vice foreign defence defense digital cyber national security intelligence interior finance trade
    justice prime chief state party communist executive assistant acting top junior special economic home affairs
    ministry foreign-affairs cybersecurity information technology science energy military principal permanent attorney
    public health digital internal homeland cyberspace and under cabinet
    """.split()
)
# Fields a title names after "of"/"for" ("Under Secretary for Terrorism and Financial Intelligence Ana Ruiz").
TITLE_FIELDS = POST_MODIFIERS | set(
    "terrorism financial commerce labor labour education agriculture transport industry joint".split()
)
# Lower-case words inside personal names ("Pieter de Vries", "Ursula von der Leyen").
NAME_PARTICLES = ["de", "van", "von", "der", "den", "da", "di", "du", "dos", "das", "al", "bin", "ibn", "le", "la"]

AGREEMENT_CUES = re.compile(r"\b(agreement|agreed|pact|deal|accord|understanding|treaty|memorandum|arrangement|signed)\b", re.I)
AGREEMENT_REFS = re.compile(
    r"\b(the|this|that|new|bilateral|recent) (new |bilateral |recent )?"
    r"(agreement|pact|deal|accord|understanding|memorandum|treaty|arrangement|partnership|mou)\b",
    re.I,
)
DEFINITE_AGREEMENT = re.compile(
    r"\b(the|this|that|these|those|its|their|under|of)\s+(?:[\w-]+\s+){0,2}?"
    r"(agreement|pact|deal|accord|understanding|memorandum|treaty|arrangement)\b",
    re.I,
)
SIGN_VERBS = re.compile(
    r"\b(signed|agreed|sign|agree|agrees|reached|concluded|came to|come to|struck|sealed|finali[sz]ed|"
    r"adopted|inked|renewed)\b",
    re.I,
)
ATTACK_CUES = re.compile(
    r"\b(hack(?:ed|ing|s)?|intrusions?|breach(?:ed|es)?|cyber-?attacks?|attack(?:ed|s)?|"
    r"compromised|infiltrat\w+|penetrated|broke into|break(?:s|ing)? into|broken into|stole|stolen)\b",
    re.I,
)
# An attack mentioned under a pledge, a negation or a scope clause is a kind of act, not an incident.
GENERIC_BEFORE = re.compile(
    r"\b(not|n't|never|neither|nor|vow\w*|pledg\w*|agree[ds]?|cease|refrain|stop|"
    r"commit\w*|cover\w*|include\w*|pertain\w*|deal with|classified as|such as|"
    r"report|detect\w*|prevent\w*|protect\w*|defen[cs]e\w*|after an?)\b",
    re.I,
)
GENERIC_AFTER = re.compile(r"^[\w\s,'-]{0,60}?\b(aren't|are not|isn't|is not|won't|will not)\b", re.I)
VICTIM_LINK = re.compile(
    r"^\s*(?:(?:[a-z-]+\s+){0,2}?from\s+)?(?:on|against|into|targeting|at|of)?\s*"
    r"(?:the\s+|an?\s+)?(?:(?:[a-z-]+\s+){0,2}?(?:network|"
    r"networks|systems?|servers?|computers?|email|e-mail|accounts?)\s+(?:of|at)?\s*(?:the\s+|an?\s+)?)?"
    r"(?:(?:[A-Za-z-]+\s+){0,3}?(?:company|firm|shipbuilder|bank|operator|contractor|"
    r"hospital|university|agency)\s*,\s*)?$"
)  # "… of a Korean shipbuilder, Hanjin Marine"
SAY_CUES = re.compile(
    r"\b(said|says|say|told|tells|stated|added|announced|noted|warned|showed|wrote|"
    r"according to|called|reported that|responded|replied)\b",
    re.I,
)
STATEMENT_NOUNS = re.compile(r"\b(statements?|press release|communiqu[eé]|declaration|news release|readouts?)\b", re.I)
# "linked" only as a verb: "a group linked to X" is a description (GROUP_NP), not a claim. Sanctions blame
# only when they are for an attack.
BLAME_CUES = re.compile(
    r"\b(blamed|blames|blame|attributed|attributes|attribute|accused|accuses|accuse|pinned|indicted|"
    r"charged|(?<!group )(?<!gang )(?<!actor )(?<!hackers )linked|"
    r"sanctions (?:against|on)(?=[^.]{0,100}?\bfor\s+(?:[\w-]+\s+){0,2}?(?:cyber[- ]?attacks?|attacks?|"
    r"hacking|intrusions?|breach(?:es)?|espionage)))\b",
    re.I,
)
BLAME_ON = re.compile(r"\b(on|to)\b", re.I)  # "blamed the intrusion on X", "attributed the attack to X"
_GROUP = r"(?:group|gang|unit|network|actor|actors|hackers|criminals|operators|crew|cell|collective|syndicate)"
# A group named by description, not by a name: "a criminal group based abroad", "a gang operating from Eastern Europe".
GROUP_NP = re.compile(
    r"(?:a|an|the)\s+((?:[\w-]+\s+){0,3}?"
    + _GROUP
    + r"(?:\s+(?:based|operating|linked|tied|connected|working|believed)\s+(?:to\s+|from\s+|in\s+|with\s+|abroad)"
    r"(?:(?!had\b|has\b|have\b|was\b|were\b|and\b|on\b|for\b)[\w-]+\s*){0,4})?)(?<=\w)",
    re.I,
)
DENY_CUES = re.compile(r"\b(denied|denies|deny|rejected|rejects|dismissed|dismisses)\b", re.I)
INCIDENT_REFS = re.compile(
    r"\b(the|that|this|those|these) (attacks?|breach(es)?|intrusions?|hack(s|ing)?|"
    r"accusations?|allegations?|claims?|charges?|incidents?)\b",
    re.I,
)
EVENT_CUES = re.compile(r"\b(talks|meeting|phone call|call|summit|negotiations|dialogue|visit)\s+(?:\w+\s+){0,2}?between\b", re.I)
EVENT_HELD = re.compile(
    r"\b(?:held|hold|holds|opened|began)\s+(?:their|its|a|an|the)?\s*(?:[\w-]+\s+){0,2}?"
    r"(talks|dialogue|meeting|summit|consultations|negotiations)\b",
    re.I,
)
LED_BY = re.compile(r"\b(?:was|were|is|are)\s+(?:represented|led|headed)\s+by\b", re.I)
OFFICIALS = re.compile(r"\b(?:officials?|authorities|diplomats?|sources?)\s+(?:in|from|at)\s+$", re.I)
EVENT_REFS = re.compile(r"\b(?:the|that|this) (talks|meeting|call|phone call|summit|negotiations|dialogue)\b", re.I)
PARTICIPATION = re.compile(
    r"\b(involved in|took part in|taking part in|participated in|attended|joined)\s+the\s+"
    r"(talks|meeting|call|summit|negotiations|dialogue)\b",
    re.I,
)
LAW_NOUNS = r"(?:law|act|regulations?|rules|directive|decree|ordinance)"
LAW_EFFECT = re.compile(
    r"\b(put into effect|puts into effect|took effect|takes effect|take effect|came into force|"
    r"comes into force|entered into force|enters into force|went into effect|goes into effect)\b",
    re.I,
)
LAW_PHRASE = re.compile(r"(?<!['’])\b(?:(?:a|the|its|their)\s+)?((?:new\s+)?(?:[a-z][\w-]*\s+){0,3}?" + LAW_NOUNS + r")\b")
LAW_NAME = re.compile(r"\b((?:[A-Z][\w-]*\s+){1,5}(?:Act|Law|Regulations?|Rules|Directive|Decree|Code|Bill|Ordinance))\b")
LAW_REFS = re.compile(r"\b(?:the|this|that) (?:new )?" + LAW_NOUNS + r"\b", re.I)
LAW_BY = re.compile(r"\b(?:enacted|passed|adopted|approved|signed into law)\s+by\b", re.I)
DELIBERATION = re.compile(
    r"\b(mulled|considered|weighed|weighing|considering|threatened|threatening|discussed)\s+"
    r"(?:[a-z-]+\s+){0,2}?(sanctions|measures|penalties|restrictions|tariffs)\s+(against|on)\b",
    re.I,
)
# An opening mark follows a space, a bracket, a dash or the line start: after a short quote ("cyber army")
# its closing mark must not open the next one, or every quotation after it is read inside out.
QUOTE = re.compile(r"(?<![^\s(\[—–-])[\"“]([^\"”]{12,})[\"”]")

OUTLETS = """
    herald courier gazette times post wire journal tribune telegraph chronicle globe mail magazine news guardian
    observer independent review daily
    """.split()
LAW_WORDS = {"act", "law", "regulation", "regulations", "rules", "directive", "decree", "code", "bill", "ordinance"}
ORG_WORDS = """
    agency council commission institute bureau corporation inc ltd group party authority service command centre center
    police ministry office university bank association federation alliance organisation organization forum foundation
    committee directorate secretariat coalition league chamber department congress parliament assembly administration
    court
    """.split()
# Plural heads of a noun phrase that names a group of people or bodies rather than one organisation.
COLLECTIVE_HEADS = """
    group gang unit actor crew cell individuals companies firms groups hackers attackers actors targets executives
    advisers advisors experts researchers businesses operators criminals spies agents entities intruders contractors
    banks lobbies activists dissidents journalists students officers soldiers
    """.split()
THREAT_HEADS = set(
    """
    group gang unit actor crew cell hackers attackers actors spies intruders criminals operators groups
    """.split()
)
# Singular bodies a state has, named by a demonym and a common noun: "the Norwegian parliament",
# "Russia's foreign ministry", "the Russian embassy in Oslo".
INSTITUTIONS = """
    parliament embassy consulate ministry navy army military police cabinet senate congress regulator court
    inspectorate service agency council directorate command office
    """.split()
INSTITUTION_SHAPES: list[Phrase] = [
    lead
    + [{"ENT_TYPE": "State", "OP": "+"}]
    + possessive
    + [{"IS_LOWER": True, "IS_ALPHA": True, "OP": "{0,2}"}, {"LOWER": {"IN": INSTITUTIONS}, "IS_LOWER": True}]
    + where
    for lead, possessive in (([{"LOWER": "the"}], []), ([], [{"ORTH": {"IN": ["'s", "’s"]}}]))
    for where in ([], [{"LOWER": "in"}, {"ENT_TYPE": "State", "OP": "+"}])
]
INSTITUTION_SHAPES += [
    [
        {"ENT_TYPE": "State", "OP": "+"},
        {"IS_LOWER": True, "IS_ALPHA": True, "OP": "{0,2}"},
        {"LOWER": {"IN": INSTITUTIONS}, "IS_LOWER": True},
        {"LOWER": {"IN": sorted(TITLE_WORDS)}},
    ],  # "… ministry spokesman"
    [{"ENT_TYPE": "State", "OP": "+"}, {"LOWER": "police", "IS_LOWER": True}],
]  # "South Korean police said"
_IN_STATE: list[Phrase] = [[], [{"LOWER": "in"}, {"ENT_TYPE": "State", "OP": "+"}]]
INSTITUTION_SHAPES += [
    [{"ENT_TYPE": "State", "OP": "+"}, {"LOWER": {"IN": ["embassy", "consulate"]}}, *where] for where in _IN_STATE
]  # "the Russian Embassy in Oslo"
# "a Korean shipbuilder, Hanjin Marine", "the defence contractor Rheinmetall": a described organisation's name.
DESCRIBED_ORG = re.compile(
    r"\b(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(company|firm|shipbuilder|bank|operator|manufacturer|"
    r"maker|chipmaker|provider|contractor|hospital|university|insurer|retailer|airline|carrier|"
    r"utility|newspaper|broadcaster|agency)\s*,?\s+((?:[A-Z][\w&.-]*)(?:\s+[A-Z][\w&.-]*){0,3})"
)
UNNAMED_MODIFIERS = ["unnamed", "anonymous", "senior", "top", "high-ranking", "former", "another", "second", "junior", "veteran"]
UNNAMED_HEADS = """
    official diplomat spokesperson spokesman spokeswoman source officer adviser advisor minister negotiator
    """.split()

NAME: TokenPattern = {"TEXT": {"REGEX": r"^([A-Z][\w\-]*|'s|’s)$"}}  # a capitalised word, or the possessive inside a name
PERSON_NAME: TokenPattern = {"IS_TITLE": True, "IS_STOP": False}
UNIT_WORDS = "squadron group wing brigade battalion regiment division unit command corps fleet company detachment team".split()
# "Ministry of Trade, Industry and Energy": a portfolio list is one name
_PORTFOLIO_LISTS: list[Phrase] = [
    [
        {"LOWER": {"IN": ["ministry", "department", "office"]}},
        {"LOWER": "of"},
        {**NAME, "OP": "+"},
        *[p for _ in range(items) for p in ({"ORTH": ","}, {**NAME, "OP": "+"})],
        {"ORTH": ",", "OP": "?"},
        {"LOWER": "and"},
        {**NAME, "OP": "+"},
    ]
    for items in (1, 2)
]
_PORTFOLIOS = """defense defence finance interior justice health trade communications education economy energy foreign external
    home information telecommunications digital industry""".split()
_AFFAIRS_MINISTRY: Phrase = [{"LOWER": "affairs", "IS_LOWER": True, "OP": "?"}, {"LOWER": "ministry", "IS_LOWER": True}]
ORG_SHAPES: list[Phrase] = [
    [
        {"LOWER": {"IN": ["ministry", "department", "office"]}},
        {"LOWER": "of"},
        {"LOWER": "the", "OP": "?"},
        {"IS_TITLE": True, "OP": "+"},
        {"LOWER": "of"},
        {"LOWER": "the", "OP": "?"},
        {"IS_TITLE": True, "OP": "+"},
    ],
    [NAME, {**NAME, "OP": "*"}, {"LOWER": {"IN": ORG_WORDS}}, {"LOWER": "of"}, NAME, {**NAME, "OP": "*"}],
    [
        {"LOWER": {"IN": ["embassy", "ministry", "department", "office", "consulate"]}},
        {"LOWER": "of"},
        {"LOWER": "the", "OP": "?"},
        NAME,
        {"TEXT": {"REGEX": r"^([A-Z][\w\-]*|'s|’s|of)$"}, "OP": "*"},
        {"LOWER": "in"},
        NAME,
    ],
    [{"LOWER": "the", "OP": "?"}, {"IS_TITLE": True, "OP": "+"}, {"LOWER": {"IN": OUTLETS}, "IS_TITLE": True}],
    [
        {"IS_TITLE": True, "OP": "+"},
        {"LOWER": {"IN": OUTLETS}},
        {"LOWER": "and"},
        {"IS_TITLE": True, "OP": "*"},
        {"LOWER": {"IN": OUTLETS}, "IS_TITLE": True},
    ],
    [
        {"IS_TITLE": True, "OP": "+"},
        {"LOWER": {"IN": ["agency", "office", "centre", "center"]}},
        {"LOWER": "for"},
        {"IS_TITLE": True, "OP": "+"},
    ],
    [{"LOWER": {"IN": ["national", "federal"]}}, {"LOWER": {"IN": ["congress", "parliament", "assembly"]}}],
    [{"IS_TITLE": True, "OP": "+"}, {"LOWER": {"IN": ["news", "press"]}}, {"LOWER": "agency"}],
    [
        {"LOWER": {"IN": ["embassy", "ministry", "department", "office"]}},
        {"LOWER": "of"},
        {"LOWER": "the", "OP": "?"},
        {"IS_TITLE": True, "OP": "+"},
    ],
    [{"IS_TITLE": True, "OP": "+"}, {"LOWER": {"IN": ORG_WORDS}, "IS_TITLE": True}],
    [{"IS_TITLE": True, "OP": "+"}, {"LOWER": "response", "IS_TITLE": True}, {"LOWER": "team", "IS_TITLE": True}],  # a CERT
    [{"IS_TITLE": True, "IS_STOP": False, "ENT_TYPE": {"NOT_IN": ["State"]}}, {"LOWER": "administration"}],
    [
        {"LOWER": {"IN": ORG_WORDS}, "IS_TITLE": True},
        {"LOWER": "of"},
        {"LOWER": "the", "OP": "?"},
        {"IS_TITLE": True, "OP": "+"},
    ],  # "Council of the European Union"
    *_PORTFOLIO_LISTS,
    # "Senate Committee on Foreign Relations", "Council on Cyber Policy and Trade": a body named for its remit
    [
        {"IS_TITLE": True, "OP": "*"},
        {"LOWER": {"IN": ["committee", "subcommittee", "commission", "council", "panel", "task", "working"]}, "IS_TITLE": True},
        {"LOWER": "force", "OP": "?"},
        {"LOWER": "on"},
        {"IS_TITLE": True, "OP": "+"},
        {"LOWER": "and", "OP": "?"},
        {"IS_TITLE": True, "OP": "*"},
    ],
    # "the European Chamber of Commerce in Brazil": a chamber's host country is part of its name
    [
        {"IS_TITLE": True, "OP": "+"},
        {"LOWER": "chamber"},
        {"LOWER": "of"},
        {"LOWER": "commerce"},
        {"LOWER": "in"},
        {"ENT_TYPE": "State", "OP": "+"},
    ],
    # "funded by the defense ministry", "the external affairs ministry said": a ministry named by its portfolio alone
    [{"LOWER": "the"}, {"LOWER": {"IN": _PORTFOLIOS}, "IS_LOWER": True}, *_AFFAIRS_MINISTRY],
    # "the 181st Cyber Warfare Squadron": a numbered military unit
    [{"TEXT": {"REGEX": r"^\d+(st|nd|rd|th)$"}}, {"IS_TITLE": True, "OP": "*"}, {"LOWER": {"IN": UNIT_WORDS}, "IS_TITLE": True}],
]
UNNAMED_SHAPES: list[Phrase] = [
    [
        {"LOWER": "the"},
        {"ENT_TYPE": "State", "OP": "+"},
        {"LOWER": {"IN": ["ambassador", "envoy", "consul", "foreign", "defence", "defense"]}, "OP": "?"},
        {"LOWER": {"IN": ["ambassador", "envoy", "consul", "minister", "spokesperson", "spokesman", "spokeswoman"]}},
    ]
]
UNNAMED_SHAPE: Phrase = [
    {"LOWER": {"IN": ["a", "an", "another"]}},
    {"LOWER": {"IN": UNNAMED_MODIFIERS}, "OP": "*"},
    {"ENT_TYPE": {"IN": ["State", "Organisation"]}, "OP": "*"},
    {"TEXT": {"REGEX": r"^[A-Z]{2,6}$"}, "OP": "?"},  # "a senior DNC official": an acronym the model knows
    {
        "LOWER": {
            "IN": """
                government foreign defence defense intelligence security ministry military embassy party
                administration trade
                """.split()
        },
        "OP": "*",
    },
    {"LOWER": {"IN": UNNAMED_HEADS}},
]
_MODIFIER: TokenPattern = {
    "IS_LOWER": True,
    "IS_ALPHA": True,
    "LOWER": {"NOT_IN": "and or the a an of in on for to by with said had have has were are was is".split()},
}
COLLECTIVE_SHAPES: list[Phrase] = [
    [{"ENT_TYPE": "State", "OP": "+"}] + based + [{**_MODIFIER, "OP": "{0,3}"}, {"LOWER": {"IN": COLLECTIVE_HEADS}}] + tail
    for based in ([], [{"ORTH": "-"}, {"LOWER": "based"}])
    for tail in ([], [{"LOWER": "and"}, {**_MODIFIER, "OP": "{0,2}"}, {"LOWER": {"IN": COLLECTIVE_HEADS}}])
]
BARE_COLLECTIVE = re.compile(r"\s*(?:(?:[a-z][a-z-]+)\s+){0,2}?(" + "|".join(COLLECTIVE_HEADS) + r")\b")


def person_shapes() -> list[Phrase]:
    """A title then a capitalised name of two or three words (particles allowed), a name then a comma and a
    title ("Fatima Al Mansoori, director of …"), or a possessive then a name."""
    title: Phrase = [{"LOWER": {"IN": sorted(TITLE_WORDS)}}]
    particle: TokenPattern = {"LOWER": {"IN": NAME_PARTICLES}, "OP": "?"}
    hyphen: Phrase = [{"ORTH": "-"}, {"IS_LOWER": True, "IS_ALPHA": True}]  # "Park Ji-woo"
    names: list[Phrase] = [
        [PERSON_NAME, PERSON_NAME],
        [PERSON_NAME, particle, PERSON_NAME],
        [PERSON_NAME] * 3,
        [PERSON_NAME, particle, particle, PERSON_NAME],
        [PERSON_NAME, PERSON_NAME] + hyphen,
        [PERSON_NAME, PERSON_NAME, {"ORTH": "-"}, PERSON_NAME],
    ]  # "Avi Ben-David"
    field: TokenPattern = {"IS_TITLE": True, "LOWER": {"IN": sorted(TITLE_FIELDS)}, "OP": "{1,3}"}
    of_what: Phrase = [{"LOWER": {"IN": ["of", "for"]}}, field]
    gloss: Phrase = [{"ORTH": "("}, {"ORTH": {"NOT_IN": [")", "("]}, "OP": "{1,5}"}, {"ORTH": ")"}]  # "Home Secretary (…) X"
    honorific: TokenPattern = {"LOWER": {"IN": sorted(HONORIFICS)}, "OP": "?"}  # "Secretary-General Dato Lim Jock Hoi"
    shapes: list[Phrase] = [
        title + extra + comma + [honorific] + name
        for name in names
        for comma in ([], [{"ORTH": ","}])
        for extra in ([], of_what, [*of_what, {"LOWER": "and"}, field], gloss)
    ]
    # "ambassador to the US Anatoly Antonov": an envoy's title, the host state, the name (round 7, entities.envoy_names)
    host: Phrase = [{"LOWER": "to"}, {"LOWER": "the", "OP": "?"}, {"ENT_TYPE": "State", "OP": "{1,3}"}]
    shapes += [title + host + name for name in names]
    modifiers: TokenPattern = {"LOWER": {"IN": sorted(POST_MODIFIERS - {"and"})}, "OP": "*"}
    shapes += [name + [{"ORTH": ","}, {"LOWER": {"IN": ["the", "a", "an"]}, "OP": "?"}, modifiers] + title for name in names]
    return shapes + [[{"ORTH": {"IN": ["'s", "’s"]}}] + name for name in names]


# A topic named in a sentence about an agreement is in its scope, unless the clause rules it out.
SCOPE_EXCLUDED_BEFORE = re.compile(
    r"\b(?:(?:does|do|did|will|would)\s+not|doesn't|don't|won't)\s+(?:cover|deal\s+with|"
    r"include|apply\s+to|extend\s+to|concern)\b|\bexclud\w*|\bexcept\b|\bnot\s+cover\w*",
    re.I,
)
SCOPE_EXCLUDED_AFTER = re.compile(
    r"^[^.;]{0,50}?\b(?:aren't|are\s+not|isn't|is\s+not|won't\s+be|will\s+not\s+be)\s+"
    r"(?:covered|included)\b",
    re.I,
)


@lru_cache(maxsize=1)
def _topics() -> tuple[Graph, Callable[[object], str]]:
    """The packaged SKOS scheme of scope topics, and a function naming a topic IRI 'topic:…'."""
    from cyberkg.namespaces import TOPIC
    from cyberkg.ontology.generate import TOPICS_FILE, load_packaged

    return load_packaged(TOPICS_FILE), lambda iri: f"topic:{str(iri)[len(str(TOPIC)) :]}"


@lru_cache(maxsize=1)
def topic_labels() -> tuple[tuple[str, str], ...]:
    """('topic:ransomware', 'ransomware attacks'), … from the scheme's pref- and altLabels."""
    from rdflib.namespace import SKOS

    from cyberkg.namespaces import TOPIC

    graph, short = _topics()
    return tuple(
        sorted(
            (short(concept), str(label))
            for predicate in (SKOS.prefLabel, SKOS.altLabel)
            for concept, label in graph.subject_objects(predicate)
            if str(concept).startswith(str(TOPIC)) and concept != TOPIC.scheme
        )
    )


@lru_cache(maxsize=1)
def topic_broader() -> dict[str, str]:
    """'topic:extradition' -> 'topic:law-enforcement-cooperation': each topic's broader topic."""
    from rdflib.namespace import SKOS

    graph, short = _topics()
    return {short(s): short(o) for s, o in graph.subject_objects(SKOS.broader)}


# Agreements spoken of as planned, not made: "finalizing an agreement on …", "their future cooperation framework".
PROPOSED = re.compile(
    r"\b(?:initiating\s+a\s+discussion\s+on|negotiating|finali[sz]ing|planned|proposed|future|draft)\s+"
    r"(?:an?\s+|the\s+|their\s+|its\s+)?((?:[\w-]+\s+){0,2}?(treaty|agreement|accord|framework|pact)"
    r"(?:\s+on\s+(?:[\w-]+\s*){1,6}?)?)(?=[,.;:”\"]|\s+and\b|$)",
    re.I,
)
SUCH_AS = re.compile(r"\bunder\s+the\s+(?:[\w-]+\s+)?(framework|agreement|pact|accord)\b[^.]*?\bsuch\s+as\b", re.I)


@cache
def gazetteer(name: str = "states") -> tuple[dict, ...]:
    path = resources.files("cyberkg.seeds") / "gazetteer" / f"{name}.yaml"
    return tuple(yaml.load(path.read_text(encoding="utf-8"), Loader=NoAliasLoader))  # noqa: S506 - safe, no aliases


INSTITUTION_CLASSES = {
    "embassy": "Embassy",
    "consulate": "Embassy",
    "parliament": "Organisation",
    "senate": "Organisation",
    "congress": "Organisation",
    "cabinet": "Organisation",
    "court": "Organisation",
}
# Spelling variants of words in titles and names: one id for "adviser"/"advisor" across articles.
SPELLINGS = {"advisor": "adviser", "counselor": "counsellor", "defense": "defence", "organization": "organisation"}
_SPELLING = re.compile(r"\b(" + "|".join(SPELLINGS) + r")\b", re.I)


def one_spelling(text: str) -> str:
    return _SPELLING.sub(lambda m: SPELLINGS[m.group(1).lower()], text)


# Events and attacks read by the parse (graph.extract_parse), round 3: the gatherings "of" whom, the verbs that
# host guests, the people "from" a body who take part, those enlisted "to investigate", the verbs a doer
# "worked / tried to" attack under, and the nouns a state only describes ("US ally Albania").
GATHERINGS = {"summit", "meeting", "meetings", "conference", "talks", "dialogue", "session", "sessions", "consultations"}
HOSTING = {"host", "invite", "welcome", "receive", "gather", "convene"}
MEMBERS = set(
    """
    investigators officials experts prosecutors agents officers police team delegation representatives envoys
    diplomats delegates negotiators investigator official expert principals counterparts ministers leaders
    """.split()
)
ENLISTING = set("hire ask appoint task commission enlist engage invite retain tap employ contract assign bring".split())
TRYING = {"work", "try", "attempt", "conspire", "seek", "manage", "plot", "scheme", "help", "continue", "begin"}
# "US ally Albania", "Russian energy giant X": the state describes whose ally or where the giant is; the victim is
# the one described (a name the parse may hang elsewhere), never the state.
RELATIONAL = set(
    """
    ally allies partner partners neighbour neighbor neighbours neighbors giant giants subsidiary affiliate supplier
    suppliers contractor contractors client member members
    """.split()
)
