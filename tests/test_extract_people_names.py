"""Where a person's name starts and ends, round 5 of issue 13 (graph/extract_people_names.py), on sentences
written here (invented people, never an article's text)."""

from __future__ import annotations

import datetime as dt

import pytest

from cyberkg.graph.extract import Extractor
from cyberkg.graph.reader import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor({})


def people(extractor: Extractor, text: str) -> set[str]:
    out = extractor.extract(Article("doc-people", text, "<test>", {}), dt.date(2024, 5, 10))
    return {
        out.new_entities[m.entity]["label"] if m.entity in out.new_entities else m.label
        for m in out.mentions
        if m.kind == "Person"
    }


@pytest.mark.parametrize("day", ["Friday", "Monday", "January"])
def test_a_day_after_a_titled_name_is_no_part_of_it(extractor, day):
    found = people(extractor, f"Vela's President Ana Ruiz {day} warned that the talks would fail.")
    assert "Ana Ruiz" in found
    assert not any(day in f for f in found)


def test_a_family_name_first_opens_the_name(extractor):
    found = people(extractor, "Han Yong Song, a researcher at the Vela Institute, said the claim was false.")
    assert "Han Yong Song" in found
    assert "Yong Song" not in found


def test_a_known_demonym_before_a_name_is_no_family_name(extractor):
    found = people(extractor, "Chinese Ana Ruiz said nothing.")
    assert not any(f.startswith("Chinese") for f in found)


@pytest.mark.parametrize("noun", ["statement", "confirmation", "report"])
def test_official_before_a_noun_is_an_adjective_not_a_person(extractor, noun):
    assert "official" not in people(extractor, f"The ports will be closed, an official {noun} said on Monday.")


def test_an_official_who_speaks_is_still_found(extractor):
    assert "government official" in people(extractor, "The ports will be closed, a government official told Vela News.")


def test_an_envoys_description_runs_on_to_the_state(extractor):
    found = people(extractor, "The Peruvian ambassador to the Netherlands was summoned on Monday.")
    assert "Peruvian ambassador to the Netherlands" in found
    assert "Peruvian ambassador" not in found


def test_a_capital_after_to_leaves_the_description_short(extractor):
    assert "Peruvian ambassador" in people(extractor, "The Peruvian ambassador to Lima was summoned on Monday.")


def test_an_envoy_named_after_the_comma_is_no_unnamed_person(extractor):
    found = people(extractor, "The Peruvian ambassador to Norway, Ana Ruiz, was summoned on Monday.")
    assert not any(f.startswith("Peruvian ambassador") for f in found)
