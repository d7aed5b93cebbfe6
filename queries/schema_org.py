"""A schema.org view of the graph as JSON-LD (`cyberkg export -f schema-jsonld`), for consumers who know
schema.org or Wikidata and not our ontology: every entity gets a schema.org @type (and its cko class as
additionalType), name, alternateName, description, dates, sameAs (its Wikidata, DBpedia and GeoNames
links) and the relations schema.org has words for; the rest keeps its cko: names."""

from __future__ import annotations

import json

from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from cyberkg.graph.store import Store
from cyberkg.namespaces import CKO, CKR, SCHEMA

TYPES = {  # most specific first: the first class an entity has decides
    "NewsAgency": "NewsMediaOrganization",
    "NewsOutlet": "NewsMediaOrganization",
    "NewsOrganisation": "NewsMediaOrganization",
    "GovernmentAgency": "GovernmentOrganization",
    "Government": "GovernmentOrganization",
    "PoliticalParty": "PoliticalParty",
    "Company": "Corporation",
    "State": "Country",
    "Person": "Person",
    "Organisation": "Organization",
    "Collective": "Organization",
    "Law": "Legislation",
    "NewsArticle": "NewsArticle",
    "Quotation": "Quotation",
    "Claim": "Claim",
    "Statement": "CreativeWork",
    "Agreement": "CreativeWork",
    "Event": "Event",
    "Post": "Role",
    "Asset": "Thing",
    "Website": "WebSite",
}
PROPERTIES = {  # our property -> schema.org property
    str(RDFS.label): "name",
    str(SKOS.altLabel): "alternateName",
    str(SKOS.exactMatch): "sameAs",
    str(CKO.description): "description",
    str(CKO.date): "startDate",
    str(CKO.memberOf): "memberOf",
    str(CKO.basedIn): "location",
    str(CKO.participant): "attendee",
    str(CKO.speaker): "creator",
    str(CKO.quotedText): "text",
    str(CKO.claimText): "text",
    str(CKO.publisher): "publisher",
    str(CKO.subject): "about",
    str(CKO.hasParty): "sourceOrganization",
    str(CKO.claimant): "author",
    str(CKO.iso3166Alpha2): "identifier",
}
CONTEXT = {
    "@vocab": str(SCHEMA),
    "cko": str(CKO),
    "ckr": str(CKR),
    "wd": "http://www.wikidata.org/entity/",
    "dbr": "http://dbpedia.org/resource/",
    "xsd": str(XSD),
    "sameAs": {"@type": "@id"},
    "additionalType": {"@type": "@id"},
    "memberOf": {"@type": "@id"},
    "location": {"@type": "@id"},
    "attendee": {"@type": "@id"},
    "creator": {"@type": "@id"},
    "publisher": {"@type": "@id"},
    "about": {"@type": "@id"},
    "sourceOrganization": {"@type": "@id"},
    "author": {"@type": "@id"},
}
_ENTITY_TRIPLES = """
SELECT ?s ?p ?o WHERE {
  ?s ?p ?o .
  FILTER(STRSTARTS(STR(?s), "https://w3id.org/cyberkg/id/") || STRSTARTS(STR(?s), "https://w3id.org/cyberkg/doc/"))
  FILTER(!STRSTARTS(STR(?s), "https://w3id.org/cyberkg/id/evidence/") && !STRSTARTS(STR(?s), "https://w3id.org/cyberkg/id/mapping/"))
  FILTER(?p != <https://schema.org/text>)
}"""


def schema_graph(store: Store) -> Graph:
    from cyberkg.graph.vocab import vocabulary

    vocab = vocabulary()
    result = store.query(_ENTITY_TRIPLES)
    classes: dict = {}
    out = Graph()
    out.bind("schema", SCHEMA)
    for row in result.bindings:
        s, p, o = (row[Variable(v)] for v in "spo")  # all three required by the query
        if p == RDF.type and str(o).startswith(str(CKO)):
            classes.setdefault(s, set()).add(str(o)[len(str(CKO)) :])
            out.add((s, SCHEMA.additionalType, o))
        elif str(p) in PROPERTIES:
            value = o
            if str(p) == str(CKO.date) and isinstance(o, Literal):
                value = Literal(str(o), datatype=o.datatype)
            out.add((s, SCHEMA[PROPERTIES[str(p)]], value))
        elif str(p).startswith(str(CKO)) and p not in (CKO.datePrecision,):
            out.add((s, URIRef(p), o))
    for s, names in classes.items():
        names = set().union(*(vocab.ancestors(n) for n in names if vocab.is_class(n)))
        schema_type = next((TYPES[n] for n in TYPES if n in names), "Thing")
        out.add((s, RDF.type, SCHEMA[schema_type]))
    return out


def schema_jsonld(store: Store) -> bytes:
    text = schema_graph(store).serialize(format="json-ld", context=CONTEXT, auto_compact=True)
    return (json.dumps(json.loads(text), indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
