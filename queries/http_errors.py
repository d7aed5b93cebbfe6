"""Errors to HTTP answers, in one place: every failure the endpoint can meet is a CyberkgError subclass,
and this table gives its status (and headers). Handlers raise; only `error_answer` turns an exception
into a status line and a one-line plain-text body.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from cyberkg.errors import CyberkgError, QueryError, ResultTooLarge, StoreError, UsageError
from cyberkg.queries.protocol import NotAcceptable
from cyberkg.queries.sparql_guard import RefusedError
from cyberkg.queries.workers import QueryTimeout, ServerBusy, WorkerFailed, WorkerOutOfMemory

log = logging.getLogger("cyberkg.http")
RETRY = {"Retry-After": "1"}


class HTTPProblem(CyberkgError):
    """A request the HTTP layer itself refuses (unknown path, wrong method, bad body…): it carries its status."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None, close: bool = False):
        super().__init__(message)
        self.status, self.headers, self.close = status, headers or {}, close


class TooManyQueries(QueryError):
    """This client already has its share of queries in flight (429)."""


# Most specific first: the first class the exception is an instance of decides.
STATUS: list[tuple[type[CyberkgError], int, dict[str, str]]] = [
    (RefusedError, 403, {}),
    (NotAcceptable, 406, {}),
    (TooManyQueries, 429, {"Retry-After": "2"}),
    (QueryTimeout, 503, RETRY),
    (ServerBusy, 503, RETRY),
    (WorkerOutOfMemory, 503, RETRY),
    (ResultTooLarge, 400, {}),
    (QueryError, 400, {}),
    (StoreError, 503, RETRY),
    (UsageError, 400, {}),
    (WorkerFailed, 500, {}),
    (CyberkgError, 500, {}),
]


@dataclass
class Answer:
    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    close: bool = False  # end the connection after this answer (framing in doubt, body left unread)


def error_answer(exc: BaseException) -> Answer:
    if isinstance(exc, HTTPProblem):
        return _plain(exc.status, exc.one_line(), exc.headers, exc.close)
    if isinstance(exc, CyberkgError):
        for cls, status, headers in STATUS:
            if isinstance(exc, cls):
                return _plain(status, exc.one_line(), headers)
    # a bug: say so in one line to the client, keep the traceback for the operator
    log.error("internal error answering a request", exc_info=exc)
    return _plain(500, f"internal error: {type(exc).__name__}")


def _plain(status: int, message: str, headers: dict[str, str] | None = None, close: bool = False) -> Answer:
    return Answer(status, (message.rstrip() + "\n").encode("utf-8"), headers=dict(headers or {}), close=close)
