"""Links from our entities to external datasets (README § Linking), into the named graph ckg:links.

Sources: the curated `links.yaml` of a seeds directory (Wikidata, DBpedia, GeoNames; each with method,
confidence, verified and a note saying where it was checked), links that `cyberkg link` accepted
(same file, method "reconciled"), and ISO 3166-1 codes for every state, looked up in pycountry by the
state's label (exact label match) or an alias (alias match).

Every link is a triple (entity skos:exactMatch external-IRI, or entity cko:iso3166Alpha2 "CA") plus a
cko:Mapping node naming it with rdf:subject/predicate/object: how it was made and how sure it is.
skos:exactMatch, not owl:sameAs: sameAs would make a reasoner merge our entity with everything Wikidata
says about its namesake (and its classes), which is more than the sources support.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from cyberkg.errors import InputError
from cyberkg.graph.records import load_yaml
from cyberkg.namespaces import CKO, CKR, DBR, GEONAMES, LINKS_GRAPH, SEMAPV, WD
from cyberkg.safeio import inside

if TYPE_CHECKING:
    from pycountry.db import Country

    from cyberkg.graph.sink import QuadSink

LINKS_FILE = "links.yaml"
METHODS = {
    "curated": SEMAPV.ManualMappingCuration,
    "exact label match": SEMAPV.LexicalMatching,
    "alias match": SEMAPV.LexicalMatching,
    "reconciled": SEMAPV.CompositeMatching,
    "dataset lookup": SEMAPV.MappingChaining,
}  # our state -> its ISO code -> the dataset's row
TARGETS = {"wikidata": str(WD), "dbpedia": str(DBR), "geonames": GEONAMES}


@dataclass(frozen=True)
class Link:
    entity: str
    predicate: URIRef
    target: URIRef | Literal
    method: str
    confidence: float
    verified: bool
    note: str = ""


def target_iri(spec: str, path: str = LINKS_FILE, line: int | None = None) -> URIRef:
    """'wikidata:Q16', 'dbpedia:Canada', 'geonames:6251999' or a full http(s) IRI."""
    prefix, _, local = spec.partition(":")
    if prefix in ("http", "https"):
        return URIRef(spec)
    if prefix not in TARGETS or not local:
        raise InputError(f"link target '{spec}' must be wikidata:Q…, dbpedia:…, geonames:… or an IRI", path, line)
    return URIRef(TARGETS[prefix] + local + ("/" if prefix == "geonames" else ""))


def load_links(root: Path, known: set[str]) -> list[Link]:
    path = root / LINKS_FILE
    if not path.is_file():
        return []
    display = str(path)
    inside(root, LINKS_FILE, display)  # a links.yaml symlinked out of its directory is refused
    data = load_yaml(path, display) or []
    if not isinstance(data, list):
        raise InputError("expected a YAML list of links", display, 1)
    links = []
    for item in data:
        line = item.get("__line__") if isinstance(item, dict) else None
        if not isinstance(item, dict) or not {"entity", "target", "method"} <= set(item):
            raise InputError("a link needs 'entity', 'target' and 'method'", display, line)
        if item["entity"] not in known:
            raise InputError(f"link for unknown entity '{item['entity']}'", display, line)
        if item["method"] not in METHODS:
            raise InputError(f"unknown link method '{item['method']}' (use {', '.join(METHODS)})", display, line)
        confidence = item.get("confidence", 1.0)
        if not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
            raise InputError("'confidence' must be a number from 0 to 1", display, line)
        if not isinstance(item.get("verified"), bool):
            raise InputError("'verified' must be true or false: say whether the identifier was checked", display, line)
        links.append(
            Link(
                item["entity"],
                SKOS.exactMatch,
                target_iri(str(item["target"]), display, line),
                item["method"],
                float(confidence),
                item["verified"],
                str(item.get("note", "")),
            )
        )
    return links


def iso_links(states: dict[str, tuple[str, list[str]]]) -> list[Link]:
    """ISO 3166-1 codes from pycountry for each state id -> (label, aliases); unmatched states get none."""
    import pycountry

    links = []
    for entity, (label, aliases) in sorted(states.items()):
        country, method = _lookup(pycountry, label), "exact label match"
        if country is None:
            country, method = next(((c, "alias match") for a in aliases if (c := _lookup(pycountry, a))), (None, ""))
        if country is None:
            continue
        note = f"pycountry {getattr(pycountry, '__version__', '')} lookup of '{country.name}'".replace("  ", " ")
        for predicate, value in (
            (CKO.iso3166Alpha2, country.alpha_2),
            (CKO.iso3166Alpha3, country.alpha_3),
            (CKO.iso3166Numeric, country.numeric),
        ):
            links.append(
                Link(entity, predicate, Literal(value), method, 1.0 if method == "exact label match" else 0.9, True, note)
            )
    return links


def iso_code_links(entity: str, alpha2: str) -> list[Link]:
    """The ISO codes of a state whose name already resolved to `alpha2` (graph.states), from pycountry."""
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2)
    if country is None:
        raise ValueError(f"no ISO 3166 country with code {alpha2!r}")  # callers pass codes pycountry resolved
    note = f"pycountry {getattr(pycountry, '__version__', '')} record of ISO code {alpha2} ('{country.name}')"
    return [
        Link(entity, p, Literal(v), "exact label match", 1.0, True, note.replace("  ", " "))
        for p, v in (
            (CKO.iso3166Alpha2, country.alpha_2),
            (CKO.iso3166Alpha3, country.alpha_3),
            (CKO.iso3166Numeric, country.numeric),
        )
    ]


def _lookup(pycountry: ModuleType, name: str) -> Country | None:
    try:
        return pycountry.countries.lookup(name)
    except LookupError:
        return None


def emit(links: list[Link], sink: QuadSink, graph: URIRef = LINKS_GRAPH, source: URIRef | None = None) -> None:
    """Each link and its Mapping node into `graph` (ckg:links; a dataset's own graph for links looked up in it,
    with `source` the dataset, so retracting the dataset takes its links along). sink: graph.sink.QuadSink."""
    for link in links:
        s = CKR[link.entity]
        parts = (s, link.predicate, link.target.n3()) + (() if graph == LINKS_GRAPH else (str(graph),))
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:20]  # one Mapping per graph
        mapping = CKR[f"mapping/{digest}"]
        for p, o in (
            (RDF.type, CKO.Mapping),
            (RDF.subject, s),
            (RDF.predicate, link.predicate),
            (RDF.object, link.target),
            (CKO.mappingMethod, Literal(link.method)),
            (CKO.mappingJustification, METHODS[link.method]),
            # "1", as engines print it
            (CKO.confidence, Literal(f"{round(link.confidence, 3):g}", datatype=XSD.decimal)),
            (CKO.verified, Literal(link.verified)),
        ):
            sink.add(mapping, p, o, graph)
        if link.note:
            sink.add(mapping, CKO.mappingNote, Literal(link.note), graph)
        if source is not None:
            sink.add(mapping, CKO.mappingSource, source, graph)
        sink.add(s, link.predicate, link.target, graph)
