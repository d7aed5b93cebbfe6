"""The build pipeline: seeds -> records -> resolved entities -> RDF with provenance -> validated -> stored.

Two paths to the store:
- validated (default up to BULK_ABOVE_FACTS facts): the graph is built as an rdflib Dataset, checked
  with SHACL, provenance and HermiT, then loaded;
- bulk (`--bulk`, or automatically above that size): facts stream as N-Quads into a file that the
  engine bulk-loads. Structural checks (classes, predicates, domains and ranges, verbatim quotes,
  dates) still stop a bad input before anything is stored; SHACL and HermiT, which need the whole
  graph in memory, are skipped and the build says so.
Both paths then add the ontology's entailments (graph/infer.py) as ckg:inferred and in the merged graph,
in the same atomic load. Validation checks the asserted graph only: the entailments follow from it and
the ontology, and HermiT already checks that the two are consistent.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import Dataset

from cyberkg.graph.populate import Written, populate, populate_nquads
from cyberkg.graph.seedset import SeedSet, load_seedset
from cyberkg.graph.store import OxigraphStore, Store
from cyberkg.graph.validate import ValidationReport, require_valid, validate_dataset
from cyberkg.namespaces import INFERRED_GRAPH

Progress = Callable[[str], None]
BULK_ABOVE_FACTS = 100_000


@dataclass
class BuildResult:
    dataset: Dataset | None  # None on the bulk path
    report: ValidationReport
    quads: int
    documents: int
    records: int
    bulk: bool = False
    inferred: int = 0  # materialised entailments (ckg:inferred)


def count_facts(seeds: SeedSet) -> int:
    return sum(2 + len(record.facts) for record in seeds.records)


def build_dataset(
    seeds_dir: Path | None = None,
    reason: bool = True,
    progress: Progress = lambda _: None,
    validate: bool = True,
    seeds: SeedSet | None = None,
) -> BuildResult:
    """Read, populate and validate; raises InputError/ValidationError before anything is stored.

    `validate=False` skips SHACL, provenance and HermiT (quotes are still located verbatim)."""
    if seeds is None:
        progress("reading seeds")
        seeds = load_seedset(seeds_dir)
    progress(f"populating the graph from {len(seeds.records)} records in {len(seeds.files)} files")
    ds = populate(seeds)
    if validate:
        progress("validating: SHACL shapes, provenance" + (", OWL consistency (HermiT)" if reason else ""))
        report = validate_dataset(ds, reason=reason)
        require_valid(report)
    else:
        report = ValidationReport()
    quads = len(ds)
    inferred = add_inferred(ds)
    return BuildResult(ds, report, quads, len(seeds.documents), len(seeds.records), inferred=inferred)


def add_inferred(ds: Dataset) -> int:
    """Materialise the entailments of the dataset's merged graph into it; returns how many."""
    from rdflib import URIRef

    from cyberkg.graph.infer import Materialiser
    from cyberkg.graph.sink import nt_term
    from cyberkg.graph.store import _to_rdflib

    reasoner = Materialiser()
    default = ds.default_graph
    for p in sorted(reasoner.rules.watched):
        for s, _, o in default.triples((None, URIRef(p[1:-1]), None)):
            reasoner.add(nt_term(s), p, nt_term(o))
    lines = "".join(f"{s} {p} {o} .\n" for s, p, o in reasoner.inferred())
    inferred = ds.graph(INFERRED_GRAPH)
    count = 0
    for triple in ox.parse(lines.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        terms = (_to_rdflib(triple.subject), _to_rdflib(triple.predicate), _to_rdflib(triple.object))
        inferred.add(terms)
        default.add(terms)
        count += 1
    return count


def serialize_nquads(ds: Dataset) -> bytes:
    return ds.serialize(format="nquads").encode("utf-8")


def build(
    store: Store,
    seeds_dir: Path | None = None,
    reason: bool = True,
    progress: Progress = lambda _: None,
    validate: bool = True,
    bulk: bool | None = None,
) -> BuildResult:
    """Build and atomically replace the store's contents; on any error the store is untouched."""
    progress("reading seeds")
    seeds = load_seedset(seeds_dir)
    facts = count_facts(seeds)
    if bulk is None:
        bulk = facts > BULK_ABOVE_FACTS
    if not bulk:
        result = build_dataset(reason=reason, progress=progress, validate=validate, seeds=seeds)
        progress(f"storing the graph in {store.location}")
        assert result.dataset is not None  # built in memory on this path
        store.replace_all(serialize_nquads(result.dataset))
        return result
    progress(
        f"bulk path: streaming {facts:,} facts as N-Quads (SHACL and HermiT skipped; structural "
        "checks and verbatim quotes still enforced)"
    )
    documents, records = len(seeds.documents), len(seeds.records)
    held = [seeds]
    del seeds

    def produce(out: IO[bytes]) -> Written:
        # the parsed seeds are freed as soon as their quads are written, while the engine still loads
        return populate_nquads(held.pop(), out)

    if isinstance(store, OxigraphStore):
        # the engine loads the quads as they are written (a pipe, no spool file): populating and loading overlap
        written = store.replace_all_stream(produce)
    else:
        spool = Path(os.environ.get("CYBERKG_TMP") or tempfile.gettempdir())
        with tempfile.NamedTemporaryFile(prefix="cyberkg-", suffix=".nq", dir=spool) as handle:
            written = produce(handle)
            handle.flush()
            store.replace_all_file(Path(handle.name))
    progress(
        f"bulk-loaded {written.facts:,} quads and {written.inferred:,} inferred triples (and their "
        f"merged-graph copies) into {store.location}"
    )
    return BuildResult(None, ValidationReport(), written.facts, documents, records, bulk=True, inferred=written.inferred)
