"""The summary `build` and `stats` print: entities by class, facts, sources, corroboration."""

from __future__ import annotations

from dataclasses import dataclass, field

from cyberkg.graph.store import Store
from cyberkg.namespaces import sparql_prologue

_BY_CLASS = """
SELECT ?class (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e cko:directType ?c . ?c rdfs:label ?class .
  FILTER(STRSTARTS(STR(?c), STR(cko:)) && ?c NOT IN (cko:Evidence, cko:RelativeTiming))
} GROUP BY ?class ORDER BY DESC(?n) ?class
"""
_FACTS = """
SELECT (COUNT(*) AS ?facts) (SUM(IF(?n > 1, 1, 0)) AS ?corroborated) (SUM(?n) AS ?evidence) WHERE {
  { SELECT ?s ?p ?o (COUNT(DISTINCT ?doc) AS ?n) WHERE {
      ?ev a cko:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasQuotedFrom ?doc .
  } GROUP BY ?s ?p ?o }
}
"""
_SOURCES = """
SELECT ?doc ?title (COUNT(DISTINCT ?ev) AS ?evidence) WHERE {
  ?doc a cko:SourceDocument ; rdfs:label ?title .
  OPTIONAL { ?ev prov:wasQuotedFrom ?doc }
} GROUP BY ?doc ?title ORDER BY STR(?doc)
"""
_ENTITIES = """
SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a ?c . FILTER(STRSTARTS(STR(?c), STR(cko:)) && ?c NOT IN (cko:Evidence, cko:RelativeTiming))
}
"""
_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_INFERRED = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ckg:inferred { ?s ?p ?o } }"
TOP_SOURCES = 10


@dataclass
class Stats:
    entities_by_class: dict[str, int] = field(default_factory=dict)
    entities: int = 0
    facts: int = 0
    corroborated_facts: int = 0
    evidence: int = 0
    sources: list[tuple[str, str, int]] = field(default_factory=list)
    quads: int = 0
    inferred: int = 0  # of `quads`, those in ckg:inferred (materialised entailments)

    def as_dict(self) -> dict:
        return {
            "entities": self.entities,
            "entities_by_class": self.entities_by_class,
            "facts": self.facts,
            "corroborated_facts": self.corroborated_facts,
            "evidence": self.evidence,
            "sources": [{"document": d, "title": t, "evidence": n} for d, t, n in self.sources],
            "quads": self.quads,
            "inferred": self.inferred,
        }

    def render(self, top: int = TOP_SOURCES) -> str:
        """Counts and the `top` sources with most evidence: a summary, however many documents there are."""
        lines = [
            f"{self.entities:,} entities, {self.facts:,} facts "
            f"({self.corroborated_facts:,} corroborated by 2+ sources), {self.evidence:,} fact–source links, "
            f"{len(self.sources):,} sources, {self.quads:,} quads in named graphs "
            f"({self.inferred:,} of them inferred)",
            "",
            "entities by class:",
        ]
        width = max((len(k) for k in self.entities_by_class), default=0)
        lines += [f"  {name.ljust(width)}  {n:>6,}" for name, n in self.entities_by_class.items()]
        ranked = sorted(self.sources, key=lambda s: (-s[2], s[0]))
        lines += ["", "sources:" if len(ranked) <= top else f"top {top} of {len(ranked):,} sources by evidence:"]
        lines += [f"  {doc}  {n:>6,} evidence  {title}" for doc, title, n in ranked[:top]]
        if len(ranked) > top:
            lines.append(f"  … and {len(ranked) - top:,} more (all in stats.json)")
        return "\n".join(lines) + "\n"


def _rows(store: Store, query: str) -> list:
    return list(store.query(sparql_prologue() + query))


def collect_stats(store: Store) -> Stats:
    stats = Stats()
    for name, n in _rows(store, _BY_CLASS):
        stats.entities_by_class[str(name)] = int(n)
    stats.entities = int(_rows(store, _ENTITIES)[0][0])
    facts, corroborated, evidence = _rows(store, _FACTS)[0]
    stats.facts, stats.corroborated_facts, stats.evidence = int(facts), int(corroborated or 0), int(evidence or 0)
    stats.sources = [(str(d).rsplit("/", 1)[-1], str(t), int(n)) for d, t, n in _rows(store, _SOURCES)]
    stats.quads = int(_rows(store, _TRIPLES)[0][0])
    stats.inferred = int(_rows(store, _INFERRED)[0][0])
    return stats
