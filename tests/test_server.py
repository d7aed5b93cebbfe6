"""The SPARQL endpoint over real HTTP on 127.0.0.1: protocol, standard clients, entity pages, limits."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse

import pytest
from httphelp import get, http, q, running
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from cyberkg.queries.runner import named_queries, run_query
from cyberkg.queries.server import ServerConfig

CKR = "https://w3id.org/cyberkg/id/"


@pytest.fixture(scope="module")
def server(built_store):
    with running(ServerConfig(store=built_store.location, port=0, quiet=True, timeout=3.0)) as srv:
        yield srv


def test_get_and_both_posts_answer_the_same(server):
    text = "SELECT ?label WHERE { ckr:canada rdfs:label ?label }"
    answers = [
        get(server, q(text), Accept="application/sparql-results+json"),
        http(
            server.url + "/sparql",
            urllib.parse.urlencode({"query": text}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
        ),
        http(
            server.url + "/sparql",
            text.encode(),
            {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        ),
    ]
    for status, headers, body in answers:
        assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
        assert json.loads(body)["results"]["bindings"] == [{"label": {"type": "literal", "value": "Canada"}}]


@pytest.mark.parametrize(
    "accept,expect_type,expect_text",
    [
        ("application/sparql-results+xml", "application/sparql-results+xml", "<literal>Canada</literal>"),
        ("text/csv", "text/csv", "label\r\nCanada"),
        ("text/tab-separated-values", "text/tab-separated-values", '?label\n"Canada"'),
        ("text/html;q=0.9, application/json", "application/sparql-results+json", '"value": "Canada"'),
        ("*/*", "application/sparql-results+json", '"value": "Canada"'),
    ],
)
def test_select_content_negotiation(server, accept, expect_type, expect_text):
    status, headers, body = get(server, q("SELECT ?label WHERE { ckr:canada rdfs:label ?label }"), Accept=accept)
    assert status == 200 and headers["Content-Type"].startswith(expect_type)
    assert expect_text in body.decode()


@pytest.mark.parametrize(
    "accept,fmt",
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_content_negotiation(server, built_store, accept, fmt):
    status, headers, body = get(server, q("CONSTRUCT { ?a cko:hasParty ?b } WHERE { ?a cko:hasParty ?b }"), Accept=accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    graph = Graph().parse(data=body.decode(), format=fmt)
    assert len(graph) == _party_facts(built_store) == 10


def _party_facts(store) -> int:
    return len(list(run_query(store, "SELECT DISTINCT ?a ?b WHERE { ?a cko:hasParty ?b }")))


def test_ask_and_errors(server):
    status, _, body = get(server, q("ASK { ckr:canada a cko:State }"), Accept="application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True
    assert get(server, q("ASK { ?s ?p ?o }"), Accept="text/csv")[0] == 406
    status, _, body = get(server, q("SELECT * WHERE { ?s ?p }"))
    assert status == 400 and b"syntax error" in body and b"1:" in body  # the parser's position
    assert get(server, q("SELECT ?x WHERE { ?x ?p ?o }"), Accept="image/png")[0] == 406
    assert http(server.url + "/sparql", b"x", {"Content-Type": "text/plain"})[0] == 415
    assert (
        http(server.url + "/sparql", b"query=ASK{}", {"Content-Type": "application/x-www-form-urlencoded"}, method="PUT")[0]
        == 501
    )
    assert get(server, "/sparql?" + urllib.parse.urlencode({"query": "ASK {}", "default-graph-uri": "x:y"}))[0] == 400


def test_service_description(server):
    status, headers, body = get(server, "/sparql")
    graph = Graph().parse(data=body.decode(), format="turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    endpoints = {str(o) for o in graph.objects(None, None) if str(o).endswith("/sparql")}
    assert server.url + "/sparql" in endpoints


def test_standard_clients_sparqlwrapper_and_rdflib(server, built_store):
    wrapper = SPARQLWrapper(server.url + "/sparql")
    wrapper.setQuery("SELECT ?a ?b WHERE { ?a <https://w3id.org/cyberkg/ontology#hasParty> ?b }")
    wrapper.setReturnFormat(JSON)
    rows = wrapper.query().convert()["results"]["bindings"]
    assert len(rows) == _party_facts(built_store)
    wrapper.setQuery(
        "CONSTRUCT { ?a <https://w3id.org/cyberkg/ontology#hasParty> ?b } "
        "WHERE { ?a <https://w3id.org/cyberkg/ontology#hasParty> ?b }"
    )
    wrapper.setReturnFormat(TURTLE)
    assert len(Graph().parse(data=wrapper.query().convert(), format="turtle")) == _party_facts(built_store)
    remote = Graph(store=SPARQLStore(server.url + "/sparql"))
    for named in (n for n in named_queries() if not n.federated):
        direct = run_query(built_store, named.name)
        over_http = remote.query(named.text)
        assert len(list(over_http)) == len(list(direct)), named.name


def test_competency_answers_over_http_equal_direct_calls(server, built_store):
    for named in (n for n in named_queries() if not n.federated):
        status, _, body = get(server, q(named.text), Accept="application/sparql-results+json")
        assert status == 200, named.name
        http_rows = sorted(json.dumps(r, sort_keys=True) for r in json.loads(body)["results"]["bindings"])
        direct = json.loads(run_query(built_store, named.name).serialize(format="json"))
        assert http_rows == sorted(json.dumps(r, sort_keys=True) for r in direct["results"]["bindings"]), named.name


def test_entity_iri_dereferences_to_html_and_rdf(server):
    status, headers, body = get(server, "/id/canada", Accept="text/html,application/xhtml+xml,*/*;q=0.8")
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert '<h1 id="entity-label">Canada</h1>' in page
    assert 'href="/id/ca-cn-agreement-2017"' in page and "has party" in page
    assert "“China and Canada have signed an agreement”" in page and "doc:article-000" in page
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld")):
        status, headers, body = get(server, "/entity/canada", Accept=accept)
        graph = Graph().parse(data=body.decode(), format=fmt)
        assert status == 200 and headers["Content-Type"].startswith(accept)
        assert any(str(s) == CKR + "ca-cn-agreement-2017" for s in graph.subjects())
    assert get(server, "/id/canada?format=turtle")[1]["Content-Type"].startswith("text/turtle")
    assert get(server, "/id/no-such-entity")[0] == 404
    status, _, body = get(server, "/doc/article-000")
    assert status == 200 and b"China, Canada vow not to conduct cyber attacks" in body


def test_health_static_and_queries_api(server):
    status, _, body = get(server, "/health")
    health = json.loads(body)
    assert status == 200 and health["status"] == "ok" and health["workers"] == 2
    assert get(server, "/")[0] == 200 and get(server, "/static/vendor/codemirror.js")[0] == 200
    api = json.loads(get(server, "/api/queries")[2])
    assert {"timeline", "agreement-parties"} <= {item["name"] for item in api["queries"]}
    assert api["groups"]["CyberIntrusion"] == "Incident"


def test_query_timeout_stops_the_work_and_others_are_answered(built_store):
    config = ServerConfig(store=built_store.location, port=0, quiet=True, timeout=1.5, workers=2)
    with running(config) as srv:
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        outcome = {}

        def hog():
            started = time.monotonic()
            outcome["slow"] = get(srv, q(slow))
            outcome["slow_s"] = time.monotonic() - started

        thread = threading.Thread(target=hog)
        thread.start()
        time.sleep(0.3)
        fast = [get(srv, q("ASK { ckr:canada ?p ?o }"), Accept="application/json")[0] for _ in range(5)]
        thread.join(30)
        status, _, body = outcome["slow"]
        assert status == 503 and b"time limit" in body and outcome["slow_s"] < 4
        assert fast == [200] * 5
        health = json.loads(get(srv, "/health")[2])
        assert health["timeouts"] == 1 and health["restarts"] == 1
        deadline = time.monotonic() + 20
        while json.loads(get(srv, "/health")[2])["workers"] != 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert get(srv, q("ASK { ?s ?p ?o }"), Accept="application/json")[0] == 200


def test_result_size_cap(built_store):
    with running(ServerConfig(store=built_store.location, port=0, quiet=True, max_rows=50)) as srv:
        status, _, body = get(srv, q("SELECT * WHERE { ?s ?p ?o }"))
        assert status == 400 and b"more than 50 rows" in body
        assert get(srv, q("SELECT * WHERE { ?s ?p ?o } LIMIT 50"))[0] == 200


def test_oversized_body_and_slow_path_traversal(server):
    big = b"query=" + b"A" * 1_100_000
    assert http(server.url + "/sparql", big, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 413
    host, port = server.server_address[:2]
    for path in ("/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/vendor/../app.js/../../x"):
        with socket.create_connection((host, port), timeout=10) as sock:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 404") and b"root:" not in answer, path


def test_serve_command_runs_and_stops_by_pid(built_store, tmp_path):
    import signal
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "cyberkg", "serve", "--store", built_store.location, "--port", "0", "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        url = line.split(" at ")[1].split("/  ")[0]
        status, _, body = http(url + "/health")
        assert status == 200 and json.loads(body)["status"] == "ok"
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(20) == 0
