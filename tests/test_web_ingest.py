"""Ingest from the web (README § Ingesting from the web): pages, feeds and PDFs from a real http.server on
127.0.0.1 (tests/web_site.py), started and stopped here. The CLI runs in this process (tests/clihelp.py:
exit code, stdout and stderr read back as from a subprocess; the extractor loads once); one failure also
runs as a real `cyberkg` process, so that its exit code and one line of stderr are what a user sees."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path

import pytest
import yaml
from clihelp import Run, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from web_site import BOILERPLATE, FEED_STORIES, NEWS, PRESS, Server, Site, news_page, populate

from cyberkg.cli import main
from cyberkg.graph.fetch import Fetcher, Policy
from cyberkg.graph.store import OxigraphStore
from cyberkg.namespaces import CKO

FAST = ["--allow-loopback", "--interval", "0", "--retries", "0", "--quiet"]


@pytest.fixture()
def site():
    site = Site()
    server = Server(site)
    populate(site)
    yield site
    server.stop()


def ingest(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["ingest", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def documents(out: Path) -> dict[str, dict]:
    return {d["id"]: d for d in yaml.safe_load((out / "documents.yaml").read_text(encoding="utf-8"))}


def rows(store_dir: Path, sparql: str) -> list[tuple]:
    from cyberkg.namespaces import sparql_prologue

    return sorted(OxigraphStore(store_dir).rows(sparql_prologue() + sparql))


def test_pages_give_the_article_body_and_their_metadata_lands_on_the_document(site, tmp_path, capsys):
    out, store = tmp_path / "cand", tmp_path / "store"
    urls = [f"{site.base}/{NEWS.slug}", f"{site.base}/{PRESS.slug}"]
    code, stdout, err = ingest(capsys, *urls, *FAST, "--out", str(out), "--store", str(store), "--merge")
    assert code == 0, err
    docs = documents(out)
    by_url = {d["source"]["retrieved_from"]: d for d in docs.values()}
    for url, story in zip(urls, (NEWS, PRESS), strict=True):
        doc = by_url[url]
        text = (out / doc["file"]).read_text(encoding="utf-8")
        assert text == story.body  # the article, word for word, and nothing else
        assert not [b for b in BOILERPLATE if b in text]
        assert doc["label"] == story.headline and doc["source"]["author"] == story.author
        assert doc["source"]["date"] == story.date and doc["source"]["media_type"] == "text/html"
        served = site.routes[f"/{story.slug}"][2]
        assert doc["source"]["sha256"] == hashlib.sha256(served).hexdigest()
    news = by_url[urls[0]]["source"]
    assert news["publisher"] == "The Harbour Ledger" and news["language"] == "en-GB"  # JSON-LD, <html lang>
    assert news["url"] == f"https://harbourledger.example/{NEWS.slug}"  # the canonical URL
    press = by_url[urls[1]]["source"]
    assert press["publisher"] == "Ministry of Foreign Affairs of Estonia" and press["language"] == "en"  # OpenGraph
    # ... and in the graph, on the document node
    news_id = by_url[urls[0]]["id"]
    found = dict(rows(store, f"SELECT ?p ?o WHERE {{ doc:{news_id} ?p ?o FILTER(?p != schema:text) }}"))
    assert found[str(CKO.byline)] == "Maria Lindqvist"
    assert rows(
        store,
        f"""SELECT ?name ?date ?url ?from ?hash WHERE {{ GRAPH ckg:documents {{ doc:{news_id}
        cko:publisherName ?name ; cko:date ?date ; cko:url ?url ; cko:retrievedFrom ?from ; cko:contentHash ?hash ;
        cko:retrievedAt ?at ; cko:language "en-GB" ; cko:datePrecision time:unitDay }} }}""",
    ) == [("The Harbour Ledger", "2024-03-05", news["url"], urls[0], "sha256:" + news["sha256"])]
    # politely: robots.txt read once for the host, before the pages; a User-Agent that says who we are
    assert site.paths()[0] == "/robots.txt" and site.paths().count("/robots.txt") == 1
    assert all(h["user-agent"].startswith("cyberkg/") for h in site.headers_of(f"/{NEWS.slug}"))


def test_unchanged_page_adds_nothing_and_a_changed_one_becomes_a_new_version(site, tmp_path, capsys):
    out, store = tmp_path / "cand", tmp_path / "store"
    url = f"{site.base}/{NEWS.slug}"
    args = [*FAST, "--out", str(out), "--store", str(store), "--merge"]
    assert ingest(capsys, url, *args)[0] == 0
    listing = (out / "documents.yaml").read_bytes()
    triples = rows(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    code, stdout, err = ingest(capsys, url, *args)
    assert code == 0 and "unchanged" in err and "nothing new to ingest" in stdout
    assert (out / "documents.yaml").read_bytes() == listing
    assert rows(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == triples
    (old,) = documents(out)
    changed = news_page(NEWS, f"https://harbourledger.example/{NEWS.slug}").replace(
        "within three days", "within two days"
    )  # the outlet corrects its story
    site.page(f"/{NEWS.slug}", changed)
    code, stdout, err = ingest(capsys, url, *args)
    assert code == 0 and f"new version of {old}" in stdout, err
    (new,) = set(documents(out)) - {old}
    assert documents(out)[new]["source"]["revision_of"] == old
    assert rows(store, f"SELECT ?old WHERE {{ doc:{new} prov:wasRevisionOf ?old }}") == [(f"https://w3id.org/cyberkg/doc/{old}",)]
    kept = rows(store, "SELECT ?d WHERE { GRAPH ckg:documents { ?d cko:url ?u } }")
    assert {d.rsplit("/", 1)[-1] for (d,) in kept} == {old, new}  # the old version is kept


def test_redirect_chain_is_followed(site, tmp_path, capsys):
    out = tmp_path / "cand"
    code, _, err = ingest(capsys, f"{site.base}/r/start", *FAST, "--out", str(out), "--store", str(tmp_path / "s"))
    assert code == 0, err
    (doc,) = documents(out).values()
    assert doc["source"]["final_url"] == f"{site.base}/{NEWS.slug}"
    assert (out / doc["file"]).read_text(encoding="utf-8") == NEWS.body
    assert site.paths()[-3:] == ["/r/start", "/r/middle", f"/{NEWS.slug}"]


def test_a_compressed_page_is_inflated(site, tmp_path, capsys):
    out = tmp_path / "cand"
    code, _, err = ingest(
        capsys, f"{site.base}/gzipped", *FAST, "--out", str(out), "--store", str(tmp_path / "s"), "--author", "Desk Editor"
    )
    assert code == 0, err
    (doc,) = documents(out).values()
    assert (out / doc["file"]).read_text(encoding="utf-8") == PRESS.body
    assert doc["source"]["author"] == "Desk Editor"  # the flag overrides the page's "Press Office"


def test_one_failing_url_among_several_writes_nothing(site, tmp_path, capsys):
    out = tmp_path / "cand"
    code, stdout, err = ingest(
        capsys,
        f"{site.base}/{NEWS.slug}",
        f"{site.base}/nowhere",
        *FAST,
        "--out",
        str(out),
        "--store",
        str(tmp_path / "s"),
        "--merge",
    )
    assert code == 2 and "HTTP 404" in err and stdout == ""
    assert not out.exists() and not (tmp_path / "s").exists()


def test_a_path_with_spaces_and_accents_is_encoded(site):
    site.page("/press/caf%C3%A9%20talks", "<html><body><p>ok</p></body></html>")
    fetcher = Fetcher(Policy(allow_loopback=True, interval=0, retries=0))
    assert fetcher.get(f"{site.base}/press/caf\u00e9 talks", ("text/html",)).body.endswith(b"</html>")


def test_a_flaky_page_is_retried_after_backing_off_and_hosts_are_paced(site, tmp_path, capsys):
    out = tmp_path / "cand"
    code, _, err = ingest(
        capsys,
        f"{site.base}/flaky",
        f"{site.base}/{PRESS.slug}",
        "--allow-loopback",
        "--retries",
        "1",
        "--interval",
        "0.5",
        "--quiet",
        "--out",
        str(out),
        "--store",
        str(tmp_path / "s"),
    )
    assert code == 0, err
    times = [t for p, _, t in site.requests if p == "/flaky"]
    assert len(times) == 2 and times[1] - times[0] >= 0.95  # the 503's Retry-After: 1
    stamps = [t for _, _, t in site.requests]
    assert all(b - a >= 0.45 for a, b in pairwise(stamps))  # one request per 0.5 s to this host


def test_robots_crawl_delay_slows_requests_to_its_host(site, tmp_path, capsys):
    site.page("/robots.txt", "User-agent: cyberkg\nCrawl-delay: 1\nDisallow: /private/\n", "text/plain")
    code, _, err = ingest(
        capsys,
        f"{site.base}/{NEWS.slug}",
        f"{site.base}/{PRESS.slug}",
        *FAST,
        "--out",
        str(tmp_path / "cand"),
        "--store",
        str(tmp_path / "s"),
    )
    assert code == 0, err
    stamps = [t for _, _, t in site.requests]
    assert len(stamps) == 3 and all(b - a >= 0.95 for a, b in pairwise(stamps))


def test_pdf_text_keeps_its_pages_and_evidence_says_which(site, tmp_path, capsys):
    out, store = tmp_path / "cand", tmp_path / "store"
    code, _, err = ingest(
        capsys,
        f"{site.base}/reports/annual-review.pdf",
        *FAST,
        "--date",
        "2024-06-01",
        "--out",
        str(out),
        "--store",
        str(store),
        "--merge",
    )
    assert code == 0, err
    (doc,) = documents(out).values()
    text = (out / doc["file"]).read_text(encoding="utf-8")
    starts = doc["source"]["pages"]
    assert len(starts) == 2 and "Germany and France" in text[starts[1] :] and "Germany" not in text[: starts[1]]
    assert doc["label"] == "Annual review of cyber diplomacy" and doc["source"]["author"] == "Policy Unit"
    assert doc["source"]["media_type"] == "application/pdf"
    pages = dict(
        rows(
            store,
            """SELECT ?label (MIN(?page) AS ?p) WHERE { ?ev rdf:subject ?e ; rdf:predicate rdfs:label ;
        cko:page ?page . ?e rdfs:label ?label } GROUP BY ?label""",
        )
    )
    assert pages["Germany"] == "2" and pages["Japan"] == "1", pages
    assert rows(store, f"SELECT ?n WHERE {{ doc:{doc['id']} cko:pageCount ?n }}") == [("2",)]


def test_a_local_pdf_is_read_by_its_pages_too(site, tmp_path, capsys):
    from web_site import pdf_report

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(pdf_report(True))
    code, _, err = ingest(capsys, str(pdf), "--out", str(tmp_path / "cand"), "--store", str(tmp_path / "s"), "-q")
    assert code == 0, err
    (doc,) = documents(tmp_path / "cand").values()
    assert len(doc["source"]["pages"]) == 2 and "Germany and France signed" in (tmp_path / "cand" / doc["file"]).read_text()
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(pdf_report(False))
    code, _, err = ingest(capsys, str(scan), "--out", str(tmp_path / "cand2"), "--store", str(tmp_path / "s"))
    assert code == 2 and "no text layer" in err and not (tmp_path / "cand2").exists()


def test_a_file_s_metadata_lands_on_its_document_too(tmp_path, capsys):
    article = tmp_path / "talks.md"
    article.write_text(
        "---\ntitle: Peru and Chile hold cyber talks\npublisher: Andes Wire\ndate: 2024-02-02\n"
        "url: https://andeswire.example/a/1\nlanguage: en\n---\nPeru and Chile held talks on cyber "
        "security in Lima on Thursday, officials said. TEST TEXT, invented.\n",
        encoding="utf-8",
    )
    out, store = tmp_path / "cand", tmp_path / "store"
    code, _, err = ingest(capsys, str(article), "--author", "Desk", "--out", str(out), "--store", str(store), "--merge", "-q")
    assert code == 0, err
    (doc,) = documents(out).values()
    assert doc["source"] == {
        "url": "https://andeswire.example/a/1",
        "publisher": "Andes Wire",
        "author": "Desk",
        "date": "2024-02-02",
        "language": "en",
    }
    assert rows(store, f"SELECT ?p WHERE {{ doc:{doc['id']} cko:publisherName ?p ; cko:date ?d ; cko:byline 'Desk' }}") == [
        ("Andes Wire",)
    ]


def test_rss_feed_reruns_ingest_only_new_entries_with_conditional_gets(site, tmp_path, capsys):
    out, state = tmp_path / "cand", tmp_path / "feeds.json"
    feed = f"{site.base}/feeds/world.rss"
    args = [feed, "--feed", *FAST, "--state", str(state), "--out", str(out), "--store", str(tmp_path / "s")]
    code, _, err = ingest(capsys, *args)
    assert code == 0, err
    assert {d["source"]["retrieved_from"] for d in documents(out).values()} == {f"{site.base}/{s.slug}" for s in FEED_STORIES[:2]}
    saved = json.loads(state.read_text())["feeds"][feed]
    assert saved["etag"] and len(saved["seen"]) == 2
    # rerun, nothing new: the feed answers 304 to If-None-Match, no page is fetched
    before, listing = len(site.requests), (out / "documents.yaml").read_bytes()
    code, stdout, err = ingest(capsys, *args)
    assert code == 0 and "not modified" in err and "nothing new" in stdout
    assert site.headers_of("/feeds/world.rss")[-1]["if-none-match"] == saved["etag"]
    assert site.paths()[before:] == ["/robots.txt", "/feeds/world.rss"] and (out / "documents.yaml").read_bytes() == listing
    # a new entry: only its page is fetched and ingested
    site.rss_stories = FEED_STORIES
    before = len(site.requests)
    code, _, err = ingest(capsys, *args)
    assert code == 0, err
    assert site.paths()[before:] == ["/robots.txt", "/feeds/world.rss", f"/{FEED_STORIES[2].slug}"]
    assert len(documents(out)) == 3 and len(json.loads(state.read_text())["feeds"][feed]["seen"]) == 3


def test_atom_feed_since_max_and_last_modified(site, tmp_path, capsys):
    out, state = tmp_path / "cand", tmp_path / "feeds.json"
    site.atom_stories = [PRESS, *FEED_STORIES]
    feed = f"{site.base}/feeds/press.atom"
    args = [
        feed,
        "--feed",
        *FAST,
        "--state",
        str(state),
        "--out",
        str(out),
        "--store",
        str(tmp_path / "s"),
        "--since",
        "2024-05-01",
    ]
    code, _, err = ingest(capsys, *args, "--max", "1")
    assert code == 0 and "2 left for a later run" in err, err
    (doc,) = documents(out).values()
    assert doc["source"]["retrieved_from"].endswith(FEED_STORIES[2].slug)  # the newest entry first
    assert json.loads(state.read_text())["feeds"][feed]["last_modified"] is None  # not done with this version
    code, _, err = ingest(capsys, *args)
    assert code == 0, err
    assert len(documents(out)) == 3  # the two left; PRESS is older than --since
    assert json.loads(state.read_text())["feeds"][feed]["last_modified"]
    code, _, err = ingest(capsys, *args)
    assert code == 0 and "not modified" in err
    assert "if-modified-since" in site.headers_of("/feeds/press.atom")[-1]


def test_a_failed_feed_entry_is_reported_on_its_line_and_retried_next_run(site, tmp_path):
    out, state = tmp_path / "cand", tmp_path / "feeds.json"
    site.rss_stories = FEED_STORIES
    missing = site.routes.pop(f"/{FEED_STORIES[1].slug}")
    feed = f"{site.base}/feeds/world.rss"
    args = [feed, "--feed", *FAST, "--state", str(state), "--out", str(out), "--store", str(tmp_path / "s")]
    run = cli(*args)
    errors = [line for line in run.stderr.splitlines() if line.startswith("cyberkg: error:")]
    assert run.returncode == 2 and len(errors) == 1 and "HTTP 404" in errors[0], run.stderr
    assert len(documents(out)) == 2
    saved = json.loads(state.read_text())["feeds"][feed]
    assert len(saved["seen"]) == 2 and saved["etag"] is None  # so the next run does not get a 304
    site.routes[f"/{FEED_STORIES[1].slug}"] = missing
    run = cli(*args)
    assert run.returncode == 0, run.stderr
    assert len(documents(out)) == 3


def test_one_feed_down_does_not_stop_the_others(site, tmp_path, capsys):
    out = tmp_path / "cand"
    code, _, err = ingest(
        capsys,
        f"{site.base}/feeds/gone.rss",
        f"{site.base}/feeds/world.rss",
        "--feed",
        *FAST,
        "--state",
        str(tmp_path / "feeds.json"),
        "--out",
        str(out),
        "--store",
        str(tmp_path / "s"),
    )
    errors = [line for line in err.splitlines() if line.startswith("cyberkg: error:")]
    assert code == 2 and len(errors) == 1 and "gone.rss: HTTP 404" in errors[0], err
    assert len(documents(out)) == 2


def cli(*args: str) -> Run:
    return run_cli("ingest", *args)


def cli_process(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cyberkg", "ingest", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A store and a candidates directory with one page in them, for failures to leave unchanged."""
    root = tmp_path_factory.mktemp("seeded")
    site = Site()
    server = Server(site)
    populate(site)
    try:
        run = cli(f"{site.base}/{PRESS.slug}", *FAST, "--out", str(root / "cand"), "--store", str(root / "store"), "--merge")
        assert run.returncode == 0, run.stderr
    finally:
        server.stop()
    return root


def _tree(path: Path) -> dict[str, str]:
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(path.rglob("*")) if p.is_file()}


FAILURES = [
    ("/{news}", [], "127.0.0.1 resolves to 127.0.0.1, a loopback address (allowed only with --allow-loopback"),
    ("http://localhost:{port}/{news}", [], "localhost resolves to "),  # a name: what it resolves to is checked
    ("/r/to-file", ["--allow-loopback"], "redirected to file:///etc/passwd: scheme 'file' refused"),
    ("/r/to-private", ["--allow-loopback"], "10.255.255.1 resolves to 10.255.255.1, a private address"),
    ("/r/to-link-local", ["--allow-loopback"], "169.254.169.254, a link-local address"),
    ("/r/loop", ["--allow-loopback"], "more than 5 redirects"),
    ("/private/memo.html", ["--allow-loopback"], "robots.txt of 127.0.0.1"),
    ("/slow", ["--allow-loopback", "--timeout", "1.5"], "response not complete within 1.5 s"),
    ("/big", ["--allow-loopback", "--max-bytes", "1000000"], "over the 1,000,000-byte limit"),
    ("/big-stream", ["--allow-loopback", "--max-bytes", "1000000"], "over the 1,000,000-byte limit; nothing kept"),
    ("/truncated", ["--allow-loopback"], "connection closed after"),
    ("/bomb", ["--allow-loopback", "--max-bytes", "1000000"], "over the 1,000,000-byte limit; nothing kept"),
    ("/api/data.json", ["--allow-loopback"], "content type 'application/json' is not one of"),
    ("/reports/scanned.pdf", ["--allow-loopback"], "no text layer in this PDF (2 pages"),
    ("/fake.pdf", ["--allow-loopback"], "not a PDF"),
    ("/gallery", ["--allow-loopback"], "no article text found"),
    ("/nowhere", ["--allow-loopback"], "HTTP 404 Not Found"),
    ("ftp://127.0.0.1/pub/x.html", ["--allow-loopback"], "scheme 'ftp' refused"),
    ("/feeds/world.rss", ["--allow-loopback"], "content type 'application/rss+xml' is not one of"),
    ("/{news}", ["--allow-loopback", "--feed"], "content type 'text/html' is not one of"),
    ("/feeds/broken.rss", ["--allow-loopback", "--feed"], "not an RSS or Atom feed"),
]


@pytest.mark.parametrize("path,flags,message", FAILURES, ids=[f[0].strip("/").replace("{port}", "") for f in FAILURES])
def test_every_failure_is_one_line_and_leaves_store_and_candidates_unchanged(site, seeded, tmp_path, path, flags, message):
    work = tmp_path / "work"
    shutil.copytree(seeded, work)
    quads = OxigraphStore(work / "store").dump_nquads()
    candidates = _tree(work / "cand")
    port = site.base.rsplit(":", 1)[1]
    url = path.format(news=NEWS.slug, port=port) if "://" in path else site.base + path.format(news=NEWS.slug)
    started = time.monotonic()
    # one case as a real process: what a user's terminal shows; the rest in-process, asserting the same
    runner = cli_process if path == "/nowhere" else cli
    run = runner(
        url,
        *flags,
        "--retries",
        "0",
        "--interval",
        "0",
        "--state",
        str(work / "feeds.json"),
        "--out",
        str(work / "cand"),
        "--store",
        str(work / "store"),
        "--merge",
    )
    assert run.returncode == 2, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"cyberkg: error: {url}: ") and message in lines[0], run.stderr
    assert run.stdout == ""
    assert _tree(work / "cand") == candidates and OxigraphStore(work / "store").dump_nquads() == quads
    assert not (work / "feeds.json").exists()
    assert time.monotonic() - started < 15  # the drip is cut off by the deadline, not by the server giving up
    if path == "/private/memo.html":
        assert "/private/memo.html" not in site.paths()  # robots.txt obeyed: never even asked


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from(["text/html", "application/pdf"]))
def test_any_bytes_give_an_article_or_one_input_error(body, media_type):
    from cyberkg.errors import InputError
    from cyberkg.graph.fetch import Response
    from cyberkg.graph.reader_web import web_article

    if media_type == "application/pdf" and body[:1] != b"%":
        body = b"%PDF-1.4\n" + body
    response = Response("http://news.example/a", "http://news.example/a", 200, media_type, None, {}, body, "2026-01-01T00:00:00Z")
    try:
        article = web_article(response)
    except InputError as exc:
        assert exc.path == "http://news.example/a" and "\n" not in exc.one_line()
    else:
        assert article.text.strip() and article.id.startswith("doc-")


@pytest.mark.parametrize(
    "address,allowed",
    [
        ("8.8.8.8", True),
        ("127.0.0.1", False),
        ("::1", False),
        ("::ffff:127.0.0.1", False),
        ("10.1.2.3", False),
        ("192.168.0.1", False),
        ("169.254.169.254", False),
        ("fe80::1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
    ],
)
def test_address_policy(address, allowed):
    assert (Fetcher(Policy())._refused(address) is None) == allowed
    loopback = Fetcher(Policy(allow_loopback=True))._refused(address) is None
    assert loopback == (allowed or address in ("127.0.0.1", "::1", "::ffff:127.0.0.1"))
