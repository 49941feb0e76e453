"""Acceptance on the shared gold corpora (read in place): story clustering on ECB+ and exact duplicates on BBC News.

These run the real engine, as `storyline ingest` / `storyline eval` do, with the settings it ships with.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storyline.cli import main
from storyline.engines.local import ingest
from storyline.settings import Settings
from storyline.store.sqlite import SqliteStore
from tests.conftest import require_shared


def test_clustering_ecbplus_bcubed_at_least_0_90() -> None:
    # What `ingest` does (publication order, batches of 500), scored as users get it: 0.907 (0.922 when fed in
    # file order, the figure reported before). Issue 12 asks for 0.94; this guards what is reached, not the goal.
    data = require_shared("corpora", "clustering", "ecbplus_dev.jsonl")
    result = CliRunner().invoke(main, ["eval", "clustering", "--data", str(data), "--json", "--no-baselines"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output)["metrics"]
    assert metrics["documents"] == 772
    assert metrics["bcubed_f1"] >= 0.90, metrics


def test_bbc_all_exact_duplicate_groups_found_without_false_merges(tmp_path: Path) -> None:
    folder = require_shared("corpora", "bbc_news")
    gold_groups = [frozenset(g) for g in json.loads((folder / "exact_duplicate_groups.json").read_text())]
    # Duplicates only: the facts stage is measured elsewhere and would triple the run time.
    settings = Settings.load(environ={}, db=str(tmp_path / "bbc.db"), facts=False)
    with SqliteStore(settings.db) as store:
        report = ingest([folder / "bbc_news.jsonl"], store, settings)
        assert not report.rejected
        doc = {r[0]: r[1].rsplit("#", 1)[1] for r in store.conn.execute("SELECT id, source_path FROM articles")}
        pairs = [(doc[a], doc[b]) for a, b in store.conn.execute("SELECT a, b FROM relations WHERE type='duplicate'")]
    group_of = {d: g for g in gold_groups for d in g}
    false_merges = [p for p in pairs if group_of.get(p[0]) is None or group_of.get(p[0]) is not group_of.get(p[1])]
    assert not false_merges
    # Every member of a gold group is linked to the group, so the group is found whole.
    linked = {d for p in pairs for d in p}
    missed = [sorted(g) for g in gold_groups if not g <= linked]
    assert not missed
    assert len(gold_groups) == 98
