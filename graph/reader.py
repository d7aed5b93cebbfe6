"""Read an article for ingest: plain text, Markdown or HTML (tags, scripts and styles dropped), with
optional metadata from a front-matter block (`---` YAML `---`) or from the command line.

The document id is a hash of the text, so ingesting the same article twice names it the same way and
adds nothing the second time."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from cyberkg.errors import InputError
from cyberkg.safeio import MAX_ARTICLE_BYTES, load_yaml_text, read_bytes

MAX_BYTES = MAX_ARTICLE_BYTES
UNICODE_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
META_KEYS = {"title", "publisher", "date", "url", "language"}


@dataclass(frozen=True)
class Origin:
    """Where and when a document fetched from the web came from (graph/fetch.py, README § Ingesting from
    the web). `sha256` is of the bytes as retrieved; the document id is of the extracted text."""

    url: str  # as asked
    final_url: str  # after redirects
    retrieved: str  # UTC, ISO 8601
    sha256: str
    media_type: str
    revision_of: str | None = None  # the document this one is a newer version of


@dataclass
class Article:
    id: str
    text: str
    source: str
    meta: dict[str, str] = field(default_factory=dict)
    origin: Origin | None = None  # documents fetched from the web only
    pages: tuple[int, ...] = ()  # a paginated source (PDF): the offset in `text` where each page starts

    @property
    def title(self) -> str:
        return self.meta.get("title") or self.text.strip().splitlines()[0][:200]


class _TextOnly(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "svg", "head"}
    _BLOCK = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "title",
        "blockquote",
        "header",
        "footer",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        if tag == "title":
            self._in_title = True
        if tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.skipping:
            self.skipping -= 1
        if tag == "title":
            self._in_title = False
        if tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self.skipping:
            self.parts.append(data)


def _html_text(raw: str) -> tuple[str, str]:
    parser = _TextOnly()
    parser.feed(raw)
    parser.close()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n", " ".join(parser.title.split())


def _markdown_text(raw: str) -> str:
    # Keep the words verbatim; drop only markup that is never part of a quote.
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", raw, flags=re.M)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)


def _front_matter(text: str, path: str) -> tuple[dict[str, str], str]:
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end < 0:
        raise InputError("front matter opened with '---' is never closed", path, 1)
    meta = load_yaml_text(text[4:end], path, first_line=2) or {}  # aliases refused: no billion laughs
    if not isinstance(meta, dict):
        raise InputError("front matter must be key: value lines", path, 1)
    unknown = set(meta) - META_KEYS
    if unknown:
        raise InputError(f"unknown front-matter key '{sorted(unknown)[0]}' (allowed: {', '.join(sorted(META_KEYS))})", path, 1)
    return {k: str(v) for k, v in meta.items() if v is not None}, text[end + 4 :].lstrip("\n")


def article_id(text: str) -> str:
    """The document id of an article text (as read_article names it): a hash of the text."""
    return "doc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def read_article(path: Path, overrides: dict[str, str] | None = None, max_bytes: int = MAX_BYTES) -> Article:
    display = str(path)
    # a regular file only (not /dev/zero, a FIFO or a directory); the limit holds while reading, not from stat
    raw_bytes = read_bytes(path, max_bytes, display, what="article")
    if b"\x00" in raw_bytes[:8192]:
        raise InputError("binary file, not an article (NUL bytes)", display)
    try:
        raw = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte {exc.start})", display, line) from None
    raw = UNICODE_SPACES.sub(" ", raw.replace("\r\n", "\n"))  # "22\u00a0June": no-break and other spaces read as spaces
    meta, body = _front_matter(raw, display)
    kind = FORMATS.get(path.suffix.lower(), "text")
    if kind == "html":
        body, title = _html_text(body)
        if title:
            meta.setdefault("title", title)
    elif kind == "markdown":
        body = _markdown_text(body)
    if not body.strip():
        raise InputError("no text to ingest" + (" after removing the HTML markup" if kind == "html" else ""), display)
    meta.update({k: v for k, v in (overrides or {}).items() if v})
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]
    return Article(f"doc-{digest}", body, display, meta)
