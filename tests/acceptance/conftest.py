"""The seed articles ingested once per test session, read back through the CLI's JSON (see test_seeds*.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main


@pytest.fixture(scope="session")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from tests.conftest import require_shared

    seeds = require_shared("seeds")
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(db), "ingest", str(seeds)])
    assert result.exit_code == 0, result.output
    stories = json.loads(runner.invoke(main, ["--db", str(db), "stories", "--json"]).output)
    full = [json.loads(runner.invoke(main, ["--db", str(db), "story", s["id"], "--json"]).output) for s in stories]
    by_file = {}
    for story in full:
        for art in story["articles"]:
            name = Path(art["source_path"]).name[:3]
            one = json.loads(runner.invoke(main, ["--db", str(db), "article", art["id"], "--json"]).output)
            by_file[name] = {**one, "story": story["id"]}
    inputs = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))}
    entities = json.loads(runner.invoke(main, ["--db", str(db), "entities", "--json"]).output)
    return {"stories": full, "articles": by_file, "inputs": inputs, "entities": entities, "db": db}
