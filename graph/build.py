"""The build pipeline: seeds -> records -> resolved entities -> RDF with provenance -> validated -> stored."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rdflib import Dataset

from cyberkg.graph.populate import populate
from cyberkg.graph.seedset import load_seedset
from cyberkg.graph.store import Store
from cyberkg.graph.validate import ValidationReport, require_valid, validate_dataset

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    dataset: Dataset
    report: ValidationReport
    quads: int
    documents: int
    records: int


def build_dataset(seeds_dir: Path | None = None, reason: bool = True,
                  progress: Progress = lambda _: None, validate: bool = True) -> BuildResult:
    """Read, populate and validate; raises InputError/ValidationError before anything is stored.

    `validate=False` skips SHACL, provenance and HermiT (quotes are still located verbatim): only for
    generated benchmark corpora, whose generator is itself tested to produce valid graphs."""
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
    return BuildResult(ds, report, len(ds), len(seeds.documents), len(seeds.records))


def serialize_nquads(ds: Dataset) -> bytes:
    return ds.serialize(format="nquads").encode("utf-8")


def build(store: Store, seeds_dir: Path | None = None, reason: bool = True,
          progress: Progress = lambda _: None, validate: bool = True) -> BuildResult:
    """Build and atomically replace the store's contents; on any error the store is untouched."""
    result = build_dataset(seeds_dir, reason=reason, progress=progress, validate=validate)
    progress(f"storing the graph in {store.location}")
    store.replace_all(serialize_nquads(result.dataset))
    return result
