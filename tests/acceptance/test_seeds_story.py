"""Acceptance on the five seed articles for the story view: the storyline of EXPECTED.md section 5 across both
stories, the summaries, and the briefing (the `analysed` fixture in conftest.py)."""

from __future__ import annotations

from click.testing import CliRunner

from storyline.cli import main
from storyline.story.timeline import date_sort_key


def _ids(analysed: dict, *names: str) -> set[str]:
    return {analysed["articles"][n]["id"] for n in names}


def _story(analysed: dict, name: str) -> dict:
    story_id = analysed["articles"][name]["story"]
    return next(s for s in analysed["stories"] if s["id"] == story_id)


STORYLINE_ROWS = [
    ("2014", {"001", "002"}),
    ("2024-02", {"002"}),
    ("2024", {"000", "002"}),
    ("2024", {"001"}),
    ("2024-10", {"004"}),
    ("2025-01", {"004"}),
    ("2025-04", {"000", "003", "004"}),
    ("2025-08-29", {"003", "004"}),
    ("2025-W36", {"003", "004"}),
    ("2025-09", {"000"}),
    ("2025-12-02", {"002"}),
    ("2025-12-06", {"000", "001"}),
    ("2025-12-08", {"001", "002"}),
    ("2025-12-09", {"001"}),
    ("2025-12-10", {"000"}),
]


def test_the_storyline_of_both_stories(analysed: dict) -> None:
    for name in ("000", "004"):
        thread = _story(analysed, name)["storyline"]
        assert [e["date"] for e in thread] == sorted((e["date"] for e in thread), key=date_sort_key)
        for date, names in STORYLINE_ROWS:
            wanted = _ids(analysed, *names)
            rows = [e for e in thread if e["date"] == date and wanted <= set(e["articles"])]
            assert len(rows) == 1 and set(rows[0]["articles"]) == wanted, (date, names)
        stories = {s for e in thread for s in e["stories"]}
        assert stories == {s["id"] for s in analysed["stories"]}


def _summary_text(story: dict) -> str:
    return " ".join(s["text"] for s in story["summary"]["sentences"]).lower()


def test_story_a_summary_states_the_key_facts_and_cites_all_three(analysed: dict) -> None:
    story = _story(analysed, "000")
    text = _summary_text(story)
    assert "death" in text or "died" in text or "passed away" in text
    assert "70" in text  # the age
    assert "last saturday" in text or "dec 6" in text  # the date of death
    assert "2014" in text  # the tenure
    assert "condolences" in text and "embassy" in text
    cited = {a for s in story["summary"]["sentences"] for a in s["articles"]}
    assert cited == _ids(analysed, "000", "001", "002")
    for s in story["summary"]["sentences"]:
        article = next(a for a in story["articles"] if a["id"] == s["article"])
        assert article["text"][s["span"][0] : s["span"][1]] == s["text"]


def test_story_b_summary_states_the_meeting_and_both_disagreements(analysed: dict) -> None:
    story = _story(analysed, "004")
    assert "families" in _summary_text(story)
    said = " ".join(story["summary"]["disagreements"])
    assert "1,000" in said and "600" in said and "revised" in said
    assert "2024-10" in said and "2023-10" in said


def test_brief_is_markdown_with_summary_timeline_disputes_and_sources(analysed: dict) -> None:
    story = _story(analysed, "004")
    result = CliRunner().invoke(main, ["--db", str(analysed["db"]), "brief", story["id"]])
    assert result.exit_code == 0, result.output
    text = result.output
    for heading in ("## Summary", "## Where sources differ", "## Timeline", "## Disputed figures", "## Sources"):
        assert heading in text
    assert text.count("\n1. ") == 1 and "\n2. " in text


def test_brief_as_html_is_a_standalone_page_with_the_same_sections(analysed: dict) -> None:
    story = _story(analysed, "004")
    result = CliRunner().invoke(main, ["--db", str(analysed["db"]), "brief", story["id"], "--html"])
    assert result.exit_code == 0, result.output
    page = result.output
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    for heading in ("Summary", "Where sources differ", "Timeline", "Disputed figures", "Sources"):
        assert f">{heading}</h2>" in page


def test_whats_new_since_the_origin_is_the_rewrite(analysed: dict) -> None:
    story = _story(analysed, "004")
    origin = analysed["articles"]["004"]["id"]
    ordered = [a["id"] for a in story["articles"]]
    since = ordered[0]
    result = CliRunner().invoke(
        main, ["--db", str(analysed["db"]), "whats-new", story["id"], "--since", since, "--json"]
    )
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.output)
    assert [a["id"] for a in data["articles"]] == ordered[1:]
    # The later arrival confirms known events and adds the date it contradicts.
    assert {e["status"] for e in data["timeline"]} >= {"confirmed"}
    assert origin in ordered
