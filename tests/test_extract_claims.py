"""Attribution claims read from the parse (graph/extract_claims.py): each construction on sentences written
here, so a failure names the construction that broke."""

from __future__ import annotations

import datetime as dt

import pytest
from extracthelp import named_facts, rules_extractor

from cyberkg.graph.extract import Extractor
from cyberkg.graph.reader import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return rules_extractor()


def facts(extractor: Extractor, text: str, **meta) -> set[tuple[str, str, str]]:
    """(subject kind or label, predicate, object label) for every relation of the claims family."""
    return named_facts(
        extractor,
        text,
        "doc-claims",
        ("victim", "attributedTo", "claimant", "denies", "subject"),
        ("Incident", "AttributionClaim", "Denial", "Statement"),
        **meta,
    )


CLAIM, INCIDENT, DENIAL = "AttributionClaim", "Incident", "Denial"


def case(name: str, text: str, has=(), lacks=(), never=(), silent: str | None = None, **meta):
    """A construction: its sentences (and the document's metadata), the facts read from them, the facts not read,
    the predicates no fact may have, and another text that gives no fact at all."""
    return pytest.param(text, meta, has, lacks, never, silent, id=name)


CASES = [
    case(
        "a likely suspect named by a researcher is his claim",
        "Hackers breached the networks of the Danish foreign ministry in March. Russia is a likely suspect for the "
        "intrusion, said security researcher Peter Hansen.",
        has=[(CLAIM, "attributedTo", "Russia"), (CLAIM, "claimant", "Peter Hansen")],
    ),
    case(
        "the actors responsible for a breach are blamed",
        "The bank was hacked in May. The agency said the Iranian hackers were the actors responsible for the breach.",
        has=[(CLAIM, "attributedTo", "Iranian hackers")],
    ),
    case(
        "a negated suspect is no claim",
        "Hackers breached the networks of the Danish foreign ministry in March. Russia is not a suspect, said "
        "security researcher Peter Hansen.",
        never=["attributedTo"],
    ),
    case(
        "a hinted link blames the state that modifies it",
        "Suspected sabotage cut the power grid of Estonia on Friday. Professor Ana Ruiz hinted at a possible Russian link.",
        has=[(CLAIM, "attributedTo", "Russia"), (CLAIM, "claimant", "Ana Ruiz")],
    ),
    case(
        "no evidence of involvement is no claim",
        "Suspected sabotage cut the power grid of Estonia on Friday. Officials said they had found no evidence of "
        "Russian involvement.",
        never=["attributedTo"],
    ),
    case(
        "hackers working for a government blame the group, its sponsor and state",
        "Microsoft confirmed on Tuesday that its email servers had been breached by hackers working for the Iranian government.",
        has=[
            (CLAIM, "attributedTo", "hackers working for the Iranian government"),
            (CLAIM, "attributedTo", "Government of Iran"),
            (CLAIM, "attributedTo", "Iran"),
            (CLAIM, "claimant", "Microsoft"),
            (INCIDENT, "victim", "Microsoft"),
        ],
    ),
    case(
        "a group linked to a government is not sponsored by it",
        "Microsoft confirmed on Tuesday that its email servers had been breached by hackers linked to the Iranian government.",
        lacks=[(CLAIM, "attributedTo", "Government of Iran")],
    ),
    case(
        "a participle attribution has no claimant before it",
        "The first implant found in Cisco routers used a technique widely attributed to the NSA.",
        publisher="Reuters",
        has=[(CLAIM, "attributedTo", "National Security Agency")],
        never=["claimant"],
    ),
    case(
        "an unnamed claimant is not the publisher",
        "Investigators determined that North Korea was responsible for the heist at the central bank.",
        publisher="Reuters",
        has=[(CLAIM, "attributedTo", "North Korea")],
        never=["claimant"],
    ),
    case(
        "a passive charge for no attack is no claim",
        "A blogger from the opposition party of former Prime Minister Ana Ruiz was charged on Friday for insulting "
        "President Marco Diaz.",
        never=["attributedTo", "claimant"],
    ),
    case(
        "a network linked to a system is no claim",
        "Two groups are inside the bank's network, which is linked to the SWIFT transfer system, the report found.",
        never=["attributedTo"],
    ),
    case(
        "a company named before an attack noun is the victim",
        "The malware resembles the Microsoft hack of 2014.",
        publisher="Reuters",
        has=[(INCIDENT, "victim", "Microsoft")],
        lacks=[(CLAIM, "attributedTo", "Microsoft")],
    ),
    case(
        "a short quotation does not open the next one",
        'Officials call it the North\'s "cyber army" now. In 2013, Seoul blamed Pyongyang for a cyber attack on banks. '
        '"We will respond firmly to this," the ministry said.',
        has=[(CLAIM, "attributedTo", "North Korea"), (CLAIM, "claimant", "South Korea")],
    ),
    case(
        "a cyber offensive against a named armed group makes it the victim",
        "The army launched a cyber offensive against Islamic State last week, the minister said.",
        has=[(INCIDENT, "victim", "Islamic State")],
    ),
    case(
        "an attack word inside a name is no attack",
        "Colonel Ana Ruiz is deputy commander of the 252nd Cyber Operations Group, which oversees the squadron.",
        never=["victim"],
    ),
    case(
        "a state that only locates the victim is not the victim",
        "The malware was used to target a Vietnamese commercial bank last year.",
        lacks=[(INCIDENT, "victim", "Vietnam")],
    ),
]

# after test_a_named_hacker_group_is_blamed_but_is_no_organisation_entity, as before: the module's extractor
# remembers a run's earlier articles, so the texts are read in the order they always were
LATER_CASES = [
    case(
        "a team dubbed with a name was responsible",  # unnamed investigators, not the publisher
        "The central bank was robbed in February. Investigators have determined that one team of hackers, dubbed "
        "Lazarus in the report, was responsible for the heist.",
        publisher="Reuters",
        has=[(CLAIM, "attributedTo", "Lazarus Group")],
        never=["claimant"],
    ),
    case(
        "a cleft names who did the hacking",
        "Microsoft believes it was the Iranian government that did the hacking.",
        has=[(CLAIM, "attributedTo", "Government of Iran"), (CLAIM, "claimant", "Microsoft")],
    ),
    case(
        "the cyber war against states makes them victims but a cyber war alone none",
        "The North has notched up successes in the cyber war against Japan and the United States.",
        has=[(INCIDENT, "victim", "Japan"), (INCIDENT, "victim", "United States")],
        silent="Experts say a cyber war would be costly for everyone.",
    ),
    case(
        "blamed the attack on X blames X and does not make X the victim",
        "Hackers stole data from Sony Pictures in 2014. The United States has blamed the 2014 Sony attack on North Korea.",
        has=[(CLAIM, "attributedTo", "North Korea")],
        lacks=[(CLAIM, "attributedTo", "Sony"), (INCIDENT, "victim", "North Korea")],
    ),
    case(
        "a group linked to an attack is blamed, not the victim of that attack",
        "The code was written by a hacking group known as Lazarus, which has been linked to the devastating attack on "
        "Sony Pictures.",
        has=[(CLAIM, "attributedTo", "Lazarus Group")],
        lacks=[(CLAIM, "attributedTo", "Sony Pictures")],
    ),
    case(
        "tools used by a described group against a target",
        "Malware used by the Russian-led alliance against Ukraine could also be used by others, security researcher "
        "Peter Hansen said on Monday.",
        has=[
            (CLAIM, "attributedTo", "Russian-led alliance"),
            (CLAIM, "claimant", "Peter Hansen"),
            (INCIDENT, "victim", "Ukraine"),
        ],
        silent="Such malware could be used by criminals against banks, Peter Hansen said.",
    ),
    case(
        "an accusation called groundless is denied",
        "The FBI has blamed Iran for a 2014 cyber attack on Sands Casino. Iran described the accusation as groundless slander.",
        has=[(DENIAL, "claimant", "Iran"), (DENIAL, "denies", CLAIM)],
    ),
]


def expect(extractor: Extractor, text: str, meta: dict, has, lacks, never, silent: str | None) -> None:
    found = facts(extractor, text, **meta)
    for fact in has:
        assert fact in found
    for fact in lacks:
        assert fact not in found
    assert not any(p in never for _, p, _ in found), found
    if silent:
        assert not facts(extractor, silent)


@pytest.mark.parametrize("text,meta,has,lacks,never,silent", CASES)
def test_each_construction(extractor, text, meta, has, lacks, never, silent):
    expect(extractor, text, meta, has, lacks, never, silent)


def test_a_named_hacker_group_is_blamed_but_is_no_organisation_entity(extractor):
    out = extractor.extract(
        Article("doc-group", "Investigators blamed Lazarus for the theft of $81 million from the central bank.", "<test>", {}),
        dt.date(2024, 5, 10),
    )
    assert {out.new_entities[m.entity]["type"] for m in out.mentions if m.label == "Lazarus"} == {"ThreatActor"}
    blamed = {o for r in out.relations if r.predicate == "attributedTo" for o in r.objects}
    assert "lazarus-group" in blamed


@pytest.mark.parametrize("text,meta,has,lacks,never,silent", LATER_CASES)
def test_each_later_construction(extractor, text, meta, has, lacks, never, silent):
    expect(extractor, text, meta, has, lacks, never, silent)


def test_did_not_deny_is_no_denial(extractor):
    found = facts(extractor, "The FBI has blamed Iran for a 2014 cyber attack on Sands Casino. Iran did not deny the accusation.")
    assert not any(s == "Denial" for s, _, _ in found), found
