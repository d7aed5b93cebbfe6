"""The bad-input campaign: every case gets one clear line (file:line where there is one) and a non-zero
exit or a 4xx status, and the store is byte-for-byte what it was (sorted N-Quads before and after)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from clihelp import Run, run_cli
from httphelp import http, running

from cyberkg.graph.seedset import packaged_seeds_dir
from cyberkg.graph.store import OxigraphStore
from cyberkg.queries.export import export_bytes
from cyberkg.queries.server import ServerConfig

ENTITIES = "entities"
COUNT: dict[str, int] = {}


def edit(path: str, old: str, new: str, count: int = 1):
    def apply(seeds: Path) -> None:
        target = seeds / path
        text = target.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        target.write_text(text.replace(old, new, count), encoding="utf-8")

    return apply


def write(path: str, content: bytes):
    def apply(seeds: Path) -> None:
        (seeds / path).write_bytes(content)

    return apply


SEED_CASES = [
    ("malformed YAML", edit("entities/states.yaml", "- id: canada", "- id: [canada"), "malformed YAML", True),
    ("facts not a list", edit("entities/states.yaml", "facts:", "facts: oops\n  old_facts:"), "", True),
    ("unknown predicate", edit("entities/people.yaml", "p: holdsPost", "p: holdsPosition"), "unknown predicate", True),
    (
        "unknown entity",
        edit("entities/agreements.yaml", "o: [china, canada]", "o: [china, atlantis]"),
        "unknown entity 'atlantis'",
        True,
    ),
    (
        "quote not in source",
        edit("entities/agreements.yaml", "China and Canada have signed an agreement", "China and Canada have signed a treaty"),
        "quote not found verbatim",
        True,
    ),
    ("impossible date", edit("entities/statements.yaml", "2017-06-22", "2017-13-40"), "impossible date", True),
    ("duplicate id", edit("entities/people.yaml", "- id: li-keqiang", "- id: justin-trudeau"), "duplicate id", True),
    ("non-UTF-8 file", write("entities/zz-bad.yaml", b"- id: caf\xe9\n"), "not UTF-8", True),
    ("binary file", write("entities/zz-bin.yaml", b"\x00\x01\x02\xff\xfe"), "", True),
    ("unknown class", edit("entities/states.yaml", "type: State", "type: Kingdom"), "unknown class 'Kingdom'", True),
    (
        "fact without evidence",
        write(
            "entities/zz-noev.yaml",
            b"- id: zz\n  type: State\n  label: Canada\n  mentions: {article-000: Canada}\n"
            b"  facts:\n    - {p: demonym, value: x}\n",
        ),
        "has no evidence",
        True,
    ),
    (
        "evidence for unknown document",
        edit(
            "entities/agreements.yaml",
            'article-000: "China and Canada have signed an agreement"',
            'article-999: "China and Canada have signed an agreement"',
        ),
        "article-999",
        True,
    ),
    ("unknown key", edit("entities/states.yaml", "- id: canada", "- id: canada\n  colour: red"), "unknown key 'colour'", True),
    ("bad id", edit("entities/people.yaml", "- id: li-keqiang", "- id: Li_Keqiang"), "bad id", True),
    ("domain violation", edit("entities/people.yaml", "p: holdsPost", "p: hasParty"), "applies to", True),
    ("link to unknown entity", edit("links.yaml", "- entity: canada", "- entity: atlantis"), "link for unknown entity", True),
    ("link with bad method", edit("links.yaml", "method: curated", "method: guessed"), "unknown link method", True),
    ("link confidence out of range", edit("links.yaml", "confidence: 1.0", "confidence: 2"), "from 0 to 1", True),
    ("link without verified", edit("links.yaml", "verified: true", "verified: maybe"), "'verified'", True),
    (
        "cycle in time order",
        write(
            "entities/zz-cycle.yaml",
            (
                b"- id: e1\n  type: Talks\n  label: Canada talks one\n  mentions: {article-000: Canada}\n"
                b"  facts: [{p: happenedAfter, o: e2, evidence: {article-000: Canada}}]\n"
                b"- id: e2\n  type: Talks\n  label: Canada talks two\n  mentions: {article-000: Canada}\n"
                b"  facts: [{p: happenedAfter, o: e1, evidence: {article-000: Canada}}]\n"
            ),
        ),
        "cycle in time order",
        False,
    ),
]


@pytest.fixture(scope="module")
def stable(built_store, tmp_path_factory):
    """A store copy whose bytes every case compares before and after."""
    path = tmp_path_factory.mktemp("stable") / "store"
    store = OxigraphStore(path, create=True)
    store.replace_all(built_store.dump_nquads())
    return store, export_bytes(store, "nq")


def run(*args: str) -> Run:
    """In-process (tests/clihelp.py): the same exit code and stderr as a process, without its start-up."""
    return run_cli(*args)


def run_process(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cyberkg", *args], capture_output=True, text=True, timeout=300)


def unchanged(stable) -> bool:
    store, before = stable
    store.close()
    return export_bytes(store, "nq") == before


@pytest.mark.parametrize("name,change,message,has_line", SEED_CASES, ids=[c[0] for c in SEED_CASES])
def test_bad_curated_facts(stable, tmp_path, name, change, message, has_line):
    seeds = tmp_path / "seeds"
    shutil.copytree(packaged_seeds_dir(), seeds, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    change(seeds)
    result = run(
        "build", "--seeds", str(seeds), "--store", stable[0].location, "--no-reason", "-q", "--out", str(tmp_path / "out")
    )
    assert result.returncode in (2, 3), result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("cyberkg: ") and message in result.stderr, result.stderr
    if has_line:
        assert ".yaml:" in first, first
    assert "Traceback" not in result.stderr and unchanged(stable)
    COUNT["seeds"] = COUNT.get("seeds", 0) + 1


ARTICLE_CASES = [
    ("empty article", b"", ".txt", "no text to ingest"),
    ("binary article", b"\x89PNG\r\n\x1a\n\x00\x00", ".txt", "binary file"),
    ("non-UTF-8 article", b"Canada caf\xe9", ".txt", "not UTF-8"),
    ("10 MB article", b"Canada signed. " * 700_000, ".txt", "byte limit"),
    ("50 MB article", b"x" * 50_000_000, ".txt", "byte limit"),
    ("HTML of scripts only", b"<html><script>var a=1;</script></html>", ".html", "after removing the HTML markup"),
    ("no entities", b"The soup was warm and the bread was fresh.\n", ".txt", "no entities found"),
    ("unclosed front matter", b"---\ntitle: x\nCanada signed.\n", ".md", "never closed"),
    ("unknown front-matter key", b"---\nauthor: x\n---\nCanada signed.\n", ".md", "unknown front-matter key"),
    ("bad publication date", b"---\ndate: yesterday\n---\nCanada and China signed an agreement.\n", ".md", "not YYYY-MM-DD"),
]


@pytest.mark.parametrize("name,content,suffix,message", ARTICLE_CASES, ids=[c[0] for c in ARTICLE_CASES])
def test_bad_articles(stable, tmp_path, name, content, suffix, message):
    article = tmp_path / f"article{suffix}"
    article.write_bytes(content)
    result = run("ingest", str(article), "--store", stable[0].location, "--out", str(tmp_path / "c"), "--merge")
    assert result.returncode == 2 and message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert str(article) in result.stderr and unchanged(stable)


CLI_CASES = [
    (["frobnicate"], 64, "invalid choice"),
    (["export", "-f", "docx"], 64, "invalid choice"),
    (["query"], 64, "give a named query"),
    (["query", "no-such-query"], 5, "neither a named query"),
    (["query", "missing.rq"], 5, "no such query file"),
    (["query", "SELECT * WHERE { ?s ?p }"], 5, "syntax error"),
    (["query", "SELECT * WHERE " + "{" * 5000 + "?s ?p ?o" + "}" * 5000], 5, "brackets, more than the 1,000 allowed"),
    (["query", "SELECT ?s WHERE { ?s foo:bar ?o }"], 5, "unknown prefix 'foo:'; known: cko, ckr"),
    (["query", "INSERT DATA { ckr:a ckr:b ckr:c }"], 5, "only runs queries"),
    (["query", "x" * 5000], 5, "neither a named query"),
    (["query", "timeline", "--max-width", "-3"], 64, "--max-width"),
    (["analyze", "path", "atlantis", "canada"], 64, "no entity 'atlantis'"),
    (["analyze", "timeline", "--as-of", "soon"], 64, "--as-of"),
    (["generate", "--facts", "5", "-o", "x"], 64, "at least 100"),
    (["query", "timeline", "--service", "nonsense"], 64, "FROM=TO"),
    (["retract", "doc-nope"], 2, "no document 'doc-nope'"),
]


@pytest.mark.parametrize("args,code,message", CLI_CASES, ids=[" ".join(c[0])[:40] for c in CLI_CASES])
def test_bad_command_lines(stable, args, code, message):
    result = run(*args, *(["--store", stable[0].location] if args[0] not in ("frobnicate", "generate") else []))
    assert result.returncode == code and message in result.stderr, (result.returncode, result.stderr[-400:])
    assert "Traceback" not in result.stderr and unchanged(stable)


def test_missing_store_is_a_clear_error(tmp_path):
    """As a real process: the exit code and the one line a user's terminal shows."""
    result = run_process("query", "timeline", "--store", str(tmp_path / "nowhere"))
    assert result.returncode == 4 and "no store at" in result.stderr and result.stderr.count("\n") == 1


def _raw(server, request: bytes) -> bytes:
    host, port = server.server_address[:2]
    with socket.create_connection((host, port), timeout=20) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_bad_http_requests(stable):
    store, _ = stable
    deep = "SELECT * WHERE " + "{" * 5000 + "?s ?p ?o" + "}" * 5000
    with running(ServerConfig(store=store.location, port=0, quiet=True, max_body=100_000)) as srv:
        url = srv.url + "/sparql"
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        cases = [
            ("syntax error", http(url + "?query=SELECT%20*%20WHERE%20%7B", None, {}), 400),
            ("deeply nested", http(url, deep.encode(), {"Content-Type": "application/sparql-query"}), 400),
            ("enormous query", http(url, b"query=" + b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * 200_000, form), 413),
            ("bad Accept", http(url + "?query=ASK%7B%7D", None, {"Accept": "image/gif"}), 406),
            ("garbage Accept", http(url + "?query=ASK%7B%7D", None, {"Accept": ";;;q=x,,"}), 406),
            ("update without token", http(url, b"update=CLEAR%20ALL", form), 403),
            ("LOAD file", http(url, b"update=LOAD%20%3Cfile%3A%2F%2F%2Fetc%2Fpasswd%3E", form), 403),
            (
                "SERVICE elsewhere",
                http(
                    url + "?query=SELECT%20*%20%7B%20SERVICE%20%3Chttp%3A%2F%2Fevil%2F%3E%20%7B%3Fs%20%3Fp%20%3Fo%7D%7D", None, {}
                ),
                403,
            ),
            ("unsupported body type", http(url, b"<x/>", {"Content-Type": "application/xml"}), 415),
            ("non-UTF-8 body", http(url, b"\xff\xfe", {"Content-Type": "application/sparql-query"}), 400),
            ("form without query", http(url, b"nothing=here", form), 400),
            ("unknown entity", http(srv.url + "/id/atlantis", None, {}), 404),
            ("bad entity path", http(srv.url + "/id/a%20b", None, {}), 404),
        ]
        raw_cases = [
            (
                "path traversal",
                _raw(srv, b"GET /static/../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                b"404",
            ),
            (
                "POST without length",
                _raw(
                    srv,
                    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nConnection: close\r\n\r\n",
                ),
                b"411",
            ),
            (
                "bad Content-Length",
                _raw(srv, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\nConnection: close\r\n\r\n"),
                b"400",
            ),
            ("unknown method", _raw(srv, b"BREW /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), b"501"),
            ("garbage request line", _raw(srv, b"\x00\x01\x02 nonsense\r\n\r\n"), b"400"),
        ]
        health = json.loads(http(srv.url + "/health", None, {})[2])
    for name, (status, _, body), expected in cases:
        assert status == expected, (name, status, body[:200])
        if status >= 400 and not body.startswith(b"<!DOCTYPE"):  # an unknown entity gets a browsable 404 page
            assert body.decode("utf-8", "replace").strip().count("\n") == 0, name
    for name, answer, expected in raw_cases:
        # a garbage request line gets an HTTP/0.9-style answer: no status line, the code is in the page
        status = answer.split(b"\r\n", 1)[0].split(b" ")[1] if answer.startswith(b"HTTP/") else answer[:600]
        assert expected in status, (name, answer[:100])
    assert health["status"] == "ok" and unchanged(stable)


def test_campaign_counts_at_least_forty_bad_inputs():
    total = len(SEED_CASES) + len(ARTICLE_CASES) + len(CLI_CASES) + 1 + 13 + 5
    assert total >= 40, total
