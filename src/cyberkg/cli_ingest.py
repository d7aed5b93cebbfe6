"""`cyberkg ingest`, `merge` and `retract`: new articles in, reviewed facts into the store, a source out."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cyberkg.cli_store import create_empty, publication_date, store_for_merge
from cyberkg.cli_web import add_web_arguments
from cyberkg.errors import InputError, UsageError
from cyberkg.safeio import box_files

if TYPE_CHECKING:
    from cyberkg.cli_logging import Subcommands


def _files(paths: list[str]) -> list[Path]:
    out = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            # a directory's articles stay in it: no symlink out to /etc or ~/.ssh
            out += box_files(path, "**/*", (".txt", ".md", ".markdown", ".html", ".htm", ".pdf"))
        elif path.exists():
            out.append(path)
        else:
            raise UsageError(f"{name}: no such file or directory")
    if not out:
        raise UsageError("no .txt, .md, .html or .pdf articles to ingest")
    return out


def _manifest_rows(paths: list[str], explicit: str | None) -> dict:
    """Metadata rows for the articles: from --manifest, else from a manifest in each directory given."""
    from cyberkg.graph.manifest import find_manifest, load_manifest

    if explicit:
        return load_manifest(Path(explicit))
    rows: dict = {}
    for name in paths:
        found = find_manifest(Path(name)) if Path(name).is_dir() else None
        if found:
            rows.update(load_manifest(found))
    return rows


def cmd_ingest(args: argparse.Namespace) -> int:
    from cyberkg.cli_web import cmd_ingest_web, is_url, read_file

    if args.feed or any(is_url(p) for p in args.paths):
        return cmd_ingest_web(args)
    from cyberkg.graph.extract import Extractor
    from cyberkg.graph.merge import known_agreement_dates, known_agreements, known_entities, merge, write_candidates
    from cyberkg.queries.runner import render_table

    files = _files(args.paths)
    store, is_new = store_for_merge(args.store)
    known = {} if is_new else known_entities(store)
    # Extractor's annotation (dict of tuples) predates KnownEntity; aligned once the extract branch lands
    extractor = Extractor(known, {} if is_new else known_agreements(store))  # type: ignore[arg-type]
    extractor.agreement_dates.update({} if is_new else known_agreement_dates(store))  # relative dates anchored on them
    out = Path(args.out)
    flags = {"title": args.title, "publisher": args.publisher, "date": args.date, "url": args.url, "author": args.author}
    if len(files) > 1:
        flags.pop("title")  # one title for many articles would be wrong for all but one
    manifest = _manifest_rows(args.paths, args.manifest)
    rows, started = [], time.monotonic()
    for number, path in enumerate(files, 1):
        row = manifest.get(path.resolve())
        article = read_file(path, {**(row.meta if row else {}), **{k: v for k, v in flags.items() if v}})
        published = publication_date(article.meta.get("date"), str(path))
        extraction = extractor.extract(article, published)
        if not extraction.mentions:
            raise InputError(
                "no entities found: nothing to ingest (is this an article about states, officials or organisations?)", str(path)
            )
        write_candidates(extraction, out, known)
        kinds = Counter(m.kind for m in extraction.mentions)
        rows.append(
            [
                path.name,
                article.id,
                str(len({m.entity for m in extraction.mentions})),
                str(len(extraction.new_entities)),
                str(len(extraction.relations)),
                str(len(extraction.dates)),
                ", ".join(f"{k} {n}" for k, n in kinds.most_common(4)),
            ]
        )
        if not args.quiet and len(files) > 1:
            done = number / len(files)
            print(f"\r[{'#' * int(30 * done):<30}] {number}/{len(files)} articles", end="", file=sys.stderr, flush=True)
    if not args.quiet and len(files) > 1:
        print(f"  {len(files) / max(time.monotonic() - started, 1e-9):.0f} articles/s", file=sys.stderr)
    sys.stdout.write(render_table(["file", "document", "entities", "new", "relations", "dates", "mentions by kind"], rows, 60))
    print(f"candidates: {out}/ (seed format: review, edit, then `cyberkg merge {out}`)")
    if args.merge:
        if is_new:
            create_empty(store)
        result = merge(store, out)
        print(
            f"merged {', '.join(result.documents)}: {result.triples_after - result.triples_before} new triples "
            f"in the merged graph ({result.triples_after:,} in all)"
        )
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from cyberkg.graph.merge import merge

    store, is_new = store_for_merge(args.store)
    if is_new:
        if not (Path(args.candidates) / "documents.yaml").is_file():
            raise InputError("not a candidates directory (no documents.yaml); run `cyberkg ingest` first", args.candidates)
        create_empty(store)
    result = merge(store, Path(args.candidates))
    added = result.triples_after - result.triples_before
    print(
        f"merged {', '.join(result.documents)}: {added} new triples in the merged graph "
        f"({result.triples_after:,} in all)" + ("; nothing new (already merged)" if added == 0 else "")
    )
    return 0


def cmd_retract(args: argparse.Namespace) -> int:
    from cyberkg.graph.merge import retract
    from cyberkg.graph.store import open_store

    removed = retract(open_store(args.store), args.document)
    print(f"retracted {args.document}: {removed} triples no other source supports were removed")
    return 0


def add_ingest_parsers(sub: Subcommands, store_arg: Callable[[argparse.ArgumentParser], None]) -> None:
    i = sub.add_parser(
        "ingest", help="extract candidate facts from new articles (text, Markdown, HTML, PDF; web pages and feeds by URL)"
    )
    store_arg(i)
    i.add_argument("paths", nargs="+", metavar="FILE|DIR|URL")
    i.add_argument("--out", default="var/candidates", help="candidates directory (default: %(default)s)")
    for meta in ("title", "publisher", "date", "url"):
        i.add_argument(
            f"--{meta}", help=f"the article's {meta}" + (" (YYYY-MM-DD; relative dates need it)" if meta == "date" else "")
        )
    i.add_argument(
        "--manifest",
        metavar="FILE",
        help="CSV or YAML of file, title, publisher, date, url per article (default: manifest.csv "
        "or manifest.yaml in each directory given)",
    )
    i.add_argument("--merge", action="store_true", help="merge the candidates at once, without review")
    add_web_arguments(i)
    i.set_defaults(func=cmd_ingest)
    m = sub.add_parser("merge", help="add reviewed candidates to the store, incrementally")
    store_arg(m)
    m.add_argument("candidates", help="a candidates directory written by `cyberkg ingest`")
    m.set_defaults(func=cmd_merge)
    r = sub.add_parser("retract", help="remove a document and what only it supports")
    store_arg(r)
    r.add_argument("document", help="document id, e.g. doc-1a2b3c4d5e6f")
    r.set_defaults(func=cmd_retract)
    add_eval_parser(sub, store_arg)


def cmd_eval(args: argparse.Namespace) -> int:
    import json

    from cyberkg.graph.evaluate import evaluate, gold_files
    from cyberkg.graph.extract import Extractor
    from cyberkg.graph.merge import known_agreements, known_entities
    from cyberkg.graph.store import open_store
    from cyberkg.queries.runner import render_table

    files = gold_files(args.gold)
    if args.against:
        against = Path(args.against)
        if not against.is_dir():
            raise UsageError(f"--against needs a directory of gold files: {against}")
        report = evaluate(files, None, against)
    else:
        store = open_store(args.store) if args.with_graph else None
        known = known_entities(store) if store else {}
        extractor = Extractor(known, known_agreements(store) if store else {})  # type: ignore[arg-type]
        if args.roles_model:
            extractor.roles_model = Path(args.roles_model)
        extractor.learned = not args.rules_only
        report = evaluate(files, extractor)
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True))
        return 0
    for part in ("entities", "relations", *(("rules",) if args.by_rule else ())):
        rows = [
            [k, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}", str(v["tp"]), str(v["fp"]), str(v["fn"])]
            for k, v in report[part].items()
        ]
        print(f"{part} ({ {'entities': 'by type', 'relations': 'by predicate'}.get(part, 'by extraction rule') })")
        sys.stdout.write(render_table(["", "precision", "recall", "F1", "tp", "fp", "fn"], rows, 40))
    if args.errors:
        for text in report["texts"]:
            print(f"{text['gold']}: entity F1 {text['entity_f1']:.3f}, relation F1 {text['relation_f1']:.3f}")
            for kind in ("missed", "spurious"):
                for item in text[kind]:
                    print(f"  {kind:8}  {item}")
    return 0


def add_eval_parser(sub: Subcommands, store_arg: Callable[[argparse.ArgumentParser], None]) -> None:
    e = sub.add_parser("eval", help="precision, recall and F1 of extraction against gold annotations")
    store_arg(e)
    e.add_argument("gold", nargs="+", help="gold YAML files or directories of them")
    e.add_argument(
        "--with-graph",
        action="store_true",
        help="let the extractor link to the entities already in the store (default: extraction alone)",
    )
    e.add_argument("--errors", action="store_true", help="list, per text, what was missed and what was spurious")
    e.add_argument(
        "--by-rule",
        action="store_true",
        help="precision and recall per extraction rule (a relation counts for every rule that produced it; "
        "a rule's recall is over the gold relations of the predicates it writes)",
    )
    e.add_argument(
        "--against",
        metavar="DIR",
        help="score DIR's gold files (a second annotator's, same file names) against GOLD instead of the "
        "extractor: inter-annotator agreement on the same scale",
    )
    e.add_argument("--roles-model", metavar="FILE", help="learned role models (default: the shipped graph/models/roles.json)")
    e.add_argument("--rules-only", action="store_true", help="extract with the rules alone, without the learned role models")
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=cmd_eval)
