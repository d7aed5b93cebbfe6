"""Reading a SPARQL text before it runs: a lexer for the SPARQL 1.1 terminals (§19.8 of the spec).

Used by `cyberkg query` to decide whether an argument *is* a query (without touching the filesystem),
which prefixes a query uses but does not declare (strings, comments, IRIs and blank-node labels are
whole tokens, so `"prefix"` in a literal or `foo:bar` in a comment count for nothing), and where
something is in the user's own text (line and column). `prologue` is the one place that decides which
of our prefixes a text needs: the CLI, the remote store and the endpoint's update path all ask it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

# PN_CHARS_BASE, PN_CHARS_U and PN_CHARS exactly as the grammar spells them
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_PN_LOCAL = f"(?:[{_CHARS_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"

_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<bnode>_:[{_CHARS_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?)
  | (?P<var>[?$][{_CHARS_U}0-9][{_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)
  | (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>\^\^|\|\||&&|!=|<=|>=|\S)
""",
    re.VERBOSE,
)

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    offset: int


@dataclass(frozen=True)
class Reading:
    """What the lexer learnt about a text: its significant tokens, declared and used prefixes."""

    tokens: tuple[Token, ...]
    declared: frozenset[str]
    used: dict[str, int] = field(default_factory=dict)  # prefix -> offset of its first use


def tokens(text: str) -> list[Token]:
    """Significant tokens (no whitespace, no comments), each with its offset in `text`."""
    out = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup  # every alternative is a named group
        if kind is not None and kind not in ("ws", "comment"):
            out.append(Token(kind, match.group(), match.start()))
    return out


def read(text: str) -> Reading:
    toks = tokens(text)
    declared: set[str] = set()
    used: dict[str, int] = {}
    for i, tok in enumerate(toks):
        if tok.kind != "pname":
            continue
        prefix = tok.text.split(":", 1)[0]
        if i > 0 and toks[i - 1].kind == "word" and toks[i - 1].text.upper() == "PREFIX":
            declared.add(prefix)
        elif prefix not in declared:  # a use after its own declaration needs nothing from us
            used.setdefault(prefix, tok.offset)
    return Reading(tuple(toks), frozenset(declared), used)


def undeclared(reading: Reading) -> list[str]:
    """The prefixes the text uses without declaring them, in order of first use."""
    return [p for p in reading.used if p not in reading.declared]


def prologue(text: str, prefixes: Mapping[str, str]) -> str:
    """PREFIX lines for those of `prefixes` that `text` uses without declaring, in the mapping's order: the
    text's own declarations stand, and a prefix it does not use is not added."""
    missing = set(undeclared(read(text)))
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items() if p in missing)


def _starts_a_query(toks: list[Token]) -> bool:
    """The first two tokens as the grammar allows them: `PREFIX p:`, `BASE <…>`, `SELECT ?x|*|DISTINCT|(`, …"""
    if not toks or toks[0].kind != "word":
        return False
    word = toks[0].text.upper()
    nxt = toks[1] if len(toks) > 1 else None
    if nxt is None:
        return False
    follow = nxt.text.upper() if nxt.kind == "word" else nxt.text
    if word == "PREFIX":
        return nxt.kind == "pname" and nxt.text.endswith(":")
    if word == "BASE":
        return nxt.kind == "iri"
    if word == "SELECT":
        return nxt.kind == "var" or follow in ("*", "(", "DISTINCT", "REDUCED")
    if word in ("ASK", "CONSTRUCT"):
        return follow in ("{", "WHERE", "FROM", "VALUES")
    if word == "DESCRIBE":
        return nxt.kind in ("var", "iri", "pname") or follow == "*"
    return False


def kind_of(text: str) -> str:
    """'query' if the text opens (after whitespace and comments) as a SPARQL query, 'update' if it opens
    with an update keyword, else 'other' (then it may be a name or a path)."""
    toks = tokens(text)[:2]
    if _starts_a_query(toks):
        return "query"
    if toks and toks[0].kind == "word" and toks[0].text.upper() in UPDATE_WORDS and len(toks) > 1 and toks[1].kind != "other":
        return "update"
    return "other"


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset`, as parsers report them."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
