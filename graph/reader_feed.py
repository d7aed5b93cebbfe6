"""RSS and Atom feeds (feedparser) and the state file that makes `cyberkg ingest --feed` incremental.

The state file (JSON) remembers, per feed, the validators of its last complete reading (ETag,
Last-Modified: sent back as If-None-Match / If-Modified-Since, so an unchanged feed costs a 304) and
every entry already ingested (by its id, else its link). It is rewritten, atomically, after every
entry, so an interrupted run resumes where it stopped. The validators are saved only when every entry
the run selected was ingested: otherwise the next run would get a 304 and never retry the failures.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cyberkg.errors import InputError

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")
STATE_VERSION = 1


@dataclass(frozen=True)
class Entry:
    key: str  # the entry's id, else its link
    link: str
    title: str | None
    published: dt.date | None
    author: str | None

    @property
    def meta(self) -> dict[str, str]:
        """What the feed says about the entry: the weakest metadata (the page's own wins)."""
        meta = {"title": self.title, "author": self.author, "date": self.published.isoformat() if self.published else None}
        return {k: v for k, v in meta.items() if v}


def parse_feed(body: bytes, url: str) -> list[Entry]:
    """The entries of an RSS or Atom document, in feed order. feedparser gets the bytes, never the URL,
    so it fetches nothing itself."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(body))
    if not parsed.get("version"):
        problem = parsed.get("bozo_exception")
        raise InputError("not an RSS or Atom feed" + (f": {' '.join(str(problem).split())}" if problem else ""), url)
    entries = []
    for item in parsed.entries:
        link = item.get("link")
        if not link:
            continue
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        entries.append(
            Entry(
                str(item.get("id") or link),
                str(link),
                _text(item.get("title")),
                dt.date(*stamp[:3]) if stamp else None,
                _text(item.get("author")),
            )
        )
    return entries


def select(entries: list[Entry], seen: set[str], since: dt.date | None, limit: int | None) -> tuple[list[Entry], int]:
    """Entries to ingest this run, oldest first (so an article can refer back to an earlier one of the
    run): not seen before, published on or after `since` (an undated entry cannot show it is), the
    `limit` newest of them. Also returns how many were left for a later run by `limit`."""
    fresh = [e for e in entries if e.key not in seen and (since is None or (e.published and e.published >= since))]
    fresh.sort(key=lambda e: e.published or dt.date.min, reverse=True)
    chosen = fresh if limit is None else fresh[:limit]
    return list(reversed(chosen)), len(fresh) - len(chosen)


def _text(value: object) -> str | None:
    return " ".join(str(value).split()) or None if value else None


class FeedState:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.feeds: dict[str, dict] = {}
        if path.exists():
            self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"unreadable feed state ({exc}); move it away to start afresh", str(self.path)) from None
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION or not isinstance(data.get("feeds"), dict):
            raise InputError(f"not a cyberkg feed state file (version {STATE_VERSION})", str(self.path))
        for url, feed in data["feeds"].items():
            if not isinstance(feed, dict) or not isinstance(feed.get("seen", {}), dict):
                raise InputError(f"malformed entry for feed {url}", str(self.path))
        self.feeds = data["feeds"]

    def _feed(self, url: str) -> dict:
        return self.feeds.setdefault(url, {"etag": None, "last_modified": None, "seen": {}})

    def seen(self, url: str) -> set[str]:
        return set(self._feed(url)["seen"])

    def conditional(self, url: str) -> dict[str, str]:
        feed = self._feed(url)
        headers = {"If-None-Match": feed.get("etag"), "If-Modified-Since": feed.get("last_modified")}
        return {k: v for k, v in headers.items() if v}

    def mark(self, url: str, entry: Entry, document: str, when: str) -> None:
        self._feed(url)["seen"][entry.key] = {"document": document, "link": entry.link, "at": when}
        self.save()

    def validators(self, url: str, headers: dict[str, str]) -> None:
        feed = self._feed(url)
        feed["etag"], feed["last_modified"] = headers.get("etag"), headers.get("last-modified")
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"version": STATE_VERSION, "feeds": self.feeds}, indent=1, sort_keys=True) + "\n"
        handle, name = tempfile.mkstemp(dir=self.path.parent, prefix=".feed-state-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(name, self.path)  # a crash leaves the old state or the new one, never half of one
