"""JSONL reader: one article a line, `text` or `html` plus optional metadata.

Field names vary between scrapers and datasets, so common aliases are accepted (body, content, headline, date, link,
outlet). A broken line is rejected on its own; the other lines go on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator

from storyline.models import RawDocument, Rejected

_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "articleBody"),
    "html": ("html", "raw_html", "page"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "published": ("published", "date", "pubdate", "published_at", "datePublished"),
    "source": ("source", "outlet", "site", "site_name", "publisher"),
    "author": ("author", "byline"),
    "id": ("id", "doc_id", "newid", "guid"),
}


def pick(record: dict, key: str) -> str | None:
    """The first non-empty value among a field's aliases, as a string."""
    for alias in _ALIASES[key]:
        value = record.get(alias)
        if value not in (None, ""):
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            return str(value)
    return None


def read_records(source: str, lines: Iterable[bytes], max_line_bytes: int) -> Iterator[RawDocument | Rejected]:
    """Yield one RawDocument per usable line; a Rejected per broken line, naming the line number."""
    empty = True
    for lineno, line in enumerate(lines, start=1):
        if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        line = line.rstrip(b"\n").rstrip(b"\r")
        if not line.strip():
            continue
        empty = False
        where = f"{source}#L{lineno}"
        digest = hashlib.sha256(line).hexdigest()
        if len(line) > max_line_bytes:
            yield Rejected(where, f"line too large: {len(line) / 1e6:.1f} MB is over the limit", digest)
            continue
        try:
            record = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield Rejected(where, f"invalid JSONL line: not UTF-8 ({exc.reason} at byte {exc.start})", digest, line)
            continue
        except json.JSONDecodeError as exc:
            yield Rejected(where, f"invalid JSONL line: {exc.msg} at column {exc.colno}", digest, line)
            continue
        if not isinstance(record, dict):
            yield Rejected(where, "invalid JSONL line: expected a JSON object", digest, line)
            continue
        text, html = pick(record, "text"), pick(record, "html")
        if not (text and text.strip()) and not (html and html.strip()):
            yield Rejected(
                where,
                "no article text: the record has no `text` or `html` content (a title alone is not an article)",
                digest,
                line,
            )
            continue
        fields = {key: pick(record, key) for key in ("title", "url", "published", "source", "author", "id")}
        fields["text"] = text
        fields["html"] = html
        record_id = fields["id"]
        source_path = fields["url"] or (f"{source}#{record_id}" if record_id else where)
        yield RawDocument(source_path=source_path, content=line, format="jsonl", content_hash=digest, fields=fields)
    if empty:
        yield Rejected(source, "empty file: no JSONL records")
