"""`cyberkg link`: reconcile unlinked entities against a SPARQL endpoint and record accepted links."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cyberkg.cli_logging import Subcommands


def cmd_link(args: argparse.Namespace) -> int:
    if args.dataset or args.source:
        from cyberkg.cli_datasets import cmd_link_dataset

        if not args.dataset:
            from cyberkg.errors import UsageError

            raise UsageError("a PATH or URL goes with --dataset NAME (e.g. --dataset country-codes)")
        return cmd_link_dataset(args)
    from cyberkg.graph.reconcile import reconcile, write_links
    from cyberkg.graph.seedset import packaged_seeds_dir
    from cyberkg.graph.store import open_store
    from cyberkg.queries.runner import render_table

    outcome = reconcile(
        open_store(args.store),
        args.endpoint,
        timeout=args.timeout,
        retries=args.retries,
        cache_dir=Path(args.cache) if args.cache else None,
    )
    rows = [
        [
            c.entity.rsplit("/", 1)[-1],
            c.item.rsplit("/", 1)[-1],
            c.label,
            f"{c.score:.2f}",
            ", ".join(c.reasons),
            "accept" if c.accepted else "refuse",
        ]
        for c in outcome.candidates
    ]
    if rows:
        sys.stdout.write(render_table(["entity", "candidate", "label", "score", "why", "decision"], rows, 60))
    if outcome.skipped:
        print(f"cyberkg link: {outcome.skipped}", file=sys.stderr)
        return 0
    accepted = outcome.accepted()
    if args.dry_run or not accepted:
        print(f"{len(accepted)} link(s) would be accepted" if args.dry_run else "no link accepted", file=sys.stderr)
        return 0
    seeds = Path(args.seeds) if args.seeds else packaged_seeds_dir()
    path = write_links(accepted, seeds, args.endpoint)
    print(f"wrote {len(accepted)} link(s) to {path}; run `cyberkg build` to load them", file=sys.stderr)
    return 0


def add_link_parser(sub: Subcommands, store_arg: Callable[[argparse.ArgumentParser], None]) -> None:
    from cyberkg.graph.reconcile import DEFAULT_ENDPOINT

    p = sub.add_parser("link", help="reconcile unlinked entities with Wikidata (or another SPARQL endpoint)")
    store_arg(p)
    p.add_argument("--endpoint", default=DEFAULT_ENDPOINT, help="SPARQL endpoint (default: %(default)s)")
    p.add_argument("--dry-run", action="store_true", help="show candidates and decisions, write nothing")
    p.add_argument("--seeds", help="seeds directory whose links.yaml receives accepted links (default: packaged)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per request or download (default: %(default)s)")
    p.add_argument("--retries", type=int, default=3, help="tries per request, with back-off (default: %(default)s)")
    p.add_argument("--cache", help="answer cache directory (default: var/cache/link; env CYBERKG_CACHE)")
    p.add_argument(
        "--dataset",
        metavar="NAME",
        help="link states through a reference dataset instead (country-codes: Wikidata, GeoNames, M49, UN names)",
    )
    p.add_argument("source", nargs="?", help="with --dataset: PATH or URL of the file (default: the pinned public copy)")
    p.set_defaults(func=cmd_link)
