"""`make bench`: run every benchmark suite; each writes bench/results/<suite>.md (tables quoted in the README).

Usage: python -m bench.run [SUITE ...]   (default: all suites)
"""

from __future__ import annotations

import importlib
import sys

SUITES = ("analyses", "server", "store", "ingest", "guard", "web", "datasets")


def main(names: list[str]) -> None:
    for name in names or SUITES:
        if name not in SUITES:
            raise SystemExit(f"unknown suite '{name}' (choose from {', '.join(SUITES)})")
        print(f"== {name}", flush=True)
        module = importlib.import_module(f"bench.{name}")
        print(module.main(list(module.SIZES)))


if __name__ == "__main__":
    main(sys.argv[1:])
