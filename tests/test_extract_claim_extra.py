"""Denials spoken by a statement's speaker and victims described as a state's plural group
(graph/extract_claim_extra.py), on sentences written here."""

from __future__ import annotations

import datetime as dt

import pytest
from extracthelp import named_facts

from cyberkg.graph.extract import Extractor
from cyberkg.graph.reader import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor({})


def facts(extractor: Extractor, text: str) -> set[tuple[str, str, str]]:
    return named_facts(
        extractor,
        text,
        "doc-claim-extra",
        ("victim", "attributedTo", "claimant", "denies", "subject"),
        ("Incident", "AttributionClaim", "Denial", "Statement"),
    )


def rules(extractor: Extractor, text: str) -> set[str]:
    out = extractor.extract(Article("doc-claim-extra", text, "<test>", {}), dt.date(2024, 5, 10))
    return {r.rule for r in out.relations}


CLAIM = "Brazil accused Venezuela on Monday of a cyber attack on the networks of its central bank. "


def test_a_spokesman_calling_the_accusations_groundless_denies_the_claim(extractor):
    found = facts(
        extractor,
        CLAIM + '"These accusations are groundless and fabricated," foreign ministry spokeswoman Ana Ruiz told reporters.',
    )
    assert ("Denial", "claimant", "Ana Ruiz") in found, found
    assert ("Denial", "denies", "AttributionClaim") in found, found


def test_a_speaker_urging_others_not_to_make_unfounded_claims_denies(extractor):
    found = facts(
        extractor,
        CLAIM + "Spokesman Pedro Alvarez said Caracas urged Brazil to stop making unfounded claims about the incident.",
    )
    assert ("Denial", "claimant", "Pedro Alvarez") in found, found


def test_a_speaker_without_a_dismissal_word_denies_nothing(extractor):
    found = facts(extractor, CLAIM + '"We are studying the accusations," spokeswoman Ana Ruiz told reporters.')
    assert not any(s == "Denial" for s, _, _ in found), found


def test_a_claimant_calling_the_denial_groundless_is_no_denier(extractor):
    found = facts(
        extractor,
        "Brazilian minister Paulo Costa said Venezuela was behind the cyber attack on the central bank. "
        '"The accusations are not groundless," Paulo Costa told reporters.',
    )
    assert ("Denial", "claimant", "Paulo Costa") not in found, found


def test_an_attack_on_a_states_banks_hits_the_state(extractor):
    found = facts(extractor, "Prosecutors said Iranian hackers launched attacks on U.S. banks in 2012.")
    assert ("Incident", "victim", "United States") in found, found


def test_hacking_of_companies_in_a_state_hits_the_state(extractor):
    found = facts(extractor, "Officials blamed China for hacking into several major American companies last year.")
    assert ("Incident", "victim", "United States") in found, found


def test_a_single_bank_in_a_state_is_not_the_state(extractor):
    text = "Investigators said hackers had attacked a commercial bank in Vietnam in 2015."
    found = facts(extractor, text)
    assert ("Incident", "victim", "Vietnam") not in found, found
    assert "incident.group_state" not in rules(extractor, text)


def test_what_was_hacked_after_a_blame_verb_is_not_blamed(extractor):
    found = facts(extractor, "Four Brazilians Charged for Hacking Chilean Banks, Court Papers Show")
    assert not any(p == "attributedTo" and o in ("Chilean Banks", "Chile") for _, p, o in found), found


def test_who_accuses_after_accused_by_is_not_blamed(extractor):
    found = facts(
        extractor,
        "A hacking group, accused by Peru of having ties to Bolivia, claimed the attacks on the country's ports.",
    )
    assert ("AttributionClaim", "attributedTo", "Peru") not in found, found


def test_a_speaker_the_parse_hangs_on_the_culprit_claims_and_is_not_blamed(extractor):
    found = facts(
        extractor,
        "The hack was the work of Chinese military intelligence officers PLA, Danish Defense Minister Jens Holm said "
        "on Thursday.",
    )
    assert ("AttributionClaim", "attributedTo", "Jens Holm") not in found, found
    assert ("AttributionClaim", "claimant", "Jens Holm") in found, found


def test_an_attack_that_brought_down_the_servers_of_named_bodies_makes_them_victims(extractor):
    found = facts(
        extractor,
        "Hackers attacked Chilean banks on Tuesday. The attacks brought down the network servers of Banco Andino "
        "and Banco Austral as well as broadcaster Canal Sur.",
    )
    assert {("Incident", "victim", name) for name in ("Banco Andino", "Banco Austral", "Canal Sur")} <= found, found


def test_an_attack_that_did_not_affect_a_body_makes_no_victim(extractor):
    text = "Hackers attacked Chilean banks on Tuesday. The attack did not affect Banco Andino, officials said."
    assert ("Incident", "victim", "Banco Andino") not in facts(extractor, text)
    assert "incident.effect" not in rules(extractor, text)


def test_who_issues_a_complaint_alleging_a_culprit_claims(extractor):
    found = facts(
        extractor,
        "The Chilean Interior Ministry on Monday filed a complaint alleging that Peru was behind the breach of "
        "the central bank's networks.",
    )
    assert ("AttributionClaim", "attributedTo", "Peru") in found, found
    assert ("AttributionClaim", "claimant", "Chilean Interior Ministry") in found or (
        "AttributionClaim",
        "claimant",
        "Interior Ministry",
    ) in found, found
