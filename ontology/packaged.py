"""The ontology files shipped as package data (cyberkg.ontology/*.ttl), read as rdflib graphs.

Kept apart from generate.py, which writes cyberkg.ttl from schema.py with owlready2: readers of the
committed ontology (the build, validation, the vocabulary) need neither."""

from __future__ import annotations

from importlib import resources

from rdflib import Graph

from cyberkg.namespaces import bind_all

ONTOLOGY_FILE = "cyberkg.ttl"
SHAPES_FILE = "shapes.ttl"
TOPICS_FILE = "topics.ttl"


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
