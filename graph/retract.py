"""Retract a source: its named graph, its text, and what only it supported (README § Ingesting).

Kept apart from graph.merge (which needs the extractor and spaCy) so that dataset imports, which replace a
dataset's graph by retracting the old one, start fast.
"""

from __future__ import annotations

from cyberkg.errors import InputError, QueryError
from cyberkg.graph.store import Store
from cyberkg.namespaces import CURATION_GRAPH, DOC, GRAPH


def _count(store: Store) -> int:
    return int(next(iter(store.rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0] or 0)


def retract(store: Store, doc_id: str) -> int:
    """Remove a document's graph and what only it supports; returns merged-graph triples removed."""
    from cyberkg.queries.sparql_guard import iri_term

    try:  # the id comes from the command line: it enters the update only as a checked IRI term
        graph, doc = iri_term(str(GRAPH[doc_id])), iri_term(str(DOC[doc_id]))
    except QueryError:
        raise InputError(f"no document '{doc_id}' in the store (ids look like article-000 or doc-1a2b3c4d5e6f)") from None
    present = store.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}").askAnswer
    if not present:
        raise InputError(f"no document '{doc_id}' in the store (ids look like article-000 or doc-1a2b3c4d5e6f)")
    before = _count(store)
    documents = GRAPH["documents"]
    # Only the document's own triples are looked at (not the whole merged graph): the cost follows the
    # document, which matters for a dataset's graph of 100,000s of triples.
    store.update(f"""
DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {graph}) }} }} ;
DELETE {{ {doc} ?p ?o }} WHERE {{ GRAPH <{documents}> {{ {doc} ?p ?o }} }} ;
DELETE WHERE {{ GRAPH <{documents}> {{ {doc} ?p ?o }} }} ;
DELETE {{ {graph} ?p ?o }} WHERE {{ GRAPH <{CURATION_GRAPH}> {{ {graph} ?p ?o }} }} ;
DELETE WHERE {{ GRAPH <{CURATION_GRAPH}> {{ {graph} ?p ?o }} }} ;
DROP SILENT GRAPH {graph}""")
    return before - _count(store)
