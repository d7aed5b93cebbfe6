"""Where populated quads go: an rdflib Dataset (small graphs that are validated with pySHACL and HermiT)
or an N-Quads stream (the bulk path: large graphs go straight to the engine's bulk loader, never through
rdflib's per-triple `add`). Both also give every triple to the default graph, the merged graph."""

from __future__ import annotations

from typing import IO, Protocol

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Node

from cyberkg.namespaces import bind_all


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


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r"))


def nt_term(term) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        if term.language:
            return f'"{_escape(str(term))}"@{term.language}'
        if term.datatype:
            return f'"{_escape(str(term))}"^^<{term.datatype}>'
        return f'"{_escape(str(term))}"'
    raise TypeError(f"not an RDF term: {term!r}")


class NQuadsSink:
    """Writes each quad and its merged-graph copy as N-Quads lines; the loader drops repeated copies."""

    def __init__(self, out: IO[bytes], buffer_lines: int = 50_000) -> None:
        self.buffer: list[str] = []
        self.out, self.limit, self.count = out, buffer_lines, 0

    def add(self, s, p, o, g: URIRef) -> None:
        triple = f"{nt_term(s)} {nt_term(p)} {nt_term(o)}"
        self.buffer.append(f"{triple} <{g}> .\n{triple} .\n")
        self.count += 1
        if len(self.buffer) >= self.limit:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self.buffer).encode("utf-8"))
        self.buffer.clear()
