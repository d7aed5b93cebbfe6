"""Streamed exports (queries/export.py): the same bytes as full in-memory RDFC-1.0, with or without the inferred
graph, on every store; and a build summary that stays short however many documents there are."""

from __future__ import annotations

import io

import pytest
from clihelp import run_cli

from cyberkg.graph.store import MemoryStore
from cyberkg.namespaces import INFERRED_GRAPH
from cyberkg.queries.export import _INFERRED_SUFFIX, _Splitter, export_bytes

AGREEMENT_TYPE = (
    b"<https://w3id.org/cyberkg/id/ca-cn-agreement-2017> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    b"<https://w3id.org/cyberkg/ontology#Agreement>"
)


@pytest.mark.parametrize("fmt", ["nq", "nt", "ttl", "trig", "jsonld"])
@pytest.mark.parametrize("inferred", [True, False])
def test_streamed_export_is_the_full_canonical_export(built_store, fmt, inferred):
    streamed = export_bytes(built_store, fmt, inferred=inferred)
    assert streamed == export_bytes(built_store, fmt, canonical=True, inferred=inferred)
    assert b"_:" in streamed  # the ontology's blank nodes, with their canonical labels
    if fmt in ("nq", "nt"):
        lines = streamed.splitlines(keepends=True)
        assert lines == sorted(set(lines))


@pytest.mark.parametrize("chunk", [1, 97, 4096, 1 << 20])
@pytest.mark.parametrize("drop_inferred", [True, False])
def test_splitter_sets_aside_the_lines_a_line_by_line_pass_would(built_store, chunk, drop_inferred):
    # the store's dump arrives in pieces that cut lines anywhere; the splitter works on chunks, not lines
    dump = built_store.dump_nquads()
    lines = dump.splitlines(keepends=True)
    kept = [line for line in lines if not (drop_inferred and line.endswith(_INFERRED_SUFFIX)) and b"_:" not in line]
    blank = [line for line in lines if not (drop_inferred and line.endswith(_INFERRED_SUFFIX)) and b"_:" in line]
    assert blank and kept and (len(kept) + len(blank) < len(lines)) == drop_inferred  # the test has something to split
    sink = io.BytesIO()
    splitter = _Splitter(sink, drop_inferred, chunk=chunk)
    for start in range(0, len(dump), 8191):  # as the engine writes: 8 KB or so at a time
        splitter.write(dump[start : start + 8191])
    splitter.close()
    assert sink.getvalue() == b"".join(kept) and splitter.blank == blank


def test_inferred_graph_is_exported_unless_asked_not_to(built_store):
    with_inferred = export_bytes(built_store, "nq")
    asserted = export_bytes(built_store, "nq", inferred=False)
    assert f"<{INFERRED_GRAPH}> .".encode() in with_inferred and str(INFERRED_GRAPH).encode() not in asserted
    assert AGREEMENT_TYPE + b" .\n" in with_inferred and AGREEMENT_TYPE not in asserted
    # without the inferred graph, what is left is exactly the asserted part of the full export
    kept = {line for line in with_inferred.splitlines(keepends=True) if str(INFERRED_GRAPH).encode() not in line}
    dropped = {
        line.replace(f" <{INFERRED_GRAPH}>".encode(), b"")
        for line in with_inferred.splitlines(keepends=True)
        if str(INFERRED_GRAPH).encode() in line
    }
    assert set(asserted.splitlines(keepends=True)) == kept - dropped


def test_every_store_exports_the_same_bytes(built_store, memory_store):
    assert isinstance(memory_store, MemoryStore)
    assert export_bytes(memory_store, "nq") == export_bytes(built_store, "nq")


def test_cli_export_streams_to_stdout_with_flags(built_store):
    run = run_cli("export", "--store", built_store.location, "-f", "nt", "--no-inferred")
    assert run.returncode == 0, run.stderr
    assert run.stdout_bytes == export_bytes(built_store, "nt", inferred=False) and AGREEMENT_TYPE not in run.stdout_bytes


def test_build_summary_shows_counts_and_top_sources_not_every_document(tmp_path):
    corpus, store = tmp_path / "corpus", tmp_path / "store"
    generated = run_cli("generate", "--facts", "2000", "--output", str(corpus))
    assert generated.returncode == 0, generated.stderr
    documents = int(generated.stdout.split(": ", 1)[1].split(" documents")[0].replace(",", ""))
    run = run_cli("build", "--seeds", str(corpus), "--store", str(store), "--out", str(tmp_path / "out"), "--bulk", "--quiet")
    assert run.returncode == 0, run.stderr
    assert documents > 50 and f"top 10 of {documents:,} sources by evidence:" in run.stdout
    assert "inferred)" in run.stdout and len(run.stdout.splitlines()) < 45
