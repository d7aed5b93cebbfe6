"""The web page end to end in headless Chromium against a real server: examples, results, entity pages,
neighbourhood graph and timeline; screenshots go to tests/artifacts/."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from cyberkg.queries.runner import run_query
from cyberkg.queries.server import ServerConfig
from httphelp import running


@pytest.fixture(scope="module")
def server(built_store):
    with running(ServerConfig(store=built_store.location, port=0, quiet=True)) as srv:
        yield srv


def wait(browser, script: str, seconds: float = 20):
    return WebDriverWait(browser, seconds).until(lambda b: b.execute_script(script))


def test_example_query_shows_the_expected_rows(browser, server, built_store, artifacts):
    browser.get(server.url + "/")
    wait(browser, "return document.querySelectorAll('#examples button').length > 5")
    browser.find_element(By.CSS_SELECTOR, "#examples button[data-query='agreement-parties']").click()
    wait(browser, "return document.querySelectorAll('#results-table tbody tr').length > 0")
    rows = browser.execute_script(
        "return Array.from(document.querySelectorAll('#results-table tbody tr')).map(r => r.textContent)")
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
    browser.execute_script("window.cyberkgEditor.setValue(arguments[0])",
                           "SELECT ?agreement WHERE { ?agreement cko:hasParty ckr:canada ; "
                           "rdfs:label 'China–Canada agreement against economic cyber espionage (2017)' }")
    browser.find_element(By.ID, "run").click()
    wait(browser, "return document.querySelectorAll('#results-table tbody a').length === 1")
    browser.find_element(By.CSS_SELECTOR, "#results-table tbody a").click()
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
    browser.find_element(By.ID, "timeline-load").click()
    wait(browser, "return document.querySelectorAll('#timeline li').length === 10")
    items = browser.execute_script("return Array.from(document.querySelectorAll('#timeline li')).map(l => l.textContent)")
    assert items[0].startswith("2014") and "2014 intrusion" in items[0] and "year" in items[0]
    assert any(i.startswith("2017-06-18") and "day, derived" in i for i in items)
    browser.save_screenshot(str(artifacts / "web-graph-timeline.png"))
