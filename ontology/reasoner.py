"""OWL consistency of a populated graph with the HermiT reasoner, through owlready2.

Only what HermiT can reason about is handed to it: class assertions, object-property assertions and
literals of OWL 2 datatypes. xsd:date, xsd:gYear(Month) and xsd:duration are not in the OWL 2
datatype map (HermiT refuses them); the SHACL shapes check those instead.
"""

from __future__ import annotations

import io
import logging
import shutil
from dataclasses import dataclass

import owlready2 as owl
from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD

from cyberkg.errors import ValidationError
from cyberkg.ontology.schema import build_ontology

_OWL2_DATATYPES = {None, XSD.string, XSD.boolean, XSD.integer, XSD.decimal, XSD.double, XSD.anyURI}
DATA_ONTOLOGY_IRI = "https://w3id.org/cyberkg/data"


@dataclass(frozen=True)
class ReasonerReport:
    individuals: int
    asserted_axioms: int
    inferred_types: int


def _reasonable(graph: Graph) -> bytes:
    kept = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal):
            if o.datatype in _OWL2_DATATYPES and not o.language:
                kept.add((s, p, o))
        else:
            kept.add((s, p, o))
    return kept.serialize(format="nt").encode("utf-8")


def check_consistency(data: Graph) -> ReasonerReport:
    """Raise ValidationError if ontology + data are inconsistent; report what HermiT inferred."""
    if shutil.which("java") is None:
        raise ValidationError("HermiT needs Java: install it with `apt-get install default-jre-headless`")
    world = owl.World()
    try:
        build_ontology(world)
        data_onto = world.get_ontology(DATA_ONTOLOGY_IRI)
        data_onto.load(fileobj=io.BytesIO(_reasonable(data)), format="ntriples")
        subjects = {str(s) for s in data.subjects(RDF.type, None)}
        individuals = [e for e in (world[iri] for iri in sorted(subjects)) if isinstance(e, owl.Thing)]
        before = sum(len(i.is_a) for i in individuals)
        logging.getLogger("owlready2").setLevel(logging.ERROR)
        try:
            with data_onto:
                owl.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owl.OwlReadyInconsistentOntologyError:
            raise ValidationError(
                "OWL inconsistency (HermiT): the graph contradicts the ontology's axioms "
                "(e.g. something typed both Person and State, or a domain/range clash)"
            ) from None
        except owl.OwlReadyJavaError as exc:
            raise ValidationError(f"HermiT failed: {' '.join(str(exc).split())[:300]}") from None
        after = sum(len(i.is_a) for i in individuals)
        return ReasonerReport(len(individuals), len(data), max(after - before, 0))
    finally:
        world.close()


__all__ = ["ReasonerReport", "check_consistency"]
