"""Acceptance on the five real seed articles: ../shared/seeds/EXPECTED.md sections 1-3, checked through the CLI's JSON.

The seeds are read in place (licence: never copied). Expectations are written as rules over the input, not as copies
of its text, and nothing in the engine knows these files.
"""

from __future__ import annotations

import re
from pathlib import Path

FURNITURE = [
    re.compile(p)
    for p in (
        r"^\s*date \d{4}-\d{2}-\d{2}",
        r"Sign up now",
        r"Support The Moscow Times",
        r"Facebook\s*$",
        r"Sign up for our free weekly newsletter",
        r"Our weekly newsletter contains",
        r"Subscribers agree",
        r"A Message from",
        r"Dear readers",
        r"^(Once|Monthly|Annual|Continue|paiment methods|Not ready to support today\?|Remind me later\.?|Read more)$",
        r"^31\.9 C$",
        r"^Miami$",
        r"^Saturday, August 30, 2025$",
        r"Advertisement",
        r"spot_img",
        r"^Source link$",
        r"^Highlights$",
        r"^Latest News$",
        r"\bAFP\s*$",
    )
]


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'").replace("“", '"').replace("”", '"')).strip()


def _paragraphs(text: str) -> list[str]:
    return [_norm(p) for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def test_two_stories_with_the_right_members(analysed: dict) -> None:
    groups = sorted(sorted(Path(a["source_path"]).name[:3] for a in s["articles"]) for s in analysed["stories"])
    assert groups == [["000", "001", "002"], ["003", "004"]]


def test_only_relation_is_the_rewrite(analysed: dict) -> None:
    arts = analysed["articles"]
    relations = [r for s in analysed["stories"] for r in s["relations"]]
    assert len(relations) == 1
    rel = relations[0]
    assert rel["type"] == "rewrite"
    assert {rel["a"], rel["b"]} == {arts["003"]["id"], arts["004"]["id"]}


def test_independent_reports_and_related(analysed: dict) -> None:
    by_size = sorted(analysed["stories"], key=lambda s: -len(s["articles"]))
    assert [s["independent_reports"] for s in by_size] == [3, 1]
    a, b = by_size
    assert b["id"] in [r["id"] for r in a["related_stories"]]
    assert a["id"] in [r["id"] for r in b["related_stories"]]


def test_furniture_removed_and_recorded(analysed: dict) -> None:
    for name, art in analysed["articles"].items():
        for line in _paragraphs(art["text"]):
            for pattern in FURNITURE:
                assert not pattern.search(line), f"{name}: furniture left: {line[:60]!r}"
        original = analysed["inputs"][name]
        for line in _paragraphs(original):
            if any(p.search(line) for p in FURNITURE):
                assert any(_norm(line)[:20] in _norm(r) or _norm(r) in _norm(line) for r in art["removed"]), (
                    f"{name}: removed furniture {line[:40]!r} not recorded in `removed`"
                )


def test_every_report_paragraph_kept(analysed: dict) -> None:
    for name, art in analysed["articles"].items():
        original = analysed["inputs"][name]
        # The donation appeal and newsletter blurb of 002 come after the newsletter heading: all furniture.
        cut = re.search(r"^Sign up for our free weekly newsletter", original, re.M)
        body = original[: cut.start()] if cut else original
        report = [
            p for p in _paragraphs(body)
            if len(p.split()) >= 12 and not any(f.search(p) for f in FURNITURE) and "from left" not in p
        ]  # fmt: skip
        clean = _norm(art["text"])
        for paragraph in report:
            paragraph = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s+", "", paragraph)
            paragraph = re.sub(r"\s*AFP$", "", paragraph)
            core = paragraph.split(" - ", 1)[-1]  # a dateline may be lifted into metadata
            assert core in clean, f"{name}: report paragraph lost: {paragraph[:60]!r}"
        if name == "002":  # EXPECTED.md's nine lines of report: headline, seven paragraphs, and the caption
            assert len(report) == 7


def test_titles(analysed: dict) -> None:
    arts, inputs = analysed["articles"], analysed["inputs"]
    for name in ("000", "001", "003"):
        assert arts[name]["title_generated"] is True, name
        assert arts[name]["title"], name
        assert "from left" not in arts[name]["title"]
    for name in ("002", "004"):
        headline = [_norm(line) for line in inputs[name].splitlines() if line.strip()]
        assert arts[name]["title_generated"] is False, name
        assert _norm(arts[name]["title"]) in headline[:5], name
    assert arts["002"]["title"].endswith("Dies at 70")


def test_dates(analysed: dict) -> None:
    arts = analysed["articles"]
    assert (arts["000"]["published"], arts["000"]["published_how"]) == ("2025-12-11", "header")
    assert (arts["001"]["published"], arts["001"]["published_how"]) == ("2025-12-09", "header")
    assert (arts["002"]["published"], arts["002"]["published_how"]) == ("2025-12-08", "inferred")
    assert arts["003"]["published"] in ("2025-08-29", "2025-08-30")
    assert arts["003"]["published_how"] == "inferred"
    assert (arts["004"]["published"], arts["004"]["published_how"]) == ("2025-08-30", "page")
    assert arts["004"]["published_confidence"] < arts["000"]["published_confidence"]


def test_outlets_and_credits(analysed: dict) -> None:
    arts = analysed["articles"]
    assert arts["002"]["outlet"] == "The Moscow Times"
    assert arts["001"]["credit"] == "AFP"
    assert arts["001"]["outlet"] != "AFP"  # a wire credit is not the publishing site
    assert arts["000"]["outlet"] is None  # not named: nothing invented
