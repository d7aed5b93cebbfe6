"""Real SPARQL servers for tests, installed from PyPI with the test extras, started on 127.0.0.1 on free
ports and stopped by PID."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _binary(name: str, package: str) -> str:
    path = BIN / name if (BIN / name).exists() else shutil.which(name)
    if not path:
        pytest.fail(f"'{name}' not found: pip install '{package}' (it is in the test extras: pip install -e '.[test]')")
    return str(path)


@contextmanager
def process(args: list[str], ready_url: str, log: Path, timeout: float = 60):
    with open(log, "wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                pytest.fail(f"{args[0]} exited with {proc.returncode}: {log.read_text(errors='replace')[-1500:]}")
            try:
                urllib.request.urlopen(ready_url, timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"{args[0]} did not answer {ready_url} within {timeout:g} s")
                time.sleep(0.2)
        yield proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(15)


@contextmanager
def oxigraph_server(root: Path):
    """The Oxigraph server (PyPI `oxigraph`): SPARQL at /query, /update, and the Graph Store at /store."""
    port = free_port()
    args = [_binary("oxigraph", "oxigraph"), "serve", "--location", str(root / "oxigraph"), "--bind", f"127.0.0.1:{port}"]
    with process(args, f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", root / "oxigraph.log") as proc:
        yield f"http://127.0.0.1:{port}/query", proc


@contextmanager
def rdflib_endpoint_server(root: Path):
    """rdflib-endpoint (PyPI), a SPARQL 1.1 server on rdflib's own engine; its default graph is the union."""
    port = free_port()
    args = [
        _binary("rdflib-endpoint", "rdflib-endpoint[cli]"),
        "serve",
        "--enable-update",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    with process(args, f"http://127.0.0.1:{port}/?query=ASK%7B%7D", root / "rdflib-endpoint.log") as proc:
        yield f"http://127.0.0.1:{port}/", proc
