"""Read a seeds directory: documents.yaml (the source documents) and entities/*.yaml (curated facts)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from cyberkg.errors import InputError
from cyberkg.graph.corpus import Document, load_documents
from cyberkg.graph.records import Record, load_yaml, parse_records
from cyberkg.graph.resolve import EntityIndex
from cyberkg.graph.vocab import vocabulary
from cyberkg.safeio import box_files, inside

DOCUMENTS_FILE = "documents.yaml"
ENTITIES_DIR = "entities"


@dataclass
class SeedSet:
    root: Path
    documents: dict[str, Document]
    records: list[Record]  # documents first, then entities, in file order
    index: EntityIndex
    files: list[str]


def packaged_seeds_dir() -> Path:
    """The seeds shipped in the package (a real directory for both editable and normal installs)."""
    return Path(str(resources.files("cyberkg.seeds")))


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while millions of long-lived objects are made (parsed YAML, records,
    the materialiser's sets): each full collection walks every live object, so reading a large corpus went
    quadratic (27 full collections, 12.3 of 17 CPU s spent collecting at 1.2M triples; bench/results/store.md).
    Nothing made here forms reference cycles; whatever does is collected once the collector is back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_seedset(root: Path | None = None) -> SeedSet:
    with gc_paused():
        return _load_seedset(root)


def _load_seedset(root: Path | None = None) -> SeedSet:
    root = Path(root) if root else packaged_seeds_dir()
    doc_file = root / DOCUMENTS_FILE
    if not doc_file.is_file():
        raise InputError(f"no {DOCUMENTS_FILE} in seeds directory", str(root))
    inside(root, DOCUMENTS_FILE, str(root))  # not a symlink out of the box
    doc_records = parse_records(load_yaml(doc_file, _display(doc_file)), _display(doc_file))
    documents = load_documents(doc_records, root)
    files = [DOCUMENTS_FILE]
    records = list(doc_records)
    for path in box_files(root, f"{ENTITIES_DIR}/*.yaml"):
        display = _display(path)
        files.append(str(path.relative_to(root)))
        records.extend(parse_records(load_yaml(path, display), display))
    index = EntityIndex(records, set(documents), vocabulary())
    return SeedSet(root, documents, records, index, files)


def _display(path: Path) -> str:
    """Paths in messages relative to the working directory when possible, so they are clickable."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
