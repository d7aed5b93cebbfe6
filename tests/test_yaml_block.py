"""graph.yaml_block writes the candidate files' YAML byte for byte as PyYAML would, or gives None."""

from __future__ import annotations

import yaml

from cyberkg.graph.yaml_block import dump

TRICKY = [
    "plain words",
    "x: y",
    "a #b",
    "#a",
    "- a",
    "'quoted'",
    "it's",
    '"double"',
    "yes",
    "null",
    "1.5",
    "2014-09-07",
    "“curly” quotes",
    "a\u00a0b",
    "\u00a0a",
    "trailing ",
    " leading",
    "tab\there",
    "line\nbreak",
    "",
    "[x]",
    "a, b",
    "%x",
    "😀 outside the BMP",
    "x\u2028y",
    "\ufeffx",
    "...",
    "a" * 900,
    "x:",
    "12:30",
    "C#",
]


def _pyyaml(data: object) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1000)


def test_same_bytes_as_pyyaml_or_none() -> None:
    values: list[object] = [*TRICKY, None, True, False, 0, 7, 0.75, 1.0, float("nan"), 1e20, [], {}]
    shapes: list[object] = [
        [{"id": v, "facts": [], "mentions": {"doc-1": [v, "plain"]}, "confidence": 0.5} for v in values],
        {"p": "hasParty", "o": values, "evidence": {"doc-1": values[0]}},
        [[1, 2]],
        [{"a": {"b": {"c": [{"d": 1, "e": []}]}}}],
        {v: 1 for v in TRICKY},
    ]
    for value in values:
        shapes.append([{"value": value}])
    for data in shapes:
        fast = dump(data)
        assert fast is None or fast == _pyyaml(data), data


def test_plain_candidates_are_written_directly() -> None:
    data = [
        {"id": "acme", "type": "Organisation", "mentions": {"doc-1": ["Acme said it: 'no'."]}, "facts": [], "confidence": 0.75}
    ]
    assert dump(data) == _pyyaml(data)
    shared = ["a"]
    assert dump([{"o": shared}, {"o": shared}]) is None  # PyYAML writes an anchor and an alias
