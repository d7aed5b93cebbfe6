"""Render docs/ontology.md (tables and a Mermaid class diagram) from the ontology tables in schema.py."""

from __future__ import annotations

import sys
from pathlib import Path

from cyberkg.namespaces import PREFIXES
from cyberkg.ontology.schema import CLASSES, DATA_PROPERTIES, DISJOINT_GROUPS, PROPERTIES


def _iri(text: str) -> str:
    for prefix in ("wd", "schema", "foaf", "prov", "org", "time", "dcterms", "skos"):
        text = text.replace(PREFIXES[prefix], prefix + ":")
    return text


def render() -> str:
    out = [
        "# The cyberkg ontology",
        "",
        "Namespace `https://w3id.org/cyberkg/ontology#` (prefix `cko:`). Generated from `ontology/schema.py` by "
        "`python -m cyberkg.ontology.docs`; the OWL is `ontology/cyberkg.ttl`, the shapes `ontology/shapes.ttl`, "
        "the scope topics `ontology/topics.ttl`.",
        "",
        "## Diagram",
        "",
        "```mermaid",
        "classDiagram",
    ]
    for c in CLASSES:
        for parent in c.parents:
            out.append(f"  {parent} <|-- {c.name}")
    for p in PROPERTIES:
        for d in p.domain[:1]:
            for r in p.range[:1]:
                if not r.startswith(("http", "time:")):
                    out.append(f"  {d} --> {r} : {p.name}")
    out += ["```", "", "## Classes", "", "| class | subclass of | aligned with | meaning |", "|---|---|---|---|"]
    for c in CLASSES:
        aligned = ", ".join(_iri(a) for a in c.aligned) + (
            " ≡ " + ", ".join(_iri(e) for e in c.equivalent) if c.equivalent else ""
        )
        out.append(f"| `{c.name}` | {', '.join(c.parents) or '—'} | {aligned or '—'} | {c.comment} |")
    out += [
        "",
        "Disjoint groups: " + "; ".join("{" + ", ".join(g) + "}" for g in DISJOINT_GROUPS) + ".",
        "",
        "## Object properties",
        "",
        "| property | domain | range | inverse | notes |",
        "|---|---|---|---|---|",
    ]
    for p in PROPERTIES:
        notes = ", ".join(list(p.characteristics) + [f"⊑ {_iri(a)}" for a in p.aligned])
        out.append(
            f"| `{p.name}` | {' or '.join(p.domain) or 'any'} | {' or '.join(_iri(r) for r in p.range) or 'any'} "
            f"| {p.inverse or '—'} | {p.comment} {notes} |"
        )
    out += ["", "## Data properties", "", "| property | domain | meaning |", "|---|---|---|"]
    for p in DATA_PROPERTIES:
        out.append(f"| `{p.name}` | {' or '.join(p.domain) or 'any'} | {p.comment} |")
    out += [
        "",
        "## Materialised by the build",
        "",
        "`cko:directType` (an annotation property): the most specific `cko:` classes of a node. The build also "
        "materialises every superclass and equivalent class, superproperty, inverse, symmetric and transitive "
        "entailment of the tables above into the graph `ckg:inferred` (README § The graph and its provenance).",
    ]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/ontology.md")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
