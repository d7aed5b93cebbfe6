"""Candidates in, graph out, without a rebuild: write extracted facts as a reviewable candidates
directory (the seed format), merge reviewed candidates into the store incrementally, retract a document.

- Merging resolves candidate references against the entities already in the store (so a known entity
  never gets a second node), checks every fact as a build does (classes, predicates, domains and ranges,
  verbatim quotes, dates), and adds the quads through the store's incremental write. Evidence IRIs are
  hashes of their content, so merging the same document again adds nothing.
- Retracting a document drops its named graph and removes from the merged graph only what no other
  source still supports: facts corroborated elsewhere keep that source.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import yaml

from cyberkg.errors import InputError
from cyberkg.graph import yaml_block
from cyberkg.graph.corpus import load_documents
from cyberkg.graph.dates import parse_date
from cyberkg.graph.docmeta import source_block
from cyberkg.graph.extract import Extraction
from cyberkg.graph.records import Record, load_yaml, parse_records
from cyberkg.graph.resolve import EntityIndex
from cyberkg.graph.retract import retract  # noqa: F401 - `cyberkg retract` and callers import it from here
from cyberkg.graph.seedset import SeedSet
from cyberkg.graph.store import Store
from cyberkg.graph.vocab import vocabulary
from cyberkg.namespaces import CKO, CKR, INFERRED_GRAPH, RDFS, SKOS
from cyberkg.safeio import atomic_write_bytes, box_files, check_target, inside

_KNOWN = f"""
SELECT ?e ?label ?class ?alias WHERE {{
  ?e <{RDFS.label}> ?label ; a ?class .
  FILTER(STRSTARTS(STR(?e), "{CKR}") && STRSTARTS(STR(?class), "{CKO}"))
  FILTER NOT EXISTS {{ GRAPH <{INFERRED_GRAPH}> {{ ?e a ?class }} }}  # its asserted classes only
  FILTER(?class NOT IN (<{CKO}Evidence>, <{CKO}Mapping>))
  OPTIONAL {{ ?e <{SKOS.altLabel}> ?alias }}
}}"""
BROAD = ("State", "Person", "Organisation", "Collective", "Agreement", "Incident", "Statement", "Claim", "Law", "Event")


class KnownEntity(NamedTuple):
    """An entity already in the graph, as the extractor and the merge see it. A NamedTuple, not a dataclass,
    while the extractor (being rewritten on the `extract` branch) still unpacks it by position."""

    kind: str  # broad class (BROAD), else its first class
    label: str
    aliases: list[str]
    classes: list[str]  # every cko class it has, sorted


def known_entities(store: Store) -> dict[str, KnownEntity]:
    """id -> KnownEntity of every entity in the store."""
    vocab = vocabulary()
    found: dict[str, dict] = {}
    for e, label, cls, alias in store.rows(_KNOWN):
        assert e is not None and cls is not None  # bound by the query's required patterns
        entry = found.setdefault(e[len(str(CKR)) :], {"label": label, "classes": set(), "aliases": set()})
        entry["classes"].add(cls[len(str(CKO)) :])
        if alias:
            entry["aliases"].add(alias)
    out: dict[str, KnownEntity] = {}
    for entity, entry in found.items():
        ancestors = set().union(*(vocab.ancestors(c) for c in entry["classes"] if vocab.is_class(c)))
        kind = next((b for b in BROAD if b in ancestors), sorted(entry["classes"])[0])
        out[entity] = KnownEntity(kind, entry["label"], sorted(entry["aliases"]), sorted(entry["classes"]))
    return out


_AGREEMENTS = f"""
SELECT ?a ?party ?date WHERE {{
  ?a <{CKO}hasParty> ?party .
  FILTER NOT EXISTS {{ ?a a <{CKO}ProposedAgreement> }}
  OPTIONAL {{ ?a <{CKO}date> ?date }}
}}"""


def known_agreements(store: Store) -> dict[str, tuple[frozenset, str | None]]:
    """agreement id -> (its parties' ids, its year): so a new article's "China–Canada pact" of 2017 is the
    graph's own node. Proposed agreements are left out: an article reporting a signing is not about them."""
    parties: dict[str, set[str]] = {}
    years: dict[str, str] = {}
    for agreement, party, date in store.rows(_AGREEMENTS):
        assert agreement is not None and party is not None  # bound by the query's required pattern
        if agreement.startswith(str(CKR)) and party.startswith(str(CKR)):
            parties.setdefault(agreement[len(str(CKR)) :], set()).add(party[len(str(CKR)) :])
            if date:
                years[agreement[len(str(CKR)) :]] = str(date)[:4]
    return {a: (frozenset(p), years.get(a)) for a, p in parties.items()}


_AGREEMENT_DATES = f"""
SELECT ?a ?date ?notBefore ?notAfter WHERE {{
  ?a a <{CKO}Agreement> ; <{CKO}date> ?date ; <{CKO}dateNotBefore> ?notBefore ; <{CKO}dateNotAfter> ?notAfter .
}} ORDER BY ?a ?notBefore ?notAfter"""


def known_agreement_dates(store: Store) -> dict[str, dict]:
    """agreement id -> its date in the seed format (value and bounds), so a new article's relative dates
    ("four days after the pact", "the talks the pact was reached during") are anchored on the graph's."""
    out: dict[str, dict] = {}
    for agreement, date, not_before, not_after in store.rows(_AGREEMENT_DATES):
        if agreement and agreement.startswith(str(CKR)):
            out.setdefault(agreement[len(str(CKR)) :], {"value": date, "not_before": not_before, "not_after": not_after})
    return out


def create_empty(store: Store) -> None:
    """Make `store` a graph with the ontology and no facts, for a graph grown from ingested articles alone."""
    from cyberkg.graph.populate import populate_empty

    buffer = io.BytesIO()
    populate_empty(buffer)
    store.replace_all(buffer.getvalue())


def write_candidates(extraction: Extraction, out: Path, known: dict[str, KnownEntity]) -> Path:
    """The article and its candidate facts in the seed format, ready to review, edit and merge."""
    article = extraction.article
    (out / "articles").mkdir(parents=True, exist_ok=True)
    (out / "entities").mkdir(parents=True, exist_ok=True)
    text_file = out / "articles" / f"{article.id}.txt"
    listed = text_file.exists()  # its text is written with its documents.yaml entry: no need to reread that file
    atomic_write_bytes(text_file, article.text.encode("utf-8"))  # never through a planted symlink
    title_quote = article.title if article.title in article.text else article.text.strip().splitlines()[0]
    doc_record = {
        "id": article.id,
        "type": "NewsArticle",
        "file": f"articles/{article.id}.txt",
        "label": article.meta.get("title") or title_quote,
        "mentions": {article.id: title_quote},
    }
    source = source_block(article)
    if source:  # url, retrieval, hash, pages, publisher, author, date, language: the documents graph's
        doc_record["source"] = source
    documents = out / "documents.yaml"
    check_target(documents)  # appended to: a regular file or nothing, never a link elsewhere
    if not listed or f"- id: {article.id}\n" not in documents.read_text(encoding="utf-8"):
        with open(documents, "a", encoding="utf-8") as handle:  # append, so ingesting N articles stays linear
            handle.write(_dump([doc_record]))
    records: dict[str, dict] = {}
    for m in extraction.mentions:
        if m.entity not in records:
            if m.entity in known:
                label, classes = known[m.entity].label, known[m.entity].classes
                records[m.entity] = {
                    "id": m.entity,
                    "type": classes if len(classes) > 1 else classes[0],
                    "label": label,
                    "mentions": {article.id: []},
                    "facts": [],
                }
            else:
                new = extraction.new_entities[m.entity]
                records[m.entity] = {
                    "id": m.entity,
                    "type": new["type"],
                    "label": new["label"],
                    "mentions": {article.id: []},
                    "facts": [],
                    "confidence": m.confidence,
                }
        quotes = records[m.entity]["mentions"][article.id]
        if m.sentence not in quotes:
            quotes.append(m.sentence)
    for rel in extraction.relations:
        if rel.subject in records and rel.value is not None:
            records[rel.subject]["facts"].append(
                {
                    "p": rel.predicate,
                    "value": rel.value,
                    "evidence": {article.id: rel.sentence},
                    "confidence": rel.confidence,
                    "rule": rel.rule,
                }
            )
        elif rel.subject in records:
            objects = rel.objects if len(rel.objects) > 1 else rel.objects[0]
            records[rel.subject]["facts"].append(
                {
                    "p": rel.predicate,
                    "o": objects,
                    "evidence": {article.id: rel.sentence},
                    "confidence": rel.confidence,
                    "rule": rel.rule,
                }
            )
    for entity, (date, sentence) in extraction.dates.items():
        if entity in records:
            records[entity]["facts"].append({"p": "date", "date": date, "evidence": {article.id: sentence}, "rule": "date.timex"})
    path = out / "entities" / f"{article.id}.yaml"
    header = (
        f"# Candidate facts extracted from {article.source} by `cyberkg ingest`: review, edit or delete,\n"
        f"# then `cyberkg merge {out}`. 'confidence' is the extractor's; it is not stored;\n"
        f"# 'rule' (graph/extract_rules.py) is stored on the evidence.\n"
    )
    atomic_write_bytes(path, (header + _dump(list(records.values()))).encode("utf-8"))
    return path


def _dump(data: object) -> str:
    fast = yaml_block.dump(data)  # the same bytes, written directly for the plain data candidates hold
    if fast is not None:
        return fast
    # libyaml's emitter when PyYAML has it: the pure-Python one is most of an ingest's time
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)


def load_candidates(root: Path, known: dict[str, KnownEntity]) -> tuple[SeedSet, list[Record]]:
    display = str(root / "documents.yaml")
    if not (root / "documents.yaml").is_file():
        raise InputError("not a candidates directory (no documents.yaml); run `cyberkg ingest` first", str(root))
    inside(root, "documents.yaml", str(root))  # not a symlink out of the box
    doc_records = parse_records(load_yaml(root / "documents.yaml", display), display)
    documents = load_documents(doc_records, root)
    records = list(doc_records)
    for path in box_files(root, "entities/*.yaml"):
        records.extend(parse_records(load_yaml(path, str(path)), str(path)))
    records = _combine(records)
    mine = {r.id for r in records}
    for record in records:
        if record.id in known and set(record.types) - set(known[record.id].classes):
            raise InputError(
                f"'{record.id}' is already in the graph as {'/'.join(known[record.id].classes)}, not {'/'.join(record.types)}",
                record.path,
                record.line,
            )
    stubs = [
        Record(id=e, types=list(k.classes), label=k.label, path="<store>", line=0, aliases=list(k.aliases))
        for e, k in known.items()
        if e not in mine
    ]
    index = EntityIndex(records + stubs, set(documents), vocabulary())
    return SeedSet(root, documents, records, index, [str(p) for p in root.glob("**/*.yaml")]), records


def _combine(records: list[Record]) -> list[Record]:
    """One record per id: articles ingested together may each name a new entity (say, Russia)."""
    by_id: dict[str, Record] = {}
    for record in records:
        first = by_id.get(record.id)
        if first is None:
            by_id[record.id] = record
        elif set(first.types) != set(record.types):
            raise InputError(
                f"'{record.id}' is a {'/'.join(record.types)} here but a {'/'.join(first.types)} at {first.path}:{first.line}",
                record.path,
                record.line,
            )
        else:
            first.mentions.extend(record.mentions)
            first.facts.extend(record.facts)
            first.aliases.extend(a for a in record.aliases if a not in first.aliases)
    for record in by_id.values():
        _one_date(record)
    return list(by_id.values())


def _one_date(record: Record) -> None:
    """Articles ingested together may each date an entity: a date one states outright replaces the dates
    another derived that it falls within ('22 June 2017' over 'June 22' read in the year of publication),
    and their evidence supports it."""
    dates = [
        (f, parse_date(f.date, f.path, f.line)) for f in record.facts if f.predicate == "date" and isinstance(f.date, dict)
    ]  # anything else fails the build's own check
    stated = [(f, d) for f, d in dates if not d.derived]
    for fact, derived in ((f, d) for f, d in dates if d.derived):
        within = next((f for f, d in stated if derived.not_before <= d.not_before and d.not_after <= derived.not_after), None)
        if within is not None:
            within.evidence.extend(fact.evidence)
            record.facts.remove(fact)


@dataclass
class MergeResult:
    documents: list[str]
    quads_written: int
    triples_before: int
    triples_after: int


def merge(store: Store, candidates: Path) -> MergeResult:
    """Add the candidates' quads and what they entail, in one write (infer.add_with_entailments)."""
    from cyberkg.graph import infer
    from cyberkg.graph.populate import populate_increment

    known = known_entities(store)
    seeds, records = load_candidates(candidates, known)
    buffer = io.BytesIO()
    written = populate_increment(seeds, records, buffer)
    before = _count(store)
    infer.add_with_entailments(store, buffer.getvalue())
    return MergeResult(sorted(seeds.documents), written, before, _count(store))


def _count(store: Store) -> int:
    return int(next(iter(store.rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0] or 0)
