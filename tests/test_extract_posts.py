"""Posts, reported speech and entity labels, round 3 of issue 13 (graph/extract_posts.py,
graph/extract_reported.py), each on sentences written here (invented people and bodies, never an article's
text), so a failure names the construction that broke."""

from __future__ import annotations

import datetime as dt

import pytest

from cyberkg.graph.extract import Extraction, Extractor
from cyberkg.graph.reader import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor({})


def read(extractor: Extractor, text: str, published: dt.date | None = dt.date(2024, 5, 10)) -> Extraction:
    return extractor.extract(Article("doc-posts", text, "<test>", {}), published)


def label(extraction: Extraction, entity: str) -> str:
    new = extraction.new_entities.get(entity)
    return new["label"] if new else next(m.label for m in extraction.mentions if m.entity == entity)


def kind(extraction: Extraction, entity: str) -> str:
    return extraction.new_entities.get(entity, {}).get("type", "")


def related(extraction: Extraction, predicate: str) -> set[tuple[str, str]]:
    """(subject, object) of each relation with the predicate: events by their kind, the rest by label."""
    events = ("Remark", "OfficialStatement", "Post", "PostTenure", "Quotation")

    def name(entity: str) -> str:
        return kind(extraction, entity) if kind(extraction, entity) in events else label(extraction, entity)
    return {(name(r.subject), name(o)) for r in extraction.relations if r.predicate == predicate for o in r.objects}


def speakers(extraction: Extraction) -> set[str]:
    return {o for s, o in related(extraction, "speaker") if s in ("Remark", "OfficialStatement")}


def test_an_undated_article_still_attests_the_tenure(extractor):
    text = "Foreign Minister Ana Ruiz said on Tuesday that the talks would go on."
    undated = read(extractor, text, None)
    assert ("PostTenure", "Ana Ruiz") in related(undated, "holder")
    assert ("PostTenure", "Post") in related(undated, "tenurePost")
    tenure = next(r.subject for r in undated.relations if r.predicate == "holder")
    assert tenure not in undated.dates  # no date is invented for it
    dated = read(extractor, text)
    assert dated.dates[next(r.subject for r in dated.relations if r.predicate == "holder")][0]["value"] == "2024-05-10"


def test_a_gazetteer_body_is_labelled_by_the_form_the_article_uses(extractor):
    only_short = read(extractor, "The FBI said the servers were seized on Monday.")
    assert {label(only_short, m.entity) for m in only_short.mentions if m.entity == "fbi"} == {"FBI"}
    both = read(extractor, "The Federal Bureau of Investigation opened a case. The FBI said the servers were seized.")
    assert label(both, "fbi") == "Federal Bureau of Investigation"  # the fullest form the article uses


def test_a_surname_right_after_a_title_of_office_is_a_person_with_that_post(extractor):
    out = read(extractor, "President Lopez spoke to Chancellor Karlsson by phone on Tuesday. Lopez said the call went well.")
    people = {label(out, m.entity) for m in out.mentions if m.kind == "Person"}
    assert {"Lopez", "Karlsson"} <= people
    assert {("Lopez", "Post"), ("Karlsson", "Post")} <= related(out, "holdsPost")
    assert "Lopez" in speakers(out)  # the later lone surname is the same person
    # a title before a body's or a law's word, or before a full name, makes no one-word person
    other = read(extractor, "Secretary General Ana Ruiz met President Karl Berg and the Minister Council.")
    assert not {label(other, m.entity) for m in other.mentions if m.kind == "Person"} & {"General", "Council", "Karl"}


def test_a_generic_body_named_with_its_states_possessive_keeps_the_state_in_its_label(extractor):
    out = read(extractor, "Norway's Foreign Ministry said in a statement that the hackers worked for a foreign state.")
    assert "Norway's Foreign Ministry" in speakers(out)
    lower = read(extractor, "A report from Norway's space agency said in October that the reservoirs were low.")
    assert "space agency" in {label(lower, m.entity) for m in lower.mentions if m.kind == "Organisation"}  # a description
    # a body's own name of three words or more stays as it is
    named = read(extractor, "Norway's National Research Council said its networks were breached.")
    assert "National Research Council" in {label(named, m.entity) for m in named.mentions if m.kind == "Organisation"}


def test_every_conjunct_of_the_speakers_phrase_speaks(extractor):
    out = read(extractor, "Norway and Sweden said on Monday that the attack came from abroad.")
    assert speakers(out) == {"Norway", "Sweden"}
    listed = read(extractor, "Norway, the EU, NATO and Sweden issued statements on the attack.")
    assert speakers(listed) == {"Norway", "EU", "NATO", "Sweden"}
    according = read(extractor, "The attack was carried out by a foreign group, according to Norway, Sweden and Denmark.")
    assert speakers(according) == {"Norway", "Sweden", "Denmark"}


def test_the_speakers_own_description_and_a_letters_addressee_do_not_speak(extractor):
    unnamed = read(extractor, "A Norwegian Central Bank spokesman said the money was recovered.")
    assert all("Central Bank" not in s or "spokesman" in s for s in speakers(unnamed))
    letter = read(extractor, "In a letter to the Acme Trade Council, Ana Ruiz, general counsel of the Vela Institute, "
                             "says the data can only be used for six purposes.")
    assert "Acme Trade Council" not in speakers(letter)
    media = read(extractor, "The attack came from abroad, according to Norwegian media.")
    assert "Norway" not in speakers(media)  # a demonym modifying the source is not the state speaking


def test_the_country_of_an_ambiguous_name_is_the_state(extractor):
    out = read(extractor, "Hackers knocked out websites in the country of Georgia last year. Georgia's government "
                          "said the attack came from abroad.")
    assert "Georgia" in {label(out, m.entity) for m in out.mentions if m.kind == "State"}
    state = read(extractor, "Hackers knocked out websites in the state of Georgia last year.")
    assert "Georgia" not in {label(state, m.entity) for m in state.mentions if m.kind == "State"}
