"""SPARQL 1.1 Protocol pieces that do not depend on HTTP plumbing: content negotiation, result
serialization (SELECT/ASK: JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE: Turtle, N-Triples, JSON-LD, RDF/XML)
and the service description."""

from __future__ import annotations

import io

from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.query import Result

from cyberkg.errors import QueryError
from cyberkg.namespaces import FORMATS, SD, bind_all
from cyberkg.queries.tabular import sparql_csv, sparql_tsv
from cyberkg.results import graph_of

RESULT_TYPES = {  # media type -> rdflib result serializer (None: our own CSV/TSV, see queries/tabular.py)
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": None,
    "text/tab-separated-values": None,
}
BOOLEAN_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")  # CSV/TSV define no ASK form
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
_ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/plain": "application/n-triples",
    "application/x-turtle": "text/turtle",
}
FORMAT_PARAMS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    # the exact SPARQL 1.1 CSV/TSV, formula cells not neutralised (see queries/tabular.py)
    "csv-raw": "text/csv",
    "tsv-raw": "text/tab-separated-values",
}
RAW_FORMATS = ("csv-raw", "tsv-raw")


def wants_raw(format_param: str | None) -> bool:
    """`format=csv-raw` / `tsv-raw`: CSV/TSV cells exactly as SPARQL 1.1 writes them."""
    return (format_param or "").lower() in RAW_FORMATS


class NotAcceptable(QueryError):
    """No result format the client accepts (406)."""


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges by preference (q), most preferred first; a malformed part counts as q=0."""
    ranges = []
    for position, part in enumerate((header or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(param[2:])))
                except ValueError:
                    q = 0.0
        if media and "/" in media:
            ranges.append((media, q, position))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(m, q) for m, q, _ in ranges if q > 0]


def negotiate(accept: str | None, kind: str, format_param: str | None = None) -> str:
    """The media type to answer with for a result `kind` ('bindings' or 'graph')."""
    offered = list(RESULT_TYPES if kind == "bindings" else GRAPH_TYPES if kind == "graph" else BOOLEAN_TYPES)
    if format_param:
        wanted = FORMAT_PARAMS.get(format_param.lower(), format_param.lower())
        if wanted in offered:
            return wanted
        raise NotAcceptable(f"format '{format_param}' is not available for this query (available: {', '.join(offered)})")
    for media, _ in parse_accept(accept):
        media = _ALIASES.get(media, media)
        if media in offered:
            return media
        if media == "*/*" or (media.endswith("/*") and any(o.startswith(media[:-1]) for o in offered)):
            return next(o for o in offered if media == "*/*" or o.startswith(media[:-1]))
    raise NotAcceptable(f"none of the accepted types ({accept}) can carry this result; available: {', '.join(offered)}")


def result_kind(result: Result) -> str:
    if result.type == "ASK":
        return "boolean"
    return "graph" if result.type in ("CONSTRUCT", "DESCRIBE") else "bindings"


def serialize(result: Result, media_type: str, raw: bool = False) -> bytes:
    """`raw`: CSV/TSV cells as SPARQL 1.1 writes them; by default formula-leading cells get a `'`."""
    if result_kind(result) == "graph":
        graph = graph_of(result)
        bind_all(graph)
        return graph.serialize(format=GRAPH_TYPES[media_type], encoding="utf-8")
    fmt = RESULT_TYPES[media_type]
    if media_type == "text/csv":
        return sparql_csv(result, raw=raw).encode("utf-8")
    if fmt is None:
        return sparql_tsv(result, raw=raw).encode("utf-8")
    out = io.BytesIO()
    result.serialize(out, format=fmt, encoding="utf-8")
    return out.getvalue()


def service_description(endpoint: str, update_enabled: bool) -> bytes:
    sd = str(SD)
    graph = Graph()
    graph.bind("sd", sd)
    service = URIRef(endpoint + "#service")
    graph.add((service, RDF.type, URIRef(sd + "Service")))
    graph.add((service, URIRef(sd + "endpoint"), URIRef(endpoint)))
    graph.add((service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")))
    if update_enabled:
        graph.add((service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Update")))
    formats = {
        "application/sparql-results+json": "SPARQL_Results_JSON",
        "application/sparql-results+xml": "SPARQL_Results_XML",
        "text/csv": "SPARQL_Results_CSV",
        "text/tab-separated-values": "SPARQL_Results_TSV",
        "text/turtle": "Turtle",
        "application/n-triples": "N-Triples",
        "application/ld+json": "JSON-LD",
        "application/rdf+xml": "RDF_XML",
    }
    for name in formats.values():
        graph.add((service, URIRef(sd + "resultFormat"), FORMATS[name]))
    graph.add((service, URIRef(sd + "feature"), URIRef(sd + "UnionDefaultGraph")))
    graph.add((service, URIRef(sd + "defaultDataset"), URIRef(endpoint + "#dataset")))
    graph.add((URIRef(endpoint + "#dataset"), RDF.type, URIRef(sd + "Dataset")))
    return graph.serialize(format="turtle", encoding="utf-8")
