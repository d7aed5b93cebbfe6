"""Attribution frames read from the parse (graph/extract_claim_frames.py, round 4 of issue 13): punitive acts
and sanctions for an attack, described groups behind an attack, attacks done through a means clause, the story
continued over the next sentence, the reporter of a claim, the state of a blamed body. Every sentence is invented
here, so a failure names the construction that broke."""

from __future__ import annotations

import datetime as dt

import pytest
from extracthelp import named_facts, rules_extractor

from cyberkg.graph.extract import Extractor
from cyberkg.graph.reader import Article

CLAIM = "AttributionClaim"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return rules_extractor()


def facts(extractor: Extractor, text: str) -> set[tuple[str, str, str]]:
    """(subject kind or label, predicate, object label) for the claims family."""
    return named_facts(
        extractor,
        text,
        "doc-frames",
        ("attributedTo", "claimant", "denies", "subject"),
        ("Incident", "AttributionClaim", "Denial", "Statement"),
    )


def rules(extractor: Extractor, text: str) -> set[tuple[str, str]]:
    """(rule, predicate) of every claim relation, to tell which construction read it."""
    out = extractor.extract(Article("doc-frames-rules", text, "<test>", {}), dt.date(2024, 5, 10))
    return {(r.rule, r.predicate) for r in out.relations if r.predicate in ("attributedTo", "claimant")}


def blamed(found: set[tuple[str, str, str]]) -> set[str]:
    return {o for s, p, o in found if s == CLAIM and p == "attributedTo"}


def claimants(found: set[tuple[str, str, str]]) -> set[str]:
    return {o for s, p, o in found if s == CLAIM and p == "claimant"}


def test_expelled_for_an_attempt_to_hack_blames_the_expelled_and_the_reporting_state_claims(extractor):
    found = facts(
        extractor,
        "Belgium said on Friday it had expelled three Iranian intelligence officers for an attempt to hack into "
        "the servers of the European Space Agency.",
    )
    assert "Iranian intelligence officers" in blamed(found)
    assert claimants(found) == {"Belgium"}  # "it" is the state that said so


def test_a_threatened_expulsion_blames_no_one(extractor):
    found = facts(
        extractor, "Belgium said it would expel Iranian diplomats if an attempt to hack into its servers was confirmed."
    )
    assert not blamed(found)


def test_sanctions_against_hackers_blame_their_targets_and_the_imposer_claims(extractor):
    found = facts(
        extractor,
        "Canada imposed sanctions on Monday against hackers, targeting the Lazarus Group and three Iranian individuals.",
    )
    assert "Lazarus Group" in blamed(found)
    assert claimants(found) == {"Canada"}
    victims = named_facts(extractor, "Canada imposed sanctions on Monday, targeting the Lazarus Group.", "doc-v", ("victim",), ())
    assert not victims  # the sanctions' target is no victim of an attack


def test_a_described_actor_behind_a_breach_is_blamed_and_a_denied_one_is_not(extractor):
    found = facts(
        extractor,
        "Prime Minister Jacinda Ardern says a sophisticated foreign actor was behind the breach of the parliament network.",
    )
    assert blamed(found) == {"sophisticated foreign actor"}
    assert claimants(found) == {"Jacinda Ardern"}
    none = facts(
        extractor, "Prime Minister Jacinda Ardern says no foreign actor was behind the breach of the parliament network."
    )
    assert not blamed(none)


def test_the_work_of_a_group_reported_by_an_outlet_is_the_outlets_claim(extractor):
    found = facts(
        extractor,
        "The water utility was hit by a cyber-attack in May, with CNN reporting that it was the work of Syrian hackers.",
    )
    assert "Syrian hackers" in blamed(found)
    assert claimants(found) == {"CNN"}


def test_attacks_associated_with_a_gang_blame_the_gang_not_a_description_of_it(extractor):
    found = facts(extractor, "The FBI estimates that there had been 400 victims of attacks associated with the LockBit gang.")
    assert blamed(found) == {"LockBit"}
    assert claimants(found) == {"Federal Bureau of Investigation"}


def test_an_attack_done_through_a_means_clause_blames_the_doer(extractor):
    found = facts(
        extractor,
        "A leaked World Bank report indicates that Venezuela has raised 300 million dollars from stealing cryptocurrency.",
    )
    assert blamed(found) == {"Venezuela"}
    assert claimants(found) == {"World Bank"}
    assert not blamed(facts(extractor, "Peru could use the rented servers to hack into the ministry."))


def test_charges_filed_against_named_people_continue_the_indictment(extractor):
    text = (
        "Ohio prosecutors on Tuesday indicted two members of the Iranian military for hacking a dam. "
        "The charges were filed against Ali Rezaei and Reza Karimi."
    )
    assert {"Ali Rezaei", "Reza Karimi"} <= blamed(facts(extractor, text))
    assert ("claim.continued", "attributedTo") in rules(extractor, text)


def test_a_document_that_accuses_is_its_makers_claim(extractor):
    text = (
        "The African Union imposed sanctions on Friday against hackers, targeting the Sandworm group. "
        "The sanctions list also accuses Fancy Bear of carrying out an attack on the Kenyan parliament."
    )
    found = facts(extractor, text)
    assert "APT28" in blamed(found)  # Fancy Bear, under its gazetteer name
    assert ("claim.continued", "claimant") in rules(extractor, text)


def test_who_reports_an_indictment_claims_it_with_who_brought_it_and_a_state_body_brings_its_state(extractor):
    found = facts(
        extractor,
        "Canada on Monday charged three members of the Iranian military with hacking a dam, the Department of Justice said.",
    )
    assert claimants(found) == {"Canada", "Department of Justice"}
    assert {"Iranian military", "Iran"} <= blamed(found)


def test_a_background_clause_under_a_reporting_verb_is_not_its_speakers_claim(extractor):
    found = facts(
        extractor,
        "Jane Doe acknowledged the public had become wary of online surveillance since Edward Snowden leaked NSA documents.",
    )
    assert "Jane Doe" not in claimants(found)


def test_a_group_linked_to_a_state_by_a_hyphenated_modifier_brings_the_state(extractor):
    found = facts(extractor, "Researchers at Acme Labs said a Russia-linked group called Sandworm had breached the grid.")
    assert {"Sandworm", "Russia"} <= blamed(found)


def test_who_speaks_of_the_charges_joins_the_claim_unless_dismissing_them(extractor):
    first = "Canada charged three members of the Iranian military with hacking a dam. "
    found = facts(extractor, first + "Attorney General Jane Doe said the charges were the first against state hackers.")
    assert "Jane Doe" in claimants(found)
    dismissed = facts(extractor, first + "Iran's foreign minister Ali Reza said the charges were baseless.")
    assert "Ali Reza" not in claimants(dismissed)


def test_accusations_nobody_named_makes_have_no_claimant(extractor):
    found = facts(
        extractor, "Moscow summoned the envoy over what it called false accusations that Russian spies had hacked Swiss targets."
    )
    assert "Russian spies" in blamed(found)
    assert not claimants(found)


def test_attacks_emanating_from_a_states_soil_blame_it_when_another_demands_a_crackdown(extractor):
    text = "Washington has demanded Moscow crack down on ransomware attacks emanating from Russian soil."
    found = facts(extractor, text)
    assert "Russia" in blamed(found)
    assert claimants(found) == {"United States"}
    assert not named_facts(extractor, text, "doc-v", ("victim",), ())  # where attacks come from is no victim


def test_a_speaker_disowning_the_attack_for_their_side_denies_the_claim_but_clearing_another_does_not(extractor):
    first = "Japan accused North Korea of hacking Acme Pictures. "
    found = facts(
        extractor,
        first + "An unidentified source from the North Korean army told the Associated Press that their government "
        "is not taking any responsibility for the hack.",
    )
    assert ("Denial", "claimant", "unidentified source from the North Korean army") in found
    assert ("Denial", "denies", CLAIM) in found
    cleared = facts(extractor, first + "U.S. officials said North Korea was not behind the hack.")
    assert not {f for f in cleared if f[0] == "Denial"}


def test_a_relative_clause_behind_an_attack_blames_the_name_before_its_comma(extractor):
    found = facts(
        extractor,
        "Poland asked for help against the threat of cyber attacks from Russia, which, meanwhile, was reportedly "
        "behind a hack on the Polish senate last year.",
    )
    assert "Russia" in blamed(found)


def test_a_report_from_a_body_is_that_bodys_claim(extractor):
    found = facts(
        extractor,
        "A leaked report from the World Bank indicates that Venezuela has raised 300 million dollars from stealing bitcoin.",
    )
    assert claimants(found) == {"World Bank"}


def test_officials_who_suspect_a_body_of_a_hack_make_their_states_claim(extractor):
    found = facts(extractor, "British officials suspect Russian military intelligence of the hack on the ministry.")
    assert claimants(found) == {"United Kingdom"}
    assert blamed(found)
    assert not blamed(facts(extractor, "Police arrested members of a hacking group in Kyiv."))


def test_a_group_that_claims_an_attack_or_says_it_was_behind_it_claims_it_of_itself(extractor):
    for text in (
        "The ransomware group LockBit claimed the attack on the hospital.",
        "LockBit said it was behind the attack on the hospital.",
    ):
        found = facts(extractor, text)
        assert blamed(found) == {"LockBit"} == claimants(found), text
    assert not blamed(facts(extractor, "Britain said it was behind schedule on the attack response."))
    assert not blamed(facts(extractor, "Microsoft said it was behind on patching after the attack on its servers."))


def test_an_attack_tied_to_a_state_in_the_passive_blames_it(extractor):
    found = facts(extractor, "The attack on the ministry has been tied to Russia, British officials said.")
    assert blamed(found) == {"Russia"}
    assert claimants(found) == {"United Kingdom"}


def test_an_accusation_noun_names_its_maker(extractor):
    found = facts(extractor, "Britain's accusation that Russia hacked the ministry angered Moscow.")
    assert blamed(found) == {"Russia"}
    assert claimants(found) == {"United Kingdom"}


def test_naming_a_culprit_or_pointing_the_finger_blames_and_naming_an_envoy_does_not(extractor):
    for text in (
        "Estonia named Russia as the culprit behind the attack on its parliament.",
        "Estonia pointed the finger at Russia for the attack on its parliament.",
    ):
        found = facts(extractor, text)
        assert blamed(found) == {"Russia"} and claimants(found) == {"Estonia"}, text
    assert not blamed(facts(extractor, "Estonia named Anna Kask as its new envoy after the attack on its parliament."))


def test_tracing_a_breach_to_a_group_blames_it_for_the_one_who_reports_it(extractor):
    found = facts(extractor, "Investigators traced the breach of the ministry to Chinese hackers, Estonia said.")
    assert blamed(found) == {"Chinese hackers"}
    assert claimants(found) == {"Estonia"}


def test_carried_out_in_a_that_clause_or_under_believed_to_have_been(extractor):
    found = facts(extractor, "Estonia assessed with high confidence that Russia conducted the attack on its parliament.")
    assert blamed(found) == {"Russia"} and claimants(found) == {"Estonia"}
    assert blamed(facts(extractor, "The attack on the parliament is widely believed to have been carried out by Russia.")) == {
        "Russia"
    }


def test_one_blamed_who_is_a_member_of_a_group_brings_the_group(extractor):
    first = "Latvian prosecutors charged Ivan Petrov with hacking the parliament. "
    found = facts(extractor, first + "Petrov, who is believed to be part of the hacker group known as APT28, fled to Moscow.")
    assert {"Ivan Petrov", "APT28"} <= blamed(found)
    unrelated = facts(extractor, first + "Anna Berzina, who is a member of the Latvian Football Federation, watched the trial.")
    assert "Latvian Football Federation" not in blamed(unrelated)


def test_a_warrant_for_a_named_person_in_an_attacks_story_blames_that_person(extractor):
    text = (
        "Hackers broke into the Latvian parliament's network in May. "
        "Latvian prosecutors issued an arrest warrant for Ivan Petrov."
    )
    found = facts(extractor, text)
    assert blamed(found) == {"Ivan Petrov"}
    assert claimants(found) == {"Latvia"}
    assert not blamed(facts(extractor, "Latvian prosecutors issued an arrest warrant for Ivan Petrov over a tax fraud."))


def test_calling_the_allegations_groundless_denies_them_however_the_parse_hangs_them(extractor):
    found = facts(
        extractor,
        "Estonia accused Russia of the attack on its parliament. "
        "China's foreign ministry spokesman Wang Wenbin called the allegations groundless.",
    )
    assert ("Denial", "claimant", "Wang Wenbin") in found


def test_an_accusation_of_a_deed_that_is_no_attack_blames_no_one(extractor):
    text = "North Korea said the South was lying. It accused the South of making the cyber attack claim to justify a crackdown."
    assert "South Korea" not in blamed(facts(extractor, text))
    assert blamed(facts(extractor, "Estonia accused Russia of stealing secrets from its parliament.")) == {"Russia"}
    story = (
        "Hackers broke into the Latvian water utility in May. Latvia's defence minister accused Russia of crossing a red line."
    )
    assert blamed(facts(extractor, story)) == {"Russia"}  # a figurative deed in an attack's story still blames


def test_a_state_body_that_claims_brings_its_state_as_claimant(extractor):
    text = "Estonia's Foreign Intelligence Service said Russian hackers were behind the attack on the parliament."
    assert {"Estonia", "Foreign Intelligence Service"} <= claimants(facts(extractor, text))
    assert ("claim.agency", "claimant") in rules(extractor, text)


def test_who_calls_the_charges_politically_motivated_or_the_accusations_propaganda_does_not_claim(extractor):
    first = "Canada charged three members of the Iranian military with hacking a dam. "
    found = facts(extractor, first + "Acme Corp said the charges were politically motivated.")
    assert "Acme Corp" not in claimants(found)
    denied = facts(
        extractor,
        "Estonia accused Russia of the attack on its parliament. The Kremlin called the accusations unsubstantiated propaganda.",
    )
    assert ("Denial", "claimant", "Russia") in denied


def test_a_described_actor_engaged_in_an_attack_is_blamed(extractor):
    found = facts(
        extractor,
        "Investigators found two other groups in the network. One of the two is a sophisticated state actor "
        "engaged in stealing information from the bank, the report said.",
    )
    assert "sophisticated state actor" in blamed(found)
    assert not blamed(facts(extractor, "Estonia said no foreign group involved in hacking was found."))


def test_an_attribution_noun_and_holding_responsible_blame_and_name_the_claimant(extractor):
    for text in (
        "Britain's attribution of the attack on the ministry to Russia was welcomed by allies.",
        "Britain holds Russia responsible for the attack on the ministry.",
        "Britain's decision to blame Russia for the attack on the ministry surprised analysts.",
    ):
        found = facts(extractor, text)
        assert blamed(found) == {"Russia"} and claimants(found) == {"United Kingdom"}, text
    assert not blamed(facts(extractor, "Britain will hold Russia responsible for any attack on the ministry."))


def test_an_accusation_by_a_state_rejected_by_another_in_the_passive(extractor):
    found = facts(extractor, "The accusation by Britain that Russia hacked the ministry was rejected by Moscow.")
    assert claimants(found) == {"United Kingdom"}
    assert ("Denial", "claimant", "Russia") in found


def test_a_states_special_services_stand_for_the_state_blamed(extractor):
    found = facts(extractor, "Estonia said the attack on its power grid was carried out by Russian special services.")
    assert blamed(found) == {"Russia"} and claimants(found) == {"Estonia"}


def test_a_ministry_named_with_its_states_possessive_brings_the_state(extractor):
    found = facts(extractor, "Canada, Britain and Australia jointly attributed the hack to China's Ministry of State Security.")
    assert {"China", "China's Ministry of State Security"} <= blamed(found)
    assert claimants(found) == {"Canada", "United Kingdom", "Australia"}


def test_a_participle_denial_is_its_makers(extractor):
    found = facts(
        extractor,
        "Estonia accused Russia of the attack on its parliament. "
        "The TASS news agency carried a statement by Maria Zakharova of the Russian Foreign Ministry denying any involvement.",
    )
    assert {o for s, p, o in found if s == "Denial" and p == "claimant"} == {"Maria Zakharova"}, found
    found = facts(
        extractor,
        "Estonia accused Russia of the attack on its parliament. The Kremlin issued a statement, denying any involvement.",
    )
    assert ("Denial", "claimant", "Russia") in found


def test_a_claim_according_to_an_outlet_is_the_outlets(extractor):
    found = facts(extractor, "According to the Washington Post, Russian hackers were behind the attack on the ministry.")
    assert blamed(found) == {"Russian hackers"} and claimants(found) == {"The Washington Post"}


def test_actors_affiliated_with_a_body_bring_the_body_into_the_claim(extractor):
    found = facts(
        extractor,
        "The U.S. attributed with a high degree of confidence that malicious cyber actors affiliated with "
        "China's Ministry of State Security conducted the attack.",
    )
    assert {"malicious cyber actors", "China's Ministry of State Security"} <= blamed(found)
    assert claimants(found) == {"United States"}


def test_an_attack_bearing_the_hallmarks_of_a_group_blames_it(extractor):
    found = facts(extractor, "The attack on the ministry had all the hallmarks of the Lazarus Group, Acme Labs said.")
    assert blamed(found) == {"Lazarus Group"}
    assert not blamed(facts(extractor, "The attack did not bear the hallmarks of Russian hackers, Estonia said."))


def test_a_conviction_for_a_theft_blames_only_when_the_sentence_is_about_computers(extractor):
    assert not blamed(facts(extractor, "A court convicted John Smith for stealing cars in 2019."))
    assert blamed(facts(extractor, "A court convicted John Smith for stealing passwords from the bank's servers.")) == {
        "John Smith"
    }
