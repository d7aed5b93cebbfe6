"""Word tests of Matcher patterns as lexeme flags of the vocabulary, for the shape Matcher (graph.extract_ruler)
and the model's attribute ruler (graph.extract_model). spaCy's Matcher checks a flag in C, but calls Python
for each word test written as a set ({"LOWER": {"IN": [...]}}) or a regex ({"TEXT": {"REGEX": ...}}) at every
word of the text where a pattern is under way: most of a Matcher's time on news-length articles. A flag is the
same test, made once per distinct word of the vocabulary, so the patterns match exactly what they matched.
Tests of the token in context (ENT_TYPE, TAG, DEP) stay as they are; with no free flag left, a test stays too."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.vocab import Vocab

TokenPattern = dict[Any, Any]
FIRST_FREE_FLAG = 19  # spaCy's own lexeme flags end at IS_CURRENCY (18); 13 (IS_OOV_DEPRECATED) stays unused
# the flags made so far, by vocabulary: (vocabulary, attribute, test, its words or regex) -> flag bit
_FLAGS: dict[tuple[int, str, str, object], int] = {}
_WORD_ATTRS = {"LOWER": "LOWER", "TEXT": "ORTH", "ORTH": "ORTH"}  # a lexeme's own attributes (NORM is per token)


def word_flags(vocab: Vocab, shape: list[TokenPattern]) -> list[TokenPattern]:
    """The same pattern with its per-word set and regex tests as lexeme flags (a Matcher reading it needs
    validate=False: the flags are no attribute names its schema knows)."""
    return [_flagged(vocab, token) for token in shape]


def _flagged(vocab: Vocab, token: TokenPattern) -> TokenPattern:
    out: TokenPattern = {}
    for key, value in token.items():
        attr = _WORD_ATTRS.get(key.upper()) if isinstance(key, str) else None
        test = value if isinstance(value, dict) and len(value) == 1 else {}
        op: str
        arg: Any
        op, arg = next(iter(test.items())) if test else ("", ())
        flag = None
        if attr and op in ("IN", "NOT_IN") and all(isinstance(w, str) for w in arg):
            flag = _flag(vocab, attr, "in", frozenset(arg))
        elif attr and op == "REGEX" and isinstance(arg, str):
            flag = _flag(vocab, attr, "regex", arg)
        if flag is None:
            out[key] = value
        else:
            out[flag] = op != "NOT_IN"
    return out


def _flag(vocab: Vocab, attr: str, test: str, arg: Any) -> int | None:
    key = (id(vocab), attr, test, arg)
    if key not in _FLAGS:
        taken = vocab.lex_attr_getters  # type: ignore[attr-defined]  # in spaCy's Vocab, not its stubs
        free = [b for b in range(FIRST_FREE_FLAG, 64) if b not in taken]
        if not free:
            return None
        _FLAGS[key] = vocab.add_flag(_getter(attr, test, arg), free[0])
    return _FLAGS[key]


def _getter(attr: str, test: str, arg: Any) -> Callable[[str], bool]:
    """The test on a word's text: its LOWER is the text lower-cased (spaCy's lexeme attribute), its ORTH the text."""
    form: Callable[[str], str] = str.lower if attr == "LOWER" else str
    if test == "in":
        return lambda orth: form(orth) in arg
    pattern = re.compile(arg)
    return lambda orth: pattern.search(form(orth)) is not None
