"""Per-file metadata for `cyberkg ingest`, from one manifest beside the articles (README § Ingesting).

A manifest is CSV (a header row naming `file` and any of title, publisher, date, url, language) or YAML (a
list of mappings with the same keys). `file` is relative to the manifest's own directory and must stay
inside it: a manifest cannot point ingest at `/etc/passwd` or `../elsewhere`. Precedence, weakest first:
an article's front matter, its manifest row, the command-line flags.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import yaml

from cyberkg.errors import InputError
from cyberkg.safeio import AliasRefused, check_aliases, read_bytes, yaml_error

MANIFEST_NAMES = ("manifest.csv", "manifest.yaml", "manifest.yml")
KEYS = ("title", "publisher", "date", "url", "language")
MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class ManifestRow:
    file: Path  # resolved, inside the manifest's directory
    meta: dict[str, str]
    line: int


def find_manifest(directory: Path) -> Path | None:
    """The manifest a directory of articles carries, if any (used when no --manifest is given)."""
    for name in MANIFEST_NAMES:
        candidate = directory / name
        if candidate.is_file():
            return candidate
    return None


def load_manifest(path: Path) -> dict[Path, ManifestRow]:
    """Rows keyed by the resolved article path. One line per problem, naming the manifest's line."""
    display = str(path)
    raw = read_bytes(path, MAX_BYTES, display, what="manifest")  # a regular file; the limit holds while reading
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", display, raw[: exc.start].count(b"\n") + 1) from None
    rows = _yaml_rows(text, display) if path.suffix.lower() in (".yaml", ".yml") else _csv_rows(text, display)
    box = path.parent.resolve()
    out: dict[Path, ManifestRow] = {}
    for line, entry in rows:
        row = _row(entry, line, box, display)
        if row.file in out:
            raise InputError(f"'{entry['file']}' is listed twice (first on line {out[row.file].line})", display, line)
        out[row.file] = row
    return out


def _csv_rows(text: str, display: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    unknown = [name for name in header if name not in ("file", *KEYS)]
    if "file" not in header:
        raise InputError("manifest header must name a 'file' column", display, 1)
    if unknown:
        raise InputError(f"unknown manifest column '{unknown[0]}' (allowed: file, {', '.join(KEYS)})", display, 1)
    rows = []
    for entry in reader:
        if None in entry:
            raise InputError("more cells than the header has columns", display, reader.line_num)
        rows.append((reader.line_num, {k: v for k, v in entry.items() if v}))
    return rows


def _yaml_rows(text: str, display: str) -> list[tuple[int, dict[str, str]]]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {' '.join(str(exc).split())}", display) from None
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise InputError("a YAML manifest is a list of {file, title, publisher, date, url}", display, 1)
    try:
        check_aliases(node)  # the alias budget, as everywhere YAML is read
    except AliasRefused as exc:
        raise yaml_error(exc, display) from None
    rows = []
    for item in node.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode) or not all(
            isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode) for k, v in item.value
        ):
            raise InputError("each manifest entry is a mapping of plain values", display, line)
        entry = {k.value: v.value for k, v in item.value if v.value != ""}
        unknown = sorted(set(entry) - {"file", *KEYS})
        if unknown:
            raise InputError(f"unknown manifest key '{unknown[0]}' (allowed: file, {', '.join(KEYS)})", display, line)
        rows.append((line, entry))
    return rows


def _row(entry: dict[str, str], line: int, box: Path, display: str) -> ManifestRow:
    name = entry.get("file", "").strip()
    if not name:
        raise InputError("manifest entry without a 'file'", display, line)
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts:
        raise InputError(f"'{name}' must be a path inside the manifest's directory", display, line)
    target = (box / relative).resolve()
    if not target.is_relative_to(box):
        raise InputError(f"'{name}' leads outside the manifest's directory (a symbolic link?)", display, line)
    if not target.is_file():
        raise InputError(f"'{name}': no such article", display, line)
    meta = {k: entry[k].strip() for k in KEYS if entry.get(k, "").strip()}
    if "date" in meta:
        try:
            dt.date.fromisoformat(meta["date"])
        except ValueError:
            raise InputError(f"date '{meta['date']}' is not YYYY-MM-DD", display, line) from None
    return ManifestRow(target, meta, line)
