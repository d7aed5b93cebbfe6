"""`--verbose` / `--quiet` on every command, and the one place logging is configured (the CLI edge).

Library modules only log (`logging.getLogger(__name__)`); what a run shows on stderr is decided here:
warnings and errors by default (`serve`: its access log too), `-v` adds progress and retries (INFO), `-vv`
debugging detail, `-q` leaves only errors (and turns off progress lines and `serve`'s access log)."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TypeAlias

# commands whose INFO lines are their normal output (serve: one access-log line a request)
_INFO_BY_DEFAULT = {"serve"}
# what `add_subparsers()` returns: each cli_* module adds its commands to it
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_verbosity(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--verbose", "-v", action="count", default=0, help="more detail on stderr (-v: progress, retries; -vv: debugging)"
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="only errors on stderr: no progress lines")


def log_level(args: argparse.Namespace) -> int:
    if getattr(args, "quiet", False):
        return logging.ERROR if args.command not in _INFO_BY_DEFAULT else logging.WARNING
    verbose = getattr(args, "verbose", 0) or 0
    if verbose >= 2:
        return logging.DEBUG
    if verbose == 1 or args.command in _INFO_BY_DEFAULT:
        return logging.INFO
    return logging.WARNING


def configure_logging(args: argparse.Namespace) -> None:
    """Once per run. Messages keep the bare form (no level or logger name): each is a sentence for a person."""
    root = logging.getLogger()
    for handler in list(root.handlers):  # main() may run more than once in one process (tests)
        if getattr(handler, "_cyberkg", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler._cyberkg = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(log_level(args))
    # uvicorn speaks only of problems; cyberkg.http.access is the access log
    logging.getLogger("uvicorn").setLevel(logging.WARNING)
