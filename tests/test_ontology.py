"""The ontology: generated file up to date, required vocabulary present, real HermiT reasoning."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from cyberkg.errors import ValidationError
from cyberkg.namespaces import CKO, CKR
from cyberkg.ontology.generate import ontology_graph_from_code
from cyberkg.ontology.packaged import ONTOLOGY_FILE, load_packaged
from cyberkg.ontology.reasoner import check_consistency


def test_committed_ontology_is_up_to_date():
    assert isomorphic(load_packaged(ONTOLOGY_FILE), ontology_graph_from_code()), (
        "ontology/cyberkg.ttl is stale: run `make ontology` (cyberkg ontology) and commit it"
    )


def test_required_classes_and_alignments():
    onto = load_packaged(ONTOLOGY_FILE)
    classes = {str(c).rsplit("#", 1)[-1] for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(str(CKO))}
    for name in (
        "State",
        "Person",
        "Government",
        "GovernmentAgency",
        "PoliticalParty",
        "Embassy",
        "NewsAgency",
        "Post",
        "FormalAgreement",
        "InformalUnderstanding",
        "Incident",
        "AttributionClaim",
        "Denial",
        "Statement",
        "Quotation",
        "Law",
        "LawTakingEffect",
        "PhoneCall",
        "SourceDocument",
        "Evidence",
    ):
        assert name in classes, name
    assert (CKO.Person, RDFS.subClassOf, URIRef("http://xmlns.com/foaf/0.1/Person")) in onto
    assert (CKO.State, OWL.equivalentClass, URIRef("http://www.wikidata.org/entity/Q3624078")) in onto
    assert (CKO.hasParty, OWL.inverseOf, CKO.partyTo) in onto or (CKO.partyTo, OWL.inverseOf, CKO.hasParty) in onto


def _individual(graph: Graph, name: str, *classes) -> URIRef:
    node = CKR[name]
    for cls in classes:
        graph.add((node, RDF.type, cls))
    graph.add((node, RDFS.label, Literal(name)))
    return node


def test_hermit_accepts_a_consistent_graph():
    g = Graph()
    jean = _individual(g, "jean", CKO.Person)
    canada = _individual(g, "canada", CKO.State)
    g.add((jean, CKO.represents, canada))
    report = check_consistency(g)
    assert report.individuals == 2


def test_hermit_rejects_a_person_who_is_a_state():
    g = Graph()
    _individual(g, "odd", CKO.Person, CKO.State)
    with pytest.raises(ValidationError, match="inconsistency"):
        check_consistency(g)


def test_hermit_uses_ranges_to_find_clashes():
    # hasParty's range is Agent; a document cannot be an agent (disjoint top-level kinds)
    g = Graph()
    deal = _individual(g, "deal", CKO.FormalAgreement)
    doc = _individual(g, "doc", CKO.NewsArticle)
    g.add((deal, CKO.hasParty, doc))
    with pytest.raises(ValidationError):
        check_consistency(g)


def test_ontology_doc_is_up_to_date():
    from pathlib import Path

    from cyberkg.ontology.docs import render

    doc = Path(__file__).resolve().parents[1] / "docs" / "ontology.md"
    assert doc.read_text(encoding="utf-8") == render(), "docs/ontology.md is stale: python -m cyberkg.ontology.docs"
