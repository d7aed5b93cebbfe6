"""Every network export parses back with the projection's counts; pictures have their size and content;
the interactive HTML view works in a real headless Chromium and renders article text inert."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pydot
import pytest
from clihelp import run_cli
from jsonschema import validate
from PIL import Image

from cyberkg.queries.analyses import timeline
from cyberkg.queries.html_view import render_html
from cyberkg.queries.pictures import timeline_size
from cyberkg.queries.projections import PROJECTIONS, entity_graph, project, read_snapshot
from cyberkg.queries.visual_export import VISUAL_SET, GraphSelection, export_visual, export_visual_set
from cyberkg.queries.visuals import canvas_inches, graphviz_binary

CYJS_SCHEMA = {
    "type": "object",
    "required": ["elements", "legend"],
    "properties": {
        "elements": {
            "type": "object",
            "required": ["nodes", "edges"],
            "properties": {
                "nodes": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["data"],
                        "properties": {
                            "data": {
                                "type": "object",
                                "required": ["id", "label", "class", "group", "colour", "cyShape"],
                                "properties": {"colour": {"type": "string", "pattern": "^#[0-9A-F]{6}$"}},
                            }
                        },
                    },
                },
                "edges": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["data"],
                        "properties": {"data": {"type": "object", "required": ["source", "target"]}},
                    },
                },
            },
        },
        "legend": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}


@pytest.fixture(scope="module")
def snap(built_store):
    return read_snapshot(built_store, with_quotes=True)


@pytest.fixture(scope="module")
def visuals(built_store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("visuals")
    export_visual_set(built_store, out)
    return out


@pytest.mark.parametrize("projection", sorted(PROJECTIONS))
def test_graphml_gexf_cyjs_dot_parse_back_with_the_same_counts(built_store, snap, tmp_path, projection):
    graph = project(snap, projection)
    nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
    selection = GraphSelection(projection)
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        back = reader(export_visual(built_store, fmt, tmp_path / f"g.{fmt}", selection))
        assert (back.number_of_nodes(), back.number_of_edges()) == (nodes, edges), fmt
        some = next(iter(back.nodes(data=True)))[1]
        assert {"label", "class", "colour"} <= set(some), fmt
    data = json.loads(export_visual(built_store, "cyjs", tmp_path / "g.cyjs", selection).read_text())
    validate(data, CYJS_SCHEMA)
    assert (len(data["elements"]["nodes"]), len(data["elements"]["edges"])) == (nodes, edges)
    dot_text = export_visual(built_store, "dot", tmp_path / "g.dot", selection).read_text()
    (parsed,) = pydot.graph_from_dot_data(dot_text)
    drawn = [n for n in parsed.get_nodes() if n.get_name().strip('"') not in ("node", "edge", "graph", "legend")]
    assert len(drawn) == nodes and len(parsed.get_edges()) == edges
    checked = subprocess.run([graphviz_binary("dot"), "-Tsvg"], input=dot_text.encode(), capture_output=True)
    assert checked.returncode == 0, checked.stderr


def _not_blank(path: Path) -> float:
    with Image.open(path) as image:
        grey = image.convert("L")
        dark = sum(grey.histogram()[:200])
        return dark / (grey.width * grey.height)


def test_pngs_have_the_expected_size_and_are_not_blank(visuals, snap):
    entities = entity_graph(snap)
    for name, graph in (("entity-graph.png", entities), ("actor-graph.png", project(snap, "actor"))):
        width, height = canvas_inches(graph)
        with Image.open(visuals / name) as image:
            assert image.size == (width * 96, height * 96), name
        assert _not_blank(visuals / name) > 0.02, name
    with Image.open(visuals / "timeline.png") as image:
        assert image.size == timeline_size(len(timeline(entities).rows))
    assert _not_blank(visuals / "timeline.png") > 0.02
    with Image.open(visuals / "ontology.png") as image:
        assert image.size == (15 * 96, 20 * 96)
    assert _not_blank(visuals / "ontology.png") > 0.01


def test_svgs_are_xml_and_name_the_nodes(visuals):
    for name in VISUAL_SET:
        if name.endswith(".svg"):
            root = ET.parse(visuals / name).getroot()
            assert root.tag.endswith("svg"), name
    assert "Justin Trudeau" in (visuals / "entity-graph.svg").read_text()
    assert "Phone call between Justin Trudeau" in (visuals / "timeline.svg").read_text()
    assert "CyberIntrusion" in (visuals / "ontology.svg").read_text()


def test_html_view_works_offline_in_headless_chromium(browser, visuals, snap, artifacts):
    page = visuals / "entity-graph.html"
    assert "http://" not in page.read_text().split("<script>")[0] and "<script src" not in page.read_text()
    browser.get(page.as_uri())
    count = browser.execute_script("return window.cyberkgView ? window.cyberkgView.nodes().length : -1")
    assert count == entity_graph(snap).number_of_nodes()
    browser.execute_script("window.cyberkgView.getElementById('canada').emit('tap')")
    heading = browser.find_element("id", "selected").text
    facts = browser.find_element("id", "facts").text
    assert heading == "Canada (State)"
    assert "China–Canada agreement against economic cyber espionage (2017) —has party→ Canada" in facts
    assert "sources: article-000, article-001" in facts
    shot = artifacts / "entity-graph-view.png"
    browser.save_screenshot(str(shot))
    assert _not_blank(shot) > 0.02


def test_markup_from_articles_is_inert_in_the_html_view(browser, tmp_path, artifacts):
    graph = nx.MultiDiGraph(name="hostile")
    graph.add_node(
        "a", label="<script>window.pwned = 1</script><img src=x onerror='window.pwned=2'>", group="Person", **{"class": "Person"}
    )
    graph.add_node("b", label="</script><script>window.pwned=3</script>", group="State", **{"class": "State"})
    graph.add_edge(
        "a",
        "b",
        key="p",
        label="says",
        sources=["doc-1"],
        quotes=[("doc-1", "</script><b onmouseover=alert(1)>bold</b> & <!-- comment")],
    )
    page = tmp_path / "hostile.html"
    page.write_text(render_html(graph, "<i>title</i>"), encoding="utf-8")
    browser.get(page.as_uri())
    assert browser.execute_script("return window.pwned === undefined")
    assert browser.execute_script("return window.cyberkgView.nodes().length") == 2
    browser.execute_script("window.cyberkgView.getElementById('a').emit('tap')")
    assert browser.find_element("id", "selected").text.startswith("<script>window.pwned = 1</script>")
    assert "</script><b onmouseover=alert(1)>bold</b> & <!-- comment" in browser.find_element("id", "facts").text
    assert browser.execute_script("return document.querySelectorAll('#facts b, #facts img, aside script').length") == 0
    assert browser.title == "<i>title</i>"
    browser.save_screenshot(str(artifacts / "hostile-view.png"))


def test_export_cli_visual_formats(built_store, tmp_path):
    out = tmp_path / "ego.graphml"
    run = run_cli("export", "--store", built_store.location, "-f", "graphml", "--ego", "canada", "-o", str(out))
    assert run.returncode == 0, run.stderr
    ego = nx.read_graphml(out)
    assert "canada" in ego and "justin-trudeau" not in ego
    missing = run_cli("export", "--store", built_store.location, "-f", "png")
    assert missing.returncode == 64 and "--output" in missing.stderr
