"""`cyberkg serve`: run the SPARQL endpoint and web page until interrupted."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import webbrowser
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cyberkg.cli_logging import Subcommands


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def cmd_serve(args: argparse.Namespace) -> int:
    from cyberkg.queries.server import ServerConfig, create_server

    config = ServerConfig(
        store=args.store,
        host=args.host,
        port=args.port,
        workers=args.workers,
        timeout=args.timeout,
        max_rows=args.max_rows,
        max_body=args.max_body,
        max_bytes=args.max_bytes,
        worker_memory=args.worker_memory,
        max_connections=args.max_connections,
        client_queries=args.client_queries,
        client_timeout=args.client_timeout,
        allow_update=args.allow_update,
        token=args.token or os.environ.get("CYBERKG_TOKEN"),
        allow_service=tuple(args.allow_service),
        quiet=args.quiet,
    )
    # one line per request on stderr (cyberkg.http.access) unless --quiet: logging is set up in cli.main
    server = create_server(config)
    print(
        f"cyberkg serving {config.store} at {server.url}/  (SPARQL: {server.url}/sparql; "
        f"{'updates need the token' if config.allow_update else 'read-only'}; Ctrl-C stops)",
        flush=True,
    )
    # SIGTERM (kill PID) stops as cleanly as Ctrl-C: the query workers go with the server
    signal.signal(signal.SIGTERM, _interrupt)
    if args.open:
        threading.Timer(0.5, webbrowser.open, args=(server.url + "/",)).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopping", file=sys.stderr)
    finally:
        server.close()
    return 0


def add_serve_parser(sub: Subcommands, store_arg: Callable[[argparse.ArgumentParser], None]) -> None:
    s = sub.add_parser("serve", help="SPARQL 1.1 endpoint, entity pages and the web page over HTTP")
    store_arg(s)
    s.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: %(default)s)")
    s.add_argument("--port", type=int, default=8000, help="port (default: %(default)s; 0 picks a free one)")
    s.add_argument("--workers", type=int, default=2, help="query worker processes (default: %(default)s)")
    s.add_argument("--timeout", type=float, default=5.0, help="seconds a query may run (default: %(default)s)")
    s.add_argument("--max-rows", type=int, default=10_000, help="largest result served (default: %(default)s)")
    s.add_argument("--max-body", type=int, default=1_000_000, help="largest POST body in bytes (default: %(default)s)")
    s.add_argument(
        "--max-bytes",
        type=int,
        default=16 * 1024 * 1024,
        help="largest answer in bytes; larger ones are refused with a message (default: %(default)s)",
    )
    s.add_argument(
        "--worker-memory",
        type=int,
        default=2048,
        metavar="MiB",
        help="address-space limit of each query worker process (default: %(default)s)",
    )
    s.add_argument(
        "--max-connections", type=int, default=1024, help="open connections before new requests get 503 (default: %(default)s)"
    )
    s.add_argument(
        "--client-queries",
        type=int,
        default=256,
        help="queries one client address may have in flight before 429 (default: %(default)s)",
    )
    s.add_argument(
        "--client-timeout",
        type=float,
        default=20.0,
        help="seconds a client has to send a request, or may stall reading an answer (default: %(default)s)",
    )
    s.add_argument("--allow-update", action="store_true", help="accept SPARQL Update (needs --token)")
    s.add_argument("--token", help="bearer token updates must carry (or env CYBERKG_TOKEN)")
    s.add_argument(
        "--allow-service",
        action="append",
        default=[],
        metavar="URL",
        help="an endpoint SERVICE (and LOAD) may reach; repeat; a URL ending in / allows what is under it",
    )
    s.add_argument("--open", action="store_true", help="open the web page in a browser")
    s.set_defaults(func=cmd_serve)
