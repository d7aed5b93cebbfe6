"""A document's own metadata: the `source:` block of a document record (README § Ingesting from the web).

    - id: doc-1a2b3c4d5e6f
      type: NewsArticle
      file: articles/doc-1a2b3c4d5e6f.txt
      label: Ministers agree to open a cyber dialogue
      mentions: {doc-1a2b3c4d5e6f: "Ministers agree to open a cyber dialogue"}
      source:
        url: https://news.example/world/ministers-agree   # canonical URL if the page declares one
        retrieved_from: https://news.example/?p=123          # the URL that was fetched
        final_url: https://news.example/world/ministers-agree
        retrieved: 2026-11-27T14:05:01Z
        sha256: 9f2c...                                      # of the bytes as retrieved
        media_type: text/html
        publisher: The Daily Example                         # a name, as the page gives it
        author: Jane Roe
        date: 2024-03-05
        language: en
        pages: [0, 1834]                                     # PDF: where each page starts in the text
        revision_of: doc-0f0e0d0c0b0a                        # an earlier version of the same page

These are what the document says about itself, or how it was retrieved, not facts quoted from its
text, so they carry no evidence quote: they go to the documents graph beside the text, whose
provenance they are (cko:retrievedFrom, cko:retrievedAt, cko:contentHash; `final_url`, after redirects,
stays in the record for the reviewer: `url` is the address to cite). Names stay literals
(cko:publisherName, cko:byline): resolving "The Daily Example" to an entity is a curator's decision.
"""

from __future__ import annotations

import bisect
import datetime as dt
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, XSD

from cyberkg.errors import InputError
from cyberkg.graph.dates import parse_date
from cyberkg.namespaces import CKO, DOC

if TYPE_CHECKING:
    from cyberkg.graph.reader import Article
    from cyberkg.graph.sink import QuadSink

TEXT_KEYS = (
    "url",
    "retrieved_from",
    "final_url",
    "retrieved",
    "sha256",
    "media_type",
    "publisher",
    "author",
    "date",
    "language",
    "revision_of",
)
SOURCE_KEYS = (*TEXT_KEYS, "pages")
META_TO_SOURCE = ("url", "publisher", "author", "date", "language")


def source_block(article: Article) -> dict[str, Any]:
    """The `source:` block written for an ingested article (empty when nothing is known)."""
    block: dict[str, Any] = {k: article.meta[k] for k in META_TO_SOURCE if article.meta.get(k)}
    origin = article.origin
    if origin is not None:
        block["retrieved_from"] = origin.url
        if origin.final_url != origin.url:
            block["final_url"] = origin.final_url
        block.update(retrieved=origin.retrieved, sha256=origin.sha256, media_type=origin.media_type)
        if origin.revision_of:
            block["revision_of"] = origin.revision_of
    if article.pages:
        block["pages"] = list(article.pages)
    return {k: block[k] for k in SOURCE_KEYS if k in block}


def check_source(raw: Any, path: str, line: int) -> dict[str, Any] | None:
    """A `source:` block as read from YAML, checked; None when absent."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise InputError("'source' must be a mapping of url, retrieved, sha256, ... (README)", path, line)
    lines = raw.get("__lines__", {})
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key in ("__line__", "__lines__"):
            continue
        where = lines.get(key, line)
        if key not in SOURCE_KEYS:
            raise InputError(f"unknown key '{key}' in source (allowed: {', '.join(SOURCE_KEYS)})", path, where)
        if key == "pages":
            if (
                not isinstance(value, list)
                or not value
                or value[0] != 0
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
                or any(b < a for a, b in pairwise(value))
            ):
                raise InputError("'pages' must be ascending character offsets starting at 0", path, where)
        elif not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
            raise InputError(f"source '{key}' must be a non-empty text", path, where)
        out[key] = value if key == "pages" else str(value)
    if "retrieved" in out:
        try:
            dt.datetime.fromisoformat(out["retrieved"].replace("Z", "+00:00"))
        except ValueError:
            raise InputError(
                f"'retrieved' {out['retrieved']!r} is not an ISO 8601 time", path, lines.get("retrieved", line)
            ) from None
    if "date" in out:
        parse_date({"value": out["date"]}, path, lines.get("date", line))
    return out


def emit(sink: QuadSink, doc_id: str, source: dict[str, Any] | None, graph: URIRef) -> None:
    """The document's metadata triples, into `graph` (the documents graph)."""
    if not source:
        return
    doc = DOC[doc_id]
    for key, prop in (("url", CKO.url), ("retrieved_from", CKO.retrievedFrom)):
        if key in source:
            sink.add(doc, prop, Literal(source[key], datatype=XSD.anyURI), graph)
    if "retrieved" in source:
        sink.add(doc, CKO.retrievedAt, Literal(source["retrieved"], datatype=XSD.dateTime), graph)
    for key, prop in (
        ("sha256", CKO.contentHash),
        ("media_type", CKO.mediaType),
        ("publisher", CKO.publisherName),
        ("author", CKO.byline),
        ("language", CKO.language),
    ):
        if key in source:
            value = f"sha256:{source[key]}" if key == "sha256" else source[key]
            sink.add(doc, prop, Literal(value), graph)
    if "date" in source:
        info = parse_date({"value": source["date"]}, doc_id, 0)
        for p, o in (
            (CKO.date, info.literal),
            (CKO.datePrecision, info.precision),
            (CKO.dateNotBefore, Literal(info.not_before.isoformat(), datatype=XSD.date)),
            (CKO.dateNotAfter, Literal(info.not_after.isoformat(), datatype=XSD.date)),
            (CKO.dateIsDerived, Literal(False)),
        ):
            sink.add(doc, p, o, graph)
    if "pages" in source:
        sink.add(doc, CKO.pageCount, Literal(len(source["pages"]), datatype=XSD.integer), graph)
    if "revision_of" in source:
        sink.add(doc, PROV.wasRevisionOf, DOC[source["revision_of"]], graph)


def page_of(source: dict[str, Any] | None, offset: int) -> int | None:
    """The 1-based page a character offset is on, for a paginated document."""
    if not source or "pages" not in source:
        return None
    return bisect.bisect_right(source["pages"], offset)
