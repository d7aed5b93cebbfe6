"""Attribution claims and denials in recurring news constructions (round 3 of issue 13): who believes or
finds that X was behind an attack, who denies by the parse, evidence of an actor's involvement, sanctions
against those responsible. Every sentence is invented here, so a failure names the construction that broke."""

from __future__ import annotations

import pytest
from extracthelp import named_facts, rules_extractor

from cyberkg.graph.extract import Extractor

FAMILY = ("victim", "attributedTo", "claimant", "denies", "subject", "participant", "targets")


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return rules_extractor()


def facts(extractor: Extractor, text: str, **meta) -> set[tuple[str, str, str]]:
    """(subject kind or label, predicate, object kind or label) for the claims and events family."""
    return named_facts(
        extractor, text, "doc-attribution", FAMILY, ("Incident", "AttributionClaim", "Denial", "Statement", "Event"), **meta
    )


def test_officials_who_suspect_a_state_was_behind_an_attack_make_their_states_claim(extractor):
    found = facts(
        extractor, "Hackers wiped the servers of Acme Studios last week. Canadian officials suspected Iran was behind the attack."
    )
    assert ("AttributionClaim", "attributedTo", "Iran") in found
    assert ("AttributionClaim", "claimant", "Canada") in found


def test_a_state_that_believes_another_was_behind_it_is_the_claimant(extractor):
    found = facts(extractor, "Norway believes that Russia was behind a cyberattack on its parliament in May.")
    assert ("AttributionClaim", "attributedTo", "Russia") in found
    assert ("AttributionClaim", "claimant", "Norway") in found


def test_an_agency_that_found_who_was_behind_it_is_the_claimant(extractor):
    found = facts(
        extractor,
        "Hackers knocked out the websites of the Dutch tax office in March. The Dutch "
        "Intelligence Service found that Russia was almost certainly behind the attacks.",
    )
    assert ("AttributionClaim", "attributedTo", "Russia") in found
    assert ("AttributionClaim", "claimant", "Dutch Intelligence Service") in found


def test_a_denial_is_its_verbs_subject_not_a_city_inside_it(extractor):
    found = facts(
        extractor,
        "Peru accused Chile of hacking its foreign ministry in April. On Monday the "
        "Chilean Embassy in Lima denied any involvement.",
    )
    assert ("AttributionClaim", "attributedTo", "Chile") in found
    assert ("Denial", "denies", "AttributionClaim") in found
    # the embassy (an organisation since the entity layer knows embassies), never "Lima" (Peru)
    assert {o for s, p, o in found if s == "Denial" and p == "claimant"} == {"Chilean Embassy in Lima"}, found


def test_officials_of_a_state_who_deny_are_that_state(extractor):
    found = facts(
        extractor, "Oman blamed Iran for an attack on its ports in June. Iranian officials denied the accusation on Tuesday."
    )
    assert ("Denial", "claimant", "Iran") in found


def test_sanctions_against_those_responsible_for_an_attack_on_x_do_not_blame_x(extractor):
    found = facts(
        extractor,
        "The foreign ministry of Austria threatened sanctions against those responsible for a "
        "2019 hacking attack on the Austrian parliament.",
    )
    assert not any(p == "attributedTo" for _, p, _ in found), found


def test_evidence_of_a_states_forces_involvement_is_the_speakers_claim(extractor):
    found = facts(
        extractor,
        'Prime Minister Ana Ruiz said there was clear evidence of the involvement of "Iranian '
        'forces" in a 2019 cyberattack against the Chilean senate.',
    )
    assert ("AttributionClaim", "attributedTo", "Iran") in found
    assert ("AttributionClaim", "claimant", "Ana Ruiz") in found


def test_condemning_a_government_for_a_hack_blames_it(extractor):
    found = facts(
        extractor,
        "Hackers breached the mail servers of Acme Corp in March. In May, Spain condemned the "
        "Turkish government for the hacking.",
    )
    assert ("AttributionClaim", "attributedTo", "Government of Turkey") in found
    assert ("AttributionClaim", "claimant", "Spain") in found


def test_condemning_a_states_cyberattack_blames_that_state(extractor):
    found = facts(extractor, "On Monday Chile strongly condemned Bolivia's cyberattack against its central bank.")
    assert ("AttributionClaim", "attributedTo", "Bolivia") in found
    assert ("AttributionClaim", "claimant", "Chile") in found


def test_condemning_the_attacks_alone_blames_no_one(extractor):
    found = facts(extractor, "Hackers breached the mail servers of Acme Corp in March. Spain condemned the attacks.")
    assert not any(p == "attributedTo" for _, p, _ in found), found


def test_an_attack_carried_out_by_a_state_according_to_others_is_their_claim(extractor):
    found = facts(
        extractor,
        "A cyber-attack which took down 500 websites in Latvia last year was carried out by "
        "Belarus, according to Latvia, Poland and Lithuania.",
    )
    assert ("AttributionClaim", "attributedTo", "Belarus") in found
    assert {("AttributionClaim", "claimant", s) for s in ("Latvia", "Poland", "Lithuania")} <= found


def test_a_special_operation_against_a_gang_is_no_attack(extractor):
    found = facts(
        extractor,
        "Spain has conducted a special operation against the crime group Vela at the request of France, the police said.",
    )
    assert not any(p == "attributedTo" for _, p, _ in found), found


def test_indictments_against_members_of_a_military_for_hacking_are_the_announcers_claim(extractor):
    found = facts(
        extractor,
        "Attorney General Ana Ruiz on Monday announced indictments against three officers of "
        "the Iranian military for hacking into the servers of Acme Bank in 2019.",
    )
    assert ("AttributionClaim", "claimant", "Ana Ruiz") in found
    assert ("AttributionClaim", "attributedTo", "Iranian military") in found  # the members' body


def test_charges_for_no_attack_are_no_attribution(extractor):
    found = facts(extractor, "Prosecutor Ana Ruiz announced charges against Acme Bank for tax fraud on Monday.")
    assert not any(p == "attributedTo" for _, p, _ in found), found


def test_people_who_worked_to_steal_data_are_its_doers(extractor):
    found = facts(extractor, "The complaint alleges that Lazarus Group worked to steal data from Acme Bank.")
    assert ("AttributionClaim", "attributedTo", "Lazarus Group") in found


def test_a_state_hit_by_a_string_of_hacks_is_their_victim(extractor):
    found = facts(extractor, "Norway has been hit by a string of high-profile hacks by ransom-seeking criminals.")
    assert ("Incident", "victim", "Norway") in found


def test_an_attack_on_a_states_ally_does_not_make_the_state_a_victim(extractor):
    found = facts(extractor, "The ministry condemned an unprecedented cyberattack by Iran on US ally Albania.")
    assert ("Incident", "victim", "United States") not in found
    found = facts(extractor, "Officials think Iran was behind an attack on Qatari gas giant Vela Energy last year.")
    assert ("Incident", "victim", "Qatar") not in found


def test_coordinated_accusers_are_each_a_claimant(extractor):
    found = facts(extractor, "Peru, Chile and Ecuador accused Bolivia of hacking the servers of Acme Bank in May.")
    assert {("AttributionClaim", "claimant", s) for s in ("Peru", "Chile", "Ecuador")} <= found
    assert ("AttributionClaim", "attributedTo", "Bolivia") in found
    found = facts(extractor, "Norway and Sweden believe that Russia was behind a cyberattack on their parliaments.")
    assert {("AttributionClaim", "claimant", s) for s in ("Norway", "Sweden")} <= found


def test_states_that_issued_attribution_statements_claim_the_attribution_just_reported(extractor):
    found = facts(
        extractor,
        "Last week Spain condemned the Turkish government for the hacking of Acme Bank. Peru, "
        "Chile and Japan issued attribution statements in relation to this incident.",
    )
    assert {("AttributionClaim", "claimant", s) for s in ("Peru", "Chile", "Japan")} <= found
    alone = facts(extractor, "Peru, Chile and Japan issued attribution statements on Monday.")
    assert not any(p == "claimant" for _, p, _ in alone), alone  # no attribution reported: no claim to join


def test_a_relative_clause_blames_the_noun_it_describes(extractor):
    found = facts(extractor, "Officials in Lima said Bolivia, which was behind a hack on Acme Bank last year, remains a threat.")
    assert ("AttributionClaim", "attributedTo", "Bolivia") in found


def test_a_body_charged_with_protecting_someone_is_not_accused(extractor):
    found = facts(
        extractor, "The Federal Guard Service, which is charged with protecting the candidates, said it works to detect threats."
    )
    assert not any(p == "attributedTo" for _, p, _ in found), found


def test_a_group_that_took_responsibility_claims_it_of_itself(extractor):
    found = facts(
        extractor,
        "Hackers breached the servers of Acme Oil in May. A hacking team known as Lazarus Group "
        "took responsibility for the attack.",
    )
    assert ("AttributionClaim", "attributedTo", "Lazarus Group") in found
    assert ("AttributionClaim", "claimant", "Lazarus Group") in found


def test_one_who_also_condemned_the_attacks_takes_up_the_claim(extractor):
    found = facts(
        extractor,
        "Peru accused Bolivia of hacking the servers of Acme Bank in May. Foreign Minister Ana "
        "Ruiz of Chile also condemned the attacks.",
    )
    assert ("AttributionClaim", "claimant", "Ana Ruiz") in found


def test_condemning_an_attack_without_also_or_the_blamed_joins_no_claim(extractor):
    found = facts(extractor, "Peru accused Bolivia of hacking the servers of Acme Bank in May. Chile condemned the attacks.")
    assert ("AttributionClaim", "claimant", "Chile") not in found


def test_state_backed_hackers_blame_the_state_that_backs_them(extractor):
    found = facts(extractor, "Iranian state-backed hackers breached the servers of Acme Bank in May.")
    assert ("AttributionClaim", "attributedTo", "Iran") in found
    found = facts(extractor, "Kremlin-backed hackers broke into the networks of the Dutch foreign ministry.")
    assert ("AttributionClaim", "attributedTo", "Russia") in found


def test_sanctioning_people_over_a_hack_blames_them(extractor):
    found = facts(extractor, "The European Union sanctioned six Russian officers over the hacking of the Dutch parliament.")
    assert ("AttributionClaim", "claimant", "European Union") in found
    assert ("AttributionClaim", "attributedTo", "Russian officers") in found
    assert not any(
        p == "attributedTo"
        for _, p, _ in facts(extractor, "The European Union sanctioned six Russian officers over human rights abuses.")
    )


def test_sanctions_on_a_few_named_entities_for_cyberattacks_blame_them(extractor):
    found = facts(extractor, "Japan imposed sanctions on three North Korean entities for cyberattacks on banks.")
    assert ("AttributionClaim", "attributedTo", "North Korean entities") in found


def test_attacks_that_disrupted_a_states_websites_make_it_a_victim(extractor):
    found = facts(extractor, "Officials also blamed Iran for attacks last month that disrupted Canadian banking websites.")
    assert ("Incident", "victim", "Canada") in found
    found = facts(extractor, "Officials warned that attacks could disrupt Canadian banking websites.")
    assert ("Incident", "victim", "Canada") not in found


def test_members_named_in_apposition_are_blamed_with_their_body(extractor):
    found = facts(
        extractor,
        "The complaint alleges that three members of Lazarus Group — Ana Ruiz, Pedro Sala and "
        "Marta Gil — worked to steal data from Acme Bank.",
    )
    assert {("AttributionClaim", "attributedTo", n) for n in ("Lazarus Group", "Pedro Sala", "Marta Gil")} <= found


def test_an_attack_on_what_the_subject_calls_its_own_makes_it_the_victim(extractor):
    found = facts(extractor, "Norway will investigate a cyberattack on its power grid, the energy ministry said.")
    assert ("Incident", "victim", "Norway") in found
    found = facts(extractor, "The attack began when the Transport Ministry reported that a number of its systems were affected.")
    assert ("Incident", "victim", "Transport Ministry") in found
    found = facts(extractor, "Russia launched a cyberattack on its neighbour.")  # the doer owns nothing attacked
    assert ("Incident", "victim", "Russia") not in found
    found = facts(extractor, "Acme Bank said its revenue was hit by weak demand.")  # no attack at all
    assert not any(p == "victim" for _, p, _ in found)
    found = facts(extractor, "Orbis Labs said the malware was the most common one hitting its customers.")
    assert ("Incident", "victim", "Orbis Labs") not in found


def test_where_an_attack_is_said_to_come_from_blames_that_state(extractor):
    found = facts(extractor, '"We found that the malware came from Russia," the Norwegian Security Service told reporters.')
    assert ("AttributionClaim", "attributedTo", "Russia") in found
    found = facts(extractor, "Norwegian officials have warned that hackers from Russia are probing Norwegian networks.")
    assert ("AttributionClaim", "attributedTo", "Russia") in found
    assert ("AttributionClaim", "claimant", "Norway") in found
    found = facts(extractor, "The network was breached by attackers who were said to be from China.")
    assert ("AttributionClaim", "attributedTo", "China") in found
    found = facts(extractor, "Norway said the attack did not come from Russia.")  # negated: no claim
    assert ("AttributionClaim", "attributedTo", "Russia") not in found
    found = facts(extractor, "The attack came in May, Norway said.")  # a time, not a place
    assert not any(p == "attributedTo" for _, p, _ in found)
    found = facts(extractor, "Officials said the hackers in the Oslo bank heist used stolen passwords.")
    assert ("AttributionClaim", "attributedTo", "Norway") not in found
