"""Fair hand-out of the query workers among clients (issue 14: a few cross-product clients must not starve
the others).

When several clients wait, the client that used the least worker time recently (seconds of worker time,
halving every `half_life` seconds, its running queries included) goes first — then the one with fewer
queries in flight, then FIFO; so a client whose queries run to the
time limit falls behind one whose queries take milliseconds, however many connections it opens. A client
(an IP address) with `per_client` queries already in flight is told 429 with Retry-After.

When a worker is free and nobody waits, the query runs straight from the event loop (no thread: the
lowest latency). Otherwise two gates apply the same order: in the event loop, a query is admitted to one
of `threads` query threads; in its thread it waits its turn for one of `workers` workers (`FairTurns`),
and a finished query passes its worker straight to the next thread in line — without waiting for the
event loop, which on a busy machine cost a third of the throughput.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from cyberkg.queries.http_errors import TooManyQueries
from cyberkg.queries.workers import ServerBusy

T = TypeVar("T")  # what the query function gives (the pool's Reply)


class FairShare:
    """Recent worker seconds per client, decaying; safe to use from any thread."""

    def __init__(self, half_life: float = 10.0) -> None:
        self.half_life = half_life
        self._spent: dict[str, tuple[float, float]] = {}  # client -> (worker seconds, when measured)
        self._running: dict[str, list[float]] = {}  # client -> start times of its running queries
        self.in_flight: dict[str, int] = {}  # kept by FairDispatcher (event loop); read here as a tie-break
        self._lock = threading.Lock()

    def spent(self, client: str) -> float:
        seconds, at = self._spent.get(client, (0.0, 0.0))
        now = time.monotonic()
        return seconds * 0.5 ** ((now - at) / self.half_life) + sum(now - t for t in self._running.get(client, ()))

    def rank(self, client: str, arrival: int) -> tuple[float, int, int]:
        return (self.spent(client), self.in_flight.get(client, 0), arrival)

    def start(self, client: str) -> float:
        started = time.monotonic()
        with self._lock:
            self._running.setdefault(client, []).append(started)
        return started

    def charge(self, client: str, started: float) -> None:
        with self._lock:
            running = self._running.get(client, [])
            if started in running:
                running.remove(started)
            if not running:
                self._running.pop(client, None)
            self._spent[client] = (self.spent(client) + time.monotonic() - started, time.monotonic())
            if len(self._spent) > 10_000:  # forget the idle, so the table stays small
                for name in [c for c in self._spent if self.spent(c) < 0.01]:
                    del self._spent[name]


class FairTurns:
    """`slots` turns handed to waiting threads in fair order (least recent worker time first)."""

    def __init__(self, slots: int, share: FairShare) -> None:
        self.free, self.share = slots, share
        self._waiting: list[tuple[int, str, threading.Event]] = []
        self._lock = threading.Lock()
        self._arrivals = itertools.count()

    def try_acquire(self) -> bool:
        with self._lock:
            if self.free > 0 and not self._waiting:
                self.free -= 1
                return True
            return False

    def acquire(self, client: str, timeout: float) -> None:
        with self._lock:
            if self.free > 0 and not self._waiting:
                self.free -= 1
                return
            entry = (next(self._arrivals), client, threading.Event())
            self._waiting.append(entry)
        if entry[2].wait(timeout):
            return
        with self._lock:
            if entry[2].is_set():  # granted as the wait ran out
                return
            self._waiting.remove(entry)
        raise ServerBusy(f"every query worker stayed busy for {timeout:g} s; try again")

    def release(self) -> None:
        with self._lock:
            if not self._waiting:
                self.free += 1
                return
            entry = min(self._waiting, key=lambda e: self.share.rank(e[1], e[0]))
            self._waiting.remove(entry)
            entry[2].set()


class FairDispatcher:
    def __init__(self, workers: int, per_client: int, queue_timeout: float, threads: int | None = None) -> None:
        self.per_client, self.queue_timeout = per_client, queue_timeout
        self.share = FairShare()
        self.turns = FairTurns(workers, self.share)
        self.free = threads or max(8, 4 * workers)
        self.executor = ThreadPoolExecutor(max_workers=self.free, thread_name_prefix="cyberkg-query")
        self._waiting: dict[str, deque[tuple[int, asyncio.Future[None]]]] = {}
        self._in_flight = self.share.in_flight
        self._arrivals = itertools.count()

    async def run(self, client: str, fn: Callable[..., T], *args: Any, now: Callable[..., Awaitable[T]] | None = None) -> T:
        """`fn(*args)` in a query thread, holding a worker turn, once this client's turn has come; or
        `await now(*args)` on the loop when a worker is free and nobody waits."""
        if self._in_flight.get(client, 0) >= self.per_client:
            raise TooManyQueries(f"this client already has {self.per_client} queries in flight (--client-queries); wait for them")
        self._in_flight[client] = self._in_flight.get(client, 0) + 1
        deadline = time.monotonic() + self.queue_timeout
        try:
            if now is not None and not self._waiting and self.turns.try_acquire():
                started = self.share.start(client)
                try:
                    return await now(*args)
                finally:
                    self.share.charge(client, started)
                    self.turns.release()
            await self._admit(client)
            try:
                return await asyncio.get_running_loop().run_in_executor(self.executor, self._turn, client, deadline, fn, args)
            finally:
                self._release()
        finally:
            self._in_flight[client] -= 1
            if not self._in_flight[client]:
                del self._in_flight[client]

    def _turn(self, client: str, deadline: float, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        self.turns.acquire(client, max(0.0, deadline - time.monotonic()))
        started = self.share.start(client)
        try:
            return fn(*args)
        finally:
            self.share.charge(client, started)
            self.turns.release()

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)

    # -- admission to a query thread (event loop) ----------------------------------------------
    async def _admit(self, client: str) -> None:
        if self.free > 0 and not self._waiting:
            self.free -= 1
            return
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(client, deque()).append((next(self._arrivals), turn))
        try:
            await asyncio.wait_for(turn, self.queue_timeout)
        except TimeoutError:
            raise ServerBusy(f"every query worker stayed busy for {self.queue_timeout:g} s; try again") from None
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():  # admitted just as we were cancelled: pass it on
                self._release()
            raise
        finally:
            queue = self._waiting.get(client)
            if queue is not None:
                for item in queue:
                    if item[1] is turn:
                        queue.remove(item)
                        break
                if not queue:
                    del self._waiting[client]

    def _release(self) -> None:
        while self._waiting:
            client = min(self._waiting, key=lambda c: self.share.rank(c, self._waiting[c][0][0]))
            _, turn = self._waiting[client].popleft()
            if not self._waiting[client]:
                del self._waiting[client]
            if not turn.done():
                turn.set_result(None)
                return
        self.free += 1
