"""Round 5 rules for posts and reported speech, on invented sentences (never text from an article)."""

from __future__ import annotations

import pytest

from cyberkg.graph.extract import Extractor
from tests.extracthelp import named_facts

POSTS = ("holder", "holdsPost", "postIn", "tenurePost")
KINDS = ("Post", "PostTenure", "Remark", "OfficialStatement", "Quotation")


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
