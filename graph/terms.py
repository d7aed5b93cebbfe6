"""RDF terms as plain Python values, shared by every store backend (store.py, remote.py) and their readers.

Its own module so that the backends import it, not each other (store.open_store picks a backend)."""

from __future__ import annotations

from typing import NamedTuple


class Lit(NamedTuple):
    """A literal as plain Python values, for code that reads the whole graph (projections) without rdflib's cost."""

    value: str
    datatype: str | None = None
    language: str | None = None
