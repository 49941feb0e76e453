"""A topic corpus for timeline summarisation: (publication date, text) pairs from a CSV or a JSONL file.

CSV as timeline17 lays it out (columns `date,text`); JSONL with the field aliases the article reader accepts
(`published`/`date`, `text`/`body`/...). Records without a usable date or text are counted, not silently dropped.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from storyline.errors import InputError
from storyline.ingest.jsonl import BadLine, loads_strict, pick
from storyline.ingest.parse import iso_date

__all__ = ["read_topic"]


def read_topic(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """The documents of a topic file and the reasons records were skipped (one line each)."""
    if not path.is_file():
        raise InputError(str(path), "not a file; pass a CSV (date,text) or a JSONL of articles")
    rows = _csv_rows(path) if path.suffix.lower() == ".csv" else _jsonl_rows(path)
    documents, skipped = [], []
    for where, published, text in rows:
        day = iso_date(published) if published else None
        if not day or not (text or "").strip():
            skipped.append(f"{path}:{where}: no " + ("publication date" if not day else "text"))
            continue
        documents.append((day, text))
    return documents, skipped


def _csv_rows(path: Path) -> list[tuple[int, str | None, str | None]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or not {"date", "text"} <= set(reader.fieldnames):
            raise InputError(str(path), f"expected a CSV with columns date,text; found {reader.fieldnames}")
        return [(n, row["date"], row["text"]) for n, row in enumerate(reader, start=2)]


def _jsonl_rows(path: Path) -> list[tuple[int, str | None, str | None]]:
    rows = []
    with path.open("rb") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                record = loads_strict(line)
            except BadLine as exc:
                why = exc.reason.removeprefix("invalid JSONL line: ")
                raise InputError(f"{path}:{n}", f"not JSON ({why}); expected one article object a line") from exc
            rows.append((n, pick(record, "published"), pick(record, "text")))
    return rows
