"""The web page end to end in headless Chromium against a real server: examples, results, entity pages,
neighbourhood graph and timeline; screenshots go to tests/artifacts/."""

from __future__ import annotations

import csv
import io
import json
import time
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from httphelp import click, running
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from cyberkg.queries.runner import run_query
from cyberkg.queries.server import ServerConfig


@pytest.fixture(scope="module")
def server(built_store):
    with running(ServerConfig(store=built_store.location, port=0, quiet=True)) as srv:
        yield srv


def wait(browser, script: str, *args, seconds: float = 20):
    return WebDriverWait(browser, seconds).until(lambda b: b.execute_script(script, *args))


def test_example_query_shows_the_expected_rows(browser, server, built_store, artifacts):
    browser.get(server.url + "/")
    wait(browser, "return document.querySelectorAll('#examples button').length > 5")
    click(browser, browser.find_element(By.CSS_SELECTOR, "#examples button[data-query='agreement-parties']"))
    wait(browser, "return document.querySelectorAll('#results-table tbody tr').length > 0")
    rows = browser.execute_script(
        "return Array.from(document.querySelectorAll('#results-table tbody tr')).map(r => r.textContent)"
    )
    expected = len(list(run_query(built_store, "agreement-parties")))
    assert len(rows) == expected
    assert any("China–Canada agreement against economic cyber espionage (2017)" in r for r in rows)
    assert "Which parties" in browser.find_element(By.ID, "question").text
    assert browser.find_element(By.ID, "status").text.startswith(f"{expected} rows")
    assert "cm-keyword" in browser.page_source  # CodeMirror highlighted the SPARQL
    browser.save_screenshot(str(artifacts / "web-example-query.png"))


def test_entity_link_opens_a_page_with_its_facts(browser, server, artifacts):
    browser.get(server.url + "/")
    wait(browser, "return !!window.cyberkgEditor")
    browser.execute_script(
        "window.cyberkgEditor.setValue(arguments[0])",
        "SELECT ?agreement WHERE { ?agreement cko:hasParty ckr:canada ; "
        "rdfs:label 'China–Canada agreement against economic cyber espionage (2017)' }",
    )
    click(browser, browser.find_element(By.ID, "run"))
    wait(browser, "return document.querySelectorAll('#results-table tbody a').length === 1")
    click(browser, browser.find_element(By.CSS_SELECTOR, "#results-table tbody a"))
    wait(browser, "return !!document.getElementById('entity-label')")
    assert browser.current_url.endswith("/id/ca-cn-agreement-2017")
    text = browser.find_element(By.TAG_NAME, "main").text
    assert browser.find_element(By.ID, "entity-label").text.startswith("China–Canada agreement")
    assert "has party" in text and "Daniel Jean" in text and "doc:article-000" in text
    assert "China and Canada have signed an agreement" in text
    browser.save_screenshot(str(artifacts / "web-entity-page.png"))


def test_neighbourhood_graph_and_timeline(browser, server, artifacts):
    browser.get(server.url + "/#graph=https://w3id.org/cyberkg/id/canada")
    wait(browser, "return window.cyberkgGraph && window.cyberkgGraph.nodes().length > 5")
    labels = browser.execute_script("return window.cyberkgGraph.nodes().map(n => n.data('label'))")
    assert {"Canada", "Daniel Jean", "Government of Canada"} <= set(labels)
    assert browser.find_element(By.ID, "graph-page").get_attribute("href").endswith("/id/canada")
    click(browser, browser.find_element(By.ID, "timeline-load"))
    wait(browser, "return document.querySelectorAll('#timeline li').length === 10")
    items = browser.execute_script("return Array.from(document.querySelectorAll('#timeline li')).map(l => l.textContent)")
    assert items[0].startswith("2014") and "2014 intrusion" in items[0] and "year" in items[0]
    assert any(i.startswith("2017-06-18") and "day, derived" in i for i in items)
    browser.save_screenshot(str(artifacts / "web-graph-timeline.png"))


# -- issue 15 item 3: a page an analyst can start from without SPARQL ------------------------------------


def count(store, query: str) -> int:
    return int(next(iter(run_query(store, query)))[0])


def test_landing_overview_counts_sources_and_hubs(browser, server, built_store, artifacts):
    browser.get(server.url + "/")
    wait(
        browser,
        "return document.querySelectorAll('#class-counts tbody tr').length > 10 && "
        "document.querySelectorAll('#sources li').length > 0 && "
        "document.querySelectorAll('#hubs li').length > 0",
    )
    counts = browser.execute_script(
        "return Object.fromEntries(Array.from(document.querySelectorAll('#class-counts tbody tr'))"
        ".map(r => [r.querySelector('a').textContent, Number(r.cells[1].textContent.replace(/,/g, ''))]))"
    )
    for name in ("State", "Person", "BilateralAgreement"):
        assert counts[f"cko:{name}"] == count(built_store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a cko:{name} }}")
    assert "cko:Evidence" not in counts  # provenance records are totalled apart
    facts = count(built_store, "SELECT (COUNT(?e) AS ?n) WHERE { ?e a cko:Evidence }")
    assert browser.find_element(By.ID, "totals").text.startswith(f"{facts:,} facts")
    sources = browser.execute_script("return Array.from(document.querySelectorAll('#sources li')).map(l => l.textContent)")
    titles = {str(r[0]) for r in run_query(built_store, "SELECT ?t WHERE { ?d a cko:NewsArticle ; rdfs:label ?t }")}
    assert len(sources) == len(titles) and all(any(s.startswith(t) for s in sources) for t in titles)
    assert any("Infosecurity Magazine" in s for s in sources)
    hubs = browser.execute_script("return Array.from(document.querySelectorAll('#hubs li')).map(l => l.textContent)")
    degrees = [int(h.rsplit(" · ", 1)[1].split()[0]) for h in hubs]
    assert degrees == sorted(degrees, reverse=True) and len(hubs) == 10
    assert any(h.startswith("China · ") for h in hubs[:3]) and any(h.startswith("Canada · ") for h in hubs)
    browser.save_screenshot(str(artifacts / "web-landing.png"))
    # a class opens the SPARQL that lists its members, and runs it
    click(browser, browser.find_element(By.CSS_SELECTOR, "#class-counts a[data-class$='#State']"))
    wait(browser, "return document.querySelectorAll('#results-table tbody tr').length === arguments[0]", counts["cko:State"])
    assert "a/rdfs:subClassOf* cko:State" in browser.execute_script("return window.cyberkgEditor.getValue()")


def test_search_by_alias_draws_the_neighbourhood_and_lists_facts_with_sources(browser, server, artifacts):
    browser.get(server.url + "/")
    box = browser.find_element(By.ID, "search")
    box.send_keys("ottaw")  # an alias (skos:altLabel) of Canada, not its label
    wait(browser, "return document.querySelectorAll('#search-list li[data-iri]').length > 0")
    first = browser.find_element(By.CSS_SELECTOR, "#search-list li[data-iri]")
    assert first.get_attribute("data-iri") == "https://w3id.org/cyberkg/id/canada" and "Ottawa" in first.text
    box.send_keys(Keys.ENTER)
    wait(browser, "return window.cyberkgGraph && window.cyberkgGraph.nodes().length > 5")
    labels = browser.execute_script("return window.cyberkgGraph.nodes().map(n => n.data('label'))")
    assert {"Canada", "Daniel Jean", "Government of Canada"} <= set(labels)
    assert "entity=https%3A%2F%2Fw3id.org%2Fcyberkg%2Fid%2Fcanada" in browser.current_url
    wait(browser, "return document.querySelectorAll('#facts tbody tr').length > 5")
    row = browser.find_element(By.XPATH, "//table[@id='facts']//tr[td[contains(., 'government of')]]")
    assert "Government of Canada" in row.text
    quote = row.find_element(By.TAG_NAME, "blockquote")
    assert not quote.is_displayed()  # one click away:
    click(browser, row.find_element(By.TAG_NAME, "summary"))
    assert quote.is_displayed() and "Government of Canada" in quote.text
    assert browser.find_element(By.ID, "facts-page").get_attribute("href").endswith("/id/canada")
    browser.save_screenshot(str(artifacts / "web-search-neighbourhood.png"))
    # a search that is also SPARQL syntax stays a string
    box.clear()
    box.send_keys('"} } SELECT')
    wait(browser, "return document.querySelector('#search-list .none') !== null")
    assert browser.find_element(By.ID, "error").text == ""


def test_permalink_restores_the_query_and_back_returns_to_the_previous_one(browser, server, built_store, artifacts):
    first = "SELECT ?l WHERE { ckr:canada rdfs:label ?l }"
    browser.get(server.url + "/?query=" + quote(first))
    wait(browser, "return document.querySelectorAll('#results-table tbody tr').length === 1")
    assert browser.execute_script("return window.cyberkgEditor.getValue()") == first
    assert browser.find_element(By.ID, "results-table").text.endswith("Canada")
    second = "SELECT ?p WHERE { ?a cko:hasParty ?p }"
    browser.execute_script("window.cyberkgEditor.setValue(arguments[0])", second)
    click(browser, browser.find_element(By.ID, "run"))
    expected = len(list(run_query(built_store, second)))
    wait(browser, "return document.querySelectorAll('#results-table tbody tr').length === arguments[0]", expected)
    assert parse_qs(urlsplit(browser.current_url).query)["query"] == [second]
    browser.refresh()  # the address alone brings it back
    wait(
        browser,
        "return window.cyberkgEditor.getValue() === arguments[0] && "
        "document.querySelectorAll('#results-table tbody tr').length === arguments[1]",
        second,
        expected,
    )
    browser.back()
    wait(
        browser,
        "return window.cyberkgEditor.getValue() === arguments[0] && "
        "document.querySelectorAll('#results-table tbody tr').length === 1",
        first,
    )
    browser.get(server.url + "/#query=" + quote(first))  # the fragment form works too
    wait(browser, "return document.querySelectorAll('#results-table tbody tr').length === 1")
    browser.save_screenshot(str(artifacts / "web-permalink.png"))


def test_results_download_as_csv_and_json(browser, server, built_store, tmp_path):
    browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    query = "SELECT ?agreement ?party WHERE { ?agreement cko:hasParty ?party } ORDER BY ?agreement ?party"
    browser.get(server.url + "/?query=" + quote(query))
    wait(browser, "return document.querySelectorAll('#results-table tbody tr').length > 0")
    expected = [(str(r[0]), str(r[1])) for r in run_query(built_store, query)]
    click(browser, browser.find_element(By.ID, "download-csv"))
    csv_file = _downloaded(tmp_path / "cyberkg-results.csv")
    rows = list(csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8"))))
    assert rows[0] == ["agreement", "party"] and [tuple(r) for r in rows[1:]] == expected
    click(browser, browser.find_element(By.ID, "download-json"))
    payload = json.loads(_downloaded(tmp_path / "cyberkg-results.json").read_text(encoding="utf-8"))
    assert [(b["agreement"]["value"], b["party"]["value"]) for b in payload["results"]["bindings"]] == expected


def _downloaded(path, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size > 0 and not path.with_name(path.name + ".crdownload").exists():
            return path
        time.sleep(0.1)
    raise AssertionError(f"{path.name} was not downloaded")


def test_editor_completes_prefixes_classes_and_properties(browser, server, artifacts):
    browser.get(server.url + "/")
    wait(browser, "return window.cyberkg && window.cyberkg.ontologyTerms && window.cyberkg.ontologyTerms.length > 50")
    hints = "return Array.from(document.querySelectorAll('.CodeMirror-hints li')).map(l => l.textContent)"
    editor = browser.find_element(By.CSS_SELECTOR, ".CodeMirror textarea")
    browser.execute_script("window.cyberkgEditor.setValue(''); window.cyberkgEditor.focus()")
    editor.send_keys("SELECT * WHERE { ?x a cko:Agre")  # typing a prefixed name offers matches as you go
    wait(browser, "return document.querySelectorAll('.CodeMirror-hints li').length > 0")
    got = browser.execute_script(hints)
    assert got[0].startswith("cko:Agreement  —  class") and all("agre" in h.lower() for h in got)
    assert any(h.startswith("cko:FormalAgreement") for h in got)  # its label says "agreement" too
    browser.save_screenshot(str(artifacts / "web-editor-hints.png"))
    editor.send_keys(Keys.ENTER)
    assert browser.execute_script("return window.cyberkgEditor.getValue()").startswith("SELECT * WHERE { ?x a cko:Agreement")
    editor.send_keys(" ; cko:hasPa")
    wait(browser, "return document.querySelectorAll('.CodeMirror-hints li').length > 0")
    assert any(h.startswith("cko:hasParty") and "property" in h for h in browser.execute_script(hints))
    editor.send_keys(Keys.ESCAPE, " . ?x sk")
    browser.execute_script("window.cyberkgEditor.execCommand('autocomplete')")  # Ctrl+Space
    wait(browser, "return document.querySelectorAll('.CodeMirror-hints li').length > 0")
    assert [h.split()[0] for h in browser.execute_script(hints)] == ["skos:"]


def test_the_pages_namespace_table_is_the_python_one():
    from cyberkg.queries.web_assets import STATIC, assets

    for name, text in assets().items():
        assert (STATIC / name).read_text(encoding="utf-8") == text, (
            f"queries/static/{name} is stale: run `python -m cyberkg.queries.web_assets`"
        )


def test_an_entity_in_the_address_cannot_end_its_iri(browser, server):
    browser.get(server.url + "/?entity=" + quote("https://w3id.org/cyberkg/id/canada> ?p ?o } #"))
    wait(browser, "return document.getElementById('error').textContent.length > 0")
    assert browser.find_element(By.ID, "error").text.startswith("not an IRI:")
    assert browser.execute_script("return document.querySelectorAll('#facts tbody tr').length") == 0
