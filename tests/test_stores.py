"""Store backends beyond the competency suite: bulk path, incremental adds, remote servers (real ones on
127.0.0.1), retries, timeouts and headers."""

from __future__ import annotations

import http.server
import json
import socket
import threading
import time

import pytest
from clihelp import run_cli
from servers import free_port, oxigraph_server

from cyberkg.errors import StoreError
from cyberkg.graph.build import build
from cyberkg.graph.generate import generate, write_corpus
from cyberkg.graph.remote import USER_AGENT, RemoteConfig, RemoteStore
from cyberkg.graph.store import MemoryStore, OxigraphStore, open_store
from cyberkg.queries.export import export_bytes


def test_remote_oxigraph_server_holds_exactly_the_embedded_graph(built_store, oxigraph_server_store):
    assert export_bytes(oxigraph_server_store, "nq") == export_bytes(built_store, "nq")


def test_remote_store_takes_predeclared_prefixes_as_the_embedded_one_does(built_store, oxigraph_server_store):
    """Our prefixes are added for those the text uses without declaring: a declaration of its own, or the word
    PREFIX in a literal, used to switch all of them off on a remote store."""
    from cyberkg.namespaces import PREFIXES

    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    for text in (
        "PREFIX ex: <http://example.org/> SELECT ?l WHERE { ckr:canada rdfs:label ?l OPTIONAL { ?l ex:p ?o } }",
        "SELECT ?l WHERE { ckr:canada rdfs:label ?l FILTER(?l != 'PREFIX') }",
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?l WHERE { ckr:canada rdfs:label ?l }",
    ):
        rows = [[str(t) for t in row] for row in oxigraph_server_store.query(text, prefixes=prefixes)]
        assert rows == [[str(t) for t in row] for row in built_store.query(text, prefixes=prefixes)] == [["Canada"]]


def test_remote_rdflib_endpoint_holds_exactly_the_embedded_graph(built_store, rdflib_endpoint_store):
    assert export_bytes(rdflib_endpoint_store, "nq") == export_bytes(built_store, "nq")


def test_bulk_path_gives_the_same_graph_as_the_validated_path(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(generate(1500, seed=11), corpus)
    validated, bulk = OxigraphStore(tmp_path / "a", create=True), OxigraphStore(tmp_path / "b", create=True)
    assert not build(validated, corpus, reason=False).bulk
    assert build(bulk, corpus, bulk=True).bulk
    assert export_bytes(bulk, "nq") == export_bytes(validated, "nq")


def test_bulk_path_still_rejects_bad_input_and_keeps_the_store(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(generate(600, seed=3), corpus)
    store = OxigraphStore(tmp_path / "store", create=True)
    build(store, corpus, bulk=True)
    before = export_bytes(store, "nq")
    agreements = corpus / "entities" / "agreements.yaml"
    agreements.write_text(agreements.read_text().replace("represented", "REPRESENTED", 1))
    from cyberkg.errors import InputError

    with pytest.raises(InputError, match="quote not found verbatim"):
        build(store, corpus, bulk=True)
    assert export_bytes(store, "nq") == before


def test_incremental_add_keeps_old_data_and_adds_new(tmp_path, built_store):
    store = OxigraphStore(tmp_path / "store", create=True)
    store.replace_all(built_store.dump_nquads())
    before = sum(1 for _ in store.triples())
    store.add_nquads(b'<https://w3id.org/cyberkg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n')
    assert sum(1 for _ in store.triples()) == before + 1
    memory = MemoryStore()
    memory.add_nquads(b'<https://w3id.org/cyberkg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n')
    assert not memory.is_empty()


def test_open_store_chooses_the_backend():
    assert isinstance(open_store("memory:"), MemoryStore)
    remote = open_store("http://127.0.0.1:9/query")
    assert isinstance(remote, RemoteStore)
    assert (
        remote.config.update_url == "http://127.0.0.1:9/update"
        and remote.config.gsp_url == "http://127.0.0.1:9/store?no_transaction"
    )
    virtuoso_like = RemoteConfig.from_url("http://host:8890/sparql")
    assert virtuoso_like.update_url == "http://host:8890/sparql" and virtuoso_like.gsp_url is None


def test_unreachable_server_is_retried_with_back_off_then_a_clear_error():
    port = free_port()  # nothing listens there
    store = RemoteStore(RemoteConfig(f"http://127.0.0.1:{port}/query", retries=3, timeout=2))
    started = time.monotonic()
    with pytest.raises(StoreError, match=f"cannot reach http://127.0.0.1:{port}/query after 3 tries"):
        store.query("ASK { ?s ?p ?o }")
    assert 1.4 <= time.monotonic() - started < 10  # slept 0.5 s + 1 s between the three tries


def test_a_server_that_never_answers_times_out():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)  # accepts connections, never replies
    port = listener.getsockname()[1]
    try:
        store = RemoteStore(RemoteConfig(f"http://127.0.0.1:{port}/query", retries=2, timeout=0.5))
        started = time.monotonic()
        with pytest.raises(StoreError, match="after 2 tries"):
            store.query("ASK { ?s ?p ?o }")
        assert time.monotonic() - started < 5
    finally:
        listener.close()


def test_headers_and_auth_are_sent(monkeypatch):
    seen = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the base class's name
            self.rfile.read(int(self.headers["Content-Length"]))
            seen.append(dict(self.headers))
            body = json.dumps({"head": {}, "boolean": True}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("CYBERKG_AUTH", "Bearer t0ken")
        store = open_store(f"http://127.0.0.1:{server.server_address[1]}/sparql")
        assert store.query("ASK { ?s ?p ?o }").askAnswer is True
    finally:
        server.shutdown()
    assert seen[0]["Authorization"] == "Bearer t0ken" and seen[0]["User-Agent"] == USER_AGENT


def test_cli_builds_and_queries_a_remote_server(tmp_path):
    with oxigraph_server(tmp_path) as (url, _):
        run = lambda *args: run_cli(*args, "--store", url)  # noqa: E731
        built = run("build", "--no-reason", "-q", "--out", str(tmp_path / "out"))
        assert built.returncode == 0, built.stderr
        answer = run("query", "representatives", "-f", "csv")
        assert answer.returncode == 0 and "Daniel Jean" in answer.stdout and "Wang Yongqing" in answer.stdout
    gone = run_cli("stats", "--store", url)
    assert gone.returncode == 4 and "cannot reach" in gone.stderr and gone.stderr.count("\n") == 1


def test_generate_command(tmp_path):
    out = tmp_path / "corpus"
    first = run_cli("generate", "--facts", "800", "--seed", "2", "-o", str(out))
    assert first.returncode == 0 and "facts (seed 2)" in first.stdout
    again = run_cli("generate", "--facts", "800", "-o", str(out))
    assert again.returncode == 64 and "not empty" in again.stderr
    assert (out / "entities" / "states.yaml").exists() and any((out / "articles").iterdir())


def test_every_command_works_on_a_remote_store(oxigraph_server_store, tmp_path):
    """serve, analyze and export on the Oxigraph server backend (build and query are tested above)."""
    from httphelp import get, q, running

    from cyberkg.queries.analyses import centrality
    from cyberkg.queries.projections import actor_graph, read_snapshot
    from cyberkg.queries.server import ServerConfig
    from cyberkg.queries.visual_export import export_visual

    assert centrality(actor_graph(read_snapshot(oxigraph_server_store))).rows[0][0] == "china"
    assert export_visual(oxigraph_server_store, "graphml", tmp_path / "g.graphml").stat().st_size > 1000
    with running(ServerConfig(store=oxigraph_server_store.location, port=0, quiet=True)) as srv:
        status, _, body = get(srv, q("ASK { ckr:canada a cko:State }"), Accept="application/json")
        assert status == 200 and json.loads(body)["boolean"] is True
        assert get(srv, "/id/canada")[0] == 200
