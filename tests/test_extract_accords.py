"""Agreements, talks and statements in the constructions round 6 added (signers named after "with", an
agreement's scope in the next sentence, conversations and hosted visits, readouts and joint declarations), each
on sentences written here with invented names, so a failure names what broke."""

from __future__ import annotations

import datetime as dt

import pytest
from extracthelp import rules_extractor

from cyberkg.graph.extract import Extraction, Extractor
from cyberkg.graph.extract_discourse import Sentence
from cyberkg.graph.extract_parse import dateline_end
from cyberkg.graph.reader import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return rules_extractor()


def read(extractor: Extractor, text: str) -> Extraction:
    return extractor.extract(Article("doc-accords", text, "<test>", {}), dt.date(2024, 5, 10))


def facts(out: Extraction, predicate: str, rule: str | None = None) -> set[tuple[str, str]]:
    """(subject label, object label) of each fact with that predicate (and rule)."""

    def label(entity: str) -> str:
        new = out.new_entities.get(entity)
        return new["label"] if new else next((m.label for m in out.mentions if m.entity == entity), entity)

    return {
        (label(r.subject), label(o))
        for r in out.relations
        if r.predicate == predicate and (rule is None or r.rule == rule)
        for o in r.objects
    }


def objects(out: Extraction, predicate: str, rule: str | None = None) -> set[str]:
    return {o for _, o in facts(out, predicate, rule)}


PACT = "Latvia and Estonia sign cyber pact\n\nLatvia and Estonia have signed their first cyber-defence accord.\n\n"


def test_the_one_a_deal_is_signed_with_represents_the_state_his_title_names(extractor):
    out = read(
        extractor,
        PACT + "Estonian cyber chief Mart Kask signed the deal this week in Riga with his Latvian counterpart Janis "
        "Berzins and Latvia's deputy minister in charge of defence policy Ilze Ozola.",
    )
    assert objects(out, "hasRepresentative", "agreement.leaders") == {"Mart Kask", "Janis Berzins", "Ilze Ozola"}
    assert facts(out, "represents", "agreement.leaders") == {
        ("Mart Kask", "Estonia"),
        ("Janis Berzins", "Latvia"),
        ("Ilze Ozola", "Latvia"),
    }
    # a name in a clause of its own inside the phrase signs nothing
    other = read(extractor, PACT + "Mart Kask signed the deal with a firm that Janis Berzins founded last year.")
    assert "Janis Berzins" not in objects(other, "hasRepresentative")


def test_signers_whose_titles_name_no_state_sign_without_representing(extractor):
    out = read(
        extractor,
        PACT + "Prime Minister Ana Lind and the president's security adviser, Jon Varga, signed the agreement on Monday.",
    )
    assert objects(out, "hasRepresentative", "agreement.leaders") == {"Ana Lind", "Jon Varga"}
    assert not objects(out, "represents", "agreement.leaders")
    unsigned = read(extractor, PACT + "Prime Minister Ana Lind and adviser Jon Varga did not sign the agreement on Monday.")
    assert not objects(unsigned, "hasRepresentative")


def test_the_sentence_after_an_agreement_with_it_as_subject_gives_its_scope(extractor):
    out = read(
        extractor,
        PACT + "The accord is for joint research and the sharing of information.\n\n"
        "It focuses on three areas: Exchange of information; Training; and Cyber exercises.",
    )
    assert objects(out, "covers", "agreement.scope") == {
        "topic:threat-information-sharing",
        "topic:capacity-building",
        "topic:joint-exercises",
    }
    later = read(extractor, PACT + "The weather was fine.\n\nIt focuses on training.")
    assert not objects(later, "covers")  # not the sentence right after one about the agreement
    law = read(extractor, PACT + "It cites the Critical Infrastructure Protection Act.")
    assert not objects(law, "covers")  # a name, not a topic


def test_critical_information_infrastructure_is_critical_infrastructure(extractor):
    out = read(extractor, "Pact\n\nChile and Peru signed an agreement to protect critical information infrastructure.")
    assert "topic:critical-infrastructure-protection" in objects(out, "covers")


def test_he_had_a_conversation_with_is_the_reporting_subjects_talk(extractor):
    out = read(
        extractor,
        "Call\n\nForeign Minister Lena Berg said that she had a long phone conversation with her counterpart Tomas Novak.",
    )
    assert objects(out, "participant", "event.parse") == {"Lena Berg", "Tomas Novak"}


def test_a_host_and_a_guest_take_part(extractor):
    out = read(extractor, "Visit\n\nPresident Ana Ruiz hosted Chilean President Jorge Vidal at the palace on Thursday.")
    assert objects(out, "participant", "event.parse") == {"Ana Ruiz", "Jorge Vidal"}
    event = read(extractor, "Summit\n\nPresident Ana Ruiz hosted a dinner at the palace on Thursday.")
    assert not objects(event, "participant")


def test_readouts_issued_by_two_states_are_both_their_statements(extractor):
    out = read(
        extractor,
        "Talks\n\nThe readouts issued by Chile and Peru after a meeting between foreign minister Ana Ruiz and foreign "
        "minister Jon Dahl in Lima made no mention of Bolivia.",
    )
    assert objects(out, "speaker", "statement.noun") == {"Chile", "Peru"}


def test_a_joint_declaration_is_spoken_by_the_agreements_parties(extractor):
    out = read(
        extractor,
        "Pact\n\nChile and Peru have finalised an agreement on cyber security.\n\n"
        '"Chile and Peru raise their relations to a new level," the joint declaration said.',
    )
    assert objects(out, "speaker", "statement.noun") == {"Chile", "Peru"}
    assert objects(out, "speaker", "quotation") == {"Chile", "Peru"}
    assert any(o.endswith("agreement (2024)") for o in objects(out, "subject", "statement.noun"))
    alone = read(extractor, 'Talks\n\n"We raise our relations to a new level," the joint declaration said.')
    assert not objects(alone, "speaker")  # no agreement told of: whose it is is unknown


def test_agreeing_with_an_assessment_makes_no_agreement(extractor):
    out = read(
        extractor,
        "Blame\n\nOther nations, including Chile, Peru and Japan, had agreed with the United States assessment that "
        "Ruritania was behind the attack.",
    )
    assert not objects(out, "hasParty")
    pact = read(extractor, "Pact\n\nChile agreed with Peru on a deal to share threat information.")
    assert objects(pact, "hasParty") == {"Chile", "Peru"}


def test_measures_as_the_subject_of_target_add_targets_to_the_earlier_measures(extractor):
    out = read(
        extractor,
        "Sanctions\n\nChile imposed sanctions on three hacker groups on Friday.\n\n"
        "The new sanctions target the Red Fox Group and the Blue Owl Group.",
    )
    assert facts(out, "participant", "event.measure") == {("Measures by Chile", "Chile")}
    assert objects(out, "targets", "event.measure") == {"Red Fox Group", "Blue Owl Group"}
    alone = read(extractor, "Sanctions\n\nThe new sanctions target the Red Fox Group.")
    assert not objects(alone, "targets")  # no measures told of before: whose they are is unknown


def test_a_name_after_a_parenthetical_said_is_not_its_speaker(extractor):
    out = read(extractor, "Groups\n\nBlue Owl and Green Cat, the ministry said, are units of the Red Fox Group.")
    assert "Red Fox Group" not in objects(out, "speaker")
    inverted = read(extractor, 'Groups\n\n"We will act," said Minister Ana Ruiz.')
    assert objects(inverted, "speaker", "statement.say") == {"Ana Ruiz"}


def test_who_chaired_the_meeting_takes_part(extractor):
    out = read(extractor, "Forum\n\nMinister Ana Ruiz, who chaired the conference, said the region faces rising threats.")
    assert objects(out, "participant", "event.parse") == {"Ana Ruiz"}


def test_a_signer_opposite_a_named_counterpart_represents_the_other_party(extractor):
    out = read(
        extractor,
        "Pact\n\nChile and Peru reached a cyber pact. The agreement was signed by Foreign Minister Ana Ruiz and her "
        "Peruvian counterpart Jon Dahl.",
    )
    assert facts(out, "represents", "agreement.leaders") == {("Ana Ruiz", "Chile"), ("Jon Dahl", "Peru")}


def test_states_that_issue_a_joint_statement_speak_it(extractor):
    out = read(extractor, "Statement\n\nChile and Peru issued a joint statement on Friday.")
    assert objects(out, "speaker", "statement.noun") == {"Chile", "Peru"}
    none = read(extractor, "Statement\n\nChile and Peru did not issue a joint statement on Friday.")
    assert not objects(none, "speaker")


def test_ministers_from_states_who_meet_bring_their_states(extractor):
    out = read(extractor, "Meeting\n\nForeign ministers from Chile, Peru and Bolivia met in Quito on Thursday.")
    assert objects(out, "participant", "event.parse") == {"Chile", "Peru", "Bolivia"}


def test_the_leader_of_a_delegation_that_visits_takes_part(extractor):
    out = read(
        extractor,
        "Visit\n\nA delegation led by Deputy Foreign Minister Ana Ruiz visited Seoul for consultations with South "
        "Korean officials.",
    )
    assert "Ana Ruiz" in objects(out, "participant", "event.parse")


def test_a_guest_received_or_welcomed_by_name_makes_a_visit(extractor):
    out = read(extractor, "Visit\n\nForeign Minister Ana Ruiz received her Peruvian counterpart Jon Dahl in Santiago.")
    assert {"Ana Ruiz", "Jon Dahl"} <= objects(out, "participant", "event.parse")
    decision = read(extractor, "Vote\n\nForeign Minister Ana Ruiz welcomed Peru's decision on Friday.")
    assert not objects(decision, "participant")


def test_a_state_in_the_dateline_takes_no_part(extractor):
    out = read(extractor, "Talks\n\nLima [Peru], October 5 : Chile and Bolivia discussed cyber cooperation in Lima.")
    assert objects(out, "participant", "event.parse") == {"Chile", "Bolivia"}
    assert dateline_end(_sentence("Lima [Peru], October 5 : Chile and Bolivia met.")) == len("Lima [Peru], October 5 : ")
    assert dateline_end(_sentence("LIMA, May 2 — Chile and Bolivia met.")) == len("LIMA, May 2 — ")
    assert dateline_end(_sentence("Foreign Minister Ana Ruiz: Chile and Bolivia met.")) == 0  # no place, bracket or date


def _sentence(text: str) -> Sentence:
    return Sentence(0, len(text), text, [], [], text)


def test_a_delegation_co_led_by_two_people(extractor):
    out = read(
        extractor,
        "Talks\n\nChile and Peru held their second cyber dialogue on Wednesday.\n\nThe Peruvian delegation was co-led "
        "by Jon Dahl, director of security policy and Ana Ruiz, deputy director of emerging issues.",
    )
    assert {"Jon Dahl", "Ana Ruiz"} <= objects(out, "participant", "event.delegation")


def test_a_mutual_pledge_binds_both_states(extractor):
    out = read(extractor, "Pledge\n\nChile and Peru pledged to refrain from attacking each other's critical infrastructure.")
    assert objects(out, "hasParty", "agreement.joint") == {"Chile", "Peru"}
    own = read(extractor, "Pledge\n\nChile and Peru pledged to defend their own networks.")
    assert not objects(own, "hasParty")


def test_the_host_of_a_round_of_talks_takes_part(extractor):
    out = read(extractor, "Talks\n\nChile will host the next round of talks with Peru in March.")
    assert objects(out, "participant", "event.parse") == {"Chile", "Peru"}


def test_a_deal_reached_with_a_state_has_the_clause_subject_as_the_other_party(extractor):
    out = read(extractor, "Deal\n\nUnder a deal reached with Peru, Chile will share threat intelligence.")
    assert objects(out, "hasParty") == {"Chile", "Peru"}


def test_a_capital_naming_an_initiative_is_no_party(extractor):
    out = read(extractor, "Call\n\nChile and Peru signed on to the Paris Call for Trust and Security in Cyberspace.")
    assert "France" not in objects(out, "hasParty")


def test_a_signer_on_behalf_of_a_party_represents_it(extractor):
    out = read(extractor, PACT + "Foreign Minister Ana Lind signed the agreement on behalf of Latvia.")
    assert facts(out, "represents", "agreement.leaders") == {("Ana Lind", "Latvia")}


@pytest.mark.parametrize(
    "sentence,outlet",
    [
        ('"The attack failed," Minister Ana Ruiz said in an interview with Reuters.', "Reuters"),
        ("In an interview with the Financial Times, Minister Ana Ruiz said the attack had failed.", "Financial Times"),
        ("On Monday, Minister Ana Ruiz wrote an op-ed piece in The Wall Street Journal on the sanctions.", "Wall Street Journal"),
    ],
)
def test_an_interview_or_op_ed_appears_in_its_outlet(extractor, sentence, outlet):
    out = read(extractor, "Interview\n\n" + sentence)
    assert {o.removeprefix("The ") for o in objects(out, "publishedIn", "statement.outlet")} == {outlet}


def test_an_interview_with_a_non_outlet_publishes_nothing(extractor):
    out = read(extractor, "Talks\n\nIn an interview with the Foreign Ministry, Minister Ana Ruiz said the attack had failed.")
    assert not objects(out, "publishedIn")


def test_a_conference_a_statement_was_told_to_is_not_its_subject(extractor):
    out = read(
        extractor,
        "Briefing\n\nMinister Ana Ruiz told a news conference on Monday that her country would respond to the "
        "hacking of its networks in its own time.",
    )
    assert not objects(out, "subject", "statement.event")
    talks = read(
        extractor,
        "Talks\n\nChile and Peru held talks on Monday.\n\nMinister Ana Ruiz told a news conference that the talks had gone well.",
    )
    assert any(o.startswith("Talks") for o in objects(talks, "subject"))


@pytest.mark.parametrize(
    "sentence,people",
    [
        (
            "Chilean President Ana Ruiz received a phone call from Peruvian President Jon Dahl on Monday.",
            {"Ana Ruiz", "Jon Dahl"},
        ),
        (
            "Foreign Minister Ana Ruiz will travel to Lima next week to meet Peruvian President Jon Dahl.",
            {"Ana Ruiz", "Jon Dahl"},
        ),
        (
            "Foreign Minister Ana Ruiz and President Jon Dahl, who met in Geneva last week, agreed to keep talking.",
            {"Ana Ruiz", "Jon Dahl"},
        ),
        ("The first meeting of the working group brought together officials from Chile and Peru.", {"Chile", "Peru"}),
        ("The talks, which were held in Geneva, involved officials from Chile and Peru.", {"Chile", "Peru"}),
    ],
)
def test_participants_of_calls_trips_and_gatherings(extractor, sentence, people):
    out = read(extractor, "Meeting\n\n" + sentence)
    assert people <= objects(out, "participant", "event.parse")


def test_the_capital_a_summit_was_held_in_takes_no_part(extractor):
    out = read(extractor, "Summit\n\nLeaders of Chile, Peru and Bolivia attended the summit in Quito.")
    assert objects(out, "participant") == {"Chile", "Peru", "Bolivia"}


def test_hyphenated_and_drill_topics_and_the_parties_next_sentence(extractor):
    out = read(
        extractor, "Pact\n\nChile and Peru signed a pact on capacity-building and cyber-crime, with joint drills each year."
    )
    assert objects(out, "covers", "agreement.scope") == {"topic:capacity-building", "topic:cybercrime", "topic:joint-exercises"}
    they = read(extractor, "Pact\n\nChile and Peru signed a cyber pact on Monday.\n\nThey will also cooperate on ransomware.")
    assert objects(they, "covers", "agreement.scope") == {"topic:ransomware"}


def test_the_agent_of_a_passive_reporting_verb_speaks(extractor):
    out = read(
        extractor,
        "Hack\n\nThe hackers were responsible for the attack, as confirmed by Cabinet Secretary Ana Ruiz during an "
        "interview on Radio Uno.\n\nThe plan was announced by Foreign Minister Jon Dahl on Monday.",
    )
    assert objects(out, "speaker", "statement.say") == {"Ana Ruiz", "Jon Dahl"}
    first = read(extractor, "Talks\n\nFirst reported by Reuters, the talks were focused on data access.")
    assert not objects(first, "speaker")  # a participle before the clause: what was reported, not who spoke


def test_bodies_that_sign_a_memorandum_are_parties_beside_their_states(extractor):
    out = read(
        extractor,
        "MoU\n\nChile's Cyber Security Agency and Peru's National Cyber Centre signed a memorandum of understanding on Monday.",
    )
    assert {"Chile", "Peru"} <= objects(out, "hasParty")
    assert len(objects(out, "hasParty", "agreement.parse")) == 2  # the two bodies
    titled = read(extractor, "Pact\n\nChile and Peru signed a pact.\n\nChile's Cyber Agency director Ana Ruiz signed the deal.")
    assert not objects(titled, "hasParty", "agreement.parse")  # a body in a signer's title is no party
    dateline = read(extractor, "Pact\n\nLIMA (Acme News Agency) — Chile and Peru signed a cyber pact on Monday.")
    assert objects(dateline, "hasParty") == {"Chile", "Peru"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Chile and Peru inked a deal on cyber security on Monday.",
        "Chile and Peru renewed their cyber security agreement on Monday.",
        "The pact commits Chile and Peru to share threat information.",
    ],
)
def test_more_ways_of_making_an_agreement(extractor, sentence):
    assert objects(read(extractor, "Deal\n\n" + sentence), "hasParty") == {"Chile", "Peru"}


def test_a_leader_making_a_deal_with_one_state_brings_the_state_their_title_names(extractor):
    out = read(
        extractor,
        "Deal\n\nChilean President Ana Ruiz met the press on Monday.\n\nRuiz withdrew from the cyber security deal with "
        "Peru last year.",
    )
    assert objects(out, "hasParty", "agreement.parse") == {"Chile", "Peru"}
    untitled = read(
        extractor, "Deal\n\nMinister Ana Ruiz met the press.\n\nRuiz withdrew from the cyber security deal with Peru."
    )
    assert objects(untitled, "hasParty") <= {"Peru"}


def test_consultations_an_agreement_provides_for_are_no_talks(extractor):
    out = read(
        extractor,
        "Pact\n\nChile and Peru signed an agreement on cyber security.\n\nIt envisages establishing direct dialogue "
        "between the two countries' agencies and regular consultations.",
    )
    assert not objects(out, "participant", "event.agreement")
    held = read(extractor, "Pact\n\nChile and Peru signed an agreement on cyber security.\n\nThe consultations lasted two days.")
    assert objects(held, "participant", "event.agreement") == {"Chile", "Peru"}
