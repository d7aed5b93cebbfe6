"""Victims of incidents read from the frame of the attack cue (graph/extract_patients.py, rule incident.frame,
with graph/extract_victims.py). Every sentence is invented here."""

from __future__ import annotations

import datetime as dt

import pytest

from cyberkg.graph.extract import Extractor
from cyberkg.graph.reader import Article
from tests.extracthelp import named_facts, rules_extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return rules_extractor()


def victims(extractor: Extractor, text: str) -> set[str]:
    return {o for _, _, o in named_facts(extractor, text, "doc-victims", ["victim"], ["Incident"])}


def test_attacks_carried_out_against_a_thing_a_demonym_qualifies_hit_that_state(extractor):
    assert "Portugal" in victims(extractor, "Cyber-attacks were carried out last week against Portuguese water infrastructure.")


def test_attacks_aimed_at_a_named_body(extractor):
    assert "Interpol" in victims(extractor, "The two attacks were aimed at Interpol, officials said.")


def test_an_attempt_to_hack_into_the_headquarters_of_a_body_hits_the_body(extractor):
    text = "The Netherlands expelled two agents for an attempt to hack into the headquarters of the World Health Organization."
    assert "World Health Organization" in victims(extractor, text)


def test_a_participle_going_on_with_attacks_names_a_described_victim(extractor):
    text = "The unit is said to have carried out attacks in 2019, hitting Asian logistics companies with ransomware."
    assert "Asian logistics companies" in victims(extractor, text)


def test_attacks_that_targeted_a_possessor_and_a_ministry(extractor):
    found = victims(extractor, "Attacks also targeted the national pension agency's payroll system and the Health Ministry.")
    assert {"national pension agency", "Health Ministry"} <= found


def test_an_attack_only_supposed_or_the_doer_is_no_victim(extractor):
    found = victims(extractor, "Biden asked how Putin would feel if a ransomware attack hit Russia's oil pipelines.")
    assert "Russia" not in found
    assert "Estonia" not in victims(extractor, "Estonia tried to hack into the servers of Latvia last year.")


def test_a_demonym_on_generic_targets_names_the_state_not_a_group(extractor):
    found = victims(extractor, "Officials said Russian spies had attempted to hack Austrian targets in May.")
    assert "Austria" in found
    assert "Austrian targets" not in found


def test_things_hit_across_a_state_and_examples_of_what_was_hit(extractor):
    assert "Iraq" in victims(extractor, "A series of cyberattacks had affected dams across Iraq in recent weeks.")
    text = "The attacks, which affected pages including Armenia's presidential website, knocked out servers."
    assert "Armenia" in victims(extractor, text)


def test_attacks_from_a_state_name_no_victim(extractor):
    assert "Belarus" not in victims(extractor, "Lithuania demanded a crackdown on ransomware attacks emanating from Belarus.")


def test_a_statement_naming_an_attack_word_is_about_the_incident(extractor):
    text = (
        "Hackers broke into the servers of the Zambian central bank in March. "
        "Officials at the bank declined to comment on the breach, a spokesman for the finance ministry said on Tuesday."
    )
    facts = named_facts(extractor, text, "doc-about", ["subject"], ["Incident", "Statement"])
    assert ("Statement", "subject", "Incident") in facts
    quiet = "Hackers broke into the servers of the Zambian central bank. The minister said the budget would grow."
    assert ("Statement", "subject", "Incident") not in named_facts(
        extractor, quiet, "doc-quiet", ["subject"], ["Incident", "Statement"]
    )


def test_a_chemical_weapons_attack_or_words_against_a_person_name_no_victim(extractor):
    assert "Yemen" not in victims(extractor, "The body was probing a chemical weapons attack on the Yemeni town of Taiz.")
    assert "Jacinda Ardern" not in victims(extractor, "The memo planned a seven-pronged attack on Jacinda Ardern.")


def test_those_a_sanction_targets_are_not_victims(extractor):
    text = "The European Union imposed sanctions on Thursday, targeting Malian and Nigerien individuals and the Wagner Group."
    assert not victims(extractor, text)


def test_parties_listed_under_one_plural_head_are_each_an_organisation_and_a_victim(extractor):
    text = "Hackers breached the Green, Centre and Socialist Parties last year, the minister said."
    out = extractor.extract(Article("doc-listed", text, "<test>", {}), dt.date(2024, 5, 10))
    assert {m.label for m in out.mentions if m.kind == "Organisation"} == {"Green Party", "Centre Party", "Socialist Party"}
    assert {"Green Party", "Centre Party", "Socialist Party"} <= victims(extractor, text)


def test_the_owners_of_stolen_data_and_the_examples_among_them_are_victims(extractor):
    text = "Hackers have stolen the tax records of 2 million Norwegians including Prime Minister Erna Solberg, officials said."
    assert {"Norway", "Erna Solberg"} <= victims(extractor, text)


def test_a_second_attack_verb_of_the_sentence_names_its_data_owner(extractor):
    text = (
        "Prosecutors charged four officers for hacking into the systems of Equinix, "
        "stealing the personal data of 30 million Canadians."
    )
    assert "Canada" in victims(extractor, text)


def test_a_harm_participle_after_a_break_in_names_the_examples_hurt(extractor):
    text = "The indictment said the hackers broke into Dutch computers to gain an edge, hurting companies such as Philips."
    assert "Philips" in victims(extractor, text)


def test_a_state_describing_the_attacked_company_gives_way_to_its_name(extractor):
    found = victims(extractor, "Officials think Iran was behind an attack on German steel giant ThyssenKrupp last month.")
    assert "Germany" not in found
    assert "ThyssenKrupp" in found


def test_whom_funds_were_stolen_from_are_victims_each(extractor):
    text = "The panel said the hackers launched attacks to steal funds from regional savings banks and online payment firms."
    assert {"regional savings banks", "online payment firms"} <= victims(extractor, text)


def test_an_event_called_an_attack_is_an_incident_the_statement_is_about(extractor):
    text = "Home Minister Tunde Bakare said on Monday that the blackout in Lagos was likely to be cyber sabotage."
    facts = named_facts(extractor, text, "doc-called", ["subject"], ["Incident", "Statement"])
    assert ("Statement", "subject", "Incident") in facts
    calm = "Home Minister Tunde Bakare said on Monday that the blackout in Lagos was not cyber sabotage."
    assert ("Statement", "subject", "Incident") not in named_facts(
        extractor, calm, "doc-calm", ["subject"], ["Incident", "Statement"]
    )


def test_the_owners_of_data_a_leaked_dump_holds_are_victims_once_there_is_an_incident(extractor):
    leak = (
        "Hackers leaked a database of Chilean citizens online. "
        "The website said it included the ID information of President Gabriel Boric."
    )
    assert "Gabriel Boric" in victims(extractor, leak)
    quiet = "The ministry published a report. The ministry said it included the ID information of President Gabriel Boric."
    assert "Gabriel Boric" not in victims(extractor, quiet)


def test_the_leaks_of_a_whistleblower_name_the_leaker_and_the_leak_of_emails_their_owner(extractor):
    text = (
        "Australia set out a strategy on Thursday, invoking the leaks of United Kingdom whistleblower Ada Moreau and terrorism."
    )
    assert "United Kingdom" not in victims(extractor, text)
    assert "Greenpeace" in victims(extractor, "Police are investigating the leak of Greenpeace's emails in March.")


def test_a_description_after_the_named_victim_is_no_second_victim(extractor):
    text = (
        "Officials believe Iran was behind a cyberattack on Siemens, "
        "Germany's biggest engineering company and the world's oldest firm."
    )
    found = victims(extractor, text)
    assert "Siemens" in found
    assert not {v for v in found if "company" in v}


def test_a_body_hit_by_ransomware_is_a_victim(extractor):
    assert "Finance Ministry" in victims(extractor, "The Finance Ministry was hit by ransomware on Monday, officials said.")
    assert not victims(extractor, "The Finance Ministry was hit by weak tax revenue on Monday, officials said.")


def test_documents_stolen_from_her_office_name_the_person_before(extractor):
    text = "Mette Frederiksen said a 2019 hack hit the parliament, in which documents from her own office were stolen."
    assert "Mette Frederiksen" in victims(extractor, text)
    two = "Mette Frederiksen met Foreign Minister Lars Rasmussen after documents from her own office were stolen in the hack."
    assert not {"Mette Frederiksen", "Lars Rasmussen"} & victims(extractor, two)


def test_a_statement_that_someone_was_behind_it_is_about_the_incident_before(extractor):
    text = (
        "Officials named a culprit for the sprawling Hafnia hack. "
        "The White House said that the agencies had high confidence that the Latvian army was behind it."
    )
    facts = named_facts(extractor, text, "doc-behind", ["subject"], ["Incident", "Statement"])
    assert ("Statement", "subject", "Incident") in facts


def test_everyday_incident_phrasings_name_their_victims(extractor):
    assert "Sony Pictures" in victims(extractor, "Sony Pictures was among the victims of the attack, officials said.")
    assert "Sony Pictures" in victims(extractor, "The malware infected computers at Sony Pictures in November.")
    assert "Equinix" in victims(extractor, "Equinix said on Tuesday it had been hacked.")
    assert "Equinix" not in victims(extractor, "Equinix said on Tuesday it had not been hacked.")


def test_victims_listed_after_an_incident_and_not_without_one(extractor):
    text = "Hackers stole data from Microsoft in May. Its victims included Sony Pictures and Juniper Networks."
    assert {"Sony Pictures", "Juniper Networks"} <= victims(extractor, text)
    assert not victims(extractor, "The victims included Sony Pictures and Juniper Networks.")


def test_attackers_reaching_someones_data_make_them_victims(extractor):
    assert "Red Cross" in victims(extractor, "Hackers accessed the personal data of 500,000 Red Cross beneficiaries.")
    assert not victims(extractor, "Auditors accessed the personal data of 500,000 Red Cross beneficiaries.")


def test_a_military_cyberattack_is_still_a_cyber_incident(extractor):
    assert "Estonia" in victims(extractor, "Officials blamed Russia for a military cyberattack on Estonia.")


def test_its_after_the_one_behind_an_attack_is_the_reporting_subject(extractor):
    """'A said B was behind an attack on its parliament': B is the doer, so 'its' is A's, never B's."""
    text = "Norway said on Tuesday that Russia was behind a cyberattack on its parliament."
    assert victims(extractor, text) == {"Norway"}
    assert victims(extractor, "Chile said Peru was responsible for an attack on its power grid.") == {"Chile"}
    assert victims(extractor, "Norway will investigate a cyberattack on its power grid.") == {"Norway"}
