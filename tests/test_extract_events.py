"""Events, agreements and laws in the constructions graph.extract_events reads, each on sentences written
here (invented names and places where the rule does not need a known one), so a failure names what broke."""

from __future__ import annotations

import datetime as dt

import pytest

from cyberkg.graph.extract import Extraction, Extractor
from cyberkg.graph.reader import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor({})


def read(extractor: Extractor, text: str) -> Extraction:
    return extractor.extract(Article("doc-events", text, "<test>", {}), dt.date(2024, 5, 10))


def related(out: Extraction, predicate: str, rule: str | None = None) -> set[tuple[str, str]]:
    """(subject class, object label) of each fact with that predicate (and rule)."""
    def label(entity: str) -> str:
        new = out.new_entities.get(entity)
        return new["label"] if new else next((m.label for m in out.mentions if m.entity == entity), entity)
    return {(out.new_entities.get(r.subject, {}).get("type", r.subject), label(o)) for r in out.relations
            if r.predicate == predicate and (rule is None or r.rule == rule) for o in r.objects}


def objects(out: Extraction, predicate: str, rule: str | None = None) -> set[str]:
    return {o for _, o in related(out, predicate, rule)}


def test_a_probes_object_is_no_participant(extractor):
    out = read(extractor, "Lawmakers to probe Microsoft over cloud outage\n"
                          "Germany will investigate Microsoft after the outage, officials said.")
    assert "Microsoft" not in objects(out, "participant")
    assert "Germany" in objects(out, "participant")


def test_a_crackdowns_object_is_its_target(extractor):
    out = read(extractor, "Police in Brazil announced a crackdown on Microsoft on Monday.")
    assert "Microsoft" in objects(out, "targets", "event.target")
    assert "Microsoft" not in objects(out, "participant")


def test_a_call_for_something_is_no_phone_call(extractor):
    out = read(extractor, "President Maria Lopez renewed her call for stronger encryption on Monday.")
    assert not related(out, "participant")


def test_the_speaker_at_the_scene_of_an_event_takes_part(extractor):
    out = read(extractor, "Security is a priority, Prime Minister Ana Ruiz said in a speech at the opening of the "
                          "annual session of parliament.")
    assert "Ana Ruiz" in objects(out, "participant")


def test_who_plans_to_meet_takes_part(extractor):
    out = read(extractor, "Microsoft plans to meet Google next month, the firm said.")
    assert {"Microsoft", "Google"} <= objects(out, "participant")


def test_a_pact_with_a_partner_has_the_clause_subject_as_other_party(extractor):
    out = read(extractor, "Canada sets out new rules as part of a data pact with Japan\n")
    assert {"Canada", "Japan"} <= objects(out, "hasParty")


def test_the_antecedent_of_which_negotiated_the_framework_is_a_party(extractor):
    out = read(extractor, "A pact between France and Brazil was agreed in May.\n"
                          "Critics urged the European Commission - which negotiated the framework - to act.")
    assert {"France", "Brazil", "European Commission"} <= objects(out, "hasParty")


def test_a_joint_pledge_of_cooperation_is_an_agreement(extractor):
    out = read(extractor, "Japan and India pledged to deepen cooperation on cyber security, officials said.")
    assert {"Japan", "India"} <= objects(out, "hasParty", "agreement.joint")
    negative = read(extractor, "Japan and India did not pledge to deepen cooperation on cyber security.")
    assert not related(negative, "hasParty")


def test_a_bilateral_deal_takes_the_two_states_of_its_sentence_or_headline(extractor):
    out = read(extractor, "Chile, Peru weigh data sharing\n"
                          "Police may soon share records under a tentative bilateral deal, officials said on Friday.")
    assert objects(out, "hasParty", "agreement.joint") == {"Chile", "Peru"}
    single = read(extractor, "Chile weighs data sharing\nPolice may share records under a bilateral deal, officials said.")
    assert not related(single, "hasParty")


def test_the_making_verbs_subject_is_a_party(extractor):
    out = read(extractor, "Japan and Mexico have agreed changes to a data transfer pact, officials said.")
    assert {"Japan", "Mexico"} <= objects(out, "hasParty")


def test_talks_behind_an_agreement_are_between_its_parties(extractor):
    out = read(extractor, "A new data pact between Japan and Mexico, agreed in May after two years of talks, "
                          "takes effect next year.")
    assert {"Japan", "Mexico"} <= objects(out, "participant", "event.agreement")


def test_a_statement_reporting_an_event_is_about_it(extractor):
    out = read(extractor, "Japan and Mexico held talks in Tokyo on Monday.\n"
                          "Minister Ana Ruiz said she would not comment on confidential discussions.")
    events = {m.entity for m in out.mentions if m.kind == "Event"}
    about = [r for r in out.relations if r.rule == "statement.event"]
    assert about and all(r.objects[0] in events for r in about)
    scene = read(extractor, "Trade matters, Minister Ana Ruiz said at a news conference in Tokyo.")
    assert not [r for r in scene.relations if r.rule == "statement.event"]


def test_legislation_passed_by_a_parliament_is_enacted_by_it_and_its_state(extractor):
    out = read(extractor, "Kenya's parliament is set to pass legislation on data retention, officials said.")
    assert {"Kenya"} <= objects(out, "enactedBy", "law.enact")
    assert len(objects(out, "enactedBy", "law.enact")) == 2  # the parliament and its state


def test_a_states_strategy_document_is_its_law(extractor):
    out = read(extractor, "In its new five-year development plan, Beijing said it would build cyber power.")
    assert objects(out, "enactedBy", "law.enact") == {"China"}


def test_a_statement_about_a_law_concerns_it(extractor):
    out = read(extractor, "Kenya's parliament is set to pass legislation on data retention.\n"
                          "Minister Ana Ruiz said the new law would protect citizens.")
    laws = {m.entity for m in out.mentions if m.kind == "Law"}
    concerned = [r for r in out.relations if r.predicate == "concernsLaw" and r.rule == "statement.law"]
    assert concerned and all(r.objects[0] in laws for r in concerned)
    assert all(out.new_entities[r.subject]["type"] in ("Remark", "OfficialStatement", "PressRelease")
               for r in concerned)


def test_who_acts_in_a_legislature_takes_part_in_its_proceedings(extractor):
    out = read(extractor, "Kenya's parliament is set to vote on a data bill.\n"
                          "Minister Ana Ruiz defended the bill in parliament on Tuesday.")
    assert {"Ana Ruiz"} <= objects(out, "participant", "event.legislature")
    assert len(objects(out, "participant", "event.legislature")) == 2  # she and the parliament
    elsewhere = read(extractor, "Minister Ana Ruiz defended the bill in Nairobi on Tuesday.")
    assert not objects(elsewhere, "participant", "event.legislature")


def test_an_agreement_is_referred_to_by_the_name_learned_for_it(extractor):
    out = read(extractor, "Japan signs data pact with Mexico\n"
                          "The new Data Shield framework lets firms move data.\n"
                          "Minister Ana Ruiz said firms may complain about transfers made under the Data Shield.")
    agreements = {m.entity for m in out.mentions if m.kind == "Agreement"}
    about = [r for r in out.relations if r.rule == "statement.agreement"]
    assert about and all(r.objects[0] in agreements for r in about)
    earlier = read(extractor, "Japan signs data pact with Mexico\n"
                              "The previous Data Shield framework was struck down.\n"
                              "Minister Ana Ruiz said firms used the Data Shield for years.")
    assert not [r for r in earlier.relations if r.rule == "statement.agreement"]


def test_a_role_in_the_event_given_in_apposition_takes_part(extractor):
    out = read(extractor, "Germany will investigate the outage, officials said.\n"
                          "Senator Ana Ruiz, a key player in the investigation, said the work had begun.")
    assert "Ana Ruiz" in objects(out, "participant")


def test_the_committee_refers_to_the_committee_named_with_its_remit(extractor):
    out = read(extractor, "The House Committee on Energy and Trade was set up in May.\n"
                          "Officials said the committee would meet Google.")
    committee = next(m.entity for m in out.mentions if m.label == "House Committee on Energy and Trade")
    assert any(r.predicate == "participant" and committee in r.objects and "meet Google" in r.sentence
               for r in out.relations)


def test_who_plans_to_meet_takes_part_when_plans_is_read_as_a_noun(extractor):
    out = read(extractor, "The army-backed NATO review council plans to meet bankers from two lenders next "
                          "week, a member said.")
    assert "NATO" in objects(out, "participant") or "North Atlantic Treaty Organization" in objects(out, "participant")


# Round 2: victims as subjects of what they underwent, described victims, testimony (graph.extract_victims)

def test_a_victim_is_the_subject_of_what_it_suffered(extractor):
    out = read(extractor, "Grid operators under pressure\n"
                          "The Estonian government and companies like Acme Networks and Borealis Shipping have been "
                          "the victim of high-profile hacks. Nordvik Energy Corp suffered online attacks last year, "
                          "officials said. Oslo Mutual Bank had more than $3 million stolen from an account.")
    victims = objects(out, "victim", "incident.suffered")
    assert {"Acme Networks", "Borealis Shipping", "Nordvik Energy Corp", "Oslo Mutual Bank"} <= victims


def test_a_target_of_hackers_is_a_victim_but_not_when_negated(extractor):
    out = read(extractor, "Ministry hit\nLatvia may be a target of political hackers.")
    assert "Latvia" in objects(out, "victim", "incident.suffered")
    out = read(extractor, "Ministry safe\nLatvia did not suffer any attacks last year.")
    assert "Latvia" not in objects(out, "victim")


def test_a_described_victim_is_a_collective(extractor):
    out = read(extractor, "Campaigns hit\nHackers launched attacks against presidential campaigns in March. "
                          "They tried to hack into email accounts of Latvian railway workers. "
                          "Investigators linked it to an attack on a bank in Portugal.")
    victims = objects(out, "victim", "incident.described")
    assert {"presidential campaigns", "Latvian railway workers", "bank in Portugal"} <= victims


def test_generic_or_vague_descriptions_are_no_victims(extractor):
    out = read(extractor, "Threats grow\nCyber attacks against political candidates occur around the world. "
                          "Hackers targeting Western financial institutions are rarely punished. "
                          "The firm disclosed an attack on a commercial bank. They asked whether government "
                          "agencies had been compromised by the hackers.")
    assert not objects(out, "victim", "incident.described")


def test_telling_a_committee_is_a_hearing(extractor):
    out = read(extractor, "Spy chief warns\nMarta Lindqvist, the top Swedish intelligence official, told two "
                          "parliamentary committees on Tuesday that attacks were rising. "
                          "The Swedish Security Service told lawmakers on Friday that the threat was growing.")
    participants = objects(out, "participant", "event.testimony")
    assert {"Marta Lindqvist", "Swedish Security Service", "lawmakers"} <= participants
    out = read(extractor, "Spy chief silent\nMarta Lindqvist did not tell lawmakers about the attacks.")
    assert not objects(out, "participant", "event.testimony")


def test_a_standing_complaint_or_a_warning_names_no_victim(extractor):
    out = read(extractor, "Tehran responds\nA spokesman said Iran itself is a victim of cyber attacks. "
                          "Norway and Finland signed an agreement to share warnings about attacks on public "
                          "institutions. \"This was an attack on our democratic institutions,\" he said.")
    assert "Iran" not in objects(out, "victim")
    assert not objects(out, "victim", "incident.described")


def test_an_appearance_at_a_host_makes_both_participants(extractor):
    out = read(extractor, "Spy chief speaks\nThe threat will grow, Marta Lindqvist said at a morning event at the "
                          "Nordic Policy Institute in Oslo.")
    assert {"Marta Lindqvist", "Nordic Policy Institute"} <= objects(out, "participant", "event.hosted")
    out = read(extractor, "Spy chief speaks\nMarta Lindqvist said at a news conference that the threat will grow.")
    assert not objects(out, "participant", "event.hosted")  # no host named


def test_joint_exercises_make_their_states_participants(extractor):
    out = read(extractor, "Drills begin\nTensions rose as Finland and Estonia conduct annual joint military exercises.")
    assert {"Finland", "Estonia"} <= objects(out, "participant", "event.exercise")
    out = read(extractor, "No drills\nFinland and Estonia did not hold exercises this year.")
    assert not objects(out, "participant", "event.exercise")


def test_a_strategy_a_state_sets_out_is_its_law(extractor):
    out = read(extractor, "New plan\nFinland set out a far-reaching cybersecurity strategy on Thursday.")
    assert "Finland" in objects(out, "enactedBy", "law.enact")
    out = read(extractor, "No plan\nFinland did not publish a cybersecurity strategy this year.")
    assert not objects(out, "enactedBy")
