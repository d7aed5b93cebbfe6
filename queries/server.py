"""`cyberkg serve`: a SPARQL 1.1 Protocol endpoint, dereferenceable entity IRIs and the web page.

`create_server(config)` is the app factory (tests start it in a thread on 127.0.0.1; the CLI runs
`serve_forever`). Queries run in a `QueryPool` of worker processes, so the time limit really stops
them; the HTTP threads only parse, check (sparql_guard) and relay.
"""

from __future__ import annotations

import hmac
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from cyberkg.errors import CyberkgError, QueryError
from cyberkg.namespaces import sparql_prologue
from cyberkg.queries import entity_page
from cyberkg.queries.protocol import GRAPH_TYPES, FORMAT_PARAMS, parse_accept, service_description
from cyberkg.queries.runner import named_queries
from cyberkg.queries.sparql_guard import RefusedError, check
from cyberkg.queries.workers import QueryPool, QueryTimeout, ServerBusy, StoreSpec

_STATIC = resources.files("cyberkg.queries") / "static"
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".md": "text/plain"}


@dataclass
class ServerConfig:
    store: str
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    timeout: float = 5.0
    max_rows: int = 10_000
    max_body: int = 1_000_000
    allow_update: bool = False
    token: str | None = None
    allow_service: tuple[str, ...] = ()
    quiet: bool = False
    spec: StoreSpec | None = field(default=None, repr=False)


def _static_files() -> dict[str, Path]:
    """Only files that exist in the package at start-up can be served: no path ever reaches the disk."""
    files = {}
    for folder, prefix in ((_STATIC, ""), (_STATIC / "vendor", "vendor/")):
        for item in folder.iterdir():
            if item.is_file() and Path(item.name).suffix in _TYPES:
                files[prefix + item.name] = Path(str(item))
    return files


class CyberkgServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self, config: ServerConfig, pool: QueryPool, writable_store) -> None:
        self.config, self.pool, self.writable_store = config, pool, writable_store
        self.static = _static_files()
        self.update_lock = threading.Lock()
        self.started = time.time()
        super().__init__((config.host, config.port), Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self.shutdown()
        self.server_close()
        self.pool.close()


def create_server(config: ServerConfig) -> CyberkgServer:
    """Open the store (checking it exists), start the workers, bind the socket."""
    from cyberkg.graph.store import open_store

    if config.allow_update and not config.token:
        raise CyberkgError("--allow-update needs a token (--token or CYBERKG_TOKEN): updates are never anonymous")
    store = open_store(config.store)
    if config.spec:
        spec = config.spec
    elif config.store == "memory:":
        spec = StoreSpec("nquads", nquads=store.dump_nquads())
    else:
        spec = StoreSpec("remote" if config.store.startswith(("http://", "https://")) else "oxigraph", config.store)
    store.is_empty()  # fails now, with a clear message, if the store cannot be read
    pool = QueryPool(spec, workers=config.workers, timeout=config.timeout, max_rows=config.max_rows)
    try:
        return CyberkgServer(config, pool, store)
    except OSError as exc:
        pool.close()
        raise CyberkgError(f"cannot listen on {config.host}:{config.port}: {exc.strerror}") from None


class Handler(BaseHTTPRequestHandler):
    server: CyberkgServer
    protocol_version = "HTTP/1.1"
    server_version = "cyberkg"
    timeout = 30  # a client that stops sending loses its thread after this
    disable_nagle_algorithm = True  # headers and body are two writes: without this, delayed ACKs add 40 ms

    # -- plumbing -------------------------------------------------------------------------
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        if not self.server.config.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if content_type.startswith("text/html"):
            self.send_header("Content-Security-Policy", _CSP)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def fail(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self.send(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8", headers)

    def body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if length is None:
            self.fail(411, "POST needs a Content-Length")
            return None
        try:
            size = int(length)
        except ValueError:
            self.fail(400, "bad Content-Length")
            return None
        if size > self.server.config.max_body:
            self.close_connection = True
            if size <= 16 * self.server.config.max_body:  # drain it, so the client reads our answer, not a reset
                while size > 0 and (chunk := self.rfile.read(min(size, 1 << 16))):
                    size -= len(chunk)
            self.fail(413, f"request body of {int(length):,} bytes is over the {self.server.config.max_body:,}-byte limit")
            return None
        return self.rfile.read(size)

    # -- routing --------------------------------------------------------------------------
    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        path = unquote(url.path)
        if path == "/sparql":
            if "update" in params:
                return self.fail(405, "SPARQL Update must be sent with POST", {"Allow": "POST"})
            if "query" not in params:
                return self.send(200, service_description(self.server.url + "/sparql", self.server.config.allow_update),
                                 "text/turtle; charset=utf-8")
            return self.query(params["query"][0], params)
        if path in ("/", "/index.html"):
            return self.static_file("index.html")
        if path.startswith("/static/"):
            return self.static_file(path[len("/static/"):])
        if path == "/health":
            return self.health()
        if path == "/api/queries":
            return self.api_queries()
        space, _, local = path.lstrip("/").partition("/")
        if space == "entity":
            space = "id"
        if space in entity_page.LOCAL_SPACES:
            iri = entity_page.iri_for_path(space, local)
            return self.entity(iri, params) if iri else self.fail(404, "not an entity path")
        if path == "/resource" and "iri" in params:
            return self.entity(params["iri"][0], params)
        self.fail(404, f"nothing at {path}")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if unquote(url.path) != "/sparql":
            return self.fail(405, "only /sparql takes POST", {"Allow": "GET, HEAD"})
        body = self.body()
        if body is None:
            return
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self.fail(400, "the request body is not UTF-8")
        if media == "application/x-www-form-urlencoded":
            params.update(parse_qs(text, keep_blank_values=True))
            if "update" in params:
                return self.update(params["update"][0])
            if "query" in params:
                return self.query(params["query"][0], params)
            return self.fail(400, "form has neither 'query' nor 'update'")
        if media == "application/sparql-query":
            return self.query(text, params)
        if media == "application/sparql-update":
            return self.update(text)
        self.fail(415, "POST application/x-www-form-urlencoded, application/sparql-query or application/sparql-update")

    # -- SPARQL ---------------------------------------------------------------------------
    def query(self, sparql: str, params: dict[str, list[str]]) -> None:
        if "default-graph-uri" in params or "named-graph-uri" in params:
            return self.fail(400, "default-graph-uri / named-graph-uri are not supported: use FROM / FROM NAMED")
        fmt = (params.get("format") or params.get("output") or [None])[0]
        try:
            check(sparql, "query", self.server.config.allow_service)
            reply = self.server.pool.run(sparql, self.headers.get("Accept"), fmt)
        except RefusedError as exc:
            return self.fail(403, str(exc))
        except (QueryTimeout, ServerBusy) as exc:
            return self.fail(503, str(exc), {"Retry-After": "1"})
        except QueryError as exc:
            return self.fail(400, str(exc))
        headers = {"Access-Control-Allow-Origin": "*", "Vary": "Accept"}
        self.send(reply.status, reply.body, reply.content_type, headers)

    def update(self, sparql: str) -> None:
        config = self.server.config
        if not config.allow_update:
            return self.fail(403, "SPARQL Update is disabled: the server is read-only "
                                  "(start it with --allow-update and a token to accept updates)")
        given = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        if not given or not hmac.compare_digest(given.encode(), (config.token or "").encode()):
            return self.fail(401, "SPARQL Update needs 'Authorization: Bearer <token>' with the server's token",
                             {"WWW-Authenticate": 'Bearer realm="cyberkg"'})
        try:
            check(sparql, "update", config.allow_service)
            with self.server.update_lock:
                store = self.server.writable_store
                # the engine takes no predeclared prefixes for updates: add ours when the text has none
                store.update(sparql if "PREFIX" in sparql.upper() else sparql_prologue() + sparql)
                if self.server.pool.spec.kind == "nquads":
                    self.server.pool.restart(StoreSpec("nquads", nquads=store.dump_nquads()))
        except RefusedError as exc:
            return self.fail(403, str(exc))
        except CyberkgError as exc:
            return self.fail(400, str(exc))
        self.send(200, b"update applied\n", "text/plain; charset=utf-8")

    # -- pages ----------------------------------------------------------------------------
    def static_file(self, name: str) -> None:
        path = self.server.static.get(name)
        if path is None:
            return self.fail(404, "no such file")
        content_type = _TYPES[path.suffix] + "; charset=utf-8"
        self.send(200, path.read_bytes(), content_type, {"Cache-Control": "no-cache"})

    def health(self) -> None:
        pool = self.server.pool
        body = {"status": "ok" if pool.alive() == pool.size else "degraded", "workers": pool.alive(),
                "store": self.server.config.store, "uptime_s": round(time.time() - self.server.started, 1),
                "update": self.server.config.allow_update, **pool.stats}
        self.send(200, json.dumps(body).encode(), "application/json")

    def api_queries(self) -> None:
        from cyberkg.queries.visuals import STYLE
        from cyberkg.queries.projections import class_groups

        queries = [{"name": q.name, "question": q.question, "sparql": q.text} for q in named_queries()]
        body = {"queries": queries, "groups": class_groups(), "colours": {g: s[0] for g, s in STYLE.items()}}
        self.send(200, json.dumps(body, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def entity(self, iri: str, params: dict[str, list[str]]) -> None:
        fmt = (params.get("format") or [None])[0]
        wants_rdf = fmt in FORMAT_PARAMS if fmt else _prefers_rdf(self.headers.get("Accept"))
        try:
            if wants_rdf:
                reply = self.server.pool.run(entity_page.describe_query(iri), self.headers.get("Accept"), fmt)
                return self.send(reply.status, reply.body, reply.content_type, {"Vary": "Accept"})
            reply = self.server.pool.run(entity_page.facts_query(iri), "application/sparql-results+json")
        except (QueryTimeout, ServerBusy) as exc:
            return self.fail(503, str(exc), {"Retry-After": "1"})
        except QueryError as exc:
            return self.fail(400, str(exc))
        if reply.status != 200:
            return self.send(reply.status, reply.body, reply.content_type)
        facts = entity_page.collect(iri, json.loads(reply.body)["results"]["bindings"])
        status = 404 if facts.empty else 200
        self.send(status, entity_page.render(facts).encode("utf-8"), "text/html; charset=utf-8", {"Vary": "Accept"})


def _prefers_rdf(accept: str | None) -> bool:
    for media, _ in parse_accept(accept):
        if media in ("text/html", "application/xhtml+xml", "*/*", "text/*"):
            return False
        if media in GRAPH_TYPES or media == "application/x-turtle":
            return True
    return False
