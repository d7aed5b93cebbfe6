"""Export the whole graph as RDF, streamed with memory independent of the graph's size.

N-Triples and N-Quads come out sorted (bytewise, one line per triple/quad), so the same input gives
byte-identical files; Turtle, TriG and JSON-LD are written from that sorted stream.

How, with bounded memory: the store dumps itself to a spool file (Oxigraph writes it from its indexes,
no Python per quad); one pass moves the few lines with blank nodes aside (the ontology's OWL
expressions) and gives them their RDFC-1.0 canonical labels; GNU sort (LC_ALL=C, bounded buffer, an
external merge sort) orders and deduplicates the rest. Canonicalising only the blank-node quads gives the
labels full RDFC-1.0 would: the algorithm hashes a blank node from the quads that mention blank nodes
and never looks at the others (tests/test_export_stream.py compares the two). `canonical=True` runs the
library's RDFC-1.0 over the whole dataset in memory instead: the same bytes, about 6.8 GB of memory at
1.2M triples (bench/results/store.md), so only for small graphs.

The inferred graph (ckg:inferred, graph/infer.py) and its copies in the merged graph are included by
default, so a reload answers as the store does; `inferred=False` leaves them out (asserted facts only,
e.g. for a store that runs its own reasoner).
"""

from __future__ import annotations

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
    "nq": ox.RdfFormat.N_QUADS, "nt": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
    "ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
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


def _dump(store: Store, path: Path, graph: str | None) -> None:
    """`graph` None: every quad as N-Quads; "": the default graph as N-Triples; an IRI: that graph."""
    target = None if graph is None else ox.DefaultGraph() if graph == "" else ox.NamedNode(graph)
    fmt = ox.RdfFormat.N_QUADS if graph is None else ox.RdfFormat.N_TRIPLES
    if isinstance(store, OxigraphStore):
        store.dump_file(path, fmt, target)
        return
    quads = ox.parse(store.dump_nquads(), format=ox.RdfFormat.N_QUADS)  # other backends hold small graphs
    if target is not None:
        triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.graph_name == target)
        ox.serialize(triples, output=str(path), format=fmt)
    else:
        ox.serialize(quads, output=str(path), format=fmt)


def _split(raw: Path, body: BinaryIO, drop_inferred: bool) -> list[bytes]:
    """Copy lines to `body`, except those with blank nodes (returned) and, if asked, ckg:inferred's quads."""
    blank: list[bytes] = []
    with open(raw, "rb") as lines:
        for line in lines:
            if drop_inferred and line.endswith(_INFERRED_SUFFIX):
                continue
            if b"_:" in line:  # also a literal that merely contains "_:": canonicalising leaves it as it is
                blank.append(line)
            else:
                body.write(line)
    return blank


def _canonical_blank_lines(lines: list[bytes], fmt: ox.RdfFormat) -> bytes:
    if not lines:
        return b""
    parsed = ox.parse(b"".join(lines), format=fmt)
    dataset = ox.Dataset(parsed if fmt == ox.RdfFormat.N_QUADS else (ox.Quad(t.subject, t.predicate, t.object) for t in parsed))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    if fmt == ox.RdfFormat.N_QUADS:
        return serialized(ox.serialize(dataset, format=fmt))
    return serialized(ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in dataset), format=fmt))


def _sort(source: Path, target: Path, tmp: Path) -> None:
    sort = shutil.which("sort")
    if sort is None:
        raise StoreError("exporting needs GNU sort (coreutils) on the PATH, or use --canonical for small graphs")
    env = {**os.environ, "LC_ALL": "C"}  # bytewise order, as Python sorts bytes
    run = subprocess.run([sort, "-u", "-S", SORT_MEMORY, "-T", str(tmp), "-o", str(target), str(source)],
                         env=env, capture_output=True)
    if run.returncode != 0:
        raise StoreError(f"sorting the export failed: {run.stderr.decode(errors='replace').strip()}")


def _subtract(lines: Iterator[bytes], drop: Iterator[bytes]) -> Iterator[bytes]:
    """Sorted `lines` without the sorted `drop` lines (a merge walk, constant memory)."""
    nxt = next(drop, None)
    for line in lines:
        while nxt is not None and nxt < line:
            nxt = next(drop, None)
        if line != nxt:
            yield line


def _stream(store: Store, fmt: str, out: BinaryIO, inferred: bool) -> int:
    graphless = fmt in _GRAPHLESS
    with tempfile.TemporaryDirectory(prefix="cyberkg-export-", dir=_spool()) as name:
        tmp = Path(name)
        raw, body, ordered = tmp / "raw", tmp / "body", tmp / "sorted"
        _dump(store, raw, "" if graphless else None)
        line_format = ox.RdfFormat.N_TRIPLES if graphless else ox.RdfFormat.N_QUADS
        with open(body, "wb") as handle:
            blank = _split(raw, handle, drop_inferred=not inferred)
            handle.write(_canonical_blank_lines(blank, line_format))
        raw.unlink()
        _sort(body, ordered, tmp)
        body.unlink()
        if not inferred:  # the inferred triples' copies in the merged graph go too
            _dump(store, raw, str(INFERRED_GRAPH))
        else:
            raw.write_bytes(b"")
        _sort(raw, tmp / "drop", tmp)
        with open(ordered, "rb") as lines, open(tmp / "drop", "rb") as drop:
            return _write(_subtract(lines, iter(drop)), fmt, out, line_format)


class _Counter:
    def __init__(self, out: BinaryIO) -> None:
        self.out, self.count = out, 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return self.out.write(data)

    def flush(self) -> None:
        self.out.flush()


def _write(lines: Iterator[bytes], fmt: str, out: BinaryIO, line_format: ox.RdfFormat) -> int:
    counter = _Counter(out)
    if fmt in ("nt", "nq"):
        for line in lines:
            counter.write(line)
        return counter.count
    prefixes = PREFIXES if fmt in ("ttl", "trig") else None
    ox.serialize(_parsed(lines, line_format), output=cast(BinaryIO, counter), format=EXPORT_FORMATS[fmt],
                 prefixes=prefixes)
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
