"""`cyberkg eval GOLD...`: precision, recall and F1 of the extractor against gold annotations.

Gold format (YAML, one file per text; README § Ingest):
    text: ../texts/estonia-finland.md      # the article, relative to the gold file
    date: 2021-03-12                      # its publication date, for relative dates
    publisher: Infosecurity Magazine      # optional metadata, as `cyberkg ingest --publisher` gives it
    entities: [{name: Estonia, type: State}, {name: Eva Mardi, type: Person, aliases: [Mardi]}, ...]
    relations: [{s: Agreement, p: hasParty, o: Estonia}, ...]
Entities are compared as (type, name) for states, people and organisations; an extracted name that is one of
the gold entity's aliases (its other surface forms in the text) counts as that entity, and a leading "the"
never matters. An entity the extractor named from a gazetteer or the graph keeps its canonical label ("Main
Intelligence Directorate"); when the text never uses that label, the entity is scored under the fullest name
the text did call it by ("GRU") that the gold names. In relations an event, a statement, a claim, a law or a
post is named by its kind (Agreement, Incident, Statement, AttributionClaim, Denial, Law, Post, PostTenure,
Quotation, and Event for talks, calls, a law taking effect and the like, whatever subclass the extractor
chose): one per kind and text is what the extractor makes of it, and what a reviewer checks first. Other
subjects and objects (collectives) are named by their label, through the same aliases.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from cyberkg.errors import InputError, UsageError
from cyberkg.graph.extract import Extraction, Extractor
from cyberkg.graph.extract_rules import RULES
from cyberkg.graph.reader import read_article
from cyberkg.graph.vocab import vocabulary
from cyberkg.safeio import MAX_SEED_BYTES, load_yaml_text, read_text

NAMED = ("State", "Person", "Organisation")
ORGANISATIONS = {
    "Government",
    "GovernmentAgency",
    "NewsAgency",
    "NewsOutlet",
    "NewsOrganisation",
    "Embassy",
    "PoliticalParty",
    "Company",
    "IndustryLobby",
}
# The predicates the gold format annotates (README § Ingesting new articles). Facts the extractor adds for
# the graph's structure — an organisation's state (basedIn), a government's state (governmentOf) — are not
# annotated, so they are neither credited nor counted against it.
GOLD_PREDICATES = frozenset(
    {
        "hasParty",
        "covers",
        "excludes",
        "hasRepresentative",
        "represents",
        "participant",
        "targets",
        "victim",
        "claimant",
        "attributedTo",
        "subject",
        "denies",
        "speaker",
        "hasQuotation",
        "publishedIn",
        "holdsPost",
        "holder",
        "tenurePost",
        "postIn",
        "enactedBy",
        "concernsLaw",
        "precededBy",
        "similarTo",
        "websiteOf",
    }
)
EVENT_KINDS = (
    "Agreement",
    "Incident",
    "Statement",
    "AttributionClaim",
    "Denial",
    "Law",
    "Event",
    "Post",
    "PostTenure",
    "Quotation",
)


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


def _norm(name: str, aliases: dict[str, str] | None = None) -> str:
    name = " ".join(name.replace("\u2019", "'").casefold().split())
    name = name[4:] if name.startswith("the ") else name
    return (aliases or {}).get(name, name)


def _broad(kind: str) -> str:
    vocab = vocabulary()
    ancestors = vocab.ancestors(kind) if vocab.is_class(kind) else {kind}
    if ancestors & ORGANISATIONS or kind in ORGANISATIONS:
        return "Organisation"
    return next((k for k in (*EVENT_KINDS, *NAMED) if k in ancestors), kind)


@dataclass(frozen=True)
class GoldNames:
    """What a gold file calls its entities: alias -> canonical name, and the canonical names."""

    aliases: dict[str, str]
    names: frozenset[str]


def extracted_sets(extraction: Extraction, gold: GoldNames | None = None, text: str = "") -> tuple[set, set]:
    """The extraction as (type, name) entities and (subject, predicate, object) relations, names through aliases."""
    entities, by_rule = _extracted(extraction, gold, text)
    return entities, {r for triples in by_rule.values() for r in triples}


def _in_text_label(label: str, forms: set[str], gold: GoldNames, text: str) -> str:
    """A label from a gazetteer or the graph, or if the text never uses it, the fullest name the text called
    the entity by that the gold names."""
    if _norm(label, gold.aliases) in gold.names or _norm(label) in text:
        return label
    named = sorted((f for f in forms if _norm(f, gold.aliases) in gold.names), key=lambda f: (-len(f), f))
    return named[0] if named else label


def _labels(extraction: Extraction, gold: GoldNames | None, text: str) -> tuple[dict[str, str], dict[str, str]]:
    """Each entity's label as scored (see _in_text_label) and its broad kind."""
    labels, kinds = {}, {}
    forms: dict[str, set[str]] = defaultdict(set)
    for m in extraction.mentions:
        new = extraction.new_entities.get(m.entity)
        kinds[m.entity] = _broad(new["type"] if new else m.kind)
        labels[m.entity] = new["label"] if new else m.label
        if text:
            forms[m.entity].add(text[m.start : m.end])
    if gold:
        folded = _norm(text)
        labels.update({e: _in_text_label(labels[e], seen, gold, folded) for e, seen in forms.items()})
    return labels, kinds


def entity_names(extraction: Extraction, gold: Gold, text: str) -> dict[str, str]:
    """Each entity of an extraction under the name the gold would call it (through its aliases)."""
    labels, _ = _labels(extraction, gold.names, text)
    return {e: _norm(label, gold.names.aliases) for e, label in labels.items()}


def _extracted(extraction: Extraction, gold: GoldNames | None = None, text: str = "") -> tuple[set, dict[str, set]]:
    """The entities, and the relations each rule produced."""
    labels, kinds = _labels(extraction, gold, text)
    aliases = gold.aliases if gold else None
    entities = {(kinds[e], _norm(labels[e], aliases)) for e in kinds if kinds[e] in NAMED}

    def name(entity: str) -> str:
        kind = kinds.get(entity, "")
        return kind if kind in EVENT_KINDS else _norm(labels.get(entity, entity), aliases)

    by_rule: dict[str, set] = defaultdict(set)
    for r in (r for r in extraction.relations if r.predicate in GOLD_PREDICATES):
        by_rule[r.rule or "(none)"].update((name(r.subject), r.predicate, name(o)) for o in r.objects)
    return entities, by_rule


@dataclass(frozen=True)
class Gold:
    """One gold file: its text, the date and publisher it gives, and its annotations, names normalised."""

    path: Path
    text: Path
    published: dt.date | None
    publisher: str | None
    names: GoldNames
    entities: frozenset[tuple[str, str]]
    relations: frozenset[tuple[str, str, str]]
    forms: dict[str, frozenset[str]]  # canonical name -> every form the file gives it (name and aliases)


def gold_files(names: list[str]) -> list[Path]:
    """The gold files the command line names: files as given, directories by their *.yaml files."""
    files: list[Path] = []
    for name in names:
        path = Path(name)
        files += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    if not files:
        raise UsageError("no gold files given")
    return files


def load_gold(gold_path: Path) -> Gold:
    """Read and check one gold file (README § Ingesting new articles); a bad one is an InputError naming it."""
    try:
        gold = load_yaml_text(read_text(gold_path, MAX_SEED_BYTES), str(gold_path))  # aliases refused
        listed = [*gold.get("entities", []), *gold.get("others", [])]
        aliases = {_norm(alias): _norm(entity["name"]) for entity in listed for alias in entity.get("aliases", [])}
        return Gold(
            path=gold_path,
            text=(gold_path.parent / gold["text"]).resolve(),
            published=dt.date.fromisoformat(str(gold["date"])) if gold.get("date") else None,
            publisher=str(gold["publisher"]) if gold.get("publisher") else None,
            names=GoldNames(aliases, frozenset(_norm(e["name"]) for e in listed)),
            entities=frozenset((e["type"], _norm(e["name"])) for e in gold.get("entities", [])),
            relations=frozenset(
                (r["s"] if r["s"] in EVENT_KINDS else _norm(r["s"]), r["p"], r["o"] if r["o"] in EVENT_KINDS else _norm(r["o"]))
                for r in gold.get("relations", [])
            ),
            forms={_norm(e["name"]): frozenset({_norm(e["name"]), *(_norm(a) for a in e.get("aliases", []))}) for e in listed},
        )
    except (OSError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"bad gold file: {exc}", str(gold_path)) from None


def annotator_sets(other: Gold, reference: Gold) -> tuple[set, dict[str, set]]:
    """A second annotator's gold as if it were extracted: each of its entities under the reference's canonical
    name when any form the two files give it is the same, so only real disagreements count."""

    def name(entity: str) -> str:
        for form in sorted(other.forms.get(entity, {entity})):
            if form in reference.names.names or form in reference.names.aliases:
                return reference.names.aliases.get(form, form)
        return entity

    entities = {(kind, name(n)) for kind, n in other.entities}
    relations = {(s if s in EVENT_KINDS else name(s), p, o if o in EVENT_KINDS else name(o)) for s, p, o in other.relations}
    return entities, {"(annotator)": relations}


def evaluate(gold_files: list[Path], extractor: Extractor | None, against: Path | None = None) -> dict:
    """Score the extractor against each gold file — or, with `against`, the gold file of the same name in that
    directory (a second annotator's) against each: inter-annotator agreement on the same scale."""
    entity_scores: dict[str, Scores] = defaultdict(Scores)
    relation_scores: dict[str, Scores] = defaultdict(Scores)
    rule_scores: dict[str, Scores] = defaultdict(Scores)
    per_text = []
    for gold_path in gold_files:
        gold = load_gold(gold_path)
        gold_entities, gold_relations = set(gold.entities), set(gold.relations)
        if against is not None:
            second = against / gold_path.name
            if not second.is_file():
                raise InputError(f"no second annotation {second}", str(gold_path))
            found_entities, by_rule = annotator_sets(load_gold(second), gold)
        else:
            if extractor is None:
                raise ValueError("evaluate needs an extractor or a directory of second annotations")
            article = read_article(gold.text)
            if gold.publisher:
                article.meta.setdefault("publisher", gold.publisher)
            found_entities, by_rule = _extracted(extractor.extract(article, gold.published), gold.names, article.text)
        found_relations = {r for triples in by_rule.values() for r in triples}
        for rule in sorted(set(RULES) | set(by_rule)) if against is None else ():  # a rule's recall: over the gold
            writes = set(RULES[rule].writes) if rule in RULES else {p for _, p, _ in by_rule[rule]}
            rule_scores[rule].add({r for r in gold_relations if r[1] in writes}, by_rule.get(rule, set()))
        for kind in NAMED:
            entity_scores[kind].add({e for e in gold_entities if e[0] == kind}, {e for e in found_entities if e[0] == kind})
        for predicate in sorted({r[1] for r in gold_relations | found_relations}):
            relation_scores[predicate].add(
                {r for r in gold_relations if r[1] == predicate}, {r for r in found_relations if r[1] == predicate}
            )
        text_scores = Scores(), Scores()
        text_scores[0].add(gold_entities, found_entities)
        text_scores[1].add(gold_relations, found_relations)
        per_text.append(
            {
                "gold": gold_path.name,
                "entity_f1": round(text_scores[0].f1, 3),
                "relation_f1": round(text_scores[1].f1, 3),
                "missed": sorted(" ".join(x) for x in (gold_entities - found_entities) | (gold_relations - found_relations)),
                "spurious": sorted(" ".join(x) for x in (found_entities - gold_entities) | (found_relations - gold_relations)),
            }
        )

    def table(scores: dict[str, Scores]) -> dict:
        total = Scores(sum(s.tp for s in scores.values()), sum(s.fp for s in scores.values()), sum(s.fn for s in scores.values()))
        rows = {
            k: {
                "precision": round(s.precision, 3),
                "recall": round(s.recall, 3),
                "f1": round(s.f1, 3),
                "tp": s.tp,
                "fp": s.fp,
                "fn": s.fn,
            }
            for k, s in sorted(scores.items())
        }
        rows["all"] = {
            "precision": round(total.precision, 3),
            "recall": round(total.recall, 3),
            "f1": round(total.f1, 3),
            "tp": total.tp,
            "fp": total.fp,
            "fn": total.fn,
        }
        return rows

    rules = table(rule_scores)
    del rules["all"]  # a relation counts for every rule that made it, and each rule's recall has its own gold
    return {"entities": table(entity_scores), "relations": table(relation_scores), "rules": rules, "texts": per_text}
