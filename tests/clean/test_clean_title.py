"""Headline detection and generated titles."""

from __future__ import annotations

import pytest

from storyline.clean.title import generate_title, is_headline, matches_title


@pytest.mark.parametrize(
    "line",
    [
        "Ferry Line Approved by Council",
        "Council approves new ferry line to the islands",
        "Will the ferry line pay for itself?",
        'Mayor calls bridge "a new start"',
    ],
)
def test_headlines(line: str) -> None:
    assert is_headline(line)


@pytest.mark.parametrize(
    "line",
    [
        "The council approved the ferry line on Monday.",
        "Ferries",
        "Port Ellis,",
        "the council approves a ferry",
        "Ferry approved. Fares rise",
        "The council voted on Monday to fund a ferry line to the",
    ],
)
def test_not_headlines(line: str) -> None:
    assert not is_headline(line)


def test_short_first_sentence_is_the_title() -> None:
    assert generate_title(["The council approved the ferry line. Fares rise in June."]) == (
        "The council approved the ferry line"
    )


def test_relative_clause_and_attribution_are_dropped() -> None:
    paragraph = (
        "The harbour's oldest pilot, who guided ships into Port Ellis for four decades and trained most of its "
        "crews, died over the weekend, the port authority said on Monday."
    )
    assert generate_title([paragraph]) == "The harbour's oldest pilot died over the weekend"


def test_long_sentence_is_cut_near_twelve_words() -> None:
    paragraph = (
        "Growers in the upper valley expect the largest apple harvest in two decades after a mild spring and a "
        "wet summer across the whole region this year."
    )
    title = generate_title([paragraph])
    assert title.endswith("…")
    assert 6 <= len(title.split()) <= 12
    assert not title[:-1].endswith((" in", " the", " of"))


def test_caption_is_never_the_title() -> None:
    caption = "Mayor Ana Lind (left) and engineer Bo Rask at the opening of the new bridge."
    assert generate_title([caption, "The city opened its new bridge on Saturday."]) == (
        "The city opened its new bridge on Saturday"
    )


def test_open_quote_is_closed() -> None:
    paragraph = "Kim said he felt “deep sorrow over the loss of so many young soldiers in the war” at the ceremony."
    title = generate_title([paragraph])
    assert title.count("“") == title.count("”")


def test_title_matching_tolerates_site_suffix_and_punctuation() -> None:
    assert matches_title("Council approves ferry line!", "council approves  ferry line")
    assert matches_title(
        "Council approves ferry line to the islands", "Council approves ferry line to the islands - Ledger"
    )
    assert not matches_title("Council", "Council approves ferry line to the islands")
