"""Which engine materialises the entailments (graph/infer.py)? Measured on the same generated graph:

- rule table: our Python rules applied to the triples as the build streams them (the cost is the build
  with inference minus the build without it, bench/store.py);
- SPARQL: the same rules as SPARQL Update INSERTs run by Oxigraph over the loaded store;
- owlrl: the OWL 2 RL reference implementation over an rdflib graph (the merged graph plus the ontology).
Each runs in its own process. The SPARQL engine's result is compared with the rule table's, triple for triple.
Run through bench/store.py (`python -m bench.store`); a child here prints one JSON line.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from bench.common import CACHE, peak_rss_mb


def rules_as_sparql() -> str:
    """The rule table as SPARQL Update: inverses, symmetry, transitivity, superproperties, then types."""
    from cyberkg.graph.infer import BOOKKEEPING, DIRECT_TYPE, INFERRED, TYPE, ontology_rules

    r = ontology_rules()
    put = lambda s, p, o: f"INSERT {{ GRAPH {INFERRED} {{ {s} {p} {o} }} {s} {p} {o} }}"  # noqa: E731
    pairs = lambda items: " ".join(f"({a} {b})" for a, b in sorted(items))  # noqa: E731
    inverse = [(c, q) for c, q in r.inverse.items()] + [(q, c) for c, q in r.inverse.items()]
    ops = [
        put("?o", "?q", "?s") + f" WHERE {{ VALUES (?p ?q) {{ {pairs(inverse)} }} ?s ?p ?o FILTER NOT EXISTS {{ ?o ?q ?s }} }}"
    ]
    for p in sorted(r.symmetric):
        ops.append(put("?o", p, "?s") + f" WHERE {{ ?s {p} ?o FILTER NOT EXISTS {{ ?o {p} ?s }} }}")
    for c in sorted(r.transitive):
        for p in (c, r.inverse.get(c)):
            if p:
                ops.append(put("?s", p, "?o") + f" WHERE {{ ?s {p}/{p}+ ?o FILTER NOT EXISTS {{ ?s {p} ?o }} }}")
    supers = [(p, sp) for p, values in r.prop_supers.items() for sp in values]
    ops.append(
        put("?s", "?sp", "?o") + f" WHERE {{ VALUES (?p ?sp) {{ {pairs(supers)} }} ?s ?p ?o FILTER NOT EXISTS {{ ?s ?sp ?o }} }}"
    )
    classes = [(c, sup) for c, values in r.supers.items() for sup in values]
    ops.append(
        put("?s", TYPE, "?sup") + f" WHERE {{ VALUES (?c ?sup) {{ {pairs(classes)} }} ?s {TYPE} ?c "
        f"FILTER(?c NOT IN ({', '.join(BOOKKEEPING)})) FILTER NOT EXISTS {{ ?s {TYPE} ?sup }} }}"
    )
    own = [(c, sup) for c, values in r.own.items() for sup in values]
    ops.append(
        put("?s", DIRECT_TYPE, "?c") + f' WHERE {{ ?s {TYPE} ?c FILTER(STRSTARTS(STR(?c), "https://w3id.org/cyberkg/ontology#")) '
        f"FILTER(?c NOT IN ({', '.join(BOOKKEEPING)})) "
        f"FILTER NOT EXISTS {{ VALUES (?d ?c) {{ {pairs(own)} }} ?s {TYPE} ?d }} }}"
    )
    return " ;\n".join(ops)


def child_sparql(triples: int) -> dict:
    """Load the build's N-Quads without inference, then run the rules as SPARQL Update."""
    import pyoxigraph as ox

    work = CACHE / f"build-{triples}-noinfer"
    store = ox.Store(str(work / "sparql"))
    store.bulk_load(path=str(work / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    store.flush()
    start = time.perf_counter()
    store.update(rules_as_sparql())
    store.flush()
    elapsed = time.perf_counter() - start
    graph = ox.NamedNode("https://w3id.org/cyberkg/graph/inferred")
    got = {str(q.triple) for q in store.quads_for_pattern(None, None, None, graph)}
    ours = ox.Store.read_only(str(CACHE / f"build-{triples}" / "store"))
    expected = {str(q.triple) for q in ours.quads_for_pattern(None, None, None, graph)}
    return {"s": elapsed, "inferred": len(got), "same": got == expected, "rss_mb": peak_rss_mb()}


def child_owlrl(source: str, cap_s: int) -> dict:
    """owlrl's OWL 2 RL closure of the merged graph plus the ontology, stopped at `cap_s` seconds."""
    import signal

    import owlrl
    import pyoxigraph as ox
    from rdflib import Graph

    from cyberkg.graph.store import _to_rdflib
    from cyberkg.ontology.generate import ontology_graph

    graph = Graph()
    for quad in ox.parse(path=source, format=ox.RdfFormat.N_QUADS):
        if isinstance(quad.graph_name, ox.DefaultGraph):
            graph.add((_to_rdflib(quad.subject), _to_rdflib(quad.predicate), _to_rdflib(quad.object)))
    graph += ontology_graph()
    before = len(graph)

    def stop(*_):
        raise TimeoutError

    signal.signal(signal.SIGALRM, stop)
    signal.alarm(cap_s)
    start = time.perf_counter()
    try:
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
        finished = True
    except TimeoutError:
        finished = False
    signal.alarm(0)
    return {
        "s": time.perf_counter() - start,
        "finished": finished,
        "triples": before,
        "added": len(graph) - before,
        "rss_mb": peak_rss_mb(),
    }


def seed_nquads() -> str:
    """The packaged seed graph as N-Quads (no inference), for owlrl at the smallest size."""
    from cyberkg.graph.populate import populate_nquads
    from cyberkg.graph.seedset import load_seedset

    path = CACHE / "seed-noinfer.nq"
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        populate_nquads(load_seedset(), out, infer=False)
    return str(path)


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "sparql":
        print(json.dumps(child_sparql(int(sys.argv[2]))))
    elif kind == "owlrl":
        source = seed_nquads() if sys.argv[2] == "seed" else str(Path(sys.argv[2]))
        print(json.dumps(child_owlrl(source, int(sys.argv[3]))))
