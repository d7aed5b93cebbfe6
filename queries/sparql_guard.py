"""What the endpoint refuses before a query or update reaches the engine (README § SPARQL endpoint).

The text is read by a real SPARQL parser (rdflib's grammar, then its algebra translation, which resolves
prefixed names and BASE), and the resulting tree is walked: SERVICE and LOAD targets must be on the
allow-list (compared structurally after IRI normalisation, see `iri_key`), SERVICE on a variable is
refused, any `file:` IRI anywhere is refused. Whatever the parser cannot read is refused.

Two readings of rdflib differ from Oxigraph's (the engine) and are closed before parsing, by rules that
over-approximate and so cannot be desynchronised:
- Oxigraph ends a comment at CR as well as LF (as the SPARQL grammar says); rdflib's comment runs to LF
  only. CR and LF are interchangeable everywhere the grammar allows either (whitespace, comment ends) and
  both are forbidden in IRIs and short strings, so the guard parses the text with every CR made an LF.
- Oxigraph decodes \\u / \\U escapes only inside strings and IRIs; rdflib expands them in the whole text
  first (SPARQL 1.1). No single reading suits both, so any backslash-u in the text is refused.
Nesting: the engine's parser overflows its stack near 4,000 nested groups in a thread; the text may hold
at most MAX_BRACKETS opening brackets anywhere (strings and comments included), checked before any parser
sees it, and rdflib's own recursion limit (RecursionError) refuses deeper nesting than it can read.
The engine offers no second gate: pyoxigraph 0.5's `Store.query`/`Store.update` take `substitutions` and
custom functions but no service handler (the Rust crate has one; the Python API does not expose it), and
its wheels are built with the HTTP client, so SERVICE and LOAD go out whenever the text says so.
"""

from __future__ import annotations

import ipaddress
import multiprocessing as mp
import queue
import re
import socket
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any
from urllib.parse import unquote, urlsplit

import pyoxigraph
from pyparsing import ParseBaseException
from rdflib import Literal, URIRef, Variable
from rdflib.paths import Path as RdfPath
from rdflib.plugins.sparql import algebra, parser
from rdflib.plugins.sparql.sparql import Query, Update

from cyberkg.errors import QueryError

MAX_DEPTH = 200  # kept for callers; the real bounds are MAX_BRACKETS and the parser's recursion limit
MAX_BRACKETS = 1_000  # pyoxigraph's parser crashes (SIGSEGV) near 4,000 nested groups in a thread
MAX_CHARS = 20_000  # rdflib's parser costs ~20 ms per KB: a bound on the guard's own CPU per request
CACHE_SIZE = 512
READERS = 2  # parser processes, started on the first text not in the cache
READ_TIMEOUT = 2.0  # seconds a reader may parse one text (the competency queries take 10-120 ms)
START_TIMEOUT = 60.0  # a reader's start-up (it imports rdflib and pyoxigraph)
WAIT_TIMEOUT = 10.0  # the wait for a free reader
READER_RECURSION = 20_000  # measured: 300 nested groups, 300 parentheses, 1,000 triple patterns parse
_ESCAPE = re.compile(r"\\[uU]")
_OPENERS = re.compile(r"[{(\[]")


class RefusedError(QueryError):
    """A query or update the endpoint will not run (403 over HTTP)."""


@dataclass(frozen=True)
class Inspection:
    form: str  # "query" or "update"
    iris: tuple[str, ...]
    service_targets: tuple[str, ...]
    load_sources: tuple[str, ...]


# -- bounds that hold whatever the parsers think ---------------------------------------------------------
def check_depth(text: str, limit: int = MAX_BRACKETS) -> None:
    """Refuse a text that could nest deeper than the engine can parse: counts every `{ ( [` in the
    text, inside strings and comments too, so no reading of the text can nest deeper than the count."""
    count = len(_OPENERS.findall(text))
    if count > limit:
        raise QueryError(
            f"the query has {count:,} brackets, more than the {limit:,} allowed "
            "(it could nest deeper than the engine can parse); simplify it"
        )


def _bounds(text: str) -> None:
    if len(text) > MAX_CHARS:
        raise QueryError(f"the query has {len(text):,} characters, more than the {MAX_CHARS:,} this endpoint reads")
    check_depth(text)
    if _ESCAPE.search(text):
        raise RefusedError("refused: \\u and \\U escapes are not accepted here (write the character itself)")


# -- the parse ---------------------------------------------------------------------------------------------
_PARSE_LOCK = threading.Lock()  # pyparsing's grammar objects are shared module state


def _parse(text: str, form: str, prefixes: dict[str, str]) -> Query | Update:
    """rdflib's grammar and algebra; CR read as LF (see the module docstring). No \\u pre-expansion."""
    text = text.replace("\r", "\n")
    try:
        with _PARSE_LOCK:
            if form == "update":
                return algebra.translateUpdate(parser.UpdateUnit.parse_string(text, parse_all=True)[0], initNs=prefixes)
            return algebra.translateQuery(parser.Query.parse_string(text, parse_all=True), initNs=prefixes)
    except RecursionError:
        raise QueryError(
            "the query nests too deeply for the guard's parser (a few hundred groups, "
            "parentheses or triple patterns in one block at most); simplify it"
        ) from None
    except ParseBaseException as exc:
        raise QueryError(
            f"SPARQL syntax error at {exc.lineno}:{exc.col} (as read by the guard's parser: "
            f"{' '.join(str(exc.msg).split())[:120]})"
        ) from None
    except Exception as exc:  # noqa: BLE001 - rdflib's translation raises plain exceptions on odd queries
        raise QueryError(f"the guard cannot read this query: {' '.join(str(exc).split())[:200]}") from None


def _walk(root: object) -> Iterator[Any]:
    """Every node of the algebra, without recursion (deep expressions must not overflow Python's stack)."""
    stack: list[Any] = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, set, frozenset)):
            stack.extend(node)
        elif isinstance(node, Literal):
            if node.datatype is not None:
                stack.append(node.datatype)
        elif isinstance(node, RdfPath):
            stack.extend(v for k, v in vars(node).items() if k in ("arg", "args", "path"))
        elif hasattr(node, "algebra"):  # Query / Update
            stack.extend([node.algebra, getattr(node.prologue, "base", None)])


def _inspect_parsed(parsed: Query | Update, form: str) -> Inspection:
    iris, services, loads = [], [], []
    for node in _walk(parsed):
        if isinstance(node, URIRef):
            iris.append(str(node))
        elif getattr(node, "name", None) == "ServiceGraphPattern":
            term = node.get("term")
            services.append(f"?{term}" if isinstance(term, Variable) else str(term))
        elif getattr(node, "name", None) == "Load":
            loads.append(str(node.get("iri")))
    for iri in set(iris):  # rdflib's IRIREF is laxer than the engine's IRI parser: read IRIs as it does
        try:
            pyoxigraph.NamedNode(iri)
        except ValueError as exc:
            raise QueryError(f"not a valid IRI: <{iri[:200]}> ({exc})") from None
    return Inspection(form, tuple(sorted(set(iris))), tuple(sorted(services)), tuple(sorted(loads)))


def _parse_any(text: str, prefixes: dict[str, str]) -> tuple[str, Query | Update]:
    """(form, parsed): a query, or else an update; a text that is neither raises the query parse's error."""
    try:
        return "query", _parse(text, "query", prefixes)
    except QueryError as as_query:
        try:
            return "update", _parse(text, "update", prefixes)
        except QueryError:
            raise as_query from None


def inspect(text: str, form: str | None = None, prefixes: dict[str, str] | None = None) -> Inspection:
    """What a query or update reaches; `form` None works it out (a text that parses as a query is one)."""
    _bounds(text)
    prefixes = _default_prefixes() if prefixes is None else prefixes
    form, parsed = (form, _parse(text, form, prefixes)) if form else _parse_any(text, prefixes)
    return _inspect_parsed(parsed, form)


def _default_prefixes() -> dict[str, str]:
    from cyberkg.namespaces import PREFIXES  # the workers predeclare these for every query

    return {name: str(iri) for name, iri in PREFIXES.items()}


# -- IRIs --------------------------------------------------------------------------------------------------
_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = re.compile(r"%([0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class IriKey:
    scheme: str
    host: str
    port: int | None
    path: str


def _host(host: str) -> str:
    """Lower case, and any IPv4 spelling (0x7f.1, 2130706433, 0177.0.0.1) as its dotted quad."""
    host = unquote(host).lower().rstrip(".")
    if host.startswith("["):
        return "[" + str(ipaddress.ip_address(host.strip("[]"))) + "]"
    if re.fullmatch(r"[0-9a-fx.]+", host) and any(c.isdigit() for c in host):
        try:
            return str(ipaddress.IPv4Address(socket.inet_aton(host)))  # inet_aton reads the historic forms
        except OSError:
            return host
    return host


def _path(path: str) -> str:
    """Unreserved characters percent-decoded, other escapes upper-cased, dot segments removed."""

    def decode(m: re.Match) -> str:
        char = chr(int(m.group(1), 16))
        return char if char.isascii() and (char.isalnum() or char in "-._~") else "%" + m.group(1).upper()

    segments: list[str] = []
    parts = _UNRESERVED.sub(decode, path or "/").split("/")
    for i, seg in enumerate(parts[1:], 1):
        last = i == len(parts) - 1
        if seg == "..":
            if segments:
                segments.pop()
            if last:
                segments.append("")
        elif seg == ".":
            if last:
                segments.append("")
        else:
            segments.append(seg)
    return "/" + "/".join(segments)


def iri_key(iri: str) -> IriKey | None:
    """(scheme, host, port, path) after normalisation; None for what cannot be compared (no host, userinfo)."""
    try:
        parts = urlsplit(iri)
        scheme = parts.scheme.lower()
        if not parts.netloc or "@" in parts.netloc or parts.hostname is None:
            return None
        port = parts.port or _DEFAULT_PORTS.get(scheme)
        return IriKey(scheme, _host(parts.hostname), port, _path(parts.path))
    except ValueError:
        return None


def allowed(iri: str, allow: tuple[str, ...]) -> bool:
    """`iri` names an allow-list entry, or lies under an entry whose path ends in '/' (segment boundary)."""
    target = iri_key(iri)
    if target is None or target.scheme not in _DEFAULT_PORTS:
        return False
    for entry in allow:
        key = iri_key(entry)
        if key is None or (key.scheme, key.host, key.port) != (target.scheme, target.host, target.port):
            continue
        if target.path == key.path or (key.path.endswith("/") and target.path.startswith(key.path)):
            return True
    return False


def _describe(iri: str) -> str:
    key = iri_key(iri)
    try:
        if key and ipaddress.ip_address(key.host.strip("[]")).is_loopback:
            return f"{iri} (a loopback address)"
    except ValueError:
        pass
    return iri


# -- the verdict ---------------------------------------------------------------------------------------------
def _verdict(text: str, expected_form: str, allow: tuple[str, ...]) -> Inspection:
    _bounds(text)
    prefixes = _default_prefixes()
    form, parsed = _parse_any(text, prefixes)
    if form != expected_form:
        raise QueryError(f"this is a SPARQL {form}, sent where a {expected_form} was expected")
    found = _inspect_parsed(parsed, form)
    for iri in found.iris:
        if urlsplit(iri).scheme.lower() == "file" or iri.lower().startswith("file:"):
            raise RefusedError(f"refused: file: IRIs are not allowed (<{iri}>)")
    for target in found.service_targets:
        if target.startswith("?"):
            raise RefusedError(f"refused: SERVICE on a variable ({target}): its target cannot be checked")
        if not allowed(target, allow):
            raise RefusedError(
                f"refused: SERVICE {_describe(target)} is not on the server's allow-list"
                + ("" if allow else " (it is empty; start the server with --allow-service URL)")
            )
    for source in found.load_sources:
        if not allowed(source, allow):
            raise RefusedError(f"refused: LOAD {_describe(source)} is not on the server's allow-list")
    return found


# -- readers: the parse runs in separate processes, with a time limit -----------------------------------------
class _Reader:
    """A process that parses for the guard. rdflib's parser costs grow faster than the text (100 FILTERs
    in 2 kB take about a second): in the server process that would hold the interpreter lock, and no
    thread can be stopped. A reader that runs past READ_TIMEOUT is killed and replaced."""

    def __init__(self) -> None:
        context = mp.get_context("spawn")  # never fork a process that runs server threads
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_reader_main, args=(child,), daemon=True, name="cyberkg-guard")
        self.process.start()
        child.close()
        self.ready = False

    def ask(self, request: tuple[str, str, tuple[str, ...]], timeout: float) -> tuple[str, Inspection | str] | None:
        if not self.ready:
            self.ready = self.conn.poll(START_TIMEOUT) and self.conn.recv() == "ready"
            if not self.ready:
                return None
        self.conn.send(request)
        return self.conn.recv() if self.conn.poll(timeout) else None

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


def _reader_main(conn: Connection) -> None:
    # Its own process and main thread (8 MB of stack): rdflib's recursive-descent parser may go deeper
    # here than Python's default 1,000 frames allow (35 nested groups); a crash only ends this reader.
    sys.setrecursionlimit(READER_RECURSION)
    conn.send("ready")
    while True:
        try:
            text, form, allow = conn.recv()
        except (EOFError, OSError):
            return
        reply: tuple[str, Inspection | str]
        try:
            reply = ("ok", _verdict(text, form, allow))
        except RefusedError as exc:
            reply = ("refused", str(exc))
        except QueryError as exc:
            reply = ("error", str(exc))
        conn.send(reply)


_IDLE: queue.SimpleQueue[_Reader] = queue.SimpleQueue()
_READERS = threading.BoundedSemaphore(READERS)


def _read_elsewhere(text: str, form: str, allow: tuple[str, ...]) -> Inspection:
    if not _READERS.acquire(timeout=WAIT_TIMEOUT):
        raise QueryError("the query guard is busy with other new queries; try again")
    reader = None
    try:
        try:
            reader = _IDLE.get_nowait()
        except queue.Empty:
            reader = _Reader()
        try:
            reply = reader.ask((text, form, allow), READ_TIMEOUT)
        except (EOFError, OSError):
            reply = None
        if reply is None:
            crashed = not reader.process.is_alive()
            reader.kill()
            reader = None
            if crashed:
                raise QueryError("the query guard's parser failed on this query (too deeply nested?); simplify it")
            raise QueryError(
                f"the query guard's parser needed more than {READ_TIMEOUT:g} s for this query; "
                "simplify it (fewer FILTER/BIND/UNION elements)"
            )
        _IDLE.put(reader)
        kind, value = reply
        if kind == "refused":
            raise RefusedError(value)
        if kind == "error":
            raise QueryError(value)
        assert isinstance(value, Inspection)  # what an "ok" reply carries
        return value
    finally:
        _READERS.release()


# -- the cache in front ---------------------------------------------------------------------------------------
_CACHE: OrderedDict[tuple, Inspection | QueryError] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def check(text: str, expected_form: str, allow: tuple[str, ...] = ()) -> Inspection:
    """Raise RefusedError (403) or QueryError (400) unless `text` may run; `allow` lists endpoint IRIs
    (or prefixes ending in '/') that SERVICE and LOAD may reach. Verdicts are cached by exact text and
    allow-list (the parse costs tens of milliseconds; the web page and clients repeat their queries);
    a text not seen before is parsed in a reader process, with a time limit."""
    key = (text, expected_form, tuple(allow))
    with _CACHE_LOCK:
        verdict = _CACHE.get(key)
        if verdict is not None:
            _CACHE.move_to_end(key)
    if verdict is None:
        try:
            _bounds(text)  # cheap, and no reader is started for what fails it
            verdict = _read_elsewhere(text, expected_form, tuple(allow))
        except QueryError as exc:
            verdict = exc
        with _CACHE_LOCK:
            _CACHE[key] = verdict
            while len(_CACHE) > CACHE_SIZE:
                _CACHE.popitem(last=False)
    if isinstance(verdict, QueryError):
        raise type(verdict)(str(verdict))
    return verdict


def iri_term(iri: str) -> str:
    """`iri` as a SPARQL term, checked by the engine's own IRI parser: never query text from outside."""
    try:
        return str(pyoxigraph.NamedNode(iri))
    except (ValueError, TypeError) as exc:
        raise QueryError(f"not a valid IRI: {iri[:200]!r} ({exc})") from None
