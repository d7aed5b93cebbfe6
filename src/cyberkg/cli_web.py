"""`cyberkg ingest URL…` and `cyberkg ingest --feed URL…`: web pages, PDFs and feeds into candidates
(README § Ingesting from the web). The extraction and the candidates are those of a file ingest."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections import Counter
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from cyberkg.cli_store import create_empty, publication_date, store_for_merge
from cyberkg.errors import CyberkgError, InputError, UsageError

if TYPE_CHECKING:  # the extractor takes seconds to load; it is imported where it is first used
    from cyberkg.graph.extract import Extraction, Extractor
    from cyberkg.graph.fetch import Fetcher
    from cyberkg.graph.merge import KnownEntity
    from cyberkg.graph.reader import Article

log = logging.getLogger(__name__)


def is_url(text: str) -> bool:
    """Anything with a scheme is a URL (the fetcher refuses all but http and https, with one line)."""
    head = text.split("://", 1)[0]
    return "://" in text and head.isascii() and head.isalpha()


def read_file(path: Path, overrides: dict[str, str]) -> Article:
    """A local article file: a PDF by its pages (graph/reader_pdf.py), anything else by read_article."""
    from cyberkg.graph.reader import MAX_BYTES, Article, article_id, read_article

    if path.suffix.lower() != ".pdf":
        return read_article(path, overrides)
    from cyberkg.graph.reader_pdf import read_pdf_file

    text, pages, meta = read_pdf_file(path, 4 * MAX_BYTES)
    meta.update({k: v for k, v in overrides.items() if v})
    return Article(article_id(text), text, str(path), meta, None, pages)


def add_web_arguments(i: argparse.ArgumentParser) -> None:
    w = i.add_argument_group("web sources (URL arguments)")
    w.add_argument("--feed", action="store_true", help="the URLs are RSS/Atom feeds: ingest their new entries")
    w.add_argument(
        "--state",
        default="var/feed-state.json",
        metavar="FILE",
        help="what each feed had and which entries are done, so a rerun resumes (default: %(default)s)",
    )
    w.add_argument("--since", metavar="YYYY-MM-DD", help="feeds: only entries published on or after this day")
    w.add_argument("--max", type=int, metavar="N", help="feeds: at most the N newest new entries per feed and run")
    w.add_argument("--author", help="the article's author (overrides the page's)")
    w.add_argument(
        "--allow-loopback",
        action="store_true",
        help="allow addresses of this machine (127.0.0.0/8, ::1), e.g. a local mirror; refused by default",
    )
    w.add_argument(
        "--allow-private",
        action="store_true",
        help="allow every non-public address: loopback, private, link-local (an intranet); refused by "
        "default, checked on every redirect",
    )
    w.add_argument("--timeout", type=float, default=30.0, metavar="S", help="deadline for one response (default: %(default)s)")
    w.add_argument("--retries", type=int, default=2, metavar="N", help="retries of a transient failure (default: %(default)s)")
    w.add_argument(
        "--interval",
        type=float,
        default=1.0,
        metavar="S",
        help="seconds between two requests to one host (default: %(default)s; robots.txt Crawl-delay may raise it)",
    )
    w.add_argument(
        "--max-bytes", type=int, default=10_000_000, metavar="N", help="largest response accepted (default: %(default)s)"
    )


def _fetcher(args: argparse.Namespace) -> Fetcher:
    from cyberkg.graph.fetch import Fetcher, Policy

    if args.timeout <= 0 or args.retries < 0 or args.interval < 0 or args.max_bytes <= 0:
        raise UsageError("--timeout and --max-bytes must be positive, --retries and --interval not negative")
    return Fetcher(
        Policy(
            timeout=args.timeout,
            socket_timeout=min(10.0, args.timeout),
            max_bytes=args.max_bytes,
            retries=args.retries,
            interval=args.interval,
            allow_loopback=args.allow_loopback,
            allow_private=args.allow_private,
        )
    )


class _Run:
    """One ingest run: the extractor, the candidates directory, what is already there."""

    def __init__(self, args: argparse.Namespace) -> None:
        from cyberkg.graph.webingest import Versions

        self.args = args
        self.out = Path(args.out)
        self.store, self.is_new = store_for_merge(args.store)
        self._extractor: Extractor | None = None
        self.versions = Versions(None if self.is_new else self.store, self.out)
        self.flags = {k: getattr(args, k) for k in ("title", "publisher", "date", "url", "author") if getattr(args, k)}
        self.rows: list[list[str]] = []
        self.unchanged: list[str] = []

    @cached_property
    def known(self) -> dict[str, KnownEntity]:
        from cyberkg.graph.merge import known_entities

        return {} if self.is_new else known_entities(self.store)

    def extractor(self) -> Extractor:
        """Built on first use: loading it takes seconds, and a failed fetch should not wait for that."""
        if self._extractor is None:
            from cyberkg.graph.extract import Extractor
            from cyberkg.graph.merge import known_agreement_dates, known_agreements

            # Extractor's annotation (dict of tuples) predates KnownEntity; aligned once the extract branch lands
            agreements = {} if self.is_new else known_agreements(self.store)
            self._extractor = Extractor(self.known, agreements)  # type: ignore[arg-type]
            self._extractor.agreement_dates.update({} if self.is_new else known_agreement_dates(self.store))
        return self._extractor

    def prepare(self, article: Article) -> tuple[str, Article, Extraction | None]:
        """(status, article, extraction): extraction is None for an unchanged page. Writes nothing."""

        status, article = self.versions.classify(article)
        if status == "unchanged":
            return status, article, None
        extraction = self.extractor().extract(article, publication_date(article.meta.get("date"), article.source))
        if not extraction.mentions:
            raise InputError(
                "no entities found: nothing to ingest (is this an article about states, officials or organisations?)",
                article.source,
            )
        return status, article, extraction

    def write(self, status: str, article: Article, extraction: Extraction | None) -> None:
        from cyberkg.graph.merge import write_candidates

        if extraction is None:
            self.unchanged.append(article.source)
            print(f"unchanged: {article.source} is already ingested as {article.id}; nothing added", file=sys.stderr)
            return
        write_candidates(extraction, self.out, self.known)
        self.versions.add(article)
        kinds = Counter(m.kind for m in extraction.mentions)
        revision = article.origin.revision_of if article.origin else None
        self.rows.append(
            [
                article.source,
                article.id + (f" (new version of {revision})" if revision else ""),
                str(len({m.entity for m in extraction.mentions})),
                str(len(extraction.new_entities)),
                str(len(extraction.relations)),
                ", ".join(f"{k} {n}" for k, n in kinds.most_common(3)),
            ]
        )

    def finish(self) -> None:
        from cyberkg.graph.merge import merge
        from cyberkg.queries.runner import render_table

        if self.rows:
            sys.stdout.write(
                render_table(["source", "document", "entities", "new", "relations", "mentions by kind"], self.rows, 60)
            )
            print(f"candidates: {self.out}/ (seed format: review, edit, then `cyberkg merge {self.out}`)")
        else:
            print("nothing new to ingest")
        if self.args.merge and self.rows:
            if self.is_new:
                create_empty(self.store)
            result = merge(self.store, self.out)
            print(
                f"merged {', '.join(result.documents)}: {result.triples_after - result.triples_before} new "
                f"triples in the merged graph ({result.triples_after:,} in all)"
            )


def cmd_ingest_web(args: argparse.Namespace) -> int:
    urls = [p for p in args.paths if is_url(p)]
    if len(urls) != len(args.paths):
        raise UsageError(
            "--feed takes feed URLs (http or https)" if args.feed else "give either URLs or files and directories, not both"
        )
    fetcher = _fetcher(args)
    run = _Run(args)
    if args.feed:
        return _feeds(run, fetcher, urls)
    from cyberkg.graph.webingest import fetch_article

    if len(urls) > 1:
        run.flags.pop("title", None)  # one title for many articles would be wrong for all but one
    # Everything is fetched, read and extracted before anything is written: a failure leaves no trace.
    prepared = [run.prepare(fetch_article(fetcher, url, None, run.flags)) for url in urls]
    for status, article, extraction in prepared:
        run.write(status, article, extraction)
    run.finish()
    return 0


def _feeds(run: _Run, fetcher: Fetcher, urls: list[str]) -> int:
    from cyberkg.graph.reader_feed import FEED_TYPES, FeedState, parse_feed, select
    from cyberkg.graph.webingest import fetch_article

    args = run.args
    since = _since(args.since)
    if args.max is not None and args.max < 1:
        raise UsageError("--max must be at least 1")
    state = FeedState(Path(args.state))
    strong = {k: v for k, v in run.flags.items() if k != "title"}
    failures = 0
    for feed_url in urls:
        try:
            response = fetcher.get(feed_url, FEED_TYPES, state.conditional(feed_url))
            entries = parse_feed(response.body, feed_url) if response.status != 304 else []
        except CyberkgError as exc:
            if len(urls) == 1:
                raise
            failures += 1  # one feed down does not stop the others
            print(f"cyberkg: error: {exc.one_line()}", file=sys.stderr)
            continue
        if response.status == 304:
            print(f"{feed_url}: not modified since the last run (HTTP 304)", file=sys.stderr)
            continue
        chosen, left = select(entries, state.seen(feed_url), since, args.max)
        print(
            f"{feed_url}: {len(entries)} entries, {len(chosen)} to ingest"
            + (f", {left} left for a later run (--max)" if left else ""),
            file=sys.stderr,
        )
        failed = 0
        for number, entry in enumerate(chosen, 1):
            try:
                status, article, extraction = run.prepare(fetch_article(fetcher, entry.link, entry.meta, strong))
                run.write(status, article, extraction)
                state.mark(feed_url, entry, article.id, article.origin.retrieved if article.origin else "")
            except CyberkgError as exc:  # one line per failed entry; it stays unseen, so the next run retries it
                failed += 1
                print(f"cyberkg: error: {exc.one_line()}", file=sys.stderr)
            if not args.quiet:
                print(
                    f"\r[{'#' * (30 * number // len(chosen)):<30}] {number}/{len(chosen)} entries",
                    end="\n" if number == len(chosen) else "",
                    file=sys.stderr,
                    flush=True,
                )
        if not failed and not left:
            state.validators(feed_url, response.headers)
        failures += failed
    run.finish()
    if failures:
        print(
            f"cyberkg: {failures} feed{'' if failures == 1 else 's'} or entr{'y' if failures == 1 else 'ies'} "
            "failed (listed above); the next run retries them",
            file=sys.stderr,
        )
        return InputError.exit_code
    return 0


def _since(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--since '{text}' is not YYYY-MM-DD") from None
