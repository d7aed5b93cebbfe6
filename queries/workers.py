"""Queries run in worker processes so a time limit can really stop them: a query that outlives it has
its process killed (the engine cannot be interrupted from Python) and a fresh worker takes its place,
while the other workers keep answering.

Each worker's address space is capped (RLIMIT_AS, `--worker-memory`), so one query cannot take the
machine's memory; a query that hits the cap ends with `WorkerOutOfMemory` and its worker is replaced.
Answers are serialised in the worker and refused there when they pass `max_bytes`, so an oversized
answer never crosses the pipe or reaches the HTTP process. Failures come back as exceptions (a name from
`_FAILURES` and a message); the HTTP layer maps them to status codes in one table (http_errors.py).
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import pickle
import queue
import signal
import struct
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, cast

from cyberkg.errors import CyberkgError, QueryError, ResultTooLarge, StoreError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from rdflib.query import Result
    from rdflib.term import Identifier

    from cyberkg.graph.store import Store

# Workers are forked from a fork server: a clean single-threaded process with the libraries already
# imported (never fork the server itself: it runs threads). A worker stopped at the time limit is
# replaced in tens of milliseconds instead of the second a fresh interpreter takes, so the next query in
# line does not wait for it.
_CONTEXT = mp.get_context("forkserver")
_CONTEXT.set_forkserver_preload(
    ["cyberkg.queries.workers", "cyberkg.queries.protocol", "cyberkg.graph.store", "cyberkg.namespaces"]
)


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


Failure = tuple[str, str, str]  # ("error", the exception's name in _failures(), its message): a worker's failed answer


class QueryTimeout(QueryError):
    """The query ran past the time limit and was stopped."""


class ServerBusy(QueryError):
    """No worker became free within the time limit."""


class WorkerOutOfMemory(QueryError):
    """The query needed more memory than the worker's cap (RLIMIT_AS); the worker is replaced."""


class WorkerFailed(CyberkgError):
    """The worker died or failed in an unexpected way (a bug, not the query's fault)."""


@dataclass(frozen=True)
class Limits:
    """What one query may use inside its worker."""

    max_rows: int = 10_000
    max_bytes: int = 16 * 1024 * 1024
    memory: int = 2 * 1024**3  # bytes of address space per worker process


def _failures() -> dict[str, type[CyberkgError]]:
    from cyberkg.queries.protocol import NotAcceptable

    return {cls.__name__: cls for cls in (NotAcceptable, ResultTooLarge, QueryError, StoreError, WorkerOutOfMemory, WorkerFailed)}


def _open(spec: StoreSpec) -> Store:
    from cyberkg.graph.store import MemoryStore, OxigraphStore, open_store

    if spec.kind == "oxigraph":
        return OxigraphStore(Path(spec.location))
    if spec.kind == "remote":
        return open_store(spec.location)
    store = MemoryStore()
    store.replace_all(spec.nquads)
    return store


def _limit_memory(limit: int) -> None:
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit if hard == resource.RLIM_INFINITY else min(limit, hard)))


def _write_frame(fd: int, data: bytes) -> None:
    """One answer on the loop's reply pipe: its length (8 bytes, big-endian), then its pickle."""
    header = struct.pack("!Q", len(data))
    view = memoryview(header + data if len(data) < 65536 else header)
    while view:
        view = view[os.write(fd, view) :]
    if len(data) >= 65536:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]


def _worker_main(conn: Connection, to_loop: Connection, spec: StoreSpec, limits: Limits) -> None:
    from cyberkg.namespaces import PREFIXES
    from cyberkg.queries.protocol import negotiate, result_kind, wants_raw

    os.environ["RUST_BACKTRACE"] = "0"  # a failed allocation under the cap is one line in the log, not forty
    _limit_memory(limits.memory)
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
        sparql, accept, fmt, loop_reply = message

        def send(reply: Reply | Failure, loop_reply: bool = loop_reply) -> None:
            if loop_reply:
                _write_frame(to_loop.fileno(), pickle.dumps(reply, pickle.HIGHEST_PROTOCOL))
            else:
                conn.send(reply)

        reply: Reply | Failure
        try:
            store.refresh()
            result = store.query(sparql, max_rows=limits.max_rows, prefixes=prefixes)
            media = negotiate(accept, result_kind(result), fmt)
            body = _serialize_capped(result, media, limits.max_bytes, raw=wants_raw(fmt))
            reply = Reply(200, media + "; charset=utf-8", body)
        except MemoryError:
            result = None  # let go of what we can before answering, then leave: the heap may be in pieces
            send(("error", "WorkerOutOfMemory", _oom_message(limits)))
            return
        except CyberkgError as exc:
            name = type(exc).__name__
            reply = ("error", name if name in _failures() else "QueryError", str(exc))
        except Exception as exc:  # noqa: BLE001 - answer, never die on one bad query
            reply = ("error", "WorkerFailed", f"internal error: {type(exc).__name__}: {exc}")
        result = None
        send(reply)


def _serialize_capped(result: Result, media: str, max_bytes: int, raw: bool = False) -> bytes:
    """The answer, or ResultTooLarge: the terms' text is counted first (a lower bound of the answer's
    size, cheap), so an answer far over the cap is never serialised at all."""
    from cyberkg.queries.protocol import serialize

    too_large = ResultTooLarge(
        f"the answer is larger than the {max_bytes:,}-byte limit (--max-bytes): add LIMIT or select fewer or shorter values"
    )
    rows: Iterator[Iterable[Identifier | None]]  # a triple's terms, or a solution's values (None: unbound)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        # a graph answer always has its graph, and its terms are Identifiers (str); rdflib types them as Node
        rows = iter(cast("Iterable[tuple[Identifier, Identifier, Identifier]]", result.graph))
    elif result.type == "SELECT":
        rows = (row.values() for row in result.bindings)
    else:
        rows = iter(())
    text = 0
    for row in rows:
        text += sum(len(term) for term in row if term is not None)
        if text > max_bytes:
            raise too_large
    body = serialize(result, media, raw=raw)
    if len(body) > max_bytes:
        raise too_large
    return body


def _oom_message(limits: Limits) -> str:
    return (
        f"the query needed more than the worker's {limits.memory / 1024**2:,.0f} MiB memory limit "
        "(--worker-memory) and was stopped; its worker has been replaced"
    )


class _LoopReplies:
    """The pipe on which a worker answers queries sent from the event loop. It stays registered with the
    loop (non-blocking) for the worker's life: watching the request pipe per query cost eight system calls
    in libuv (uvloop), a fifth of the server's system time per trivial query. Queries sent from query
    threads are answered on the request pipe, which stays blocking. Only the loop reads or closes this pipe
    once it is registered; a dead worker shows as end of file here."""

    def __init__(self, conn: Connection) -> None:
        self.conn, self.fd = conn, conn.fileno()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.waiter: asyncio.Future | None = None
        self.buffer = bytearray()

    def expect(self, loop: asyncio.AbstractEventLoop) -> asyncio.Future:
        if self.loop is None:
            os.set_blocking(self.fd, False)
            loop.add_reader(self.fd, self._readable)
            self.loop = loop
        self.waiter = loop.create_future()
        return self.waiter

    def _readable(self) -> None:
        error: Exception
        try:
            # a pipe holds 64 KiB: a larger read buffer only costs an mmap per call; what is left is
            # read on the next call (level-triggered)
            chunk = os.read(self.fd, 65536)
        except BlockingIOError:
            return
        except OSError as exc:
            chunk, error = b"", exc
        else:
            error = EOFError("the worker closed its reply pipe")  # it is gone
        if not chunk:
            self._settle(error)
            self.close()
            return
        if not self.buffer and len(chunk) >= 8 and len(chunk) == 8 + struct.unpack_from("!Q", chunk)[0]:
            self._settle(pickle.loads(memoryview(chunk)[8:]))  # the usual case: a whole answer in one read
            return
        self.buffer += chunk
        if len(self.buffer) >= 8:
            end = 8 + struct.unpack_from("!Q", self.buffer)[0]
            if len(self.buffer) >= end:
                reply = pickle.loads(memoryview(self.buffer)[8:end])
                del self.buffer[:end]
                self._settle(reply)

    def _settle(self, outcome: object) -> None:
        if self.waiter is not None and not self.waiter.done():
            if isinstance(outcome, BaseException):
                self.waiter.set_exception(outcome)
            else:
                self.waiter.set_result(outcome)

    def close(self) -> None:
        if self.loop is not None and not self.loop.is_closed():
            self.loop.remove_reader(self.fd)
        self.loop = None
        self.conn.close()


class _Worker:
    def __init__(self, spec: StoreSpec, limits: Limits) -> None:
        self.conn, child = _CONTEXT.Pipe()
        replies, to_loop = _CONTEXT.Pipe(duplex=False)
        self.replies = _LoopReplies(replies)
        self.process = _CONTEXT.Process(target=_worker_main, args=(child, to_loop, spec, limits), daemon=True)
        self.process.start()
        child.close()
        to_loop.close()
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
        loop = self.replies.loop
        if loop is None or loop.is_closed():  # else the loop closes it when it reads the end of file
            self.replies.conn.close()


async def _readable(conn: Connection, timeout: float) -> bool:
    """Whether `conn` has something to read (or was closed) within `timeout` seconds."""
    loop = asyncio.get_running_loop()
    ready = loop.create_future()
    fd = conn.fileno()
    loop.add_reader(fd, _settle, ready, True)
    timer = loop.call_later(timeout, _settle, ready, False)
    try:
        return await ready
    finally:
        timer.cancel()
        loop.remove_reader(fd)
        # uvloop (libuv) made the pipe non-blocking to watch it; the Connection's send/recv need it blocking,
        # or an answer larger than the pipe's buffer is cut (EAGAIN) and taken for a dead worker
        os.set_blocking(fd, True)


def _settle(future: asyncio.Future, value: object) -> None:
    if not future.done():
        future.set_result(value)


class QueryPool:
    """A fixed number of worker processes; `run` blocks its calling thread only."""

    def __init__(
        self,
        spec: StoreSpec,
        workers: int = 2,
        timeout: float = 5.0,
        max_rows: int = 10_000,
        start_timeout: float = 60.0,
        queue_timeout: float | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.spec, self.size, self.timeout = spec, workers, timeout
        self.limits = limits or Limits(max_rows=max_rows)
        self.max_rows = self.limits.max_rows
        # Waiting for a free worker is not work: allow longer than the time limit before saying "busy".
        self.queue_timeout = queue_timeout if queue_timeout is not None else max(30.0, 6 * timeout)
        self.start_timeout = start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        self.stats = {"queries": 0, "timeouts": 0, "restarts": 0, "out_of_memory": 0}
        for _ in range(workers):
            self._idle.put(self._spawn())
        for worker in list(self._all):
            if not worker.wait_ready(start_timeout):
                self.close()
                raise StoreError(
                    "query workers did not start (is the store readable? is --worker-memory "
                    f"({self.limits.memory / 1024**2:,.0f} MiB) enough to open it?)"
                )

    def _spawn(self) -> _Worker:
        worker = _Worker(self.spec, self.limits)
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
        """The serialised answer; failures are raised (QueryError and subclasses, StoreError, WorkerFailed)."""
        try:
            worker = self._idle.get(timeout=self.queue_timeout)
        except queue.Empty:
            raise ServerBusy(f"all {self.size} query workers stayed busy for {self.queue_timeout:g} s; try again") from None
        self.stats["queries"] += 1
        try:
            if not worker.wait_ready(self.start_timeout):
                raise EOFError
            worker.conn.send((sparql, accept, fmt, False))
            if not worker.conn.poll(self.timeout):
                self._timed_out(worker)
            reply = worker.conn.recv()
        except (EOFError, BrokenPipeError, OSError):
            self._died(worker)
        return self._answer(worker, reply)

    async def run_async(self, sparql: str, accept: str | None = None, fmt: str | None = None) -> Reply:
        """`run` for an event loop: waits on the worker's pipe without a thread (dispatch.py uses it when a
        worker is free and nobody waits, so a worker is idle at once)."""
        try:
            worker = self._idle.get_nowait()
        except queue.Empty:  # a restart is replacing the workers: wait for one in a thread
            return await asyncio.get_running_loop().run_in_executor(None, self.run, sparql, accept, fmt)
        self.stats["queries"] += 1
        try:
            if not worker.ready and not (await _readable(worker.conn, self.start_timeout) and worker.wait_ready(0)):
                raise EOFError
            loop = asyncio.get_running_loop()
            answer = worker.replies.expect(loop)
            worker.conn.send((sparql, accept, fmt, True))
            timer = loop.call_later(self.timeout, _settle, answer, None)
            try:
                reply = await answer
            finally:
                timer.cancel()
            if reply is None:
                self._timed_out(worker)
        except (EOFError, BrokenPipeError, OSError):
            self._died(worker)
        except asyncio.CancelledError:  # its answer would come to nobody: replace it, keep the pool's size
            self._retire(worker)
            raise
        return self._answer(worker, reply)

    def _timed_out(self, worker: _Worker) -> NoReturn:
        self.stats["timeouts"] += 1
        self._retire(worker)
        raise QueryTimeout(f"the query ran past the {self.timeout:g} s time limit and was stopped")

    def _died(self, worker: _Worker) -> NoReturn:
        # Its pipe is closed, so it is exiting; on a loaded machine that can take over a second, and an exit code
        # not yet known (None) would turn an out-of-memory abort (503, retry) into a 500.
        worker.process.join(10)
        died_of = worker.process.exitcode
        self._retire(worker)
        if died_of == -signal.SIGABRT:  # Rust aborts when an allocation fails under RLIMIT_AS
            self.stats["out_of_memory"] += 1
            raise WorkerOutOfMemory(_oom_message(self.limits)) from None
        raise WorkerFailed(f"the query worker died (exit {died_of}); it has been replaced") from None

    def _answer(self, worker: _Worker, reply: Reply | Failure) -> Reply:
        if isinstance(reply, tuple):
            _, name, message = reply
            if name == "WorkerOutOfMemory":
                self.stats["out_of_memory"] += 1
                self._retire(worker)
            else:
                self._idle.put(worker)
            raise _failures()[name](message)
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
