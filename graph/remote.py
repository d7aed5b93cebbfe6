"""A store on any SPARQL 1.1 server: queries through the Protocol, writes through Update (or the Graph
Store Protocol when the server offers bulk N-Quads loading, as Oxigraph's /store does).

cyberkg clears and writes only its own named graphs (IRIs under https://w3id.org/cyberkg/graph/) and the
dataset's default graph, which holds the merged graph as in the embedded store. CYBERKG_MERGED_GRAPH
says where the merged graph lives on servers that see it differently:
  unset    the server's default graph (Oxigraph, Fuseki by default);
  union    the server's default graph already is the union of the named graphs (rdflib-endpoint, Fuseki
           with unionDefaultGraph): no copy is stored;
  an IRI   a named graph that every query names as its default graph with `default-graph-uri` (for a
           server whose unnamed default graph repeats a triple once per graph, e.g. Virtuoso).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Identifier, Node, Variable

from cyberkg.errors import ResultTooLarge, StoreError
from cyberkg.graph.sparql_http import USER_AGENT, post  # noqa: F401 - USER_AGENT: what this client sends
from cyberkg.graph.terms import Lit, rdf_literal
from cyberkg.namespaces import GRAPH
from cyberkg.queries import sparql_text

# Blank nodes travel as skolem IRIs (RDF 1.1 §3.5): a label names one node only within one request, and
# some servers refuse them in INSERT DATA. Dumps turn them back into blank nodes.
SKOLEM = "https://w3id.org/cyberkg/.well-known/genid/"
# Virtuoso 7 turns "P4D"^^xsd:duration into "345600.0" (or refuses it in INSERT DATA): durations travel
# under a private datatype the server leaves alone, and are typed xsd:duration again when read back.
_DURATION = str(XSD.duration)
_DURATION_ALIAS = "https://w3id.org/cyberkg/ontology#durationLexical"
_OURS = str(GRAPH)


@dataclass
class RemoteConfig:
    query_url: str
    update_url: str | None = None
    gsp_url: str | None = None  # accepts POST of N-Quads for the whole dataset (Oxigraph /store)
    headers: dict[str, str] = field(default_factory=dict)
    timeout: float = 60.0
    retries: int = 3
    merged_graph: str | None = None
    # 0: 200,000 quads per Graph Store POST, 500 triples per INSERT DATA (bigger is slower on rdflib, refused by Virtuoso 7)
    batch_triples: int = 0

    @classmethod
    def from_url(cls, url: str) -> RemoteConfig:
        """Endpoints by convention (…/query → …/update and …/store; …/sparql → itself), overridable with
        CYBERKG_UPDATE_URL, CYBERKG_GSP_URL ('' for none) and CYBERKG_AUTH (an Authorization header value)."""
        base, _, last = url.rstrip("/").rpartition("/")
        if last == "query":  # Oxigraph's layout; its bulk loader skips the per-request transaction
            update, gsp = f"{base}/update", f"{base}/store?no_transaction"
        else:
            update, gsp = url, None
        update = os.environ.get("CYBERKG_UPDATE_URL", update)
        gsp = os.environ.get("CYBERKG_GSP_URL", gsp or "") or None
        headers = {"Authorization": os.environ["CYBERKG_AUTH"]} if os.environ.get("CYBERKG_AUTH") else {}
        return cls(
            url,
            update,
            gsp,
            headers,
            merged_graph=os.environ.get("CYBERKG_MERGED_GRAPH") or None,
            batch_triples=int(os.environ.get("CYBERKG_BATCH", "0")),
        )


class RemoteStore:
    def __init__(self, config: RemoteConfig) -> None:
        self.config = config
        self.location = config.query_url

    # -- HTTP ------------------------------------------------------------------------------
    def _request(self, url: str, body: bytes, content_type: str, accept: str | None = None) -> tuple[str, bytes]:
        return post(
            url, body, content_type, accept, headers=self.config.headers, timeout=self.config.timeout, retries=self.config.retries
        )

    def _post_query(self, sparql: str, accept: str, dataset: bool = True) -> tuple[str, bytes]:
        """With `dataset`, the merged graph is the default graph and, if the query uses GRAPH, our named
        graphs are listed too (naming a default graph alone leaves a Protocol dataset with no named graphs)."""
        params = [("query", sparql)]
        merged = self.config.merged_graph
        if dataset and merged and merged != "union":
            params.append(("default-graph-uri", merged))
            if "GRAPH" in sparql.upper():
                params += [("named-graph-uri", g) for g in self.graphs() if g != merged]
        form = urllib.parse.urlencode(params).encode()
        return self._request(self.config.query_url, form, "application/x-www-form-urlencoded", accept)

    def _post_update(self, sparql: str) -> None:
        if not self.config.update_url:
            raise StoreError(f"no update endpoint known for {self.location} (set CYBERKG_UPDATE_URL)")
        form = urllib.parse.urlencode({"update": sparql}).encode()
        self._request(self.config.update_url, form, "application/x-www-form-urlencoded")

    # -- Store interface ---------------------------------------------------------------------
    def query(
        self, sparql: str, max_rows: int | None = None, prefixes: dict[str, str] | None = None, dataset: bool = True
    ) -> Result:
        if prefixes:  # predeclared, as the embedded stores take them: the text's own declarations stand
            sparql = sparql_text.prologue(sparql, prefixes) + sparql
        content_type, body = self._post_query(
            sparql, "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8", dataset
        )
        media = content_type.split(";")[0].strip().lower()
        if media in ("application/sparql-results+json", "application/json"):
            result = _json_result(body)
            size = len(result.bindings) if result.type == "SELECT" else 0
        else:
            graph = Graph().parse(data=body.decode("utf-8"), format="turtle" if "turtle" in media else "nt")
            result = Result("CONSTRUCT")
            result.graph = graph
            size = len(graph)
        if max_rows is not None and size > max_rows:
            raise ResultTooLarge(f"the result has more than {max_rows:,} rows: add LIMIT (and OFFSET to page)")
        return result

    def rows(self, sparql: str) -> Iterator[tuple[str | None, ...]]:
        result = self.query(sparql)
        for row in result.bindings:
            yield tuple(None if (t := row.get(v)) is None else str(t) for v in result.vars or ())

    def triples(self, predicate: str | None = None) -> Iterator[tuple[str, str, str | Lit]]:
        pattern = f"<{predicate}>" if predicate else "?p"
        result = self.query(
            f"SELECT ?s ?p ?o WHERE {{ ?s {pattern} ?o BIND({pattern} AS ?p) }}"
            if predicate
            else "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
        )
        for row in result.bindings:
            s, p, o = (row.get(v) for v in result.vars or ())
            if isinstance(o, Literal):
                yield str(s), str(p), Lit(str(o), str(o.datatype) if o.datatype else None, o.language)
            else:
                yield str(s), str(p), str(o)

    def graphs(self) -> list[str]:
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", dataset=False)
        ours = (_OURS, self.config.merged_graph or _OURS)
        return sorted(g for row in result.bindings if (g := str(row.get(Variable("g")))).startswith(ours))

    def replace_all(self, nquads: bytes) -> None:
        """Clear our graphs, then load. Not atomic across graphs: a remote server gives no transaction
        spanning requests, so readers may briefly see part of the new graph (README § Stores)."""
        self._clear()
        if self.config.gsp_url and self.config.merged_graph is None:
            self._stream(io.BytesIO(nquads))
        else:
            self._add(nquads)

    def _clear(self) -> None:
        for graph in self.graphs():
            self._post_update(f"CLEAR SILENT GRAPH <{graph}>")
        if self.config.merged_graph is None:
            self._post_update("CLEAR SILENT DEFAULT")

    def replace_all_file(self, path: Path) -> None:
        if self.config.gsp_url and self.config.merged_graph is None:  # the fast path: stream the file as is
            self._clear()
            with open(path, "rb") as lines:
                self._stream(lines)
        else:
            self.replace_all(path.read_bytes())

    def _stream(self, lines: Iterable[bytes]) -> None:
        """POST N-Quads lines in chunks to a Graph Store that takes datasets (Oxigraph). Lines with blank
        nodes all go in the last request: a label names the same node only within one request."""
        from concurrent.futures import Future, ThreadPoolExecutor

        size = self.config.batch_triples or 200_000
        chunk: list[bytes] = []
        blank: list[bytes] = []
        pending: list[Future[tuple[str, bytes]]] = []
        gsp_url = self.config.gsp_url
        assert gsp_url is not None  # only called when the server takes Graph Store datasets

        def post(body: bytes) -> tuple[str, bytes]:
            return self._request(gsp_url, body, "application/n-quads")

        with ThreadPoolExecutor(max_workers=2) as pool:  # the server parses one chunk while we read the next
            for line in lines:
                (blank if b"_:" in line else chunk).append(line)
                if len(chunk) >= size:
                    pending.append(pool.submit(post, b"".join(chunk)))
                    chunk = []
                    if len(pending) > 2:
                        pending.pop(0).result()
            if chunk:
                pending.append(pool.submit(post, b"".join(chunk)))
            for future in pending:
                future.result()
        if blank:
            post(b"".join(blank))

    def add_nquads(self, nquads: bytes, then: str | None = None) -> None:
        """`then`: a SPARQL update sent after the quads (a server gives no transaction spanning the two)."""
        self._add(nquads)
        if then:
            self._post_update(then)

    def _add(self, nquads: bytes) -> None:
        mode = self.config.merged_graph
        merged = ox.NamedNode(mode) if mode and mode != "union" else ox.DefaultGraph()
        quads = [
            ox.Quad(
                _skolem(q.subject),
                q.predicate,
                _skolem(q.object),
                merged if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name,
            )
            for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
            if mode != "union" or not isinstance(q.graph_name, ox.DefaultGraph)
        ]
        size = self.config.batch_triples or (200_000 if self.config.gsp_url else 500)
        for batch in _batches(quads, size):
            if self.config.gsp_url:
                self._request(self.config.gsp_url, _nquads(batch), "application/n-quads")
            else:
                self._post_update(_insert(batch))

    def update(self, sparql: str, then: Callable[[Any], str] | None = None) -> None:
        """`then` (see store.Then) is read and sent after the update: a server offers no transaction spanning
        two requests."""
        self._post_update(sparql)
        follow = then(self) if then else ""
        if follow:
            self._post_update(follow)

    def dump_nquads(self) -> bytes:
        merged = self.config.merged_graph
        quads = []
        result = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", dataset=False)
        for row in result.bindings:
            s, p, o, g = (row.get(v) for v in result.vars or ())
            if str(g) == merged:
                quads.append(ox.Quad(_ox(s), _ox(p), _ox(o), ox.DefaultGraph()))
            elif str(g).startswith(_OURS):
                quads.append(ox.Quad(_ox(s), _ox(p), _ox(o), ox.NamedNode(str(g))))
        if merged in (None, "union"):
            result = self.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", dataset=False)
            s, p, o = Variable("s"), Variable("p"), Variable("o")
            quads += [ox.Quad(_ox(row.get(s)), _ox(row.get(p)), _ox(row.get(o)), ox.DefaultGraph()) for row in result.bindings]
        return _nquads(quads)

    def is_empty(self) -> bool:
        return not self.graphs() and not self.query("ASK { ?s ?p ?o }").askAnswer

    def refresh(self) -> None:
        pass


def _ox(term: Node | None) -> Any:  # a NamedNode, BlankNode or Literal, as the query's position bound it
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))) if term.datatype else ox.Literal(str(term))
    text = str(term)
    if text.startswith(SKOLEM):
        return ox.BlankNode(text[len(SKOLEM) :])
    from rdflib import BNode

    if isinstance(term, BNode):  # server-made labels (e.g. Virtuoso's nodeID://…) may not be valid N-Quads
        return ox.BlankNode("b" + hashlib.sha256(text.encode()).hexdigest()[:16])
    return ox.NamedNode(text)


@overload
def _skolem(term: ox.NamedNode | ox.BlankNode | ox.Triple) -> ox.NamedNode | ox.Triple: ...
@overload
def _skolem(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> ox.NamedNode | ox.Literal | ox.Triple: ...
def _skolem(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> ox.NamedNode | ox.Literal | ox.Triple:
    if isinstance(term, ox.BlankNode):
        return ox.NamedNode(SKOLEM + term.value)
    if isinstance(term, ox.Literal) and term.datatype.value == _DURATION:
        return ox.Literal(term.value, datatype=ox.NamedNode(_DURATION_ALIAS))
    return term


def _nquads(quads: list[ox.Quad]) -> bytes:
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)  # bytes, as no output is given
    assert data is not None
    return data


def _batches(quads: list[ox.Quad], size: int) -> Iterator[list[ox.Quad]]:
    for start in range(0, len(quads), size):
        yield quads[start : start + size]


def _insert(quads: list[ox.Quad]) -> str:
    by_graph: dict[str, list[str]] = {}
    for quad in quads:
        graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
        by_graph.setdefault(graph, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
    blocks = "\n".join(
        "\n".join(lines) if not graph else f"GRAPH {graph} {{\n" + "\n".join(lines) + "\n}" for graph, lines in by_graph.items()
    )
    return f"INSERT DATA {{\n{blocks}\n}}"


def _json_result(body: bytes) -> Result:
    """SPARQL JSON results as an rdflib Result, with xsd:string literals made plain (as the other stores do)."""
    data = json.loads(body)
    if "boolean" in data:
        result = Result("ASK")
        result.askAnswer = bool(data["boolean"])
        return result
    from rdflib import BNode, URIRef, Variable

    def term(value: dict[str, str]) -> Identifier:
        kind = value["type"]
        if kind == "uri":
            return URIRef(value["value"])
        if kind == "bnode":
            return BNode(value["value"])
        datatype = value.get("datatype")
        datatype = _DURATION if datatype == _DURATION_ALIAS else datatype
        return rdf_literal(value["value"], datatype, value.get("xml:lang"))

    result = Result("SELECT")
    result.vars = [Variable(v) for v in data["head"]["vars"]]
    result.bindings = [{Variable(k): term(v) for k, v in row.items()} for row in data["results"]["bindings"]]
    return result
