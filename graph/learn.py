"""Linear models over string features: applied in pure Python from a JSON file of weights, trained with
scikit-learn's logistic regression (imported only to train: `pip install scikit-learn`, in the test extra).

Weights, not a pickle, so that a model file is data that can be read, diffed and loaded without running code."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cyberkg.errors import InputError


@dataclass(frozen=True)
class LinearModel:
    """P(yes | features) = sigmoid(bias + the weights of the features present); yes when >= threshold."""

    name: str
    bias: float
    weights: Mapping[str, float]
    threshold: float = 0.5
    positives: int = 0  # training examples, for the record
    examples: int = 0

    def probability(self, features: Iterable[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in set(features))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass
class Sample:
    """One training example: its features, its answer, and the text it came from (for held-out folds)."""

    features: frozenset[str]
    positive: bool
    group: str = ""
    key: tuple = field(default=())


def train(name: str, samples: Sequence[Sample], *, c: float = 0.3, min_count: int = 2, threshold: float = 0.5) -> LinearModel:
    """Logistic regression (L2, liblinear: deterministic) on the features seen in at least `min_count` examples."""
    try:
        import numpy as np
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise InputError("training needs scikit-learn: pip install scikit-learn") from exc
    from scipy.sparse import csr_matrix

    counts = Counter(f for s in samples for f in s.features)
    vocab = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(vocab)}
    rows, cols = [], []
    for r, s in enumerate(samples):
        for f in s.features:
            if f in index:
                rows.append(r)
                cols.append(index[f])
    matrix = csr_matrix(
        (np.ones(len(rows)), (np.array(rows, dtype=np.int32), np.array(cols, dtype=np.int32))), shape=(len(samples), len(vocab))
    )
    matrix.indices = matrix.indices.astype(np.int32)  # liblinear refuses 64-bit sparse indices
    matrix.indptr = matrix.indptr.astype(np.int32)
    labels = [s.positive for s in samples]
    positives = sum(labels)
    if positives == 0 or positives == len(labels):
        return LinearModel(name, -30.0 if positives == 0 else 30.0, {}, threshold, positives, len(labels))
    fitted = LogisticRegression(C=c, solver="liblinear", max_iter=1000).fit(matrix, labels)
    weights = {f: round(float(w), 4) for f, w in zip(vocab, fitted.coef_[0], strict=True) if abs(w) >= 1e-3}
    return LinearModel(name, round(float(fitted.intercept_[0]), 4), weights, threshold, positives, len(labels))


def dump_models(models: Iterable[LinearModel], path: Path, about: Mapping[str, object]) -> None:
    """Write models as sorted JSON (the same training data gives the same bytes)."""
    body = {
        "about": dict(about),
        "models": {
            m.name: {
                "bias": m.bias,
                "threshold": m.threshold,
                "positives": m.positives,
                "examples": m.examples,
                "weights": dict(sorted(m.weights.items())),
            }
            for m in models
        },
    }
    path.write_text(json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def load_models(path: Path) -> dict[str, LinearModel]:
    """Read a model file written by dump_models; a bad one is an InputError naming it."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        return {
            name: LinearModel(
                name,
                float(m["bias"]),
                {str(f): float(w) for f, w in m["weights"].items()},
                float(m["threshold"]),
                int(m.get("positives", 0)),
                int(m.get("examples", 0)),
            )
            for name, m in body["models"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"bad model file: {exc}", str(path)) from None
