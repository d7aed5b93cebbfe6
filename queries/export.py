"""Export the whole graph. N-Triples and N-Quads are canonical (RDFC-1.0 blank nodes) and sorted, so the
same input gives byte-identical files."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from cyberkg.errors import UsageError
from cyberkg.graph.store import Store
from cyberkg.namespaces import PREFIXES
from cyberkg.results import serialized
from cyberkg.safeio import atomic_write_bytes, check_target

EXPORT_FORMATS = {
    "nq": ox.RdfFormat.N_QUADS, "nt": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
    "ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
}


def canonical_dataset(store: Store) -> ox.Dataset:
    dataset = ox.Dataset(ox.parse(store.dump_nquads(), format=ox.RdfFormat.N_QUADS))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def export_bytes(store: Store, fmt: str) -> bytes:
    if fmt == "schema-jsonld":
        from cyberkg.queries.schema_org import schema_jsonld

        return schema_jsonld(store)
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format '{fmt}' (choose from {', '.join(EXPORT_FORMATS)}, schema-jsonld)")
    dataset = canonical_dataset(store)
    if fmt in ("nt", "ttl"):
        # formats without named graphs get the union of all graphs, each triple once
        quads = sorted({ox.Quad(q.subject, q.predicate, q.object) for q in dataset}, key=str)
    else:
        quads = sorted(dataset, key=str)
    if fmt in ("nt", "nq"):
        data = serialized(ox.serialize(quads, format=EXPORT_FORMATS[fmt]))
        return b"".join(sorted(set(data.splitlines(keepends=True))))
    prefixes = PREFIXES if fmt in ("ttl", "trig") else None
    return serialized(ox.serialize(quads, format=EXPORT_FORMATS[fmt], prefixes=prefixes))


def export(store: Store, fmt: str, out: Path) -> int:
    """Write through a temporary file beside `out`; only a regular file (or nothing) is replaced."""
    check_target(out)  # refuse a symlink or /dev/stdout before the (long) export, not after
    return atomic_write_bytes(out, export_bytes(store, fmt))
