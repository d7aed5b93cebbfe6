"""Shared bench helpers: synthetic stores cached by size, child processes for peak memory, tables."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
CACHE = ROOT / ".cache"
RESULTS = ROOT / "results"
QUADS_PER_FACT = 12  # measured on generated corpora: a fact, its evidence node, the merged copy


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux keeps ru_maxrss across fork+exec,
    so a child would report its parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable, repeat: int = 1) -> tuple[float, object]:
    """Best of `repeat` wall-clock runs (seconds) and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def synthetic_store(quads: int, seed: int = 1) -> Path:
    """An Oxigraph store holding a generated corpus of about `quads` quads, built once and cached."""
    from cyberkg.graph.build import build
    from cyberkg.graph.generate import generate, write_corpus
    from cyberkg.graph.store import OxigraphStore

    store_dir = CACHE / f"store-{quads}-{seed}"
    if (store_dir / "DONE").exists():
        return store_dir / "store"
    seeds = store_dir / "seeds"
    write_corpus(generate(quads // QUADS_PER_FACT, seed=seed), seeds)
    build(OxigraphStore(store_dir / "store", create=True), seeds, reason=False, validate=False)
    (store_dir / "DONE").write_text("ok\n")
    return store_dir / "store"


def in_child(module: str, *args: str) -> dict:
    """Run `python -m bench.<module> args` in a fresh process (its own peak RSS) and read its JSON."""
    done = subprocess.run([sys.executable, "-m", f"bench.{module}", *args], capture_output=True, text=True, cwd=ROOT.parent)
    if done.returncode != 0:
        raise RuntimeError(f"bench child {module} {args} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def markdown_table(columns: list[str], rows: list[list]) -> str:
    def cell(v) -> str:
        return f"{v:,.2f}" if isinstance(v, float) else (f"{v:,}" if isinstance(v, int) else str(v))

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write_result(name: str, title: str, body: str) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.md"
    path.write_text(f"# {title}\n\n{body}", encoding="utf-8")
    return path


class TreePeak:
    """Peak memory of this process and every process it starts (GNU sort under `export`), sampled from /proc
    every `interval` s in a thread: the largest sum of VmRSS over the tree at one instant, and each child's
    own VmHWM (its high-water mark since its exec, the last one seen before it exited). ru_maxrss of the
    children is no use here: Linux starts a forked child's at its parent's RSS and keeps it across exec."""

    def __init__(self, interval: float = 0.2) -> None:
        import os
        import threading

        self.pid, self.interval = os.getpid(), interval
        self.tree_mb = 0.0  # the largest sum of resident memory over the tree at one instant
        self.children_mb: dict[int, tuple[str, float]] = {}  # pid -> (command, its VmHWM)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join()

    def _descendants(self, pid: int) -> list[int]:
        found = []
        try:
            tasks = list(Path(f"/proc/{pid}/task").iterdir())
        except OSError:
            return found
        for task in tasks:
            try:
                kids = [int(p) for p in (task / "children").read_text().split()]
            except OSError:
                continue
            for kid in kids:
                found += [kid, *self._descendants(kid)]
        return found

    @staticmethod
    def _status(pid: int) -> dict[str, str]:
        try:
            lines = Path(f"/proc/{pid}/status").read_text().splitlines()
        except OSError:
            return {}
        return dict(line.split(":", 1) for line in lines if ":" in line)

    def sample(self) -> None:
        total = 0.0
        for pid in [self.pid, *self._descendants(self.pid)]:
            status = self._status(pid)
            if "VmRSS" not in status:
                continue
            total += int(status["VmRSS"].split()[0]) / 1024
            if pid != self.pid:
                self.children_mb[pid] = (status.get("Name", "?").strip(), int(status["VmHWM"].split()[0]) / 1024)
        self.tree_mb = max(self.tree_mb, total)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def children_peak_mb(self) -> float:
        return max((mb for _, mb in self.children_mb.values()), default=0.0)
