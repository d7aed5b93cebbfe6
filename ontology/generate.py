"""Write the committed Turtle rendering of the ontology, and read the packaged files."""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path

import owlready2 as owl
from rdflib import Graph

from cyberkg.namespaces import bind_all
from cyberkg.ontology.schema import build_ontology

ONTOLOGY_FILE = "cyberkg.ttl"
SHAPES_FILE = "shapes.ttl"
TOPICS_FILE = "topics.ttl"


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


def packaged_text(name: str) -> str:
    return resources.files("cyberkg.ontology").joinpath(name).read_text(encoding="utf-8")


def load_packaged(name: str) -> Graph:
    graph = Graph()
    graph.parse(data=packaged_text(name), format="turtle")
    bind_all(graph)
    return graph


def ontology_graph() -> Graph:
    """The committed ontology plus the topic scheme: what the build validates against."""
    graph = load_packaged(ONTOLOGY_FILE)
    graph += load_packaged(TOPICS_FILE)
    return graph


if __name__ == "__main__":  # python -m cyberkg.ontology.generate
    target = Path(__file__).with_name(ONTOLOGY_FILE)
    print(f"wrote {write_ontology(target)}")
