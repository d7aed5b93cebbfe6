"""Materialised entailments (GraphDB-style forward chaining), kept in their own named graph ckg:inferred
and copied into the default graph like every other graph, so `?x a cko:Agreement` answers while
`GRAPH ?g` still tells asserted facts from inferred ones.

The rules are the OWL 2 RL rules our ontology (ontology/schema.py) relies on, compiled once into tables:
- cax-sco, cax-eqc1/2: every superclass of a node's classes, and the classes equivalent to them
  (cko:Person ≡ wd:Q5), transitively;
- prp-spo1: every superproperty of an asserted property (cko:date ⊑ dcterms:date), transitively;
- prp-inv1/2: inverses (hasParty / partyTo);
- prp-symp: symmetric properties (similarTo);
- prp-trp: the transitive closure of transitive properties (precededBy, happenedAfter; their inverses
  are transitive too);
plus cko:directType, the most specific of a node's cko classes (like sesame:directType), so queries never
recompute it. Left out, with reasons (README § The graph and its provenance): the schema-level closure
(rdfs:subClassOf among classes stays as declared, direct parents only), prp-dom/prp-rng (the build
already checks every domain and range, so on a graph that passes they entail nothing new about our
classes) and everything the ontology does not use (owl:sameAs, property chains, restrictions).

The engine is a rule table applied in one pass over the triples of the predicates it watches, inside the
stream the build already makes (+5–7% CPU on that step). Measured against it (bench/reason.py): Oxigraph
running the same rules as SPARQL INSERTs needs a second pass over the loaded store that took about as long
as the load itself (same 386,909 triples), and owlrl took 9.5 s on the 6,000-triple seed graph alone. It
is also the only one that is the same code on every backend. Terms are N-Triples strings throughout, so
the output is N-Quads lines or SPARQL data blocks with no conversion.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

from cyberkg.namespaces import CKO, GRAPH, INFERRED_GRAPH

if TYPE_CHECKING:
    from rdflib import Graph

    from cyberkg.graph.store import Readable, Store

T = TypeVar("T", str, tuple[str, str])  # what _chunks sorts: subjects or (subject, object) pairs

Triple = tuple[str, str, str]
TYPE = f"<{RDF.type}>"
DIRECT_TYPE = f"<{CKO.directType}>"
INFERRED = f"<{INFERRED_GRAPH}>"
# Evidence nodes (one per fact and source) get no entailments: cko:Evidence has no subclass, so it already is
# their direct type, and its one superclass (prov:Entity) plus a directType were about 70% of all entailments
# (+22% N-Quads lines to load, bench/results/store-full.md) for no question the graph is asked.
BOOKKEEPING = frozenset({f"<{CKO}Evidence>"})


@dataclass(frozen=True)
class Rules:
    supers: dict[str, frozenset[str]]  # class -> its strict superclasses and equivalent classes
    own: dict[str, frozenset[str]]  # cko class -> its strict cko superclasses (for directType)
    prop_supers: dict[str, frozenset[str]]  # property -> its strict superproperties
    canon: dict[str, tuple[str, bool]]  # property -> (the pair's canonical property, True for the inverse)
    inverse: dict[str, str]  # canonical property -> its inverse
    symmetric: frozenset[str]
    transitive: frozenset[str]

    @functools.cached_property
    def watched(self) -> frozenset[str]:
        """Predicates whose triples the rules read (their asserted triples must all be given to `entail`)."""
        out = {TYPE} | set(self.canon) | set(self.prop_supers)
        for values in self.prop_supers.values():
            out |= values
        return frozenset(out)

    @functools.cached_property
    def global_predicates(self) -> frozenset[str]:
        """Predicates of transitive properties, their inverses and superproperties: a change anywhere in
        such a chain can change entailments far away, so updates recompute them whole (they are few)."""
        out = set()
        for c in self.transitive:
            for p in (c, self.inverse.get(c)):
                if p:
                    out |= {p} | self.prop_supers.get(p, frozenset())
        return frozenset(out)


def _reach(edges: dict[str, set[str]], start: str) -> frozenset[str]:
    """Nodes reachable from `start` in one or more steps (`start` itself only through a cycle)."""
    seen, todo = set(), [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return frozenset(seen)


def compile_rules(graph: Graph) -> Rules:
    """The rule tables from an ontology graph (rdflib): only named classes and properties take part."""
    nt = lambda term: f"<{term}>"  # noqa: E731
    up: dict[str, set[str]] = defaultdict(set)
    for a, b in graph.subject_objects(RDFS.subClassOf):
        if isinstance(a, URIRef) and isinstance(b, URIRef) and b != OWL.Thing:
            up[nt(a)].add(nt(b))
    for a, b in graph.subject_objects(OWL.equivalentClass):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            up[nt(a)].add(nt(b))
            up[nt(b)].add(nt(a))
    supers = {c: s for c in list(up) if (s := _reach(up, c) - {c})}
    cko = f"<{CKO}"
    own = {c: frozenset(x for x in s if x.startswith(cko)) for c, s in supers.items() if c.startswith(cko)}
    pup: dict[str, set[str]] = defaultdict(set)
    for a, b in graph.subject_objects(RDFS.subPropertyOf):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            pup[nt(a)].add(nt(b))
    prop_supers = {p: s for p in list(pup) if (s := _reach(pup, p) - {p})}
    symmetric = {nt(p) for p in graph.subjects(RDF.type, OWL.SymmetricProperty)}
    transitive = {nt(p) for p in graph.subjects(RDF.type, OWL.TransitiveProperty)}
    canon: dict[str, tuple[str, bool]] = {p: (p, False) for p in symmetric | transitive}
    inverse: dict[str, str] = {}
    # URIRefs order as their strings (rdflib compares terms of one type by value)
    for x, y in sorted(graph.subject_objects(OWL.inverseOf), key=lambda pair: (str(pair[0]), str(pair[1]))):
        one, other = nt(x), nt(y)
        if other in transitive or other in symmetric or (one not in transitive | symmetric and other < one):
            one, other = other, one  # the canonical side carries the characteristics
        canon[one], canon[other], inverse[one] = (one, False), (one, True), other
    return Rules(supers, own, prop_supers, canon, inverse, frozenset(symmetric), frozenset(transitive))


@functools.lru_cache(maxsize=1)
def ontology_rules() -> Rules:
    from cyberkg.ontology.generate import ontology_graph

    return compile_rules(ontology_graph())


class Materialiser:
    """Give it every asserted triple of the watched predicates (duplicates are fine), then ask for the
    entailments. Memory: one entry per typed node plus the watched property triples."""

    def __init__(self, rules: Rules | None = None) -> None:
        self.rules = rules or ontology_rules()
        # each node's asserted classes, as shared frozensets: millions of evidence nodes, a few distinct sets
        self.types: dict[str, frozenset[str]] = {}
        self._sets: dict[frozenset[str], frozenset[str]] = {}
        self.asserted: set[Triple] = set()  # watched property triples (not types)
        self.edges: dict[str, set[tuple[str, str]]] = defaultdict(set)

    def add(self, s: str, p: str, o: str) -> None:
        if p == TYPE:
            classes = self.types.get(s, frozenset()) | {o}
            self.types[s] = self._sets.setdefault(classes, classes)
            return
        self.asserted.add((s, p, o))
        pair = self.rules.canon.get(p)
        if pair is not None:
            self.edges[pair[0]].add((o, s) if pair[1] else (s, o))

    def add_all(self, triples: Iterable[Triple]) -> Materialiser:
        watched = self.rules.watched
        for s, p, o in triples:
            if p in watched:
                self.add(s, p, o)
        return self

    def inferred(self) -> Iterator[Triple]:
        """Every entailed triple that is not asserted, each once (directType included)."""
        yield from self._types()
        seen: set[Triple] = set()
        for triple in self._properties():
            if triple not in self.asserted and triple not in seen:
                seen.add(triple)
                yield triple

    def _types(self) -> Iterator[Triple]:
        memo: dict[frozenset, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        for s, classes in self.types.items():
            if classes <= BOOKKEEPING:
                continue
            if classes not in memo:
                memo[classes] = self._classify(classes)
            more, direct = memo[classes]
            for c in more:
                yield s, TYPE, c
            for c in direct:
                yield s, DIRECT_TYPE, c

    def _classify(self, classes: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        supers, own = self.rules.supers, self.rules.own
        full = set(classes)
        for c in classes:
            full |= supers.get(c, frozenset())
        mine = [c for c in classes if c in own or c.startswith(f"<{CKO}")]
        covered = set().union(*(own.get(c, frozenset()) for c in mine)) if mine else set()
        return tuple(sorted(full - classes)), tuple(sorted(c for c in mine if c not in covered))

    def _properties(self) -> Iterator[Triple]:
        rules = self.rules
        derived: list[Triple] = [t for t in self.asserted if t[1] in rules.prop_supers]
        for c, edges in self.edges.items():
            if c in rules.symmetric:
                edges = edges | {(b, a) for a, b in edges}
            if c in rules.transitive:
                edges = _closure(edges)
            inverse = rules.inverse.get(c)
            for a, b in edges:
                derived.append((a, c, b))
                if inverse:
                    derived.append((b, inverse, a))
        for s, p, o in derived:
            yield s, p, o
            for sp in rules.prop_supers.get(p, ()):
                yield s, sp, o


def _closure(edges: set[tuple[str, str]]) -> set[tuple[str, str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        out[a].add(b)
    return {(a, b) for a in list(out) for b in _reach(out, a)}


def nquads_lines(triples: Iterable[Triple]) -> Iterator[str]:
    """Each inferred triple in ckg:inferred and in the default (merged) graph, as N-Quads lines."""
    for s, p, o in triples:
        yield f"{s} {p} {o} {INFERRED} .\n{s} {p} {o} .\n"


# -- keeping a store's inferred graph exact after a merge or a retraction ----------------------------
# Every rule but transitivity is local: a node's class entailments follow from its own classes, and a
# property triple's entailments (inverse, mirror, superproperties) join the same two nodes. So an update
# recomputes the types of the nodes whose classes changed and the entailments between the two ends of each
# changed triple, plus the whole of the (small) transitive families, and writes the difference;
# tests/test_inference.py checks the result against a full recompute.


@dataclass
class Delta:
    insert: set[Triple]
    delete: set[Triple]  # from ckg:inferred
    delete_merged: set[Triple]  # from the merged graph too: no longer entailed and not asserted

    def __bool__(self) -> bool:
        return bool(self.insert or self.delete)


_OURS = f'STRSTARTS(STR(?g), "{GRAPH}") && ?g != {INFERRED}'


def _values(terms: Iterable[str]) -> str:
    return " ".join(sorted(terms))


def read_triples(store: Readable, sparql: str) -> Iterator[Triple]:
    from cyberkg.graph.terms import nt_term

    result = store.query(sparql)
    for row in result.bindings:
        yield tuple(nt_term(row[v]) for v in result.vars or [])  # type: ignore[misc]


def _chunks(items: Iterable[T], size: int = 300) -> Iterator[list[T]]:
    ordered = sorted(items)
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


@dataclass
class Region:
    """Where a change can alter entailments: the types of `subjects`, and the property entailments between
    the two ends of each changed property triple (`pairs`, both ways round)."""

    subjects: set[str]
    pairs: set[tuple[str, str]]

    def holds(self, triple: Triple) -> bool:
        if triple[1] in (TYPE, DIRECT_TYPE):
            return triple[0] in self.subjects
        return (triple[0], triple[2]) in self.pairs


def touched(triples: Iterable[Triple]) -> Region:
    """The region of a change to these (watched) triples."""
    region = Region(set(), set())
    for s, p, o in triples:
        if s.startswith("_:") or o.startswith("_:"):  # the ontology's OWL expressions: no instance entailments
            continue
        if p == TYPE:
            if o not in BOOKKEEPING:  # evidence nodes entail nothing
                region.subjects.add(s)
        else:
            region.pairs.add((s, o))
            if not o.startswith('"'):
                region.pairs.add((o, s))
    return region


def _queries(region: Region | None, graph: str, rules: Rules) -> list[str]:
    """SELECT ?s ?p ?o over the triples of `graph` (a graph pattern term or ?g) in the region (None: all)."""
    where = f"GRAPH {graph} {{ ?s ?p ?o }}" + (f" FILTER({_OURS})" if graph == "?g" else "")
    if region is None:
        return [f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {_values(rules.watched | {DIRECT_TYPE})} }} {where} }}"]
    out = [f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {_values(rules.global_predicates)} }} {where} }}"]
    for chunk in _chunks(region.subjects):
        # all their triples, types picked out by the caller: a second VALUES (for ?p) makes Oxigraph 70x slower
        out.append(f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {' '.join(chunk)} }} {where} }}")
    for pair_chunk in _chunks(region.pairs):
        pairs = " ".join(f"({a} {b})" for a, b in pair_chunk)
        out.append(f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES (?s ?o) {{ {pairs} }} {where} }}")
    return out


def asserted_triples(store: Readable, region: Region | None, exclude: str | None = None) -> set[Triple]:
    """Watched triples of every graph but ckg:inferred in the region (None: all), plus the transitive
    families whole; `exclude`: a SPARQL condition on ?g, ?s, ?p, ?o for quads about to be deleted."""
    rules = ontology_rules()
    graph = "?g"
    out: set[Triple] = set()
    for sparql in _queries(region, graph, rules):
        if exclude:
            sparql = sparql.replace(f"FILTER({_OURS})", f"FILTER({_OURS} && !({exclude}))")
        out.update(
            t
            for t in read_triples(store, sparql)
            if t[1] in rules.watched and (region is None or region.holds(t) or t[1] in rules.global_predicates)
        )
    return out


def inferred_triples(store: Readable, region: Region | None) -> set[Triple]:
    """What ckg:inferred holds now, in the region (None: all), plus the transitive families whole."""
    if region is None:
        return set(read_triples(store, f"SELECT ?s ?p ?o WHERE {{ GRAPH {INFERRED} {{ ?s ?p ?o }} }}"))
    out: set[Triple] = set()
    for sparql in _queries(region, INFERRED, ontology_rules()):
        out.update(t for t in read_triples(store, sparql) if region.holds(t) or t[1] in ontology_rules().global_predicates)
    return out


def delta(store: Readable, region: Region | None, exclude: str | None = None, added: Iterable[Triple] = ()) -> Delta:
    """How ckg:inferred must change once `added` is asserted and the quads matching `exclude` (a SPARQL
    condition, see asserted_triples) are gone (region None: all)."""
    rules = ontology_rules()
    asserted = asserted_triples(store, region, exclude) | {t for t in added if t[1] in rules.watched}
    fresh = set(Materialiser(rules).add_all(asserted).inferred())
    if region is not None:
        fresh = {t for t in fresh if t[1] in rules.global_predicates or region.holds(t)}
    current = inferred_triples(store, region)
    gone = current - fresh
    return Delta(fresh - current, gone, gone - asserted)


def recompute(store: Readable) -> set[Triple]:
    """The entailments of the store's asserted graphs from scratch (what ckg:inferred should hold)."""
    return set(Materialiser().add_all(asserted_triples(store, None)).inferred())


def watched_triples(nquads_data: bytes) -> set[Triple]:
    """The watched triples among N-Quads lines (e.g. what a merge is about to add)."""
    import pyoxigraph as ox

    watched = ontology_rules().watched
    out = set()
    for quad in ox.parse(nquads_data, format=ox.RdfFormat.N_QUADS):
        p = str(quad.predicate)
        if p in watched:
            out.add((str(quad.subject), p, str(quad.object)))
    return out


def update_sparql(change: Delta, merged: str | None = "") -> str:
    """SPARQL Update for a Delta. `merged`: "" for the default graph, an IRI for a store that keeps the
    merged graph in a named graph, None where the default graph is the union of the named graphs."""

    def block(triples: set[Triple], graph: str | None) -> str:
        lines = "\n".join(f"{s} {p} {o} ." for s, p, o in sorted(triples))
        return f"GRAPH {graph} {{\n{lines}\n}}" if graph else lines

    ops = []
    targets = [INFERRED] + ([f"<{merged}>" if merged else ""] if merged is not None else [])
    if change.delete:
        ops.append("DELETE DATA {\n" + block(change.delete, INFERRED) + "\n}")
    if change.delete_merged and merged is not None:
        ops.append("DELETE DATA {\n" + block(change.delete_merged, f"<{merged}>" if merged else None) + "\n}")
    if change.insert:  # one operation per graph; rdflib's INSERT DATA fails on default-graph triples,
        # the equivalent template form with an empty WHERE works everywhere
        ops += ["INSERT {\n" + block(change.insert, g or None) + "\n} WHERE {}" for g in targets]
    return " ;\n".join(ops)


def merged_mode(store: Readable) -> str | None:
    """Where `store` keeps the merged graph (see update_sparql)."""
    mode = getattr(getattr(store, "config", None), "merged_graph", None)
    return None if mode == "union" else (mode or "")


def refresh_sparql(store: Readable) -> str:
    """The update that makes ckg:inferred exact again after an arbitrary SPARQL Update (the server's /update):
    what such an update touched is not known without reading it all, so the entailments are recomputed over
    the whole store and only the difference is written (7.9 s at 1.2M triples, bench/results/store.md)."""
    return update_sparql(delta(store, None), merged_mode(store))


def add_with_entailments(store: Store, nquads: bytes) -> None:
    """Add asserted quads and, in the same write, what they entail and the deletion of the entailments they
    make stale (a class no longer the most specific, a fact now asserted): merge and dataset imports."""
    added = watched_triples(nquads)
    change = delta(store, touched(added), added=added)
    stale = update_sparql(Delta(set(), change.delete, change.delete_merged), merged_mode(store))
    store.add_nquads(nquads + "".join(nquads_lines(sorted(change.insert))).encode("utf-8"), then=stale or None)


nquads = nquads_lines  # the name the build and sinks use
