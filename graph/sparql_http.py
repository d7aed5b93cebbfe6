"""POST to a SPARQL service over HTTP, with retries: the one HTTP client of the remote store (remote.py) and
of the Wikidata client (wikidata.py), neither of which imports the other."""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.request

from cyberkg import __version__
from cyberkg.errors import QueryError, StoreError

log = logging.getLogger(__name__)

USER_AGENT = f"cyberkg/{__version__} (+https://w3id.org/cyberkg; knowledge-graph builder)"


def post(
    url: str, body: bytes, content_type: str, accept: str | None = None, *, headers: dict[str, str], timeout: float, retries: int
) -> tuple[str, bytes]:
    """(Content-Type, body) of the answer. 4xx fails at once (400 as a QueryError: the query is at fault);
    5xx and unreachable servers are retried `retries` times in all, waiting 0.5 s, 1 s, 2 s, ..."""
    sent = {"Content-Type": content_type, "User-Agent": USER_AGENT, **headers}
    if accept:
        sent["Accept"] = accept
    delay = 0.5
    for attempt in range(1, retries + 1):
        request = urllib.request.Request(url, data=body, headers=sent, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read().decode("utf-8", "replace").split())[:300]
            if exc.code < 500 or attempt == retries:
                raise (QueryError if exc.code == 400 else StoreError)(
                    f"{url} answered {exc.code}: {detail or exc.reason}"
                ) from None
            log.info("%s answered %s; retrying in %.1f s", url, exc.code, delay)
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            if attempt == retries:
                raise StoreError(f"cannot reach {url} after {attempt} tries: {reason}") from None
            log.info("cannot reach %s (%s); retrying in %.1f s", url, reason, delay)
        time.sleep(delay)
        delay *= 2
    raise StoreError(f"cannot reach {url}")  # not reached: the loop returns or raises
