"""Web documents into articles, and which of them are new, unchanged or a new version (README §
Ingesting from the web).

Versions. A document's id is a hash of its extracted text. A page fetched again whose text is the same
is *unchanged*: nothing is written (not even a new retrieval time), so re-ingesting adds nothing. A page
whose text changed is a *new version*: a new document, with `revision_of` naming the latest earlier one
(prov:wasRevisionOf in the graph). The old version is kept, not retracted: its evidence quotes are
verbatim in the text it had, what it reported was published and may be what others cite, and
`cyberkg retract OLD` removes it when a curator decides the correction supersedes it.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from cyberkg.graph.fetch import Fetcher
from cyberkg.graph.reader import Article
from cyberkg.graph.reader_web import HTML_TYPES, PDF_TYPES, web_article
from cyberkg.namespaces import CKO, DOC, GRAPH
from cyberkg.safeio import MAX_SEED_BYTES, load_yaml_text, read_text

if TYPE_CHECKING:
    from cyberkg.graph.store import Store

log = logging.getLogger(__name__)

PAGE_TYPES = HTML_TYPES + PDF_TYPES


def fetch_article(
    fetcher: Fetcher, url: str, weak: dict[str, str] | None = None, strong: dict[str, str] | None = None
) -> Article:
    """Fetch a page or PDF and read its article; raises FetchError / InputError, one line each."""
    return web_article(fetcher.get(url, PAGE_TYPES), weak, strong)


class Versions:
    """The documents a store and a candidates directory already hold, by id and by URL."""

    def __init__(self, store: Store | None, out: Path) -> None:
        self.store = store
        self.local: set[str] = set()
        self.by_url: dict[str, list[tuple[str, str]]] = {}  # url -> [(retrieved, doc id)]
        if store is not None:
            self._from_store(store)
        self._from_candidates(out / "documents.yaml")

    def _from_store(self, store: Store) -> None:
        query = f"""SELECT ?d ?u ?t WHERE {{ GRAPH <{GRAPH["documents"]}> {{
            ?d <{CKO.retrievedFrom}>|<{CKO.url}> ?u . OPTIONAL {{ ?d <{CKO.retrievedAt}> ?t }} }} }}"""
        for doc, url, when in store.rows(query):
            self._note(str(url), str(when or ""), str(doc)[len(str(DOC)) :])

    def _from_candidates(self, path: Path) -> None:
        if not path.is_file():
            return
        # the candidates' own documents.yaml, read as any user file: a regular file, aliases within budget
        for record in load_yaml_text(read_text(path, MAX_SEED_BYTES), str(path)) or []:
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                self.local.add(record["id"])
                source = record["source"] if isinstance(record.get("source"), dict) else {}
                for key in ("url", "retrieved_from"):
                    if source.get(key):
                        self._note(str(source[key]), str(source.get("retrieved", "")), record["id"])

    def _note(self, url: str, when: str, doc: str) -> None:
        versions = self.by_url.setdefault(url, [])
        if (when, doc) not in versions:
            versions.append((when, doc))

    def known(self, doc_id: str) -> bool:
        if doc_id in self.local:
            return True
        return self.store is not None and bool(
            self.store.query(f"ASK {{ GRAPH <{GRAPH['documents']}> {{ <{DOC[doc_id]}> ?p ?o }} }}").askAnswer
        )

    def latest(self, article: Article) -> str | None:
        """The latest earlier version of the article's page, if any."""
        urls = {
            article.meta.get("url"),
            article.origin.url if article.origin else None,
            article.origin.final_url if article.origin else None,
        }
        found = sorted(v for url in urls if url for v in self.by_url.get(url, ()) if v[1] != article.id)
        return found[-1][1] if found else None

    def classify(self, article: Article) -> tuple[str, Article]:
        """('unchanged', article) or ('new', article, with revision_of set when it is a new version)."""
        if self.known(article.id):
            return "unchanged", article
        previous = self.latest(article)
        if previous and article.origin is not None:
            article = replace(article, origin=replace(article.origin, revision_of=previous))
        return "new", article

    def add(self, article: Article) -> None:
        self.local.add(article.id)
        if article.origin:
            for url in {article.meta.get("url"), article.origin.url}:
                if url:
                    self._note(url, article.origin.retrieved, article.id)
