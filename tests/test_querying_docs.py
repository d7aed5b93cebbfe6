"""The README's "Querying the graph" section: every ```sparql block there runs against the seed graph and gives
the answers the text promises, so the section cannot go stale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cyberkg.namespaces import PREFIXES

README = Path(__file__).resolve().parents[1] / "README.md"
CKO, CKR, GRAPH = PREFIXES["cko"], PREFIXES["ckr"], PREFIXES["ckg"]


def section_queries() -> list[str]:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Querying the graph\n")
    end = text.index("\n## ", start + 1)
    return re.findall(r"```sparql\n(.*?)```", text[start:end], flags=re.S)


def run(store, index: int) -> list[dict[str, str]]:
    result = store.query(section_queries()[index], prefixes=PREFIXES)
    return [{str(k): str(v) for k, v in row.items()} for row in result.bindings]


def test_the_section_has_five_queries():
    assert len(section_queries()) == 5


def test_classes(any_store):
    rows = run(any_store, 0)
    kinds = {(r["agreement"], r["kind"]) for r in rows}
    assert (CKR + "ca-cn-agreement-2017", CKO + "FormalAgreement") in kinds
    assert (CKR + "ca-cn-extradition-treaty", CKO + "ProposedAgreement") in kinds
    assert {r["agreement"] for r in rows} >= {CKR + "us-cn-understanding-2015", CKR + "cn-ca-cooperation-framework"}
    assert CKO + "Agreement" not in {r["kind"] for r in rows}  # the direct type is the most specific


def test_a_path(any_store):
    assert [r["partner"] for r in run(any_store, 1)] == ["Canada", "United States"]


def test_provenance_with_graph(any_store):
    rows = run(any_store, 2)
    assert [r["graph"] for r in rows] == [GRAPH + "article-000", GRAPH + "article-001"]
    assert rows[0]["quote"] == "China and Canada have signed an agreement"


def test_corroboration(any_store):
    rows = {(r["agreement"], r["party"]): int(r["sources"]) for r in run(any_store, 3)}
    agreement = "China–Canada agreement against economic cyber espionage (2017)"
    assert rows[(agreement, "China")] == rows[(agreement, "Canada")] == 2
    assert rows[("US–China understanding on corporate cyber espionage (2015)", "United States")] == 1


def test_dates_with_precision(any_store):
    rows = run(any_store, 4)
    call = next(r for r in rows if r["label"].startswith("Phone call between Justin Trudeau"))
    assert (call["date"], call["precision"], call["derived"]) == ("2017-06-18", PREFIXES["time"] + "unitDay", "true")
    assert all(r["date"] >= "2017" for r in rows) and len(rows) >= 4
    assert any(r["precision"].endswith("unitMonth") for r in rows)


@pytest.mark.parametrize("heading", ["## The graph and its provenance", "## Stores and scale"])
def test_materialisation_is_documented(heading):
    text = README.read_text(encoding="utf-8")
    start = text.index(heading)
    assert "ckg:inferred" in text[start : text.index("\n## ", start + 1)]
