"""Organisation names with coordinated parts and owners' possessives, round 5 of issue 13
(graph/extract_orgnames.py), each on sentences written here (invented bodies, never an article's text)."""

from __future__ import annotations

import datetime as dt

import pytest

from cyberkg.graph.extract import Extraction, Extractor
from cyberkg.graph.reader import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor({})


def organisations(extractor: Extractor, text: str) -> set[str]:
    out: Extraction = extractor.extract(Article("doc-orgnames", text, "<test>", {}), dt.date(2024, 5, 10))
    return {
        out.new_entities[m.entity]["label"] if m.entity in out.new_entities else m.label
        for m in out.mentions
        if m.kind == "Organisation"
    }


@pytest.mark.parametrize(
    ("text", "whole", "pieces"),
    [
        (
            "Officials from the Ministry of Tourism, Fisheries and Forestry met on Monday.",
            "Ministry of Tourism, Fisheries and Forestry",
            {"Ministry of Tourism"},
        ),
        (
            "The Vela Institute of Weights and Measures published the figures.",
            "Vela Institute of Weights and Measures",
            {"Vela Institute of Weights"},
        ),
        (
            "The Coordinating Bureau for Maritime, Legal and Border Affairs said it would respond.",
            "Coordinating Bureau for Maritime, Legal and Border Affairs",
            {"Coordinating Bureau for Maritime"},
        ),
        (
            "A delegate of the Ruritanian Ministry of Posts and Broadcasting technology (MPBT) spoke.",
            "Ruritanian Ministry of Posts and Broadcasting technology",
            {"Ruritanian Ministry of Posts"},
        ),
        (
            "The Ocean, Fisheries and Harbour Office issued a statement.",
            "Ocean, Fisheries and Harbour Office",
            {"Fisheries and Harbour Office"},
        ),
    ],
)
def test_a_list_inside_a_head_first_name_is_one_body(extractor, text, whole, pieces):
    found = organisations(extractor, text)
    assert whole in found
    assert not found & pieces


def test_a_list_of_whole_bodies_stays_a_list(extractor):
    found = organisations(
        extractor, "Norway's Ministry of Defence and Ministry of Fisheries sent experts, as did Microsoft and Google."
    )
    assert {"Ministry of Defence", "Ministry of Fisheries"} <= found
    assert not any(" and " in f for f in found)


def test_a_known_body_before_and_is_whole(extractor):
    for other in ("Interpol", "Europol", "Microsoft"):
        found = organisations(extractor, f"The Department of Justice and {other} worked on the case.")
        assert not any("Justice and" in f for f in found)


def test_a_body_list_read_as_one_name_is_split(extractor):
    text = (
        "The delegation comprised officials from the Vela Cyber Council, Department of Ports, "
        "Ruritanian Emergency Response Team and Embassy of Ruritania in Oslo."
    )
    found = organisations(extractor, text)
    assert {"Department of Ports", "Ruritanian Emergency Response Team"} <= found
    assert not any(", " in f for f in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Staff from the departments of Agriculture, Transport and Energy attended.",
            {"Department of Agriculture", "Department of Transport", "Department of Energy"},
        ),
        (
            "Officials from the ministries of home affairs, fisheries, and posts and telegraphs, and Ana Ruiz came.",
            {"Ministry of Home Affairs", "Ministry of Fisheries", "Ministry of Posts and Telegraphs"},
        ),
    ],
)
def test_departments_of_a_list_name_one_department_each(extractor, text, expected):
    assert expected <= organisations(extractor, text)


@pytest.mark.parametrize(
    "text", ["The ministries of the region met.", "The ministries of trade, fisheries, and posts and telegraphs were there."]
)
def test_no_list_no_departments(extractor, text):
    assert not any(f.startswith("Ministry of") for f in organisations(extractor, text))


def test_a_states_possessive_is_no_part_of_a_head_first_name(extractor):
    found = organisations(extractor, "Norway's Ministry of Fisheries said on Monday it had been hacked.")
    assert "Ministry of Fisheries" in found
    assert not any(f.startswith("Norway") for f in found)


def test_a_bodys_possessive_is_no_part_of_the_body_it_owns(extractor):
    found = organisations(extractor, "The Trade Department's National Export and Licensing Administration said so.")
    assert "National Export and Licensing Administration" in found
    assert not any("Department's" in f or "Department’s" in f for f in found)


def test_a_based_prefix_describes_the_body(extractor):
    found = organisations(extractor, "Ana Ruiz, director of the Oslo-based Centre for Ports and Harbours, said so.")
    assert "Centre for Ports and Harbours" in found
    assert not any("based" in f for f in found)


def test_a_list_of_head_first_names_is_read_item_by_item(extractor):
    text = (
        "Officials from the Ruritanian Administration, Ministry of Foreign Affairs, Ministry of Posts and "
        "Information Technology, Ministry of State Security and Ministry of Ports met."
    )
    found = organisations(extractor, text)
    assert {"Ministry of Posts and Information Technology", "Ministry of Ports"} <= found
    assert "Ministry of Posts" not in found


def test_a_directorate_general_heads_its_name(extractor):
    found = organisations(extractor, "The Commission’s Directorate General for Ports, Harbours and Fisheries met.")
    assert "Directorate General for Ports, Harbours and Fisheries" in found


def test_the_owning_body_is_a_body_too(extractor):
    found = organisations(extractor, "The Trade Department's National Export and Licensing Administration said so.")
    assert "Trade Department" in found


def test_a_month_after_a_name_is_no_part_of_it(extractor):
    found = organisations(extractor, "The Vela Institute of Ports December report was published.")
    assert "Vela Institute of Ports" in found
    assert not any("December" in f for f in found)


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        ("Both sides discussed Information and Communications Technologies (ICT) at length.", "Information"),
        ("Ana Ruiz said the Ports Cybercrime Treaty was signed.", "Treaty"),
        ("The talks covered Cyber Security and Data Protection, Ana Ruiz said.", "Security"),
    ],
)
def test_a_field_an_event_or_a_document_is_no_body(extractor, text, thing):
    assert not any(thing in f for f in organisations(extractor, text))


def test_a_body_named_with_field_words_and_a_head_stays(extractor):
    found = organisations(extractor, "The Vela Cyber Security Agency said it had been hacked.")
    assert "Vela Cyber Security Agency" in found
