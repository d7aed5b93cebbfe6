"""SPARQL 1.1 CSV and TSV results, with spreadsheet formula cells neutralised.

A value from an article can start with `=`, `+`, `-`, `@`, a tab or a carriage return; a spreadsheet that
opens the file would run it as a formula (`=HYPERLINK(...)`, CSV injection). Following the OWASP guidance,
such a cell gets a leading single quote `'`, so it is shown as text. Numbers (`-12.5`) are left alone: a
spreadsheet reads them as numbers, not formulas. Machine consumers that want the exact SPARQL 1.1 CSV/TSV
format pass `raw=True` (CLI `--raw-csv`, HTTP `format=csv-raw` / `tsv-raw`).

The one place both the CLI (queries/runner.py) and the HTTP endpoint (queries/protocol.py) write CSV/TSV.
CSV is rdflib's own serialiser; neutralising only replaces the terms it is given (tests/test_result_formats.py
pins it to pyoxigraph's CSV). TSV is written here: rdflib has no TSV serialiser, and pyoxigraph's needs the
engine's own solutions, which reach this module as rdflib results (README § Querying, result formats).
"""

from __future__ import annotations

import re

from rdflib import BNode, Literal
from rdflib.query import Result
from rdflib.term import Identifier, Node

from cyberkg.graph.terms import XSD_STRING
from cyberkg.results import graph_of, serialized, variables

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def neutralise(text: str) -> str:
    """`'=HYPERLINK(…)` for `=HYPERLINK(…)`; any other text (and a plain number) unchanged."""
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def sparql_csv(result: Result, raw: bool = False) -> str:
    """SPARQL 1.1 Query Results CSV, written by rdflib (CRLF rows, IRIs and literals as plain text)."""
    if not raw:
        result = _neutralised(result)
    return serialized(result.serialize(format="csv", encoding="utf-8")).decode("utf-8")


def _neutralised(result: Result) -> Result:
    """The same solutions, a term whose CSV cell a spreadsheet would run replaced by a literal of the
    neutralised text: CSV writes every IRI and literal as its plain text, so the cell changes and nothing else."""
    out = Result("SELECT")
    out.vars = variables(result)
    out.bindings = [{v: _neutral_term(t) for v, t in row.items() if t is not None} for row in result.bindings]
    return out


def _neutral_term(term: Identifier) -> Identifier:
    if isinstance(term, BNode):
        return term  # written as _:label
    text = str(term)
    safe = neutralise(text)
    return term if safe == text else Literal(safe)


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
