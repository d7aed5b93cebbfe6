"""The one error hierarchy of cyberkg.

Library code raises these; only the CLI (and later the HTTP server) turns them into messages
and exit codes, so that tests can call the library and inspect the exception.

Exit codes (documented in the README):
  0 ok · 1 unexpected internal error · 2 bad input (file:line problem) · 3 validation failed
  4 store problem · 5 query problem · 64 bad command-line usage
"""

from __future__ import annotations


class CyberkgError(Exception):
    exit_code = 1

    def one_line(self) -> str:
        return " ".join(str(self).split())


class InputError(CyberkgError):
    """Bad input data: a seed file, a curated-fact file, an article. Names file and line."""

    exit_code = 2

    def __init__(self, problem: str, path: str | None = None, line: int | None = None):
        self.problem = problem
        self.path = path
        self.line = line
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(where + problem)


class FetchError(InputError):
    """A web source that could not be fetched, or was refused by policy (scheme, address, robots.txt,
    size, time, content type). Names the URL; exit code as for bad input."""


class DownloadError(FetchError):
    """A reference dataset could not be downloaded (offline, refused, too large); the message says what to
    download. Exit code as for any source that could not be fetched."""


class ValidationError(CyberkgError):
    """The populated graph breaks the ontology (HermiT) or the SHACL shapes."""

    exit_code = 3

    def __init__(self, summary: str, violations: list[str] | None = None):
        self.violations = violations or []
        super().__init__(summary)


class StoreError(CyberkgError):
    """The store (or an output beside it) cannot be used: missing, not a store, read-only, corrupt, disk full."""

    exit_code = 4


class OutputError(StoreError):
    """An export or output file could not be written (read-only directory, disk full)."""


class QueryError(CyberkgError):
    exit_code = 5


class ResultTooLarge(QueryError):
    """More results than the configured cap."""


class UsageError(CyberkgError):
    exit_code = 64
