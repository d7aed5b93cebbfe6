"""The endpoint is read-only by default, updates need the token, and nothing reaches files or other hosts."""

from __future__ import annotations

import json
import shutil
import urllib.parse

import pytest
from httphelp import click, get, http, q, running

from cyberkg.queries.server import ServerConfig
from cyberkg.queries.sparql_guard import check, inspect

TOKEN = "s3cret-test-token"
HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">'


@pytest.fixture()
def writable(built_store, tmp_path):
    target = tmp_path / "store"
    shutil.copytree(built_store.path, target)
    config = ServerConfig(store=str(target), port=0, quiet=True, allow_update=True, token=TOKEN)
    with running(config) as srv:
        yield srv


def update(srv, text: str, token: str | None = None, form: bool = False):
    headers = {"Content-Type": "application/x-www-form-urlencoded" if form else "application/sparql-update"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    body = urllib.parse.urlencode({"update": text}).encode() if form else text.encode()
    return http(srv.url + "/sparql", body, headers)


def test_read_only_by_default(built_store):
    with running(ServerConfig(store=built_store.location, port=0, quiet=True)) as srv:
        status, _, body = update(srv, "INSERT DATA { ckr:x rdfs:label 'x' }", token=TOKEN)
        assert status == 403 and b"read-only" in body
        assert get(srv, "/sparql?" + urllib.parse.urlencode({"update": "CLEAR ALL"}))[0] == 405


def test_update_needs_the_token_and_then_works(writable):
    insert = 'INSERT DATA { <https://w3id.org/cyberkg/id/test-entity> rdfs:label "Test entity" }'
    for token in (None, "wrong", TOKEN + "x"):
        status, headers, _ = update(writable, insert, token)
        assert status == 401 and "Bearer" in headers["WWW-Authenticate"]
    ask = q("ASK { ckr:test-entity rdfs:label ?l }")
    assert json.loads(get(writable, ask, Accept="application/json")[2])["boolean"] is False
    assert update(writable, insert, TOKEN, form=True)[0] == 200
    assert json.loads(get(writable, ask, Accept="application/json")[2])["boolean"] is True


def test_update_gets_our_prefixes_whatever_its_literals_say(writable):
    # "PREFIX" in a literal used to count as a declaration: ckr: and rdfs: were then unknown to the engine
    insert = "PREFIX ex: <http://example.org/> INSERT DATA { ckr:prefix-test rdfs:label 'PREFIX in a label' ; ex:p 1 }"
    assert update(writable, insert, TOKEN)[0] == 200
    ask = q("ASK { ckr:prefix-test rdfs:label 'PREFIX in a label' }")
    assert json.loads(get(writable, ask, Accept="application/json")[2])["boolean"] is True


def test_update_sent_as_query_is_refused(writable):
    status, _, body = get(writable, q("INSERT DATA { ckr:a ckr:b ckr:c }"))
    assert status == 400 and b"update" in body


# LOAD of files or unlisted URLs is refused even with the token; SERVICE, FROM and BASE with unlisted or file IRIs
REFUSED = [
    ("update", text)
    for text in (
        "LOAD <file:///etc/passwd>",
        "LOAD <file:///etc/passwd> INTO GRAPH <http://x/g>",
        "LOAD SILENT <http://169.254.169.254/latest/meta-data/>",
        "PREFIX f: <file:///etc/> LOAD f:passwd",
        "LOAD <\\u0066ile:///etc/passwd>",
    )
] + [
    ("query", text)
    for text in (
        "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:22/> { ?s ?p ?o } }",
        "SELECT * WHERE { BIND(<http://evil.example/sparql> AS ?e) SERVICE ?e { ?s ?p ?o } }",
        "PREFIX e: <http://evil.example/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "BASE <file:///etc/> SELECT * WHERE { <passwd> ?p ?o }",
    )
]


@pytest.mark.parametrize("form,text", REFUSED)
def test_loads_and_service_or_file_iris_are_refused(writable, form, text):
    status, _, body = update(writable, text, TOKEN) if form == "update" else get(writable, q(text))
    assert status == 403 and b"refused" in body


def test_keywords_inside_strings_and_comments_are_harmless():
    found = inspect('SELECT * WHERE { ?s ?p "SERVICE <http://evil/> LOAD <file:///x>" } # SERVICE <http://evil/>')
    assert found.service_targets == () and found.load_sources == () and found.form == "query"
    check(
        "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
        "query",
        ("https://query.wikidata.org/sparql",),
    )


def test_markup_in_labels_and_quotes_is_rendered_inert(writable, browser, artifacts):
    literal = HOSTILE.replace('"', '\\"')
    insert = (
        f'INSERT DATA {{ <https://w3id.org/cyberkg/id/hostile> a cko:Person ; rdfs:label "{literal}" ; '
        f"cko:basedIn <https://w3id.org/cyberkg/id/canada> }}"
    )
    assert update(writable, insert, TOKEN)[0] == 200
    status, _, body = get(writable, "/id/hostile")
    page = body.decode()
    assert status == 200 and "<script>window.pwned" not in page and "&lt;script&gt;window.pwned=1" in page
    browser.get(writable.url + "/id/hostile")
    assert browser.find_element("id", "entity-label").text == HOSTILE
    assert browser.execute_script("return window.pwned === undefined")
    browser.get(writable.url + "/")
    browser.execute_script(
        "window.cyberkgEditor.setValue(arguments[0])", "SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(?s = ckr:hostile) }"
    )
    click(browser, browser.find_element("id", "run"))
    _wait(browser, "return document.querySelectorAll('#results-table tbody tr').length === 1")
    cells = browser.execute_script("return Array.from(document.querySelectorAll('#results-table td')).map(c => c.textContent)")
    assert cells[1] == HOSTILE
    browser.execute_script("window.cyberkgShowGraph('canada')")
    _wait(
        browser,
        "return window.cyberkgGraph && window.cyberkgGraph.getElementById('https://w3id.org/cyberkg/id/hostile').length === 1",
    )
    assert browser.execute_script("return window.pwned === undefined")
    assert browser.execute_script("return document.querySelectorAll('#results img, #results script').length") == 0
    browser.save_screenshot(str(artifacts / "hostile-label-page.png"))


def _wait(browser, script: str, seconds: float = 15) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, seconds).until(lambda b: b.execute_script(script))
