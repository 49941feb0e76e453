"""What the CLI prints of article data: control characters never reach the terminal raw (text shows them as
visible escapes, JSON as \\u escapes), and JSON is strict (no NaN, no Infinity)."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.read import Reader
from storyline.settings import Settings
from tests.web.support import ESCAPES, hostile_store

RAW_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return hostile_store(tmp_path_factory.mktemp("hostile-cli"))


def _run(settings: Settings, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", settings.db, *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def escaping(monkeypatch: pytest.MonkeyPatch) -> None:
    """Terminal escapes in every title the reader gives (ingest may clean them out of new articles; a store made
    before, or another engine, need not)."""
    real_stories, real_story, real_article, real_brief = Reader.stories, Reader.story, Reader.article, Reader.brief

    def titled(view: dict[str, Any]) -> dict[str, Any]:
        return {**view, "title": f"Fire {ESCAPES} destroys warehouse"}

    monkeypatch.setattr(Reader, "stories", lambda self, **kw: [titled(s) for s in real_stories(self, **kw)])
    monkeypatch.setattr(Reader, "story", lambda self, sid: titled(real_story(self, sid)))
    monkeypatch.setattr(Reader, "article", lambda self, aid: titled(real_article(self, aid)))
    monkeypatch.setattr(Reader, "brief", lambda self, sid, html=False: ESCAPES + real_brief(self, sid, html))


def test_text_output_shows_control_characters_as_escapes(hostile: Settings, escaping: None) -> None:
    listing = _run(hostile, "stories")
    assert not RAW_CONTROLS.search(listing)
    assert "Fire \\x1b[2J\\x1b]0;owned\\x07\\x9b31m destroys warehouse" in listing
    article = json.loads(_run(hostile, "export", "--what", "articles").splitlines()[0])
    for command in (["article", article["id"]], ["story", article["story_id"]], ["brief", article["story_id"]]):
        out = _run(hostile, *command)
        assert not RAW_CONTROLS.search(out), command
        assert "\\x1b" in out, command


def test_json_output_escapes_control_characters_and_keeps_the_data(hostile: Settings, escaping: None) -> None:
    out = _run(hostile, "stories", "--json")
    assert not RAW_CONTROLS.search(out)
    assert {s["title"] for s in json.loads(out)} == {f"Fire {ESCAPES} destroys warehouse"}  # the same data, parsed


def test_json_output_is_strict(hostile: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    def overflowing(self: Reader, article_id: str) -> dict[str, Any]:
        return {"id": article_id, "claims": [{"value": math.inf, "value_high": math.nan}]}

    monkeypatch.setattr(Reader, "article", overflowing)
    out = _run(hostile, "article", "x", "--json")

    def refuse(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    assert json.loads(out, parse_constant=refuse)["claims"] == [{"value": None, "value_high": None}]
