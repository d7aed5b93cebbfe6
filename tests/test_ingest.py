"""Ingest: reading formats and bad input, candidate extraction, incremental merge, retraction, evaluation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from clihelp import Run, run_cli

from cyberkg.errors import InputError
from cyberkg.graph.evaluate import evaluate
from cyberkg.graph.extract import Extractor
from cyberkg.graph.merge import known_entities, merge, retract, write_candidates
from cyberkg.graph.reader import read_article
from cyberkg.graph.store import OxigraphStore
from cyberkg.graph.timex import find_dates
from cyberkg.queries.export import export_bytes
from cyberkg.queries.runner import run_query

DATA = Path(__file__).parent / "data"
TEXTS = DATA / "texts"


@pytest.fixture()
def store(built_store, tmp_path) -> OxigraphStore:
    copy = OxigraphStore(tmp_path / "store", create=True)
    copy.replace_all(built_store.dump_nquads())
    return copy


def cli(*args: str) -> Run:
    return run_cli(*args)  # in-process, read back as a subprocess's (tests/clihelp.py)


def test_reads_markdown_front_matter_and_html_without_scripts():
    md = read_article(TEXTS / "asean-pact.md")
    assert md.meta == {"title": "Three Southeast Asian states sign cyber norms pact", "date": "2024-09-20"}
    assert "TEST TEXT" in md.text and "**" not in md.text and not md.text.startswith("---")
    html = read_article(TEXTS / "ukraine-poland.html")
    assert "window.tracking" not in html.text and "console.log" not in html.text and "document.write" not in html.text
    assert "“Our grids are one system now,” Wrona told the Warsaw Courier." in html.text
    assert html.meta["title"] == "Ukraine and Poland hold cyber talks"
    assert read_article(TEXTS / "asean-pact.md").id == md.id  # the same text, the same document id


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "no text to ingest"),
        (b"\x00\x01\x02binary\x00", "binary file"),
        (b"caf\xe9 au lait", "not UTF-8"),
        (b"<html><script>alert(1)</script><style>p{}</style></html>", "after removing the HTML markup"),
        (b"---\ntitle: x\nsecret: y\n---\ntext", "unknown front-matter key 'secret'"),
    ],
)
def test_bad_articles_get_one_clear_line_and_change_nothing(store, tmp_path, content, message):
    suffix = ".html" if b"<html>" in content else ".txt"
    bad = tmp_path / f"bad{suffix}"
    bad.write_bytes(content)
    before = export_bytes(store, "nq")
    run = cli("ingest", str(bad), "--store", store.location, "--out", str(tmp_path / "cand"), "--merge")
    assert run.returncode == 2 and message in run.stderr and run.stderr.count("\n") == 1, run.stderr
    assert str(bad) in run.stderr and "Traceback" not in run.stderr
    store.close()
    assert export_bytes(store, "nq") == before


def test_huge_file_and_text_without_entities(store, tmp_path):
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"word " * 2_100_000)  # 10.5 MB
    run = cli("ingest", str(huge), "--store", store.location, "--out", str(tmp_path / "c"))
    assert run.returncode == 2 and "over the 5,000,000-byte limit" in run.stderr
    empty = tmp_path / "recipe.txt"
    empty.write_text("Stir the soup slowly and add salt to taste before serving it warm.\n")
    run = cli("ingest", str(empty), "--store", store.location, "--out", str(tmp_path / "c"))
    assert run.returncode == 2 and "no entities found" in run.stderr


def test_dates_absolute_partial_and_relative():
    found = {
        t.text: t
        for t in find_dates(
            "It was signed on 22 June 2017. The June 22 statement came after talks last week. In 2014 hackers struck, "
            "three or four years ago. This month a law took effect; a 2019 intrusion followed.",
            dt.date(2017, 6, 26),
        )
    }
    assert found["22 June 2017"].value == "2017-06-22" and not found["22 June 2017"].derived
    assert found["June 22"].value == "2017-06-22" and found["June 22"].derived
    assert (found["last week"].not_before, found["last week"].not_after) == (dt.date(2017, 6, 19), dt.date(2017, 6, 25))
    assert found["2014"].value == "2014" and found["2019"].value == "2019"
    assert found["three or four years ago"].value == "2014" and "2013 or 2014" in found["three or four years ago"].derivation
    assert found["This month"].value == "2017-06"


def test_known_entities_are_linked_never_duplicated(store):
    known = known_entities(store)
    extraction = Extractor(known).extract(read_article(TEXTS / "japan-australia.txt"), dt.date(2023, 5, 6))
    text = "China and Canada signed a new accord. Beijing said Ottawa agreed; Chinese officials were pleased."
    article = read_article(TEXTS / "japan-australia.txt")
    article.text = text
    linked = Extractor(known).extract(article, None)
    assert {m.entity for m in linked.mentions if m.kind == "State"} == {"china", "canada"}
    assert all(m.known for m in linked.mentions if m.kind == "State")
    assert not {"china", "canada"} & set(linked.new_entities)
    assert {m.entity for m in extraction.mentions if m.kind == "State"} >= {"japan", "australia", "north-korea"}


def test_merge_is_incremental_idempotent_and_retract_restores(store, tmp_path):
    before = export_bytes(store, "nq")
    out = tmp_path / "cand"
    run = cli("ingest", str(TEXTS / "estonia-finland.md"), "--store", store.location, "--out", str(out))
    assert run.returncode == 0 and "doc-" in run.stdout
    result = merge(store, out)
    assert result.triples_after > result.triples_before
    assert merge(store, out).triples_after == result.triples_after  # merging again adds nothing
    parties = run_query(
        store,
        f"""SELECT ?p WHERE {{ ?a cko:hasParty ?p
        FILTER(STRSTARTS(STR(?a), STR(ckr:agreement-{result.documents[0]}))) }}""",
    )
    assert {str(r[0]).rsplit("/", 1)[-1] for r in parties} == {"estonia", "finland"}
    assert retract(store, result.documents[0]) > 0
    store.close()
    assert export_bytes(store, "nq") == before


def test_retract_keeps_facts_another_source_supports(store, tmp_path):
    known = known_entities(store)
    article = read_article(TEXTS / "japan-australia.txt")
    article.text = "China and Canada signed a new accord on cyber security, officials said.\n"
    article.id = "doc-test-corroboration"
    write_candidates(Extractor(known).extract(article, None), tmp_path / "cand", known)
    merge(store, tmp_path / "cand")

    def docs() -> set[str]:
        query = "SELECT DISTINCT ?doc WHERE { ?ev rdf:subject ckr:canada ; rdf:predicate rdfs:label ; prov:wasQuotedFrom ?doc }"
        return {str(r[0]).rsplit("/", 1)[-1] for r in run_query(store, query)}

    assert "doc-test-corroboration" in docs()
    retract(store, "doc-test-corroboration")
    assert docs() == {"article-000", "article-001"}  # Canada's label keeps its two original sources
    assert run_query(store, "ASK { ckr:canada rdfs:label 'Canada' }").askAnswer


def test_retract_unknown_document(store):
    with pytest.raises(InputError, match="no document 'doc-nope'"):
        retract(store, "doc-nope")


def test_extraction_scores_on_the_test_texts():
    """Targets from the issue for texts other than the seeds: entity F1 >= 0.85, relation F1 >= 0.70."""
    report = evaluate(sorted((DATA / "gold").glob("*.yaml")), Extractor({}))
    assert report["entities"]["all"]["f1"] >= 0.85, report["entities"]
    assert report["relations"]["all"]["f1"] >= 0.70, report["relations"]
    assert len(report["texts"]) >= 6


def test_eval_cli_json():
    run = cli("eval", str(DATA / "gold"), "--store", "memory:", "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert set(data) == {"entities", "relations", "rules", "texts"} and data["entities"]["State"]["f1"] == 1.0


def test_ingest_directory_with_progress(store, tmp_path):
    run = cli("ingest", str(TEXTS), "--store", store.location, "--out", str(tmp_path / "cand"))
    assert run.returncode == 0, run.stderr
    assert "articles/s" in run.stderr and "6/6 articles" in run.stderr
    assert len(list((tmp_path / "cand" / "entities").glob("*.yaml"))) == 6
    merged = cli("merge", str(tmp_path / "cand"), "--store", store.location)
    assert merged.returncode == 0 and "new triples" in merged.stdout, merged.stderr


def test_each_fact_carries_its_rule_into_candidates_and_the_graph(tmp_path):
    """The rule id of every extracted fact is in the candidates (`rule:`) and on the fact's evidence node."""
    import yaml

    from cyberkg.graph.extract_rules import RULES
    from cyberkg.graph.merge import create_empty

    store = OxigraphStore(tmp_path / "store", create=True)
    create_empty(store)
    article = read_article(TEXTS / "japan-australia.txt")
    write_candidates(Extractor({}).extract(article, dt.date(2023, 5, 6)), tmp_path / "cand", {})
    records = yaml.safe_load((tmp_path / "cand" / "entities" / f"{article.id}.yaml").read_text(encoding="utf-8"))
    rules = {f["rule"] for r in records for f in r["facts"]}
    assert rules and rules <= set(RULES)
    merge(store, tmp_path / "cand")
    sparql = "SELECT DISTINCT ?rule WHERE { ?ev a cko:Evidence ; cko:extractionRule ?rule }"
    stored = {str(r[0]) for r in run_query(store, sparql)}
    assert stored == rules


def test_eval_by_rule_prints_each_rule(tmp_path):
    run = cli("eval", str(DATA / "gold" / "japan-australia.yaml"), "--store", "memory:", "--by-rule")
    assert run.returncode == 0, run.stderr
    assert "rules (by extraction rule)" in run.stdout and "agreement.sign" in run.stdout


def test_a_gazetteer_body_is_scored_under_the_name_the_text_uses(tmp_path):
    """The graph keeps the gazetteer's label; a text that only says "FBI" is annotated "FBI", and a text that
    spells the name out is scored under it as before."""
    (tmp_path / "short.txt").write_text("The FBI said on Monday that hackers had broken into the network.\n")
    (tmp_path / "long.txt").write_text("The Federal Bureau of Investigation said on Monday that hackers struck.\n")
    for stem, name in (("short", "FBI"), ("long", "Federal Bureau of Investigation")):
        (tmp_path / f"{stem}.yaml").write_text(f"text: {stem}.txt\nentities:\n  - {{name: {name}, type: Organisation}}\n")
    report = evaluate([tmp_path / "short.yaml", tmp_path / "long.yaml"], Extractor({}))
    assert [t["entity_f1"] for t in report["texts"]] == [1.0, 1.0], report["texts"]
    (tmp_path / "wrong.yaml").write_text("text: short.txt\nentities:\n  - {name: Federal Bureau, type: Organisation}\n")
    assert evaluate([tmp_path / "wrong.yaml"], Extractor({}))["texts"][0]["entity_f1"] == 0.0


def test_a_second_annotation_is_scored_against_the_first(tmp_path):
    """Inter-annotator agreement: the second file's names go through both files' aliases ("U.S." is the first
    annotator's United States), and only real disagreements count."""
    (tmp_path / "t.txt").write_text("The U.S. blamed North Korea for the attack on Acme Bank, an official said.\n")
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    (first / "t.yaml").write_text(
        "text: ../t.txt\nentities:\n  - {name: United States, type: State, aliases: [U.S.]}\n"
        "  - {name: North Korea, type: State}\n  - {name: Acme Bank, type: Organisation}\n"
        "relations:\n  - {s: AttributionClaim, p: claimant, o: United States}\n"
        "  - {s: AttributionClaim, p: attributedTo, o: North Korea}\n  - {s: Incident, p: victim, o: Acme Bank}\n"
    )
    (second / "t.yaml").write_text(
        "text: ../t.txt\nentities:\n  - {name: U.S., type: State}\n  - {name: North Korea, type: State}\n"
        "relations:\n  - {s: AttributionClaim, p: claimant, o: U.S.}\n"
        "  - {s: AttributionClaim, p: attributedTo, o: North Korea}\n  - {s: Incident, p: victim, o: U.S.}\n"
    )
    report = evaluate([first / "t.yaml"], None, against=second)
    assert report["entities"]["all"] == {"precision": 1.0, "recall": 0.667, "f1": 0.8, "tp": 2, "fp": 0, "fn": 1}
    assert report["relations"]["all"]["tp"] == 2 and report["relations"]["all"]["fp"] == 1
    assert report["texts"][0]["spurious"] == ["Incident victim united states"] and report["rules"] == {}
    (second / "t.yaml").unlink()
    with pytest.raises(InputError, match="no second annotation"):
        evaluate([first / "t.yaml"], None, against=second)
    run = cli("eval", str(first), "--against", str(tmp_path / "missing"))
    assert run.returncode == 64 and "--against needs a directory" in run.stderr
