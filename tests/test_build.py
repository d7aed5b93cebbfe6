"""Building: determinism, idempotence, atomic replacement, provenance, stats, exports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from cyberkg.graph.build import build
from cyberkg.graph.seedset import load_seedset, packaged_seeds_dir
from cyberkg.graph.store import OxigraphStore
from cyberkg.graph.validate import check_provenance
from cyberkg.queries.export import EXPORT_FORMATS, export_bytes
from cyberkg.queries.stats import collect_stats

SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def test_articles_are_verbatim_copies_of_the_shared_seeds():
    ours = sorted((packaged_seeds_dir() / "articles").glob("*.txt"))
    assert [p.name for p in ours] == ["000_142533a5061910c7.txt", "001_a4adc5a399cdf1e5.txt"]
    if not SHARED_SEEDS.is_dir():
        pytest.fail(f"{SHARED_SEEDS} is missing: CI runs with ../shared beside the clone")
    for path in ours:
        assert path.read_bytes() == (SHARED_SEEDS / path.name).read_bytes()


def test_document_metadata(built_store):
    result = built_store.query("""
        PREFIX cko: <https://w3id.org/cyberkg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?doc ?title ?date ?derived ?publisher WHERE {
          ?doc a cko:NewsArticle ; rdfs:label ?title ; cko:date ?date ; cko:dateIsDerived ?derived .
          OPTIONAL { ?doc cko:publisher/rdfs:label ?publisher }
        } ORDER BY ?doc""")
    got = [tuple(str(v) if v is not None else None for v in row) for row in result]
    assert got == [
        (
            "https://w3id.org/cyberkg/doc/article-000",
            "China, Canada vow not to conduct cyber attacks on private sector",
            "2017-06",
            "true",
            None,
        ),
        (
            "https://w3id.org/cyberkg/doc/article-001",
            "China Agrees to Cease Cyber-Attacks on Canadian Private Sector",
            "2017",
            "true",
            "Infosecurity Magazine",
        ),
    ]


def test_stats_summary(built_store):
    stats = collect_stats(built_store)
    assert [s[0] for s in stats.sources] == ["article-000", "article-001"]
    assert stats.entities_by_class["state"] == 3
    assert stats.entities_by_class["person"] == 5
    assert stats.facts > 350 and stats.corroborated_facts > 60
    assert 0 < stats.evidence <= sum(n for _, _, n in stats.sources)


def test_every_fact_has_evidence_and_quotes_are_verbatim(seed_build):
    result = seed_build  # build_dataset(), built once for the session (tests/conftest.py)
    assert check_provenance(result.dataset) == []


def test_provenance_check_catches_an_unsupported_fact(seed_build):
    from rdflib import URIRef

    ds = seed_build.dataset  # the session's build_dataset(): the fact is taken out again below
    fact = (
        URIRef("https://w3id.org/cyberkg/id/canada"),
        URIRef("https://w3id.org/cyberkg/ontology#basedIn"),
        URIRef("https://w3id.org/cyberkg/id/china"),
    )
    graph = ds.graph(URIRef("https://w3id.org/cyberkg/graph/article-000"))
    assert fact not in graph
    graph.add(fact)
    try:
        problems = check_provenance(ds)
    finally:
        graph.remove(fact)
    assert len(problems) == 1 and "fact without evidence" in problems[0] and "basedIn" in problems[0]


def test_entity_resolution_aliases():
    index = load_seedset().index
    assert index.lookup("Beijing") == ["china"]
    assert index.lookup("Canadian government") == ["gov-canada"]
    assert index.lookup("national security and intelligence adviser") == ["ca-nsia"]
    assert index.lookup("Globe and Mail") == ["globe-and-mail"]


def test_build_is_deterministic_and_idempotent(tmp_path):
    first = OxigraphStore(tmp_path / "a", create=True)
    second = OxigraphStore(tmp_path / "b", create=True)
    build(first, reason=False)
    build(second, reason=False)
    nq = export_bytes(first, "nq")
    assert nq == export_bytes(second, "nq")
    assert export_bytes(first, "nt") == export_bytes(second, "nt")
    build(first, reason=False)  # rebuilding replaces, never duplicates
    assert export_bytes(first, "nq") == nq
    lines = nq.decode().splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_exports_parse_back(built_store, fmt):
    data = export_bytes(built_store, fmt)
    rdflib_format = {"nq": "nquads", "nt": "nt", "trig": "trig", "ttl": "turtle", "jsonld": "json-ld"}[fmt]
    if fmt in ("nq", "trig", "jsonld"):
        parsed = Dataset()
        parsed.parse(data=data.decode(), format=rdflib_format)
        graphs = {str(g.identifier) for g in parsed.graphs()}
        assert "https://w3id.org/cyberkg/graph/article-000" in graphs
    else:
        parsed = Graph()
        parsed.parse(data=data.decode(), format=rdflib_format)
    assert len(parsed) > 2000


def test_cli_entry_point_builds_and_queries(tmp_path):
    """The installed `cyberkg` command, as a user runs it (with HermiT)."""
    exe = Path(sys.executable).with_name("cyberkg")
    store = tmp_path / "store"
    run = subprocess.run(
        [str(exe), "build", "--store", str(store), "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    assert "OWL consistent (HermiT" in run.stdout
    assert "reading seeds" in run.stderr and "validating" in run.stderr
    assert json.loads((tmp_path / "out" / "stats.json").read_text())["sources"][0]["document"] == "article-000"
    listing = subprocess.run([str(exe), "query", "--list"], capture_output=True, text=True, timeout=60)
    assert "timeline" in listing.stdout and "?" in listing.stdout
    as_json = subprocess.run(
        [str(exe), "query", "--store", str(store), "-f", "json", "agreement-parties"], capture_output=True, text=True, timeout=60
    )
    payload = json.loads(as_json.stdout)
    assert "partyLabel" in payload["head"]["vars"] and len(payload["results"]["bindings"]) == 10
    for fmt, marker in (("csv", "agreementLabel,"), ("tsv", "?agreementLabel\t")):
        out = subprocess.run(
            [str(exe), "query", "--store", str(store), "-f", fmt, "representatives"], capture_output=True, text=True, timeout=60
        )
        assert out.returncode == 0 and marker in out.stdout.splitlines()[0]
    valid = subprocess.run([str(exe), "validate", "--store", str(store)], capture_output=True, text=True, timeout=300)
    assert valid.returncode == 0 and "OWL consistent" in valid.stdout, valid.stderr
