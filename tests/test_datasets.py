"""Reference datasets (README § Reference datasets): the MISP galaxy threat actors and the country codes,
imported into the seed graph from ../shared/datasets. Expected counts are derived here from the files
themselves, never copied from the importer's output."""

from __future__ import annotations

import csv
import functools
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from clihelp import run_cli
from rdflib import Dataset, Variable
from storehelp import copy_store

from cyberkg.graph.country_codes import build_graph as country_graph
from cyberkg.graph.datasets import COUNTRY_CODES, MISP_THREAT_ACTORS, fetch, install
from cyberkg.graph.misp_galaxy import build_graph as misp_graph
from cyberkg.graph.states import StateIndex, gazetteer_by_alpha2
from cyberkg.namespaces import sparql_prologue
from cyberkg.queries.runner import run_query

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
MISP_FILE = SHARED / "misp-galaxy" / "threat-actor.json"
CODES_FILE = SHARED / "country-codes" / "country-codes.csv"
CYBERKG = [sys.executable, "-m", "cyberkg"]
NOT_STATES = {"Unknown", "Palestine", "PS", ""}  # sponsor/country values that name no state of the gazetteer


@pytest.fixture(scope="module")
def files():
    if not MISP_FILE.is_file() or not CODES_FILE.is_file():
        pytest.fail(f"{SHARED} is missing: the dataset tests read ../shared/datasets beside the clone")
    values = json.loads(MISP_FILE.read_text(encoding="utf-8"))["values"]
    rows = list(csv.DictReader(CODES_FILE.open(encoding="utf-8", newline="")))
    return values, rows


@pytest.fixture(scope="module")
def joined(tmp_path_factory, files, built_store):
    """The seed graph, then the threat actors, then the country codes: the joined graph."""
    store = copy_store(built_store, tmp_path_factory.mktemp("joined") / "store")  # the seed graph, built once
    graph, misp = misp_graph(fetch(MISP_THREAT_ACTORS, str(MISP_FILE)), StateIndex(store))
    assert install(store, graph) == "imported"
    graph, codes = country_graph(fetch(COUNTRY_CODES, str(CODES_FILE)), StateIndex(store), store)
    assert install(store, graph) == "imported"
    return store, misp, codes


@pytest.fixture(scope="module")
def joined_nquads(joined) -> bytes:
    """The joined store's N-Quads, dumped once (seconds): a copy of the store (storehelp.copy_store) holds the same
    files, so they are the copy's N-Quads too until something writes to it."""
    return joined[0].dump_nquads()


def select(store, sparql: str) -> list[tuple]:
    return list(store.rows(sparql_prologue() + sparql))


def val(row: dict, name: str):
    """A SELECT binding by variable name (None when unbound), as run_query's rows key them by Variable."""
    value = row.get(Variable(name))
    return None if value is None else value


def count(store, sparql: str) -> int:
    return int(select(store, sparql)[0][0])


IN_MISP = "?ev rdf:subject ?s ; prov:wasQuotedFrom <https://w3id.org/cyberkg/doc/misp-galaxy-threat-actor>"


def test_every_actor_with_its_synonyms_and_attack_ids(joined, files):
    store, _, _ = joined
    values, _ = files
    assert len(values) == 1041
    assert count(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a cko:ThreatActor . {IN_MISP} }}") == 1041
    synonyms = {
        (v["uuid"], s)
        for v in values
        for s in v["meta"].get("synonyms", [])
        if s != v["value"] and not (len(s) == 5 and s[0] == "G" and s[1:].isdigit())
    }
    got = count(
        store,
        f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a cko:ThreatActor ; skos:altLabel ?a . {IN_MISP} ; "
        "rdf:predicate skos:altLabel ; rdf:object ?a }",
    )
    assert got == len(synonyms)
    apt1 = dict(select(store, "SELECT ?p ?o WHERE { ckr:ta-apt1 ?p ?o FILTER(?p IN (cko:attackId, skos:exactMatch)) }"))
    assert apt1 == {
        "https://w3id.org/cyberkg/ontology#attackId": "G0006",
        "http://www.w3.org/2004/02/skos/core#exactMatch": "https://attack.mitre.org/groups/G0006/",
    }


def test_claim_counts_follow_the_file(joined, files):
    store, _, _ = joined
    values, _ = files
    sponsors = [v for v in values if (v["meta"].get("cfr-suspected-state-sponsor") or "") not in NOT_STATES]
    origins = [v for v in values if (v["meta"].get("country") or "") not in NOT_STATES]
    role = "SELECT (COUNT(*) AS ?n) WHERE {{ ?c a cko:AttributionClaim ; cko:attributionRole {!r} }}"
    assert count(store, role.format("suspected state sponsor").replace("'", '"')) == len(sponsors) == 88
    assert count(store, role.format("country of origin").replace("'", '"')) == len(origins) == 467
    index = StateIndex(store)
    victims = {
        (v["uuid"], index.resolve(x).iri if index.resolve(x) else x)
        for v in values
        for x in v["meta"].get("cfr-suspected-victims", [])
    }
    assert count(
        store,
        "SELECT (COUNT(*) AS ?n) WHERE { ?c a cko:TargetingClaim . "
        "{ ?c cko:allegedVictim ?v . ?v a cko:State } UNION { ?c cko:victimText ?v } }",
    ) == len(victims)
    confidence = select(store, "SELECT ?x WHERE { ckr:ta-apt1-operations-sponsor-claim cko:attributionConfidence ?x }")
    assert confidence == [(str(next(v for v in values if v["value"] == "APT1")["meta"]["attribution-confidence"]),)]
    words = {w for (w,) in select(store, "SELECT ?w WHERE { ?c cko:victimText ?w }")}
    assert "U.S. satellite and aerospace sector" in words and "Middle East" in words and "Canada" not in words


def test_actors_claimed_sponsored_by_china_per_cfr(joined, files):
    store, _, _ = joined
    values, _ = files
    expected = sorted(
        v["value"] for v in values if v["meta"].get("cfr-suspected-state-sponsor") in ("China", "People's Republic of China")
    )
    result = run_query(store, "actor-sponsors")
    got = sorted(
        str(val(r, "actorLabel"))
        for r in result.bindings
        if str(val(r, "sponsorLabel")) == "China" and str(val(r, "claimantLabel")) == "Council on Foreign Relations"
    )
    assert got == expected and len(got) == 41 and "APT1" in got
    sources = {str(val(r, "source")) for r in result.bindings}
    assert sources == {"https://w3id.org/cyberkg/doc/misp-galaxy-threat-actor"}


def test_states_claimed_victims_of_actors_sponsored_by_another_state(joined, files):
    store, _, _ = joined
    values, _ = files
    index = StateIndex(store)
    expected = set()
    for v in values:
        sponsor = index.resolve(v["meta"].get("cfr-suspected-state-sponsor") or "Unknown")
        for victim in v["meta"].get("cfr-suspected-victims", []) if sponsor else []:
            ref = index.resolve(victim)
            if ref and ref.iri != sponsor.iri:
                expected.add((ref.label, v["value"], sponsor.label))
    got = {
        (str(val(r, "victimLabel")), str(val(r, "actorLabel")), str(val(r, "sponsorLabel")))
        for r in run_query(store, "sponsored-victims").bindings
    }
    assert got == expected
    assert ("Canada", "APT1", "China") in got and not any(victim == sponsor for victim, _, sponsor in got)


def test_every_state_name_form_is_one_node(joined, files):
    store, _, _ = joined
    values, rows = files
    states = select(store, "SELECT ?s ?code WHERE { ?s a cko:State ; cko:iso3166Alpha2 ?code }")
    codes = [code for _, code in states]
    assert len(codes) == len(set(codes)) == count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a cko:State }")
    independent = {r["ISO3166-1-Alpha-2"] for r in rows if r["is_independent"] == "Yes"}
    assert independent <= set(codes) and len(independent) == 195
    index, nodes = StateIndex(store), {s for s, _ in states}
    names = {v["meta"].get("cfr-suspected-state-sponsor") for v in values} | {
        x for v in values for x in v["meta"].get("cfr-suspected-victims", [])
    }
    names |= {
        r[c]
        for r in rows
        if r["is_independent"] == "Yes"
        for c in ("CLDR display name", "UNTERM English Short", "UNTERM English Formal", "official_name_en")
    }
    for form in ("Iran (Islamic Republic of)", "Korea (Democratic People's Republic of)", "Russian Federation"):
        assert form in names
    for name in sorted(n for n in names if n):
        ref = index.resolve(name)
        if ref is not None:
            assert ref.iri in nodes, name
    assert index.resolve("Iran (Islamic Republic of)").iri.endswith("/iran")
    assert index.resolve("Korea (Democratic People's Republic of)").iri.endswith("/north-korea")
    labels = {label for (label,) in select(store, "SELECT ?l WHERE { ?s a cko:State ; rdfs:label ?l }")}
    assert not labels & {"Russian Federation", "Iran (Islamic Republic of)", "Korea (Republic of)"}


def test_gazetteer_covers_every_independent_state(files):
    _, rows = files
    covered = gazetteer_by_alpha2()
    missing = [r["CLDR display name"] for r in rows if r["is_independent"] == "Yes" and r["ISO3166-1-Alpha-2"] not in covered]
    assert missing == []


def test_wikidata_items_for_every_state_and_the_curated_ones_kept(joined, files):
    store, _, codes = joined
    _, rows = files
    expected = {
        r["ISO3166-1-Alpha-2"]: r["wikidata_id"].rsplit("/", 1)[-1]
        for r in rows
        if r["is_independent"] == "Yes" and r["wikidata_id"]
    }
    assert len(expected) == 194
    got: dict[str, set[str]] = {}
    for code, item in select(
        store,
        "SELECT ?code ?w WHERE { ?s a cko:State ; cko:iso3166Alpha2 ?code ; "
        "skos:exactMatch ?w FILTER(STRSTARTS(STR(?w), STR(wd:))) }",
    ):
        got.setdefault(code, set()).add(item.rsplit("/", 1)[-1])
    assert {c: got.get(c) for c in expected} == {c: {q} for c, q in expected.items()}
    assert got["CA"] == {"Q16"} and got["CN"] == {"Q148"} and got["US"] == {"Q30"}
    mapping = select(
        store,
        """SELECT ?method ?conf ?src WHERE { GRAPH ckg:country-codes {
        ?m a cko:Mapping ; rdf:subject ckr:canada ; rdf:object wd:Q16 ; cko:mappingMethod ?method ;
           cko:confidence ?conf ; cko:mappingSource ?src } }""",
    )
    assert mapping == [("dataset lookup", "1", "https://w3id.org/cyberkg/doc/country-codes")]
    m49 = select(store, "SELECT ?m ?un WHERE { ckr:iran cko:m49Code ?m ; cko:unNameShort ?un }")
    assert m49 == [("364", "Iran (Islamic Republic of)")]
    assert codes.disagreements == []  # the dataset agrees with the curated links and with pycountry


def test_disagreement_with_a_curated_link_is_reported_not_stored(tmp_path, files, built_store):
    """A copy of the table that gives Canada another Wikidata item: reported, and Q16 stays alone."""
    text = CODES_FILE.read_text(encoding="utf-8")
    assert text.count("https://www.wikidata.org/wiki/Q16\n") == 1
    text = text.replace("https://www.wikidata.org/wiki/Q16\n", "https://www.wikidata.org/wiki/Q999999\n")
    changed = tmp_path / "country-codes.csv"
    changed.write_text(text, encoding="utf-8")
    store = copy_store(built_store, tmp_path / "store")  # the seed graph
    graph, summary = country_graph(fetch(COUNTRY_CODES, str(changed)), StateIndex(store), store)
    install(store, graph)
    assert any("Canada" in d and "Q999999" in d and "Q16" in d for d in summary.disagreements)
    assert select(store, "SELECT ?w WHERE { ckr:canada skos:exactMatch ?w FILTER(STRSTARTS(STR(?w), STR(wd:))) }") == [
        ("http://www.wikidata.org/entity/Q16",)
    ]


def test_reimport_is_idempotent_and_a_new_version_replaces_the_old(joined, joined_nquads, tmp_path, files):
    store, _, _ = joined
    copy = copy_store(store, tmp_path / "copy")
    before = sorted(joined_nquads.splitlines())  # the copy's, as nothing has written to it yet
    graph, _ = misp_graph(fetch(MISP_THREAT_ACTORS, str(MISP_FILE)), StateIndex(copy))
    assert install(copy, graph) == "unchanged"
    assert sorted(copy.dump_nquads().splitlines()) == before
    data = json.loads(MISP_FILE.read_text(encoding="utf-8"))
    data["version"] = data["version"] + 1
    dropped = next(v for v in data["values"] if v["value"] == "APT1")
    data["values"].remove(dropped)
    newer = tmp_path / "threat-actor.json"
    newer.write_text(json.dumps(data), encoding="utf-8")
    graph, _ = misp_graph(fetch(MISP_THREAT_ACTORS, str(newer)), StateIndex(copy))
    assert install(copy, graph) == "replaced"
    assert count(copy, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a cko:ThreatActor . {IN_MISP} }}") == 1040
    assert not copy.query("ASK { <https://w3id.org/cyberkg/id/ta-apt1> ?p ?o }").askAnswer
    version = select(copy, "SELECT ?v WHERE { doc:misp-galaxy-threat-actor cko:datasetVersion ?v }")
    assert version == [(str(data["version"]),)]
    assert select(copy, "SELECT ?c WHERE { doc:misp-galaxy-threat-actor cko:sourceCommit ?c }") == []  # not the pinned file


def test_retract_removes_the_dataset_and_keeps_the_rest(joined, tmp_path):
    store, _, _ = joined
    copy = copy_store(store, tmp_path / "copy")
    parties = sorted(map(str, run_query(copy, "agreement-parties").bindings))
    result = run_cli("retract", "misp-galaxy-threat-actor", "--store", str(copy.path))
    assert result.returncode == 0, result.stderr
    copy.close()
    assert count(copy, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a cko:ThreatActor . {IN_MISP} }}") == 0
    assert count(copy, "SELECT (COUNT(*) AS ?n) WHERE { ?c cko:attributionRole ?r }") == 0
    assert sorted(map(str, run_query(copy, "agreement-parties").bindings)) == parties
    # the seeds' own threat actors stay, and every state keeps its type and name from the other sources
    assert count(copy, "SELECT (COUNT(*) AS ?n) WHERE { ?s a cko:ThreatActor }") == 2
    assert count(copy, "SELECT (COUNT(*) AS ?n) WHERE { ?s a cko:State FILTER NOT EXISTS { ?s rdfs:label ?l } }") == 0


def test_corroboration_counts_the_dataset_as_one_source(joined):
    store, _, _ = joined
    rows = {
        (str(val(r, "subject")), str(val(r, "predicate"))): (int(val(r, "sources")), str(val(r, "documents")))
        for r in run_query(store, "corroboration").bindings
        if str(val(r, "subject")).endswith(("/ta-apt1", "/china"))
    }
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    assert rows[("https://w3id.org/cyberkg/id/ta-apt1", label)] == (1, "https://w3id.org/cyberkg/doc/misp-galaxy-threat-actor")
    china_sources, docs = rows[("https://w3id.org/cyberkg/id/china", label)]
    assert "misp-galaxy-threat-actor" in docs and "country-codes" in docs and "article-000" in docs
    assert china_sources == len(set(docs.split()))


def test_article_and_dataset_claims_side_by_side_and_disagreements(joined, tmp_path):
    """An invented test article (candidates in the seed format) says APT10 is based in Russia; the dataset says China."""
    store, _, _ = joined
    copy = copy_store(store, tmp_path / "copy")
    cand = tmp_path / "cand"
    (cand / "articles").mkdir(parents=True)
    (cand / "entities").mkdir()
    text = "TEST TEXT (invented for the tests). Officials said the group APT10, also called Stone Panda, is based in Russia.\n"
    (cand / "articles" / "doc-test-apt10.txt").write_text(text, encoding="utf-8")
    (cand / "documents.yaml").write_text(
        "- id: doc-test-apt10\n  type: NewsArticle\n  file: articles/doc-test-apt10.txt\n  label: Test article\n"
        '  mentions: {doc-test-apt10: "TEST TEXT (invented for the tests)."}\n'
        '  facts:\n  - {p: date, date: {value: 2020-01-01}, evidence: {doc-test-apt10: "TEST TEXT"}}\n'
        '  - {p: language, value: en, evidence: {doc-test-apt10: "TEST TEXT"}}\n',
        encoding="utf-8",
    )
    (cand / "entities" / "doc-test-apt10.yaml").write_text(
        '- id: ta-apt10\n  type: ThreatActor\n  label: APT10\n  mentions: {doc-test-apt10: "the group APT10"}\n'
        "  facts:\n  - {p: basedIn, o: Russia,\n"
        '     evidence: {doc-test-apt10: "APT10, also called Stone Panda, is based in Russia"}}\n',
        encoding="utf-8",
    )
    result = run_cli("merge", str(cand), "--store", str(copy.path))
    assert result.returncode == 0, result.stderr
    copy.close()
    side = {
        (str(val(r, "actorLabel")), str(val(r, "articleSays")), str(val(r, "datasetSays")))
        for r in run_query(copy, "actors-in-articles").bindings
    }
    assert ("APT10", "based in Russia", "Council on Foreign Relations: suspected state sponsor China") in side
    assert ("APT10", "based in Russia", "MISP Project: country of origin China") in side
    got = [
        (str(val(r, "actorLabel")), str(val(r, "articleState")), str(val(r, "datasetState")))
        for r in run_query(copy, "dataset-disagreements").bindings
    ]
    assert got == [("APT10", "Russia", "China")]


def test_the_extractor_finds_actors_by_name_and_synonym(joined):
    from cyberkg.graph.extract import Extractor
    from cyberkg.graph.merge import known_entities
    from cyberkg.graph.reader import Article

    store, _, _ = joined
    known = known_entities(store)
    assert known["ta-apt28"][0] == "Collective" and "FANCY BEAR" in known["ta-apt28"][2]
    text = "TEST TEXT. Officials in Berlin said Fancy Bear and Sandworm attacked the parliament."
    found = {m.entity for m in Extractor(known).extract(Article("doc-x", text, "test"), None).mentions}
    assert {"ta-apt28", "ta-sandworm"} <= found


def test_sponsor_actor_victim_projection(joined, files):
    from cyberkg.queries.projections import project, read_snapshot

    store, _, _ = joined
    graph = project(read_snapshot(store), "sponsor-actor-victim")
    sponsor_edges = [(u, v) for u, v, d in graph.edges(data=True) if d["role"] == "sponsor"]
    assert len(sponsor_edges) == 88
    edge = graph.edges["china", "ta-apt1"]
    assert edge["claimants"] == ["Council on Foreign Relations"] and edge["sources"] == ["misp-galaxy-threat-actor"]
    assert graph.edges["ta-apt1", "canada"]["role"] == "targets"
    assert all(graph.nodes[n]["class"] in ("State", "ThreatActor") for n in graph)


def test_entity_page_shows_synonyms_claims_and_sources(joined):
    from httphelp import get, running

    from cyberkg.queries.server import ServerConfig

    store, _, _ = joined
    with running(ServerConfig(store=str(store.path), port=0, quiet=True, workers=1)) as server:
        status, _, body = get(server, "/id/ta-apt1", Accept="text/html")
    page = body.decode("utf-8")
    assert status == 200
    for text in (
        "Comment Crew",
        "G0006",
        "misp-galaxy-threat-actor",
        "Operations of APT1",
        "attack.mitre.org",
        "CFR: APT1 — suspected state sponsor China",
        "MISP: APT1 — country of origin China",
        "CFR: APT1 targeted",
    ):
        assert text in page, text
    assert "/id/ta-apt1-operations" in page  # the claims are about the actor's operations, one link away


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("command", [["import", "misp-galaxy"], ["link", "--dataset", "country-codes"]])
def test_offline_without_a_path_says_what_to_download_and_touches_nothing(tmp_path, command):
    proxy = f"http://127.0.0.1:{_closed_port()}"
    env = {**os.environ, "HTTPS_PROXY": proxy, "https_proxy": proxy, "CYBERKG_CACHE": str(tmp_path / "cache")}
    env.pop("NO_PROXY", None), env.pop("no_proxy", None)
    store = tmp_path / "store"
    result = subprocess.run([*CYBERKG, *command, "--store", str(store)], capture_output=True, text=True, env=env)
    spec = MISP_THREAT_ACTORS if command[0] == "import" else COUNTRY_CODES
    assert result.returncode == 2, result.stderr
    assert spec.url in result.stderr and "Offline?" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not store.exists() and not (tmp_path / "cache").exists()


@pytest.fixture()
def file_server():
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SHARED))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_url_download_is_cached_and_size_limited(tmp_path, file_server):
    env = {**os.environ, "CYBERKG_CACHE": str(tmp_path / "cache"), "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    url = f"{file_server}/country-codes/country-codes.csv"
    small = subprocess.run(
        [*CYBERKG, "link", "--dataset", "country-codes", url, "--store", str(tmp_path / "s0")],
        capture_output=True,
        text=True,
        env={**env, "CYBERKG_DATASET_MAX_BYTES": "1000"},
    )
    assert small.returncode == 2 and "larger than the 1,000-byte limit" in small.stderr
    assert not (tmp_path / "s0").exists()
    first = subprocess.run(
        [*CYBERKG, "link", "--dataset", "country-codes", url, "--store", str(tmp_path / "s1")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert first.returncode == 0, first.stderr
    assert "194 Wikidata items" in first.stdout and "datasets/country-codes @ caa72d1e0e5a" in first.stdout
    cached = list((tmp_path / "cache" / "datasets" / "country-codes").iterdir())
    assert len(cached) == 1 and cached[0].read_bytes() == CODES_FILE.read_bytes()
    cached[0].write_bytes(cached[0].read_bytes())  # the server could now be gone: the rerun reads the cache
    again = subprocess.run(
        [*CYBERKG, "link", "--dataset", "country-codes", url, "--store", str(tmp_path / "s1")],
        capture_output=True,
        text=True,
        env={**env, "HTTP_PROXY": f"http://127.0.0.1:{_closed_port()}"},
    )
    assert again.returncode == 0 and again.stdout.startswith("unchanged")


def test_bad_files_get_one_line_and_change_nothing(tmp_path, joined, joined_nquads):
    store, _, _ = joined
    copy = copy_store(store, tmp_path / "copy")
    before = joined_nquads  # the copy's, as nothing has written to it yet
    broken = tmp_path / "broken.json"
    broken.write_text('{"values": [\n  {"value": "X", "uuid": "u"},\n  oops\n]}', encoding="utf-8")
    result = run_cli("import", "misp-galaxy", str(broken), "--store", str(copy.path))
    assert result.returncode == 2 and f"{broken}:3:" in result.stderr and len(result.stderr.splitlines()) == 1
    table = tmp_path / "codes.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run_cli("link", "--dataset", "country-codes", str(table), "--store", str(copy.path))
    assert result.returncode == 2 and "missing column(s)" in result.stderr
    copy.close()
    assert copy.dump_nquads() == before


def test_shacl_and_hermit_pass_on_the_joined_graph(joined_nquads):
    from cyberkg.graph.validate import validate_dataset

    ds = Dataset()
    ds.parse(data=joined_nquads.decode("utf-8"), format="nquads")
    report = validate_dataset(ds, reason=True)
    assert report.ok, report.lines()[:10]
    assert report.reasoner is not None and report.reasoner.individuals > 20_000
