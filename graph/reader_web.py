"""Read a fetched web page or PDF into the same `Article` that read_article gives for a file.

HTML: trafilatura finds the article's main text (navigation, cookie banners, related links, footers
dropped) and its metadata: title, site name, author, publication date and canonical URL from JSON-LD,
OpenGraph and meta tags. The page is parsed, never rendered: no script runs, nothing else is fetched.
PDF: see graph/reader_pdf.py. Metadata precedence, weakest first: what a feed entry says, what the page
says, the command-line flags (as front matter < manifest < flags for files).
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING

from cyberkg.errors import InputError
from cyberkg.graph.fetch import Response
from cyberkg.graph.reader import Article, Origin, article_id
from cyberkg.namespaces import XML_NS

if TYPE_CHECKING:
    from lxml.etree import _Element

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
PDF_TYPES = ("application/pdf",)
MIN_WORDS = 20  # fewer words of main text than this is a page with no article (an index, a login wall)


def web_article(response: Response, weak: dict[str, str] | None = None, strong: dict[str, str] | None = None) -> Article:
    """The article in a fetched page or PDF; `weak` metadata (a feed entry's) yields to the page's,
    `strong` (the flags) overrides it."""
    if response.media_type in PDF_TYPES:
        from cyberkg.graph.reader_pdf import pdf_text

        text, pages, meta = pdf_text(response.body, response.url)
    elif response.media_type in HTML_TYPES:
        text, meta = html_text(response.body, response.charset, response.final_url, response.url)
        pages = ()
        language = response.headers.get("content-language", "").split(",")[0].strip()
        if language and "language" not in meta:
            meta["language"] = language
    else:
        raise InputError(f"cannot read content type '{response.media_type}'", response.url)
    meta = {**{k: v for k, v in (weak or {}).items() if v}, **meta, **{k: v for k, v in (strong or {}).items() if v}}
    meta.setdefault("url", response.final_url)
    origin = Origin(
        response.url, response.final_url, response.retrieved, hashlib.sha256(response.body).hexdigest(), response.media_type
    )
    return Article(article_id(text), text, response.url, meta, origin, pages)


def html_text(body: bytes, charset: str | None, base_url: str, display: str) -> tuple[str, dict[str, str]]:
    """Main text (blocks separated by a blank line) and metadata of an HTML page."""
    import trafilatura

    html: str | bytes = body
    if charset:
        try:
            html = body.decode(charset, errors="replace")
        except LookupError:
            log.warning("%s: unknown charset '%s'; detecting it instead", display, charset)
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=base_url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            deduplicate=False,
        )
    except (ValueError, TypeError) as exc:  # trafilatura's answer to markup it cannot parse
        raise InputError(f"cannot parse the page: {exc}", display) from None
    assert not isinstance(doc, dict)  # a Document, as as_dict is not asked for
    if doc is None or doc.body is None:
        raise InputError("no article text found on the page (boilerplate only?)", display)
    text = _blocks(doc.body)
    if len(text.split()) < MIN_WORDS:
        raise InputError(f"no article text found on the page (main text has {len(text.split())} words)", display)
    meta = {
        "title": doc.title,
        "publisher": doc.sitename,
        "author": doc.author,
        "date": doc.date,
        "url": doc.url,
        "language": _language(html),
    }
    return text, {k: " ".join(str(v).split()) for k, v in meta.items() if v}


def _blocks(body: _Element) -> str:
    """trafilatura's text keeps one line per block; the extractor's sentencizer wants paragraphs, so
    blocks are separated by a blank line and the items of a list by a line break."""
    out = []
    for element in body:
        if element.tag == "list":
            lines = [_words(item) for item in element.iter("item")]
            block = "\n".join(line for line in lines if line)
        else:
            block = _words(element)
        if block:
            out.append(block)
    return "\n\n".join(out) + "\n"


def _words(element: _Element) -> str:
    # the tree comes from parsed text, so its strings are str (lxml's stubs also allow bytes)
    return " ".join("".join(map(str, element.itertext())).split())


def _language(html: str | bytes) -> str | None:
    """The page's declared language: <html lang>, else og:locale (en_GB -> en-GB)."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(html)
    except (ValueError, TypeError, SyntaxError):
        return None
    lang = (root.get("lang") or root.get(f"{{{XML_NS}}}lang") or "").strip()
    if not lang:
        locale = root.xpath("//meta[@property='og:locale']/@content")
        lang = str(locale[0]).strip().replace("_", "-") if isinstance(locale, list) and locale else ""
    return lang or None
