"""Typed access to rdflib query results and to serialisers that return bytes only when given no output.

rdflib types `Result.vars` and `Result.graph` as optional (each is set for one kind of query only); these
accessors state which kind the caller holds, and fail loudly if it is another."""

from __future__ import annotations

from rdflib import Graph, Variable
from rdflib.query import Result


def variables(result: Result) -> list[Variable]:
    """A SELECT result's projected variables (empty for ASK)."""
    return list(result.vars or ())


def graph_of(result: Result) -> Graph:
    """A CONSTRUCT or DESCRIBE result's graph."""
    if result.graph is None:
        raise TypeError(f"a {result.type} result has no graph")
    return result.graph


def serialized(data: bytes | None) -> bytes:
    """The bytes a serialiser returned because no output was given to it."""
    if data is None:
        raise TypeError("the serialiser wrote to an output instead of returning bytes")
    return data
