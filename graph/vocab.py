"""What the ontology allows, as the loader needs it: classes, their ancestors, property kinds and ranges."""

from __future__ import annotations

from functools import lru_cache

from rdflib import URIRef
from rdflib.namespace import RDF, SKOS

from cyberkg.namespaces import CKO, TOPIC
from cyberkg.ontology.packaged import TOPICS_FILE, load_packaged
from cyberkg.ontology.schema import CLASSES, DATA_PROPERTIES, PROPERTIES


class Vocabulary:
    def __init__(self) -> None:
        self.parents = {c.name: c.parents for c in CLASSES}
        self.object_props = {p.name: p for p in PROPERTIES}
        for p in PROPERTIES:
            if p.inverse:
                self.object_props[p.inverse] = type(p)(p.inverse, p.range, p.domain, f"inverse of {p.name}")
        self.data_props = {p.name: p for p in DATA_PROPERTIES}
        topics = load_packaged(TOPICS_FILE)
        self.topics = {str(s) for s in topics.subjects(RDF.type, SKOS.Concept)}

    def is_class(self, name: str) -> bool:
        return name in self.parents

    def ancestors(self, name: str) -> set[str]:
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(self.parents.get(current, ()))
        return seen

    def kind(self, predicate: str) -> str | None:
        if predicate in self.object_props:
            return "object"
        if predicate in self.data_props:
            return "data"
        return None

    def range_of(self, predicate: str) -> tuple[str, ...]:
        return self.object_props[predicate].range

    def domain_of(self, predicate: str) -> tuple[str, ...]:
        spec = self.object_props.get(predicate) or self.data_props[predicate]
        return spec.domain

    def topic_iri(self, ref: str) -> URIRef | None:
        if ref.startswith("topic:"):
            iri = TOPIC[ref.split(":", 1)[1]]
            return iri if str(iri) in self.topics else None
        return None

    @staticmethod
    def iri(name: str) -> URIRef:
        return CKO[name]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return Vocabulary()
