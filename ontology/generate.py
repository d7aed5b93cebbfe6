"""Write the committed Turtle rendering of the ontology (cyberkg.ttl) from schema.py.

Reading the packaged files is ontology/packaged.py's job; its names are re-exported here for the modules
that still import them from this one."""

from __future__ import annotations

import tempfile
from pathlib import Path

import owlready2 as owl
from rdflib import Graph

from cyberkg.namespaces import bind_all
from cyberkg.ontology.packaged import (  # noqa: F401 - re-exported
    ONTOLOGY_FILE,
    SHAPES_FILE,
    TOPICS_FILE,
    load_packaged,
    ontology_graph,
    packaged_text,
)
from cyberkg.ontology.schema import build_ontology


def ontology_graph_from_code() -> Graph:
    """The ontology as authored in schema.py, as an rdflib Graph."""
    world = owl.World()
    onto = build_ontology(world)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "onto.nt"
        onto.save(file=str(path), format="ntriples")
        graph = Graph()
        graph.parse(path, format="nt")
    world.close()
    bind_all(graph)
    return graph


def write_ontology(path: Path) -> Path:
    graph = ontology_graph_from_code()
    # owlready2 writes anonymous class expressions as blank nodes; turtle keeps them nested
    path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    return path


if __name__ == "__main__":  # python -m cyberkg.ontology.generate
    target = Path(__file__).with_name(ONTOLOGY_FILE)
    print(f"wrote {write_ontology(target)}")
