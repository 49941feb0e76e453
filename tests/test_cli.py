"""The command line: exit codes, summary line, JSON contract fields."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storyline.cli import main
from tests.engines.test_local import FIRE, STRIKE

STORY_FIELDS = {
    "id", "title", "articles", "relations", "independent_reports", "entities", "timeline", "claims", "conflicts",
    "quotes", "summary", "related_stories",
}  # fmt: skip
ARTICLE_FIELDS = {
    "id",
    "source_path",
    "title",
    "title_generated",
    "published",
    "published_how",
    "outlet",
    "text",
    "removed",
}


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "strike.txt").write_text(" date 2026-03-03 " + STRIKE, encoding="utf-8")
    (folder / "fire.txt").write_text(FIRE, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def test_ingest_summary_and_json_contract(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "c.db")
    result = runner.invoke(main, ["--db", db, "ingest", str(_corpus(tmp_path))])
    assert result.exit_code == 0
    assert "read 3, new 2, already stored 0, duplicates 0, 1 rejected (empty file" in result.output
    stories = json.loads(runner.invoke(main, ["--db", db, "stories", "--json"]).output)
    assert len(stories) == 2
    story = json.loads(runner.invoke(main, ["--db", db, "story", stories[0]["id"], "--json"]).output)
    assert set(story) >= STORY_FIELDS
    article = json.loads(runner.invoke(main, ["--db", db, "article", story["articles"][0]["id"], "--json"]).output)
    assert set(article) >= ARTICLE_FIELDS


def test_env_var_selects_the_store(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    runner = CliRunner(env={"STORYLINE_DB": str(db)})
    assert runner.invoke(main, ["ingest", str(_corpus(tmp_path))]).exit_code == 0
    assert db.exists()


def test_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["--db", str(tmp_path / "none.db"), "stories"])
    assert missing.exit_code == 1 and "storyline ingest" in missing.output
    assert runner.invoke(main, ["ingest"]).exit_code == 2
    db = str(tmp_path / "c.db")
    runner.invoke(main, ["--db", db, "ingest", str(_corpus(tmp_path))])
    unknown = runner.invoke(main, ["--db", db, "story", "nope"])
    assert unknown.exit_code == 1 and "no story" in unknown.output


def test_unwritable_store_exits_1(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(main, ["--db", str(blocker / "sub" / "s.db"), "ingest", str(_corpus(tmp_path))])
    assert result.exit_code == 1
    assert "cannot open store" in result.output


def test_rejected_lists_inputs_with_reason_and_stage(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "s.db")
    folder = _corpus(tmp_path)
    (folder / "broken.txt").write_bytes(STRIKE.encode() + b" caf\xc3\xa9 \xff\xfe")
    assert runner.invoke(main, ["--db", db, "ingest", str(folder)]).exit_code == 0
    out = runner.invoke(main, ["--db", db, "rejected"])
    assert out.exit_code == 0
    lines = sorted(out.output.splitlines())
    assert len(lines) == 2 and any("invalid UTF-8" in line for line in lines)
    assert "broken.txt" in out.output and "empty.txt" in out.output
    rows = json.loads(runner.invoke(main, ["--db", db, "rejected", "--json"]).output)
    assert {r["source_path"].rsplit("/", 1)[-1] for r in rows} == {"broken.txt", "empty.txt"}
    assert all(r["error"] for r in rows)
