"""A self-contained interactive HTML view of a projection: Cytoscape.js inlined (vendored from npm, see
queries/static/vendor/README.md), positions computed here so the picture is the same every time, and
the facts with their sources and quotes embedded as JSON. Works offline; nothing is fetched."""

from __future__ import annotations

import json
from importlib import resources

import networkx as nx

from cyberkg.queries.visuals import STYLE, style

_STATIC = resources.files("cyberkg.queries") / "static"


def layout(graph: nx.Graph, scale: float = 900.0) -> dict[str, tuple[float, float]]:
    """Deterministic positions: Kamada-Kawai for small graphs (it reads best), seeded spring layout above."""
    if len(graph) == 0:
        return {}
    simple = nx.Graph(graph.to_undirected(as_view=True) if graph.is_directed() else graph)
    if len(simple) <= 300:
        positions = nx.kamada_kawai_layout(simple, weight=None, scale=scale * 0.7)
    else:
        positions = nx.spring_layout(simple, seed=1, scale=scale, iterations=50)
    return {node: (round(float(x), 1), round(float(-y), 1)) for node, (x, y) in positions.items()}


def _safe_json(value: object) -> str:
    # Inside <script>, "</script>" or "<!--" in a quote would end the block: escape every markup character.
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def view_data(graph: nx.Graph, title: str) -> dict:
    positions = layout(graph)
    nodes = []
    for node, data in sorted(graph.nodes(data=True)):
        attributes = {
            k: v
            for k, v in data.items()
            if k not in ("label", "group", "class", "quotes", "bipartite") and not isinstance(v, (list, dict))
        }
        x, y = positions[node]
        colour, _, shape = style(data.get("group", "Other"))
        nodes.append(
            {
                "data": {
                    "id": node,
                    "label": data.get("label", node),
                    "class": data.get("class", ""),
                    "group": data.get("group", "Other"),
                    "colour": colour,
                    "cyShape": shape,
                    "attributes": attributes,
                },
                "position": {"x": x, "y": y},
            }
        )
    edges = []
    items = (
        graph.edges(keys=True, data=True) if graph.is_multigraph() else ((u, v, None, d) for u, v, d in graph.edges(data=True))
    )
    for i, (u, v, _, data) in enumerate(sorted(items, key=lambda e: (e[0], e[1], str(e[2])))):
        label = data.get("label") or data.get("predicate") or "; ".join(data.get("via", []))[:80]
        edges.append(
            {
                "id": f"e{i}",
                "source": u,
                "target": v,
                "label": label,
                "sources": list(data.get("sources", [])),
                "quotes": [list(q) for q in data.get("quotes", [])],
            }
        )
    groups = sorted({n["data"]["group"] for n in nodes})
    return {
        "title": title,
        "directed": graph.is_directed(),
        "nodes": nodes,
        "edges": edges,
        "legend": {g: STYLE.get(g, STYLE["Other"])[0] for g in groups},
    }


def render_html(graph: nx.Graph, title: str) -> str:
    template = (_STATIC / "graph-view.html").read_text(encoding="utf-8")
    library = (_STATIC / "vendor" / "cytoscape.min.js").read_text(encoding="utf-8")
    escaped_title = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Order matters: the data goes in last so nothing in it is taken for a placeholder.
    page = template.replace("__TITLE__", escaped_title).replace("__CYTOSCAPE__", library.replace("</script", "<\\/script"))
    return page.replace("__DATA__", _safe_json(view_data(graph, title)))
