"""The `cyberkg` command: a thin shell over the library. Errors become one line and an exit code here only."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from cyberkg import __version__
from cyberkg.cli_analyze import add_analyze_parser
from cyberkg.cli_datasets import add_import_parser
from cyberkg.cli_ingest import add_ingest_parsers
from cyberkg.cli_link import add_link_parser
from cyberkg.cli_logging import add_verbosity, configure_logging
from cyberkg.cli_serve import add_serve_parser
from cyberkg.cli_train import add_train_parser
from cyberkg.config import default_out_dir, default_store
from cyberkg.errors import CyberkgError, UsageError, ValidationError


def _progress(quiet: bool) -> Callable[[str], None]:
    start = time.monotonic()

    def report(message: str) -> None:
        if not quiet:
            print(f"[{time.monotonic() - start:5.1f}s] {message}", file=sys.stderr, flush=True)

    return report


def cmd_build(args: argparse.Namespace) -> int:
    from cyberkg.graph.build import build
    from cyberkg.graph.store import open_store
    from cyberkg.queries.export import export
    from cyberkg.queries.stats import collect_stats
    from cyberkg.safeio import atomic_write_bytes

    progress = _progress(args.quiet)
    store = open_store(args.store, create=True)
    result = build(
        store,
        Path(args.seeds) if args.seeds else None,
        reason=not args.no_reason,
        progress=progress,
        bulk=True if args.bulk else None,
    )
    stats = collect_stats(store)
    out = Path(args.out)
    progress(f"writing {'' if result.bulk else 'sorted N-Quads and '}statistics to {out}/")
    if not result.bulk:  # canonicalising holds the whole graph in memory: not for bulk-sized graphs
        export(store, "nq", out / "cyberkg.nq")
    atomic_write_bytes(out / "stats.json", (json.dumps(stats.as_dict(), indent=2, sort_keys=True) + "\n").encode())
    print(stats.render())
    reasoner = result.report.reasoner
    if result.bulk:
        print("validation: structural checks and verbatim evidence; SHACL and HermiT skipped (bulk path)")
    else:
        print(
            "validation: SHACL conforms, every fact has verbatim evidence"
            + (
                f", OWL consistent (HermiT, {reasoner.inferred_types} types inferred)"
                if reasoner
                else ", OWL reasoning skipped (--no-reason)"
            )
        )
    print(f"store:   {store.location}")
    print(
        f"export:  {out / 'cyberkg.nq'}  (sorted N-Quads; `cyberkg export` for other formats)"
        if not result.bulk
        else "export:  skipped for a bulk build (run `cyberkg export -f nq -o FILE` when needed)"
    )
    print(f"stats:   {out / 'stats.json'}")
    print("next:    cyberkg query --list   ·   cyberkg query timeline")
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from cyberkg.graph.generate import generate, write_corpus

    if args.facts < 100:
        raise UsageError("--facts must be at least 100")
    out = Path(args.output)
    if out.exists() and any(out.iterdir()):
        raise UsageError(f"{out} is not empty: give a new directory")
    summary = write_corpus(generate(args.facts, seed=args.seed, states=args.states), out)
    print(
        f"wrote {out}: {summary['documents']:,} documents, {summary['entities']:,} entities, "
        f"{summary['facts']:,} facts (seed {args.seed}); build it with "
        f"`cyberkg build --seeds {out} --store DIR`"
    )
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from cyberkg.graph.store import open_store
    from cyberkg.queries.runner import format_result, named_queries, resolve, run_query

    if args.list:
        queries = named_queries()
        width = max(len(q.name) for q in queries)
        for q in queries:
            print(f"{q.name.ljust(width)}  {q.question}")
        return 0
    if not args.query:
        raise UsageError("give a named query, a .rq file or SPARQL text (or --list)")
    if args.show:  # what would run, prefixes we add included: no store needed
        text = resolve(args.query).text
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return 0
    if args.max_width is not None and args.max_width < 0:
        raise UsageError("--max-width wants a number of characters (0: no limit)")
    services = {}
    for mapping in args.service:
        old, sep, new = mapping.partition("=")
        if not sep or not old or not new:
            raise UsageError(f"--service wants FROM=TO endpoint IRIs, not '{mapping}'")
        services[old] = new
    result = run_query(open_store(args.store), args.query, services)
    max_width = args.max_width if args.max_width is not None else (70 if sys.stdout.isatty() else None)
    sys.stdout.write(format_result(result, args.format, max_width=max_width or None, raw_csv=args.raw_csv))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from rdflib import Dataset

    from cyberkg.graph.store import open_store
    from cyberkg.graph.validate import validate_dataset

    store = open_store(args.store)
    ds = Dataset()
    ds.parse(data=store.dump_nquads().decode("utf-8"), format="nquads")
    report = validate_dataset(ds, reason=not args.no_reason)
    if not report.ok:
        raise ValidationError(f"{len(report.lines())} violation(s)", report.lines())
    reasoner = report.reasoner
    print(
        "valid: SHACL conforms; provenance complete"
        + (
            f"; OWL consistent (HermiT: {reasoner.individuals} individuals, {reasoner.inferred_types} types inferred)"
            if reasoner
            else ""
        )
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from cyberkg.graph.store import open_store
    from cyberkg.queries.export import export, write_export
    from cyberkg.queries.projections import parse_as_of
    from cyberkg.queries.visual_export import VISUAL_FORMATS, GraphSelection, export_visual, export_visual_set

    store = open_store(args.store)
    if args.visuals:
        for path in export_visual_set(store, Path(args.visuals)):
            print(path)
        return 0
    if args.format in VISUAL_FORMATS:
        if args.output in (None, "-"):
            raise UsageError(f"--format {args.format} writes a file: give --output FILE")
        selection = GraphSelection(args.projection, parse_as_of(args.as_of), args.ego, args.radius)
        path = export_visual(store, args.format, Path(args.output), selection)
        print(f"wrote {path} ({path.stat().st_size} bytes, {args.format})", file=sys.stderr)
        return 0
    options = {"canonical": args.canonical, "inferred": not args.no_inferred}
    if args.output in (None, "-"):
        write_export(store, args.format, sys.stdout.buffer, **options)
        return 0
    size = export(store, args.format, Path(args.output), **options)
    print(f"wrote {args.output} ({size} bytes, {args.format})", file=sys.stderr)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from cyberkg.graph.store import open_store
    from cyberkg.queries.stats import collect_stats

    stats = collect_stats(open_store(args.store))
    print(json.dumps(stats.as_dict(), indent=2, sort_keys=True) if args.json else stats.render(), end="")
    return 0


def cmd_ontology(args: argparse.Namespace) -> int:
    from cyberkg.ontology.generate import ONTOLOGY_FILE, write_ontology

    target = Path(args.write) if args.write else None
    if target is None:
        import cyberkg.ontology as pkg

        target = Path(pkg.__file__).with_name(ONTOLOGY_FILE)
    write_ontology(target)
    print(f"wrote {target}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cyberkg", description="Knowledge graph of international cyber diplomacy.")
    p.add_argument("--version", action="version", version=f"cyberkg {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def store_arg(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--store", default=default_store(), help="store directory, or memory: (default: %(default)s; env CYBERKG_STORE)"
        )

    b = sub.add_parser("build", help="build the graph from the seeds into the store")
    store_arg(b)
    b.add_argument("--seeds", help="seeds directory (default: the packaged seeds)")
    b.add_argument("--out", default=str(default_out_dir()), help="where exports go (default: %(default)s)")
    b.add_argument("--no-reason", action="store_true", help="skip the HermiT consistency check")
    b.add_argument(
        "--bulk",
        action="store_true",
        help="stream N-Quads to the engine's bulk loader, skipping SHACL/HermiT (automatic above 100,000 facts)",
    )
    b.set_defaults(func=cmd_build)

    q = sub.add_parser("query", help="run a named query, a .rq file or inline SPARQL")
    store_arg(q)
    q.add_argument("query", nargs="?", help="NAME | FILE.rq | 'SPARQL'")
    q.add_argument("--format", "-f", default="table", choices=("table", "csv", "tsv", "json"))
    q.add_argument("--list", action="store_true", help="list the named queries and their questions")
    q.add_argument(
        "--show",
        "--explain",
        action="store_true",
        help="print the SPARQL that would run (a named query's text, with any prefixes we add)",
    )
    q.add_argument(
        "--max-width",
        type=int,
        metavar="N",
        help="cut table cells to N characters (0: never; default: 70 on a terminal, never otherwise)",
    )
    q.add_argument(
        "--raw-csv",
        action="store_true",
        help="csv/tsv: exact SPARQL 1.1 cells, without the ' put before cells starting with = + - @ "
        "(spreadsheet formula neutralising; for machine consumers)",
    )
    q.add_argument(
        "--service",
        action="append",
        default=[],
        metavar="FROM=TO",
        help="send SERVICE <FROM> to TO instead (a mirror or local endpoint); repeatable",
    )
    q.set_defaults(func=cmd_query)

    v = sub.add_parser("validate", help="SHACL, provenance and OWL (HermiT) checks of the stored graph")
    store_arg(v)
    v.add_argument("--no-reason", action="store_true", help="skip the HermiT consistency check")
    v.set_defaults(func=cmd_validate)

    from cyberkg.queries.visual_export import VISUAL_FORMATS

    e = sub.add_parser("export", help="export the graph as RDF, as a network (GraphML, GEXF, ...) or as pictures")
    store_arg(e)
    e.add_argument(
        "--format",
        "-f",
        default="nq",
        choices=("ttl", "nt", "trig", "nq", "jsonld", "schema-jsonld") + VISUAL_FORMATS,
        help="RDF: ttl nt trig nq jsonld, schema-jsonld (schema.org view); "
        "network: graphml gexf cyjs dot svg png html; "
        "pictures: timeline-png/svg, ontology-png/svg/dot (default: %(default)s)",
    )
    e.add_argument("--output", "-o", help="output file (default: standard output, RDF only)")
    e.add_argument(
        "--projection",
        default="entity",
        choices=("entity", "actor", "actor-event", "sponsor-actor-victim"),
        help="network formats: which projection (default: %(default)s)",
    )
    e.add_argument("--as-of", metavar="YYYY-MM-DD", help="network formats: the graph as of a date")
    e.add_argument("--ego", metavar="ENTITY", help="network formats: only this entity's neighbourhood")
    e.add_argument("--radius", type=int, default=1, help="with --ego: how many steps out (default: 1)")
    e.add_argument("--visuals", metavar="DIR", help="write every network export and picture into DIR")
    e.add_argument(
        "--no-inferred",
        action="store_true",
        help="RDF: leave out the materialised entailments (graph ckg:inferred and their merged-graph copies)",
    )
    e.add_argument(
        "--canonical",
        action="store_true",
        help="RDF: run RDFC-1.0 over the whole dataset in memory (the same bytes as the default streamed, "
        "sorted export, whose blank nodes get RDFC-1.0 labels; costs ~6.8 GB at 1.2M triples)",
    )
    e.set_defaults(func=cmd_export)

    g = sub.add_parser("generate", help="write a deterministic synthetic corpus in the seed format (benchmarks)")
    g.add_argument("--facts", type=int, required=True, help="about how many facts")
    g.add_argument("--seed", type=int, default=1, help="random seed: the same seed gives the same files")
    g.add_argument("--states", type=int, default=200, help="how many (invented) states (default: %(default)s)")
    g.add_argument("--output", "-o", required=True, help="new directory to write")
    g.set_defaults(func=cmd_generate)

    add_analyze_parser(sub, store_arg)
    add_serve_parser(sub, store_arg)
    add_link_parser(sub, store_arg)
    add_import_parser(sub, store_arg)
    add_ingest_parsers(sub, store_arg)
    add_train_parser(sub)

    s = sub.add_parser("stats", help="entities by class, facts, sources, corroboration")
    store_arg(s)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)

    o = sub.add_parser("ontology", help="regenerate ontology/cyberkg.ttl from ontology/schema.py")
    o.add_argument("--write", metavar="FILE", help="write somewhere else")
    o.set_defaults(func=cmd_ontology)
    for command in sub.choices.values():
        add_verbosity(command)
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    try:
        args = p.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its usage message
        return 0 if exc.code == 0 else UsageError.exit_code
    if not getattr(args, "func", None):
        p.print_help()
        return UsageError.exit_code
    configure_logging(args)
    try:
        return args.func(args)
    except ValidationError as exc:
        print(f"cyberkg: validation failed: {exc.one_line()}", file=sys.stderr)
        for line in exc.violations[:50]:
            print(f"  - {line}", file=sys.stderr)
        if len(exc.violations) > 50:
            print(f"  ... and {len(exc.violations) - 50} more", file=sys.stderr)
        return exc.exit_code
    except CyberkgError as exc:
        print(f"cyberkg: error: {exc.one_line()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the edge: never show a traceback unless asked
        if args.debug:
            raise
        print(
            f"cyberkg: internal error: {type(exc).__name__}: {' '.join(str(exc).split())[:300]} "
            "(rerun with --debug for a traceback)",
            file=sys.stderr,
        )
        return 1
