"""Fair hand-out of the query workers among clients (issue 14: a few cross-product clients must not starve
the others).

Runs in the server's event loop. A query first takes one of the pool's slots (as many as workers), then
runs (an awaitable, `QueryPool.run_async`). When a slot frees and several clients wait, the client that used the
least worker time recently (seconds of worker time, halving every `half_life` seconds) goes first, FIFO
within a client; so a client whose queries run to the time limit falls behind one whose queries take
milliseconds, however many connections it opens. A client (an IP address) with `per_client` queries
already in flight is told 429 with Retry-After instead of queueing more.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Awaitable, Callable

from cyberkg.queries.http_errors import TooManyQueries
from cyberkg.queries.workers import ServerBusy


class FairDispatcher:
    def __init__(self, slots: int, per_client: int, queue_timeout: float, half_life: float = 10.0) -> None:
        self.free, self.per_client, self.queue_timeout, self.half_life = slots, per_client, queue_timeout, half_life
        self.executor = ThreadPoolExecutor(max_workers=slots, thread_name_prefix="cyberkg-guard")  # long texts
        self._waiting: dict[str, deque[tuple[int, asyncio.Future]]] = {}
        self._in_flight: dict[str, int] = {}
        self._spent: dict[str, tuple[float, float]] = {}  # client -> (worker seconds, when measured)
        self._arrivals = itertools.count()

    async def run(self, client: str, fn: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        """`await fn(*args)` once this client's turn has come."""
        if self._in_flight.get(client, 0) >= self.per_client:
            raise TooManyQueries(f"this client already has {self.per_client} queries in flight "
                                 "(--client-queries); wait for them")
        self._in_flight[client] = self._in_flight.get(client, 0) + 1
        try:
            await self._acquire(client)
            started = time.monotonic()
            try:
                return await fn(*args)
            finally:
                self._charge(client, time.monotonic() - started)
                self._release()
        finally:
            self._in_flight[client] -= 1
            if not self._in_flight[client]:
                del self._in_flight[client]

    def spent(self, client: str) -> float:
        seconds, at = self._spent.get(client, (0.0, 0.0))
        return seconds * 0.5 ** ((time.monotonic() - at) / self.half_life)

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)

    # -- slots ------------------------------------------------------------------------------
    async def _acquire(self, client: str) -> None:
        if self.free > 0 and not self._waiting:
            self.free -= 1
            return
        turn: asyncio.Future = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(client, deque()).append((next(self._arrivals), turn))
        try:
            await asyncio.wait_for(turn, self.queue_timeout)
        except asyncio.TimeoutError:
            raise ServerBusy(f"every query worker stayed busy for {self.queue_timeout:g} s; try again") from None
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():  # granted just as we were cancelled: pass it on
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
            client = min(self._waiting, key=lambda c: (self.spent(c), self._waiting[c][0][0]))
            _, turn = self._waiting[client].popleft()
            if not self._waiting[client]:
                del self._waiting[client]
            if not turn.done():
                turn.set_result(None)
                return
        self.free += 1

    def _charge(self, client: str, seconds: float) -> None:
        self._spent[client] = (self.spent(client) + seconds, time.monotonic())
        if len(self._spent) > 10_000:  # forget the idle, so the table stays small
            for name in [c for c in self._spent if self.spent(c) < 0.01 and c not in self._in_flight]:
                del self._spent[name]
