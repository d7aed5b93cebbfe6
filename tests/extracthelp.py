"""What the extractor makes of an invented text, as (subject, predicate, object) names, for the rule tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from cyberkg.graph.extract import Extraction, Extractor
from cyberkg.graph.reader import Article


def named_facts(
    extractor: Extractor, text: str, doc_id: str, predicates: Iterable[str], by_kind: Iterable[str], **meta: str
) -> set[tuple[str, str, str]]:
    """Each relation of `predicates`, an entity of a kind in `by_kind` named by that kind (one per kind, as the
    scorer names events and claims), any other by its label."""
    out: Extraction = extractor.extract(Article(doc_id, text, "<test>", meta), dt.date(2024, 5, 10))
    kinds = {m.entity: m.kind for m in out.mentions}
    wanted, kind_named = set(predicates), set(by_kind)

    def name(entity: str) -> str:
        if kinds.get(entity) in kind_named:
            return kinds[entity]
        new = out.new_entities.get(entity)
        return new["label"] if new else next((m.label for m in out.mentions if m.entity == entity), entity)

    return {(name(r.subject), r.predicate, name(o)) for r in out.relations for o in r.objects if r.predicate in wanted}


def rules_extractor() -> Extractor:
    """An extractor with the rules alone: the construction tests check what each rule reads; the learned role
    models (rule learned.roles) are judged on held-out gold instead (tests/test_learned.py, README)."""
    extractor = Extractor({})
    extractor.learned = False
    return extractor
