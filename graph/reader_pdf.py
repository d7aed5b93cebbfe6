"""Text of a PDF with its page boundaries (pypdf), so an evidence quote can say which page it is on.

Pages are joined with a blank line; `pages[i]` is the offset in the text where page i+1 starts, and
goes into the document's record (documents.yaml `source: pages:`), from which the graph gives every
Evidence node its cko:page. A PDF with no text layer at all (a scan) is an error, not an empty article;
pages without text in an otherwise textual PDF are named in a warning.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cyberkg.errors import InputError
from cyberkg.safeio import read_bytes

log = logging.getLogger(__name__)

MAX_PAGES = 2000


def pdf_text(data: bytes, display: str) -> tuple[str, tuple[int, ...], dict[str, str]]:
    """(text, page start offsets, metadata) of a PDF's bytes."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.startswith(b"%PDF-"):
        raise InputError("not a PDF (no %PDF- header)", display)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("encrypted PDF: cannot read its text without a password", display)
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise InputError(f"PDF has {count:,} pages, over the {MAX_PAGES:,}-page limit", display)
        page_texts = [_clean(page.extract_text() or "") for page in reader.pages]
        info: Mapping[str, Any] = reader.metadata or {}
    except PyPdfError as exc:
        raise InputError(f"malformed PDF: {' '.join(str(exc).split())}", display) from None
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:  # pypdf on broken objects
        raise InputError(f"malformed PDF: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}", display) from None
    if not any(page_texts):
        raise InputError(
            f"no text layer in this PDF ({count} page{'s' * (count != 1)}, no extractable text): "
            "a scanned document? run OCR first",
            display,
        )
    empty = [str(n) for n, page in enumerate(page_texts, 1) if not page]
    if empty:
        log.warning(
            "%s: page%s %s ha%s no text layer (scanned?); their content is missing",
            display,
            "s" * (len(empty) > 1),
            ", ".join(empty),
            "ve" if len(empty) > 1 else "s",
        )
    text, starts = "", []
    for page in page_texts:
        starts.append(len(text))
        text += page + "\n\n" if page else ""
    return text.rstrip("\n") + "\n", tuple(starts), _meta(info)


def read_pdf_file(path: Path, max_bytes: int) -> tuple[str, tuple[int, ...], dict[str, str]]:
    """A local PDF, under the same size limit as an article file."""
    # a regular file only (not /dev/zero or a FIFO); the limit holds while reading, not from stat
    return pdf_text(read_bytes(path, max_bytes, str(path), what="PDF"), str(path))


def _clean(text: str) -> str:
    # pypdf ends lines with spaces and may leave NULs or form feeds; the words themselves are kept
    lines = [line.rstrip() for line in text.replace("\x00", "").replace("\f", "\n").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _meta(info: Mapping[str, Any]) -> dict[str, str]:
    # Title and author only: /CreationDate is when the file was made, not necessarily when the text was
    # published, and a wrong publication date would misplace every relative date (give --date instead).
    meta = {}
    for key, name in (("title", "/Title"), ("author", "/Author")):
        value = info.get(name)
        if isinstance(value, str) and value.strip():
            meta[key] = " ".join(value.split())
    return meta
