"""Events, agreements and laws in the constructions graph.extract_events reads, each on sentences written
here (invented names and places where the rule does not need a known one), so a failure names what broke."""

from __future__ import annotations

import datetime as dt

import pytest
from extracthelp import rules_extractor

from cyberkg.graph.extract import Extraction, Extractor
from cyberkg.graph.reader import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return rules_extractor()


def read(extractor: Extractor, text: str) -> Extraction:
    return extractor.extract(Article("doc-events", text, "<test>", {}), dt.date(2024, 5, 10))


def related(out: Extraction, predicate: str, rule: str | None = None) -> set[tuple[str, str]]:
    """(subject class, object label) of each fact with that predicate (and rule)."""

    def label(entity: str) -> str:
        new = out.new_entities.get(entity)
        return new["label"] if new else next((m.label for m in out.mentions if m.entity == entity), entity)

    return {
        (out.new_entities.get(r.subject, {}).get("type", r.subject), label(o))
        for r in out.relations
        if r.predicate == predicate and (rule is None or r.rule == rule)
        for o in r.objects
    }


def objects(out: Extraction, predicate: str, rule: str | None = None) -> set[str]:
    return {o for _, o in related(out, predicate, rule)}


# What a text must give: `has` (these objects among the predicate's, by that rule if one is named), `lacks`
# (none of these), `empty` (no object at all), `exactly` (these and no other), `count` (so many objects).
def has(predicate: str, rule: str | None, *names: str) -> tuple:
    return "has", predicate, rule, set(names)


def lacks(predicate: str, rule: str | None, *names: str) -> tuple:
    return "lacks", predicate, rule, set(names)


def empty(predicate: str, rule: str | None = None) -> tuple:
    return "empty", predicate, rule, None


def exactly(predicate: str, rule: str | None, *names: str) -> tuple:
    return "exactly", predicate, rule, set(names)


def count(predicate: str, rule: str | None, n: int) -> tuple:
    return "count", predicate, rule, n


# constructions checked by hand rather than by predicate and rule
def about(kind: str, rule: str):
    """The statements read by `rule` are about a `kind` node of the text (and there is one)."""

    def check(out: Extraction) -> None:
        nodes = {m.entity for m in out.mentions if m.kind == kind}
        found = [r for r in out.relations if r.rule == rule]
        assert found and all(r.objects[0] in nodes for r in found)

    return check


def none_by(rule: str):
    """No relation read by `rule`."""

    def check(out: Extraction) -> None:
        assert not [r for r in out.relations if r.rule == rule]

    return check


def concerns_the_law(out: Extraction) -> None:
    laws = {m.entity for m in out.mentions if m.kind == "Law"}
    concerned = [r for r in out.relations if r.predicate == "concernsLaw" and r.rule == "statement.law"]
    assert concerned and all(r.objects[0] in laws for r in concerned)
    assert all(out.new_entities[r.subject]["type"] in ("Remark", "OfficialStatement", "PressRelease") for r in concerned)


def the_committee_meets_google(out: Extraction) -> None:
    committee = next(m.entity for m in out.mentions if m.label == "House Committee on Energy and Trade")
    assert any(r.predicate == "participant" and committee in r.objects and "meet Google" in r.sentence for r in out.relations)


def nato_takes_part(out: Extraction) -> None:
    assert "NATO" in objects(out, "participant") or "North Atlantic Treaty Organization" in objects(out, "participant")


def check(out: Extraction, expected: list) -> None:
    for item in expected:
        if callable(item):
            item(out)
            continue
        kind, predicate, rule, value = item
        got = objects(out, predicate, rule)
        if kind == "has":
            assert value <= got, (predicate, rule, got)
        elif kind == "lacks":
            assert not value & got, (predicate, rule, got)
        elif kind == "empty":
            assert not got, (predicate, rule, got)
        elif kind == "exactly":
            assert got == value, (predicate, rule, got)
        else:
            assert len(got) == value, (predicate, rule, got)


def case(name: str, text: str, *expected, then: tuple[str, list] | None = None):
    """A construction: a text and what it must give; `then`, a second text (often the construction negated)
    and what that must give. In the order the tests always read them: the module's extractor remembers a run's
    earlier articles."""
    return pytest.param(text, list(expected), then, id=name)


CASES = [
    case(
        "a probe's object is no participant",
        "Lawmakers to probe Microsoft over cloud outage\nGermany will investigate Microsoft after the outage, officials said.",
        lacks("participant", None, "Microsoft"),
        has("participant", None, "Germany"),
    ),
    case(
        "a crackdown's object is its target",
        "Police in Brazil announced a crackdown on Microsoft on Monday.",
        has("targets", "event.target", "Microsoft"),
        lacks("participant", None, "Microsoft"),
    ),
    case(
        "a call for something is no phone call",
        "President Maria Lopez renewed her call for stronger encryption on Monday.",
        empty("participant"),
    ),
    case(
        "the speaker at the scene of an event takes part",
        "Security is a priority, Prime Minister Ana Ruiz said in a speech at the opening of the annual session of parliament.",
        has("participant", None, "Ana Ruiz"),
    ),
    case(
        "who plans to meet takes part",
        "Microsoft plans to meet Google next month, the firm said.",
        has("participant", None, "Microsoft", "Google"),
    ),
    case(
        "a pact with a partner has the clause subject as other party",
        "Canada sets out new rules as part of a data pact with Japan\n",
        has("hasParty", None, "Canada", "Japan"),
    ),
    case(
        "the antecedent of which negotiated the framework is a party",
        "A pact between France and Brazil was agreed in May.\n"
        "Critics urged the European Commission - which negotiated the framework - to act.",
        has("hasParty", None, "France", "Brazil", "European Commission"),
    ),
    case(
        "a joint pledge of cooperation is an agreement",
        "Japan and India pledged to deepen cooperation on cyber security, officials said.",
        has("hasParty", "agreement.joint", "Japan", "India"),
        then=("Japan and India did not pledge to deepen cooperation on cyber security.", [empty("hasParty")]),
    ),
    case(
        "a bilateral deal takes the two states of its sentence or headline",
        "Chile, Peru weigh data sharing\n"
        "Police may soon share records under a tentative bilateral deal, officials said on Friday.",
        exactly("hasParty", "agreement.joint", "Chile", "Peru"),
        then=("Chile weighs data sharing\nPolice may share records under a bilateral deal, officials said.", [empty("hasParty")]),
    ),
    case(
        "the making verb's subject is a party",
        "Japan and Mexico have agreed changes to a data transfer pact, officials said.",
        has("hasParty", None, "Japan", "Mexico"),
    ),
    case(
        "talks behind an agreement are between its parties",
        "A new data pact between Japan and Mexico, agreed in May after two years of talks, takes effect next year.",
        has("participant", "event.agreement", "Japan", "Mexico"),
    ),
    case(
        "a statement reporting an event is about it",
        "Japan and Mexico held talks in Tokyo on Monday.\n"
        "Minister Ana Ruiz said she would not comment on confidential discussions.",
        about("Event", "statement.event"),
        then=("Trade matters, Minister Ana Ruiz said at a news conference in Tokyo.", [none_by("statement.event")]),
    ),
    case(
        "legislation passed by a parliament is enacted by it and its state",
        "Kenya's parliament is set to pass legislation on data retention, officials said.",
        has("enactedBy", "law.enact", "Kenya"),
        count("enactedBy", "law.enact", 2),
    ),  # the parliament and its state
    case(
        "a state's strategy document is its law",
        "In its new five-year development plan, Beijing said it would build cyber power.",
        exactly("enactedBy", "law.enact", "China"),
    ),
    case(
        "a statement about a law concerns it",
        "Kenya's parliament is set to pass legislation on data retention.\n"
        "Minister Ana Ruiz said the new law would protect citizens.",
        concerns_the_law,
    ),
    case(
        "who acts in a legislature takes part in its proceedings",
        "Kenya's parliament is set to vote on a data bill.\nMinister Ana Ruiz defended the bill in parliament on Tuesday.",
        has("participant", "event.legislature", "Ana Ruiz"),
        count("participant", "event.legislature", 2),  # she and the parliament
        then=("Minister Ana Ruiz defended the bill in Nairobi on Tuesday.", [empty("participant", "event.legislature")]),
    ),
    case(
        "an agreement is referred to by the name learned for it",
        "Japan signs data pact with Mexico\n"
        "The new Data Shield framework lets firms move data.\n"
        "Minister Ana Ruiz said firms may complain about transfers made under the Data Shield.",
        about("Agreement", "statement.agreement"),
        then=(
            "Japan signs data pact with Mexico\n"
            "The previous Data Shield framework was struck down.\n"
            "Minister Ana Ruiz said firms used the Data Shield for years.",
            [none_by("statement.agreement")],
        ),
    ),
    case(
        "a role in the event given in apposition takes part",
        "Germany will investigate the outage, officials said.\n"
        "Senator Ana Ruiz, a key player in the investigation, said the work had begun.",
        has("participant", None, "Ana Ruiz"),
    ),
    case(
        "the committee refers to the committee named with its remit",
        "The House Committee on Energy and Trade was set up in May.\nOfficials said the committee would meet Google.",
        the_committee_meets_google,
    ),
    case(
        "who plans to meet takes part when plans is read as a noun",
        "The army-backed NATO review council plans to meet bankers from two lenders next week, a member said.",
        nato_takes_part,
    ),
    # Round 2: victims as subjects of what they underwent, described victims, testimony (graph.extract_victims)
    case(
        "a victim is the subject of what it suffered",
        "Grid operators under pressure\n"
        "The Estonian government and companies like Acme Networks and Borealis Shipping have been the victim of "
        "high-profile hacks. Nordvik Energy Corp suffered online attacks last year, officials said. Oslo Mutual Bank "
        "had more than $3 million stolen from an account.",
        has("victim", "incident.suffered", "Acme Networks", "Borealis Shipping", "Nordvik Energy Corp", "Oslo Mutual Bank"),
    ),
    case(
        "a target of hackers is a victim but not when negated",
        "Ministry hit\nLatvia may be a target of political hackers.",
        has("victim", "incident.suffered", "Latvia"),
        then=("Ministry safe\nLatvia did not suffer any attacks last year.", [lacks("victim", None, "Latvia")]),
    ),
    case(
        "a described victim is a collective",
        "Campaigns hit\nHackers launched attacks against presidential campaigns in March. They tried to hack into email "
        "accounts of Latvian railway workers. Investigators linked it to an attack on a bank in Portugal.",
        has("victim", "incident.described", "presidential campaigns", "Latvian railway workers", "bank in Portugal"),
    ),
    case(
        "generic or vague descriptions are no victims",
        "Threats grow\nCyber attacks against political candidates occur around the world. Hackers targeting Western "
        "financial institutions are rarely punished. The firm disclosed an attack on a commercial bank. They asked "
        "whether government agencies had been compromised by the hackers.",
        empty("victim", "incident.described"),
    ),
    case(
        "telling a committee is a hearing",
        "Spy chief warns\nMarta Lindqvist, the top Swedish intelligence official, told two parliamentary committees on "
        "Tuesday that attacks were rising. The Swedish Security Service told lawmakers on Friday that the threat was "
        "growing.",
        has("participant", "event.testimony", "Marta Lindqvist", "Swedish Security Service", "lawmakers"),
        then=(
            "Spy chief silent\nMarta Lindqvist did not tell lawmakers about the attacks.",
            [empty("participant", "event.testimony")],
        ),
    ),
    case(
        "a standing complaint or a warning names no victim",
        "Tehran responds\nA spokesman said Iran itself is a victim of cyber attacks. Norway and Finland signed an "
        'agreement to share warnings about attacks on public institutions. "This was an attack on our democratic '
        'institutions," he said.',
        lacks("victim", None, "Iran"),
        empty("victim", "incident.described"),
    ),
    case(
        "an appearance at a host makes both participants",
        "Spy chief speaks\nThe threat will grow, Marta Lindqvist said at a morning event at the Nordic Policy Institute in Oslo.",
        has("participant", "event.hosted", "Marta Lindqvist", "Nordic Policy Institute"),
        then=(
            "Spy chief speaks\nMarta Lindqvist said at a news conference that the threat will grow.",
            [empty("participant", "event.hosted")],
        ),
    ),  # no host named
    case(
        "joint exercises make their states participants",
        "Drills begin\nTensions rose as Finland and Estonia conduct annual joint military exercises.",
        has("participant", "event.exercise", "Finland", "Estonia"),
        then=("No drills\nFinland and Estonia did not hold exercises this year.", [empty("participant", "event.exercise")]),
    ),
    # Round 4: verb frames (graph.extract_frames), agreement parties spread over the phrase
    case(
        "who summons and who is summoned take part",
        "Envoy summoned\nThe Latvian foreign ministry summoned Ambassador Anna Berg along with Ambassador Jon Dahl on Monday.",
        has("participant", "event.frame", "Anna Berg", "Jon Dahl"),
        count("participant", "event.frame", 3),
        then=("No summons\nLatvia did not summon Ambassador Anna Berg.", [empty("participant", "event.frame")]),
    ),
    case(
        "'it' in a reported inquiry is the reporter's body",
        "Leak probed\nA spokesman for the Norwegian Data Protection Authority said it was investigating the leak.",
        has("participant", "event.frame", "Norwegian Data Protection Authority"),
    ),
    case(
        "review and examine are inquiries only into an incident",
        "Heist reviewed\nPolice in Chile are also reviewing a 2019 cyber heist at a bank.",
        has("participant", "event.frame", "Chile"),
        then=("Budget\nChile is reviewing its budget for next year.", [empty("participant", "event.frame")]),
    ),
    case(
        "the one hired to investigate investigates",
        "Firm hired\nAcme Bank has hired Nordvik Forensics to investigate the breach.",
        exactly("participant", "event.frame", "Nordvik Forensics"),
    ),
    case(
        "declaring an emergency is a measure of who declares it",
        "Emergency\nPeru has declared a state of emergency after the attack on its tax agency.",
        has("participant", "event.frame", "Peru"),
        then=("Support\nPeru declared its support for the plan.", [empty("participant", "event.frame")]),
    ),
    case(
        "a reward offered for information names its target",
        "Reward\nThe Justice Department offered a reward for information on the leaders of the Lazarus group.",
        has("participant", "event.frame", "Justice Department"),
        has("targets", "event.frame", "Lazarus Group"),
    ),
    case(
        "telling parliament, with the pronoun resolved, is a session",
        "Breach\nPrime Minister Ana Ruiz spoke on Monday. She told Kenya's parliament that networks had been breached.",
        has("participant", "event.frame", "Ana Ruiz"),
        count("participant", "event.frame", 2),
        then=(
            "Breach\nPrime Minister Ana Ruiz spoke. She told reporters that networks were breached.",
            [empty("participant", "event.frame")],
        ),
    ),
    case(
        "a 'between' phrase lower in an agreement's phrase names its parties",
        "Pact\nThe cabinet approved signing a memorandum of cooperation (MoC) in the field of cyber security between Chile "
        "and Peru.\nOfficials said the MoC will cover capacity building.",
        exactly("hasParty", "agreement.joint", "Chile", "Peru"),
        has("covers", "agreement.scope", "topic:capacity-building"),
    ),
    case(
        "'sharing information' names the sharing of threat information",
        "Pact\nChile and Peru signed an agreement on Monday.\nThe agreement covers sharing information on cyber threats.",
        has("covers", "agreement.scope", "topic:threat-information-sharing"),
    ),
    case(
        "a mission sent to states is a visit of the sender and the hosts",
        "Mission\nFinland earlier this month sent a cyber-security mission to Estonia and Latvia.",
        exactly("participant", "event.frame", "Finland", "Estonia", "Latvia"),
    ),
    case(
        "the parse's participants are read when 'the talks' refer back too",
        "Talks\nChile and Peru held talks on data in May.\n"
        "Officials said the talks were useful and that Minister Ana Ruiz was in discussions with Bolivia.",
        has("participant", "event.parse", "Ana Ruiz", "Bolivia"),
    ),
    case(
        "whom a body invites to hold an event takes part in it",
        "Talks\nThe resolution invites Interpol to conduct consultations with Europol.",
        exactly("participant", "event.parse", "Interpol", "Europol"),
    ),
    case(
        "leaders who agree to begin talks take part with the states they agree for",
        "Summit\nChilean President Ana Ruiz and Peruvian President Jon Dahl have agreed to begin cyber security talks.",
        has("participant", "event.parse", "Ana Ruiz", "Jon Dahl"),
        has("participant", "event.agreement", "Chile", "Peru"),
    ),
    case(
        "a meeting whose subject is a pronoun takes the person last named",
        "Visit\nPrime Minister Ana Ruiz arrived in Lima on Monday. She met President Jon Dahl at the palace.",
        exactly("participant", "event.frame", "Ana Ruiz", "Jon Dahl"),
    ),
    case(
        "an event noun whose verb has a pronoun subject takes the one it stands for",
        "Visit\nPrime Minister Ana Ruiz arrived in Lima on Monday. She held talks with President Jon Dahl.\n"
        "A spokesman for the Norwegian Data Protection Authority said it had launched an investigation.",
        exactly("participant", "event.frame", "Ana Ruiz", "Jon Dahl", "Norwegian Data Protection Authority"),
        then=("Visit\nPrime Minister Ana Ruiz arrived. She did not hold talks with President Jon Dahl.", [empty("participant")]),
    ),
    case(
        "ordering a state's diplomats to leave is a measure against it",
        "Expelled\nThe Foreign Ministry of Norway ordered ten Russian diplomats to leave the country.",
        has("participant", "event.frame", "Foreign Ministry of Norway"),
        exactly("targets", "event.frame", "Russia"),
        then=("Order\nThe Foreign Ministry of Norway ordered new computers.", [empty("participant", "event.frame")]),
    ),
    case(
        "a measure quoted after the reporter's own verb is the reporter's",
        'Sanctions\nIn a statement, the Finance Ministry of Chile said it had taken "sweeping action against the Red Fox '
        'group" on Monday.',
        has("participant", "event.measure", "Finance Ministry of Chile"),
        then=(
            'Sanctions\n"We will take sweeping action against the Red Fox group," the Finance Ministry of Chile said.',
            [empty("participant", "event.measure")],
        ),
    ),
    case(
        "a forensic analysis is an inquiry by whom the phrase names",
        "Breach\nForensic analysis by the Norwegian Data Protection Authority indicates a deliberate attack.",
        has("participant", "event.frame", "Norwegian Data Protection Authority"),
        then=(
            "Breach\nAn analysis by the Norwegian Data Protection Authority shows rising costs.",
            [empty("participant", "event.frame")],
        ),
    ),
    case(
        "looking into an incident is an inquiry",
        "Leak\nThe Norwegian Data Protection Authority is looking into the breach.",
        has("participant", "event.frame", "Norwegian Data Protection Authority"),
        then=("Camera\nPrime Minister Ana Ruiz looked into the camera.", [empty("participant", "event.frame")]),
    ),
    case(
        "a statement reporting an event its sentence makes is about it",
        "Envoy summoned\nThe Latvian foreign ministry said in a statement on Monday that it had summoned the Estonian "
        "ambassador over the leak.",
        about("Event", "statement.event"),
        then=(
            "Envoy summoned\nThe Latvian foreign ministry said at a press conference that the ambassador was on leave.",
            [none_by("statement.event")],
        ),
    ),
    case(
        "a statement by another cue than a say-verb is about the event its sentence names",
        "Summit\nChilean President Ana Ruiz met Peruvian President Jon Dahl in Lima on Monday.\nBoth leaders used careful "
        "words to describe their talks in a lakeside villa, with Ruiz calling them constructive and Dahl saying there was "
        "no substitute for direct contact.",
        about("Event", "statement.event"),
    ),
    case(
        "a statement whose quotation names an event word is about the event",
        "Sanctions\nChile imposed sanctions on the Red Fox group on Monday.\n"
        '"With these sanctions, Chile is taking a big step. The price of bad behaviour rises," said Minister Ana Ruiz.',
        about("Event", "statement.event"),
    ),
    case(
        "leaders who agree for the states their titles name represent them",
        "Summit\nChilean President Ana Ruiz and Peruvian President Jon Dahl have agreed to begin cyber security talks at a "
        "summit that exposed their differences over trade and Bolivia.",
        exactly("hasParty", None, "Chile", "Peru"),  # not the state named in the relative clause
        exactly("hasRepresentative", "agreement.leaders", "Ana Ruiz", "Jon Dahl"),
        has("represents", "agreement.leaders", "Chile", "Peru"),
        then=(
            "Summit\nChilean President Ana Ruiz and Peruvian President Jon Dahl did not agree on a cyber security pact.",
            [empty("hasRepresentative", "agreement.leaders")],
        ),
    ),
    case(
        "resolutions adopted by a body are its laws",
        "Vote\nTwo resolutions on cyber norms have been adopted by the General Assembly after a vote.",
        has("enactedBy", "law.enact", "General Assembly"),
        then=("Vote\nTwo resolutions on cyber norms were not adopted by the General Assembly.", [empty("enactedBy")]),
    ),
    case(
        "a bill signed into law is the law of the signer's state",
        "Law\nChilean President Ana Ruiz signed the cyber incident reporting bill into law on Tuesday.",
        exactly("enactedBy", "law.enact", "Chile"),
        then=("Law\nChilean President Ana Ruiz signed the guest book on Tuesday.", [empty("enactedBy")]),
    ),
    case(
        "a law noun described after its state or public body is theirs",
        "Data\nEU data protection law bars firms from moving personal data abroad, the court said.",
        exactly("enactedBy", "law.enact", "EU"),
        then=(
            "Data\nU.S. law bars firms from moving data abroad. Acme Corp's new content rules took effect on Monday.",
            [empty("enactedBy")],
        ),
    ),
    case(
        "signers named as agents of a passive signing represent their states",
        "Pact\nThe memorandum between Chile and Peru was signed by Chilean Foreign Minister Ana Ruiz and Peruvian "
        "Foreign Minister Jon Dahl in Lima.",
        exactly("hasRepresentative", "agreement.leaders", "Ana Ruiz", "Jon Dahl"),
        exactly("represents", "agreement.leaders", "Chile", "Peru"),
    ),
    case(
        "a strategy a state sets out is its law",
        "New plan\nFinland set out a far-reaching cybersecurity strategy on Thursday.",
        has("enactedBy", "law.enact", "Finland"),
        then=("No plan\nFinland did not publish a cybersecurity strategy this year.", [empty("enactedBy")]),
    ),
]


@pytest.mark.parametrize("text,expected,then", CASES)
def test_each_construction_gives_its_facts(extractor, text, expected, then):
    check(read(extractor, text), expected)
    if then:
        check(read(extractor, then[0]), then[1])
