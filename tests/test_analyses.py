"""Projections and analyses give the exact expected answers on the seed graph, on both backends."""

from __future__ import annotations

import datetime as dt
import json

import networkx as nx
import pytest
from clihelp import run_cli

from cyberkg.errors import UsageError
from cyberkg.queries import analyses
from cyberkg.queries.projections import actor_event_graph, actor_graph, entity_graph, read_snapshot
from cyberkg.queries.runner import run_query


@pytest.fixture(scope="module")
def snap(built_store):
    return read_snapshot(built_store, with_quotes=True)


@pytest.fixture(scope="module")
def entities(snap):
    return entity_graph(snap)


def test_entity_graph_is_a_function_of_the_store(built_store, entities):
    """Every typed entity and every object-property link between entities, counted independently by SPARQL."""
    result = run_query(
        built_store,
        """
        PREFIX cko: <https://w3id.org/cyberkg/ontology#>
        SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
          ?e a ?c . FILTER(STRSTARTS(STR(?e), "https://w3id.org/cyberkg/id/"))
          FILTER(STRSTARTS(STR(?c), STR(cko:)))
          FILTER NOT EXISTS { ?e a cko:Evidence } FILTER NOT EXISTS { ?e a cko:Mapping }
        }""",
    )
    typed = int(next(iter(result))[0])
    topics = sum(1 for _, d in entities.nodes(data=True) if d["group"] == "Topic")
    assert entities.number_of_nodes() == typed + topics
    links = run_query(
        built_store,
        """
        PREFIX cko: <https://w3id.org/cyberkg/ontology#>
        SELECT (COUNT(*) AS ?n) WHERE {
          ?s ?p ?o . FILTER(STRSTARTS(STR(?p), STR(cko:)) && isIRI(?o))
          FILTER(STRSTARTS(STR(?s), "https://w3id.org/cyberkg/id/") && !STRSTARTS(STR(?s), "https://w3id.org/cyberkg/id/evidence/"))
          FILTER(STRSTARTS(STR(?o), "https://w3id.org/cyberkg/id/") || STRSTARTS(STR(?o), "https://w3id.org/cyberkg/topic/"))
          FILTER(?p != cko:datePrecision)
          FILTER EXISTS { ?o a ?anything }
          FILTER NOT EXISTS { GRAPH <https://w3id.org/cyberkg/graph/inferred> { ?s ?p ?o } }  # links as asserted
        }""",
    )
    assert entities.number_of_edges() == int(next(iter(links))[0])


def test_edges_keep_predicate_sources_and_quotes(entities):
    edge = entities.get_edge_data("ca-cn-agreement-2017", "canada")["hasParty"]
    assert edge["predicate"] == "hasParty" and edge["label"] == "has party"
    assert edge["sources"] == ["article-000", "article-001"]
    assert edge["date"] == "2017-06-22"
    assert {doc for doc, _ in edge["quotes"]} == {"article-000", "article-001"}


def test_both_backends_project_the_same_graph(built_store, memory_store):
    a, b = entity_graph(read_snapshot(built_store)), entity_graph(read_snapshot(memory_store))
    assert sorted(a.nodes(data=True)) == sorted(b.nodes(data=True))
    assert sorted(a.edges(keys=True)) == sorted(b.edges(keys=True))


def test_path_from_trudeau_to_the_nrc_intrusion_goes_through_canada(entities):
    table = analyses.explain_paths(entities, "Justin Trudeau", "nrc-intrusion-2014")
    shortest = table.rows[0]
    assert shortest[1] == 5 and "canada" in shortest[3]
    assert shortest[3][0] == "justin-trudeau" and shortest[3][-1] == "nrc-intrusion-2014"
    assert all(row[1] >= shortest[1] for row in table.rows)
    # each step is a sentence with its sources
    assert shortest[2][0] == "Justin Trudeau —holds post→ Prime Minister of Canada [article-001]"
    assert all(sentence.endswith("]") for row in table.rows for sentence in row[2])
    text = analyses.render_paths(table)
    assert text.splitlines()[1] == "1. (5 steps)"


def test_most_central_actor_is_china(snap):
    """China is party to every agreement in the corpus and the subject of every attribution claim."""
    table = analyses.centrality(actor_graph(snap))
    assert [row[0] for row in table.rows[:2]] == ["china", "canada"]
    by_betweenness = max(table.rows, key=lambda r: r[5])
    assert by_betweenness[0] == "china"


def test_time_slice_leaves_out_what_had_not_happened(snap):
    before = entity_graph(snap, as_of=dt.date(2016, 1, 1))
    assert "nrc-intrusion-2014" in before and "us-cn-understanding-2015" in before
    assert "ca-cn-agreement-2017" not in before and "pm-call" not in before
    assert "canada" in before  # undated entities stay
    full_actor, old_actor = actor_graph(snap), actor_graph(snap, as_of=dt.date(2016, 1, 1))
    assert old_actor.number_of_edges() < full_actor.number_of_edges()
    assert not old_actor.has_edge("daniel-jean", "wang-yongqing")
    assert full_actor.has_edge("daniel-jean", "wang-yongqing")


def test_actor_graph_weights_count_shared_hubs(snap):
    graph = actor_graph(snap)
    edge = graph.edges["canada", "china"]
    assert edge["weight"] == len(edge["via"]) >= 4
    assert "China–Canada agreement against economic cyber espionage (2017)" in edge["via"]
    assert all(d["group"] in ("State", "Person", "Organisation", "Collective") for _, d in graph.nodes(data=True))


def test_actor_event_graph_is_bipartite(snap):
    graph = actor_event_graph(snap)
    assert nx.is_bipartite(graph)
    actors = {n for n, d in graph.nodes(data=True) if d["bipartite"] == 0}
    assert "justin-trudeau" in actors and "pm-call" not in actors
    assert graph.edges["justin-trudeau", "pm-call"]["roles"] == ["participant"]


def test_communities_are_deterministic_and_partition_the_actors(snap):
    graph = actor_graph(snap)
    first, second = analyses.communities(graph), analyses.communities(graph)
    assert first.rows == second.rows
    members = [m for row in first.rows for m in row[2]]
    assert len(members) == len(set(members)) == graph.number_of_nodes()


def test_components_and_ego(entities):
    components = analyses.components(entities)
    assert components.rows[0][1] == entities.number_of_nodes()  # the seed graph is connected
    sub, table = analyses.ego(entities, "canada")
    neighbours = {row[0] for row in table.rows}
    assert {"gov-canada", "daniel-jean", "nrc", "ca-cn-agreement-2017"} <= neighbours
    assert all(row[3] == 1 for row in table.rows) and sub.number_of_nodes() == len(neighbours) + 1


def test_timeline_is_chronological_with_precision(entities):
    rows = analyses.timeline(entities).rows
    assert rows[0][-1] == "nrc-intrusion-2014" and rows[0][3] == "year"
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    call = next(r for r in rows if r[-1] == "pm-call")
    assert call[2] == "2017-06-18" and call[3] == "day" and call[6] is True


def test_find_node_by_label_alias_and_part(entities):
    assert analyses.find_node(entities, "JUSTIN TRUDEAU") == "justin-trudeau"
    assert analyses.find_node(entities, "intrusion into the national research") == "nrc-intrusion-2014"
    with pytest.raises(UsageError, match="could be any of"):
        analyses.find_node(entities, "trudeau")
    with pytest.raises(UsageError, match="no entity"):
        analyses.find_node(entities, "Atlantis")


def test_analyze_cli_json(built_store):
    run = run_cli("analyze", "centrality", "--store", built_store.location, "--json", "--top", "1")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["rows"][0]["id"] == "china"
    bad = run_cli("analyze", "timeline", "--store", built_store.location, "--as-of", "June 2017")
    assert bad.returncode == 64 and bad.stderr.count("\n") == 1 and "--as-of" in bad.stderr
