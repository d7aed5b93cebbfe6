"""Retract a source: its named graph, its text, and what only it supported (README § Ingesting).

Kept apart from graph.merge (which needs the extractor and spaCy) so that dataset imports, which replace a
dataset's graph by retracting the old one, start fast.
"""

from __future__ import annotations

from cyberkg.errors import InputError, QueryError
from cyberkg.graph.store import Store
from cyberkg.namespaces import CURATION_GRAPH, DOC, GRAPH, INFERRED_GRAPH


def _count(store: Store) -> int:
    return int(next(iter(store.rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0] or 0)


def retract(store: Store, doc_id: str) -> int:
    """Remove a document's graph and what only it supports, consequences included (in the same update, the
    entailments touching its nodes are recomputed without it: graph/infer.py); returns merged-graph
    triples removed."""
    from cyberkg.graph import infer
    from cyberkg.queries.sparql_guard import iri_term

    try:  # the id comes from the command line: it enters the update only as a checked IRI term
        graph, doc = iri_term(str(GRAPH[doc_id])), iri_term(str(DOC[doc_id]))
    except QueryError:
        raise InputError(f"no document '{doc_id}' in the store (ids look like article-000 or doc-1a2b3c4d5e6f)") from None
    present = store.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}").askAnswer
    if not present or graph == f"<{INFERRED_GRAPH}>":
        raise InputError(f"no document '{doc_id}' in the store (ids look like article-000 or doc-1a2b3c4d5e6f)")
    before = _count(store)
    documents = GRAPH["documents"]
    # what the update below deletes: the document's graph, its entry in ckg:documents, its curation note
    deleted = f"?g = {graph} || (?g = <{documents}> && ?s = {doc}) || (?g = <{CURATION_GRAPH}> && ?s = {graph})"
    watched = infer.ontology_rules().watched
    gone = {
        t
        for sparql in (
            f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}",
            f"SELECT ?s ?p ?o WHERE {{ GRAPH <{documents}> {{ {doc} ?p ?o }} BIND({doc} AS ?s) }}",
            f"SELECT ?s ?p ?o WHERE {{ GRAPH <{CURATION_GRAPH}> {{ {graph} ?p ?o }} BIND({graph} AS ?s) }}",
        )
        for t in infer.read_triples(store, sparql)
        if t[1] in watched
    }
    inferred = infer.update_sparql(infer.delta(store, infer.touched(gone), exclude=deleted), infer.merged_mode(store))
    # Only the document's own triples are looked at (not the whole merged graph): the cost follows the
    # document, which matters for a dataset's graph of 100,000s of triples.
    store.update(
        f"""
DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {graph}) }} }} ;
DELETE {{ {doc} ?p ?o }} WHERE {{ GRAPH <{documents}> {{ {doc} ?p ?o }} }} ;
DELETE WHERE {{ GRAPH <{documents}> {{ {doc} ?p ?o }} }} ;
DELETE {{ {graph} ?p ?o }} WHERE {{ GRAPH <{CURATION_GRAPH}> {{ {graph} ?p ?o }} }} ;
DELETE WHERE {{ GRAPH <{CURATION_GRAPH}> {{ {graph} ?p ?o }} }} ;
DROP SILENT GRAPH {graph}"""
        + (f" ;\n{inferred}" if inferred else "")
    )
    return before - _count(store)
