"""A read-only client for a Wikidata SPARQL endpoint (or a stand-in for it), with an on-disk answer cache.

Reconciliation (reconcile.py) asks it for candidate items; it is not a store backend, so it does not use
one: it shares only the HTTP POST with the remote store (sparql_http.py)."""

from __future__ import annotations

import hashlib
import json
import urllib.parse
from pathlib import Path

from cyberkg.errors import StoreError
from cyberkg.graph.sparql_http import post


class WikidataClient:
    def __init__(self, endpoint: str, cache_dir: Path, timeout: float, retries: int) -> None:
        self.endpoint, self.cache_dir, self.timeout, self.retries = endpoint, cache_dir, timeout, retries

    def select(self, sparql: str) -> list[dict[str, str]]:
        """A SELECT's rows as {variable: value} (IRIs, blank node labels and literals' lexical forms; unbound
        variables left out), from the cache when this endpoint has answered this query before."""
        key = hashlib.sha256((self.endpoint + "\n" + sparql).encode()).hexdigest()
        cached = self.cache_dir / f"{key}.json"
        if cached.is_file():
            return json.loads(cached.read_text(encoding="utf-8"))
        rows = self._ask(sparql)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(rows, sort_keys=True), encoding="utf-8")
        return rows

    def _ask(self, sparql: str) -> list[dict[str, str]]:
        form = urllib.parse.urlencode({"query": sparql}).encode()
        _, body = post(
            self.endpoint,
            form,
            "application/x-www-form-urlencoded",
            "application/sparql-results+json",
            headers={},
            timeout=self.timeout,
            retries=self.retries,
        )
        try:
            bindings = json.loads(body)["results"]["bindings"]
            return [{name: str(term["value"]) for name, term in row.items()} for row in bindings]
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{self.endpoint} answered no SPARQL JSON results: {exc}") from None
