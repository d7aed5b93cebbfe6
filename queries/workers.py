"""Queries run in worker processes so a time limit can really stop them: a query that outlives it has
its process killed (the engine cannot be interrupted from Python) and a fresh worker takes its place,
while the other workers keep answering."""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
from dataclasses import dataclass

from cyberkg.errors import QueryError, ResultTooLarge, StoreError

_CONTEXT = mp.get_context("spawn")  # never fork a process that runs server threads


@dataclass(frozen=True)
class StoreSpec:
    """How a worker opens the store: an Oxigraph directory, or N-Quads to load into memory."""

    kind: str  # "oxigraph" | "remote" | "nquads"
    location: str = ""
    nquads: bytes = b""


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes


class QueryTimeout(QueryError):
    """The query ran past the time limit and was stopped."""


class ServerBusy(QueryError):
    """No worker became free within the time limit."""


def _open(spec: StoreSpec):
    from cyberkg.graph.store import MemoryStore, OxigraphStore, open_store

    if spec.kind == "oxigraph":
        return OxigraphStore(spec.location)
    if spec.kind == "remote":
        return open_store(spec.location)
    store = MemoryStore()
    store.replace_all(spec.nquads)
    return store


def _worker_main(conn, spec: StoreSpec, max_rows: int) -> None:
    from cyberkg.namespaces import PREFIXES
    from cyberkg.queries.protocol import NotAcceptable, negotiate, result_kind, serialize, wants_raw

    prefixes = {name: str(iri) for name, iri in PREFIXES.items()}

    store = _open(spec)
    conn.send("ready")
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        sparql, accept, fmt = message
        try:
            store.refresh()
            result = store.query(sparql, max_rows=max_rows, prefixes=prefixes)
            media = negotiate(accept, result_kind(result), fmt)
            reply = Reply(200, media + "; charset=utf-8", serialize(result, media, raw=wants_raw(fmt)))
        except NotAcceptable as exc:
            reply = Reply(406, "text/plain; charset=utf-8", str(exc).encode())
        except (ResultTooLarge, QueryError) as exc:
            reply = Reply(400, "text/plain; charset=utf-8", str(exc).encode())
        except StoreError as exc:
            reply = Reply(503, "text/plain; charset=utf-8", str(exc).encode())
        except Exception as exc:  # noqa: BLE001 - answer, never die on one bad query
            reply = Reply(500, "text/plain; charset=utf-8", f"internal error: {type(exc).__name__}: {exc}".encode())
        conn.send(reply)


class _Worker:
    def __init__(self, spec: StoreSpec, max_rows: int) -> None:
        self.conn, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_worker_main, args=(child, spec, max_rows), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> bool:
        try:
            if not self.ready and self.conn.poll(timeout):
                self.ready = self.conn.recv() == "ready"
        except (EOFError, OSError):  # it died while starting: the store could not be opened
            return False
        return self.ready

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """A fixed number of worker processes; `run` blocks its calling thread only."""

    def __init__(self, spec: StoreSpec, workers: int = 2, timeout: float = 5.0, max_rows: int = 10_000,
                 start_timeout: float = 60.0, queue_timeout: float | None = None) -> None:
        self.spec, self.size, self.timeout, self.max_rows = spec, workers, timeout, max_rows
        # Waiting for a free worker is not work: allow longer than the time limit before saying "busy".
        self.queue_timeout = queue_timeout if queue_timeout is not None else max(30.0, 6 * timeout)
        self.start_timeout = start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        self.stats = {"queries": 0, "timeouts": 0, "restarts": 0}
        for _ in range(workers):
            self._idle.put(self._spawn())
        for worker in list(self._all):
            if not worker.wait_ready(start_timeout):
                self.close()
                raise StoreError("query workers did not start (is the store readable?)")

    def _spawn(self) -> _Worker:
        worker = _Worker(self.spec, self.max_rows)
        with self._lock:
            self._all.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        self.stats["restarts"] += 1
        self._idle.put(self._spawn())

    def run(self, sparql: str, accept: str | None = None, fmt: str | None = None) -> Reply:
        try:
            worker = self._idle.get(timeout=self.queue_timeout)
        except queue.Empty:
            raise ServerBusy(f"all {self.size} query workers stayed busy for {self.queue_timeout:g} s; "
                             "try again") from None
        self.stats["queries"] += 1
        try:
            remaining = self.timeout
            if not worker.wait_ready(self.start_timeout):
                raise EOFError
            worker.conn.send((sparql, accept, fmt))
            if not worker.conn.poll(remaining):
                self.stats["timeouts"] += 1
                self._retire(worker)
                worker = None
                raise QueryTimeout(f"the query ran past the {self.timeout:g} s time limit and was stopped")
            reply = worker.conn.recv()
        except (EOFError, BrokenPipeError, OSError):
            if worker is not None:
                self._retire(worker)
            raise QueryError("the query worker died; it has been replaced") from None
        self._idle.put(worker)
        return reply

    def restart(self, spec: StoreSpec | None = None) -> None:
        """Replace every worker (after an in-memory update: forked copies would be stale)."""
        self.spec = spec or self.spec
        old = [self._idle.get() for _ in range(self.size)]  # waits for running queries to finish
        for worker in old:
            self._retire(worker)
        self.stats["restarts"] -= self.size

    def alive(self) -> int:
        with self._lock:
            return sum(1 for w in self._all if w.process.is_alive())

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), []
        for worker in workers:
            try:
                worker.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
            worker.kill()
