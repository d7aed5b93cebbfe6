"""Participants named by delegation, chair, attendance and press conference (graph.extract_delegations) and the
meeting constructions round 5 added to graph.extract_parse / extract_agreements, each on invented sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from cyberkg.graph.extract import Extraction, Extractor
from cyberkg.graph.reader import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    ex = Extractor({})
    ex.learned = False  # the rules alone: a trained model must not hide a rule that broke
    return ex


def read(extractor: Extractor, text: str) -> Extraction:
    return extractor.extract(Article("doc-delegations", text, "<test>", {}), dt.date(2024, 5, 10))


def participants(out: Extraction, rule: str | None = None) -> set[str]:
    def label(entity: str) -> str:
        new = out.new_entities.get(entity)
        return new["label"] if new else next((m.label for m in out.mentions if m.entity == entity), entity)

    return {
        label(o) for r in out.relations if r.predicate == "participant" and (rule is None or r.rule == rule) for o in r.objects
    }


DIALOGUE = "India and Kenya held their third cyber dialogue in Nairobi on Monday.\n\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # composition: "consisted of officials from A, B and C", the demonym of the delegation
            "The Kenyan delegation consisted of senior officials from the Ministry of Home Affairs, the Ministry of "
            "Defence and the National Security Council Secretariat.",
            {"Kenya", "Ministry of Home Affairs", "Ministry of Defence", "National Security Council Secretariat"},
        ),
        (  # leadership, passive, with the leader's body in apposition; a second clause "while … was headed by"
            "The Indian delegation was led by Taro Yamada, Director at the Ministry of External Affairs, while the "
            "Kenyan side was headed by John Kamau.",
            {"India", "Taro Yamada", "Ministry of External Affairs", "Kenya", "John Kamau"},
        ),
        (  # "He was accompanied by representatives from A and B"
            "He was accompanied by representatives from the Federal Foreign Office and the Federal Office for "
            "Information Security.",
            {"Federal Foreign Office", "Federal Office for Information Security"},
        ),
        (  # attendance by the people: "Officials from A and B also participated"
            "Officials from the Home Office and the National Cyber Security Centre also participated.",
            {"Home Office", "National Cyber Security Centre"},
        ),
    ],
)
def test_delegation_members_take_part(extractor: Extractor, text: str, expected: set[str]) -> None:
    assert expected <= participants(read(extractor, DIALOGUE + text), "event.delegation")


def test_delegation_rule_needs_a_delegation(extractor: Extractor) -> None:
    """'The package included officials' data' or a plan led by a company is not a delegation."""
    out = read(extractor, "The report included complaints from the Ministry of Defence. The plan was led by Acme Corp.")
    assert participants(out, "event.delegation") == set()


def test_negated_attendance_is_no_participation(extractor: Extractor) -> None:
    out = read(extractor, DIALOGUE + "Officials from the Home Office did not participate.")
    assert "Home Office" not in participants(out, "event.delegation")


def test_press_conference_speakers_take_part(extractor: Extractor) -> None:
    out = read(
        extractor,
        "Defence Minister Anna Berg said during a media conference on Thursday that the attack was serious.\n\n"
        "General Tom Holt, who also spoke at the media conference, said the hackers were caught.\n\n"
        "At a regular news briefing in Beijing, foreign ministry spokesman Li Wei said China opposed hacking.",
    )
    assert {"Anna Berg", "Tom Holt", "Li Wei"} <= participants(out, "event.briefing")


def test_press_conference_needs_a_press_word(extractor: Extractor) -> None:
    out = read(extractor, "Defence Minister Anna Berg said at a conference on energy that prices would rise.")
    assert participants(out, "event.briefing") == set()


def test_leaders_who_held_talks_take_part(extractor: Extractor) -> None:
    out = read(extractor, "Russian President Ivan Petrov and his US counterpart Mark Lane held talks in Geneva on June 16.")
    assert {"Ivan Petrov", "Mark Lane", "Russia", "United States"} <= participants(out, "event.held")


def test_following_a_meeting_with_a_counterpart(extractor: Extractor) -> None:
    """'Following a meeting with his Polish counterpart X, Y stressed …': X and Y meet; Poland only describes X."""
    out = read(
        extractor,
        "Following a meeting with his Polish counterpart Jan Nowak on Friday, Czech Interior Minister Petr Novak "
        "stressed that they wanted to send a signal.",
    )
    found = participants(out, "event.parse")
    assert {"Jan Nowak", "Petr Novak"} <= found
    assert "Poland" not in found


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("Norway and Chile announced an agreement on Friday not to attack each other's banks.", {"Norway", "Chile"}),
        (  # the states the negotiators are of, as subjects of "working on"
            "Brazilian and Mexican negotiators are working on an agreement to set up a hotline for cyberattacks.",
            {"Brazil", "Mexico"},
        ),
    ],
)
def test_agreement_parties_announced_or_worked_on(extractor: Extractor, text: str, parties: set[str]) -> None:
    out = read(extractor, text)
    found = {
        out.new_entities.get(o, {}).get("label") or next(m.label for m in out.mentions if m.entity == o)
        for r in out.relations
        if r.predicate == "hasParty" and r.rule == "agreement.parse"
        for o in r.objects
    }
    assert parties <= found


def represented(out: Extraction) -> set[tuple[str, str]]:
    def label(entity: str) -> str:
        new = out.new_entities.get(entity)
        return new["label"] if new else next((m.label for m in out.mentions if m.entity == entity), entity)

    return {(label(r.subject), label(o)) for r in out.relations if r.predicate == "represents" for o in r.objects}


def test_the_two_leaders_who_agree_represent_their_states(extractor: Extractor) -> None:
    out = read(
        extractor,
        "US President Tom Hale warned Chinese President Li Wei on Friday that hacking must stop as the two leaders "
        "agreed not to engage in theft of intellectual property.",
    )
    assert {("Tom Hale", "United States"), ("Li Wei", "China")} <= represented(out)


def test_a_delegation_leader_at_talks_represents_no_party(extractor: Extractor) -> None:
    """'China was represented by X' says whom X speaks for; 'the Indian delegation was led by Y' at talks only
    that Y took part (and, for Y's post, which state it is of)."""
    out = read(
        extractor,
        DIALOGUE + "The Indian delegation was led by Taro Yamada, while Kenya was represented by Ambassador Li Ming.",
    )
    assert ("Li Ming", "Kenya") in represented(out)
    assert not any(person == "Taro Yamada" for person, _ in represented(out))
    assert "Taro Yamada" in participants(out)


def test_a_delegation_leader_represents_a_party_to_the_agreement(extractor: Extractor) -> None:
    out = read(
        extractor,
        "Chile and Peru held their first cyber dialogue and agreed to set up a joint response team. "
        "The Peruvian delegation was led by Vice Minister Rosa Quispe.",
    )
    assert ("Rosa Quispe", "Peru") in represented(out)


def test_leaders_set_to_meet(extractor: Extractor) -> None:
    """'A and B are set to meet': the passive 'set' holds the subjects of the meeting."""
    out = read(extractor, "Ivan Petrov and US President Tom Hale are set to meet this week in Geneva.")
    assert {"Ivan Petrov", "Tom Hale"} <= participants(out, "event.parse")


def test_summoned_to_the_ministry(extractor: Extractor) -> None:
    """'X summoned the envoy to the Foreign Ministry': the ministry takes part; 'ambassador to Poland' is no body."""
    out = read(extractor, "Poland has summoned the Russian ambassador to the Foreign Ministry to protest against the attacks.")
    found = participants(out, "event.frame")
    assert "Foreign Ministry" in found
    out = read(extractor, "Chile summoned the ambassador to Peru over the attacks.")
    assert "Peru" not in participants(out, "event.frame")


def test_co_chaired_and_conjoined_delegation_verbs(extractor: Extractor) -> None:
    """'was led by P, and included representatives from A' (the conjoined verb shares the subject); 'the Dialogue
    was co-chaired by P' (the parse may hang the subject on 'co')."""
    out = read(
        extractor,
        "Chile and Peru held their first cyber dialogue in Lima.\n\n"
        "The Chilean delegation was led by the Ambassador for Cyber Affairs, Dr. Ana Rojas, and included "
        "representatives from the National Police, the Ministry of Defence and the Central Bank.\n\n"
        "On the Peruvian side, the Dialogue was co-chaired by Luis Soto, Director for Security Policy, of the "
        "National Intelligence Directorate and Maria Lopez, Director for Digital Affairs, of the Ministry of Transport.",
    )
    found = participants(out, "event.delegation")
    assert {"National Police", "Central Bank", "Luis Soto", "Maria Lopez", "Ministry of Transport"} <= found


def test_a_unit_that_includes_staff_is_no_delegation(extractor: Extractor) -> None:
    out = read(extractor, "The squadron is a 90-person team that includes employees of Acme Corp and Globex Inc.")
    assert participants(out, "event.delegation") == set()
