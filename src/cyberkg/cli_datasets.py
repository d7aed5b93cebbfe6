"""`cyberkg import misp-galaxy [PATH|URL]` and `cyberkg link --dataset country-codes [PATH|URL]`
(README § Reference datasets): fetch first, so nothing is touched when the file cannot be had."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from cyberkg.errors import UsageError

if TYPE_CHECKING:
    from cyberkg.cli_logging import Subcommands
    from cyberkg.graph.store import Store

IMPORTS = ("misp-galaxy",)
LINK_DATASETS = ("country-codes",)


def _store(location: str) -> Store:
    from cyberkg.graph.store import OxigraphStore, open_store

    store = open_store(location, create=True)
    if isinstance(store, OxigraphStore) and not store.path.exists():
        import io

        from cyberkg.graph.populate import populate_empty

        buffer = io.BytesIO()
        populate_empty(buffer)
        store.replace_all(buffer.getvalue())
        print(f"created an empty store at {store.location}", file=sys.stderr)
    return store


def cmd_import(args: argparse.Namespace) -> int:
    from cyberkg.graph.datasets import MISP_THREAT_ACTORS, fetch, install
    from cyberkg.graph.misp_galaxy import build_graph
    from cyberkg.graph.states import StateIndex

    start = time.monotonic()
    fetched = fetch(MISP_THREAT_ACTORS, args.source, timeout=args.timeout)
    store = _store(args.store)
    graph, s = build_graph(fetched, StateIndex(store))
    outcome = install(store, graph)
    print(
        f"{outcome}: {fetched.display} (sha256 {fetched.sha256[:12]}"
        + (f", {MISP_THREAT_ACTORS.repository} @ {fetched.commit[:12]}" if fetched.commit else "")
        + ")"
    )
    print(f"  {s.actors} threat actors, {s.synonyms} synonyms, {s.attack_ids} ATT&CK ids, {s.related} related-actor assessments")
    print(
        f"  claims: {s.sponsor_claims} suspected state sponsor (CFR), {s.origin_claims} country of origin (MISP), "
        f"{s.targeting_claims} targeting (CFR) naming {len(s.state_victims)} state, {len(s.sector_victims)} sector "
        f"and {len(s.text_victims)} other victims"
    )
    if s.not_states:
        print("  no state claim for: " + ", ".join(f"{k!r} ×{n}" for k, n in sorted(s.not_states.items())))
    if s.new_states:
        print(
            f"  {len(s.new_states)} states of the gazetteer added to the graph: {', '.join(sorted(s.new_states)[:8])}"
            + (" …" if len(s.new_states) > 8 else "")
        )
    print(
        f"  {s.facts} facts with evidence in graph ckg:{MISP_THREAT_ACTORS.id} ({time.monotonic() - start:.1f} s); "
        f"retract with `cyberkg retract {MISP_THREAT_ACTORS.id}`"
    )
    return 0


def cmd_link_dataset(args: argparse.Namespace) -> int:
    from cyberkg.graph.country_codes import build_graph
    from cyberkg.graph.datasets import COUNTRY_CODES, fetch, install
    from cyberkg.graph.states import StateIndex

    if args.dataset not in LINK_DATASETS:
        raise UsageError(f"unknown dataset '{args.dataset}' (known: {', '.join(LINK_DATASETS)})")
    start = time.monotonic()
    fetched = fetch(COUNTRY_CODES, args.source, timeout=args.timeout)
    store = _store(args.store)
    graph, s = build_graph(fetched, StateIndex(store), store)
    outcome = install(store, graph)
    print(
        f"{outcome}: {fetched.display} (sha256 {fetched.sha256[:12]}"
        + (f", {COUNTRY_CODES.repository} @ {fetched.commit[:12]}" if fetched.commit else "")
        + ")"
    )
    print(
        f"  {s.rows} rows ({s.independent} independent states); {s.states} states linked: {s.wikidata} Wikidata "
        f"items, {s.geonames} GeoNames features, M49 codes and UN names; {len(s.new_states)} gazetteer states "
        f"added to the graph"
    )
    for line in s.missing:
        print(f"  not linked: {line}")
    for line in s.disagreements:
        print(f"  disagreement: {line}")
    print(f"  {s.facts} facts in graph ckg:{COUNTRY_CODES.id} ({time.monotonic() - start:.1f} s)")
    return 0


def add_import_parser(sub: Subcommands, store_arg: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("import", help="import a reference dataset (misp-galaxy: threat actors and their claims)")
    store_arg(p)
    p.add_argument("dataset", choices=IMPORTS)
    p.add_argument("source", nargs="?", help="PATH or URL of the file (default: download the pinned public copy)")
    p.add_argument("--timeout", type=float, default=30.0, help="download timeout in seconds (default: %(default)s)")
    p.set_defaults(func=cmd_import)
