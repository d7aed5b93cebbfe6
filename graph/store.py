"""Stores: the embedded on-disk Oxigraph store (default) and an in-memory rdflib store (tests, scripts).

Both offer the same small interface: replace everything atomically, run SPARQL (the default graph holds
the merged graph; named graphs hold each source's facts), and dump N-Quads. Results come back as rdflib terms either way, with
pyoxigraph's xsd:string literals turned into plain literals so the two backends compare equal.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from pathlib import Path
from typing import Iterator, NamedTuple, Protocol

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result

from cyberkg.errors import QueryError, ResultTooLarge, StoreError

_XSD_STRING = str(XSD.string)


class Store(Protocol):
    location: str

    def replace_all(self, nquads: bytes) -> None: ...
    def replace_all_file(self, path: Path) -> None: ...
    def add_nquads(self, nquads: bytes, then: str | None = None) -> None: ...
    def query(self, sparql: str, max_rows: int | None = None, prefixes: dict[str, str] | None = None) -> Result: ...
    def update(self, sparql: str) -> None: ...
    def refresh(self) -> None: ...
    def dump_nquads(self) -> bytes: ...
    def is_empty(self) -> bool: ...
    def triples(self, predicate: str | None = None) -> Iterator[tuple[str, str, "str | Lit"]]: ...
    def rows(self, sparql: str) -> Iterator[tuple[str | None, ...]]: ...


class Lit(NamedTuple):
    """A literal as plain Python values, for code that reads the whole graph (projections) without rdflib's cost."""

    value: str
    datatype: str | None = None
    language: str | None = None


def open_store(location: str, create: bool = False) -> Store:
    """`memory:` for an in-memory rdflib store, `http(s)://…` for a SPARQL 1.1 server, else an Oxigraph directory."""
    if location == "memory:":
        return MemoryStore()
    if location.startswith(("http://", "https://")):
        from cyberkg.graph.remote import RemoteConfig, RemoteStore

        return RemoteStore(RemoteConfig.from_url(location))
    return OxigraphStore(Path(location), create=create)


def _to_rdflib(term):
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        # oxigraph types plain literals as xsd:string; rdflib keeps them untyped
        return Literal(term.value) if datatype == str(XSD.string) else Literal(term.value, datatype=datatype)
    raise StoreError(f"unsupported RDF term from store: {term!r}")


class OxigraphStore:
    """A persistent Oxigraph store in a directory, replaced atomically by swapping directories."""

    def __init__(self, path: Path, create: bool = False) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self._recover()
        if not self.path.exists() and not create:
            raise StoreError(f"no store at {self.path}: run `cyberkg build` first (or pass --store)")
        self._store: ox.Store | None = None

    # A crash between the two renames of replace_all leaves only `<path>.old`: put it back.
    def _recover(self) -> None:
        old = self.path.with_name(self.path.name + ".old")
        if old.exists() and not self.path.exists():
            old.rename(self.path)
        elif old.exists():
            shutil.rmtree(old, ignore_errors=True)
        for stale in self.path.parent.glob(self.path.name + ".new-*") if self.path.parent.exists() else []:
            shutil.rmtree(stale, ignore_errors=True)

    def _open(self) -> ox.Store:
        if self._store is None:
            if not self.path.exists():
                raise StoreError(f"no store at {self.path}: run `cyberkg build` first")
            try:
                self._inode = self.path.stat().st_ino
                self._store = ox.Store.read_only(str(self.path))
            except OSError as exc:
                raise StoreError(f"cannot open store {self.path}: {exc}") from None
        return self._store

    def close(self) -> None:
        self._store = None

    def refresh(self) -> None:
        """See a build or update that swapped in a new directory since we opened (long-lived readers)."""
        try:
            if self._store is not None and self.path.stat().st_ino != self._inode:
                self.close()
        except FileNotFoundError:  # mid-swap: keep reading the old snapshot
            pass

    @contextlib.contextmanager
    def _writer_lock(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        with open(lock_path, "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreError(f"another cyberkg process is writing {self.path}; try again when it ends") from None
            yield

    def replace_all(self, nquads: bytes) -> None:
        """Load into a fresh directory, then swap it in: readers see the old or the new graph, never a mix."""
        self._write_copy(lambda store: store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS), copy=False)

    def replace_all_file(self, path: Path) -> None:
        """The bulk path: the engine reads the N-Quads file itself (parallel parsing, no Python per quad)."""
        self._write_copy(lambda store: store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS), copy=False)

    def add_nquads(self, nquads: bytes, then: str | None = None) -> None:
        """Incremental write: a checkpoint of the store (hard links, not a copy of the data) takes the new
        quads (and then the SPARQL update `then`, in the same write) and is swapped in, so the cost follows
        the addition, not the store's size."""
        def apply(store: ox.Store) -> None:
            store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
            if then:
                store.update(then)
        self._write_copy(apply, copy=True)

    def update(self, sparql: str) -> None:
        """SPARQL Update applied to a copy that is then swapped in, so readers never see half an update."""
        def apply(store: ox.Store) -> None:
            try:
                store.update(sparql)
            except SyntaxError as exc:
                raise QueryError(f"SPARQL update syntax error: {' '.join(str(exc).split())}") from None
        self._write_copy(apply, copy=True)

    def _write_copy(self, change, copy: bool) -> None:
        with self._writer_lock():
            new = self.path.with_name(f"{self.path.name}.new-{os.getpid()}")
            old = self.path.with_name(self.path.name + ".old")
            shutil.rmtree(new, ignore_errors=True)
            if copy:
                self._open().backup(str(new))  # a consistent checkpoint, even while others read
            store = ox.Store(str(new))
            try:
                change(store)
                store.flush()
            except (OSError, SyntaxError, ValueError, QueryError) as exc:
                del store
                shutil.rmtree(new, ignore_errors=True)
                if isinstance(exc, QueryError):
                    raise
                raise StoreError(f"writing the new graph failed, previous store kept: {exc}") from None
            del store
            self.close()
            if self.path.exists():
                self.path.rename(old)
            new.rename(self.path)
            shutil.rmtree(old, ignore_errors=True)

    def query(self, sparql: str, max_rows: int | None = None, prefixes: dict[str, str] | None = None) -> Result:
        """`prefixes` are predeclared (the text may still declare its own); `max_rows` caps the result."""
        try:
            return _result_from_oxigraph(self._open().query(sparql, prefixes=prefixes), max_rows)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {' '.join(str(exc).split())}") from None
        except OSError as exc:  # also raised while iterating, e.g. by a failing SERVICE
            raise QueryError(f"query failed: {' '.join(str(exc).split())}") from None

    def dump_nquads(self) -> bytes:
        return self._open().dump(format=ox.RdfFormat.N_QUADS)

    def dump_file(self, path: Path, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS, graph=None) -> None:
        """Stream the dataset (or one graph: `graph` an ox.NamedNode or ox.DefaultGraph) into a file."""
        self._open().dump(output=str(path), format=fmt, from_graph=graph)

    def triples(self, predicate: str | None = None) -> Iterator[tuple[str, str, str | Lit]]:
        """The default (merged) graph's triples; IRIs and blank nodes as strings, literals as Lit."""
        pattern = ox.NamedNode(predicate) if predicate else None
        for quad in self._open().quads_for_pattern(None, pattern, None, ox.DefaultGraph()):
            obj = quad.object
            if isinstance(obj, ox.Literal):
                datatype = obj.datatype.value
                yield quad.subject.value, quad.predicate.value, Lit(
                    obj.value, None if obj.language or datatype == _XSD_STRING else datatype, obj.language)
            else:
                yield quad.subject.value, quad.predicate.value, obj.value

    def is_empty(self) -> bool:
        return len(self._open()) == 0


    def rows(self, sparql: str) -> Iterator[tuple[str | None, ...]]:
        """SELECT solutions as tuples of plain strings (IRI, blank node id or lexical form): cheap to stream."""
        try:
            solutions = self._open().query(sparql)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {' '.join(str(exc).split())}") from None
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            yield tuple(None if (term := solution[n]) is None else term.value for n in names)


def _capped(items, max_rows: int | None):
    for count, item in enumerate(items, 1):
        if max_rows is not None and count > max_rows:
            raise ResultTooLarge(f"the result has more than {max_rows:,} rows: add LIMIT (and OFFSET to page)")
        yield item


def _result_from_oxigraph(results, max_rows: int | None = None) -> Result:
    if isinstance(results, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(results)
        return result
    if isinstance(results, ox.QuerySolutions):
        names = [v.value for v in results.variables]
        variables = [_var(n) for n in names]
        result = Result("SELECT")
        result.vars = variables
        result.bindings = [
            {var: _to_rdflib(term) for var, n in zip(variables, names) if (term := sol[n]) is not None}
            for sol in _capped(results, max_rows)
        ]
        return result
    result = Result("CONSTRUCT")
    graph = Graph()
    for triple in _capped(results, max_rows):
        graph.add((_to_rdflib(triple.subject), _to_rdflib(triple.predicate), _to_rdflib(triple.object)))
    result.graph = graph
    return result


def _var(name: str) -> Variable:
    return Variable(name)


class MemoryStore:
    """rdflib in memory. Fine for the seed corpus and tests; too slow for large graphs."""

    location = "memory:"

    def __init__(self) -> None:
        self.dataset = Dataset()

    def replace_all_file(self, path: Path) -> None:
        self.replace_all(Path(path).read_bytes())

    def add_nquads(self, nquads: bytes, then: str | None = None) -> None:
        self.dataset.parse(data=nquads.decode("utf-8"), format="nquads")
        if then:
            self.update(then)

    def replace_all(self, nquads: bytes) -> None:
        fresh = Dataset()
        fresh.parse(data=nquads.decode("utf-8"), format="nquads")
        self.dataset = fresh

    def query(self, sparql: str, max_rows: int | None = None, prefixes: dict[str, str] | None = None) -> Result:
        try:
            result = self.dataset.query(sparql, initNs=prefixes or {})
            size = len(result.graph) if result.type in ("CONSTRUCT", "DESCRIBE") else (
                len(result.bindings) if result.type == "SELECT" else 0)
        except Exception as exc:  # rdflib raises pyparsing errors and others without a common base
            raise QueryError(f"SPARQL error: {' '.join(str(exc).split())}") from None
        if max_rows is not None and size > max_rows:
            raise ResultTooLarge(f"the result has more than {max_rows:,} rows: add LIMIT (and OFFSET to page)")
        return result

    def update(self, sparql: str) -> None:
        try:
            self.dataset.update(sparql)
        except Exception as exc:  # noqa: BLE001 - as for query
            raise QueryError(f"SPARQL update error: {' '.join(str(exc).split())}") from None

    def refresh(self) -> None:
        pass

    def dump_nquads(self) -> bytes:
        return self.dataset.serialize(format="nquads").encode("utf-8")

    def is_empty(self) -> bool:
        return len(self.dataset) == 0

    def rows(self, sparql: str) -> Iterator[tuple[str | None, ...]]:
        result = self.query(sparql)
        for row in result:
            yield tuple(None if term is None else str(term) for term in row)

    def triples(self, predicate: str | None = None) -> Iterator[tuple[str, str, str | Lit]]:
        pattern = URIRef(predicate) if predicate else None
        for s, p, o in self.dataset.default_graph.triples((None, pattern, None)):
            if isinstance(o, Literal):
                datatype = str(o.datatype) if o.datatype and str(o.datatype) != _XSD_STRING else None
                yield str(s), str(p), Lit(str(o), datatype, o.language)
            else:
                yield str(s), str(p), str(o)
