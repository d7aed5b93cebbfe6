"""`cyberkg train-roles GOLD...`: fit the learned role models on gold-annotated articles and say, for each
held-out set, what they add to the rules (graph.train_roles)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cyberkg.errors import UsageError

if TYPE_CHECKING:
    from cyberkg.cli_logging import Subcommands


def _f1(score: tuple[int, int, int]) -> str:
    from cyberkg.graph.evaluate import Scores

    s = Scores(*score)
    return f"{s.precision:.3f} / {s.recall:.3f} / {s.f1:.3f}"


def cmd_train_roles(args: argparse.Namespace) -> int:
    from cyberkg.graph.evaluate import gold_files
    from cyberkg.graph.train_roles import examples, held_out_gain, set_name, write_models
    from cyberkg.queries.runner import render_table

    files = gold_files(args.gold)
    groups = sorted({set_name(f) for f in files})
    unknown = sorted(set(args.held_out) - set(groups))
    if unknown:
        raise UsageError(f"--held-out names no gold set: {', '.join(unknown)} (sets: {', '.join(groups)})")
    found = examples(files)
    if args.held_out:
        rows = []
        for group in args.held_out:
            gain = held_out_gain(found, group, args.c)
            rows.append([group, _f1(gain.rules), _f1(gain.learned)])
        sys.stdout.write(render_table(["held-out set", "rules P / R / F1", "rules + learned P / R / F1"], rows, None))
    if args.output:
        models = write_models(found, Path(args.output), groups, args.c)
        rows = [[m.name, f"{m.threshold:.2f}", str(m.positives), str(m.examples), str(len(m.weights))] for m in models]
        sys.stdout.write(render_table(["role", "threshold", "positives", "examples", "features"], rows, None))
    return 0


def add_train_parser(sub: Subcommands) -> None:
    t = sub.add_parser("train-roles", help="fit the learned role models on gold annotations (needs scikit-learn)")
    t.add_argument("gold", nargs="+", help="gold YAML files or directories of them (README § Ingesting new articles)")
    t.add_argument("--output", "-o", metavar="FILE", help="write the models here (the shipped ones: graph/models/roles.json)")
    t.add_argument(
        "--held-out",
        action="append",
        default=[],
        metavar="SET",
        help="score rules alone and rules + models trained without SET (a gold directory's name) on SET; repeatable",
    )
    t.add_argument("-c", type=float, default=0.3, help="inverse regularisation strength (default: %(default)s)")
    t.set_defaults(func=cmd_train_roles)
