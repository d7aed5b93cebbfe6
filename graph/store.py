"""Stores: the embedded on-disk Oxigraph store (default) and an in-memory rdflib store (tests, scripts).

Both offer the same small interface: replace everything atomically, run SPARQL (the default graph holds
the merged graph; named graphs hold each source's facts), and dump N-Quads. Results come back as rdflib terms either way, with
pyoxigraph's xsd:string literals turned into plain literals so the two backends compare equal.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, Protocol, TypeVar

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.query import Result, ResultRow

from cyberkg.errors import QueryError, ResultTooLarge, StoreError
from cyberkg.graph.bulkpipe import load_from_pipe
from cyberkg.graph.terms import Lit, plain_lit, rdf_literal  # Lit: part of the Store interface, imported from here

MARKER = "cyberkg-store.json"  # written into every store directory cyberkg makes
MARKER_CONTENT = {"format": "cyberkg-store", "version": 1, "engine": "oxigraph"}
# what RocksDB (Oxigraph's engine) keeps in its directory: a stale half-written copy holds only these
_ROCKSDB_FILE = re.compile(
    r"^(CURRENT|IDENTITY|LOCK|LOG(\.old\.\d+)?|MANIFEST-\d+|OPTIONS-\d+|\d+\.(log|sst|blob)"
    r"|[0-9a-f-]+\.dbtmp)$"
)


class Readable(Protocol):
    def query(self, sparql: str, max_rows: int | None = None, prefixes: dict[str, str] | None = None) -> Result: ...


# `update(sparql, then)`: `then` reads the graph as the update left it and returns a further update (or "")
# applied in the same write, e.g. the entailments the change makes or unmakes (graph/infer.refresh_sparql)
Then = Callable[[Readable], str]


class Store(Protocol):
    location: str

    def replace_all(self, nquads: bytes) -> None: ...
    def replace_all_file(self, path: Path) -> None: ...
    def add_nquads(self, nquads: bytes, then: str | None = None) -> None: ...
    def query(self, sparql: str, max_rows: int | None = None, prefixes: dict[str, str] | None = None) -> Result: ...
    def update(self, sparql: str, then: Then | None = None) -> None: ...
    def refresh(self) -> None: ...
    def dump_nquads(self) -> bytes: ...
    def is_empty(self) -> bool: ...
    def triples(self, predicate: str | None = None) -> Iterator[tuple[str, str, str | Lit]]: ...
    def rows(self, sparql: str) -> Iterator[tuple[str | None, ...]]: ...


def open_store(location: str, create: bool = False) -> Store:
    """`memory:` for an in-memory rdflib store, `http(s)://…` for a SPARQL 1.1 server, else an Oxigraph directory."""
    if not location or not location.strip():
        raise StoreError("the store location is empty (is CYBERKG_STORE set to ''?): give --store DIR")
    if location == "memory:":
        return MemoryStore()
    if location.startswith(("http://", "https://")):
        from cyberkg.graph.remote import RemoteConfig, RemoteStore

        return RemoteStore(RemoteConfig.from_url(location))
    return OxigraphStore(Path(location), create=create)


def _to_rdflib(term: Any) -> Any:  # a pyoxigraph term (or None) -> the rdflib term
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return rdf_literal(term.value, term.datatype.value, term.language)
    raise StoreError(f"unsupported RDF term from store: {term!r}")


def is_store(path: Path) -> bool:
    """A directory cyberkg wrote: its marker, or (stores from before the marker) RocksDB's CURRENT + MANIFEST."""
    path = Path(path)
    if not path.is_dir():
        return False
    return (path / MARKER).is_file() or ((path / "CURRENT").is_file() and any(path.glob("MANIFEST-*")))


def _disposable(path: Path) -> bool:
    """Safe to delete as our own leftover: a store, or a directory holding only RocksDB's files."""
    if path.is_symlink() or not path.is_dir():
        return False
    return is_store(path) or all(_ROCKSDB_FILE.match(entry.name) for entry in path.iterdir())


@contextlib.contextmanager
def store_errors(doing: str, path: Path) -> Iterator[None]:
    """The one place where the engine's and the OS's failures become a StoreError (exit 4, one line):
    a read-only directory, a full disk, a corrupt store (RocksDB reports it as RuntimeError)."""
    try:
        yield
    except (StoreError, QueryError):
        raise
    except OSError as exc:
        raise StoreError(f"{doing} {path}: {exc.strerror or ' '.join(str(exc).split())}") from None
    except RuntimeError as exc:
        raise StoreError(f"{doing} {path}: {' '.join(str(exc).split())[:300]}") from None


class OxigraphStore:
    """A persistent Oxigraph store in a directory, replaced atomically by swapping directories."""

    def __init__(self, path: Path, create: bool = False) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        with store_errors("cannot use the store", self.path):
            self._recover()
            self._refuse_foreign()
        if not self.path.exists() and not create:
            raise StoreError(f"no store at {self.path}: run `cyberkg build` first (or pass --store)")
        self._store: ox.Store | None = None

    def _refuse_foreign(self, writing: bool = False) -> None:
        """Recognise the store before anything replaces or deletes it: an empty directory may become one;
        a file, or a directory with other things in it, is refused and left as it is. A symlink to a store
        may be read, not written: the swap by rename would replace the link itself."""
        path = self.path
        if not path.exists() and not path.is_symlink():
            return
        if writing and path.is_symlink():
            raise StoreError(
                f"{path} is a symlink: a build or merge swaps the store directory by rename and would "
                f"replace the link; give the directory it points to (nothing was changed)"
            )
        if not path.is_dir():
            kind = "a broken symlink" if path.is_symlink() else "a file"
            raise StoreError(f"{path} is {kind}, not a cyberkg store: give a new or empty directory (nothing was changed)")
        if not is_store(path) and any(path.iterdir()):
            raise StoreError(
                f"{path} is a directory that is not a cyberkg store (no {MARKER}): refusing to "
                "replace its contents; give a new or empty directory (nothing was changed)"
            )

    # A crash between the two renames of replace_all leaves only `<path>.old`: put it back. Only our own
    # leftovers are touched: a user's directory that happens to be named `store.old` is left alone.
    # It runs only while it holds the writer lock: a writer mid-swap (its `.old`, its `.new-PID` being loaded)
    # is not a crash, and touching its directories would break that write.
    def _recover(self) -> None:
        old = self.path.with_name(self.path.name + ".old")
        if not self.path.parent.is_dir() or not (old.exists() or any(self.path.parent.glob(self.path.name + ".new-*"))):
            return  # nothing left over (and no lock file made beside what may not be a store)
        try:
            with self._writer_lock():
                self._recover_locked(old)
        except StoreError:  # a writer at work (what looks left over is its own), or a read-only place (no repair)
            return

    def _recover_locked(self, old: Path) -> None:
        if is_store(old) and not self.path.exists():
            old.rename(self.path)
        elif _disposable(old):
            shutil.rmtree(old, ignore_errors=True)
        for stale in self.path.parent.glob(self.path.name + ".new-*") if self.path.parent.exists() else []:
            if _disposable(stale):
                shutil.rmtree(stale, ignore_errors=True)

    def _open(self) -> ox.Store:
        if self._store is None:
            if not self.path.exists():
                raise StoreError(f"no store at {self.path}: run `cyberkg build` first")
            with store_errors("cannot open store", self.path):
                self._inode = self.path.stat().st_ino
                self._store = ox.Store.read_only(str(self.path))
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
        with store_errors("cannot write the store", self.path):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path.with_name(self.path.name + ".lock"), "a")  # "a": never truncate a file
        with handle:
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

    def replace_all_stream(self, produce: Callable[[IO[bytes]], T]) -> T:
        """The bulk path with no spool file: `produce` writes N-Quads into a pipe that the engine's bulk loader
        reads in another thread as they come, so Python's populating and the engine's parsing overlap (two
        cores). If `produce` fails, the half-loaded copy is dropped and the store is untouched."""
        produced: list[T] = []
        self._write_copy(lambda store: produced.append(load_from_pipe(store, produce)), copy=False)
        return produced[0]

    def add_nquads(self, nquads: bytes, then: str | None = None) -> None:
        """Incremental write: a checkpoint of the store (hard links, not a copy of the data) takes the new
        quads (and then the SPARQL update `then`, in the same write) and is swapped in, so the cost follows
        the addition, not the store's size."""

        def apply(store: ox.Store) -> None:
            store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
            if then:
                store.update(then)

        self._write_copy(apply, copy=True)

    def update(self, sparql: str, then: Then | None = None) -> None:
        """SPARQL Update applied to a copy that is then swapped in, so readers never see half an update;
        `then`'s follow-up update (read from the updated copy) goes into the same write."""

        def apply(store: ox.Store) -> None:
            try:
                store.update(sparql)
            except SyntaxError as exc:
                raise QueryError(f"SPARQL update syntax error: {' '.join(str(exc).split())}") from None
            follow = then(_Writing(store)) if then else ""
            if follow:
                store.update(follow)

        self._write_copy(apply, copy=True)

    def _write_copy(self, change: Callable[[ox.Store], None], copy: bool) -> None:
        self._refuse_foreign(writing=True)  # again: what is at the path now is what gets replaced
        with self._writer_lock(), store_errors("writing the new graph failed, previous store kept:", self.path):
            new = self.path.with_name(f"{self.path.name}.new-{os.getpid()}")
            old = self.path.with_name(self.path.name + ".old")
            if _disposable(new):
                shutil.rmtree(new, ignore_errors=True)
            try:
                if copy:
                    self._open().backup(str(new))  # a consistent checkpoint, even while others read
                store = ox.Store(str(new))
                change(store)
                store.flush()
                del store
                (new / MARKER).write_text(json.dumps(MARKER_CONTENT, sort_keys=True) + "\n", encoding="utf-8")
            except (OSError, RuntimeError, SyntaxError, ValueError, QueryError) as exc:
                store = None  # noqa: F841 -- drop the handle (and its lock) before removing the directory
                shutil.rmtree(new, ignore_errors=True)
                if isinstance(exc, (QueryError, OSError, RuntimeError)):
                    raise
                raise StoreError(f"writing the new graph failed, previous store kept: {exc}") from None
            except BaseException:  # e.g. bad input found while streaming into the copy: dropped, nothing swapped
                store = None  # noqa: F841
                shutil.rmtree(new, ignore_errors=True)
                raise
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
        except RuntimeError as exc:  # RocksDB: a corrupt or vanished store
            raise StoreError(f"cannot read store {self.path}: {' '.join(str(exc).split())[:300]}") from None

    def dump_nquads(self) -> bytes:
        with store_errors("cannot read store", self.path):
            data = self._open().dump(format=ox.RdfFormat.N_QUADS)  # bytes, as no output is given
        assert data is not None
        return data

    def dump_file(
        self, path: Path | BinaryIO, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS, graph: ox.NamedNode | ox.DefaultGraph | None = None
    ) -> None:
        """Stream the dataset (or one graph: `graph` an ox.NamedNode or ox.DefaultGraph) into a file, or into
        a binary stream (the engine calls its write() with 8 KB at a time)."""
        self._open().dump(output=str(path) if isinstance(path, Path) else path, format=fmt, from_graph=graph)

    def triples(self, predicate: str | None = None) -> Iterator[tuple[str, str, str | Lit]]:
        """The default (merged) graph's triples; IRIs and blank nodes as strings, literals as Lit."""
        pattern = ox.NamedNode(predicate) if predicate else None
        with store_errors("cannot read store", self.path):
            for quad in self._open().quads_for_pattern(None, pattern, None, ox.DefaultGraph()):
                subject, obj = quad.subject, quad.object
                assert not isinstance(subject, ox.Triple) and not isinstance(obj, ox.Triple)  # no RDF-star here
                if isinstance(obj, ox.Literal):
                    yield subject.value, quad.predicate.value, plain_lit(obj.value, obj.datatype.value, obj.language)
                else:
                    yield subject.value, quad.predicate.value, obj.value

    def is_empty(self) -> bool:
        with store_errors("cannot read store", self.path):
            return len(self._open()) == 0

    def rows(self, sparql: str) -> Iterator[tuple[str | None, ...]]:
        """SELECT solutions as tuples of plain strings (IRI, blank node id or lexical form): cheap to stream."""
        try:
            solutions = self._open().query(sparql)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {' '.join(str(exc).split())}") from None
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("rows() takes a SELECT query")
        with store_errors("cannot read store", self.path):
            for solution in solutions:  # a solution iterates its terms in the variables' order: no lookup by name
                yield tuple([None if term is None else term.value for term in solution])


class _Writing:
    """The copy being written inside OxigraphStore._write_copy, read through the Store interface's query."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store

    def query(self, sparql: str, max_rows: int | None = None, prefixes: dict[str, str] | None = None) -> Result:
        return _result_from_oxigraph(self._store.query(sparql, prefixes=prefixes), max_rows)


T = TypeVar("T")


def _capped(items: Iterable[T], max_rows: int | None) -> Iterator[T]:
    for count, item in enumerate(items, 1):
        if max_rows is not None and count > max_rows:
            raise ResultTooLarge(f"the result has more than {max_rows:,} rows: add LIMIT (and OFFSET to page)")
        yield item


def _result_from_oxigraph(results: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, max_rows: int | None = None) -> Result:
    if isinstance(results, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(results)
        return result
    if isinstance(results, ox.QuerySolutions):
        names = [v.value for v in results.variables]
        variables = [_var(n) for n in names]
        result = Result("SELECT")
        result.vars = variables
        convert = _cached_converter()
        positions = list(enumerate(variables))
        result.bindings = [
            {var: convert(term) for i, var in positions if (term := sol[i]) is not None} for sol in _capped(results, max_rows)
        ]
        return result
    result = Result("CONSTRUCT")
    graph, convert = Graph(), _cached_converter()
    for triple in _capped(results, max_rows):
        graph.add((convert(triple.subject), convert(triple.predicate), convert(triple.object)))
    result.graph = graph
    return result


def _cached_converter() -> Callable[[Any], Any]:
    """_to_rdflib with a memo for one result: rows repeat their terms (an agreement's label on each of its
    parties' rows, a party on each of its agreements'), and building an rdflib Literal costs ~10 µs (it parses
    the lexical form), which was a third of a 4,870-row query's time (bench/results/store.md)."""
    cache: dict[Any, Any] = {}

    def convert(term: Any) -> Any:
        out = cache.get(term)
        if out is None:
            out = cache[term] = _to_rdflib(term)
        return out

    return convert


def _var(name: str) -> Variable:
    return Variable(name)


class MemoryStore:
    """rdflib in memory. Fine for the seed corpus and tests; too slow for large graphs."""

    location = "memory:"

    def __init__(self) -> None:
        import rdflib.plugins.sparql

        # rdflib would fetch `FROM <url>` graphs over the network (Oxigraph reads them from the store):
        # no fetching, as in the engine (issue 14, defence in depth behind the query guard)
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
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
            size = (
                len(result.graph or ())
                if result.type in ("CONSTRUCT", "DESCRIBE")
                else (len(result.bindings) if result.type == "SELECT" else 0)
            )
        except Exception as exc:  # rdflib raises pyparsing errors and others without a common base
            raise QueryError(f"SPARQL error: {' '.join(str(exc).split())}") from None
        if max_rows is not None and size > max_rows:
            raise ResultTooLarge(f"the result has more than {max_rows:,} rows: add LIMIT (and OFFSET to page)")
        return result

    def update(self, sparql: str, then: Then | None = None) -> None:
        try:
            self.dataset.update(sparql)
        except Exception as exc:  # noqa: BLE001 - as for query
            raise QueryError(f"SPARQL update error: {' '.join(str(exc).split())}") from None
        follow = then(self) if then else ""
        if follow:
            self.update(follow)

    def refresh(self) -> None:
        pass

    def dump_nquads(self) -> bytes:
        return self.dataset.serialize(format="nquads").encode("utf-8")

    def is_empty(self) -> bool:
        return len(self.dataset) == 0

    def rows(self, sparql: str) -> Iterator[tuple[str | None, ...]]:
        result = self.query(sparql)
        for row in result:
            assert isinstance(row, ResultRow)  # a SELECT's
            yield tuple(None if term is None else str(term) for term in row)

    def triples(self, predicate: str | None = None) -> Iterator[tuple[str, str, str | Lit]]:
        pattern = URIRef(predicate) if predicate else None
        for s, p, o in self.dataset.default_graph.triples((None, pattern, None)):
            if isinstance(o, Literal):
                yield str(s), str(p), plain_lit(str(o), str(o.datatype) if o.datatype else None, o.language)
            else:
                yield str(s), str(p), str(o)
