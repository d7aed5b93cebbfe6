"""Copy an on-disk store for a test that writes to it.

A store directory is never written in place: every build, merge or update writes a new directory and
swaps it in by rename (graph/store.py). So a finished store's directory is a consistent snapshot, and
copying its files gives the same graph as `replace_all(store.dump_nquads())` without serialising and
re-loading every quad (seconds on the joined dataset graph)."""

from __future__ import annotations

import shutil
from pathlib import Path

from cyberkg.graph.store import OxigraphStore


def copy_store(store: OxigraphStore, target: Path) -> OxigraphStore:
    shutil.copytree(store.path, target)
    return OxigraphStore(target)
