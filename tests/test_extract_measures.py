"""Measures one actor takes against another (graph/extract_measures.py, rule event.measure): sanctions,
penalties, expulsions, broken ties, bans and operations, with who takes them and whom they target. Every
sentence is invented here."""

from __future__ import annotations

import datetime as dt

import pytest
from extracthelp import rules_extractor

from cyberkg.graph.extract import Extraction, Extractor
from cyberkg.graph.reader import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return rules_extractor()


def events(extractor: Extractor, text: str) -> tuple[set[tuple[str, str]], set[str]]:
    """((predicate, object label) of the measure events, their classes)."""
    out: Extraction = extractor.extract(Article("doc-measures", text, "<test>", {}), dt.date(2024, 5, 10))
    labels = {m.entity: (out.new_entities.get(m.entity) or {"label": m.label})["label"] for m in out.mentions}
    found = {(r.predicate, labels.get(o, o)) for r in out.relations if r.rule == "event.measure" for o in r.objects}
    classes = {out.new_entities[r.subject]["type"] for r in out.relations if r.rule == "event.measure"}
    return found, classes


def test_a_state_that_announced_it_would_impose_penalties_on_another_targets_it(extractor):
    found, classes = events(
        extractor,
        "Canada announced on Monday that it would impose financial penalties on Iran and expel several Iranian diplomats.",
    )
    assert found == {("participant", "Canada"), ("targets", "Iran")}
    assert classes == {"Event"}


def test_a_threat_of_sanctions_is_a_deliberation_against_its_target(extractor):
    found, classes = events(extractor, "Brazil threatened to seek tough new sanctions against Venezuela over the attack.")
    assert found == {("participant", "Brazil"), ("targets", "Venezuela")}
    assert classes == {"PolicyDeliberation"}


def test_breaking_diplomatic_ties_targets_the_other_state(extractor):
    found, _ = events(extractor, "Peru announced the breaking of diplomatic ties with Bolivia on Friday.")
    assert found == {("participant", "Peru"), ("targets", "Bolivia")}


def test_cut_ties_with_is_a_measure_and_cut_costs_is_not(extractor):
    assert events(extractor, "Ghana cut ties with Togo in March.")[0] == {("participant", "Ghana"), ("targets", "Togo")}
    assert events(extractor, "Ghana cut costs in March.")[0] == set()


def test_a_ban_on_access_to_sites_targets_the_sites(extractor):
    found, _ = events(extractor, "Last week Kenya ordered a ban on access to Twitter and Facebook.")
    assert found == {("participant", "Kenya"), ("targets", "Twitter"), ("targets", "Facebook")}


def test_sanctions_against_a_national_do_not_target_the_state(extractor):
    found, _ = events(extractor, "Norway imposed sanctions against a Russian national on Monday.")
    assert ("targets", "Russia") not in found
    assert ("participant", "Norway") in found


def test_a_negated_measure_is_none(extractor):
    assert events(extractor, "Japan did not impose sanctions on China.")[0] == set()


def calls(extractor: Extractor, text: str) -> set[str]:
    out: Extraction = extractor.extract(Article("doc-calls", text, "<test>", {}), dt.date(2024, 5, 10))
    labels = {m.entity: (out.new_entities.get(m.entity) or {"label": m.label})["label"] for m in out.mentions}
    return {labels.get(o, o) for r in out.relations if r.rule == "event.call" for o in r.objects}


def test_two_leaders_who_spoke_on_the_phone_took_part_in_a_call(extractor):
    assert calls(extractor, "Prime Minister Ana Ruiz spoke to President Pedro Sala on the phone on Tuesday.") == {
        "Ana Ruiz",
        "Pedro Sala",
    }
    assert calls(extractor, "Peru and Chile spoke by telephone on Friday.") == {"Peru", "Chile"}


def test_calling_something_a_name_or_calling_for_it_is_no_call(extractor):
    assert calls(extractor, "Prime Minister Ana Ruiz called President Pedro Sala a liar on Tuesday.") == set()
    assert calls(extractor, "Prime Minister Ana Ruiz called on Chile to stop the attacks.") == set()
    assert calls(extractor, "Prime Minister Ana Ruiz spoke to President Pedro Sala at the summit.") == set()


def test_a_person_phoned_by_another_took_part(extractor):
    assert calls(extractor, "On Monday Prime Minister Ana Ruiz phoned President Pedro Sala.") == {"Ana Ruiz", "Pedro Sala"}


def test_an_agreement_that_limits_surveillance_covers_intelligence_gathering(extractor):
    out = extractor.extract(
        Article(
            "doc-scope",
            "Peru and Chile signed a pact on Monday that sets clearer limits "
            "on surveillance. The pact also governs data transfers between the two states.",
            "<test>",
            {},
        ),
        dt.date(2024, 5, 10),
    )
    covered = {o for r in out.relations if r.predicate == "covers" for o in r.objects}
    assert covered == {"topic:intelligence-gathering", "topic:data-protection"}


def test_a_firm_hired_to_investigate_takes_part_in_the_investigation(extractor):
    out = extractor.extract(
        Article("doc-probe", "Acme Bank has hired Vela Security Ltd to investigate the hack.", "<test>", {}), dt.date(2024, 5, 10)
    )
    labels = {m.entity: (out.new_entities.get(m.entity) or {"label": m.label})["label"] for m in out.mentions}
    found = {labels.get(o, o) for r in out.relations if r.predicate == "participant" for o in r.objects}
    assert found == {"Acme Bank", "Vela Security Ltd"}


def test_the_state_that_requested_an_operation_takes_part_in_it(extractor):
    found, _ = events(extractor, "Spain has conducted a special operation against the Vela gang at the request of France.")
    assert {("participant", "Spain"), ("participant", "France")} <= found


def participants(extractor: Extractor, text: str) -> set[str]:
    out: Extraction = extractor.extract(Article("doc-events", text, "<test>", {}), dt.date(2024, 5, 10))
    labels = {m.entity: (out.new_entities.get(m.entity) or {"label": m.label})["label"] for m in out.mentions}
    return {labels.get(o, o) for r in out.relations if r.predicate == "participant" for o in r.objects}


def test_investigators_from_a_body_make_it_a_participant(extractor):
    assert participants(extractor, "Investigators from Interpol joined the inquiry last week.") == {"Interpol"}


def test_a_summit_of_states_has_them_as_participants(extractor):
    assert participants(extractor, "The summit of Peru, Chile and Ecuador ended on Friday.") == {"Peru", "Chile", "Ecuador"}


def test_a_host_and_its_guest_take_part_in_the_talks(extractor):
    assert participants(extractor, "Kenya hosted Uganda for talks on Monday.") == {"Kenya", "Uganda"}


def test_a_participle_after_the_measure_names_its_targets_and_no_victims(extractor):
    text = "The African Union imposed its first sanctions on Tuesday, targeting Malian and Nigerien individuals."
    found, _ = events(extractor, text)
    assert ("targets", "Malian and Nigerien individuals") in found
    assert ("participant", "African Union") in found


def test_expelled_agents_named_by_their_service_are_a_group_target(extractor):
    found, _ = events(extractor, "Denmark said it had expelled three SVR intelligence officers in May.")
    assert ("targets", "three SVR intelligence officers") in found


def test_an_operation_against_a_group_named_after_its_kind_targets_the_name(extractor):
    found, _ = events(extractor, "Brazil conducted an operation against the extortion gang Lapsus at the request of Chile.")
    assert ("targets", "Lapsus") in found
    assert ("participant", "Chile") in found


def test_a_number_of_people_alone_is_no_target_and_a_unit_of_a_service_is_not_the_service(extractor):
    found, _ = events(extractor, "Canada will sanction six people and a unit of the FSB intelligence agency.")
    assert not {o for p, o in found if p == "targets"}


def test_a_reward_for_the_identification_of_people_targets_them(extractor):
    text = (
        "Last week the British Foreign Office offered a $5 million reward for information leading to the arrest of Hive leaders."
    )
    found, _ = events(extractor, text)
    assert ("targets", "Hive leaders") in found
    assert not events(extractor, "The club offered a reward for good behaviour.")[0]


def test_an_arrest_warrant_for_a_person_targets_them(extractor):
    found, _ = events(extractor, "Dutch prosecutors issued an arrest warrant for Pieter Jansen on May 5.")
    assert ("targets", "Pieter Jansen") in found
    assert not events(extractor, "There is no warrant for that claim.")[0]


def test_frozen_assets_and_sanctioned_members_of_a_gang_name_their_targets(extractor):
    assert ("targets", "three Russian hackers") in events(extractor, "Canada froze the assets of three Russian hackers.")[0]
    found, _ = events(extractor, "Britain and the United States sanctioned seven members of the Trickbot gang.")
    assert ("targets", "Trickbot") in found
    assert not events(extractor, "The lake froze in January.")[0]
