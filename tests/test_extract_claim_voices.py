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


def test_as_confirmed_by_names_the_claimant(extractor):
    found = facts(extractor, "Iran was responsible for the attack on Acme Bank, as confirmed by Finance Minister Jane Doe.")
    assert claimants(found) == {"Jane Doe"}
    assert blamed(found) == {"Iran"}


def test_as_confirmed_by_a_plain_description_names_nobody(extractor):
    found = facts(extractor, "Iran was responsible for the attack on Acme Bank, as claimed by some bloggers.")
    assert claimants(found) == set()


def test_malware_launched_by_a_state_hedged_is_claimed_by_the_officials_state(extractor):
    found = facts(
        extractor, "The virus that hit Acme Bank may have been launched by Iran, American intelligence officials have said."
    )
    assert blamed(found) == {"Iran"}
    assert claimants(found) == {"United States"}
    assert ("Incident", "victim", "Acme Bank") in found


def test_malware_engineered_by_states_blames_them(extractor):
    found = facts(extractor, "The Zeta worm is believed to have been engineered by Israel and the United States to damage banks.")
    assert blamed(found) == {"Israel", "United States"}


def test_who_authorised_an_attack_and_who_carried_it_out_are_blamed(extractor):
    found = facts(
        extractor,
        "The Washington Post said that President John Smith authorised the National Cyber Force to carry out a "
        "retaliatory cyber attack on Iran.",
    )
    assert blamed(found) == {"John Smith", "National Cyber Force"}
    assert claimants(found) == {"The Washington Post"}


def test_ordering_the_release_of_malware_blames_who_ordered_it(extractor):
    found = facts(
        extractor,
        "Interior Minister John Smith said on Tuesday that North Korean leader Kim Jong Un ordered the release of Zeta, "
        "the malware attack that hit Acme Bank.",
    )
    assert blamed(found) == {"Kim Jong Un"}
    assert claimants(found) == {"John Smith"}


def test_ordering_an_inquiry_into_an_attack_blames_no_one(extractor):
    found = facts(extractor, "The president ordered an investigation into the attack on Acme Bank.")
    assert blamed(found) == set()


def test_making_an_attack_noun_is_no_malware_claim(extractor):
    found = facts(extractor, "The ministry developed a plan after the attack on Acme Bank.")
    assert blamed(found) == set()


def test_a_pronoun_blamed_in_a_clause_stands_for_the_named_subject_above(extractor):
    found = facts(extractor, "Lazarus Group became famous after it was blamed for the 2014 cyberattack on Sony Pictures.")
    assert blamed(found) == {"Lazarus Group"}


def test_a_pronoun_under_a_reporting_verb_is_a_complaint_not_a_claim(extractor):
    found = facts(extractor, "Russia said it was blamed for the 2014 cyberattack on Sony Pictures without evidence.")
    assert blamed(found) == set()


def test_the_sanctions_target_names_who_the_sanctioning_claim_blames_and_no_victim(extractor):
    found = facts(
        extractor,
        "The Treasury Department sanctioned two Russians for the hacking of Acme Bank. "
        "The ministry said the sanctions target Ivan Petrov and Oleg Sidorov.",
    )
    assert {"Ivan Petrov", "Oleg Sidorov"} <= blamed(found)
    assert claimants(found) == {"Treasury Department"}
    assert ("Incident", "victim", "Ivan Petrov") not in found


def test_measures_that_only_may_target_blame_no_one(extractor):
    found = facts(
        extractor,
        "The Treasury Department sanctioned two Russians for the hacking of Acme Bank. "
        "New sanctions could target Ivan Petrov and Oleg Sidorov.",
    )
    assert "Ivan Petrov" not in blamed(found)


def test_charges_against_unnamed_nationals_blame_their_state_and_the_bringer_claims(extractor):
    found = facts(
        extractor,
        "The Justice Department today announced charges against two Russian nationals who allegedly took part in a "
        "hacking campaign against Acme Bank.",
    )
    assert blamed(found) == {"Russia"}
    assert claimants(found) == {"Justice Department"}


def test_charges_for_no_attack_blame_no_state(extractor):
    found = facts(extractor, "The Justice Department announced charges against two Russian nationals for tax fraud.")
    assert blamed(found) == set()


def test_victims_of_the_malware_included_names_the_victims_without_an_earlier_incident(extractor):
    found = facts(
        extractor,
        "Victims of the Zeta malware included the British National Health Service, which had to turn away patients.",
    )
    assert ("Incident", "victim", "British National Health Service") in found


def test_victims_of_a_flood_are_no_incident_victims(extractor):
    found = facts(extractor, "Victims of the floods included the British National Health Service.")
    assert not {f for f in found if f[1] == "victim"}


def test_no_attack_carried_out_by_them_blames_no_one(extractor):
    found = facts(
        extractor, "Hackers hit Acme Bank last week. No successful attack has been carried out by Iran, the minister said."
    )
    assert "Iran" not in blamed(found)


def test_a_belief_about_capabilities_is_no_claim(extractor):
    found = facts(extractor, "Tehran is believed to have stepped up its own cyber capabilities in the face of sanctions.")
    assert blamed(found) == set()


def test_a_belief_about_who_did_it_is_a_claim(extractor):
    found = facts(extractor, "Hackers hit Acme Bank last week. Iran is believed to be behind the operation.")
    assert blamed(found) == {"Iran"}


def test_rejecting_accusations_of_involvement_denies_a_claim_that_blames_the_involved(extractor):
    found = facts(
        extractor,
        "The Russian Embassy said it strongly rejected accusations of Moscow's involvement in recent cyberattacks "
        "against the Czech Republic.",
    )
    assert blamed(found) == {"Russia"}
    assert ("Denial", "denies", CLAIM) in found
    assert ("Denial", "claimant", "Russian Embassy") in found
    assert "Russian Embassy" not in claimants(found)


def test_rejecting_the_accusations_made_by_a_state_makes_it_a_claimant(extractor):
    found = facts(
        extractor,
        "Hackers breached the Czech foreign ministry last year. Russia was blamed for the attack. "
        "The Russian embassy categorically rejected the accusations made by Prague.",
    )
    assert "Czechia" in claimants(found)
    assert blamed(found) == {"Russia"}


def test_not_rejecting_accusations_makes_no_denial(extractor):
    found = facts(
        extractor,
        "The embassy did not reject accusations of Moscow's involvement in the cyberattacks against the Czech Republic.",
    )
    assert not {f for f in found if f[0] == "Denial"}


def test_came_under_attack_makes_the_subject_a_victim(extractor):
    found = facts(extractor, "Reports said Acme Bank came under cyber-attack recently.")
    assert ("Incident", "victim", "Acme Bank") in found


def test_the_countrys_institutions_under_attack_are_the_state_named_before(extractor):
    found = facts(extractor, "The Czech Foreign Ministry said the country's institutions had come under attacks.")
    assert ("Incident", "victim", "Czechia") in found


def test_attacks_from_a_described_group_blame_it_and_the_reporter_claims(extractor):
    found = facts(
        extractor,
        "The Czech Foreign Ministry said the country's government institutions had come under attacks from "
        "Russia-linked hackers since 2023.",
    )
    assert "Russia-linked hackers" in blamed(found)
    assert "Czech Foreign Ministry" in claimants(found)


def test_attacks_from_a_named_group_blame_it(extractor):
    found = facts(extractor, "Acme Bank suffered attacks from APT28 last year.")
    assert blamed(found) == {"APT28"}


def test_a_theft_from_a_bank_blames_no_bank(extractor):
    found = facts(extractor, "The theft of data from Acme Bank worried officials.")
    assert "Acme Bank" not in blamed(found)


def test_those_who_agreed_with_an_assessment_that_blames_claim_it_too(extractor):
    found = facts(
        extractor,
        "Smith said other nations, including the United Kingdom and Japan, as well as partners, including Microsoft, "
        "had agreed with the United States assessment that North Korea was behind the attack on Acme Bank.",
    )
    assert {"United Kingdom", "Japan", "Microsoft", "United States"} <= claimants(found)
    assert blamed(found) == {"North Korea"}


def test_disagreeing_with_an_assessment_makes_no_claimant(extractor):
    found = facts(
        extractor,
        "Hackers hit Acme Bank. Smith said North Korea was behind the attack. "
        "Japan did not agree with the British assessment that North Korea was behind the attack.",
    )
    assert "Japan" not in claimants(found)


def test_acting_at_the_behest_of_a_government_blames_its_state(extractor):
    found = facts(
        extractor,
        "Finland's security service traced the attack to APT28, believed to be acting at the behest of Russia's government.",
    )
    assert {"APT28", "Russia"} <= blamed(found)


def test_acting_in_association_with_a_ministry_blames_it(extractor):
    found = facts(
        extractor,
        "Prosecutors said APT28 hacked Acme Bank, acting in association with the Russian Ministry of Defence.",
    )
    assert {"APT28", "Russian Ministry of Defence"} <= blamed(found)


def test_not_acting_at_the_behest_of_a_state_blames_it_not(extractor):
    found = facts(
        extractor, "Prosecutors said APT28 hacked Acme Bank, though it was not acting at the behest of the Russian government."
    )
    assert "Russia" not in blamed(found)


def test_money_acquired_through_cyberattacks_blames_the_acquirer_a_panel_from_a_body_claims(extractor):
    found = facts(
        extractor,
        "A panel of experts from the United Nations estimated that North Korea has acquired as much as 2 billion "
        "dollars through cyberattacks.",
    )
    assert blamed(found) == {"North Korea"}
    assert claimants(found) == {"United Nations"}


def test_money_lost_through_cyberattacks_blames_no_victim(extractor):
    found = facts(extractor, "Acme Bank lost 2 million dollars through cyberattacks.")
    assert blamed(found) == set()


def test_who_cites_sources_as_saying_an_attack_was_done_claims_it(extractor):
    found = facts(
        extractor,
        "The Daily Record cited two former officials as saying Russia hacked Acme Bank. "
        "Yahoo cited two former intelligence officials as saying the US hacked Acme Bank.",
    )
    assert "Yahoo" in claimants(found)


def test_gaining_access_to_systems_is_an_intrusion_by_the_named_actor(extractor):
    found = facts(extractor, "Researchers said that Lazarus might have gained access to some of the systems at Acme Bank.")
    assert ("Incident", "victim", "Acme Bank") in found
    assert blamed(found) == {"Lazarus Group"}


def test_unauthorized_access_to_the_computers_of_a_body_is_an_intrusion(extractor):
    found = facts(extractor, "APT28 obtained unauthorized access to the computers of Acme Bank, according to the charges.")
    assert ("Incident", "victim", "Acme Bank") in found
    assert blamed(found) == {"APT28"}


def test_access_to_an_archive_is_no_intrusion(extractor):
    found = facts(extractor, "Reuters gained access to the archive of Acme Bank.")
    assert not found


def test_access_not_gained_is_no_intrusion(extractor):
    found = facts(extractor, "APT28 did not gain access to the networks of Acme Bank.")
    assert not {f for f in found if f[1] in ("victim", "attributedTo")}


def test_an_attack_on_a_class_including_examples_makes_the_examples_victims(extractor):
    found = facts(
        extractor,
        "Lazarus Group was blamed for the 2017 ransomware attack on countries including the United States and Britain.",
    )
    assert {("Incident", "victim", "United States"), ("Incident", "victim", "United Kingdom")} <= found
    assert blamed(found) == {"Lazarus Group"}


def test_no_attack_on_countries_including_examples_makes_no_victims(extractor):
    found = facts(extractor, "There was no attack on countries including the United States and Britain.")
    assert not {f for f in found if f[1] == "victim"}


def test_who_speaks_of_the_alleged_attack_after_a_claim_joins_its_claimants(extractor):
    found = facts(
        extractor,
        "The Justice Department charged two Russians with hacking Acme Bank. "
        "Deputy Attorney General Jane Doe said the alleged hacking campaign hit banks in 12 countries.",
    )
    assert {"Justice Department", "Jane Doe"} <= claimants(found)


def test_who_speaks_of_the_campaign_without_alleging_it_joins_no_claim(extractor):
    found = facts(
        extractor,
        "The Justice Department charged two Russians with hacking Acme Bank. "
        "Deputy Attorney General Jane Doe said the hacking campaign hit banks in 12 countries.",
    )
    assert "Jane Doe" not in claimants(found)
