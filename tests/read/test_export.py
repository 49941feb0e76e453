"""`storyline export`: every kind in every format, read back (CSV header, JSONL lines, Parquet table, Markdown
headings), and the Markdown-to-HTML rendering of briefings escaping everything."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.read.export import COLUMNS, markdown_html, parquet_available
from storyline.settings import Settings
from tests.api.test_v1 import build_store


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return build_store(tmp_path_factory.mktemp("export"))


def _export(settings: Settings, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--db", settings.db, "export", *args])
    return result.exit_code, result.output


def _flood_id(settings: Settings) -> str:
    _, out = _export(settings, "--what", "stories")
    return next(json.loads(line)["id"] for line in out.splitlines() if "Harnvik" in line)


@pytest.mark.parametrize(("what", "rows"), [("stories", 6), ("articles", 7)])
def test_jsonl_one_object_per_line(built: Settings, what: str, rows: int) -> None:
    code, out = _export(built, "--what", what, "--format", "jsonl")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == rows and all(list(row) == list(COLUMNS[what]) for row in lines)


def test_claims_and_timeline_jsonl_carry_their_story(built: Settings) -> None:
    flood = _flood_id(built)
    _, out = _export(built, "--what", "claims", "--story", flood)
    claims = [json.loads(line) for line in out.splitlines()]
    assert {c["story_id"] for c in claims} == {flood}
    assert {2000.0, 3500.0} <= {c["value"] for c in claims}
    _, out = _export(built, "--what", "timeline")
    entries = [json.loads(line) for line in out.splitlines()]
    assert entries and all(e["date"] and e["articles"] for e in entries)
    assert any(e["story_id"] == flood and e["date"] == "2026-04-06" for e in entries)


@pytest.mark.parametrize("what", ["stories", "articles", "claims", "timeline"])
def test_csv_has_a_fixed_header_and_json_cells(built: Settings, what: str) -> None:
    code, out = _export(built, "--what", what, "--format", "csv")
    assert code == 0
    table = list(csv.reader(io.StringIO(out)))
    assert tuple(table[0]) == COLUMNS[what] and len(table) > 1
    if what == "stories":
        rows = [dict(zip(table[0], r, strict=True)) for r in table[1:]]
        flood = next(r for r in rows if "Harnvik" in r["title"])
        assert json.loads(flood["outlets"]) == ["County Courier", "Harn Herald"] and flood["disputed"] == "true"


def test_csv_to_a_file(built: Settings, tmp_path: Path) -> None:
    target = tmp_path / "articles.csv"
    code, out = _export(built, "--what", "articles", "--format", "csv", "--output", str(target))
    assert code == 0 and "wrote 7 articles" in out
    with target.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 7 and all(r["text"] for r in rows)


@pytest.mark.skipif(not parquet_available(), reason="pyarrow is not installed")
@pytest.mark.parametrize(("what", "rows"), [("stories", 6), ("articles", 7), ("claims", None), ("timeline", None)])
def test_parquet_reads_back(built: Settings, tmp_path: Path, what: str, rows: int | None) -> None:
    import pyarrow.parquet as pq

    target = tmp_path / f"{what}.parquet"
    code, _ = _export(built, "--what", what, "--format", "parquet", "--output", str(target))
    assert code == 0
    table = pq.read_table(target)
    assert tuple(table.column_names) == COLUMNS[what]
    assert table.num_rows == rows if rows is not None else table.num_rows > 0
    if what == "stories":
        outlets = dict(zip(table.column("title").to_pylist(), table.column("outlets").to_pylist(), strict=True))
        assert outlets["Floods force <Harnvik> residents from homes"] == ["County Courier", "Harn Herald"]


def test_parquet_needs_an_output_file(built: Settings) -> None:
    code, out = _export(built, "--what", "stories", "--format", "parquet")
    assert code == 2 and "--output" in out


def test_markdown_stories_are_briefings(built: Settings) -> None:
    code, out = _export(built, "--what", "stories", "--format", "markdown")
    assert code == 0
    assert sum(line.startswith("# ") for line in out.splitlines()) == 6
    assert out.count("## Sources") == 6 and "## Disputed figures" in out
    _, one = _export(built, "--what", "stories", "--format", "markdown", "--story", _flood_id(built))
    # The headline's angle brackets are text in the Markdown too (see test_brief_escapes_article_html).
    assert one.startswith("# Floods force &lt;Harnvik&gt; residents from homes\n")


@pytest.mark.parametrize(("what", "heading"), [("articles", "# "), ("claims", "## "), ("timeline", "## ")])
def test_markdown_of_other_kinds_has_headings(built: Settings, what: str, heading: str) -> None:
    code, out = _export(built, "--what", what, "--format", "markdown")
    assert code == 0 and out.startswith(heading)
    if what != "articles":
        assert "\n- **" in out


def test_unknown_story_exits_1(built: Settings) -> None:
    code, out = _export(built, "--what", "claims", "--story", "nope")
    assert code == 1 and "no story 'nope'" in out


def test_markdown_html_escapes_everything() -> None:
    html = markdown_html(
        "# <script>alert(1)</script>\n\nA **bold** claim [1] & more.\nSame paragraph.\n\n"
        '- item with "quotes" and <b>tags</b>\n- see https://example.org/a?b=1&c=<2>\n\n'
        "1. Source one: javascript:alert(1)\n2. Source two\n"
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<p>A <strong>bold</strong> claim <a href="#source-1">[1]</a> &amp; more. Same paragraph.</p>' in html
    assert "<b>" not in html and "&quot;quotes&quot;" in html
    assert '<a href="https://example.org/a?b=1&amp;c=" rel="nofollow noopener">' in html  # ends before the "<"
    assert 'href="javascript' not in html
    assert '<ol>\n<li id="source-1" value="1">' in html and html.count("<li") == 4


def test_parquet_without_pyarrow_is_a_usage_error(built: Settings, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("storyline.read.export.parquet_available", lambda: False)
    code, out = _export(built, "--what", "stories", "--format", "parquet", "--output", str(tmp_path / "s.parquet"))
    assert code == 2 and "pyarrow" in out and not (tmp_path / "s.parquet").exists()
