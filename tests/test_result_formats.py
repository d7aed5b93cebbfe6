"""issue 17 item 5: result formats are the engines' own serialisers where they give the bytes we need.

CSV is rdflib's serialiser (neutralising replaces terms, never bytes): checked here against pyoxigraph's CSV,
an independent writer. TSV stays ours: rdflib has no TSV serialiser (the canary below fails the day it gets
one), and our TSV must read back, through pyoxigraph's TSV parser, to the very solutions the engine gave."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import plugin
from rdflib.plugin import PluginException
from rdflib.query import ResultSerializer

from cyberkg.graph.store import MemoryStore, OxigraphStore
from cyberkg.queries.runner import format_result
from cyberkg.queries.tabular import sparql_csv, sparql_tsv

# the awkward cells: quotes, commas, tabs, newlines, backslashes, language tags, datatypes, IRIs, unbound
VALUES = (
    "SELECT ?x ?y WHERE { VALUES (?x ?y) { "
    '("plain" <http://example.org/a>) ("with, comma" "say \\"hi\\"") ("tab\\there" "line\\nbreak") '
    '("back\\\\slash" "é ü 中") ("chat"@fr "en-GB"@en-gb) (42 1.5) '
    '(true "2024-01-02"^^<http://www.w3.org/2001/XMLSchema#date>) '
    '(UNDEF "only y") ("=SUM(A1)" "-3") } }'
)


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def store(request, tmp_path_factory):
    if request.param == "memory":
        return MemoryStore()
    store = OxigraphStore(tmp_path_factory.mktemp("formats") / "store", create=True)
    store.replace_all(b"")  # an empty store: the query's VALUES are its data
    return store


def _engine(fmt: ox.QueryResultsFormat) -> bytes:
    solutions = ox.Store().query(VALUES)
    assert isinstance(solutions, ox.QuerySolutions)
    return solutions.serialize(format=fmt)


def test_raw_csv_is_byte_for_byte_the_engines(store):
    assert sparql_csv(store.query(VALUES), raw=True).encode("utf-8") == _engine(ox.QueryResultsFormat.CSV)


def test_neutralised_csv_changes_only_the_formula_cells(store):
    raw = sparql_csv(store.query(VALUES), raw=True).split("\r\n")
    safe = sparql_csv(store.query(VALUES)).split("\r\n")
    assert [i for i, (a, b) in enumerate(zip(raw, safe, strict=True)) if a != b] == [raw.index("=SUM(A1),-3")]
    assert "'=SUM(A1),-3" in safe  # a number (-3) is left alone


def test_tsv_reads_back_to_the_engines_solutions(store):
    ours = ox.parse_query_results(sparql_tsv(store.query(VALUES), raw=True).encode("utf-8"), format=ox.QueryResultsFormat.TSV)
    engine = ox.Store().query(VALUES)
    assert isinstance(ours, ox.QuerySolutions) and isinstance(engine, ox.QuerySolutions)
    assert [v.value for v in ours.variables] == ["x", "y"]
    read = sorted(tuple(str(s[v]) for v in ("x", "y")) for s in ours)
    assert read == sorted(tuple(str(s[v]) for v in ("x", "y")) for s in engine)


def test_rdflib_still_has_no_tsv_serialiser():
    """The day it has one, TSV can move to it (and this test says so)."""
    with pytest.raises(PluginException):
        plugin.get("tsv", ResultSerializer)


def test_cli_json_and_xml_are_rdflibs_own(store):
    result = store.query(VALUES)
    assert format_result(result, "json") == result.serialize(format="json").decode("utf-8") + "\n"
    xml = result.serialize(format="xml").decode("utf-8")
    assert "<literal>with, comma</literal>" in xml and '<literal xml:lang="fr">chat</literal>' in xml
