"""Graph exports for other tools and pictures: GraphML, GEXF, Cytoscape.js JSON, Graphviz DOT and its
SVG/PNG renderings. One style table colours and shapes nodes by group everywhere (with a legend)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import networkx as nx

from cyberkg.errors import CyberkgError

# group -> (fill colour, Graphviz shape, Cytoscape.js shape); colour-blind-friendly Okabe-Ito based palette
STYLE: dict[str, tuple[str, str, str]] = {
    "State": ("#E69F00", "doubleoctagon", "octagon"),
    "Person": ("#56B4E9", "ellipse", "ellipse"),
    "Organisation": ("#009E73", "box", "round-rectangle"),
    "Collective": ("#8FD9C4", "box3d", "rectangle"),
    "Agreement": ("#F0E442", "note", "rhomboid"),
    "Event": ("#CC79A7", "cds", "tag"),
    "Statement": ("#E8B5D3", "cds", "tag"),
    "Incident": ("#D55E00", "septagon", "star"),
    "Claim": ("#B39DDB", "parallelogram", "diamond"),
    "Quotation": ("#D7CCC8", "plaintext", "round-tag"),
    "Law": ("#0072B2", "tab", "barrel"),
    "Post": ("#BDBDBD", "component", "cut-rectangle"),
    "Asset": ("#FFCC80", "cylinder", "barrel"),
    "Topic": ("#EEEEEE", "egg", "round-diamond"),
    "Other": ("#FFFFFF", "ellipse", "ellipse"),
}
GRAPH_FORMATS = ("graphml", "gexf", "cyjs", "dot", "svg", "png")


def style(group: str) -> tuple[str, str, str]:
    return STYLE.get(group, STYLE["Other"])


def _flat(value: object) -> str | int | float | bool:
    if isinstance(value, (list, tuple, set)):
        return (
            " ".join(sorted(map(str, value)))
            if all(isinstance(v, str) for v in value)
            else json.dumps(sorted(value, key=str), ensure_ascii=False)
        )
    if value is None:
        return ""
    return value if isinstance(value, (str, int, float, bool)) else str(value)


def flat_copy(graph: nx.Graph) -> nx.Graph:
    """Same nodes and edges with scalar attributes only (what GraphML/GEXF can hold), plus colour and shape."""
    copy = graph.__class__(name=graph.name)
    for node, data in graph.nodes(data=True):
        colour, shape, _ = style(data.get("group", "Other"))
        attrs = {k: _flat(v) for k, v in data.items() if k != "quotes"}
        copy.add_node(node, **attrs, colour=colour, shape=shape)
    for u, v, *rest in graph.edges(keys=True, data=True) if graph.is_multigraph() else graph.edges(data=True):
        data = rest[-1]
        attrs = {k: _flat(v) for k, v in data.items() if k != "quotes"}
        if graph.is_multigraph():
            copy.add_edge(u, v, key=rest[0], **attrs)
        else:
            copy.add_edge(u, v, **attrs)
    return copy


def write_graphml(graph: nx.Graph, path: Path) -> None:
    nx.write_graphml(flat_copy(graph), path, encoding="utf-8", prettyprint=True)


def write_gexf(graph: nx.Graph, path: Path) -> None:
    copy = flat_copy(graph)
    for _, data in copy.nodes(data=True):
        rgb = data["colour"].lstrip("#")
        data["viz"] = {"color": {"r": int(rgb[0:2], 16), "g": int(rgb[2:4], 16), "b": int(rgb[4:6], 16), "a": 1.0}}
    nx.write_gexf(copy, path, encoding="utf-8", prettyprint=True)


def cytoscape_json(graph: nx.Graph) -> dict:
    """Cytoscape.js / Cytoscape desktop elements JSON (networkx's cytoscape_data), with styles as data."""
    copy = flat_copy(graph)
    for _, data in copy.nodes(data=True):
        data["cyShape"] = style(data.get("group", "Other"))[2]
    data = nx.cytoscape_data(copy, name="label", ident="id")
    data["legend"] = {group: colour for group, (colour, _, _) in STYLE.items()}
    return data


def _dot_id(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _wrap(text: str, width: int = 28) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join(lines + [line] if line else lines)


def to_dot(graph: nx.Graph, title: str | None = None, legend: bool = True) -> str:
    """Graphviz DOT: nodes coloured and shaped by group, edges labelled with the predicate, and a legend."""
    directed = graph.is_directed()
    arrow = "->" if directed else "--"
    out = [
        f"{'digraph' if directed else 'graph'} {_dot_id(graph.name or 'cyberkg')} {{",
        f'  graph [label={_dot_id(title or graph.name)}, labelloc=t, fontsize=20, fontname="DejaVu Sans", '
        f"overlap=prism, splines={'false' if graph.number_of_edges() > 300 else 'curved'}, "  # curves: minutes at 600 edges
        "outputorder=edgesfirst, pad=0.3];",
        '  node [style=filled, fontname="DejaVu Sans", fontsize=11, penwidth=1.2];',
        '  edge [fontname="DejaVu Sans", fontsize=8, color="#555555", fontcolor="#333333"];',
    ]
    for node, data in sorted(graph.nodes(data=True)):
        colour, shape, _ = style(data.get("group", "Other"))
        tooltip = f"{data.get('class', '')}: {data.get('label', node)}"
        out.append(
            f"  {_dot_id(node)} [label={_dot_id(_wrap(data.get('label', node)))}, shape={shape}, "
            f"fillcolor={_dot_id(colour)}, tooltip={_dot_id(tooltip)}];"
        )
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else graph.edges(data=True)
    for u, v, *rest in sorted(edges, key=lambda e: (e[0], e[1], str(e[2]) if len(e) > 3 else "")):
        data = rest[-1]
        label = data.get("label") or data.get("predicate") or ""
        weight = data.get("weight", 1)
        extra = f", penwidth={min(1 + weight / 2, 6):.1f}" if "weight" in data else ""
        extra += f", color={_dot_id(data['colour'])}, fontcolor={_dot_id(data['colour'])}" if "colour" in data else ""
        text = label if label else (f"{weight}" if "weight" in data else "")
        out.append(f"  {_dot_id(u)} {arrow} {_dot_id(v)} [label={_dot_id(text)}{extra}];")
    if legend:
        out.append(f'  {_dot_id("legend")} [shape=plaintext, style="", label=<{_legend_table(graph)}>];')
    out.append("}")
    return "\n".join(out) + "\n"


def _legend_table(graph: nx.Graph) -> str:
    groups = sorted({d.get("group", "Other") for _, d in graph.nodes(data=True)})
    rows = "".join(f'<TR><TD BGCOLOR="{style(g)[0]}" WIDTH="18"> </TD><TD ALIGN="LEFT">{g}</TD></TR>' for g in groups)
    return (
        '<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="3" COLOR="#999999">'
        f'<TR><TD COLSPAN="2"><B>Legend</B></TD></TR>{rows}</TABLE>'
    )


def canvas_inches(graph: nx.Graph) -> tuple[int, int]:
    """Big enough that labels stay readable at 96 dpi: grows with the node count, 4:3, 10 to 24 inches wide."""
    width = max(10, min(24, round(2.2 * len(graph) ** 0.5)))
    return width, round(width * 3 / 4)


def graphviz_binary(engine: str = "neato") -> str:
    path = shutil.which(engine)
    if path is None:
        raise CyberkgError(
            f"Graphviz '{engine}' not found: install it (apt-get install graphviz) "
            "to render SVG/PNG; DOT, GraphML, GEXF and HTML need nothing more"
        )
    return path


def render_dot(dot: str, fmt: str, engine: str = "neato", size_inches: tuple[int, int] = (16, 12), dpi: int = 96) -> bytes:
    """Render DOT with Graphviz; PNGs come out exactly size_inches * dpi pixels."""
    width, height = size_inches
    # -Gpack (lay disconnected parts side by side) is for neato; Graphviz 2.43's dot crashes with it (double
    # free) on the ontology diagram since the dataset classes joined it
    args = [
        graphviz_binary(engine),
        f"-T{fmt}",
        f"-Gsize={width},{height}!",
        f"-Gdpi={dpi}",
        *(["-Gpack=true"] if engine != "dot" else []),
    ]
    done = subprocess.run(args, input=dot.encode("utf-8"), capture_output=True, timeout=300)
    if done.returncode != 0:
        raise CyberkgError(f"Graphviz {engine} failed: {done.stderr.decode('utf-8', 'replace').strip()[:300]}")
    return _exact_canvas(done.stdout, width * dpi, height * dpi) if fmt == "png" else done.stdout


def _exact_canvas(png: bytes, width: int, height: int) -> bytes:
    """Graphviz keeps the layout's aspect ratio; centre it on a white canvas of exactly the size asked for."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as source:
        image = source.convert("RGBA")
        image.thumbnail((width, height))
        canvas = Image.new("RGB", (width, height), "white")
        canvas.paste(image, ((width - image.width) // 2, (height - image.height) // 2), image)
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()


def write_graph(graph: nx.Graph, fmt: str, path: Path, title: str | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        write_graphml(graph, path)
    elif fmt == "gexf":
        write_gexf(graph, path)
    elif fmt == "cyjs":
        path.write_text(json.dumps(cytoscape_json(graph), indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    elif fmt == "dot":
        path.write_text(to_dot(graph, title), encoding="utf-8")
    elif fmt in ("svg", "png"):
        path.write_bytes(render_dot(to_dot(graph, title), fmt, size_inches=canvas_inches(graph)))
    else:
        raise CyberkgError(f"unknown graph format '{fmt}' (choose from {', '.join(GRAPH_FORMATS)})")
