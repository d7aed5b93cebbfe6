"""What the endpoint refuses before a query or update reaches the engine (README § SPARQL endpoint).

A small SPARQL tokenizer (strings and comments are skipped, so a keyword inside a literal is harmless)
finds every IRI and the SERVICE / LOAD targets, expanding prefixed names with the text's own PREFIX
declarations. Refused: any `file:` IRI anywhere; SERVICE or LOAD to an IRI not on the allow-list;
SERVICE on a variable (its target is unknowable in advance); an update sent as a query and the reverse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cyberkg.errors import QueryError

_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
  | (?P<pname>(?:[A-Za-z\u00c0-\uffff][\w\-.\u00b7\u00c0-\uffff]*)?:(?:[\w\-\u00b7\u00c0-\uffff%:]|\\.)*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>\S)
""", re.VERBOSE)
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD"}
_QUERY_WORDS = {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"}


MAX_DEPTH = 200  # pyoxigraph's parser crashes the process (stack overflow) near 10,000 nested groups


class RefusedError(QueryError):
    """A query or update the endpoint will not run (403 over HTTP)."""


@dataclass(frozen=True)
class Inspection:
    form: str  # "query" or "update"
    iris: tuple[str, ...]
    service_targets: tuple[str, ...]
    load_sources: tuple[str, ...]


def _tokens(text: str):
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind not in ("comment",):
            yield kind, match.group()


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape(text: str) -> str:
    """SPARQL applies \\uXXXX escapes to the whole text before parsing: so must we (<\\u0066ile:...>)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def inspect(text: str) -> Inspection:
    tokens = list(_tokens(_unescape(text)))
    prefixes: dict[str, str] = {}
    iris, services, loads = [], [], []
    form = None
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        upper = value.upper() if kind == "word" else ""
        if upper == "PREFIX" and i + 2 < len(tokens) and tokens[i + 1][0] == "pname" and tokens[i + 2][0] == "iri":
            prefixes[tokens[i + 1][1][:-1]] = tokens[i + 2][1][1:-1]
        elif kind == "iri":
            iris.append(value[1:-1])
        elif kind == "pname" and value.split(":", 1)[0] in prefixes:
            iris.append(prefixes[value.split(":", 1)[0]] + value.split(":", 1)[1])
        if form is None and upper in _QUERY_WORDS | _UPDATE_WORDS | {"WITH"}:
            form = "query" if upper in _QUERY_WORDS else "update"
        if upper in ("SERVICE", "LOAD"):
            j = i + 1
            while j < len(tokens) and tokens[j][0] == "word" and tokens[j][1].upper() == "SILENT":
                j += 1
            target = _target(tokens[j] if j < len(tokens) else ("other", ""), prefixes)
            (services if upper == "SERVICE" else loads).append(target)
        i += 1
    return Inspection(form or "query", tuple(iris), tuple(services), tuple(loads))


def _target(token: tuple[str, str], prefixes: dict[str, str]) -> str:
    kind, value = token
    if kind == "iri":
        return value[1:-1]
    if kind == "pname" and value.split(":", 1)[0] in prefixes:
        prefix, local = value.split(":", 1)
        return prefixes[prefix] + local
    return value  # a variable or something unresolvable: never on the allow-list


def _allowed(iri: str, allow: tuple[str, ...]) -> bool:
    return any(iri == a or (a.endswith("/") and iri.startswith(a)) for a in allow)


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Refuse absurdly nested queries before a parser recurses into them."""
    depth = deepest = 0
    for kind, value in _tokens(_unescape(text)):
        if kind == "other" and value in "{(":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                raise QueryError(f"the query nests more than {limit} groups deep; simplify it")
        elif kind == "other" and value in "})":
            depth -= 1


def check(text: str, expected_form: str, allow: tuple[str, ...] = ()) -> Inspection:
    """Raise RefusedError (403) or QueryError (400) unless `text` may run; `allow` lists endpoint IRIs
    (or prefixes ending in '/') that SERVICE and LOAD may reach."""
    check_depth(text)
    found = inspect(text)
    if found.form != expected_form:
        raise QueryError(f"this is a SPARQL {found.form}, sent where a {expected_form} was expected")
    for iri in found.iris:
        if iri.lower().startswith("file:"):
            raise RefusedError(f"refused: file: IRIs are not allowed (<{iri}>)")
    for target in found.service_targets:
        if not _allowed(target, allow):
            raise RefusedError(f"refused: SERVICE {target} is not on the server's allow-list"
                               + ("" if allow else " (it is empty; start the server with --allow-service URL)"))
    for source in found.load_sources:
        if not _allowed(source, allow):
            raise RefusedError(f"refused: LOAD {source} is not on the server's allow-list")
    return found
