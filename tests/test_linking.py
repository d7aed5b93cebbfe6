"""Links to external datasets: curated links and ISO codes in the graph, `cyberkg link` against a real local
SPARQL server holding a Wikidata-shaped test fixture, the federated query, and the schema.org export."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from servers import oxigraph_server

from cyberkg.graph.build import build
from cyberkg.graph.reconcile import reconcile, write_links
from cyberkg.graph.store import OxigraphStore
from cyberkg.queries.export import export_bytes
from cyberkg.queries.runner import run_query

FIXTURE = Path(__file__).parent / "data" / "wikidata-fixture.ttl"
WD = "http://www.wikidata.org/entity/"


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory):
    """A real Oxigraph server on 127.0.0.1 loaded with the Wikidata-shaped TEST FIXTURE."""
    root = tmp_path_factory.mktemp("wikidata")
    with oxigraph_server(root) as (url, process):
        store_url = url.rsplit("/", 1)[0] + "/store?default"
        request = urllib.request.Request(
            store_url, data=FIXTURE.read_bytes(), method="POST", headers={"Content-Type": "text/turtle"}
        )
        urllib.request.urlopen(request, timeout=30).read()
        yield url, process


def links_of(store, entity: str) -> dict[str, tuple]:
    result = run_query(
        store,
        f"""SELECT ?o ?method ?confidence ?verified WHERE {{ GRAPH ckg:links {{
        ?m a cko:Mapping ; rdf:subject ckr:{entity} ; rdf:object ?o ; cko:mappingMethod ?method ;
           cko:confidence ?confidence ; cko:verified ?verified }} }}""",
    )
    return {str(r[0]): (str(r[1]), float(r[2]), str(r[3]) == "true") for r in result}


def test_states_carry_curated_links_and_iso_codes(built_store):
    canada = links_of(built_store, "canada")
    assert canada[WD + "Q16"] == ("curated", 1.0, True)
    assert canada["https://sws.geonames.org/6251999/"][0] == "curated"
    assert canada["CA"] == ("exact label match", 1.0, True) and canada["CAN"][0] == "exact label match"
    assert links_of(built_store, "china")["CN"][0] == "exact label match"
    assert links_of(built_store, "united-states")["840"][0] == "exact label match"
    # identifiers not checked offline say so in the data
    assert links_of(built_store, "china")["http://dbpedia.org/resource/China"][2] is False


def test_reconcile_accepts_the_right_items_and_refuses_namesakes(built_store, wikidata, tmp_path):
    url, _ = wikidata
    outcome = reconcile(built_store, url, cache_dir=tmp_path / "cache", timeout=10, retries=2)
    assert outcome.skipped is None
    decided = {
        (c.entity.rsplit("/", 1)[-1], c.item.rsplit("/", 1)[-1]): (c.accepted, c.score, c.reasons) for c in outcome.candidates
    }
    assert decided[("li-keqiang", "Q900000001")][:2] == (True, 1.0)
    assert decided[("daniel-jean", "Q900000003")][0] is True
    assert decided[("daniel-jean", "Q900000002")][0] is False and "another country" in decided[("daniel-jean", "Q900000002")][2]
    assert decided[("globe-and-mail", "Q900000005")][0] is False
    assert all(c.entity.rsplit("/", 1)[-1] not in ("canada", "china", "justin-trudeau") for c in outcome.candidates)


def test_link_writes_accepted_links_that_the_next_build_loads(built_store, wikidata, tmp_path, seeds_copy):
    url, _ = wikidata
    outcome = reconcile(built_store, url, cache_dir=tmp_path / "cache")
    write_links(outcome.accepted(), seeds_copy, url)
    store = OxigraphStore(tmp_path / "store", create=True)
    build(store, seeds_copy, reason=False)
    li = links_of(store, "li-keqiang")
    assert li[WD + "Q900000001"][0] == "reconciled" and li[WD + "Q900000001"][2] is True
    assert WD + "Q900000002" not in links_of(store, "daniel-jean")


def test_link_cli_dry_run_writes_nothing_and_uses_only_the_configured_host(
    built_store, wikidata, tmp_path, seeds_copy, monkeypatch
):
    url, _ = wikidata
    before = (seeds_copy / "links.yaml").read_bytes()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "cyberkg",
            "link",
            "--store",
            built_store.location,
            "--endpoint",
            url,
            "--dry-run",
            "--seeds",
            str(seeds_copy),
            "--cache",
            str(tmp_path / "c"),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "Q900000001" in run.stdout and "accept" in run.stdout and "refuse" in run.stdout
    assert (seeds_copy / "links.yaml").read_bytes() == before
    hosts = []
    real = urllib.request.urlopen

    def recording(request, *args, **kwargs):
        hosts.append(urllib.parse.urlsplit(request.full_url if hasattr(request, "full_url") else request).netloc)
        return real(request, *args, **kwargs)

    monkeypatch.setattr(urllib.request, "urlopen", recording)
    reconcile(built_store, url, cache_dir=tmp_path / "fresh-cache")
    assert hosts and set(hosts) == {urllib.parse.urlsplit(url).netloc}
    hosts.clear()
    reconcile(built_store, url, cache_dir=tmp_path / "fresh-cache")  # answered from the disk cache
    assert hosts == []


def test_stopped_endpoint_retries_then_skips_with_a_message(built_store, tmp_path):
    with oxigraph_server(tmp_path) as (url, _):
        pass  # started and stopped by PID: nothing listens there now
    started = time.monotonic()
    outcome = reconcile(built_store, url, cache_dir=tmp_path / "cache", timeout=2, retries=3)
    assert outcome.skipped and "could not be reached" in outcome.skipped and "after 3 tries" in outcome.skipped
    assert 1.4 <= time.monotonic() - started < 20  # back-off 0.5 s + 1 s between tries
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "cyberkg",
            "link",
            "--store",
            built_store.location,
            "--endpoint",
            url,
            "--retries",
            "1",
            "--cache",
            str(tmp_path / "c2"),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0 and "reconciliation skipped" in run.stderr


def test_federated_query_joins_local_links_with_the_external_endpoint(built_store, wikidata):
    url, _ = wikidata
    result = run_query(built_store, "linked-states", {"https://query.wikidata.org/sparql": url})
    rows = {str(r.label): (str(r.iso), int(float(str(r.population)))) for r in result}
    assert rows == {"Canada": ("CA", 38_000_000), "China": ("CN", 1_400_000_000), "United States": ("US", 330_000_000)}


def test_federated_query_obeys_the_server_allow_list(built_store, wikidata):
    from httphelp import get, q, running

    from cyberkg.queries.runner import named_queries
    from cyberkg.queries.server import ServerConfig

    url, _ = wikidata
    text = next(n.text for n in named_queries() if n.name == "linked-states").replace("https://query.wikidata.org/sparql", url)
    with running(ServerConfig(store=built_store.location, port=0, quiet=True)) as srv:
        assert get(srv, q(text))[0] == 403
    with running(ServerConfig(store=built_store.location, port=0, quiet=True, allow_service=(url,))) as srv:
        status, _, body = get(srv, q(text), Accept="application/sparql-results+json")
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3


def test_schema_org_jsonld_export(built_store):
    data = json.loads(export_bytes(built_store, "schema-jsonld"))
    assert data["@context"]["@vocab"] == "https://schema.org/"
    nodes = {n["@id"]: n for n in data["@graph"]}
    canada = nodes["ckr:canada"]
    assert canada["@type"] == "Country" and canada["name"] == "Canada" and "wd:Q16" in canada["sameAs"]
    assert nodes["ckr:justin-trudeau"]["@type"] == "Person"
    assert nodes["ckr:xinhua"]["@type"] == "NewsMediaOrganization"
    graph = Graph().parse(data=json.dumps(data), format="json-ld")  # valid JSON-LD that expands to schema.org
    assert (URIRef("https://w3id.org/cyberkg/id/canada"), URIRef("https://schema.org/name"), Literal("Canada")) in graph
