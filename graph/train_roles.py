"""`cyberkg train-roles GOLD...`: fit the role models (graph.extract_learned) on gold-annotated articles.

Each named entity of each article is one example per role: its features (where its mentions sit in the
parse) and whether the gold gives it that role in that article. Held-out folds (one per gold directory)
say how well a model trained on the other directories finds the roles on texts it never saw."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from cyberkg.graph.evaluate import entity_names, extracted_sets, load_gold
from cyberkg.graph.extract import Extractor
from cyberkg.graph.extract_learned import FRAME_KINDS, ROLES, entity_features, role_name, rule_roles
from cyberkg.graph.learn import LinearModel, Sample, dump_models, train
from cyberkg.graph.reader import read_article


@dataclass(frozen=True)
class Example:
    """One article: its entities' features, the roles the rules gave them and the gold gives them, the frame
    kinds the rules found, and how the rules alone scored on it (for the folds' totals)."""

    group: str  # the gold directory, one held-out fold
    features: dict[str, frozenset[str]]  # entity -> features (with the roles the rules gave it)
    roles: dict[str, frozenset[str]]  # entity -> role names the gold gives it
    ruled: dict[str, frozenset[str]]  # entity -> role names the rules gave it
    names: dict[str, str]  # entity -> its name as the gold calls it
    frames: frozenset[str]
    rules_score: tuple[int, int, int]  # tp, fp, fn of every relation the rules found


def examples(gold_files: Sequence[Path]) -> list[Example]:
    """Extract each gold file's article with the rules alone (no learned roles) and label its entities."""
    from cyberkg.graph.extract_model import parse

    extractor = Extractor({}, {})
    extractor.learned = False
    found = []
    for path in gold_files:
        gold = load_gold(path)
        article = read_article(gold.text)
        if gold.publisher:
            article.meta.setdefault("publisher", gold.publisher)
        doc = next(iter(parse([article.text], extractor.ruler)))
        doc.user_data["cyberkg_text"] = article.text
        out = extractor._extract(article, gold.published, doc)
        names = entity_names(out, gold, article.text)
        _, relations = extracted_sets(out, gold.names, article.text)
        feats = entity_features(out, doc)
        ruled = rule_roles(out)
        found.append(
            Example(
                set_name(path),
                {e: frozenset(f) for e, f in feats.items()},
                {e: _roles(gold.relations, names[e]) for e in feats},
                {e: frozenset(ruled.get(e, ())) for e in feats},
                {e: names[e] for e in feats},
                frozenset(m.kind for m in out.mentions if m.kind in FRAME_KINDS),
                (len(gold.relations & relations), len(relations - gold.relations), len(gold.relations - relations)),
            )
        )
    return found


def set_name(path: Path) -> str:
    """A gold file's set, as its directory's name ("gold" directories by their parent's): one held-out fold."""
    folder = path.parent
    return f"{folder.parent.name}/{folder.name}" if folder.name == "gold" else folder.name


def _roles(relations: Collection[tuple[str, str, str]], name: str) -> frozenset[str]:
    return frozenset(role_name(k, p) for k, p in ROLES if (k, p, name) in relations)


def samples(found: Sequence[Example], role: str) -> list[Sample]:
    """The residual: each entity the rules did not give this role, in an article with a frame of its kind."""
    kind = role.split(".")[0]
    return [
        Sample(feats, role in ex.roles[entity], ex.group, (ex.names[entity],))
        for ex in found
        if kind in ex.frames
        for entity, feats in sorted(ex.features.items())
        if role not in ex.ruled[entity]
    ]


def fit(found: Sequence[Example], c: float = 0.3) -> list[LinearModel]:
    return [train(role_name(k, p), samples(found, role_name(k, p)), c=c) for k, p in ROLES]


GRID = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6)
PRECISION = 0.5  # a role is added only where held-out folds found it right at least as often as wrong
NEVER = 1.0  # the threshold of a role no fold found that precise: the model adds none


def folds(found: Sequence[Example], c: float = 0.3) -> dict[tuple[str, float], Counter]:
    """Per role and threshold, tp/fp/fn/tn of models trained without each gold directory, on that directory."""
    scores: dict[tuple[str, float], Counter] = {(role_name(k, p), t): Counter() for k, p in ROLES for t in GRID}
    for group in sorted({ex.group for ex in found}):
        models = fit([ex for ex in found if ex.group != group], c)
        held_out = [ex for ex in found if ex.group == group]
        for model in models:
            for s in samples(held_out, model.name):
                p = model.probability(s.features)
                for t in GRID:
                    yes = p >= t
                    scores[(model.name, t)]["tp" if yes and s.positive else "fp" if yes else "fn" if s.positive else "tn"] += 1
    return scores


def thresholds(scores: dict[tuple[str, float], Counter], precision: float = PRECISION) -> dict[str, float]:
    """Per role, the lowest threshold at which the held-out folds reach `precision` (else NEVER)."""
    chosen = {}
    for role in sorted({r for r, _ in scores}):
        ok = [t for t in GRID if scores[(role, t)]["tp"] / max(1, scores[(role, t)]["tp"] + scores[(role, t)]["fp"]) >= precision]
        chosen[role] = min(ok) if ok else NEVER
    return chosen


def write_models(found: Sequence[Example], output: Path, sources: Sequence[str], c: float = 0.3) -> list[LinearModel]:
    """Fit each role on every example, with the threshold the held-out folds chose, and write the model file."""
    chosen = thresholds(folds(found, c))
    models = [replace(m, threshold=chosen[m.name]) for m in fit(found, c)]
    about = {"trained on": sorted(sources), "articles": len(found), "c": c, "precision": PRECISION}
    dump_models(models, output, about)
    return models


@dataclass(frozen=True)
class Gain:
    """On one held-out set: relation tp/fp/fn of the rules alone, and with the roles models trained without it add."""

    group: str
    rules: tuple[int, int, int]
    learned: tuple[int, int, int]


def held_out_gain(found: Sequence[Example], group: str, c: float = 0.3, precision: float = PRECISION) -> Gain:
    """Train (thresholds by inner folds, then weights) on every other set and add roles to this one's articles."""
    train_on = [ex for ex in found if ex.group != group]
    chosen = thresholds(folds(train_on, c), precision)
    models = [replace(m, threshold=chosen[m.name]) for m in fit(train_on, c)]
    tp, fp, fn = (sum(ex.rules_score[i] for ex in found if ex.group == group) for i in range(3))
    rules = (tp, fp, fn)
    for index, ex in enumerate(found):
        if ex.group != group:
            continue
        added: dict[tuple, bool] = {}
        for model in models:
            for s in samples([ex], model.name):
                if model.probability(s.features) >= model.threshold:
                    added[(index, model.name, *s.key)] = s.positive
        tp, fp, fn = tp + sum(added.values()), fp + sum(not v for v in added.values()), fn - sum(added.values())
    return Gain(group, rules, (tp, fp, fn))
