"""clean_draft as the engine calls it: the Article contract, hints from structured readers, date precedence."""

from __future__ import annotations

from collections.abc import Callable

from storyline.clean import clean_draft, line_key
from storyline.models import Draft

BODY = (
    "The Lakeview city council voted on Monday to fund a ferry line to the northern islands.\n\n"
    "The service will start in June with two boats, the transport committee said.\n"
)


def test_article_contract(make_draft: Callable[..., Draft]) -> None:
    draft = make_draft(f" date 2025-03-04 {BODY}", "in/ferry.txt", url="https://example.org/ferry")
    article = clean_draft(draft)
    assert article.id == draft.content_hash[:16]
    assert (article.source_path, article.content_hash, article.format, article.url) == (
        "in/ferry.txt",
        draft.content_hash,
        "text",
        "https://example.org/ferry",
    )
    assert article.published == "2025-03-04" and article.published_how == "header"
    assert article.published_confidence >= 0.9
    assert article.removed == [" date 2025-03-04 "]
    assert article.text == BODY.strip()
    assert article.title_generated


def test_title_hint_wins_and_its_repeat_leaves_the_text(make_draft: Callable[..., Draft]) -> None:
    draft = make_draft(f"Council Approves Ferry Line\n\n{BODY}", title_hint="Council approves ferry line")
    article = clean_draft(draft)
    assert article.title == "Council approves ferry line" and not article.title_generated
    assert not article.text.startswith("Council")


def test_outlet_hint_is_metadata(make_draft: Callable[..., Draft]) -> None:
    article = clean_draft(make_draft(f"Support The Harbour Ledger!\n\n{BODY}", outlet_hint="Lakeview Post"))
    assert (article.outlet, article.outlet_how) == ("Lakeview Post", "metadata")


def test_credit_is_not_an_outlet(make_draft: Callable[..., Draft]) -> None:
    article = clean_draft(make_draft(BODY.strip() + " AFP"))
    assert article.credit == "AFP"
    assert article.outlet is None
    assert article.removed == ["AFP"]


def test_byline_date_beats_page_date(make_draft: Callable[..., Draft]) -> None:
    text = f"Tuesday, March 4, 2025\n\nFerry line approved\n\nBy Mara Quill | March 3, 2025\n\n{BODY}"
    article = clean_draft(make_draft(text))
    assert (article.published, article.published_how) == ("2025-03-03", "text")
    assert article.published_confidence >= 0.9
    assert article.author == "Mara Quill"
    assert article.title == "Ferry line approved"


def test_page_date_has_lower_confidence(make_draft: Callable[..., Draft]) -> None:
    article = clean_draft(make_draft(f"Tuesday, March 4, 2025\n\n{BODY}"))
    assert (article.published, article.published_how) == ("2025-03-04", "page")
    assert article.published_confidence < 0.9


def test_recurring_lines_are_removed_and_recorded(make_draft: Callable[..., Draft]) -> None:
    article = clean_draft(
        make_draft(f"{BODY}\nLakeview Post — your town, every day\n"),
        {line_key("Lakeview Post — your town, every day")},
    )
    assert article.removed == ["Lakeview Post — your town, every day"]
    assert article.text == BODY.strip()


def test_whitespace_is_normalised(make_draft: Callable[..., Draft]) -> None:
    article = clean_draft(
        make_draft(
            "\n\n  The council   voted\u00a0on Monday to fund a ferry line.  \r\n\r\n\r\nIt starts in June.\n\n\n"
        )
    )
    assert article.text == "The council voted on Monday to fund a ferry line.\n\nIt starts in June."


def test_only_furniture_leaves_empty_text(make_draft: Callable[..., Draft]) -> None:
    article = clean_draft(make_draft("- Advertisement -\nShare this article\n"))
    assert article.text == ""
    assert article.removed == ["- Advertisement -", "Share this article"]


def test_headline_below_a_caption_is_found(make_draft: Callable[..., Draft]) -> None:
    text = (
        "Support The Harbour Ledger!\n\n"
        "Mayor Ana Lind (left) and engineer Bo Rask at the opening of the new bridge in the old town.\n\n"
        f"Council approves ferry line to the islands\n\n{BODY}"
    )
    article = clean_draft(make_draft(text))
    assert (article.title, article.title_generated) == ("Council approves ferry line to the islands", False)
    assert article.outlet == "The Harbour Ledger"
