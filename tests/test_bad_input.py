"""Bad input: a clear one-line error naming file:line, a non-zero exit, and the store untouched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from storehelp import copy_store

from cyberkg.cli import main
from cyberkg.graph.store import OxigraphStore
from cyberkg.queries.export import export_bytes


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


CASES = {
    "malformed-yaml": ("entities/people.yaml", "  label: Li Keqiang", "  label: [Li Keqiang", "malformed YAML"),
    "quote-not-in-article": (
        "entities/people.yaml",
        '"Chinese Premier Li Keqiang"}',
        '"Chinese Premier Li Keqiang said hello"}',
        "quote not found verbatim",
    ),
    "unknown-entity": ("entities/people.yaml", "o: cn-premier", "o: premier-of-atlantis", "unknown entity 'premier-of-atlantis'"),
    "impossible-date": (
        "entities/incidents.yaml",
        "date: {value: 2014}",
        "date: {value: 2017-13-40}",
        "impossible date '2017-13-40'",
    ),
    "malformed-date": ("entities/incidents.yaml", "date: {value: 2014}", "date: {value: June 2014}", "malformed date"),
    "unknown-predicate": (
        "entities/people.yaml",
        "p: holdsPost\n      o: cn-premier",
        "p: isBestFriendOf\n      o: cn-premier",
        "unknown predicate 'isBestFriendOf'",
    ),
    "unknown-class": (
        "entities/people.yaml",
        "  type: Person\n  label: Li Keqiang",
        "  type: Wizard\n  label: Li Keqiang",
        "unknown class 'Wizard'",
    ),
    "range-clash": ("entities/people.yaml", "o: cn-premier", "o: canada  # a state is not a post", "'holdsPost' needs a Post"),
    "duplicate-id": ("entities/people.yaml", "- id: li-keqiang", "- id: justin-trudeau", "duplicate id 'justin-trudeau'"),
    "fact-without-evidence": (
        "entities/people.yaml",
        '      evidence: {article-001: "Chinese Premier Li Keqiang"}\n',
        "",
        "has no evidence",
    ),
    "unknown-document": (
        "entities/people.yaml",
        '{article-001: "Chinese Premier Li Keqiang"}',
        '{article-999: "Chinese Premier Li Keqiang"}',
        "unknown document 'article-999'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_seed_gives_file_line_error_and_keeps_store(case, seeds_copy, tmp_path, capsys, built_store):
    relative, old, new, message = CASES[case]
    store_path = tmp_path / "store"
    good = copy_store(built_store, store_path)  # a good build of the seeds, built once for the session
    before = export_bytes(good, "nq")
    good.close()

    target = seeds_copy / relative
    _edit(target, old, new)
    code = main(
        [
            "build",
            "--store",
            str(store_path),
            "--seeds",
            str(seeds_copy),
            "--out",
            str(tmp_path / "out"),
            "--quiet",
            "--no-reason",
        ]
    )
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert len(err.splitlines()) == 1, err
    assert message in err
    match = re.search(r"(\S+\.yaml):(\d+): ", err)
    assert match, f"no file:line in {err!r}"
    assert match.group(1).endswith(relative)
    changed_line = _line_of(target, new.splitlines()[0].strip()) if new else None
    if changed_line and case not in ("fact-without-evidence", "duplicate-id"):
        assert abs(int(match.group(2)) - changed_line) <= 3, (err, changed_line)
    assert "Traceback" not in err
    assert export_bytes(OxigraphStore(store_path), "nq") == before


def test_non_utf8_article(seeds_copy, tmp_path, capsys):
    (seeds_copy / "articles" / "000_142533a5061910c7.txt").write_bytes(b"China \xff\xfe and Canada\n")
    code = main(["build", "--store", "memory:", "--seeds", str(seeds_copy), "--quiet", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and "not UTF-8" in err and "000_142533a5061910c7.txt:1" in err


def test_sparql_syntax_error_is_one_line(built_store, capsys):
    code = main(["query", "--store", built_store.location, "SELECT ?x WHERE { ?x ?y }"])
    err = capsys.readouterr().err.strip()
    assert code == 5 and err.startswith("cyberkg: error: SPARQL syntax error") and len(err.splitlines()) == 1


def test_unknown_named_query(built_store, capsys):
    code = main(["query", "--store", built_store.location, "no-such-query"])
    assert code == 5 and "neither a named query" in capsys.readouterr().err


def test_missing_store_is_a_clear_error(tmp_path, capsys):
    code = main(["stats", "--store", str(tmp_path / "nowhere")])
    assert code == 4 and "run `cyberkg build` first" in capsys.readouterr().err


def test_validation_failure_is_reported_and_nothing_stored(seeds_copy, tmp_path, capsys):
    # a statement without a speaker is well-formed YAML but breaks the SHACL shapes
    path = seeds_copy / "entities" / "statements.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    - p: speaker\n      o: xinhua")
    end = text.index("    - p: publishedIn\n      o: xinhua")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    store_path = tmp_path / "store"
    code = main(
        [
            "build",
            "--store",
            str(store_path),
            "--seeds",
            str(seeds_copy),
            "--quiet",
            "--no-reason",
            "--out",
            str(tmp_path / "out"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 3
    assert "xinhua-statement-2017" in err and "speaker" in err
    assert not store_path.exists()
