"""The cleaning rows of ../shared/seeds/EXPECTED.md (sections 1 and 2), checked by rule.

The seed texts are not copied here (licence): assertions are about shapes (a removed line ends with "/ Facebook", no
kept line is an advertisement, the title is one of the input's lines) plus the dates and outlet names the spec gives.
"""

from __future__ import annotations

import re

import pytest

from storyline.clean import clean_draft, infer_published
from storyline.clean.furniture import find_furniture
from storyline.clean.lines import squash, word_count
from storyline.clean.paragraphs import logical_lines
from storyline.models import Article, Draft

pytestmark = pytest.mark.shared

_POSITION = re.compile(r"\((?:second |third )?(?:from )?(?:left|right)\)")


def _clean(seeds: dict[str, Draft], number: str) -> Article:
    if number not in seeds:
        pytest.skip(f"seed {number} not present")
    return clean_draft(seeds[number])


def _input_lines(draft: Draft) -> list[str]:
    return [s for s in logical_lines(draft.text) if s]


def _long_lines_removed(draft: Draft, article: Article) -> list[str]:
    """Input lines of 12+ words that are not in the clean text (allowing a stripped dateline or credit)."""
    paragraphs = article.text.split("\n\n")
    lost = []
    for line in _input_lines(draft):
        if word_count(line) < 12:
            continue
        if not any(p == line or (p in line and len(p) > 0.8 * len(line)) for p in paragraphs):
            lost.append(line)
    return lost


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_nothing_invented_and_nothing_left_to_remove(seeds: dict[str, Draft], number: str) -> None:
    draft = seeds[number] if number in seeds else pytest.skip(f"seed {number} not present")
    article = clean_draft(draft)
    original = draft.text
    for removed in article.removed[len(draft.removed) :]:
        assert removed in squash(original) or removed in original, f"{removed!r} is not in the input"
    # Cleaning the clean text again finds no furniture: none of the furniture patterns is left.
    assert find_furniture(article.text.split("\n")).drop == {}
    assert article.text == article.text.strip()
    assert "\n\n\n" not in article.text
    assert all(p == squash(p) for p in article.text.split("\n\n"))
    assert not re.search(r"advertisement|spot_img|Source link|Sign up|newsletter|Dear readers", article.text, re.I)


def test_000_header_date_and_generated_title(seeds: dict[str, Draft]) -> None:
    article = _clean(seeds, "000")
    assert article.published == "2025-12-11"
    assert article.published_how == "header"
    assert article.title_generated and article.title
    assert article.outlet is None and article.credit is None
    assert article.removed == seeds["000"].removed  # only the date prefix
    assert _long_lines_removed(seeds["000"], article) == []
    assert len(article.text.split("\n\n")) == len(_input_lines(seeds["000"]))


def test_001_signup_credit_and_caption(seeds: dict[str, Draft]) -> None:
    article = _clean(seeds, "001")
    assert article.published == "2025-12-09" and article.published_how == "header"
    assert any(r.startswith("Sign up now:") for r in article.removed)
    assert article.credit == "AFP" and "AFP" in article.removed
    assert article.outlet is None  # a credit is not an outlet, and the sign-up line names no site
    assert not article.text.endswith("AFP")
    assert article.title_generated
    # The photo caption may go, but must never open the story or give the title.
    first = article.text.split("\n\n")[0]
    assert not _POSITION.search(first) and not _POSITION.search(article.title)
    assert article.dateline == "Moscow"
    assert all(_POSITION.search(line) for line in _long_lines_removed(seeds["001"], article))


def test_002_headline_outlet_and_appeal_block(seeds: dict[str, Draft]) -> None:
    draft = seeds["002"] if "002" in seeds else pytest.skip("seed 002 not present")
    article = clean_draft(draft)
    assert not article.title_generated
    assert article.title in _input_lines(draft)
    assert article.outlet == "The Moscow Times" and article.outlet_how == "furniture"
    assert article.published is None
    removed = article.removed
    assert any(r.startswith("Support ") and r.endswith("!") for r in removed)
    assert any(r.endswith("/ Facebook") for r in removed)
    assert any(r.startswith("Sign up for our free weekly newsletter") for r in removed)
    assert any(r.startswith("Subscribers agree to the Privacy Policy") for r in removed)
    assert any(r.startswith("A Message from The Moscow Times") for r in removed)
    for button in ("Dear readers,", "Once", "Monthly", "Annual", "Continue", "Remind me later.", "Read more"):
        assert button in removed
    # Everything after the newsletter heading is furniture; every long line before it (but the credit line) stays.
    lines = _input_lines(draft)
    cut = next(i for i, line in enumerate(lines) if line.startswith("Sign up for"))
    lost = _long_lines_removed(draft, article)
    assert [line for line in lost if lines.index(line) < cut and not line.endswith("/ Facebook")] == []
    assert all(lines.index(line) > cut for line in lost if not line.endswith("/ Facebook"))
    assert len(article.text.split("\n\n")) == 7


def test_002_date_inferred_from_weekday_and_story(seeds: dict[str, Draft]) -> None:
    article = _clean(seeds, "002")
    found = infer_published(article.text, ["2025-12-09", "2025-12-11"], None)
    assert found is not None
    assert found[0] == "2025-12-08"
    assert 0 < found[1] < 0.9


def test_003_trailing_blank_lines_and_every_paragraph(seeds: dict[str, Draft]) -> None:
    article = _clean(seeds, "003")
    assert article.title_generated
    assert article.removed == []
    assert article.text == article.text.rstrip()
    assert len(article.text.split("\n\n")) == len(_input_lines(seeds["003"]))
    assert infer_published(article.text, ["2025-08-30"], "2025-08-30") == ("2025-08-30", pytest.approx(0.7))


def test_004_widgets_ads_page_date_and_headline(seeds: dict[str, Draft]) -> None:
    draft = seeds["004"] if "004" in seeds else pytest.skip("seed 004 not present")
    article = clean_draft(draft)
    assert article.published == "2025-08-30"
    assert article.published_how == "page"
    assert article.published_confidence < 0.9
    assert not article.title_generated and article.title in _input_lines(draft)
    for furniture in ("31.9 C", "Miami", "Source link", "Highlights", "Latest News"):
        assert furniture in article.removed
    assert any(r.startswith("Saturday, August 30, 2025") for r in article.removed)
    assert sum(r.startswith("- Advertisement -") for r in article.removed) == sum(
        line.startswith("- Advertisement -") for line in _input_lines(draft)
    )
    assert _long_lines_removed(draft, article) == []
    assert article.outlet is None
