"""Named competency queries (the .rq files beside this module), running them, and result formats."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import BNode, URIRef
from rdflib.query import Result

from cyberkg.errors import InputError, QueryError
from cyberkg.graph.store import Store
from cyberkg.namespaces import PREFIXES, sparql_prologue
from cyberkg.queries.tabular import sparql_csv, sparql_tsv
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


def resolve_query(spec: str) -> str:
    """A named query, a path to a .rq file, or inline SPARQL (our prefixes are added if missing)."""
    by_name = {q.name: q for q in named_queries()}
    if spec in by_name:
        return by_name[spec].text
    if spec.endswith(".rq") or (len(spec) < 300 and "\n" not in spec and Path(spec).is_file()):
        path = Path(spec)
        if not path.is_file():
            raise QueryError(f"{spec}: no such query file (named queries: {', '.join(sorted(by_name))})")
        try:  # a regular file under the limit (not a FIFO or a device), read as UTF-8
            return read_text(path, MAX_QUERY_FILE_BYTES, what="query file")
        except InputError as exc:
            raise QueryError(exc.one_line()) from None
    words = spec.strip().split(None, 1)
    if not words or words[0].upper() not in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "PREFIX", "BASE"}:
        raise QueryError(f"'{spec[:60]}' is neither a named query ({', '.join(sorted(by_name))}), "
                         "a .rq file, nor SPARQL")
    return spec if "PREFIX" in spec.upper() else sparql_prologue() + spec


def run_query(store: Store, spec: str, services: dict[str, str] | None = None) -> Result:
    """`services` maps SERVICE endpoints to others (a mirror, a local test server): {from: to}."""
    from cyberkg.queries.sparql_guard import check_depth

    text = resolve_query(spec)
    check_depth(text)
    for old, new in (services or {}).items():
        text = text.replace(f"<{old}>", f"<{new}>")
    return store.query(text)


def compact(term) -> str:
    """A term as a person reads it: prefixed IRIs, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, iri in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if text.startswith(iri) and len(text) > len(iri):
                return f"{prefix}:{text[len(iri):]}"
        return f"<{text}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def format_result(result: Result, fmt: str = "table", max_width: int = 70, raw_csv: bool = False) -> str:
    """`raw_csv` keeps CSV/TSV cells exactly as SPARQL 1.1 defines them (no `'` before `=`, `+`, `-`, `@`)."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    if fmt == "tsv":
        return sparql_tsv(result, raw=raw_csv)
    if result.type == "ASK":
        if fmt == "json":
            return result.serialize(format="json").decode("utf-8")
        return "true" if result.askAnswer else "false"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph.serialize(format="nt" if fmt != "table" else "turtle")
    if fmt == "json":
        return result.serialize(format="json").decode("utf-8")
    if fmt == "csv":
        return sparql_csv(result, raw=raw_csv)
    names = [str(v) for v in result.vars]
    rows = [[row.get(v) if hasattr(row, "get") else row[i] for i, v in enumerate(result.vars)] for row in result]
    return render_table(names, [[compact(t) for t in row] for row in rows], max_width)


def render_table(names: list[str], rows: list[list[str]], max_width: int) -> str:
    def cut(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cut(c) for c in row] for row in rows]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    line = "  ".join(n.ljust(w) for n, w in zip(names, widths))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
