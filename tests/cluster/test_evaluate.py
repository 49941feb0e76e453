"""BCubed and pairwise metrics on hand-checked cases."""

from __future__ import annotations

import pytest

from storyline.evaluate.clustering import bcubed, evaluate_clustering_assignments, pairwise_f1


def test_perfect_clustering_scores_one() -> None:
    gold = {"a": 1, "b": 1, "c": 2}
    pred = {"a": "x", "b": "x", "c": "y"}
    assert bcubed(pred, gold) == (1.0, 1.0, 1.0)
    assert pairwise_f1(pred, gold) == (1.0, 1.0, 1.0)


def test_one_big_cluster() -> None:
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    pred = dict.fromkeys(gold, "all")
    p, r, f = bcubed(pred, gold)
    assert p == pytest.approx(0.5) and r == 1.0 and f == pytest.approx(2 / 3)
    pp, pr, _ = pairwise_f1(pred, gold)
    assert pp == pytest.approx(2 / 6) and pr == 1.0


def test_all_singletons() -> None:
    gold = {"a": 1, "b": 1, "c": 1}
    pred = {"a": 1, "b": 2, "c": 3}
    p, r, _ = bcubed(pred, gold)
    assert p == 1.0 and r == pytest.approx(1 / 3)


def test_report_shape() -> None:
    m = evaluate_clustering_assignments({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "y", "c": "y", "z": "y"})
    assert set(m) == {
        "bcubed_f1",
        "bcubed_precision",
        "bcubed_recall",
        "pairwise_f1",
        "pairwise_precision",
        "pairwise_recall",
        "stories",
        "gold_stories",
        "documents",
    }
    assert m["documents"] == 3 and m["stories"] == 2 and m["gold_stories"] == 2
