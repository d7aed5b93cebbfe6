"""Round 7 victim constructions (graph/extract_victim_more.py, rule incident.parse_more; 'broke into' in
graph/extract_parse_incidents.py; datelines). Every sentence is invented here."""

from __future__ import annotations

import pytest

from cyberkg.graph.extract import Extractor
from tests.extracthelp import named_facts, rules_extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return rules_extractor()


def victims(extractor: Extractor, text: str) -> set[str]:
    return {o for _, _, o in named_facts(extractor, text, "doc-r7-victims", ["victim"], ["Incident"])}


def test_a_later_hacking_of_an_owners_server_names_the_owner(extractor):
    text = (
        "Officials in Oslo reported an intrusion into government networks last year. Investigators later said "
        "the hacking of the Norwegian Refugee Council's email server was part of the same campaign."
    )
    assert "Norwegian Refugee Council" in victims(extractor, text)


def test_broke_into_a_qualified_name(extractor):
    text = "A former contractor claimed that foreign spies had broken into the renowned Karolinska Institute."
    assert "Karolinska Institute" in victims(extractor, text)
    assert not victims(extractor, "A former contractor said the thieves broke a window at the museum.")


def test_a_dateline_names_no_victim(extractor):
    text = "OTTAWA, Canada (AP) — Canada's postal service said its servers were breached by an unknown hacker."
    found = victims(extractor, text)
    assert "Associated Press" not in found
    assert "Canada" not in found
