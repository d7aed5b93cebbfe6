"""One namespace table for every module (after kglab): IRIs are spelled here and nowhere else."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/cyberkg/"
ONTOLOGY_IRI = BASE + "ontology"
CKO = Namespace(ONTOLOGY_IRI + "#")  # classes and properties
CKR = Namespace(BASE + "id/")  # entities (resources)
DOC = Namespace(BASE + "doc/")  # source documents
GRAPH = Namespace(BASE + "graph/")  # named graphs: one per document, plus curation/ontology
TOPIC = Namespace(BASE + "topic/")  # SKOS concept scheme of agreement scope topics

ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SH = Namespace("http://www.w3.org/ns/shacl#")
DBR = Namespace("http://dbpedia.org/resource/")
GEONAMES = "https://sws.geonames.org/"  # a feature's IRI is GEONAMES + id + "/"
SEMAPV = Namespace("https://w3id.org/semapv/vocab/")  # how a mapping was justified (SSSOM)

ONTOLOGY_GRAPH = GRAPH["ontology"]
CURATION_GRAPH = GRAPH["curation"]
LINKS_GRAPH = GRAPH["links"]  # links to external datasets, each with its cko:Mapping
DOCUMENTS_GRAPH = GRAPH["documents"]  # the documents' texts and metadata

PREFIXES: dict[str, str] = {
    "cko": str(CKO),
    "ckr": str(CKR),
    "doc": str(DOC),
    "ckg": str(GRAPH),
    "topic": str(TOPIC),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "org": str(ORG),
    "time": str(TIME),
    "schema": str(SCHEMA),
    "wd": str(WD),
    "wdt": str(WDT),
    "dbr": str(DBR),
    "semapv": str(SEMAPV),
}


def sparql_prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def bind_all(graph) -> None:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
