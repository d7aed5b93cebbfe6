"""Attribution claims read from the parse (graph/extract_claims.py): each construction on sentences written
here, so a failure names the construction that broke."""

from __future__ import annotations

import datetime as dt

import pytest

from cyberkg.graph.extract import Extraction, Extractor
from cyberkg.graph.reader import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor({})


def facts(extractor: Extractor, text: str, **meta) -> set[tuple[str, str, str]]:
    """(subject kind or label, predicate, object label) for every relation of the claims family."""
    out: Extraction = extractor.extract(Article("doc-claims", text, "<test>", meta), dt.date(2024, 5, 10))
    kinds = {m.entity: m.kind for m in out.mentions}

    def name(entity: str) -> str:
        if kinds.get(entity) in ("Incident", "AttributionClaim", "Denial", "Statement"):
            return kinds[entity]
        new = out.new_entities.get(entity)
        return new["label"] if new else next((m.label for m in out.mentions if m.entity == entity), entity)
    return {(name(r.subject), r.predicate, name(o)) for r in out.relations for o in r.objects
            if r.predicate in ("victim", "attributedTo", "claimant", "denies", "subject")}


def test_a_likely_suspect_named_by_a_researcher_is_his_claim(extractor):
    found = facts(extractor, "Hackers breached the networks of the Danish foreign ministry in March. Russia is a "
                             "likely suspect for the intrusion, said security researcher Peter Hansen.")
    assert ("AttributionClaim", "attributedTo", "Russia") in found
    assert ("AttributionClaim", "claimant", "Peter Hansen") in found


def test_the_actors_responsible_for_a_breach_are_blamed(extractor):
    found = facts(extractor, "The bank was hacked in May. The agency said the Iranian hackers were the actors "
                             "responsible for the breach.")
    assert ("AttributionClaim", "attributedTo", "Iranian hackers") in found


def test_a_negated_suspect_is_no_claim(extractor):
    found = facts(extractor, "Hackers breached the networks of the Danish foreign ministry in March. Russia is not "
                             "a suspect, said security researcher Peter Hansen.")
    assert not any(p == "attributedTo" for _, p, _ in found), found


def test_a_hinted_link_blames_the_state_that_modifies_it(extractor):
    found = facts(extractor, "Suspected sabotage cut the power grid of Estonia on Friday. Professor Ana Ruiz hinted "
                             "at a possible Russian link.")
    assert ("AttributionClaim", "attributedTo", "Russia") in found
    assert ("AttributionClaim", "claimant", "Ana Ruiz") in found


def test_no_evidence_of_involvement_is_no_claim(extractor):
    found = facts(extractor, "Suspected sabotage cut the power grid of Estonia on Friday. Officials said they had "
                             "found no evidence of Russian involvement.")
    assert not any(p == "attributedTo" for _, p, _ in found), found


def test_hackers_working_for_a_government_blame_the_group_its_sponsor_and_state(extractor):
    found = facts(extractor, "Microsoft confirmed on Tuesday that its email servers had been breached by hackers "
                             "working for the Iranian government.")
    assert ("AttributionClaim", "attributedTo", "hackers working for the Iranian government") in found
    assert ("AttributionClaim", "attributedTo", "Government of Iran") in found
    assert ("AttributionClaim", "attributedTo", "Iran") in found
    assert ("AttributionClaim", "claimant", "Microsoft") in found
    assert ("Incident", "victim", "Microsoft") in found


def test_a_group_linked_to_a_government_is_not_sponsored_by_it(extractor):
    found = facts(extractor, "Microsoft confirmed on Tuesday that its email servers had been breached by hackers "
                             "linked to the Iranian government.")
    assert ("AttributionClaim", "attributedTo", "Government of Iran") not in found


def test_a_participle_attribution_has_no_claimant_before_it(extractor):
    found = facts(extractor, "The first implant found in Cisco routers used a technique widely attributed to the "
                             "NSA.", publisher="Reuters")
    assert ("AttributionClaim", "attributedTo", "National Security Agency") in found
    assert not any(p == "claimant" for _, p, _ in found), found


def test_an_unnamed_claimant_is_not_the_publisher(extractor):
    found = facts(extractor, "Investigators determined that North Korea was responsible for the heist at the "
                             "central bank.", publisher="Reuters")
    assert ("AttributionClaim", "attributedTo", "North Korea") in found
    assert not any(p == "claimant" for _, p, _ in found), found


def test_a_passive_charge_for_no_attack_is_no_claim(extractor):
    found = facts(extractor, "A blogger from the opposition party of former Prime Minister Ana Ruiz was charged on "
                             "Friday for insulting President Marco Diaz.")
    assert not any(p in ("attributedTo", "claimant") for _, p, _ in found), found


def test_a_network_linked_to_a_system_is_no_claim(extractor):
    found = facts(extractor, "Two groups are inside the bank's network, which is linked to the SWIFT transfer system, "
                             "the report found.")
    assert not any(p == "attributedTo" for _, p, _ in found), found


def test_a_company_named_before_an_attack_noun_is_the_victim(extractor):
    found = facts(extractor, "The malware resembles the Microsoft hack of 2014.", publisher="Reuters")
    assert ("Incident", "victim", "Microsoft") in found
    assert ("AttributionClaim", "attributedTo", "Microsoft") not in found


def test_a_short_quotation_does_not_open_the_next_one(extractor):
    found = facts(extractor, 'Officials call it the North\'s "cyber army" now. In 2013, Seoul blamed Pyongyang for a '
                             'cyber attack on banks. "We will respond firmly to this," the ministry said.')
    assert ("AttributionClaim", "attributedTo", "North Korea") in found
    assert ("AttributionClaim", "claimant", "South Korea") in found


def test_a_cyber_offensive_against_a_named_armed_group_makes_it_the_victim(extractor):
    found = facts(extractor, "The army launched a cyber offensive against Islamic State last week, the minister said.")
    assert ("Incident", "victim", "Islamic State") in found


def test_an_attack_word_inside_a_name_is_no_attack(extractor):
    found = facts(extractor, "Colonel Ana Ruiz is deputy commander of the 252nd Cyber Operations Group, which oversees "
                             "the squadron.")
    assert not any(p == "victim" for _, p, _ in found), found


def test_a_state_that_only_locates_the_victim_is_not_the_victim(extractor):
    found = facts(extractor, "The malware was used to target a Vietnamese commercial bank last year.")
    assert ("Incident", "victim", "Vietnam") not in found


def test_a_named_hacker_group_is_blamed_but_is_no_organisation_entity(extractor):
    out = extractor.extract(Article("doc-group", "Investigators blamed Lazarus for the theft of $81 million from the "
                                    "central bank.", "<test>", {}), dt.date(2024, 5, 10))
    assert {out.new_entities[m.entity]["type"] for m in out.mentions if m.label == "Lazarus"} == {"ThreatActor"}
    blamed = {o for r in out.relations if r.predicate == "attributedTo" for o in r.objects}
    assert "lazarus-group" in blamed


def test_a_team_dubbed_with_a_name_was_responsible(extractor):
    found = facts(extractor, "The central bank was robbed in February. Investigators have determined that one team of "
                             "hackers, dubbed Lazarus in the report, was responsible for the heist.", publisher="Reuters")
    assert ("AttributionClaim", "attributedTo", "Lazarus Group") in found
    assert not any(p == "claimant" for _, p, _ in found), found  # unnamed investigators, not the publisher


def test_a_cleft_names_who_did_the_hacking(extractor):
    found = facts(extractor, "Microsoft believes it was the Iranian government that did the hacking.")
    assert ("AttributionClaim", "attributedTo", "Government of Iran") in found
    assert ("AttributionClaim", "claimant", "Microsoft") in found


def test_the_cyber_war_against_states_makes_them_victims_but_a_cyber_war_alone_none(extractor):
    found = facts(extractor, "The North has notched up successes in the cyber war against Japan and the United States.")
    assert {("Incident", "victim", "Japan"), ("Incident", "victim", "United States")} <= found
    assert not facts(extractor, "Experts say a cyber war would be costly for everyone.")


def test_blamed_the_attack_on_x_blames_x_and_does_not_make_x_the_victim(extractor):
    found = facts(extractor, "Hackers stole data from Sony Pictures in 2014. The United States has blamed the 2014 Sony "
                             "attack on North Korea.")
    assert ("AttributionClaim", "attributedTo", "North Korea") in found
    assert ("AttributionClaim", "attributedTo", "Sony") not in found
    assert ("Incident", "victim", "North Korea") not in found


def test_a_group_linked_to_an_attack_is_blamed_not_the_victim_of_that_attack(extractor):
    found = facts(extractor, "The code was written by a hacking group known as Lazarus, which has been linked to the "
                             "devastating attack on Sony Pictures.")
    assert ("AttributionClaim", "attributedTo", "Lazarus Group") in found
    assert ("AttributionClaim", "attributedTo", "Sony Pictures") not in found


def test_tools_used_by_a_described_group_against_a_target(extractor):
    found = facts(extractor, "Malware used by the Russian-led alliance against Ukraine could also be used by others, "
                             "security researcher Peter Hansen said on Monday.")
    assert ("AttributionClaim", "attributedTo", "Russian-led alliance") in found
    assert ("AttributionClaim", "claimant", "Peter Hansen") in found
    assert ("Incident", "victim", "Ukraine") in found
    assert not facts(extractor, "Such malware could be used by criminals against banks, Peter Hansen said.")


def test_an_accusation_called_groundless_is_denied(extractor):
    found = facts(extractor, "The FBI has blamed Iran for a 2014 cyber attack on Sands Casino. Iran described the "
                             "accusation as groundless slander.")
    assert ("Denial", "claimant", "Iran") in found
    assert ("Denial", "denies", "AttributionClaim") in found


def test_did_not_deny_is_no_denial(extractor):
    found = facts(extractor, "The FBI has blamed Iran for a 2014 cyber attack on Sands Casino. Iran did not deny the "
                             "accusation.")
    assert not any(s == "Denial" for s, _, _ in found), found
