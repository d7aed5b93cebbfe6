"""SPARQL 1.1 CSV and TSV results, with spreadsheet formula cells neutralised.

A value from an article can start with `=`, `+`, `-`, `@`, a tab or a carriage return; a spreadsheet that
opens the file would run it as a formula (`=HYPERLINK(...)`, CSV injection). Following the OWASP guidance,
such a cell gets a leading single quote `'`, so it is shown as text. Numbers (`-12.5`) are left alone: a
spreadsheet reads them as numbers, not formulas. Machine consumers that want the exact SPARQL 1.1 CSV/TSV
format pass `raw=True` (CLI `--raw-csv`, HTTP `format=csv-raw` / `tsv-raw`).

The one place both the CLI (queries/runner.py) and the HTTP endpoint (queries/protocol.py) write CSV/TSV.
"""

from __future__ import annotations

import csv
import io
import re

from rdflib import BNode, Literal
from rdflib.query import Result
from rdflib.term import Node

from cyberkg.graph.terms import XSD_STRING
from cyberkg.results import graph_of, variables

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def neutralise(text: str) -> str:
    """`'=HYPERLINK(…)` for `=HYPERLINK(…)`; any other text (and a plain number) unchanged."""
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def sparql_csv(result: Result, raw: bool = False) -> str:
    """SPARQL 1.1 Query Results CSV (what rdflib writes: CRLF rows, IRIs and literals as plain text)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=",")
    writer.writerow([str(v) for v in variables(result)])
    clean = (lambda text: text) if raw else neutralise
    for row in result.bindings:
        writer.writerow([clean(_csv_term(row.get(v))) for v in variables(result)])
    return out.getvalue()


def _csv_term(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def sparql_tsv(result: Result, raw: bool = False) -> str:
    """SPARQL 1.1 Query Results TSV: terms in Turtle/N-Triples syntax (rdflib has no TSV serializer).

    A spreadsheet strips the quotes of `"=1+1"`, so neutralising puts the quote inside: `"'=1+1"`."""
    if result.type == "ASK":
        return "?_askResult\n" + ("true" if result.askAnswer else "false") + "\n"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return graph_of(result).serialize(format="nt")
    lines = ["\t".join("?" + str(v) for v in variables(result))]
    lines += ["\t".join(_tsv_term(row.get(v), raw) for v in variables(result)) for row in result.bindings]
    return "\n".join(lines) + "\n"


def _tsv_term(term: Node | None, raw: bool) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal) and not raw and (term.datatype is None or str(term.datatype) == XSD_STRING):
        lexical = neutralise(str(term))
        if lexical != str(term):
            term = Literal(lexical, lang=term.language, datatype=term.datatype)
    if isinstance(term, Literal) and term.datatype is None and not term.language:
        return '"' + str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n") + '"'
    return term.n3()
