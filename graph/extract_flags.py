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


class OneWordMatcher:
    """What a Matcher of one-word patterns finds (the model's attribute ruler: ~180 rules, each one word with
    a tag and perhaps a word form), read from one array of the document's attributes instead of following
    every pattern at every word. Patterns of more words, or with operators or tests it does not read, go to a
    spaCy Matcher as before; the two give the same (key, start, end) triples, each once."""

    def __init__(self, vocab: Vocab) -> None:
        from spacy.matcher import Matcher

        self.vocab = vocab
        self.words: list[tuple[int, list[tuple[int, str, Any]]]] = []  # (key, [(attribute, test, value)])
        self.rest = Matcher(vocab, validate=False)
        self.columns: list[int] = []

    def add(self, key: str, patterns: list[list[TokenPattern]]) -> None:
        for pattern in patterns:
            tests = self._tests(pattern)
            if tests is None:
                self.rest.add(key, [word_flags(self.vocab, pattern)])
            else:
                self.words.append((self.vocab.strings.add(key), tests))
                self.columns = sorted({*self.columns, *(attr for attr, _, _ in tests)})

    def _tests(self, pattern: list[TokenPattern]) -> list[tuple[int, str, Any]] | None:
        from spacy.attrs import IDS  # type: ignore[import-not-found]  # a compiled module without stubs
        from spacy.strings import get_string_id

        if len(pattern) != 1 or not pattern[0]:
            return None
        tests: list[tuple[int, str, Any]] = []
        for given, test in pattern[0].items():  # a set is read from the column; only a regex needs a flag
            regex = isinstance(test, dict) and list(test) == ["REGEX"]
            ((key, value),) = _flagged(self.vocab, {given: test}).items() if regex else ((given, test),)
            name = {"TEXT": "ORTH"}.get(key.upper(), key.upper()) if isinstance(key, str) else None
            attr = key if isinstance(key, int) else IDS.get(name) if name not in ("OP", "_", "ENT_IOB") else None
            if attr is None:
                return None
            if isinstance(value, bool) or isinstance(value, int):
                tests.append((attr, "==", int(value)))
            elif isinstance(value, str):
                tests.append((attr, "==", get_string_id(value)))
            elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN"):
                op, words = next(iter(value.items()))
                if not all(isinstance(w, str) for w in words):
                    return None
                tests.append((attr, op, [get_string_id(w) for w in words]))
            else:
                return None
        return tests

    def __call__(self, doc: Any, *, allow_missing: bool = False, as_spans: bool = False) -> list[tuple[int, int, int]]:
        import numpy

        found = list(self.rest(doc, allow_missing=allow_missing, as_spans=False)) if len(self.rest) else []
        if not self.words or not len(doc):
            return found
        table = doc.to_array(self.columns).reshape(len(doc), len(self.columns))
        column = {attr: table[:, i] for i, attr in enumerate(self.columns)}
        seen = set(found)
        for key, tests in self.words:
            mask = numpy.ones(len(doc), dtype=bool)
            for attr, op, value in tests:
                if op == "==":
                    mask &= column[attr] == numpy.uint64(value)
                else:
                    inside = numpy.isin(column[attr], numpy.array(value, dtype=numpy.uint64))
                    mask &= inside if op == "IN" else ~inside
            for i in mask.nonzero()[0].tolist():
                if (key, i, i + 1) not in seen:
                    seen.add((key, i, i + 1))
                    found.append((key, i, i + 1))
        return found
