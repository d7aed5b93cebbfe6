"""Reference-dataset import (README § Reference datasets): `cyberkg import misp-galaxy` then
`cyberkg link --dataset country-codes`, from ../shared/datasets into a new store, as a fresh clone would run
them (separate processes, nothing cached). Baseline, same run: pyoxigraph bulk-loading the resulting N-Quads
into an empty store (what any loader of the same graph must at least pay).

Usage: python -m bench.datasets
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import RESULTS

SIZES = ()
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"


def _run(args: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cyberkg", *args], check=True, env=env, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(_sizes=()) -> str:
    import pyoxigraph as ox

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CYBERKG_CACHE": f"{tmp}/cache"}
        store = f"{tmp}/store"
        imp = _run(["import", "misp-galaxy", str(SHARED / "misp-galaxy" / "threat-actor.json"), "--store", store], env)
        link = _run(
            ["link", "--dataset", "country-codes", str(SHARED / "country-codes" / "country-codes.csv"), "--store", store], env
        )
        data = ox.Store.read_only(store).dump(format=ox.RdfFormat.N_QUADS)
        start = time.perf_counter()
        ox.Store(f"{tmp}/raw").bulk_load(data, format=ox.RdfFormat.N_QUADS)
        raw = time.perf_counter() - start
        quads = data.count(b"\n")
    load = os.getloadavg()[0]
    total_wall, total_cpu = imp[0] + link[0], imp[1] + link[1]
    lines = [
        "# Reference datasets: import and link from a fresh store",
        "",
        "`python -m bench.datasets`: `cyberkg import misp-galaxy` and `cyberkg link --dataset country-codes` from "
        "../shared/datasets into a new store (separate processes, as from a fresh clone). Baseline (same run): "
        "pyoxigraph bulk-loading the resulting N-Quads into an empty store.",
        "",
        "| step | wall s | CPU s (user+sys) |",
        "|---|---|---|",
        f"| import misp-galaxy (1,041 actors) | {imp[0]:.2f} | {imp[1]:.2f} |",
        f"| link --dataset country-codes | {link[0]:.2f} | {link[1]:.2f} |",
        f"| **both** (target < 10 s) | **{total_wall:.2f}** | **{total_cpu:.2f}** |",
        f"| baseline: raw bulk load of the same {quads:,} quads | {raw:.2f} | |",
        f"| ratio both / baseline (wall) | {total_wall / raw:.1f}x | |",
        "",
        f"_Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, 2 cores, load average {load:.1f} "
        "(other jobs were sharing the machine: the CPU column is the better guide)._",
        "",
    ]
    text = "\n".join(lines)
    (RESULTS / "datasets.md").write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    print(main())
