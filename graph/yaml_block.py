"""The candidate files' YAML written directly, byte for byte what PyYAML's dump gives them (block style,
indent 2, keys in order, unicode, width 1000), for the data they hold: lists and mappings of plain strings,
numbers, booleans and None. PyYAML spends most of a write building a node per value in Python; here a value
is one string. Anything outside that subset — a string YAML must quote in double quotes, fold or escape, a
key that is no plain word, a float PyYAML writes specially, an object shared twice (an alias), a nested
list — gives None, and the caller dumps it with PyYAML as before."""

from __future__ import annotations

import re
from functools import lru_cache

from yaml import ScalarNode
from yaml.resolver import Resolver

_STR = "tag:yaml.org,2002:str"
_RESOLVER = Resolver()
# libyaml's printable characters (none outside the BMP), less line breaks (U+2028/9), tabs and the byte-order mark
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")
# where libyaml writes a string quoted in block context: an indicator first, ': ' or ' #' inside, a trailing
# ':', a space first or last; a string opening with '-', '.', '?' or ':' is left to PyYAML ("- a", "...", "?x")
_UNSURE = re.compile(r"^[-.?:]")
_NOT_PLAIN = re.compile(r"^[,\[\]{}#&*!|>'\"%@` ]|: | #|[: ]$")
_MAX = 800  # longer strings may be folded at the width (1000 columns): left to PyYAML


class _Unsupported(Exception):
    pass


def dump(data: object) -> str | None:
    """`data` as yaml.dump(data, allow_unicode=True, sort_keys=False, width=1000) writes it, or None."""
    if not isinstance(data, (list, dict)) or not data:
        return None
    try:
        lines = _block(data, 0, set())
    except _Unsupported:
        return None
    return "\n".join(lines) + "\n"


def _scalar(value: object, key: bool = False) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        return str(value)
    if type(value) is float:
        text = repr(value)
        if not re.fullmatch(r"-?\d+\.\d+", text):  # nan, inf, exponents: PyYAML's own forms
            raise _Unsupported
        return text
    written = _string(value) if type(value) is str else None
    if written is None or key and written != value:
        raise _Unsupported
    return written


@lru_cache(maxsize=1 << 14)
def _string(value: str) -> str | None:
    """A string as libyaml writes it in block context, or None; the same sentence is written many times (each
    mention's, each fact's evidence)."""
    if not value or len(value) > _MAX or not _PRINTABLE.fullmatch(value) or _UNSURE.match(value):
        return None
    if not _NOT_PLAIN.search(value) and _RESOLVER.resolve(ScalarNode, value, (True, False)) == _STR:
        return value
    if value[0] == " " or value[-1] == " ":
        return None
    return "'" + value.replace("'", "''") + "'"  # what libyaml does when a plain string is not allowed


def _inline(value: object) -> str | None:
    """A scalar or an empty collection on the line of its key or dash; None for a block under it."""
    if isinstance(value, (list, dict)):
        if type(value) not in (list, dict):
            raise _Unsupported
        return None if value else ("[]" if type(value) is list else "{}")
    return _scalar(value)


def _block(value: list | dict, indent: int, seen: set[int]) -> list[str]:
    if id(value) in seen:  # the same object twice: PyYAML writes an anchor and an alias
        raise _Unsupported
    seen.add(id(value))
    pad = " " * indent
    lines: list[str] = []
    if type(value) is dict:
        for k, v in value.items():
            key = _scalar(k, key=True)
            if type(k) is not str or len(key) > 100 or key != k:
                raise _Unsupported
            inline = _inline(v)
            if inline is not None:
                lines.append(f"{pad}{key}: {inline}")
            else:
                lines.append(f"{pad}{key}:")
                lines.extend(_block(v, indent + 2 if type(v) is dict else indent, seen))  # a list under a key: no indent
        return lines
    for item in value:
        inline = _inline(item)
        if inline is not None:
            lines.append(f"{pad}- {inline}")
        elif type(item) is dict:
            inner = _block(item, indent + 2, seen)
            lines.append(f"{pad}- {inner[0][indent + 2 :]}")
            lines.extend(inner[1:])
        else:
            raise _Unsupported  # a list in a list
    return lines
