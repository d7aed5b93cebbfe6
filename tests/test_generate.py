"""The synthetic corpus generator: deterministic, in the seed format, and valid."""

from __future__ import annotations

import filecmp

from cyberkg.graph.build import build_dataset
from cyberkg.graph.generate import generate, write_corpus


def _tree(path):
    return sorted(p.relative_to(path) for p in path.rglob("*") if p.is_file())


def test_same_seed_gives_identical_files_and_other_seeds_differ(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_corpus(generate(1200, seed=5), a)
    write_corpus(generate(1200, seed=5), b)
    write_corpus(generate(1200, seed=6), c)
    assert _tree(a) == _tree(b)
    assert all(filecmp.cmp(a / f, b / f, shallow=False) for f in _tree(a))
    assert (a / "entities" / "states.yaml").read_bytes() != (c / "entities" / "states.yaml").read_bytes()


def test_generated_corpus_builds_and_validates(tmp_path):
    summary = write_corpus(generate(1500, seed=2), tmp_path)
    assert 1500 <= summary["facts"] < 1600
    result = build_dataset(tmp_path, reason=False)  # SHACL + verbatim-evidence checks
    assert result.report.ok
    assert result.documents == summary["documents"]
    assert "invented names" in (tmp_path / "documents.yaml").read_text().splitlines()[0]
