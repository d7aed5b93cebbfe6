"""A bounded load test on loopback against a real `cyberkg serve` process: hundreds of concurrent
connections, pathological queries mixed in, zero 5xx for ordinary queries, memory bounded."""

from __future__ import annotations

import http.client
import json
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

from httphelp import rss_mb

CLIENTS = 200
SECONDS = 6


def test_hundreds_of_connections_no_5xx_memory_bounded(built_store, artifacts):
    server = subprocess.Popen([sys.executable, "-m", "cyberkg", "serve", "--store", built_store.location, "--port", "0",
                               "-q", "--timeout", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().split(" at ")[1].split("/  ")[0]
        host, port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port
        ordinary = ["ASK { ckr:canada ?p ?o }", "SELECT ?l WHERE { ckr:canada rdfs:label ?l }",
                    "SELECT ?a ?b WHERE { ?a cko:hasParty ?b }"]
        pathological = ["SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                        'SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "(a+)+(b+)+(c+)+$")) }']
        statuses: dict[str, int] = {}
        latencies: list[float] = []
        lock = threading.Lock()
        stop = time.monotonic() + SECONDS
        before = rss_mb(server.pid)

        def client(index: int) -> None:
            connection = http.client.HTTPConnection(host, port, timeout=30)
            n, mine = index, []
            while time.monotonic() < stop:
                slow = index < 2 and n % 3 == 0  # two clients keep sending pathological queries
                text = pathological[n % 2] if slow else ordinary[n % 3]
                n += 1
                started = time.perf_counter()
                try:
                    connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": text}),
                                       headers={"Accept": "application/sparql-results+json"})
                    response = connection.getresponse()
                    response.read()
                    key = f"{'slow' if slow else 'ok'}-{response.status}"
                except (OSError, http.client.HTTPException) as exc:
                    key = f"error-{type(exc).__name__}"
                    connection.close()
                    connection = http.client.HTTPConnection(host, port, timeout=30)
                if not slow:
                    mine.append((time.perf_counter() - started) * 1000)
                with lock:
                    statuses[key] = statuses.get(key, 0) + 1
            with lock:
                latencies.extend(mine)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        after = rss_mb(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    latencies.sort()
    ordinary_total = sum(v for k, v in statuses.items() if k.startswith("ok-"))
    report = {"clients": CLIENTS, "seconds": SECONDS, "statuses": statuses, "ordinary_requests": ordinary_total,
              "p50_ms": round(latencies[len(latencies) // 2], 1), "p99_ms": round(latencies[int(len(latencies) * 0.99)], 1),
              "rss_before_mb": round(before), "rss_after_mb": round(after)}
    (artifacts / "load.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    assert ordinary_total > 500 and statuses.get("ok-200") == ordinary_total, report
    assert not any(k.startswith("error") for k in statuses), report
    assert all(k.endswith(("-200", "-503")) for k in statuses if k.startswith("slow")), report
    assert after - before < 300, report  # the server process stays bounded; query memory lives in the workers
