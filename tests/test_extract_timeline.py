"""Dates reasoned across sentences, articles and the store, and one statement across articles
(graph/extract_timeline.py), each on sentences written here (never a seed sentence)."""

from __future__ import annotations

import datetime as dt

import pytest

from cyberkg.graph.extract import Extraction, Extractor
from cyberkg.graph.merge import (
    create_empty,
    known_agreement_dates,
    known_agreements,
    known_entities,
    merge,
    write_candidates,
)
from cyberkg.graph.reader import Article
from cyberkg.graph.store import OxigraphStore
from cyberkg.namespaces import CKO, CKR

PUBLISHED = dt.date(2024, 5, 10)  # a Friday: "last week" is Monday 29 April to Sunday 5 May


def read(extractor: Extractor, text: str, doc: str = "doc-test", published: dt.date = PUBLISHED) -> Extraction:
    return extractor.extract(Article(doc, text, "<test>", {}), published)


def of_type(extraction: Extraction, cls: str) -> list[str]:
    return [e for e, record in extraction.new_entities.items() if record["type"] == cls]


def related(extraction: Extraction, predicate: str) -> set[tuple[str, str]]:
    return {(r.subject, o) for r in extraction.relations if r.predicate == predicate for o in r.objects}


@pytest.fixture()
def extractor() -> Extractor:
    return Extractor({})  # a new run each test: what one article leaves is known to the next of its run only


def test_talks_an_agreement_was_reached_during_end_by_its_date(extractor):
    out = read(
        extractor,
        "Chile and Peru signed a cyber security agreement on 14 March 2023. The agreement was "
        "reached during talks between Chilean Foreign Minister Ana Ruiz and Peruvian Foreign "
        "Minister Jorge Salas.",
    )
    [talks], [agreement] = of_type(out, "Talks"), of_type(out, "Agreement")
    assert (agreement, talks) in related(out, "reachedDuring")
    date = out.dates[talks][0]
    assert (date["value"], date["not_before"], date["not_after"], date["derived"]) == (
        "2023-03",
        "2023-03-01",
        "2023-03-14",
        True,
    )
    assert "ended by then" in date["derivation"]


def test_a_trend_is_dated_as_the_agreement_it_is_tied_to(extractor):
    out = read(
        extractor,
        "Chile and Peru signed a cyber security pact in 2019. Attacks on banks attributed to "
        "criminal groups fell around the time of that pact.",
    )
    [trend] = of_type(out, "Trend")
    assert out.new_entities[trend]["label"] == "Drop in attacks on banks attributed to criminal groups"
    assert any(s == trend for s, _ in related(out, "subject"))  # about the sentence's incident
    date = out.dates[trend][0]
    assert (date["value"], date["derived"]) == ("2019", True) and "around the time of that pact" in date["derivation"]


def test_an_event_is_dated_by_the_date_in_its_own_phrase_only(extractor):
    held = read(extractor, "Officials from Kenya and South Africa held talks last week in Nairobi on cyber crime.")
    [talks] = of_type(held, "Talks")
    date = held.dates[talks][0]
    assert (date["not_before"], date["not_after"], date["derived"]) == ("2024-04-29", "2024-05-05", True)
    other = read(
        extractor,
        "The ministers of Kenya and South Africa met for talks between Kenya and South Africa, a statement dated May 3 showed.",
        doc="doc-other",
    )
    assert not any(e in other.dates for e in of_type(other, "Talks"))  # the date is the statement's


def test_one_statement_quotation_and_unnamed_speaker_across_articles(extractor):
    first = read(
        extractor,
        "Estonia and Latvia signed a cyber defence pact. “We will not accept attacks on our "
        "hospitals from any state or group,” an unnamed Estonian defence official told the "
        "Baltic Times.",
        doc="doc-first",
    )
    second = read(
        extractor,
        "Estonia and Latvia signed a cyber defence pact. According to a senior Estonian defence "
        "official, “We will not accept attacks on our hospitals from any state or group. We "
        "expect the pact to hold for many years.”",
        doc="doc-second",
    )
    [speaker] = {o for _, o in related(first, "speaker")}
    [(statement, quotation)] = related(first, "hasQuotation")
    assert (statement, quotation) in related(second, "hasQuotation")  # the same statement and quotation
    assert (statement, speaker) in related(second, "speaker")
    assert not [e for e, r in second.new_entities.items() if r["type"] == "Person" and e != speaker]  # no second node
    assert second.new_entities[speaker]["label"] == "unnamed senior Estonian defence official"
    further = [s for s, _ in related(second, "hasQuotation") if s != statement]
    assert len(further) == 1 and (further[0], speaker) in related(second, "speaker")  # the words beyond: another remark
    texts = {r.value for r in second.relations if r.predicate == "quotedText"}
    assert "We expect the pact to hold for many years." in texts


def test_a_named_speaker_is_not_an_earlier_articles_unnamed_one(extractor):
    read(
        extractor,
        "“We will not accept attacks on our hospitals from any state or group,” an unnamed Estonian "
        "defence official told the Baltic Times.",
        doc="doc-first",
    )
    second = read(
        extractor,
        "“We will not accept attacks on our hospitals from any state or group,” Estonian Defence Minister Kalle Tamm said.",
        doc="doc-second",
    )
    assert {o for _, o in related(second, "speaker")} == {"kalle-tamm"}


def test_first_report_and_beneficiary(extractor):
    out = read(
        extractor,
        "Chile and Peru signed a cyber security agreement. “It is a good deal,” a Chilean "
        "official told the Santiago Times, which first reported the agreement. Chile's banking "
        "sector is the main beneficiary of the agreement.",
    )
    [agreement] = of_type(out, "Agreement")
    reporters = {out.new_entities.get(o, {}).get("label") for s, o in related(out, "firstReportedBy") if s == agreement}
    assert reporters == {"Santiago Times"}
    [(_, sector)] = related(out, "beneficiary")
    assert out.new_entities[sector] == {"type": "Sector", "label": "Chile's banking sector"}
    assert (sector, "chile") in related(out, "basedIn")


def _ingest(store: OxigraphStore, root, extraction: Extraction, known) -> None:
    write_candidates(extraction, root / extraction.article.id, known)
    merge(store, root / extraction.article.id)


def test_merge_keeps_the_stated_date_over_a_derived_one_and_both_sources(tmp_path, extractor):
    store = OxigraphStore(tmp_path / "store", create=True)
    create_empty(store)
    first = read(
        extractor, "The Chilean government said in a statement dated May 3 that it would protect hospitals.", doc="doc-first"
    )
    second = read(
        extractor,
        "The Chilean government said in a statement dated 3 May 2024 that it would protect hospitals.",
        doc="doc-second",
    )
    for extraction in (first, second):
        write_candidates(extraction, tmp_path / "cand", {})
    merge(store, tmp_path / "cand")
    [statement] = of_type(first, "OfficialStatement")
    rows = set(store.rows(f"SELECT ?d ?derived WHERE {{ <{CKR}{statement}> <{CKO}date> ?d ; <{CKO}dateIsDerived> ?derived }}"))
    assert rows == {("2024-05-03", "false")}
    sources = next(
        store.rows(f"""SELECT (COUNT(DISTINCT ?doc) AS ?n) WHERE {{ ?e <{CKO}quote> ?q ;
        <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <{CKR}{statement}> ;
        <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <{CKO}date> ;
        <http://www.w3.org/ns/prov#wasQuotedFrom> ?doc }}""")
    )
    assert sources == ("2",)


def test_relative_dates_anchored_on_an_agreement_the_store_knows(tmp_path):
    store = OxigraphStore(tmp_path / "store", create=True)
    create_empty(store)
    _ingest(
        store,
        tmp_path,
        read(Extractor({}), "Chile and Peru signed a cyber security agreement on 14 March 2023.", doc="doc-first"),
        {},
    )
    known = known_entities(store)
    later = Extractor(known, known_agreements(store))  # type: ignore[arg-type]
    later.agreement_dates.update(known_agreement_dates(store))
    out = read(
        later,
        "Chile and Peru signed the agreement in 2023. The agreement was reached during talks between "
        "Chilean Foreign Minister Ana Ruiz and Peruvian Foreign Minister Jorge Salas.",
        doc="doc-later",
    )
    [talks] = of_type(out, "Talks")
    assert (out.dates[talks][0]["value"], out.dates[talks][0]["not_after"]) == ("2023-03", "2023-03-14")
