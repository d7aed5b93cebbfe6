"""A bounded load test on loopback against a real `cyberkg serve` process: hundreds of concurrent
connections, pathological queries mixed in, zero 5xx for ordinary queries, memory bounded."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.parse
from collections import Counter

from httphelp import rss_mb, sparql_load

CLIENTS = 200
SECONDS = 6


def test_hundreds_of_connections_no_5xx_memory_bounded(built_store, artifacts):
    server = subprocess.Popen(
        [sys.executable, "-m", "cyberkg", "serve", "--store", built_store.location, "--port", "0", "-q", "--timeout", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = server.stdout.readline().split(" at ")[1].split("/  ")[0]
        host, port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port
        ordinary = [
            "ASK { ckr:canada ?p ?o }",
            "SELECT ?l WHERE { ckr:canada rdfs:label ?l }",
            "SELECT ?a ?b WHERE { ?a cko:hasParty ?b }",
        ]
        pathological = [
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
            'SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "(a+)+(b+)+(c+)+$")) }',
        ]
        before = rss_mb(server.pid)

        def pick(client: int, k: int) -> tuple[str, str]:
            n = client + k
            if client < 2 and n % 3 == 0:  # two clients keep sending pathological queries
                return "slow", pathological[n % 2]
            return "ok", ordinary[n % 3]

        records = sparql_load(host, port, SECONDS, CLIENTS, pick, join_timeout=120)
        after = rss_mb(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    statuses = Counter(f"{kind}-{status}" if isinstance(status, int) else f"error-{status}" for kind, status, _ in records)
    latencies = sorted(ms for kind, _, ms in records if kind == "ok")
    ordinary_total = sum(v for k, v in statuses.items() if k.startswith("ok-"))
    report = {
        "clients": CLIENTS,
        "seconds": SECONDS,
        "statuses": statuses,
        "ordinary_requests": ordinary_total,
        "p50_ms": round(latencies[len(latencies) // 2], 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)], 1),
        "rss_before_mb": round(before),
        "rss_after_mb": round(after),
    }
    (artifacts / "load.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    assert ordinary_total > 500 and statuses.get("ok-200") == ordinary_total, report
    assert not any(k.startswith("error") for k in statuses), report
    assert all(k.endswith(("-200", "-503")) for k in statuses if k.startswith("slow")), report
    assert after - before < 300, report  # the server process stays bounded; query memory lives in the workers
