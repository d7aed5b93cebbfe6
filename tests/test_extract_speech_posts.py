"""Round 5 rules for posts and reported speech, on invented sentences (never text from an article)."""

from __future__ import annotations

import datetime as dt

import pytest

from cyberkg.graph.extract import Extractor
from cyberkg.graph.reader import Article
from tests.extracthelp import named_facts

POSTS = ("holder", "holdsPost", "postIn", "tenurePost")
KINDS = ("Post", "PostTenure", "Statement", "Quotation")


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor({})


def facts(extractor: Extractor, text: str, predicates=POSTS) -> set[tuple[str, str, str]]:
    return named_facts(extractor, text, "doc-speech-posts", predicates, KINDS)


def test_a_counterpart_of_a_state_holds_a_post_of_that_state(extractor):
    out = facts(extractor, "Foreign Minister Ana Ruiz met her Portuguese counterpart Karl Berg in Lisbon on Monday.")
    assert ("PostTenure", "holder", "Karl Berg") in out
    assert ("Post", "postIn", "Portugal") in out


def test_a_day_name_after_a_titled_name_is_not_part_of_it(extractor):
    out = facts(extractor, "President Ana Ruiz Friday warned that the attacks must stop.", POSTS + ("speaker",))
    assert ("PostTenure", "holder", "Ana Ruiz") in out
    assert not {o for _, _, o in out if "Friday" in o}


def test_a_post_and_its_place_before_a_name_are_the_names(extractor):
    out = facts(extractor, "The Norwegian ambassador to Portugal, Karl Berg, was summoned to the ministry on Monday.")
    assert ("PostTenure", "holder", "Karl Berg") in out
    assert ("Post", "postIn", "Norway") in out  # the state owning the post, not the place it is in
    assert not {o for _, p, o in out if p == "holder"} - {"Karl Berg"}  # no unnamed ambassador besides him
    said = facts(extractor, "Sweden's envoy to the Netherlands Karl Berg said the hackers targeted the ministry.")
    assert ("PostTenure", "holder", "Karl Berg") in said
    assert ("Post", "postIn", "Sweden") in said


def test_a_name_after_a_post_and_a_comma_that_goes_on_to_speak_is_not_its_appositive(extractor):
    out = facts(extractor, "Norway summoned the ambassador to Portugal, Karl Berg told reporters on Monday.")
    assert ("PostTenure", "holder", "Karl Berg") not in out


def test_the_body_named_after_an_appositive_title_and_its_field_is_the_posts(extractor):
    out = facts(
        extractor,
        "The delegation was led by Karl Berg, Deputy Director for Cyber Policy, in the Vela Agency for Security, "
        "and Ana Ruiz, Ambassador in charge of Cyber Policy, Ministry of Foreign Affairs.",
    )
    assert ("Post", "postIn", "Vela Agency for Security") in out
    assert ("Post", "postIn", "Ministry of Foreign Affairs") in out
    before = facts(extractor, "Deputy Director Karl Berg of the Vela Agency for Security said the talks went well.")
    assert ("PostTenure", "holder", "Karl Berg") in before  # a title before the name is read as before


def test_who_denies_in_words_speaks(extractor):
    text = "Hackers stole data from the Vela Bank, the FBI said. Norway on Tuesday dismissed the accusation as 'groundless'."
    assert ("Statement", "speaker", "Norway") in facts(extractor, text, ("speaker",))
    stance = "The FBI blamed Norway for the theft at the Vela Bank, a charge Norway has rejected."
    out = extractor.extract(Article("doc-stance", stance, "<test>", {}), dt.date(2024, 5, 10))
    assert "claimant" in {r.predicate for r in out.relations}  # the denial is read ...
    assert not [r for r in out.relations if r.rule == "statement.denial"]  # ... but, with no words of its own, not as speech


def test_a_post_read_as_a_names_title_speaks_as_that_name(extractor):
    text = "Sweden's envoy to the Netherlands Karl Berg, who attended the meeting, said the hackers targeted the ministry."
    out = facts(extractor, text, POSTS + ("speaker",))
    assert ("Statement", "speaker", "Karl Berg") in out
    assert {o for _, p, o in out if p in ("speaker", "holder")} == {"Karl Berg"}  # no unnamed "Sweden's envoy"


def test_an_official_statement_is_no_official(extractor):
    text = "Officials from both sides discussed cyber cooperation, an official statement said."
    assert not facts(extractor, text, ("speaker",))
    person = "An official said on Monday that the talks went on."
    assert ("Statement", "speaker", "official") in facts(extractor, person, ("speaker",))


def test_an_unnamed_holder_of_a_named_persons_post_is_that_person(extractor):
    text = (
        "Dutch Defence Minister Ana Ruiz said the operation was disrupted. "
        "According to the Dutch defence minister, the operation was stopped in April."
    )
    out = facts(extractor, text, POSTS + ("speaker",))
    assert {o for _, p, o in out if p in ("speaker", "holder")} == {"Ana Ruiz"}
    two = "Dutch Defence Minister Ana Ruiz met Norwegian Defence Minister Karl Berg. The Dutch defence minister spoke."
    assert {"Ana Ruiz", "Karl Berg"} <= {o for _, p, o in facts(extractor, two) if p == "holder"}
