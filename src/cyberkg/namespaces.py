"""One namespace table for every module (after kglab): IRIs are spelled here and nowhere else."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Literal

from rdflib import Graph, Namespace
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
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")  # the endpoint's service description
FORMATS = Namespace("http://www.w3.org/ns/formats/")  # W3C's names for RDF and result formats
XML_NS = "http://www.w3.org/XML/1998/namespace"  # xml:lang, as lxml spells it: {XML_NS}lang

ONTOLOGY_GRAPH = GRAPH["ontology"]
CURATION_GRAPH = GRAPH["curation"]
LINKS_GRAPH = GRAPH["links"]  # links to external datasets, each with its cko:Mapping
DOCUMENTS_GRAPH = GRAPH["documents"]  # the documents' texts and metadata
INFERRED_GRAPH = GRAPH["inferred"]  # entailments of the ontology over the asserted graphs (graph/infer.py)

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


# cyberkg's own namespaces, as pages and projections name nodes (no W3C prefixes: they say what a node is)
OWN_PREFIXES: dict[str, str] = {p: PREFIXES[p] for p in ("ckr", "cko", "doc", "topic")}

Fallback = Literal["<iri>", "iri", "name", "parent/name"]


def shorten(
    iri: str, prefixes: Mapping[str, str] | None = None, *, bare: Collection[str] = (), fallback: Fallback = "<iri>"
) -> str:
    """The one IRI shortener. `prefixes` (default: all of PREFIXES) are tried longest namespace first and
    give `prefix:local` (`local` alone for the prefixes in `bare`), when the local part is not empty.
    An IRI under none of them is given by `fallback`: "<iri>" (SPARQL/Turtle syntax), "iri" (unchanged),
    "name" (the text after its last '#' or '/'), "parent/name" (after a '#' the name, after a '/' the last
    two path segments: evidence/ab12, not ab12)."""
    table = PREFIXES if prefixes is None else prefixes
    for prefix, base in sorted(table.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(base) and len(iri) > len(base):
            return iri[len(base) :] if prefix in bare else f"{prefix}:{iri[len(base) :]}"
    if fallback == "<iri>":
        return f"<{iri}>"
    if fallback == "name":
        return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    if fallback == "parent/name":
        for sep in ("#", "/"):
            head, found, tail = iri.rpartition(sep)
            if found and tail:
                return tail if sep == "#" else f"{head.rsplit('/', 1)[-1]}/{tail}"
    return iri


def sparql_prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def bind_all(graph: Graph) -> None:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
