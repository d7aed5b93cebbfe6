"""One entry point for every graph export and picture of the current store (`cyberkg export`, `make demo`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from cyberkg.errors import UsageError
from cyberkg.graph.store import Store
from cyberkg.queries.analyses import ego, timeline
from cyberkg.queries.html_view import render_html
from cyberkg.queries.pictures import write_picture
from cyberkg.queries.projections import entity_graph, project, read_snapshot
from cyberkg.queries.visuals import GRAPH_FORMATS, write_graph
from cyberkg.safeio import atomic_write, check_target

PICTURE_FORMATS = ("timeline-png", "timeline-svg", "ontology-png", "ontology-svg", "ontology-dot")
VISUAL_FORMATS = GRAPH_FORMATS + ("html",) + PICTURE_FORMATS


@dataclass(frozen=True)
class GraphSelection:
    projection: str = "entity"
    as_of: dt.date | None = None
    ego: str | None = None
    radius: int = 1

    def title(self) -> str:
        text = f"cyberkg {self.projection} graph"
        if self.ego:
            text += f" around {self.ego} (radius {self.radius})"
        return text + (f" as of {self.as_of.isoformat()}" if self.as_of else "")


def select_graph(store: Store, selection: GraphSelection, with_quotes: bool = False) -> nx.Graph:
    graph = project(read_snapshot(store, with_quotes=with_quotes), selection.projection, selection.as_of)
    if selection.ego:
        graph, _ = ego(graph, selection.ego, selection.radius)
    return graph


def export_visual(store: Store, fmt: str, path: Path, selection: GraphSelection = GraphSelection()) -> Path:
    if fmt not in VISUAL_FORMATS:
        raise UsageError(f"unknown visual format '{fmt}' (choose from {', '.join(VISUAL_FORMATS)})")
    check_target(path)  # a symlink, device or directory is refused before the work, not after
    return atomic_write(path, lambda tmp: _write_visual(store, fmt, tmp, selection))


def _write_visual(store: Store, fmt: str, path: Path, selection: GraphSelection) -> None:
    if fmt.startswith("ontology-"):
        write_picture("ontology", fmt.split("-", 1)[1], path)
    elif fmt.startswith("timeline-"):
        graph = entity_graph(read_snapshot(store), selection.as_of)
        groups = {node: data["group"] for node, data in graph.nodes(data=True)}
        write_picture("timeline", fmt.split("-", 1)[1], path, timeline(graph), groups)
    elif fmt == "html":
        path.write_text(render_html(select_graph(store, selection, with_quotes=True), selection.title()), encoding="utf-8")
    else:
        write_graph(select_graph(store, selection), fmt, path, selection.title())


# name -> (format, projection): what `cyberkg export --visuals DIR` writes
VISUAL_SET: dict[str, tuple[str, str]] = {
    "entity-graph.html": ("html", "entity"),
    "entity-graph.graphml": ("graphml", "entity"),
    "entity-graph.gexf": ("gexf", "entity"),
    "entity-graph.cyjs": ("cyjs", "entity"),
    "entity-graph.dot": ("dot", "entity"),
    "entity-graph.svg": ("svg", "entity"),
    "entity-graph.png": ("png", "entity"),
    "actor-graph.html": ("html", "actor"),
    "actor-graph.graphml": ("graphml", "actor"),
    "actor-graph.gexf": ("gexf", "actor"),
    "actor-graph.png": ("png", "actor"),
    "actor-graph.svg": ("svg", "actor"),
    "actor-event-graph.graphml": ("graphml", "actor-event"),
    "actor-event-graph.png": ("png", "actor-event"),
    "timeline.png": ("timeline-png", "entity"),
    "timeline.svg": ("timeline-svg", "entity"),
    "ontology.png": ("ontology-png", "entity"),
    "ontology.svg": ("ontology-svg", "entity"),
}


def export_visual_set(store: Store, out_dir: Path) -> list[Path]:
    return [
        export_visual(store, fmt, out_dir / name, GraphSelection(projection)) for name, (fmt, projection) in VISUAL_SET.items()
    ]
