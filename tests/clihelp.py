"""Run the cyberkg command line in this process, as `python -m cyberkg` would run in a subprocess.

A subprocess costs ~1.5 s of interpreter and import start-up before the command does anything; in-process
the same `cli.main` runs with the same arguments and its exit code, stdout and stderr are read back as a
subprocess's would be (text, universal newlines). Kept as subprocesses: tests of the installed entry point,
of signals and of process isolation (a server killed, a worker's memory limit)."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

from cyberkg.cli import main


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    stdout_bytes: bytes = b""  # stdout as written, for commands that write bytes (export)


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    raw = stream.buffer.getvalue().decode("utf-8", "replace")  # type: ignore[attr-defined]
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def run_cli(*args: str) -> Run:
    """`cyberkg ARGS...` in-process; stdout and stderr have a .buffer, as commands writing bytes need."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    out.flush()
    return Run(code, _text(out), _text(err), out.buffer.getvalue())  # type: ignore[attr-defined]
