"""Learned role models (graph.learn, graph.extract_learned, graph.train_roles, `cyberkg train-roles`): weights as
data, the roles they add to what the rules found, training on gold with held-out sets, and the shipped file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cyberkg.cli import main
from cyberkg.errors import InputError, UsageError
from cyberkg.graph.extract import Extractor
from cyberkg.graph.extract_learned import MODEL_FILE, ROLES, learned_roles, role_name, rule_roles
from cyberkg.graph.extract_model import parse
from cyberkg.graph.learn import LinearModel, Sample, dump_models, load_models, train
from cyberkg.graph.reader import Article
from cyberkg.graph.train_roles import GRID, NEVER, examples, held_out_gain

REAL_NEWS = Path(__file__).parent / "data" / "real-news"
CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "real-news-dev"


def test_a_model_learns_its_feature_and_writes_the_same_bytes(tmp_path: Path) -> None:
    samples = [Sample(frozenset({"cue", f"noise{i % 3}"}), True) for i in range(20)]
    samples += [Sample(frozenset({"other", f"noise{i % 3}", f"rare{i}"}), False) for i in range(20)]
    model = train("Event.participant", samples, c=1.0)
    assert model.probability({"cue"}) > 0.7 > 0.3 > model.probability({"other"})
    assert not any(f.startswith("rare") for f in model.weights)  # seen once: left out
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    dump_models([model], first, {"trained on": ["x"]})
    dump_models([train("Event.participant", samples, c=1.0)], second, {"trained on": ["x"]})
    assert first.read_bytes() == second.read_bytes()
    assert load_models(first)["Event.participant"].weights == model.weights


def test_a_bad_model_file_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "roles.json"
    bad.write_text('{"models": {"Event.participant": {"bias": "x"}}}')
    with pytest.raises(InputError, match="bad model file"):
        load_models(bad)
    gold = REAL_NEWS / "dev"
    assert main(["eval", str(next(gold.glob("*.yaml"))), "--roles-model", str(bad)]) == InputError.exit_code
    assert "bad model file" in capsys.readouterr().err


TEXT = (
    "Officials of Norway and Chile held talks on cyber security in Oslo on Monday.\n\n"
    "The Norwegian Data Protection Authority also sent a delegation.\n"
)


def _extract(extractor: Extractor, text: str):  # noqa: ANN202 - an Extraction and its parse
    article = Article("learned-test", text, "<test>", {})
    doc = next(iter(parse([text], extractor.ruler)))
    doc.user_data["cyberkg_text"] = text
    extractor.learned = False
    return extractor._extract(article, dt.date(2024, 5, 10), doc), doc


def test_learned_roles_join_the_nearest_frame_with_their_rule_and_evidence() -> None:
    extractor = Extractor({}, {})
    out, doc = _extract(extractor, TEXT)
    ruled = rule_roles(out)
    org = next(m.entity for m in out.mentions if m.kind == "Organisation")
    assert "Event.participant" not in ruled[org]  # what the model is to add: the rules leave it out
    before = len(out.relations)
    sure = LinearModel("Event.participant", -5.0, {"k:Organisation": 10.0}, 0.5)
    learned_roles(out, doc, {"Event.participant": sure})
    added = out.relations[before:]
    assert [(r.predicate, r.objects, r.rule) for r in added] == [("participant", [org], "learned.roles")]
    event = next(m for m in out.mentions if m.entity == added[0].subject)
    assert event.kind == "Event" and added[0].sentence in TEXT and "Authority" in added[0].sentence
    assert added[0].confidence == pytest.approx(0.993, abs=1e-3)
    out2, doc2 = _extract(extractor, TEXT)
    learned_roles(out2, doc2, {"Event.participant": LinearModel("Event.participant", -5.0, {"k:Organisation": 10.0}, 0.999)})
    assert len(out2.relations) == before  # below its threshold: nothing


def test_training_on_real_gold_is_deterministic_and_scores_held_out_sets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not CORPUS.is_dir():
        pytest.fail(f"the real-news texts are missing: expected {CORPUS.resolve()} (../shared beside the repository)")
    found = examples(sorted((REAL_NEWS / "dev").glob("*.yaml")) + sorted((REAL_NEWS / "blind").glob("*.yaml")))
    assert {ex.group for ex in found} == {"dev", "blind"} and len(found) == 24
    gain = held_out_gain(found, "blind")
    assert sum(gain.rules[::2]) == sum(gain.learned[::2])  # the gold is the gold: tp + fn unchanged
    assert gain.learned[0] >= gain.rules[0] and gain.learned[1] >= gain.rules[1]  # models only add
    args = ["train-roles", str(REAL_NEWS / "dev"), str(REAL_NEWS / "blind"), "--held-out", "blind"]
    assert main([*args, "-o", str(tmp_path / "a.json")]) == 0
    shown = capsys.readouterr().out
    assert "held-out set" in shown and "Event.participant" in shown
    assert main([*args, "-o", str(tmp_path / "b.json")]) == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    models = load_models(tmp_path / "a.json")
    assert set(models) == {role_name(k, p) for k, p in ROLES} and all(m.threshold in (*GRID, NEVER) for m in models.values())
    assert main(["train-roles", str(REAL_NEWS / "dev"), "--held-out", "nosuchset"]) == UsageError.exit_code


def test_the_shipped_models_cover_every_role_and_name_their_training_sets() -> None:
    body = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    models = load_models(MODEL_FILE)
    assert set(models) == {role_name(k, p) for k, p in ROLES}
    assert all(m.positives > 0 and m.weights for m in models.values())
    sets = body["about"]["trained on"]
    assert "dev" in sets and not any(s.startswith("/") for s in sets)  # set names, not paths of this machine
