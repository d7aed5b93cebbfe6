"""Helpers for tests that talk to a real cyberkg server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from contextlib import contextmanager
from http.client import HTTPConnection, HTTPException
from pathlib import Path

from cyberkg.queries.server import ServerConfig, create_server


@contextmanager
def running(config: ServerConfig):
    server = create_server(config)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.close()


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def get(server, path: str, **headers):
    return http(server.url + path, headers=headers)


def q(text: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": text})


def click(browser, element, seconds: float = 10) -> None:
    """A user's click: the element scrolled into view first, and clicked again if the landing overview,
    still filling in, moved another panel over it at that instant (a real click, never a script's)."""
    from selenium.common.exceptions import ElementClickInterceptedException

    deadline = time.monotonic() + seconds
    while True:
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        try:
            element.click()
            return
        except ElementClickInterceptedException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def sparql_load(
    host: str,
    port: int,
    seconds: float,
    clients: int,
    pick: Callable[[int, int], tuple[str, str]],
    join_timeout: float | None = None,
) -> list[tuple[str, int | str, float]]:
    """A closed-loop load, as the load test and bench/server.py apply it: `clients` threads, each on one
    keep-alive connection, sending GET /sparql (SPARQL JSON accepted) until `seconds` have passed.
    `pick(client, n)` gives (kind, query text) for the client's n-th request. One record per request:
    (kind, HTTP status, or the exception's name when the connection failed and was reopened, milliseconds)."""
    stop = time.monotonic() + seconds
    records: list[tuple[str, int | str, float]] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        connection = HTTPConnection(host, port, timeout=30)
        mine: list[tuple[str, int | str, float]] = []
        n = 0
        while time.monotonic() < stop:
            kind, text = pick(index, n)
            n += 1
            started = time.perf_counter()
            status: int | str
            try:
                connection.request(
                    "GET",
                    "/sparql?" + urllib.parse.urlencode({"query": text}),
                    headers={"Accept": "application/sparql-results+json"},
                )
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, HTTPException) as exc:
                status = type(exc).__name__
                connection.close()
                connection = HTTPConnection(host, port, timeout=30)
            mine.append((kind, status, (time.perf_counter() - started) * 1000))
        with lock:
            records.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(join_timeout)
    with lock:
        return list(records)


def rss_mb(pid: int) -> float:
    """A process's resident memory in MiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
