// Generated from cyberkg.namespaces.PREFIXES by `python -m cyberkg.queries.web_assets`: do not edit.
window.CYBERKG_PREFIXES = {
 "cko": "https://w3id.org/cyberkg/ontology#",
 "ckr": "https://w3id.org/cyberkg/id/",
 "doc": "https://w3id.org/cyberkg/doc/",
 "ckg": "https://w3id.org/cyberkg/graph/",
 "topic": "https://w3id.org/cyberkg/topic/",
 "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
 "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
 "owl": "http://www.w3.org/2002/07/owl#",
 "xsd": "http://www.w3.org/2001/XMLSchema#",
 "skos": "http://www.w3.org/2004/02/skos/core#",
 "prov": "http://www.w3.org/ns/prov#",
 "dcterms": "http://purl.org/dc/terms/",
 "foaf": "http://xmlns.com/foaf/0.1/",
 "org": "http://www.w3.org/ns/org#",
 "time": "http://www.w3.org/2006/time#",
 "schema": "https://schema.org/",
 "wd": "http://www.wikidata.org/entity/",
 "wdt": "http://www.wikidata.org/prop/direct/",
 "dbr": "http://dbpedia.org/resource/",
 "semapv": "https://w3id.org/semapv/vocab/"
};
