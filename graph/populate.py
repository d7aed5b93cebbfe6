"""Turn checked seed records into an RDF dataset in which every fact carries its evidence.

Provenance model (README § Provenance):
- each source document D has its own named graph ckg:D holding every fact D supports;
- each (fact, document, quote) gets a cko:Evidence node in that graph: rdf:subject/predicate/object
  name the fact, prov:wasQuotedFrom the document, cko:quote the verbatim words, cko:charStart/End
  their offsets. A fact supported by two documents is in both graphs with two Evidence nodes, so
  corroboration is a COUNT(DISTINCT ?doc) away;
- curated knowledge with no quote (an alias no article spells out) goes to ckg:curation;
- the ontology and topic scheme go to ckg:ontology; document texts to ckg:documents;
- the default graph holds the merge of all of them, each triple once: what a plain query sees.
Evidence IRIs are hashes of their content, so building twice gives the same graph.
"""

from __future__ import annotations

import hashlib
import re
from typing import IO, NamedTuple

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from cyberkg.errors import InputError
from cyberkg.graph import docmeta, links
from cyberkg.graph.dates import parse_date
from cyberkg.graph.records import Fact, Quote, Record
from cyberkg.graph.seedset import SeedSet, gc_paused
from cyberkg.graph.sink import DatasetSink, Evidence, NQuadsSink, QuadSink
from cyberkg.namespaces import CKO, CKR, CURATION_GRAPH, DOC, DOCUMENTS_GRAPH, GRAPH, ONTOLOGY_GRAPH, SCHEMA
from cyberkg.ontology.packaged import ontology_graph

_DURATION = re.compile(r"^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$")


class _Populator:
    def __init__(self, seeds: SeedSet, sink: QuadSink) -> None:
        self.seeds = seeds
        self.index = seeds.index
        self.vocab = seeds.index.vocab
        self.sink = sink

    # -- emitting --------------------------------------------------------------------------
    def assert_fact(self, s: URIRef, p: URIRef, o: Node, evidence: list[Quote], rule: str | None = None) -> None:
        found = []
        for quote in evidence:
            document = self.seeds.documents.get(quote.doc)
            if document is None:
                raise InputError(f"evidence cites unknown document '{quote.doc}'", quote.path, quote.line)
            found.append((quote, document, *document.locate(quote)))
        if not found:
            return
        fact = f"{s.n3()}\x1f{p.n3()}\x1f{o.n3()}"  # n3() once per fact, not once per quote
        self.sink.add_fact(
            s,
            p,
            o,
            [
                Evidence(
                    _evidence_iri(fact, quote.doc, start, end),
                    quote.doc,
                    quote.text,
                    start,
                    end,
                    rule,
                    docmeta.page_of(document.record.source, start),
                )
                for quote, document, start, end in found
            ],
        )

    # -- records ---------------------------------------------------------------------------
    def record(self, record: Record) -> None:
        s = self.index.iri(record.id)
        if not record.mentions:
            raise InputError(f"'{record.id}' has no mentions: quote where a document names it", record.path, record.line)
        for type_name in record.types:
            self.assert_fact(s, RDF.type, CKO[type_name], record.mentions)
        self.assert_fact(s, RDFS.label, Literal(record.label), record.mentions)
        for alias in record.aliases:
            self.alias(s, alias)
        for fact in record.facts:
            self.fact(record, s, fact)

    def alias(self, s: URIRef, alias: str) -> None:
        supporting = [Quote(doc_id, alias, "", 0) for doc_id, doc in sorted(self.seeds.documents.items()) if alias in doc.text]
        if supporting:
            self.assert_fact(s, SKOS.altLabel, Literal(alias), supporting)
        else:
            self.sink.add(s, SKOS.altLabel, Literal(alias), CURATION_GRAPH)

    def fact(self, record: Record, s: URIRef, fact: Fact) -> None:
        kind = self.vocab.kind(fact.predicate)
        if kind is None:
            raise InputError(f"unknown predicate '{fact.predicate}' (not a property of the ontology)", fact.path, fact.line)
        self._check_domain(record, fact)
        p = CKO[fact.predicate]
        if fact.predicate == "date":
            self.date(s, fact)
        elif kind == "object":
            if fact.value is not None or fact.date is not None:
                raise InputError(f"'{fact.predicate}' links to an entity: give 'o', not a value", fact.path, fact.line)
            for ref in fact.objects:
                self.assert_fact(s, p, self._object(fact, ref), fact.evidence, fact.rule)
            if fact.offset is not None:
                self.timing(s, fact)
        else:
            if fact.objects or fact.date is not None:
                raise InputError(f"'{fact.predicate}' takes a literal: give 'value', not 'o'", fact.path, fact.line)
            self.assert_fact(s, p, _literal(fact), fact.evidence, fact.rule)

    def date(self, s: URIRef, fact: Fact) -> None:
        if fact.date is None:
            raise InputError("'date' facts give 'date: {value: YYYY[-MM[-DD]], ...}'", fact.path, fact.line)
        info = parse_date(fact.date, fact.path, fact.line)
        ev = fact.evidence
        self.assert_fact(s, CKO.date, info.literal, ev, fact.rule)
        self.assert_fact(s, CKO.datePrecision, info.precision, ev)
        self.assert_fact(s, CKO.dateNotBefore, Literal(info.not_before.isoformat(), datatype=XSD.date), ev)
        self.assert_fact(s, CKO.dateNotAfter, Literal(info.not_after.isoformat(), datatype=XSD.date), ev)
        self.assert_fact(s, CKO.dateIsDerived, Literal(info.derived), ev)
        if info.derivation:
            self.assert_fact(s, CKO.dateDerivation, Literal(info.derivation), ev)

    def timing(self, s: URIRef, fact: Fact) -> None:
        if fact.predicate not in ("happenedAfter", "happenedBefore") or len(fact.objects) != 1:
            raise InputError("'offset' goes with one 'o' of happenedAfter/happenedBefore", fact.path, fact.line)
        if not isinstance(fact.offset, str) or not _DURATION.match(fact.offset):
            raise InputError(f"malformed offset {fact.offset!r}: use an ISO 8601 duration like P4D", fact.path, fact.line)
        anchor = self._object(fact, fact.objects[0])
        after = fact.predicate == "happenedAfter"
        node = CKR[f"timing/{s.rsplit('/', 1)[-1]}--{anchor.rsplit('/', 1)[-1]}"]
        sign = "" if after else "-"
        for p, o in (
            (RDF.type, CKO.RelativeTiming),
            (CKO.timedEvent, s),
            (CKO.anchorEvent, anchor),
            (CKO.offset, Literal(sign + fact.offset, datatype=XSD.duration)),
        ):
            self.assert_fact(node, p, o, fact.evidence)

    # -- checks ----------------------------------------------------------------------------
    def _object(self, fact: Fact, ref: str) -> URIRef:
        topic = self.vocab.topic_iri(ref)
        allowed = self.vocab.range_of(fact.predicate)
        if topic is not None:
            if allowed and not any("Concept" in r for r in allowed):
                raise InputError(f"'{fact.predicate}' does not take a topic", fact.path, fact.line)
            return topic
        if ref.startswith("topic:"):
            raise InputError(f"unknown topic '{ref}' (see ontology/topics.ttl)", fact.path, fact.line)
        target = self.index.resolve(ref, fact.path, fact.line)
        classes = self.index.classes_of(target)
        local = [r for r in allowed if not r.startswith(("http", "time:"))]
        if local and not classes & set(local):
            raise InputError(
                f"'{fact.predicate}' needs a {' or '.join(local)}, but '{target}' is a "
                f"{'/'.join(self.index.records[target].types)}",
                fact.path,
                fact.line,
            )
        return self.index.iri(target)

    def _check_domain(self, record: Record, fact: Fact) -> None:
        domain = self.vocab.domain_of(fact.predicate)
        classes = self.index.classes_of(record.id)
        if domain and not classes & set(domain):
            raise InputError(
                f"'{fact.predicate}' applies to {' or '.join(domain)}, not to '{record.id}' ({'/'.join(record.types)})",
                fact.path,
                fact.line,
            )


def _evidence_iri(fact: str, doc: str, start: int, end: int) -> str:
    """Evidence IRIs are hashes of their content (the fact's terms, the document, the quote's offsets), so
    building twice gives the same graph."""
    digest = hashlib.sha256(f"{fact}\x1f{doc}\x1f{start}\x1f{end}".encode()).hexdigest()[:20]
    return f"{CKR}evidence/{digest}"


def _literal(fact: Fact) -> Literal:
    value = fact.value
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, str) and value.strip():
        return Literal(value)
    raise InputError(f"'{fact.predicate}' needs a non-empty text, number or true/false value", fact.path, fact.line)


def populate(seeds: SeedSet) -> Dataset:
    """The whole graph for a seed set as an rdflib Dataset: ontology, document texts, facts with evidence."""
    sink = DatasetSink()
    populate_into(seeds, sink)
    return sink.finish()


class Written(NamedTuple):
    facts: int  # asserted quads (each also copied into the merged graph)
    inferred: int  # materialised entailments (each in ckg:inferred and the merged graph)


def populate_nquads(seeds: SeedSet, out: IO[bytes], infer: bool = True) -> Written:
    """The bulk path: the same graph written as N-Quads (merged-graph copies included), followed by its
    materialised entailments (graph/infer.py) unless `infer` is false."""
    from cyberkg.graph.infer import Materialiser

    sink = NQuadsSink(out, materialiser=Materialiser() if infer else None)
    with gc_paused():  # the materialiser's sets grow with the graph (see gc_paused)
        populate_into(seeds, sink)
        sink.flush()
        return Written(sink.count, sink.write_inferred() if infer else 0)


def populate_into(seeds: SeedSet, sink: QuadSink) -> None:
    pop = _Populator(seeds, sink)
    for record in seeds.records:  # classes first, so a misspelt type is reported where it is written
        for type_name in record.types:
            if not pop.vocab.is_class(type_name):
                raise InputError(f"unknown class '{type_name}' (not in the ontology)", record.path, record.line)
    for record in seeds.records:
        pop.record(record)
    states = {r.id: (r.label, list(r.aliases)) for r in seeds.records if "State" in r.types}
    links.emit(links.load_links(seeds.root, {r.id for r in seeds.records}) + links.iso_links(states), sink)
    for doc_id, document in sorted(seeds.documents.items()):
        sink.add(DOC[doc_id], SCHEMA.text, Literal(document.text), DOCUMENTS_GRAPH)
        docmeta.emit(sink, doc_id, document.record.source, DOCUMENTS_GRAPH)
        sink.add(GRAPH[doc_id], PROV.wasDerivedFrom, DOC[doc_id], CURATION_GRAPH)
    sink.add(
        CURATION_GRAPH,
        DCTERMS.description,
        Literal("Curated knowledge with no verbatim quote in any source document (e.g. aliases)."),
        CURATION_GRAPH,
    )
    sink.add(CURATION_GRAPH, DCTERMS.source, Literal(", ".join(seeds.files)), CURATION_GRAPH)
    for s, p, o in ontology_graph():
        sink.add(s, p, o, ONTOLOGY_GRAPH)


def populate_empty(out: IO[bytes]) -> int:
    """A graph with the ontology and no facts, as N-Quads: what a store grown from ingested articles starts from."""
    sink = NQuadsSink(out)
    for s, p, o in ontology_graph():
        sink.add(s, p, o, ONTOLOGY_GRAPH)
    sink.flush()
    return sink.count


def populate_increment(seeds: SeedSet, records: list[Record], out: IO[bytes]) -> int:
    """Only `records` and the seed set's documents, as N-Quads: what a merge adds to an existing graph
    (the ontology, links and other documents are already there)."""
    sink = NQuadsSink(out)
    pop = _Populator(seeds, sink)
    for record in records:
        for type_name in record.types:
            if not pop.vocab.is_class(type_name):
                raise InputError(f"unknown class '{type_name}' (not in the ontology)", record.path, record.line)
    for record in records:
        pop.record(record)
    for doc_id, document in sorted(seeds.documents.items()):
        sink.add(DOC[doc_id], SCHEMA.text, Literal(document.text), DOCUMENTS_GRAPH)
        docmeta.emit(sink, doc_id, document.record.source, DOCUMENTS_GRAPH)
        sink.add(GRAPH[doc_id], PROV.wasDerivedFrom, DOC[doc_id], CURATION_GRAPH)
    sink.flush()
    return sink.count
