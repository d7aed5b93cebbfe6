"""Read curated-fact YAML into plain records that remember the file and line of every part.

The format (documented in README § Curated facts): a YAML list of entity records.

    - id: daniel-jean               # unique across all seed files
      type: Person                  # an ontology class (or a list of them)
      label: Daniel Jean
      aliases: [Jean]
      mentions: {article-000: "Daniel Jean"}         # doc id -> verbatim quote (or list)
      facts:
        - {p: holdsPost, o: ca-nsia, evidence: {article-001: "..."}}
        - {p: description, value: "...", evidence: {...}}
        - {p: date, date: {value: 2017-06-18, derived: true, derivation: "..."}, evidence: {...}}
        - {p: happenedAfter, o: pm-call, offset: P4D, evidence: {...}}   # "four days after"
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cyberkg.errors import InputError
from cyberkg.graph.docmeta import check_source
from cyberkg.safeio import MAX_SEED_BYTES, NoAliasLoader, load_yaml_text, read_text

# confidence: an extractor's, for review
RECORD_KEYS = {
    "id",
    "type",
    "label",
    "aliases",
    "mentions",
    "facts",
    "file",
    "note",
    "confidence",
    "source",
}  # source: a document's own metadata (graph/docmeta.py)
FACT_KEYS = {"p", "o", "value", "date", "offset", "evidence", "note", "confidence", "rule"}  # rule: the extractor's, stored


@dataclass(frozen=True)
class Quote:
    doc: str
    text: str
    path: str
    line: int


@dataclass
class Fact:
    predicate: str
    path: str
    line: int
    objects: list[str] = field(default_factory=list)  # entity references
    value: Any = None  # a literal value
    date: dict | None = None
    offset: str | None = None
    evidence: list[Quote] = field(default_factory=list)
    rule: str | None = None  # the extraction rule that proposed it (graph/extract_rules.py)


@dataclass
class Record:
    id: str
    types: list[str]
    label: str
    path: str
    line: int
    aliases: list[str] = field(default_factory=list)
    mentions: list[Quote] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    file: str | None = None  # source documents only: the article text, relative to seeds/
    source: dict | None = None  # source documents only: url, retrieval, hash, pages (graph/docmeta.py)


class _Unusual(Exception):
    """A node the plain construction does not take: PyYAML's own constructor builds the document instead."""


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class _LineLoader(NoAliasLoader):  # the C parser when PyYAML has it; aliases refused
    """A SafeLoader whose mappings carry `__line__` (1-based) and `__lines__` per key."""

    def construct_document(self, node: yaml.Node) -> Any:  # noqa: D102 - PyYAML hook
        if not self.may_alias:  # no node is shared, so nothing needs PyYAML's bookkeeping of constructed nodes
            try:
                data = self._plain(node, 0)
                self.constructed_objects = {}
                return data
            except _Unusual:
                pass
        return super().construct_document(node)

    def _plain(self, node: yaml.Node, depth: int) -> Any:
        """What construct_document gives for a document of plain maps, lists and scalars with string keys
        (every seed file), without its generic machinery: reading a large seed file took twice as long through
        it. Anything else (merge keys `<<`, explicit collection tags, other keys, deep nesting) is _Unusual."""
        kind = type(node)
        if kind is yaml.ScalarNode:
            return node.value if node.tag == _STR else self.construct_object(node)  # numbers, booleans, null: PyYAML's
        if depth > 64:
            raise _Unusual
        if kind is yaml.SequenceNode and node.tag == _SEQ:
            return [self._plain(item, depth + 1) for item in node.value]
        if kind is not yaml.MappingNode or node.tag != _MAP:
            raise _Unusual
        mapping: dict[Hashable, Any] = {}
        lines: dict[Hashable, int] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode or key_node.tag != _STR:
                raise _Unusual
            key = key_node.value
            mapping[key] = self._plain(value_node, depth + 1)
            lines[key] = key_node.start_mark.line + 1
        mapping["__line__"] = node.start_mark.line + 1
        mapping["__lines__"] = lines
        return mapping

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:  # noqa: D102 - PyYAML hook
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        mapping["__lines__"] = {self.construct_object(k, deep=True): k.start_mark.line + 1 for k, _ in node.value}
        return mapping


# Dates stay strings so the date checker sees exactly what was written ("2017-13-40").
for _first, _resolvers in list(_LineLoader.yaml_implicit_resolvers.items()):
    _LineLoader.yaml_implicit_resolvers[_first] = [(tag, rx) for tag, rx in _resolvers if tag != "tag:yaml.org,2002:timestamp"]


def load_yaml(path: Path, display: str, limit: int = MAX_SEED_BYTES) -> Any:
    """A seed, candidates or links YAML file: a regular file under the size limit, aliases refused."""
    return load_yaml_text(read_text(path, limit, display, what="YAML file"), display, _LineLoader)


def parse_records(data: Any, display: str) -> list[Record]:
    if data is None:
        return []
    if not isinstance(data, list):
        line = data.get("__line__") if isinstance(data, dict) else 1
        raise InputError("expected a YAML list of entity records", display, line)
    return [_record(item, display) for item in data]


def _record(item: Any, path: str) -> Record:
    if not isinstance(item, dict):
        raise InputError(f"expected an entity record (a mapping), got {type(item).__name__}", path)
    line = item["__line__"]
    _check_keys(item, RECORD_KEYS, "entity record", path)
    for key in ("id", "type", "label"):
        if not isinstance(item.get(key), (str, list)) or item.get(key) in ("", []):
            raise InputError(f"entity record needs '{key}'", path, item["__lines__"].get(key, line))
    if not isinstance(item["id"], str) or not _is_slug(item["id"]):
        raise InputError(f"bad id {item['id']!r}: use lower-case letters, digits and '-'", path, line)
    types = item["type"] if isinstance(item["type"], list) else [item["type"]]
    if not all(isinstance(t, str) for t in types):
        raise InputError("'type' must be a class name or a list of them", path, item["__lines__"]["type"])
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise InputError("'aliases' must be a list of strings", path, item["__lines__"].get("aliases", line))
    facts_raw = item.get("facts") or []
    if not isinstance(facts_raw, list):
        raise InputError("'facts' must be a list", path, item["__lines__"].get("facts", line))
    return Record(
        id=item["id"],
        types=types,
        label=str(item["label"]),
        path=path,
        line=line,
        aliases=aliases,
        mentions=_quotes(item.get("mentions"), path, item["__lines__"].get("mentions", line)),
        facts=[_fact(f, path, line) for f in facts_raw],
        file=item.get("file"),
        source=check_source(item.get("source"), path, item["__lines__"].get("source", line)),
    )


def _fact(item: Any, path: str, record_line: int) -> Fact:
    if not isinstance(item, dict):
        raise InputError("a fact must be a mapping with 'p' and 'o' or 'value'", path, record_line)
    line = item["__line__"]
    _check_keys(item, FACT_KEYS, "fact", path)
    predicate = item.get("p")
    if not isinstance(predicate, str) or not predicate:
        raise InputError("fact needs a predicate 'p'", path, line)
    given = [k for k in ("o", "value", "date") if k in item]
    if len(given) != 1:
        raise InputError("fact needs exactly one of 'o', 'value' or 'date'", path, line)
    objects = item.get("o", [])
    objects = objects if isinstance(objects, list) else [objects]
    if not all(isinstance(o, str) and o for o in objects):
        raise InputError("'o' must be an entity id or a list of them", path, line)
    if "evidence" not in item:
        raise InputError(f"fact '{predicate}' has no evidence: every fact needs a verbatim quote", path, line)
    date = item.get("date")
    if date is not None and not isinstance(date, (dict, str)):
        raise InputError("'date' must be YYYY[-MM[-DD]] or a mapping with 'value'", path, line)
    return Fact(
        predicate=predicate,
        path=path,
        line=line,
        objects=objects,
        value=item.get("value"),
        date={"value": date, "__line__": line} if isinstance(date, str) else date,
        offset=item.get("offset"),
        evidence=_quotes(item["evidence"], path, item["__lines__"]["evidence"]),
        rule=_rule(item.get("rule"), path, line),
    )


def _rule(raw: Any, path: str, line: int) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or not re.fullmatch(r"[a-z][a-z0-9_.-]{0,63}", raw):
        raise InputError("'rule' must be an extraction rule id such as 'claim.blame'", path, line)
    return raw


def _quotes(raw: Any, path: str, line: int) -> list[Quote]:
    if raw is None:
        return []
    if not isinstance(raw, dict):
        raise InputError("evidence must map document ids to verbatim quotes", path, line)
    quotes = []
    for doc, texts in raw.items():
        if doc in ("__line__", "__lines__"):
            continue
        key_line = raw["__lines__"].get(doc, line)
        for text in texts if isinstance(texts, list) else [texts]:
            if not isinstance(text, str) or not text.strip():
                raise InputError(f"evidence for '{doc}' must be a non-empty quote", path, key_line)
            quotes.append(Quote(doc=str(doc), text=text, path=path, line=key_line))
    return quotes


def _check_keys(item: dict, allowed: set[str], what: str, path: str) -> None:
    for key, key_line in item["__lines__"].items():
        if key not in allowed:
            raise InputError(f"unknown key '{key}' in {what} (allowed: {', '.join(sorted(allowed))})", path, key_line)


def _is_slug(text: str) -> bool:
    return bool(text) and all(c.islower() or c.isdigit() or c == "-" for c in text) and text[0].isalnum()
