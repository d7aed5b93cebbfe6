"""Materialised entailments (graph/infer.py): `?x a cko:Agreement` answers on every backend, `GRAPH ?g` tells
asserted from inferred, cko:directType is recorded, and merge and retract keep ckg:inferred exact
(compared with a full recompute)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cyberkg.graph import infer
from cyberkg.graph.extract import Extractor
from cyberkg.graph.merge import known_entities, merge, retract, write_candidates
from cyberkg.graph.reader import read_article
from cyberkg.graph.store import MemoryStore, OxigraphStore
from cyberkg.namespaces import CKO, CKR, INFERRED_GRAPH, sparql_prologue

TEXTS = Path(__file__).parent / "data" / "texts"
AGREEMENTS = {"ca-cn-agreement-2017", "us-cn-understanding-2015", "cn-ca-cooperation-framework"}


def ids(store, sparql: str) -> set[str]:
    return {row[0].rsplit("/", 1)[-1] for row in store.rows(sparql_prologue() + sparql)}


def asserted_under(store, cls: str) -> set[str]:
    """Nodes whose asserted classes are `cls` or below it, found the old way (no materialised types)."""
    return ids(
        store,
        f"""SELECT DISTINCT ?x WHERE {{ GRAPH ?g {{ ?x a ?k }} ?k rdfs:subClassOf* cko:{cls}
        FILTER(?g != <{INFERRED_GRAPH}>) }}""",
    )


@pytest.mark.parametrize("cls", ["Agreement", "Event", "Claim", "Organisation", "Agent", "Statement", "Incident"])
def test_superclasses_answer_on_every_backend(any_store, cls):
    got = ids(any_store, f"SELECT ?x WHERE {{ ?x a cko:{cls} }}")
    assert got and got == asserted_under(any_store, cls)
    if cls == "Agreement":
        assert AGREEMENTS <= got


def test_graph_tells_asserted_from_inferred(any_store):
    rows = lambda q: set(any_store.rows(sparql_prologue() + q))  # noqa: E731
    graphs = rows("SELECT ?g WHERE { GRAPH ?g { ckr:ca-cn-agreement-2017 a ?c } FILTER(?c = cko:Agreement) }")
    assert graphs == {(str(INFERRED_GRAPH),)}
    asserted = rows("SELECT DISTINCT ?g WHERE { GRAPH ?g { ckr:ca-cn-agreement-2017 a cko:FormalAgreement } }")
    assert asserted and (str(INFERRED_GRAPH),) not in asserted
    # an entity typed with Wikidata's class through owl:equivalentClass, and a superproperty
    assert any_store.query(sparql_prologue() + "ASK { ckr:canada a wd:Q3624078 }").askAnswer


def test_direct_type_inverse_and_symmetric(any_store):
    direct = ids(any_store, "SELECT ?k WHERE { ckr:ca-cn-agreement-2017 cko:directType ?k }")
    assert direct == {"ontology#FormalAgreement", "ontology#BilateralAgreement"}
    assert ids(any_store, "SELECT ?a WHERE { ckr:canada cko:partyTo ?a }") >= {"ca-cn-agreement-2017"}
    assert ids(any_store, "SELECT ?a WHERE { ckr:us-cn-understanding-2015 cko:similarTo ?a }") == {"ca-cn-agreement-2017"}
    assert ids(any_store, "SELECT ?a WHERE { ckr:us-cn-understanding-2015 cko:precedes ?a }") == {"ca-cn-agreement-2017"}
    # no triple is both asserted and inferred; directType is never asserted
    assert not any_store.query(
        sparql_prologue()
        + f"""ASK {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }}
        GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{INFERRED_GRAPH}>) }}"""
    ).askAnswer


def test_inferred_graph_is_exactly_the_recomputed_closure_on_every_backend(any_store):
    assert infer.inferred_triples(any_store, None) == infer.recompute(any_store)
    merged = set(
        infer.read_triples(
            any_store,
            f"""SELECT ?s ?p ?o WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }}
        FILTER NOT EXISTS {{ ?s ?p ?o }} }}""",
        )
    )
    assert not merged  # every inferred triple is in the default (merged) graph too


@pytest.fixture()
def store(built_store, tmp_path) -> OxigraphStore:
    copy = OxigraphStore(tmp_path / "store", create=True)
    copy.replace_all(built_store.dump_nquads())
    return copy


def test_merge_and_retract_keep_the_inferred_graph_exact(store, tmp_path):
    before = infer.inferred_triples(store, None)
    known = known_entities(store)
    article = read_article(TEXTS / "estonia-finland.md")
    write_candidates(Extractor(known).extract(article, dt.date(2024, 1, 1)), tmp_path / "cand", known)
    result = merge(store, tmp_path / "cand")
    after_merge = infer.inferred_triples(store, None)
    assert after_merge == infer.recompute(store) and len(after_merge) > len(before)
    new_agreements = ids(store, f"SELECT ?a WHERE {{ ?a a cko:Agreement FILTER(CONTAINS(STR(?a), '{result.documents[0]}')) }}")
    assert new_agreements  # the merged agreement answers `a cko:Agreement` at once
    retract(store, result.documents[0])
    assert infer.inferred_triples(store, None) == infer.recompute(store) == before


NQ = """
<{r}a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{o}FormalAgreement> <{g}d1> .
<{r}b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{o}Agreement> <{g}d1> .
<{r}c> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{o}Agreement> <{g}d2> .
<{r}a> <{o}precededBy> <{r}b> <{g}d1> .
<{r}b> <{o}precededBy> <{r}c> <{g}d2> .
<{r}c> <{o}precedes> <{r}d> <{g}d1> .
"""


def _tiny_store() -> MemoryStore:
    store = MemoryStore()
    lines = NQ.format(r=CKR, o=CKO, g="https://w3id.org/cyberkg/graph/").strip().splitlines()
    store.replace_all(("\n".join(lines + [line.rsplit(" <", 1)[0] + " ." for line in lines]) + "\n").encode())
    change = infer.delta(store, None)
    store.update(infer.update_sparql(change))
    return store


def test_transitive_chains_and_their_retraction():
    store = _tiny_store()
    before = ids(store, "SELECT ?x WHERE { ckr:a cko:precededBy ?x }")
    assert before == {"b", "c"}  # a after b after c (transitive)
    assert ids(store, "SELECT ?x WHERE { ckr:d cko:precededBy ?x }") == {"c"}  # stated the other way round
    assert ids(store, "SELECT ?x WHERE { ckr:c cko:precedes ?x }") == {"a", "b", "d"}
    assert ids(store, "SELECT ?x WHERE { ckr:b cko:precedes ?x }") == {"a"}
    assert ids(store, "SELECT ?k WHERE { ckr:a cko:directType ?k }") == {"ontology#FormalAgreement"}
    # retracting d2 breaks the chain at b → c: a keeps only b
    gone = set(infer.read_triples(store, "SELECT ?s ?p ?o WHERE { GRAPH <https://w3id.org/cyberkg/graph/d2> { ?s ?p ?o } }"))
    change = infer.delta(store, infer.touched(gone), exclude="?g = <https://w3id.org/cyberkg/graph/d2>")
    store.update(
        "DROP GRAPH <https://w3id.org/cyberkg/graph/d2> ; DELETE { ?s ?p ?o } WHERE { ?s ?p ?o "
        "FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } } ;\n" + infer.update_sparql(change)
    )
    assert ids(store, "SELECT ?x WHERE { ckr:a cko:precededBy ?x }") == {"b"}
    assert ids(store, "SELECT ?x WHERE { ckr:c cko:precedes ?x }") == {"d"}
    assert ids(store, "SELECT ?x WHERE { ?x a cko:Agreement }") == {"a", "b"}  # c's only type was in d2
    assert infer.inferred_triples(store, None) == infer.recompute(store)


def test_rules_come_from_the_ontology():
    rules = infer.ontology_rules()
    o = lambda name: f"<{CKO}{name}>"  # noqa: E731
    assert o("Agreement") in rules.supers[o("FormalAgreement")]
    assert "<http://www.wikidata.org/entity/Q5>" in rules.supers[o("Person")]
    assert rules.canon[o("partyTo")] == (o("hasParty"), True)
    assert rules.transitive == {o("precededBy"), o("happenedAfter")} and rules.symmetric == {o("similarTo")}
    assert "<http://purl.org/dc/terms/date>" in rules.prop_supers[o("date")]


def test_a_fact_asserted_after_being_inferred_moves_out_of_the_inferred_graph_and_back(store):
    from cyberkg.graph.infer import add_with_entailments

    before = infer.inferred_triples(store, None)
    doc = "https://w3id.org/cyberkg/graph/doc-test-asserted"
    facts = [
        f"<{CKR}canada> <{CKO}partyTo> <{CKR}ca-cn-agreement-2017>",  # inferred from hasParty until now
        f"<{CKR}ca-cn-agreement-2017> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{CKO}Agreement>",
    ]
    add_with_entailments(store, "".join(f"{t} <{doc}> .\n{t} .\n" for t in facts).encode())
    now = infer.inferred_triples(store, None)
    assert now == infer.recompute(store) and len(now) == len(before) - 2
    for fact in facts:
        assert store.query(f"ASK {{ {fact} }}").askAnswer  # still in the merged graph
        assert not store.query(f"ASK {{ GRAPH <{INFERRED_GRAPH}> {{ {fact} }} }}").askAnswer
    retract(store, "doc-test-asserted")
    assert infer.inferred_triples(store, None) == infer.recompute(store) == before
    assert all(store.query(f"ASK {{ GRAPH <{INFERRED_GRAPH}> {{ {fact} }} }}").askAnswer for fact in facts)


def test_a_sparql_update_through_the_server_keeps_the_inferred_graph_exact(built_store, tmp_path):
    """/update may change anything: the entailments are recomputed in the same write, so an agreement inserted
    into a source graph answers `a cko:Agreement` at once, and deleting it takes its entailments with it."""
    import shutil
    import urllib.parse

    from httphelp import http, running

    from cyberkg.queries.server import ServerConfig

    token = "infer-test-token"
    target = tmp_path / "served"
    shutil.copytree(built_store.path, target)
    before = infer.inferred_triples(built_store, None)
    graph = "<https://w3id.org/cyberkg/graph/doc-test-update>"
    facts = (
        "ckr:test-accord a cko:FormalAgreement ; cko:hasParty ckr:canada ; rdfs:label 'Test accord' . "
        "ckr:canada cko:partyTo ckr:us-cn-understanding-2015 ."
    )  # the second one was inferred until now
    body = "{ GRAPH " + graph + " { " + facts + " } " + facts + " }"

    def post(text: str) -> None:
        status, _, answer = http(
            srv.url + "/sparql",
            urllib.parse.urlencode({"update": text}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Authorization": f"Bearer {token}"},
        )
        assert status == 200, answer

    with running(ServerConfig(store=str(target), port=0, quiet=True, allow_update=True, token=token)) as srv:
        post("INSERT DATA " + body)
        store = OxigraphStore(target)
        now = infer.inferred_triples(store, None)
        assert now == infer.recompute(store) and now != before
        assert "test-accord" in ids(store, "SELECT ?a WHERE { ?a a cko:Agreement }")
        assert ids(store, "SELECT ?k WHERE { ckr:test-accord cko:directType ?k }") == {"ontology#FormalAgreement"}
        assert ids(store, "SELECT ?a WHERE { ckr:canada cko:partyTo ?a }") >= {"test-accord"}
        assert not store.query(
            sparql_prologue()
            + f"""ASK {{ GRAPH <{INFERRED_GRAPH}> {{
            ckr:canada cko:partyTo ckr:us-cn-understanding-2015 }} }}"""
        ).askAnswer  # asserted now, not inferred
        post("DELETE DATA " + body)
        store.refresh()
        assert infer.inferred_triples(store, None) == infer.recompute(store) == before
        assert "test-accord" not in ids(store, "SELECT ?a WHERE { ?a a cko:Agreement }")
