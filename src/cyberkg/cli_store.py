"""What `ingest`, `ingest` from the web and `merge` share: the store a merge writes to, and an article's date.

Its own module so that cli_ingest and cli_web import it, not each other."""

from __future__ import annotations

import datetime as dt
import sys

from cyberkg.errors import InputError
from cyberkg.graph.store import Store


def store_for_merge(location: str) -> tuple[Store, bool]:
    """The store to merge into; a store directory that does not exist yet starts empty, so a graph can be
    grown from articles alone. Returns (store, is_new)."""
    from cyberkg.graph.store import OxigraphStore, open_store

    store = open_store(location, create=True)
    return store, isinstance(store, OxigraphStore) and not store.path.exists()


def create_empty(store: Store) -> None:
    from cyberkg.graph.merge import create_empty as create

    create(store)
    print(f"created an empty store at {store.location}", file=sys.stderr)


def publication_date(text: str | None, path: str) -> dt.date | None:
    """An article's publication date from its metadata (YYYY-MM-DD, a time after it ignored)."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise InputError(f"publication date '{text}' is not YYYY-MM-DD", path) from None
