"""Helpers for tests that talk to a real cyberkg server on 127.0.0.1."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager

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


