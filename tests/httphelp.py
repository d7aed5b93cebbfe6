"""Helpers for tests that talk to a real cyberkg server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
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


def rss_mb(pid: int) -> float:
    """A process's resident memory in MiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
