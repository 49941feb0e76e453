"""A date a reader takes from metadata (JSONL `published`, a page's meta tags, the ` date ` prefix of a text) must
be a real calendar day between 1900 and next year; any other is treated as absent and the article keeps the rest."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from storyline.ingest import html as html_reader
from storyline.ingest.parse import iso_date, to_draft
from storyline.models import RawDocument
from tests.ingest.test_bad_input import GOOD

IMPOSSIBLE = ["0001-01-01", "2026-02-30", "9999-12-31", "1899-12-31", f"{date.today().year + 2}-01-01"]


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_an_impossible_published_field_is_treated_as_absent(value: str) -> None:
    raw = RawDocument("feed.jsonl#L1", b"{}", "jsonl", "h", fields={"text": GOOD, "published": value, "title": "T"})
    draft = to_draft(raw)
    assert draft.published_hint is None and draft.published_hint_how is None
    assert draft.title_hint == "T" and draft.text == GOOD, "the article keeps its other data"
    assert iso_date("2026-03-03") == "2026-03-03"


@pytest.mark.parametrize("value", ["0001-01-01", "2026-02-30", "9999-12-31"])
def test_an_impossible_date_prefix_is_no_date(value: str) -> None:
    draft = to_draft(RawDocument("a.txt", f" date {value} {GOOD}".encode(), "text", "h"))
    assert draft.published_hint is None
    assert draft.text == GOOD, "the prefix is the scraper's header either way, not article text"


def test_an_impossible_date_found_in_a_page_is_no_date(monkeypatch: pytest.MonkeyPatch) -> None:
    page = (Path(__file__).resolve().parents[1] / "fixtures" / "html" / "article.html").read_bytes()
    monkeypatch.setattr(html_reader, "find_date", lambda *args, **kwargs: "0001-01-01")
    draft = html_reader.parse_html(RawDocument("page.html", page, "html", hashlib.sha256(page).hexdigest()))
    assert draft.published_hint != "0001-01-01"
    assert draft.title_hint == "Harbour town opens floating library"
