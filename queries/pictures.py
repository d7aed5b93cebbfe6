"""Pictures that are not a projection: the timeline of dated events (matplotlib) and the ontology's
class hierarchy with its object properties (Graphviz)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from cyberkg.errors import CyberkgError
from cyberkg.queries.analyses import Table
from cyberkg.queries.visuals import _dot_id, render_dot

TIMELINE_WIDTH_INCHES = 13
DPI = 100


def timeline_size(events: int) -> tuple[int, int]:
    """Pixel size of the timeline picture: fixed width, a row per event."""
    return TIMELINE_WIDTH_INCHES * DPI, round((1.6 + 0.42 * max(events, 1)) * DPI)


def timeline_picture(table: Table, fmt: str, groups: dict[str, str] | None = None) -> bytes:
    """One row per dated thing: a bar over its possible dates (year/month precision), a dot for a known day."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from cyberkg.queries.visuals import style

    plt.rcParams.update({"font.family": "DejaVu Sans", "svg.hashsalt": "cyberkg", "svg.fonttype": "none"})
    rows = table.rows
    width, height = timeline_size(len(rows))
    fig, axes = plt.subplots(figsize=(width / DPI, height / DPI), dpi=DPI)
    ax: Any = axes  # matplotlib converts dates and timedeltas itself; its annotations admit only numbers
    for y, row in enumerate(rows):
        not_before, not_after, _, precision, label, _cls, derived, _, node = row
        start, end = dt.date.fromisoformat(not_before), dt.date.fromisoformat(not_after) + dt.timedelta(days=1)
        colour = style((groups or {}).get(node, "Event"))[0]
        hatch = "//" if derived else None
        if precision == "day":
            ax.plot([start], [y], marker="D", markersize=9, color=colour, markeredgecolor="#333333")
        else:
            ax.barh(y, end - start, left=start, height=0.55, color=colour, edgecolor="#333333", hatch=hatch)
        suffix = f"  ({precision}{', derived' if derived else ''})"
        ax.annotate(label + suffix, (end, y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=9)
    ax.set_yticks([])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.grid(axis="x", color="#dddddd")
    if rows:
        first = dt.date.fromisoformat(min(r[0] for r in rows))
        last = dt.date.fromisoformat(max(r[1] for r in rows))
        span = max((last - first).days, 30)
        ax.set_xlim(first - dt.timedelta(days=span * 0.03), last + dt.timedelta(days=span * 0.9))
    ax.set_title(
        "Timeline: bars span a date known only to the year or month; diamonds are known days; hatched = derived", fontsize=10
    )
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format=fmt, dpi=DPI, metadata={"Date": None} if fmt == "svg" else {"Software": None})
    plt.close(fig)
    return out.getvalue()


def ontology_dot() -> str:
    """Class hierarchy (solid, hollow arrow) and object properties between named classes (dashed)."""
    from cyberkg.ontology.schema import CLASSES, PROPERTIES

    lines = [
        "digraph ontology {",
        '  graph [rankdir=LR, label="cyberkg ontology: classes (solid arrows: subclass of) and object '
        'properties (dashed)", labelloc=t, fontsize=18, fontname="DejaVu Sans", nodesep=0.25, ranksep=0.9];',
        '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", fontname="DejaVu Sans", fontsize=11];',
        '  edge [fontname="DejaVu Sans", fontsize=8];',
    ]
    names = {spec.name for spec in CLASSES}
    for spec in CLASSES:
        lines.append(f"  {_dot_id(spec.name)} [tooltip={_dot_id(spec.comment)}];")
        for parent in spec.parents:
            lines.append(f'  {_dot_id(spec.name)} -> {_dot_id(parent)} [arrowhead=empty, color="#333333"];')
    for prop in PROPERTIES:
        if prop.kind != "object":
            continue
        for domain in prop.domain:
            for target in prop.range:
                if domain in names and target in names:
                    lines.append(
                        f"  {_dot_id(domain)} -> {_dot_id(target)} [label={_dot_id(prop.name)}, "
                        'style=dashed, color="#3366aa", fontcolor="#3366aa", constraint=false];'
                    )
    lines.append("}")
    return "\n".join(lines) + "\n"


def ontology_picture(fmt: str) -> bytes:
    return render_dot(ontology_dot(), fmt, engine="dot", size_inches=(15, 20))


def write_picture(kind: str, fmt: str, path: Path, table: Table | None = None, groups: dict[str, str] | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "timeline":
        if table is None:
            raise CyberkgError("a timeline picture needs the timeline table")
        path.write_bytes(timeline_picture(table, fmt, groups))
    elif kind == "ontology":
        path.write_bytes(ontology_picture(fmt) if fmt != "dot" else ontology_dot().encode("utf-8"))
    else:
        raise CyberkgError(f"unknown picture '{kind}'")
