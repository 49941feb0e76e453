"""Date widgets, byline dates and publication dates inferred from a story."""

from __future__ import annotations

import pytest

from storyline.clean import infer_published
from storyline.clean.dates import date_line, find_date


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Saturday, August 30, 2025", "2025-08-30"),
        ("30 August 2025", "2025-08-30"),
        ("Aug. 30, 2025 10:15 GMT", "2025-08-30"),
        ("Sat 30 Aug 2025", "2025-08-30"),
        ("2025-08-30", "2025-08-30"),
        ("30.08.2025", "2025-08-30"),
        ("10:15 GMT, 9 Dec 2025", "2025-12-09"),
        ("August 30", None),
        ("31.9 C", None),
        ("February 30, 2025", None),
        ("The vote is on August 30, 2025.", None),
    ],
)
def test_date_line(line: str, iso: str | None) -> None:
    assert date_line(line) == iso


def test_find_date_in_a_longer_line() -> None:
    assert find_date("By Mara Quill | Published March 4th, 2024 at 9:00") == "2024-03-04"
    assert find_date("no date here, only March 4") is None


def test_origin_date_wins() -> None:
    assert infer_published("They met on Friday.", ["2025-09-01"], "2025-08-30") == ("2025-08-30", 0.7)


def test_reported_weekday_resolves_on_or_before_the_earliest_story_date() -> None:
    text = "The minister was last seen on Tuesday. The ministry said Monday that he had died."
    date, confidence = infer_published(text, ["2025-12-11", "2025-12-09"], None)  # type: ignore[misc]
    assert date == "2025-12-08"  # Monday on or before Tuesday 2025-12-09
    assert 0.5 <= confidence < 0.9


def test_weekday_on_the_anchor_day_itself() -> None:
    assert infer_published("Officials announced Tuesday a new plan.", ["2025-12-09"], None)[0] == "2025-12-09"  # type: ignore[index]


def test_relative_weekdays_are_skipped() -> None:
    found = infer_published("He was seen last Tuesday and will travel next Friday.", ["2025-12-09"], None)
    assert found == ("2025-12-09", 0.25)


def test_nothing_to_go_on() -> None:
    assert infer_published("The ministry said Monday.", [], None) is None
