"""Named competency queries (the .rq files beside this module), running them, and result formats."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import BNode, URIRef
from rdflib.query import Result
from rdflib.term import Node

from cyberkg.errors import InputError, QueryError
from cyberkg.graph.store import Store
from cyberkg.namespaces import PREFIXES, bind_all, shorten
from cyberkg.queries import sparql_text
from cyberkg.queries.tabular import sparql_csv, sparql_tsv
from cyberkg.results import graph_of, serialized, variables
from cyberkg.safeio import read_text

FORMATS = ("table", "csv", "tsv", "json")
MAX_QUERY_FILE_BYTES = 10_000_000


@dataclass(frozen=True)
class NamedQuery:
    name: str
    question: str
    text: str

    @property
    def federated(self) -> bool:
        """Reaches an external endpoint with SERVICE: needs the network (and the server's allow-list)."""
        return "SERVICE" in self.text.upper()


def named_queries() -> list[NamedQuery]:
    out = []
    for entry in sorted(resources.files("cyberkg.queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            first = text.splitlines()[0] if text else ""
            question = first.removeprefix("#").strip().removeprefix("Question:").strip()
            out.append(NamedQuery(entry.name[:-3], question, text))
    return out


@dataclass(frozen=True)
class ResolvedQuery:
    """The text that runs: the user's text after `prologue` (our PREFIX lines for prefixes it uses
    but does not declare). `origin` names where the text came from, for error messages."""

    user_text: str
    origin: str
    prologue: str = ""

    @property
    def text(self) -> str:
        return self.prologue + self.user_text

    def relocate(self, message: str) -> str:
        """An engine's error position (after our hidden prologue) as a position in the user's text."""
        lines, chars = self.prologue.count("\n"), len(self.prologue)
        if not self.prologue:
            return message
        message = _AT_LINE_COL.sub(lambda m: f"{m.group(1)}{int(m.group(2)) - lines}:{m.group(3)}", message)
        message = _LINE_COL.sub(lambda m: f"(line:{int(m.group(1)) - lines}, col:{m.group(2)})", message)
        return _AT_CHAR.sub(lambda m: f"(at char {int(m.group(1)) - chars})", message)


_AT_LINE_COL = re.compile(r"(error at )(\d+):(\d+)")  # Oxigraph
_LINE_COL = re.compile(r"\(line:(\d+), col:(\d+)\)")  # rdflib (pyparsing)
_AT_CHAR = re.compile(r"\(at char (\d+)\)")


def resolve(spec: str) -> ResolvedQuery:
    """A named query, else SPARQL text (decided by its first tokens), else a path to a query file.

    Text that reads as a query never reaches the filesystem (a 280-character one-line query is not a
    file name). Our prefixes are added for each prefix the text uses and does not declare."""
    by_name = {q.name: q for q in named_queries()}
    if spec in by_name:
        return with_prefixes(by_name[spec].text, f"named query '{spec}'")
    kind = sparql_text.kind_of(spec)
    if kind == "query":
        return with_prefixes(spec, "query")
    if kind == "update":
        raise QueryError("that is a SPARQL update: `cyberkg query` only runs queries (SELECT, ASK, CONSTRUCT, DESCRIBE)")
    path = Path(spec)
    try:  # exists, not is_file: a FIFO or a directory gets read_text's own message
        exists = path.exists()
    except (OSError, ValueError):  # too long a name, a NUL byte: then it is no file of ours either
        exists = False
    if not exists:
        if spec.endswith(".rq"):
            raise QueryError(f"{spec}: no such query file (named queries: {', '.join(sorted(by_name))})")
        raise QueryError(
            f"'{' '.join(spec.split())[:60]}' is neither a named query ({', '.join(sorted(by_name))}), a .rq file, nor SPARQL"
        )
    try:  # a regular file under the limit (not a FIFO or a device), read as UTF-8
        text = read_text(path, MAX_QUERY_FILE_BYTES, what="query file")
    except InputError as exc:
        raise QueryError(exc.one_line()) from None
    return with_prefixes(text, spec)


def with_prefixes(text: str, origin: str) -> ResolvedQuery:
    """Our PREFIX lines for the prefixes `text` uses without declaring; an unknown one is an error."""
    reading = sparql_text.read(text)
    unknown = [p for p in sparql_text.undeclared(reading) if p not in PREFIXES]
    if unknown:
        first = min(unknown, key=lambda p: reading.used[p])
        line, col = sparql_text.line_col(text, reading.used[first])
        where = "" if origin == "query" else f"{origin}: "
        raise QueryError(
            f"{where}at {line}:{col}: unknown prefix '{first}:'; known: {', '.join(PREFIXES)} "
            "(or declare it: PREFIX " + first + ": <…>)"
        )
    return ResolvedQuery(text, origin, sparql_text.prologue(text, PREFIXES))


def resolve_query(spec: str) -> str:
    """The SPARQL text `spec` runs (see `resolve`)."""
    return resolve(spec).text


def run_query(store: Store, spec: str, services: dict[str, str] | None = None) -> Result:
    """`services` maps SERVICE endpoints to others (a mirror, a local test server): {from: to}."""
    from cyberkg.queries.sparql_guard import check_depth

    query = resolve(spec)
    text = query.text
    check_depth(text)
    for old, new in (services or {}).items():
        text = text.replace(f"<{old}>", f"<{new}>")
    try:
        return store.query(text)
    except QueryError as exc:  # same class (ResultTooLarge stays one), the position in the user's text
        where = "" if query.origin == "query" else f"{query.origin}: "
        exc.args = (where + query.relocate(str(exc)),)
        raise


def compact(term: Node | None) -> str:
    """A term as a person reads it: prefixed IRIs, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def format_result(result: Result, fmt: str = "table", max_width: int | None = 70, raw_csv: bool = False) -> str:
    """`max_width` cuts table cells (None: never); every format ends with a newline. `raw_csv` keeps CSV/TSV
    cells exactly as SPARQL 1.1 defines them (no `'` before `=`, `+`, `-`, `@`)."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    if fmt == "tsv":
        return sparql_tsv(result, raw=raw_csv)
    if result.type == "ASK" and fmt != "json":
        return ("true" if result.askAnswer else "false") + "\n"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = graph_of(result)
        bind_all(graph)  # cko:hasParty, not ns1:hasParty
        return graph.serialize(format="nt" if fmt != "table" else "turtle")
    if fmt == "csv":
        return sparql_csv(result, raw=raw_csv)
    if fmt == "json":
        text = serialized(result.serialize(format="json")).decode("utf-8")
        return text if text.endswith("\n") else text + "\n"
    names = [str(v) for v in variables(result)]
    rows = [[row.get(v) for v in variables(result)] for row in result.bindings]
    return render_table(names, [[compact(t) for t in row] for row in rows], max_width)


def render_table(names: list[str], rows: list[list[str]], max_width: int | None) -> str:
    """Cells on one line each, cut to `max_width` characters (None or 0: never cut)."""

    def cut(text: str) -> str:
        text = " ".join(text.split())
        return text if not max_width or len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cut(c) for c in row] for row in rows]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    line = "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
