"""HTTP overhead and throughput of `cyberkg serve` (issue: query interface).

Baseline, same run: each competency query called directly on the embedded store (query + JSON
serialization, in this process), in turns with the same queries over HTTP from one client; then a
closed-loop load test: 50 client threads with keep-alive connections on 127.0.0.1 for a fixed time.
Run: `.venv/bin/python -m bench.server [SECONDS]`. With `CYBERKG_BASELINE_PYTHON=/path/to/checkout/.venv/bin/python`
the same measurements are also taken, in the same run and on the same store, against the server of that
interpreter's checkout (e.g. the http.server layer before issue 14: `git archive 1d75055^` and a venv), the
direct calls and the two servers alternating in rounds of 3 calls per query and load slice by load slice,
so all see the same machine.
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from pathlib import Path

from bench.common import markdown_table, write_result
from tests.httphelp import sparql_load

SIZES = (20,)  # load-test seconds: the suite's only knob
CLIENTS = 50
MANY = 200  # the zero-5xx check: as many clients as tests/test_load.py


def _seed_store(root: Path) -> str:
    from cyberkg.graph.build import build
    from cyberkg.graph.store import OxigraphStore

    store = OxigraphStore(root / "store", create=True)
    build(store, reason=False)
    return store.location


def _start_server(store: str, python: str = sys.executable) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [python, "-m", "cyberkg", "serve", "--store", store, "--port", "0", "-q", "--workers", "2"],
        stdout=subprocess.PIPE,
        text=True,
        cwd="/",
    )
    line = process.stdout.readline()
    return process, line.split(" at ")[1].split("/  ")[0]


def _direct_ms(store, text: str, repeat: int) -> list[float]:
    from cyberkg.queries.protocol import serialize

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        serialize(store.query(text), "application/sparql-results+json")
        times.append((time.perf_counter() - start) * 1000)
    return times


def _round_trips_ms(
    host: str, port: int, method: str, path: str, repeat: int, body: str | None = None, headers: dict[str, str] | None = None
) -> list[float]:
    """Milliseconds per request on one keep-alive connection."""
    connection = http.client.HTTPConnection(host, port, timeout=30)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        connection.request(method, path, body, {"Accept": "application/sparql-results+json", **(headers or {})})
        response = connection.getresponse()
        response.read()
        assert response.status == 200, response.status
        times.append((time.perf_counter() - start) * 1000)
    connection.close()
    return times


def _http_ms(host: str, port: int, text: str, repeat: int) -> list[float]:
    return _round_trips_ms(
        host,
        port,
        "POST",
        "/sparql",
        repeat,
        urllib.parse.urlencode({"query": text}),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )


def _get_ms(host: str, port: int, path: str, repeat: int) -> list[float]:
    return _round_trips_ms(host, port, "GET", path, repeat)


TRIVIAL = {"ASK {} (a query, ~0 ms in the engine)": "/sparql?query=ASK%7B%7D", "/health (no query)": "/health"}


def _load(host: str, port: int, texts: list[str], seconds: float, clients: int = CLIENTS) -> dict:
    started = time.monotonic()
    records = sparql_load(host, port, seconds, clients, lambda client, k: ("query", texts[(client + k) % len(texts)]))
    elapsed = time.monotonic() - started
    latencies = sorted(ms for _, status, ms in records if status == 200)
    errors = dict(Counter(str(status) for _, status, _ in records if status != 200))
    return {
        "requests": len(latencies),
        "errors": errors,
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
    }


def _measure(store: str, pythons: dict[str, str], seconds: float) -> tuple[dict[str, float], dict[str, dict]]:
    """Per-query direct and HTTP medians, the 50-client load and the 200-client check on each server. The
    direct calls and the servers alternate in rounds of 3 calls per query (50 per round trip, load slice by
    load slice), so that all of them see the same machine: on 2 cores shared with other work, rounds of 10
    or 200 calls a few seconds apart measured the machine's load changes as much as the servers."""
    from cyberkg.graph.store import OxigraphStore
    from cyberkg.queries.runner import named_queries

    servers = {name: _start_server(store, python) for name, python in pythons.items()}
    try:
        addresses = {
            name: (urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port) for name, (_, url) in servers.items()
        }
        local = [q for q in named_queries() if not q.federated]
        reader = OxigraphStore(Path(store))  # read-only, like the servers' workers
        direct: dict[str, list[float]] = {q.name: [] for q in local}
        times: dict[str, dict[str, list[float]]] = {name: {q.name: [] for q in local} for name in servers}
        for named in local:
            _direct_ms(reader, named.text, 3)  # warm
            for host, port in addresses.values():
                _http_ms(host, port, named.text, 3)
            for _ in range(10):
                direct[named.name] += _direct_ms(reader, named.text, 3)
                for name, (host, port) in addresses.items():
                    times[name][named.name] += _http_ms(host, port, named.text, 3)
        trivial: dict[str, dict[str, list[float]]] = {name: {t: [] for t in TRIVIAL} for name in servers}
        cpu: dict[str, dict[str, float]] = {name: {t: 0.0 for t in TRIVIAL} for name in servers}
        for _ in range(16):
            for name, (host, port) in addresses.items():
                for label, path in TRIVIAL.items():
                    before = _cpu_seconds(servers[name][0].pid)
                    trivial[name][label] += _get_ms(host, port, path, 50)
                    cpu[name][label] += _cpu_seconds(servers[name][0].pid) - before
        loads: dict[str, list[dict]] = {name: [] for name in servers}
        many: dict[str, list[dict]] = {name: [] for name in servers}
        for _ in range(2):
            for name, (host, port) in addresses.items():
                loads[name].append(_load(host, port, [q.text for q in local], seconds / 2))
            for name, (host, port) in addresses.items():
                many[name].append(_load(host, port, [q.text for q in local], max(4.0, seconds / 4), MANY))
    finally:
        for process, _ in servers.values():
            process.terminate()
            process.wait(20)
    return {q: statistics.median(t) for q, t in direct.items()}, {
        name: {
            "http_ms": {q: statistics.median(t) for q, t in times[name].items()},
            "trivial": {
                label: (statistics.median(t), sorted(t)[len(t) // 10], cpu[name][label] * 1000 / len(t))
                for label, t in trivial[name].items()
            },
            "load": _merge(loads[name]),
            "many": _merge(many[name]),
        }
        for name in servers
    }


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a server: its process (all its threads, ended ones included: the
    baseline runs a thread per connection) and the processes it started (query workers, the fork server,
    guard readers), from /proc, in clock ticks (10 ms: summed over 16 rounds, within about 10%). Unlike a
    latency median on a shared machine, this is the layer's own cost."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    spent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # it ended meanwhile
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
            spent[int(entry)] = int(fields[11]) + int(fields[12])
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += spent.get(current, 0)
        todo += children.get(current, [])
    return total / tick


def _merge(runs: list[dict]) -> dict:
    requests, seconds = sum(r["requests"] for r in runs), sum(r["seconds"] for r in runs)
    errors: dict[str, int] = {}
    for run in runs:
        for key, count in run["errors"].items():
            errors[key] = errors.get(key, 0) + count
    return {
        "requests": requests,
        "seconds": seconds,
        "rps": requests / seconds,
        "errors": errors,
        "p50": statistics.median([r["p50"] for r in runs]),
        "p99": max(r["p99"] for r in runs),
    }


def main(sizes: list[int]) -> str:
    from cyberkg.queries.runner import named_queries

    seconds = sizes[0] if sizes else SIZES[0]
    pythons = {"new": sys.executable}
    if os.environ.get("CYBERKG_BASELINE_PYTHON"):
        pythons["old"] = os.environ["CYBERKG_BASELINE_PYTHON"]
    with tempfile.TemporaryDirectory() as tmp:
        store = _seed_store(Path(tmp))
        local = [q for q in named_queries() if not q.federated]
        direct, measured = _measure(store, pythons, seconds)
    return _report(local, direct, measured["new"], measured.get("old"), seconds)


def _report(local, direct: dict, new: dict, old: dict | None, seconds: float) -> str:
    rows, overheads, old_overheads = [], [], []
    for named in local:
        over = new["http_ms"][named.name] - direct[named.name]
        overheads.append(over)
        row = [named.name, direct[named.name], new["http_ms"][named.name], over]
        if old:
            old_over = old["http_ms"][named.name] - direct[named.name]
            old_overheads.append(old_over)
            row += [old["http_ms"][named.name], old_over]
        rows.append(row)
    head = ["query", "direct ms", "HTTP ms", "HTTP overhead ms"]
    if old:
        head += ["baseline HTTP ms", "baseline overhead ms"]

    def load_line(name: str, load: dict, clients: int) -> str:
        errors = load["errors"]
        return (
            f"- {name}, {clients} clients, {load['seconds']:.1f} s: **{load['requests']:,} requests, "
            f"{load['rps']:,.0f} req/s, non-200 answers {sum(errors.values())}"
            f"{' ' + json.dumps(errors) if errors else ''}**, p50 {load['p50']:.1f} ms, p99 {load['p99']:.1f} ms"
        )

    lines = [load_line("uvicorn + httptools on uvloop (this layer)", new["load"], CLIENTS)]
    if old:
        lines.append(load_line("baseline", old["load"], CLIENTS))
    lines.append(load_line("uvicorn + httptools on uvloop (this layer)", new["many"], MANY))
    if old:
        lines.append(load_line("baseline", old["many"], MANY))
    trivial_rows = [[label, *new["trivial"][label]] + (list(old["trivial"][label]) if old else []) for label in TRIVIAL]
    trivial_table = markdown_table(
        [
            "round trip, GET, one keep-alive client, 800 calls",
            "this layer median ms",
            "this layer p10 ms",
            "this layer server CPU ms",
        ]
        + (["baseline median ms", "baseline p10 ms", "baseline server CPU ms"] if old else []),
        trivial_rows,
    )
    summary = f"Median HTTP overhead over the queries: **{statistics.median(overheads):.2f} ms**"
    if old:
        summary += (
            f"; baseline (`CYBERKG_BASELINE_PYTHON`, same run): **{statistics.median(old_overheads):.2f} ms**"
            f"; throughput ratio at {CLIENTS} clients: **{new['load']['rps'] / old['load']['rps']:.2f}x**"
        )
    body = (
        "Seed graph, embedded Oxigraph store, `cyberkg serve --workers 2` in its own process, 2 cores "
        "shared with the load generator (and with other work on the machine: compare columns of one run, "
        "not runs); medians of 30 calls, milliseconds, the direct calls and the servers alternating in "
        "rounds of 3 calls. *Direct* = query + SPARQL JSON serialization in-process (the baseline, same run); "
        "*HTTP* = POST /sparql from one keep-alive client.\n\n" + markdown_table(head, rows) + f"\n{summary} (target < 5 ms).\n\n"
        "The per-query overheads are differences of two noisy medians; the layer's own cost shows better "
        "in the round trip of requests that do (almost) no work, the servers alternating in rounds of 50; *server CPU* "
        "is the user + system time of the server's processes (HTTP process and query workers) per request, "
        "which the machine's other load does not change the way it changes latencies:\n\n" + trivial_table + "\n"
        "Load: concurrent keep-alive clients on 127.0.0.1 cycling through the competency queries:\n\n"
        + "\n".join(lines)
        + "\n"
        + f"\n_Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}._\n"
    )
    print(write_result("server", "SPARQL endpoint latency and throughput", body))
    return body


if __name__ == "__main__":
    print(main([int(a) for a in sys.argv[1:]] or list(SIZES)))
