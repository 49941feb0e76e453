"""Dispatch a RawDocument to the parser for its format, giving a Draft (or raising InputError)."""

from __future__ import annotations

import re

from dateutil import parser as dateparser

from storyline.errors import InputError
from storyline.ingest.dates import valid_iso_day, year_in_range
from storyline.ingest.html import parse_html
from storyline.ingest.text import clean_text, draft_from_text, parse_text
from storyline.models import Draft, RawDocument

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(value: str | None) -> str | None:
    """Normalise a metadata date ("2026-03-04T10:00:00Z", "26-FEB-1987 15:01:01.79", "March 4, 2026") to YYYY-MM-DD.

    A date that is not a real day between 1900 and next year ("0001-01-01", "2026-02-30") is None: treated as
    absent, so the article keeps its other metadata and cleaning may still find a date in the text.
    """
    if not value:
        return None
    value = value.strip()
    if _ISO_DAY.fullmatch(value):
        return value if valid_iso_day(value) else None
    try:
        parsed = dateparser.parse(value, fuzzy=False, ignoretz=True)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed is None or not year_in_range(parsed.year):
        return None
    return parsed.date().isoformat()


def to_draft(raw: RawDocument) -> Draft:
    """Parse any supported format into a Draft."""
    if raw.format == "text":
        return parse_text(raw)
    if raw.format == "html":
        return parse_html(raw)
    if raw.format == "jsonl":
        return _parse_record(raw)
    raise InputError(raw.source_path, f"unsupported format {raw.format!r}")


def _parse_record(raw: RawDocument) -> Draft:
    # The JSONL reader cleans its fields already; documents posted to the API come here without that reader.
    fields = {key: clean_text(value) if isinstance(value, str) else value for key, value in raw.fields.items()}
    if fields.get("html") and not fields.get("text"):
        html_raw = RawDocument(raw.source_path, fields["html"].encode("utf-8"), "html", raw.content_hash)
        draft = parse_html(html_raw)
    else:
        draft = draft_from_text(raw, (fields.get("text") or "").replace("\r\n", "\n").replace("\r", "\n"))
    draft.format = "jsonl"
    # The record's own fields are explicit metadata and win over what was found inside the text.
    if fields.get("title"):
        draft.title_hint = fields["title"].strip()
    published = iso_date(fields.get("published"))
    if published:
        draft.published_hint, draft.published_hint_how = published, "metadata"
    if fields.get("source"):
        draft.outlet_hint = fields["source"].strip()
    if fields.get("author"):
        draft.author_hint = fields["author"].strip()
    if fields.get("url"):
        draft.url = fields["url"]
    return draft
