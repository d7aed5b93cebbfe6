"""`cyberkg analyze ...`: network analyses of the stored graph, as terminal tables or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from cyberkg.errors import UsageError

if TYPE_CHECKING:
    from cyberkg.cli_logging import Subcommands


def cmd_analyze(args: argparse.Namespace) -> int:
    from cyberkg.graph.store import open_store
    from cyberkg.queries import analyses
    from cyberkg.queries.projections import parse_as_of, project, read_snapshot

    if not args.analysis:
        raise UsageError("give an analysis: centrality, communities, components, ego, path or timeline")
    projection = args.projection or ("actor" if args.analysis in ("centrality", "communities") else "entity")
    graph = project(read_snapshot(open_store(args.store)), projection, parse_as_of(args.as_of))
    if args.analysis == "centrality":
        table = analyses.centrality(graph, top=args.top)
    elif args.analysis == "communities":
        table = analyses.communities(graph, seed=args.seed)
    elif args.analysis == "components":
        table = analyses.components(graph)
    elif args.analysis == "ego":
        _, table = analyses.ego(graph, args.entity, args.radius)
    elif args.analysis == "path":
        table = analyses.explain_paths(graph, args.source, args.target, args.max_length, args.limit)
    else:
        table = analyses.timeline(graph)
    if args.json:
        print(json.dumps(table.as_json(), indent=2, ensure_ascii=False, sort_keys=True))
    elif args.analysis == "path":
        sys.stdout.write(analyses.render_paths(table))
    else:
        sys.stdout.write(table.render())
    return 0


def add_analyze_parser(sub: Subcommands, store_arg: Callable[[argparse.ArgumentParser], None]) -> None:
    a = sub.add_parser("analyze", help="network analyses: centrality, communities, components, ego, path, timeline")
    kinds = a.add_subparsers(dest="analysis", metavar="ANALYSIS")

    def common(p: argparse.ArgumentParser, default: str) -> None:
        store_arg(p)
        p.add_argument(
            "--projection",
            choices=("entity", "actor", "actor-event", "sponsor-actor-victim"),
            help=f"which networkx projection (default: {default})",
        )
        p.add_argument("--as-of", metavar="YYYY-MM-DD", help="time slice: leave out what had not happened yet")
        p.add_argument("--json", action="store_true", help="JSON instead of a table")
        p.set_defaults(func=cmd_analyze)

    c = kinds.add_parser("centrality", help="degree, betweenness, eigenvector and PageRank centrality")
    common(c, "actor")
    c.add_argument("--top", type=int, help="only the N most central")
    m = kinds.add_parser("communities", help="Louvain communities")
    common(m, "actor")
    m.add_argument("--seed", type=int, default=7, help="random seed, for the same answer every time")
    common(kinds.add_parser("components", help="connected components"), "entity")
    e = kinds.add_parser("ego", help="an entity's neighbourhood")
    common(e, "entity")
    e.add_argument("entity", help="id, label or alias, e.g. canada or 'Justin Trudeau'")
    e.add_argument("--radius", type=int, default=1)
    p = kinds.add_parser("path", help="explain how two entities connect, step by step with sources")
    common(p, "entity")
    p.add_argument("source")
    p.add_argument("target")
    p.add_argument("--max-length", type=int, default=4, help="longest path to list besides the shortest")
    p.add_argument("--limit", type=int, default=10, help="at most this many paths")
    common(kinds.add_parser("timeline", help="dated events in order, with precision and derivation"), "entity")
    a.set_defaults(func=cmd_analyze, analysis=None, store=None, projection=None, as_of=None, json=False)
