"""Where populated quads go: an rdflib Dataset (small graphs that are validated with pySHACL and HermiT)
or an N-Quads stream (the bulk path: large graphs go straight to the engine's bulk loader, never through
rdflib's per-triple `add`). Both also give every triple to the default graph, the merged graph."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, NamedTuple, Protocol

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD
from rdflib.term import Node

from cyberkg.graph.terms import nt_string, nt_term
from cyberkg.namespaces import CKO, DOC, GRAPH, bind_all

if TYPE_CHECKING:
    from cyberkg.graph.infer import Materialiser


class Evidence(NamedTuple):
    """One quote supporting a fact (graph/populate.py): its node's IRI, the document, the words, where they are."""

    iri: str
    doc: str
    text: str
    start: int
    end: int
    rule: str | None = None  # the extraction rule that proposed the fact
    page: int | None = None  # for a paginated document


class QuadSink(Protocol):
    def add(self, s: Node, p: Node, o: Node, g: URIRef) -> None: ...

    def add_fact(self, s: URIRef, p: URIRef, o: Node, evidence: list[Evidence]) -> None:
        """The fact in each quoting document's graph, each followed by its cko:Evidence node (rdf:subject/
        predicate/object, prov:wasQuotedFrom, cko:quote, cko:charStart/End, cko:extractionRule, cko:page).
        The two sinks write the same quads in the same order (tests/test_stores.py compares the graphs)."""


class DatasetSink:
    def __init__(self) -> None:
        self.dataset = Dataset()
        bind_all(self.dataset)

    def add(self, s: Node, p: Node, o: Node, g: URIRef) -> None:
        # rdflib takes a graph's name here (its _graph() resolves it), though its annotation says Graph
        self.dataset.add((s, p, o, g))  # type: ignore[arg-type]

    def add_fact(self, s: URIRef, p: URIRef, o: Node, evidence: list[Evidence]) -> None:  # noqa: D102 - QuadSink
        for e in evidence:
            graph, ev = GRAPH[e.doc], URIRef(e.iri)
            self.add(s, p, o, graph)
            for predicate, obj in (
                (RDF.type, CKO.Evidence),
                (RDF.subject, s),
                (RDF.predicate, p),
                (RDF.object, o),
                (PROV.wasQuotedFrom, DOC[e.doc]),
                (CKO.quote, Literal(e.text)),
                (CKO.charStart, Literal(e.start, datatype=XSD.integer)),
                (CKO.charEnd, Literal(e.end, datatype=XSD.integer)),
                *([(CKO.extractionRule, Literal(e.rule))] if e.rule else []),
                *([(CKO.page, Literal(e.page, datatype=XSD.integer))] if e.page is not None else []),
            ):
                self.add(ev, predicate, obj, graph)

    def finish(self) -> Dataset:
        # The default graph is the merged graph, each triple once. Oxigraph's union-of-named-graphs mode
        # returns a triple once per graph holding it, which multiplies rows in every join.
        default = self.dataset.default_graph
        for s, p, o, g in list(self.dataset.quads((None, None, None, None))):
            if g is not None and g != default.identifier:
                default.add((s, p, o))
        return self.dataset


class NQuadsSink:
    """Writes each quad and its merged-graph copy as N-Quads lines; the loader drops repeated copies."""

    def __init__(self, out: IO[bytes], buffer_lines: int = 50_000, materialiser: Materialiser | None = None) -> None:
        self.buffer: list[str] = []
        self.out, self.limit, self.count = out, buffer_lines, 0
        # graph/infer.Materialiser: sees the watched triples as they stream by, so the build never rereads them
        self.materialiser = materialiser
        self.watched = materialiser.rules.watched if materialiser else frozenset()
        assert not self.watched & {_SUBJECT, _PREDICATE, _OBJECT, _QUOTED_FROM, _QUOTE, _CHAR_START, _CHAR_END, _RULE, _PAGE}, (
            "add_fact gives the materialiser no evidence-node triple"
        )
        self._pending = 0  # quads in the buffer
        self._quotes: dict[str, str] = {}  # quote text -> its literal: a date's six facts share their quotes

    def add(self, s: Node, p: Node, o: Node, g: URIRef) -> None:
        self._add(nt_term(s), nt_term(p), nt_term(o), f"<{g}>")

    def _add(self, s: str, p: str, o: str, g: str) -> None:
        """One quad in N-Triples terms, and its merged-graph copy."""
        if p in self.watched and self.materialiser is not None:
            self.materialiser.add(s, p, o)
        triple = f"{s} {p} {o}"
        self.buffer.append(f"{triple} {g} .\n{triple} .\n")
        self.count += 1
        self._pending += 1
        if self._pending >= self.limit:
            self.flush()

    def add_fact(self, s: URIRef, p: URIRef, o: Node, evidence: list[Evidence]) -> None:  # noqa: D102 - QuadSink
        # DatasetSink.add_fact's quads, written from strings, one buffer entry per evidence node: rdflib terms
        # made and converted per quad were most of the bulk build's populate step (bench/results/store.md).
        # Evidence nodes are not given to the materialiser: their one class entails nothing (infer.BOOKKEEPING),
        # and at 12M triples they would be a million entries in its table.
        if not evidence:
            return
        ns, np_, no = nt_term(s), nt_term(p), nt_term(o)
        if self.materialiser is not None and np_ in self.watched:
            self.materialiser.add(ns, np_, no)
        triple = f"{ns} {np_} {no}"
        for e in evidence:
            graph, ev = f"<{GRAPH}{e.doc}>", f"<{e.iri}>"
            quote = self._quotes.get(e.text)
            if quote is None:
                if len(self._quotes) > 4096:  # only recent quotes repeat: memory stays flat
                    self._quotes.clear()
                quote = self._quotes[e.text] = nt_string(e.text)
            pairs = [
                (_TYPE, _EVIDENCE),
                (_SUBJECT, ns),
                (_PREDICATE, np_),
                (_OBJECT, no),
                (_QUOTED_FROM, f"<{DOC}{e.doc}>"),
                (_QUOTE, quote),
                (_CHAR_START, f'"{e.start}"{_INTEGER}'),
                (_CHAR_END, f'"{e.end}"{_INTEGER}'),
            ]
            if e.rule:
                pairs.append((_RULE, nt_string(e.rule)))
            if e.page is not None:
                pairs.append((_PAGE, f'"{e.page}"{_INTEGER}'))
            self.buffer.append(
                f"{triple} {graph} .\n{triple} .\n" + "".join([f"{ev} {q} {v} {graph} .\n{ev} {q} {v} .\n" for q, v in pairs])
            )
            self.count += 1 + len(pairs)
            self._pending += 1 + len(pairs)
        if self._pending >= self.limit:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self.buffer).encode("utf-8"))
        self.buffer.clear()
        self._pending = 0

    def write_inferred(self) -> int:
        """The entailments of everything added so far, in ckg:inferred and the default graph."""
        from cyberkg.graph.infer import nquads

        self.flush()
        count = 0
        if self.materialiser is None:
            return count
        for line in nquads(self.materialiser.inferred()):
            self.buffer.append(line)
            count += 1
            if len(self.buffer) >= self.limit:
                self.flush()
        self.flush()
        return count


_TYPE, _EVIDENCE, _SUBJECT, _PREDICATE, _OBJECT, _QUOTED_FROM, _QUOTE, _CHAR_START, _CHAR_END, _RULE, _PAGE = (
    nt_term(term)
    for term in (
        RDF.type,
        CKO.Evidence,
        RDF.subject,
        RDF.predicate,
        RDF.object,
        PROV.wasQuotedFrom,
        CKO.quote,
        CKO.charStart,
        CKO.charEnd,
        CKO.extractionRule,
        CKO.page,
    )
)
_INTEGER = f"^^<{XSD.integer}>"
