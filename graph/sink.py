"""Where populated quads go: an rdflib Dataset (small graphs that are validated with pySHACL and HermiT)
or an N-Quads stream (the bulk path: large graphs go straight to the engine's bulk loader, never through
rdflib's per-triple `add`). Both also give every triple to the default graph, the merged graph."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Protocol

from rdflib import Dataset, URIRef
from rdflib.term import Node

from cyberkg.graph.terms import nt_term  # noqa: F401 - also imported from here
from cyberkg.namespaces import bind_all

if TYPE_CHECKING:
    from cyberkg.graph.infer import Materialiser


class QuadSink(Protocol):
    def add(self, s: Node, p: Node, o: Node, g: URIRef) -> None: ...


class DatasetSink:
    def __init__(self) -> None:
        self.dataset = Dataset()
        bind_all(self.dataset)

    def add(self, s: Node, p: Node, o: Node, g: URIRef) -> None:
        # rdflib takes a graph's name here (its _graph() resolves it), though its annotation says Graph
        self.dataset.add((s, p, o, g))  # type: ignore[arg-type]

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

    def add(self, s: Node, p: Node, o: Node, g: URIRef) -> None:
        ns, np_, no = nt_term(s), nt_term(p), nt_term(o)
        if np_ in self.watched and self.materialiser is not None:
            self.materialiser.add(ns, np_, no)
        triple = f"{ns} {np_} {no}"
        self.buffer.append(f"{triple} <{g}> .\n{triple} .\n")
        self.count += 1
        if len(self.buffer) >= self.limit:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self.buffer).encode("utf-8"))
        self.buffer.clear()

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
