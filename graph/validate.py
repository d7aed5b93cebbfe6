"""Validate a populated dataset: SHACL shapes (pySHACL), OWL consistency (HermiT) and provenance.

The provenance contract is checked here rather than in SHACL because it spans named graphs: every
triple in a document's graph must have an Evidence node in that graph whose quote is exactly the
document text between its offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyshacl
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.term import Node

from cyberkg.errors import ValidationError
from cyberkg.namespaces import (
    CKO,
    CURATION_GRAPH,
    DOC,
    DOCUMENTS_GRAPH,
    GRAPH,
    INFERRED_GRAPH,
    ONTOLOGY_GRAPH,
    SCHEMA,
    SH,
    shorten,
)
from cyberkg.ontology.packaged import SHAPES_FILE, load_packaged, ontology_graph
from cyberkg.ontology.reasoner import ReasonerReport, check_consistency

# no quotes expected: the ontology, curated knowledge, document texts, and the entailments (graph/infer.py),
# whose provenance is their derivation from the asserted graphs
_BOOKKEEPING_GRAPHS = {ONTOLOGY_GRAPH, CURATION_GRAPH, DOCUMENTS_GRAPH, INFERRED_GRAPH}


@dataclass
class ValidationReport:
    shacl_conforms: bool = True
    shacl_violations: list[str] = field(default_factory=list)
    reasoner: ReasonerReport | None = None
    provenance_problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.shacl_conforms and not self.provenance_problems

    def lines(self) -> list[str]:
        return self.shacl_violations + self.provenance_problems


def data_graph(ds: Dataset) -> Graph:
    """All facts and evidence, without the ontology (which pySHACL gets separately)."""
    graph = Graph()
    for s, p, o, g in ds.quads((None, None, None, None)):
        if g in (ONTOLOGY_GRAPH, DOCUMENTS_GRAPH) or not str(g).startswith(str(GRAPH)):
            continue  # the default graph repeats what the named graphs hold
        graph.add((s, p, o))
    return graph


def check_shacl(data: Graph) -> tuple[bool, list[str]]:
    conforms, results, _ = pyshacl.validate(
        data,
        shacl_graph=load_packaged(SHAPES_FILE),
        ont_graph=ontology_graph(),
        inference="rdfs",
        allow_warnings=True,
    )
    messages = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        text = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        label = data.value(focus, RDFS.label)
        where = f"{_short(focus)}" + (f" ({label})" if label else "")
        messages.append(f"SHACL {_short(severity)}: {where}: {_short(path) if path else ''} {text}".strip())
    return conforms, sorted(messages)


def check_provenance(ds: Dataset) -> list[str]:
    problems: list[str] = []
    texts = {s: str(o) for s, _, o in ds.graph(DOCUMENTS_GRAPH).triples((None, SCHEMA.text, None))}
    datasets = {s for s, _, _, _ in ds.quads((None, RDF.type, CKO.Dataset, None))}
    for ctx in ds.graphs():
        g = ctx.identifier
        if g in _BOOKKEEPING_GRAPHS or not str(g).startswith(str(GRAPH)):
            continue
        graph = ds.graph(g)
        supported = set()
        for mapping in graph.subjects(RDF.type, CKO.Mapping):  # links: justified by a Mapping, not a quote
            supported.add(
                (graph.value(mapping, RDF.subject), graph.value(mapping, RDF.predicate), graph.value(mapping, RDF.object))
            )
        evidence = set(graph.subjects(RDF.type, CKO.Evidence)) | set(graph.subjects(RDF.type, CKO.Mapping))
        own_doc = DOC[str(g)[len(str(GRAPH)) :]]
        if own_doc in datasets:  # a dataset's own description (name, version, licence, digest) is the importer's
            supported.update(graph.triples((own_doc, None, None)))
        for ev in evidence - set(graph.subjects(RDF.type, CKO.Mapping)):
            supported.add((graph.value(ev, RDF.subject), graph.value(ev, RDF.predicate), graph.value(ev, RDF.object)))
            problem = _evidence_problem(graph, ev, texts, datasets)
            if problem:
                problems.append(problem)
        for s, p, o in graph:
            if s in evidence:
                continue
            if (s, p, o) not in supported:
                problems.append(f"fact without evidence in {_short(g)}: {_short(s)} {_short(p)} {_short(o)}")
    return sorted(problems)


def _evidence_problem(graph: Graph, ev: Node, texts: dict[Node, str], datasets: set[Node]) -> str | None:
    """What is wrong with one evidence node: a quote not verbatim at its offsets in its document's text, or a
    dataset record's pointer into something that is not an imported dataset."""
    doc = graph.value(ev, PROV.wasQuotedFrom)
    if graph.value(ev, CKO.recordPointer) is not None:  # a dataset record: no text to locate it in
        if doc not in datasets or graph.value(ev, CKO.quote) is None:
            return f"evidence {_short(ev)} points into {_short(doc)}, which is not an imported dataset"
        return None
    quote, start, end = (graph.value(ev, CKO.quote), graph.value(ev, CKO.charStart), graph.value(ev, CKO.charEnd))
    text = texts.get(doc) if doc is not None else None
    if text is None or quote is None or start is None or end is None:
        return f"evidence {_short(ev)} lacks its document text, quote or offsets"
    if text[int(str(start)) : int(str(end))] != str(quote):
        return f"evidence {_short(ev)}: quote is not verbatim at {start}..{end} of {_short(doc)}"
    return None


def check_cycles(ds: Dataset) -> list[str]:
    """Time and precedence must not loop: A after B after … after A is a contradiction in the sources."""
    import networkx as nx

    problems = []
    order = nx.DiGraph()
    for s, p, o in ds.default_graph.triples((None, None, None)):
        if p in (CKO.happenedAfter, CKO.precededBy):
            order.add_edge(s, o)
        elif p == CKO.happenedBefore:
            order.add_edge(o, s)
    for cycle in nx.simple_cycles(order):
        problems.append("cycle in time order: " + " after ".join(_short(n) for n in [*cycle, cycle[0]]))
    return sorted(problems)


def validate_dataset(ds: Dataset, reason: bool = True) -> ValidationReport:
    """Run every check; the report says what failed. HermiT inconsistency raises at once."""
    data = data_graph(ds)
    report = ValidationReport()
    report.shacl_conforms, report.shacl_violations = check_shacl(data)
    report.provenance_problems = check_provenance(ds) + check_cycles(ds)
    if reason:
        report.reasoner = check_consistency(data)
    return report


def require_valid(report: ValidationReport) -> None:
    if not report.ok:
        lines = report.lines()
        raise ValidationError(f"{len(lines)} validation problem(s); first: {lines[0]}", lines)


def _short(term: object) -> str:
    return shorten(str(term), {}, fallback="parent/name") if isinstance(term, URIRef) else str(term)
