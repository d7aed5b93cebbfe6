"""The ASGI application behind `cyberkg serve`: routing, request bodies with their limits, SPARQL query and
update, entity pages, static files, /health. Plain ASGI (no framework): ten routes, and the body reading
needs byte-exact control (limits enforced while reading, drain-or-close on 413) that a framework would hide.

Handlers return an `Answer` or raise; `http_errors.error_answer` is the only place exceptions become
statuses. One access-log line per request (`cyberkg.http.access`).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from cyberkg.errors import CyberkgError, QueryError
from cyberkg.graph.infer import refresh_sparql
from cyberkg.namespaces import PREFIXES
from cyberkg.queries import entity_page, sparql_text
from cyberkg.queries.http_errors import Answer, HTTPProblem, error_answer
from cyberkg.queries.protocol import FORMAT_PARAMS, GRAPH_TYPES, parse_accept, service_description
from cyberkg.queries.runner import named_queries
from cyberkg.queries.sparql_guard import RefusedError, check
from cyberkg.queries.workers import StoreSpec

if TYPE_CHECKING:
    from cyberkg.queries.server import CyberkgServer

# ASGI as this app uses it: the scope and messages are plain dicts (uvicorn's TypedDicts are private to it)
Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

access_log = logging.getLogger("cyberkg.http.access")
_STATIC = resources.files("cyberkg.queries") / "static"
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".md": "text/plain"}
_CHUNK = 256 * 1024  # answers go out in pieces, so a client that does not read holds one piece, not the answer
_PASSED = 1024  # texts remembered as passed by the guard
_ESCAPE = re.compile(r"\\U([0-9A-Fa-f]{8})|\\u([0-9A-Fa-f]{4})")
_DRAIN_FACTOR = 16  # an oversized body up to this many times the limit is read and dropped, so the 413 is seen


@dataclass
class Request:
    method: str
    path: str
    params: dict[str, list[str]]
    headers: dict[str, str]
    client: str
    has_body: bool

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


def static_files() -> dict[str, Path]:
    """Only files that exist in the package at start-up can be served: no path ever reaches the disk."""
    files = {}
    for folder, prefix in ((_STATIC, ""), (_STATIC / "vendor", "vendor/")):
        for item in folder.iterdir():
            if item.is_file() and Path(item.name).suffix in _TYPES:
                files[prefix + item.name] = Path(str(item))
    return files


class SparqlApp:
    def __init__(self, server: CyberkgServer) -> None:
        self.server, self.config = server, server.config
        self.static = {name: (path.read_bytes(), _TYPES[path.suffix]) for name, path in static_files().items()}
        self._passed: OrderedDict[tuple[str, str], None] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        started = time.perf_counter()
        request = None
        try:
            request = _request(scope)
            answer = await self.route(request, receive)
        except Exception as exc:  # noqa: BLE001 - every failure becomes an answer, in one place
            answer = error_answer(exc)
        if request is not None and request.has_body and request.method in ("GET", "HEAD"):
            answer.close = True  # its body was not read: never let it be taken for the next request
        sent = await _send(send, scope["method"], answer)
        if not self.config.quiet:
            query = "?…" if scope.get("query_string") else ""
            access_log.info(
                '%s "%s %s%s" %d %d %.1fms',
                (scope.get("client") or ("-",))[0],
                scope["method"],
                _printable(scope.get("path", ""))[:200],
                query,
                answer.status,
                sent,
                (time.perf_counter() - started) * 1000,
            )

    # -- routing ------------------------------------------------------------------------------
    async def route(self, request: Request, receive: Receive) -> Answer:
        if request.method in ("GET", "HEAD"):
            return await self.get(request)
        if request.method == "POST":
            if request.path != "/sparql":
                raise HTTPProblem(405, "only /sparql takes POST", {"Allow": "GET, HEAD"}, close=True)
            return await self.post(request, await self.body(request, receive))
        raise HTTPProblem(501, f"method {request.method[:20]} is not supported", close=True)

    async def get(self, request: Request) -> Answer:
        path, params = request.path, request.params
        if path == "/sparql":
            if "update" in params:
                raise HTTPProblem(405, "SPARQL Update must be sent with POST", {"Allow": "POST"})
            if "query" not in params:
                return Answer(
                    200, service_description(self.server.url + "/sparql", self.config.allow_update), "text/turtle; charset=utf-8"
                )
            return await self.query(request, params["query"][0], params)
        if path in ("/", "/index.html"):
            return self.static_file("index.html")
        if path.startswith("/static/"):
            return self.static_file(path[len("/static/") :])
        if path == "/health":
            return self.health()
        if path == "/api/queries":
            return self.api_queries()
        space, _, local = path.lstrip("/").partition("/")
        space = "id" if space == "entity" else space
        if space in entity_page.LOCAL_SPACES:
            iri = entity_page.iri_for_path(space, local)
            if not iri:
                raise HTTPProblem(404, "not an entity path")
            return await self.entity(request, iri)
        if path == "/resource" and "iri" in params:
            return await self.entity(request, params["iri"][0])
        raise HTTPProblem(404, f"nothing at {_printable(path)[:200]}")

    async def post(self, request: Request, body: bytes) -> Answer:
        media = (request.header("content-type") or "").split(";")[0].strip().lower()
        params = request.params
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPProblem(400, "the request body is not UTF-8") from None
        if media == "application/x-www-form-urlencoded":
            params = {**params, **_parse_qs(text)}
            if "update" in params:
                return await self.update(request, params["update"][0])
            if "query" in params:
                return await self.query(request, params["query"][0], params)
            raise HTTPProblem(400, "form has neither 'query' nor 'update'")
        if media == "application/sparql-query":
            return await self.query(request, text, params)
        if media == "application/sparql-update":
            return await self.update(request, text)
        raise HTTPProblem(415, "POST application/x-www-form-urlencoded, application/sparql-query or application/sparql-update")

    # -- request bodies -------------------------------------------------------------------------
    async def body(self, request: Request, receive: Receive) -> bytes:
        """The whole body, never more than --max-body bytes held, read within --client-timeout."""
        limit = self.config.max_body
        declared = request.header("content-length")
        if declared is None and "transfer-encoding" not in request.headers:
            raise HTTPProblem(411, "POST needs a Content-Length", close=True)
        if declared is not None and int(declared) > _DRAIN_FACTOR * limit:  # h11 checked it is digits
            raise _too_large(int(declared), limit)
        deadline = time.monotonic() + self.config.client_timeout
        parts, size, more = [], 0, True
        while more:
            message = await _receive(receive, deadline)
            chunk, more = message.get("body", b""), message.get("more_body", False)
            size += len(chunk)
            if size <= limit:
                parts.append(chunk)
            elif size > _DRAIN_FACTOR * limit or not more:
                raise _too_large(int(declared) if declared else size, limit)
        return b"".join(parts)

    # -- SPARQL -------------------------------------------------------------------------------
    async def query(self, request: Request, sparql: str, params: dict[str, list[str]]) -> Answer:
        if "default-graph-uri" in params or "named-graph-uri" in params:
            raise HTTPProblem(400, "default-graph-uri / named-graph-uri are not supported: use FROM / FROM NAMED")
        fmt = next(iter(params.get("format") or params.get("output") or ()), None)
        await self.guard(sparql, "query")
        pool = self.server.pool
        reply = await self.server.dispatcher.run(
            request.client, pool.run, sparql, request.header("accept"), fmt, now=pool.run_async
        )
        return Answer(reply.status, reply.body, reply.content_type, {"Access-Control-Allow-Origin": "*", "Vary": "Accept"})

    async def guard(self, sparql: str, form: str) -> None:
        """The guard's verdict, off the event loop: a text it has not seen is parsed in a reader process
        (tens of ms, up to its time limit). Texts that passed before are let through here at once."""
        _code_points(sparql)
        key = (sparql, form)
        if key in self._passed:
            self._passed.move_to_end(key)
            return
        await asyncio.get_running_loop().run_in_executor(None, _guard, sparql, form, self.config.allow_service)
        self._passed[key] = None
        while len(self._passed) > _PASSED:
            self._passed.popitem(last=False)

    async def update(self, request: Request, sparql: str) -> Answer:
        if not self.config.allow_update:
            raise HTTPProblem(
                403,
                "SPARQL Update is disabled: the server is read-only (start it with --allow-update and a token to accept updates)",
            )
        scheme, _, given = (request.header("authorization") or "").strip().partition(" ")
        expected = (self.config.token or "").encode()
        if scheme.lower() != "bearer" or not given.strip() or not hmac.compare_digest(given.strip().encode(), expected):
            raise HTTPProblem(
                401,
                "SPARQL Update needs 'Authorization: Bearer <token>' with the server's token",
                {"WWW-Authenticate": 'Bearer realm="cyberkg"'},
            )
        await asyncio.get_running_loop().run_in_executor(self.server.update_executor, self._apply_update, sparql)
        return Answer(200, b"update applied\n", "text/plain; charset=utf-8")

    def _apply_update(self, sparql: str) -> None:
        _code_points(sparql)
        _guard(sparql, "update", self.config.allow_service)
        store = self.server.writable_store
        # the engine takes no predeclared prefixes for updates: ours for those the text uses and does not declare;
        # and in the same write, the entailments the update makes or unmakes (ckg:inferred stays exact)
        store.update(sparql_text.prologue(sparql, PREFIXES) + sparql, then=refresh_sparql)
        if self.server.pool.spec.kind == "nquads":
            self.server.pool.restart(StoreSpec("nquads", nquads=store.dump_nquads()))

    # -- pages --------------------------------------------------------------------------------
    def static_file(self, name: str) -> Answer:
        if name not in self.static:
            raise HTTPProblem(404, "no such file")
        body, media = self.static[name]
        return Answer(200, body, media + "; charset=utf-8", {"Cache-Control": "no-cache"})

    def health(self) -> Answer:
        pool = self.server.pool
        alive = pool.alive()  # a system call per worker
        body = {
            "status": "ok" if alive == pool.size else "degraded",
            "workers": alive,
            "store": self.config.store,
            "uptime_s": round(time.time() - self.server.started, 1),
            "update": self.config.allow_update,
            **pool.stats,
        }
        return Answer(200, json.dumps(body).encode(), "application/json")

    def api_queries(self) -> Answer:
        from cyberkg.queries.projections import class_groups
        from cyberkg.queries.visuals import STYLE

        queries = [{"name": q.name, "question": q.question, "sparql": q.text} for q in named_queries()]
        body = {"queries": queries, "groups": class_groups(), "colours": {g: s[0] for g, s in STYLE.items()}}
        return Answer(200, json.dumps(body, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    async def entity(self, request: Request, iri: str) -> Answer:
        fmt = next(iter(request.params.get("format") or ()), None)
        wants_rdf = fmt in FORMAT_PARAMS if fmt else _prefers_rdf(request.header("accept"))
        pool, run = self.server.pool, self.server.dispatcher.run
        if wants_rdf:
            reply = await run(
                request.client, pool.run, entity_page.describe_query(iri), request.header("accept"), fmt, now=pool.run_async
            )
            return Answer(reply.status, reply.body, reply.content_type, {"Vary": "Accept"})
        reply = await run(
            request.client, pool.run, entity_page.facts_query(iri), "application/sparql-results+json", now=pool.run_async
        )
        facts = entity_page.collect(iri, json.loads(reply.body)["results"]["bindings"])
        return Answer(
            404 if facts.empty else 200, entity_page.render(facts).encode("utf-8"), "text/html; charset=utf-8", {"Vary": "Accept"}
        )


# -- helpers --------------------------------------------------------------------------------------
def _request(scope: Scope) -> Request:
    headers: dict[str, str] = {}
    for name, value in scope["headers"]:
        headers[name.decode("latin-1")] = value.decode("latin-1")
    try:
        params = _parse_qs(scope["query_string"].decode("latin-1"))
    except UnicodeDecodeError:
        raise HTTPProblem(400, "the query string is not UTF-8") from None
    has_body = "transfer-encoding" in headers or headers.get("content-length", "0") != "0"
    return Request(scope["method"], scope["path"], params, headers, (scope.get("client") or ("-",))[0], has_body)


def _parse_qs(text: str) -> dict[str, list[str]]:
    """Form or query-string fields; text that is not UTF-8 once %-decoded is refused, not replaced."""
    return parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict")


def _guard(sparql: str, form: str, allow_service: tuple[str, ...]) -> None:
    """The guard's verdict; text it cannot read at all (e.g. an escape naming no code point) is refused too."""
    try:
        check(sparql, form, allow_service)
    except (RefusedError, CyberkgError):
        raise
    except Exception as exc:  # noqa: BLE001 - the guard's own failure is a refusal, never a dropped request
        raise QueryError(f"the query cannot be read: {' '.join(str(exc).split())[:200]}") from None


def _code_points(sparql: str) -> None:
    """A `\\u`/`\\U` escape naming no Unicode scalar value (a surrogate, or past U+10FFFF) is malformed
    text (400), whatever the guard's policy on escapes; it once made the server drop the request."""
    for match in _ESCAPE.finditer(sparql):
        value = int(match.group(1) or match.group(2), 16)
        if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            raise HTTPProblem(400, f"the query has an escape naming no Unicode character: {match.group(0)}")


async def _receive(receive: Receive, deadline: float) -> Message:
    try:
        message = await asyncio.wait_for(receive(), max(0.0, deadline - time.monotonic()))
    except TimeoutError:
        raise HTTPProblem(408, "the request body did not arrive in time", close=True) from None
    if message["type"] == "http.disconnect":
        raise HTTPProblem(400, "the client went away", close=True)
    return message


def _too_large(size: int, limit: int) -> HTTPProblem:
    return HTTPProblem(413, f"request body of {size:,} bytes is over the {limit:,}-byte limit", close=True)


async def _send(send: Send, method: str, answer: Answer) -> int:
    headers = [
        (b"content-type", answer.content_type.encode("latin-1")),
        (b"content-length", str(len(answer.body)).encode()),
        (b"x-content-type-options", b"nosniff"),
    ]
    if answer.content_type.startswith("text/html"):
        headers.append((b"content-security-policy", _CSP.encode()))
    headers += [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in answer.headers.items()]
    if answer.close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    body = answer.body if method != "HEAD" else b""
    if len(body) <= _CHUNK:
        await send({"type": "http.response.body", "body": body})
        return len(body)
    view = memoryview(body)
    for start in range(0, len(body), _CHUNK):
        end = start + _CHUNK
        await send({"type": "http.response.body", "body": bytes(view[start:end]), "more_body": end < len(body)})
    return len(body)


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def _prefers_rdf(accept: str | None) -> bool:
    for media, _ in parse_accept(accept):
        if media in ("text/html", "application/xhtml+xml", "*/*", "text/*"):
            return False
        if media in GRAPH_TYPES or media == "application/x-turtle":
            return True
    return False
