"""Export the whole graph as RDF, streamed with memory independent of the graph's size.

N-Triples and N-Quads come out sorted (bytewise, one line per triple/quad), so the same input gives
byte-identical files; Turtle, TriG and JSON-LD are written from that sorted stream.

How, with bounded memory: the store dumps itself (Oxigraph writes it from its indexes, no Python per quad)
straight into GNU sort's input (LC_ALL=C, bounded buffer, an external merge sort), which orders and
deduplicates the lines; on the way the few lines with blank nodes (the ontology's OWL expressions) are set
aside, given their RDFC-1.0 canonical labels, and sent after the rest. No spool file is written and read back
(at 12M triples the dump is about 4.7 GB), and the sorted lines go out as sort returns them. Canonicalising
only the blank-node quads gives the labels full RDFC-1.0 would: the algorithm hashes a blank node from the
quads that mention blank nodes and never looks at the others (tests/test_export_stream.py compares the two).
`canonical=True` runs the library's RDFC-1.0 over the whole dataset in memory instead: the same bytes, about 6.8 GB of memory at
1.2M triples (bench/results/store.md), so only for small graphs.

The inferred graph (ckg:inferred, graph/infer.py) and its copies in the merged graph are included by
default, so a reload answers as the store does; `inferred=False` leaves them out (asserted facts only,
e.g. for a store that runs its own reasoner).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, cast

import pyoxigraph as ox

from cyberkg.errors import StoreError, UsageError
from cyberkg.graph.store import OxigraphStore, Store
from cyberkg.namespaces import INFERRED_GRAPH, PREFIXES
from cyberkg.results import serialized
from cyberkg.safeio import atomic_write, check_target

EXPORT_FORMATS = {
    "nq": ox.RdfFormat.N_QUADS,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}
_GRAPHLESS = ("nt", "ttl")  # formats without named graphs get the merged (default) graph
_INFERRED_SUFFIX = f" <{INFERRED_GRAPH}> .\n".encode()
SORT_MEMORY = "256M"  # GNU sort's buffer: it spills sorted runs to disk beyond this


def canonical_dataset(store: Store, inferred: bool = True) -> ox.Dataset:
    """The whole dataset in memory, canonicalised with RDFC-1.0 (the `canonical` option; small graphs)."""
    dataset = ox.Dataset(ox.parse(store.dump_nquads(), format=ox.RdfFormat.N_QUADS))
    if not inferred:
        drop = [q for q in dataset if q.graph_name == ox.NamedNode(str(INFERRED_GRAPH))]
        for quad in drop:
            dataset.discard(quad)
            dataset.discard(ox.Quad(quad.subject, quad.predicate, quad.object))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def _canonical_bytes(store: Store, fmt: str, inferred: bool) -> bytes:
    dataset = canonical_dataset(store, inferred)
    if fmt in _GRAPHLESS:  # the merged graph alone, canonicalised on its own (as the streaming path does)
        dataset = ox.Dataset(q for q in dataset if isinstance(q.graph_name, ox.DefaultGraph))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        quads = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in dataset}, key=str)
    else:
        quads = sorted(dataset, key=str)
    if fmt in ("nt", "nq"):
        data = serialized(ox.serialize(quads, format=EXPORT_FORMATS[fmt]))
        return b"".join(sorted(set(data.splitlines(keepends=True))))
    prefixes = PREFIXES if fmt in ("ttl", "trig") else None
    return serialized(ox.serialize(quads, format=EXPORT_FORMATS[fmt], prefixes=prefixes))


def _check(fmt: str) -> None:
    if fmt not in EXPORT_FORMATS and fmt != "schema-jsonld":
        raise UsageError(f"unknown export format '{fmt}' (choose from {', '.join(EXPORT_FORMATS)}, schema-jsonld)")


def write_export(store: Store, fmt: str, out: BinaryIO, canonical: bool = False, inferred: bool = True) -> int:
    """Write the export to a binary stream; returns bytes written."""
    _check(fmt)
    if fmt == "schema-jsonld":
        from cyberkg.queries.schema_org import schema_jsonld

        data = schema_jsonld(store)
    elif canonical:
        data = _canonical_bytes(store, fmt, inferred)
    else:
        return _stream(store, fmt, out, inferred)
    out.write(data)
    return len(data)


def export_bytes(store: Store, fmt: str, canonical: bool = False, inferred: bool = True) -> bytes:
    """The export in memory: for small graphs and tests (the CLI streams to its output instead)."""
    buffer = io.BytesIO()
    write_export(store, fmt, buffer, canonical, inferred)
    return buffer.getvalue()


def export(store: Store, fmt: str, out: Path, canonical: bool = False, inferred: bool = True) -> int:
    """Stream through a temporary file beside `out`; only a regular file (or nothing) is replaced."""
    _check(fmt)
    check_target(out)  # refuse a symlink or /dev/stdout before the (long) export, not after
    written = []

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as handle:
            written.append(write_export(store, fmt, handle, canonical, inferred))

    atomic_write(out, write)
    return written[0]


# -- the streaming path ------------------------------------------------------------------------------


def _spool() -> Path:
    return Path(os.environ.get("CYBERKG_TMP") or tempfile.gettempdir())


def _dump(store: Store, target: Path | BinaryIO, graph: str | None) -> None:
    """`graph` None: every quad as N-Quads; "": the default graph as N-Triples; an IRI: that graph.
    `target`: a file, or a binary stream the store writes into as it reads."""
    selected = None if graph is None else ox.DefaultGraph() if graph == "" else ox.NamedNode(graph)
    fmt = ox.RdfFormat.N_QUADS if graph is None else ox.RdfFormat.N_TRIPLES
    if isinstance(store, OxigraphStore):
        store.dump_file(target, fmt, selected)
        return
    quads = ox.parse(store.dump_nquads(), format=ox.RdfFormat.N_QUADS)  # other backends hold small graphs
    output = str(target) if isinstance(target, Path) else target
    if selected is not None:
        triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.graph_name == selected)
        ox.serialize(triples, output=output, format=fmt)
    else:
        ox.serialize(quads, output=output, format=fmt)


_CHUNK = 1 << 20  # the dump is split a megabyte at a time


class _Splitter:
    """What the store dumps into: its lines go on to GNU sort's input as they come, except those with blank
    nodes (`blank`: they get canonical labels first) and, if asked, ckg:inferred's quads. It works on whole
    chunks with bytes.find, not line by line: Python does nothing for the lines it passes on, and no spool
    file is written and read back (the store writes 8 KB at a time)."""

    def __init__(self, sink: BinaryIO, drop_inferred: bool, chunk: int = _CHUNK) -> None:
        self.sink, self.drop_inferred, self.chunk = sink, drop_inferred, chunk
        self.blank: list[bytes] = []
        self._pending = bytearray()

    def write(self, data: bytes) -> int:
        self._pending += data
        if len(self._pending) >= self.chunk:
            end = self._pending.rfind(b"\n") + 1
            self._cut(bytes(self._pending[:end]))
            del self._pending[:end]
        return len(data)

    def flush(self) -> None:  # lines are passed on whole, so a partial one waits for its end (or close)
        pass

    def close(self) -> None:
        if self._pending:
            self._cut(bytes(self._pending))
            self._pending.clear()

    def _cut(self, chunk: bytes) -> None:
        spans: dict[int, tuple[int, bool]] = {}  # a line's start -> (its end, whether it goes to `blank`)
        found = chunk.find(b"_:")  # also a literal that merely contains "_:": canonicalising leaves it as it is
        while found >= 0:
            start, end = _line_around(chunk, found)
            spans[start] = (end, True)
            found = chunk.find(b"_:", end)
        if self.drop_inferred:  # the suffix ends with the line's only raw newline: found = line.endswith
            found = chunk.find(_INFERRED_SUFFIX)
            while found >= 0:
                start, end = _line_around(chunk, found)
                spans[start] = (end, False)  # dropped, whether or not it has blank nodes
                found = chunk.find(_INFERRED_SUFFIX, end)
        view, kept = memoryview(chunk), 0
        for start in sorted(spans):
            end, blank = spans[start]
            self.sink.write(view[kept:start])
            if blank:
                self.blank.append(chunk[start:end])
            kept = end
        self.sink.write(view[kept:])


def _line_around(chunk: bytes, offset: int) -> tuple[int, int]:
    end = chunk.find(b"\n", offset)
    return chunk.rfind(b"\n", 0, offset) + 1, len(chunk) if end < 0 else end + 1


def _canonical_blank_lines(lines: list[bytes], fmt: ox.RdfFormat) -> bytes:
    if not lines:
        return b""
    parsed = ox.parse(b"".join(lines), format=fmt)
    dataset = ox.Dataset(parsed if fmt == ox.RdfFormat.N_QUADS else (ox.Quad(t.subject, t.predicate, t.object) for t in parsed))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    if fmt == ox.RdfFormat.N_QUADS:
        return serialized(ox.serialize(dataset, format=fmt))
    return serialized(ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in dataset), format=fmt))


def _sort_command(tmp: Path) -> list[str]:
    sort = shutil.which("sort")
    if sort is None:
        raise StoreError("exporting needs GNU sort (coreutils) on the PATH, or use --canonical for small graphs")
    return [sort, "-u", "-S", SORT_MEMORY, "-T", str(tmp)]


_SORT_ENV = {"LC_ALL": "C"}  # bytewise order, as Python sorts bytes


def _sort(source: Path, target: Path, tmp: Path) -> None:
    run = subprocess.run(
        [*_sort_command(tmp), "-o", str(target), str(source)], env={**os.environ, **_SORT_ENV}, capture_output=True
    )
    if run.returncode != 0:
        raise StoreError(f"sorting the export failed: {run.stderr.decode(errors='replace').strip()}")


@contextlib.contextmanager
def _sorter(tmp: Path) -> Iterator[subprocess.Popen[bytes]]:
    """GNU sort reading its stdin and writing the sorted lines to its stdout; its errors named if it fails."""
    command, errors = _sort_command(tmp), tmp / "sort-errors"
    with open(errors, "wb") as err:
        proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, env={**os.environ, **_SORT_ENV}
        )
    try:
        yield proc
    except BaseException:
        proc.kill()
        if proc.wait() not in (0, -9):  # sort failed first (e.g. its temporary files): its message says why
            raise StoreError(f"sorting the export failed: {errors.read_text(errors='replace').strip()}") from None
        raise
    finally:
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                pipe.close()
    if proc.wait() != 0:
        raise StoreError(f"sorting the export failed: {errors.read_text(errors='replace').strip()}")


def _subtract(lines: Iterator[bytes], drop: Iterator[bytes]) -> Iterator[bytes]:
    """Sorted `lines` without the sorted `drop` lines (a merge walk, constant memory)."""
    nxt = next(drop, None)
    for line in lines:
        while nxt is not None and nxt < line:
            nxt = next(drop, None)
        if line != nxt:
            yield line


def _stream(store: Store, fmt: str, out: BinaryIO, inferred: bool) -> int:
    """The store dumps into GNU sort's input (through _Splitter), the canonical blank-node lines follow, and
    the sorted lines are written out as they come back: no spool file but sort's own runs."""
    graphless = fmt in _GRAPHLESS
    line_format = ox.RdfFormat.N_TRIPLES if graphless else ox.RdfFormat.N_QUADS
    with tempfile.TemporaryDirectory(prefix="cyberkg-export-", dir=_spool()) as name:
        tmp = Path(name)
        drop = None
        if not inferred:  # the inferred triples' copies in the merged graph go too
            _dump(store, tmp / "inferred", str(INFERRED_GRAPH))
            _sort(tmp / "inferred", tmp / "drop", tmp)
            drop = open(tmp / "drop", "rb")
        try:
            with _sorter(tmp) as sort:
                assert sort.stdin is not None and sort.stdout is not None
                splitter = _Splitter(cast(BinaryIO, sort.stdin), drop_inferred=not inferred)
                _dump(store, cast(BinaryIO, splitter), "" if graphless else None)
                splitter.close()
                sort.stdin.write(_canonical_blank_lines(splitter.blank, line_format))
                sort.stdin.close()
                return _write(cast(BinaryIO, sort.stdout), drop, fmt, out, line_format)
        finally:
            if drop is not None:
                drop.close()


class _Counter:
    def __init__(self, out: BinaryIO) -> None:
        self.out, self.count = out, 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return self.out.write(data)

    def flush(self) -> None:
        self.out.flush()


def _write(ordered: BinaryIO, drop: BinaryIO | None, fmt: str, out: BinaryIO, line_format: ox.RdfFormat) -> int:
    """The sorted lines (less the `drop` ones) as the format asks; N-Triples and N-Quads copied in blocks."""
    counter = _Counter(out)
    if fmt in ("nt", "nq") and drop is None:
        shutil.copyfileobj(ordered, cast(BinaryIO, counter), _CHUNK)
        return counter.count
    lines = iter(ordered) if drop is None else _subtract(iter(ordered), iter(drop))
    if fmt in ("nt", "nq"):
        for line in lines:
            counter.write(line)
        return counter.count
    prefixes = PREFIXES if fmt in ("ttl", "trig") else None
    ox.serialize(_parsed(lines, line_format), output=cast(BinaryIO, counter), format=EXPORT_FORMATS[fmt], prefixes=prefixes)
    return counter.count


def _parsed(lines: Iterator[bytes], fmt: ox.RdfFormat, batch: int = 50_000) -> Iterator[ox.Quad]:
    """Terms from sorted lines, parsed a batch at a time (constant memory)."""
    chunk: list[bytes] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= batch:
            yield from ox.parse(b"".join(chunk), format=fmt)
            chunk = []
    if chunk:
        yield from ox.parse(b"".join(chunk), format=fmt)
