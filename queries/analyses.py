"""Network analyses over the projections: centrality, communities, components, ego networks,
explained paths between two entities, and the timeline. Each returns a `Table` (terminal or JSON)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from itertools import pairwise

import networkx as nx

from cyberkg.errors import UsageError
from cyberkg.graph.resolve import name_key
from cyberkg.queries.projections import short
from cyberkg.queries.runner import render_table


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list]
    notes: list[str] = field(default_factory=list)

    def render(self) -> str:
        text = render_table(self.columns, [[_cell(c) for c in row] for row in self.rows], max_width=90)
        return "\n".join([self.title, *self.notes, text])

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "columns": self.columns,
            "notes": self.notes,
            "rows": [dict(zip(self.columns, row, strict=True)) for row in self.rows],
        }


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def find_node(graph: nx.Graph, name: str) -> str:
    """A node by id (`canada`, a full IRI), label or alias, ignoring case and curly apostrophes."""
    norm = name_key
    wanted = norm(short(name))
    if wanted in graph:
        return wanted
    matches = sorted(
        {
            node
            for node, data in graph.nodes(data=True)
            if wanted == norm(node)
            or wanted == norm(data.get("label", ""))
            or wanted in (norm(a) for a in data.get("altLabel", "").split(";") if a)
        }
    )
    if not matches:  # a unique part of a label will do: "trudeau", "nrc intrusion"
        words = wanted.split()
        matches = sorted(
            node
            for node, data in graph.nodes(data=True)
            if all(w in norm(data.get("label", "") + " " + node.replace("-", " ")) for w in words)
        )
    if len(matches) == 1:
        return matches[0]
    if matches:
        shown = ", ".join(matches[:8]) + (", ..." if len(matches) > 8 else "")
        raise UsageError(f"'{name}' could be any of {len(matches)} entities ({shown}); give an id")
    raise UsageError(
        f"no entity '{name}' in this projection (ids look like 'justin-trudeau'; "
        "`cyberkg analyze centrality --projection entity` lists them)"
    )


def centrality(graph: nx.Graph, top: int | None = None) -> Table:
    simple = nx.Graph(graph)  # multi-edges collapse for centralities that need a simple graph
    for u, v in simple.edges():
        simple.edges[u, v].setdefault("weight", 1)
    degree = nx.degree_centrality(simple) if len(simple) > 1 else {n: 0.0 for n in simple}
    betweenness = nx.betweenness_centrality(simple, normalized=True)
    pagerank = nx.pagerank(simple, weight="weight") if len(simple) else {}
    eigen = _eigenvector(simple)
    rows = [
        [
            node,
            simple.nodes[node].get("label", node),
            simple.nodes[node].get("class", ""),
            simple.degree(node),
            round(degree[node], 6),
            round(betweenness[node], 6),
            round(eigen[node], 6),
            round(pagerank.get(node, 0.0), 6),
        ]
        for node in simple
    ]
    rows.sort(key=lambda r: (-r[7], -r[5], r[0]))
    return Table(
        f"Centrality in the {graph.name} ({len(simple)} nodes, {simple.number_of_edges()} edges), by PageRank",
        ["id", "label", "class", "degree", "degree_c", "betweenness", "eigenvector", "pagerank"],
        rows[:top] if top else rows,
    )


def _eigenvector(simple: nx.Graph) -> dict[str, float]:
    """Eigenvector centrality is only defined on a connected graph: compute it on the largest component."""
    eigen = {n: 0.0 for n in simple}
    if simple.number_of_edges() == 0:
        return eigen
    largest = simple.subgraph(max(nx.connected_components(simple), key=lambda c: (len(c), sorted(c)))).copy()
    try:
        eigen.update(nx.eigenvector_centrality(largest, weight="weight", max_iter=10_000, tol=1e-9))
    except nx.PowerIterationFailedConvergence:
        eigen.update({n: abs(v) for n, v in nx.eigenvector_centrality_numpy(largest, weight="weight").items()})
    return eigen


def communities(graph: nx.Graph, seed: int = 7) -> Table:
    simple = nx.Graph(graph)
    found = nx.community.louvain_communities(simple, weight="weight", seed=seed) if len(simple) else []
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))
    rows = [[i + 1, len(members), [simple.nodes[m].get("label", m) for m in members]] for i, members in enumerate(ordered)]
    modularity = nx.community.modularity(simple, found, weight="weight") if simple.number_of_edges() else 0.0
    return Table(
        f"Communities in the {graph.name} (Louvain, seed {seed})",
        ["community", "size", "members"],
        rows,
        [f"modularity {modularity:.4f}"],
    )


def components(graph: nx.Graph) -> Table:
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    parts = sorted((sorted(c) for c in nx.connected_components(undirected)), key=lambda c: (-len(c), c))
    rows = [[i + 1, len(c), [graph.nodes[m].get("label", m) for m in c]] for i, c in enumerate(parts)]
    return Table(f"Connected components of the {graph.name}", ["component", "size", "members"], rows)


def ego(graph: nx.Graph, center: str, radius: int = 1) -> tuple[nx.Graph, Table]:
    node = find_node(graph, center)
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    sub = nx.ego_graph(undirected, node, radius=radius)
    distance = nx.single_source_shortest_path_length(sub, node)
    rows = []
    for other in sorted(sub, key=lambda n: (distance[n], n)):
        if other == node:
            continue
        relation = _relations(graph, node, other) if distance[other] == 1 else ""
        rows.append(
            [other, graph.nodes[other].get("label", other), graph.nodes[other].get("class", ""), distance[other], relation]
        )
    table = Table(
        f"Ego network of {graph.nodes[node].get('label', node)} (radius {radius}) in the {graph.name}",
        ["id", "label", "class", "distance", "relation"],
        rows,
    )
    return graph.subgraph(sub.nodes).copy(), table


def _relations(graph: nx.Graph, a: str, b: str) -> str:
    return "; ".join(step.text(graph) for step in _steps(graph, a, b))


@dataclass
class Step:
    subject: str
    predicate: str
    object: str
    sources: list[str]

    def text(self, graph: nx.Graph) -> str:
        label = graph.nodes
        where = f" [{', '.join(self.sources)}]" if self.sources else ""
        return (
            f"{label[self.subject].get('label', self.subject)} —{self.predicate}→ "
            f"{label[self.object].get('label', self.object)}{where}"
        )


def _edge_items(graph: nx.Graph, u: str, v: str) -> list[dict]:
    if not graph.has_edge(u, v):
        return []
    data = graph.get_edge_data(u, v)
    return list(data.values()) if graph.is_multigraph() else [data]


def _steps(graph: nx.Graph, a: str, b: str) -> list[Step]:
    steps = []
    for u, v in ((a, b), (b, a)) if graph.is_directed() else ((a, b),):
        for data in _edge_items(graph, u, v):
            name = data.get("label") or data.get("predicate") or ", ".join(data.get("via", [])) or "linked to"
            steps.append(Step(u, name, v, list(data.get("sources", []))))
    return sorted(steps, key=lambda s: (s.predicate, s.subject))


def explain_paths(graph: nx.Graph, source: str, target: str, max_length: int = 4, limit: int = 10) -> Table:
    """The shortest path and all simple paths up to `max_length` steps, each step as a sourced sentence."""
    a, b = find_node(graph, source), find_node(graph, target)
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    if not nx.has_path(undirected, a, b):
        return Table(f"No path between {graph.nodes[a]['label']} and {graph.nodes[b]['label']}", ["path", "length", "steps"], [])
    shortest = nx.shortest_path_length(undirected, a, b)
    cutoff = max(max_length, shortest)
    paths = sorted(itertools.islice(nx.all_simple_paths(undirected, a, b, cutoff=cutoff), 10_000), key=lambda p: (len(p), p))[
        :limit
    ]
    rows = []
    for i, path in enumerate(paths, 1):
        sentences = [_steps(graph, u, v)[0].text(graph) for u, v in pairwise(path)]
        rows.append([i, len(path) - 1, sentences, path])
    return Table(
        f"Paths from {graph.nodes[a]['label']} to {graph.nodes[b]['label']} in the {graph.name} "
        f"(shortest: {shortest} steps; showing up to {limit} of at most {cutoff} steps)",
        ["path", "length", "steps", "nodes"],
        rows,
    )


def render_paths(table: Table) -> str:
    lines = [table.title]
    for number, length, sentences, _ in table.rows:
        lines.append(f"{number}. ({length} step{'s' if length != 1 else ''})")
        lines += [f"   {sentence}" for sentence in sentences]
    return "\n".join(lines) + "\n"


def timeline(graph: nx.Graph) -> Table:
    """Dated events, agreements, statements and laws in order, with each date's precision and derivation."""
    rows = []
    for node, data in graph.nodes(data=True):
        if "date" not in data or data["group"] == "Post":
            continue
        precision = data.get("datePrecision", "")
        rows.append(
            [
                data.get("dateNotBefore", data["date"]),
                data.get("dateNotAfter", data["date"]),
                data["date"],
                precision,
                data["label"],
                data["class"],
                data.get("dateIsDerived", "false") == "true",
                data.get("dateDerivation", ""),
                node,
            ]
        )
    rows.sort(key=lambda r: (r[0], r[1], r[4]))
    return Table(
        "Timeline (earliest possible date first)",
        ["not_before", "not_after", "date", "precision", "label", "class", "derived", "derivation", "id"],
        rows,
    )
