"""What the query guard (queries/sparql_guard.py) costs per query (issue 14).

The competency queries (the web page's examples are the same texts, served by /api/queries) checked by
the guard: *cold* = a text the guard has not seen (rdflib's parse and algebra translation, the walk, in a reader
process);
*cached* = the same text again (the verdict cache keyed by exact text and allow-list). Baseline, same run:
the query run directly on the embedded seed store with SPARQL JSON serialization, as in bench.server.
Run: `.venv/bin/python -m bench.guard [REPEAT]`.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench.common import markdown_table, write_result
from bench.server import _direct_ms, _seed_store

SIZES = (15,)  # repetitions per query: the suite's only knob
ALLOW = ("https://query.wikidata.org/sparql",)


def _guard_ms(text: str, repeat: int, cold: bool) -> list[float]:
    from cyberkg.queries import sparql_guard

    times = []
    for _ in range(repeat):
        if cold:
            sparql_guard._CACHE.clear()
        start = time.perf_counter()
        sparql_guard.check(text, "query", ALLOW)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _in_process_ms(text: str, repeat: int) -> list[float]:
    from cyberkg.queries import sparql_guard

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        sparql_guard._verdict(text, "query", ALLOW)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(sizes: list[int]) -> str:
    from cyberkg.queries.runner import named_queries

    repeat = sizes[0] if sizes else SIZES[0]
    rows, colds, cacheds = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        store = _seed_store(Path(tmp))
        for named in named_queries():
            _guard_ms(named.text, 2, cold=True)
            cold = statistics.median(_guard_ms(named.text, repeat, cold=True))
            local = statistics.median(_in_process_ms(named.text, repeat))
            cached = statistics.median(_guard_ms(named.text, repeat * 10, cold=False))
            direct = statistics.median(_direct_ms(store, named.text, repeat)) if not named.federated else None
            colds.append(cold)
            cacheds.append(cached)
            rows.append(
                [
                    named.name,
                    len(named.text),
                    direct if direct is not None else "(federated)",
                    local,
                    cold,
                    cached,
                    f"{cold / direct:.1f}×" if direct else "–",
                ]
            )
    body = (
        "Seed graph, embedded Oxigraph store, 2 cores; medians, milliseconds. *Direct* = the query run on "
        "the store with JSON serialization in-process (baseline, same run); *guard cold* = first check of "
        "a text (sent to a reader process: rdflib parse + algebra + walk); *guard cached* = the same text "
        "again. A reader stops a parse after 2 s. *Parse in-process* = the same work without the reader (what the "
        "guard cost before it moved to readers).\n\n"
        + markdown_table(
            ["query", "chars", "direct ms", "parse in-process ms", "guard cold ms", "guard cached ms", "cold / direct"], rows
        )
        + f"\nMedian over the queries: guard cold **{statistics.median(colds):.1f} ms**, cached "
        f"**{statistics.median(cacheds) * 1000:.1f} µs** (the endpoint's whole HTTP overhead was 0.76 ms "
        "in bench/results/server.md).\n\n" + f"_Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}._\n"
    )
    write_result("guard", "Query guard cost per query", body)
    return body


if __name__ == "__main__":
    import sys

    print(main([int(a) for a in sys.argv[1:]]))
