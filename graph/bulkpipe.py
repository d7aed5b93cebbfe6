"""Bulk-loading N-Quads while they are being written: the build's populate step (Python) and the engine's
parsing and indexing (Rust, in its own thread) overlap on two cores instead of taking turns through a spool
file (bench/results/store.md)."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
import threading
import time
from collections.abc import Callable
from typing import IO, TypeVar

import pyoxigraph as ox

T = TypeVar("T")
PIPE_BYTES = 1 << 20  # Linux's default pipe buffer is 64 KB: a bigger one means fewer switches


class LoaderGone(OSError):
    """The loader ended before it opened the pipe."""


def load_from_pipe(store: ox.Store, produce: Callable[[IO[bytes]], T]) -> T:
    """Run `produce(pipe)` while `store.bulk_load` reads the pipe's other end: a FIFO in a private directory
    (pyoxigraph releases the GIL while it loads). If `produce` fails, its error is raised once the loader has
    taken what was written (the caller drops that store); if the loader fails, it stops reading, the
    producer's next write fails, and the loader's error is raised."""
    failed: list[BaseException] = []

    def load(path: str) -> None:
        try:
            store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
        except BaseException as exc:  # noqa: BLE001 - handed over to the producer's thread
            failed.append(exc)

    with tempfile.TemporaryDirectory(prefix="cyberkg-pipe-", dir=os.environ.get("CYBERKG_TMP") or None) as tmp:
        fifo = os.path.join(tmp, "quads.nq")
        os.mkfifo(fifo, 0o600)
        loader = threading.Thread(target=load, args=(fifo,), name="cyberkg-bulk-load", daemon=True)
        loader.start()
        try:
            with _open_writer(fifo, loader) as pipe:
                result = produce(pipe)
        except BaseException as exc:
            loader.join()
            if failed and isinstance(exc, (BrokenPipeError, LoaderGone)):
                raise failed[0] from None  # the loader stopped reading: its error is the cause
            raise
        loader.join()
    if failed:
        raise failed[0]
    return result


def _open_writer(fifo: str, loader: threading.Thread) -> IO[bytes]:
    """The FIFO's write end once the loader has opened the read end; opening it without waiting for a reader
    (O_NONBLOCK) means a loader that died first cannot leave the producer blocked forever."""
    while True:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # ENXIO until a reader has it open
            break
        except OSError as exc:
            if exc.errno != errno.ENXIO:
                raise
            if not loader.is_alive():
                raise LoaderGone(f"the bulk loader ended before reading {fifo}") from None
            time.sleep(0.005)
    os.set_blocking(fd, True)
    with contextlib.suppress(OSError, AttributeError):
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    return os.fdopen(fd, "wb")
