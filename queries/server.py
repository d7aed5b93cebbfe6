"""`cyberkg serve`: a SPARQL 1.1 Protocol endpoint, dereferenceable entity IRIs and the web page.

`create_server(config)` is the app factory (tests start it in a thread on 127.0.0.1; the CLI runs
`serve_forever`). The HTTP layer is uvicorn with httptools (llhttp, strict framing: http_protocol.py) on a
uvloop event loop, serving the ASGI app in http_app.py: connections cost no thread. Queries run in a `QueryPool` of worker
processes, so the time limit really stops them, handed out fairly among clients (dispatch.py).
"""

from __future__ import annotations

import math
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

import uvicorn

from cyberkg.errors import CyberkgError, UsageError
from cyberkg.queries.dispatch import FairDispatcher
from cyberkg.queries.http_app import SparqlApp
from cyberkg.queries.http_protocol import StrictHttpToolsProtocol
from cyberkg.queries.workers import Limits, QueryPool, StoreSpec

if TYPE_CHECKING:
    from cyberkg.graph.store import Store

KEEP_ALIVE = 5  # seconds an idle keep-alive connection stays open
MiB = 1024 * 1024


@dataclass
class ServerConfig:
    store: str
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    timeout: float = 5.0
    max_rows: int = 10_000
    max_body: int = 1_000_000
    max_bytes: int = 16 * MiB
    worker_memory: int = 2048  # MiB of address space per query worker
    max_connections: int = 1024
    client_queries: int = 256
    client_timeout: float = 20.0
    allow_update: bool = False
    token: str | None = None
    allow_service: tuple[str, ...] = ()
    quiet: bool = False
    spec: StoreSpec | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        """Every numeric option checked here, so the library refuses what the CLI refuses (UsageError, exit 64)."""
        for name, low, high in _RANGES:
            value = getattr(self, name)
            kind = float if name in _SECONDS else int
            if isinstance(value, bool) or not isinstance(value, (int, float) if kind is float else int):
                raise UsageError(
                    f"--{name.replace('_', '-')} must be {'a number' if kind is float else 'a whole number'}, not {value!r}"
                )
            if not (math.isfinite(value) and low <= value <= high):
                raise UsageError(f"--{name.replace('_', '-')} must be between {low:g} and {high:g}, not {value!r}")


_SECONDS = {"timeout", "client_timeout"}
_RANGES = [
    ("port", 0, 65535),
    ("workers", 1, 64),
    ("timeout", 0.001, 86_400),
    ("max_rows", 1, 100_000_000),
    ("max_body", 1, 1024 * MiB),
    ("max_bytes", 1024, 1024 * MiB),
    ("worker_memory", 256, 1024 * 1024),
    ("max_connections", 1, 1_000_000),
    ("client_queries", 1, 1_000_000),
    ("client_timeout", 0.1, 86_400),
]
assert {name for name, _, _ in _RANGES} <= {f.name for f in fields(ServerConfig)}


class CyberkgServer:
    """The running endpoint: `.url`, `.serve_forever()` (blocks), `.close()` (from any thread)."""

    def __init__(self, config: ServerConfig, pool: QueryPool, writable_store: Store) -> None:
        self.config, self.pool, self.writable_store = config, pool, writable_store
        self.started = time.time()
        self.dispatcher = FairDispatcher(pool.size, config.client_queries, pool.queue_timeout)
        self.update_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cyberkg-update")
        self.socket = _listen(config.host, config.port, config.max_connections)
        protocol = type("CyberkgProtocol", (StrictHttpToolsProtocol,), {"client_timeout": config.client_timeout})
        self._uvicorn = uvicorn.Server(
            uvicorn.Config(
                SparqlApp(self),
                http=protocol,
                loop="uvloop",
                ws="none",
                lifespan="off",
                log_config=None,
                access_log=False,
                proxy_headers=False,  # a client cannot choose the address fairness counts it under
                server_header=False,
                headers=[("server", "cyberkg")],
                timeout_keep_alive=KEEP_ALIVE,
                limit_concurrency=config.max_connections,
                backlog=config.max_connections,
                timeout_graceful_shutdown=3,
            )
        )
        self._stopped = threading.Event()
        self._serving = False

    @property
    def server_address(self) -> tuple[str, int]:
        return self.socket.getsockname()[:2]

    @property
    def url(self) -> str:
        host, port = self.server_address
        return f"http://{host}:{port}"

    def serve_forever(self) -> None:
        self._serving = True
        try:
            self._uvicorn.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def close(self) -> None:
        self._uvicorn.should_exit = True
        if self._serving:
            self._stopped.wait(15)
        self.server_close()
        self.dispatcher.close()
        self.update_executor.shutdown(wait=False, cancel_futures=True)
        self.pool.close()

    def server_close(self) -> None:
        self.socket.close()


def _listen(host: str, port: int, backlog: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(backlog)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


def create_server(config: ServerConfig) -> CyberkgServer:
    """Open the store (checking it exists), start the workers, bind the socket."""
    from cyberkg.graph.store import open_store

    if config.allow_update and not config.token:
        raise CyberkgError("--allow-update needs a token (--token or CYBERKG_TOKEN): updates are never anonymous")
    store = open_store(config.store)
    if config.spec:
        spec = config.spec
    elif config.store == "memory:":
        spec = StoreSpec("nquads", nquads=store.dump_nquads())
    else:
        spec = StoreSpec("remote" if config.store.startswith(("http://", "https://")) else "oxigraph", config.store)
    store.is_empty()  # fails now, with a clear message, if the store cannot be read
    limits = Limits(max_rows=config.max_rows, max_bytes=config.max_bytes, memory=config.worker_memory * MiB)
    pool = QueryPool(spec, workers=config.workers, timeout=config.timeout, limits=limits)
    try:
        return CyberkgServer(config, pool, store)
    except OSError as exc:
        pool.close()
        raise CyberkgError(f"cannot listen on {config.host}:{config.port}: {exc.strerror}") from None
