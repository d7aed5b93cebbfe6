"""Who makes a claim and whom it names, in constructions of unseen news (round 6 of issue 13): the subject of
'traced the attack to', a group named by a relative clause ('an actor which X designated Y'), and the others
below. Every sentence is invented here, so a failure names the construction that broke."""

from __future__ import annotations

import pytest
from extracthelp import named_facts, rules_extractor

from cyberkg.graph.extract import Extractor

CLAIM = "AttributionClaim"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return rules_extractor()


def facts(extractor: Extractor, text: str) -> set[tuple[str, str, str]]:
    return named_facts(
        extractor,
        text,
        "doc-voices",
        ("attributedTo", "claimant", "denies", "subject", "victim"),
        ("Incident", "AttributionClaim", "Denial", "Statement"),
    )


def blamed(found: set[tuple[str, str, str]]) -> set[str]:
    return {o for s, p, o in found if s == CLAIM and p == "attributedTo"}


def claimants(found: set[tuple[str, str, str]]) -> set[str]:
    return {o for s, p, o in found if s == CLAIM and p == "claimant"}


def test_who_traced_the_attack_claims_it_a_pronoun_resolved_through_the_reporting_verb(extractor):
    found = facts(
        extractor,
        "Norwegian authorities said on Monday they had traced a cyber attack on a ministry last year to a hacker "
        "group associated with the Russian government.",
    )
    assert claimants(found) == {"Norway"}
    assert blamed(found) == {"hacker group"}  # the described group; "associated with" only describes it


def test_a_group_known_as_a_name_is_blamed_by_its_name_not_its_description(extractor):
    found = facts(extractor, "The National Security Authority traced the attack to a hacker group known as APT28.")
    assert blamed(found) == {"APT28"}
    assert claimants(found) == {"National Security Authority"}


def test_an_actor_a_firm_designated_by_a_name_is_that_name(extractor):
    found = facts(
        extractor,
        "Estonia's security police traced the intrusion to an actor which the firm Mandiant has designated APT28.",
    )
    assert blamed(found) == {"APT28"}
    assert "Mandiant" not in claimants(found)  # the firm only names the group
