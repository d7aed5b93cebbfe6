"""`cyberkg eval GOLD...`: precision, recall and F1 of the extractor against gold annotations.

Gold format (YAML, one file per text; README § Ingest):
    text: ../texts/estonia-finland.md      # the article, relative to the gold file
    date: 2021-03-12                      # its publication date, for relative dates
    entities: [{name: Estonia, type: State}, {name: Eva Mardi, type: Person}, ...]
    relations: [{s: Agreement, p: hasParty, o: Estonia}, ...]
Entities are compared as (type, name) for states, people and organisations. In relations an event, a
statement or a claim is named by its kind (Agreement, Incident, Statement, AttributionClaim, Denial):
one per kind and text is what the extractor makes of it, and what a reviewer checks first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from cyberkg.errors import InputError
from cyberkg.graph.extract import Extraction, Extractor
from cyberkg.graph.reader import read_article

NAMED = ("State", "Person", "Organisation")
ORGANISATIONS = {"Government", "GovernmentAgency", "NewsAgency", "NewsOutlet", "NewsOrganisation", "Embassy",
                 "PoliticalParty", "Company", "IndustryLobby"}
EVENT_KINDS = ("Agreement", "Incident", "Statement", "AttributionClaim", "Denial")


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set, found: set) -> None:
        self.tp += len(gold & found)
        self.fp += len(found - gold)
        self.fn += len(gold - found)


def _norm(name: str) -> str:
    return " ".join(name.replace("\u2019", "'").casefold().split())


def extracted_sets(extraction: Extraction) -> tuple[set, set]:
    labels, kinds = {}, {}
    for m in extraction.mentions:
        new = extraction.new_entities.get(m.entity)
        kind = new["type"] if new else m.kind
        kinds[m.entity] = "Organisation" if kind in ORGANISATIONS else kind
        labels[m.entity] = new["label"] if new else m.label
    entities = {(kinds[e], _norm(labels[e])) for e in kinds if kinds[e] in NAMED}

    def name(entity: str) -> str:
        kind = kinds.get(entity, "")
        return kind if kind in EVENT_KINDS else _norm(labels.get(entity, entity))

    relations = {(name(r.subject), r.predicate, name(o)) for r in extraction.relations for o in r.objects}
    return entities, relations


def evaluate(gold_files: list[Path], extractor: Extractor) -> dict:
    entity_scores: dict[str, Scores] = defaultdict(Scores)
    relation_scores: dict[str, Scores] = defaultdict(Scores)
    per_text = []
    for gold_path in gold_files:
        try:
            gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
            text = (gold_path.parent / gold["text"]).resolve()
            published = dt.date.fromisoformat(str(gold["date"])) if gold.get("date") else None
            gold_entities = {(e["type"], _norm(e["name"])) for e in gold.get("entities", [])}
            gold_relations = {(r["s"] if r["s"] in EVENT_KINDS else _norm(r["s"]), r["p"],
                               r["o"] if r["o"] in EVENT_KINDS else _norm(r["o"])) for r in gold.get("relations", [])}
        except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
            raise InputError(f"bad gold file: {exc}", str(gold_path)) from None
        found_entities, found_relations = extracted_sets(extractor.extract(read_article(text), published))
        for kind in NAMED:
            entity_scores[kind].add({e for e in gold_entities if e[0] == kind}, {e for e in found_entities if e[0] == kind})
        for predicate in sorted({r[1] for r in gold_relations | found_relations}):
            relation_scores[predicate].add({r for r in gold_relations if r[1] == predicate},
                                           {r for r in found_relations if r[1] == predicate})
        text_scores = Scores(), Scores()
        text_scores[0].add(gold_entities, found_entities)
        text_scores[1].add(gold_relations, found_relations)
        per_text.append({"gold": gold_path.name, "entity_f1": round(text_scores[0].f1, 3),
                         "relation_f1": round(text_scores[1].f1, 3)})

    def table(scores: dict[str, Scores]) -> dict:
        total = Scores(sum(s.tp for s in scores.values()), sum(s.fp for s in scores.values()),
                       sum(s.fn for s in scores.values()))
        rows = {k: {"precision": round(s.precision, 3), "recall": round(s.recall, 3), "f1": round(s.f1, 3),
                    "tp": s.tp, "fp": s.fp, "fn": s.fn} for k, s in sorted(scores.items())}
        rows["all"] = {"precision": round(total.precision, 3), "recall": round(total.recall, 3),
                       "f1": round(total.f1, 3), "tp": total.tp, "fp": total.fp, "fn": total.fn}
        return rows

    return {"entities": table(entity_scores), "relations": table(relation_scores), "texts": per_text}
