"""Round 7 entity rules (graph.extract_entity_names) on sentences written here, with invented people and
bodies, read by the rules alone (tests/extracthelp.rules_extractor)."""

from __future__ import annotations

import datetime as dt

import pytest
from extracthelp import rules_extractor

from cyberkg.graph.extract import Extraction, Extractor
from cyberkg.graph.extract_rules import RULES
from cyberkg.graph.reader import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return rules_extractor()


def read(extractor: Extractor, text: str) -> Extraction:
    return extractor.extract(Article("doc-r7-entities", text, "<test>", {}), dt.date(2024, 5, 10))


def people(out: Extraction, kind: str = "Person") -> dict[str, str]:
    """Each mention's text -> the label of the node it names."""
    text = out.article.text

    def label(entity: str, fallback: str) -> str:
        new = out.new_entities.get(entity)
        return new["label"] if new else fallback

    return {text[m.start : m.end]: label(m.entity, m.label) for m in out.mentions if m.kind == kind}


def test_rules_registered() -> None:
    assert RULES["entities.particle_names"].module == "extract_entity_names"
    assert RULES["entities.possessed_bodies"].module == "extract_entity_names"
    assert RULES["entities.honorifics"].module == "extract_lexicon"
    assert RULES["entities.envoy_names"].module == "extract_entity_names"
    assert RULES["entities.overlapping_bodies"].module == "extract_entity_names"
    assert RULES["entities.coordinated_people"].module == "extract_entity_names"
    assert RULES["entities.bylines"].module == "extract_entity_names"
    assert RULES["entities.kin_names"].module == "extract_entity_names"


def test_particle_tail_ends_a_titled_name(extractor: Extractor) -> None:
    text = "The Velan Attorney General Omar Bin Rashed al-Kuwari told reporters. Kuwari said it was early."
    found = people(read(extractor, text))
    assert found["Omar Bin Rashed al-Kuwari"] == "Omar Bin Rashed al-Kuwari"
    assert found["Kuwari"] == "Omar Bin Rashed al-Kuwari"


def test_no_particle_tail_without_hyphen(extractor: Extractor) -> None:
    found = people(read(extractor, "Foreign Minister Karim Haddad said al talks would go on."))
    assert "Karim Haddad" in found and not any("al" in k.split() for k in found)


def test_capitalised_particle_surname_is_the_person(extractor: Extractor) -> None:
    out = read(extractor, "Interior Minister Samir al-Otaibi said the attack failed. Al-Otaibi added that output was normal.")
    found = people(out)
    assert found.get("Al-Otaibi", "Samir al-Otaibi") == "Samir al-Otaibi"
    assert len({m.entity for m in out.mentions if m.kind == "Person"}) == 1


def test_possessed_body_takes_the_state(extractor: Extractor) -> None:
    found = people(read(extractor, "China's military is thought to have ordered the hacking."), "Organisation")
    assert found == {"military": "China's military"}


def test_adjective_is_no_body(extractor: Extractor) -> None:
    found = people(read(extractor, "The ministry said Russia's military action in Ukraine was illegal."), "Organisation")
    assert "military" not in found


def test_honorific_is_no_part_of_the_name(extractor: Extractor) -> None:
    found = people(read(extractor, "The cabinet chaired by Prime Minister Shri Rajan Mehta approved the accord."))
    assert "Rajan Mehta" in found and "Shri Rajan Mehta" not in found


def test_state_councilor_is_a_title(extractor: Extractor) -> None:
    found = people(read(extractor, "State Councilor Wei Dongming announced the dialogue."))
    assert found == {"Wei Dongming": "Wei Dongming"}


def test_plain_name_kept_whole(extractor: Extractor) -> None:
    found = people(read(extractor, "Prime Minister Rajan Mehta approved the accord."))
    assert "Rajan Mehta" in found


def test_vietnamese_spelling_is_the_state(extractor: Extractor) -> None:
    out = read(extractor, "Việt Nam said the talks would go on.")
    assert {m.entity for m in out.mentions if m.kind == "State"} == {"vietnam"}
    assert not any(m.kind == "Organisation" for m in out.mentions)


def test_envoy_named_after_the_host_state(extractor: Extractor) -> None:
    out = read(extractor, "Velan ambassador to the US Marko Tanev told reporters on Thursday.")
    assert people(out) == {"Marko Tanev": "Marko Tanev"}
    assert any(t.words == "ambassador to the US" for t in out.titles)


def test_envoy_without_a_name_stays_unnamed(extractor: Extractor) -> None:
    out = read(extractor, "The Russian ambassador to the US told reporters on Thursday.")
    assert "Russian ambassador" in people(out)


def test_long_name_without_the_abbreviated_state(extractor: Extractor) -> None:
    found = people(read(extractor, "The US Vela Research Agency said the attack failed."), "Organisation")
    assert found == {"Vela Research Agency": "Vela Research Agency"}


def test_short_name_keeps_the_abbreviated_state(extractor: Extractor) -> None:
    found = people(read(extractor, "The US Cyber Command said the attack failed."), "Organisation")
    assert found == {"Cyber Command": "US Cyber Command"}


def test_body_cut_two_ways_is_one(extractor: Extractor) -> None:
    found = people(read(extractor, "The comments were posted on the Vela News Agency's website on May 23."), "Organisation")
    assert found == {"Vela News Agency": "Vela News Agency"}


def test_two_bodies_side_by_side_stay_two(extractor: Extractor) -> None:
    out = read(extractor, "The Vela News Agency and the Norvik Press Council said the site was hacked.")
    assert set(people(out, "Organisation").values()) == {"Vela News Agency", "Norvik Press Council"}


def test_honorific_between_title_and_name(extractor: Extractor) -> None:
    found = people(read(extractor, "Ministers attended, including the bloc's Secretary-General Dato Tan Wei Ming."))
    assert found == {"Tan Wei Ming": "Tan Wei Ming"}


def test_title_then_name_without_honorific(extractor: Extractor) -> None:
    found = people(read(extractor, "Ministers attended, including the bloc's Secretary-General Tan Wei Ming."))
    assert found == {"Tan Wei Ming": "Tan Wei Ming"}


def _with_ents(text: str, ents: list[tuple[str, str]]):  # noqa: ANN202 - a spaCy Doc
    """The parse of `text` with the model's entities replaced by `ents` (text, label): a model's mislabel set
    by hand, so the rule is tested whatever the model guesses."""
    from spacy.tokens import Span as DocSpan

    from cyberkg.graph.extract_model import bare_pipeline

    doc = bare_pipeline()(text)
    spans = []
    for words, label in ents:
        start = text.index(words)
        span = doc.char_span(start, start + len(words), label=label)
        assert span is not None
        spans.append(DocSpan(doc, span.start, span.end, label=label))
    doc.ents = spans
    return doc


def test_coordinated_name_is_a_person() -> None:
    from cyberkg.graph.extract_entity_names import coordinated_people

    text = "Presidents Karl Berg of Norvik and Mira Holt of Vela signed the memorandum."
    doc = _with_ents(text, [("Karl Berg", "PERSON"), ("Mira Holt", "GPE")])
    assert [s.text for s in coordinated_people(doc)] == ["Mira Holt"]


def test_place_beside_a_person_stays_a_place() -> None:
    from cyberkg.graph.extract_entity_names import coordinated_people

    doc = _with_ents("Karl Berg visited New Vela on Monday.", [("Karl Berg", "PERSON"), ("New Vela", "GPE")])
    assert coordinated_people(doc) == []


CO_CHAIRS = (
    "The dialogue was co-chaired by Ravi Menon, joint secretary in the cyber division of the foreign ministry "
    "and Lena Hart, head of strategy in the cyber policy department of Norway's Foreign, Trade and Development Office."
)


def test_second_co_chair_keeps_name_and_title(extractor: Extractor) -> None:
    out = read(extractor, CO_CHAIRS)
    assert {"Ravi Menon", "Lena Hart"} <= set(people(out))
    menon = next(t for t in out.titles if t.person == "ravi-menon")
    assert "Lena" not in menon.words


def test_unit_before_possessive_is_cut_to_the_body(extractor: Extractor) -> None:
    bodies = set(people(read(extractor, CO_CHAIRS), "Organisation").values())
    assert "Foreign, Trade and Development Office" in bodies
    assert not any(b.startswith("department of") for b in bodies)


def test_title_ending_in_a_capitalised_field_is_kept(extractor: Extractor) -> None:
    text = (
        "Negotiators hoped to settle before Maria Lindqvist, the EU's Commissioner for Justice, Consumers and "
        "Gender Equality reports to the European Parliament on Monday."
    )
    assert set(people(read(extractor, text))) == {"Maria Lindqvist"}


def test_unnamed_envoy_to_a_capitalised_the_state(extractor: Extractor) -> None:
    found = people(read(extractor, "The Russian ambassador to The Netherlands has been summoned, the minister said."))
    assert "Russian ambassador to The Netherlands" in found


def test_unnamed_envoy_to_a_capital_stays_short(extractor: Extractor) -> None:
    found = people(read(extractor, "The Russian ambassador to Berlin has been summoned, the minister said."))
    assert "Russian ambassador" in found


def test_lowercase_affairs_ends_the_ministry(extractor: Extractor) -> None:
    found = people(read(extractor, "The Ministry of External affairs will be the nodal agency."), "Organisation")
    assert set(found.values()) == {"Ministry of External affairs"}


def test_affairs_as_a_noun_is_no_part_of_the_name(extractor: Extractor) -> None:
    found = people(read(extractor, "The Vela Trade Council handles the affairs of its members."), "Organisation")
    assert set(found.values()) == {"Vela Trade Council"}


def test_byline_names_the_authors() -> None:
    from cyberkg.graph.extract_entity_names import bylines

    text = "Vela signs a pact\nBy Mira Holt and Oren Vasko Tal\nThe pact was signed on Monday."
    assert [s.label for s in bylines(text, [])] == ["Mira Holt", "Oren Vasko Tal"]


def test_by_inside_a_sentence_is_no_byline() -> None:
    from cyberkg.graph.extract_entity_names import bylines

    assert bylines("The pact was drafted by Mira Holt and signed by Vela.\nBy Monday it held.", []) == []


def test_kin_noun_names_a_person(extractor: Extractor) -> None:
    found = people(read(extractor, "The poison was used on the former officer Ivan Dorin and his daughter Mila in Vela."))
    assert "Mila" in found


def test_kin_noun_before_a_longer_name_is_left_alone() -> None:
    from cyberkg.graph.extract_entity_names import kin_names

    assert kin_names("He thanked his son Mila Vela Corp for the work.", []) == []
    assert kin_names("The daughter Mila said so.", []) == []
