"""JSONL reader: one article a line, `text` or `html` plus optional metadata.

Field names vary between scrapers and datasets, so common aliases are accepted (body, content, headline, date, link,
outlet). A broken line is rejected on its own; the other lines go on.

Every line is checked at the boundary, so nothing malformed reaches the store:
- read with a bounded buffer: a line over the limit is skipped in chunks (hashed, never held), so memory stays
  bounded by the line limit however long a line is;
- parsed as strict JSON: no NaN or Infinity (Python's json takes them, JSON does not), no number too large for a
  float or too long for an int, no nesting deeper than the parser can follow;
- the fields used must have their JSON type: strings (an id may be a number, authors and sources a list of strings);
- strings are cleaned of control characters and lone surrogates (see `storyline.ingest.text.clean_text`).
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from storyline.ingest.text import clean_text
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
# Fields that may be a list of strings (several authors, several outlets), joined with commas.
_LIST_FIELDS = frozenset({"source", "author"})
# A line over the limit is read on in pieces of this size, to find its end without holding it.
_SKIP_CHUNK = 1 << 20
_UTF8_BOM = b"\xef\xbb\xbf"


class BadLine(Exception):
    """A JSONL line that cannot become an article; `reason` says why, for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(slots=True)
class _Line:
    """One line of the input: its bytes, or None when it was longer than the limit and skipped (then `size` and
    `digest` describe what was skipped)."""

    number: int
    data: bytes | None
    size: int = 0
    digest: str = ""


def size_text(n: int) -> str:
    """A byte count for a reason: megabytes, or bytes when that would read 0.0 MB."""
    return f"{n / 1e6:.1f} MB" if n >= 50_000 else f"{n:,} bytes"


def over_limit_text(size: int, limit: int) -> str:
    """ "X is over the Y limit", in bytes when megabytes would show the two as equal (20.0 MB over 20.0 MB)."""
    shown, cap = size_text(size), size_text(limit)
    if shown == cap:
        shown, cap = f"{size:,} bytes", f"{limit:,} bytes"
    return f"{shown} is over the {cap} limit"


def read_records(
    source: str, lines: BinaryIO | Iterable[bytes], max_line_bytes: int
) -> Iterator[RawDocument | Rejected]:
    """Yield one RawDocument per usable line; a Rejected per broken line, naming the line number.

    `lines` is a binary file (read with a bounded buffer) or an iterable of lines already in memory.
    """
    empty = True
    for line in _read_lines(lines, max_line_bytes):
        where = f"{source}#L{line.number}"
        if line.data is None:
            empty = False
            yield Rejected(where, _too_large(line.size, max_line_bytes), line.digest)
            continue
        data = line.data[3:] if line.number == 1 and line.data.startswith(_UTF8_BOM) else line.data
        data = data.rstrip(b"\n").rstrip(b"\r")
        if not data.strip():
            continue
        empty = False
        digest = hashlib.sha256(data).hexdigest()
        if len(data) > max_line_bytes:
            yield Rejected(where, _too_large(len(data), max_line_bytes), digest)
            continue
        yield _record(source, where, data, digest)
    if empty:
        yield Rejected(source, "empty file: no JSONL records")


def _too_large(size: int, limit: int) -> str:
    return f"line too large: {over_limit_text(size, limit)} (raise STORYLINE_MAX_LINE_BYTES, or split the record)"


def _read_lines(lines: BinaryIO | Iterable[bytes], limit: int) -> Iterator[_Line]:
    """The lines of a file, none read into memory beyond `limit` (+1) bytes."""
    readline: Callable[[int], bytes] | None = getattr(lines, "readline", None)
    if readline is None:
        # Lines already in memory: nothing left to bound; their size is checked like any other.
        for number, data in enumerate(lines, start=1):  # type: ignore[arg-type]
            yield _Line(number, data)
        return
    number = 0
    while line := readline(limit + 1):
        number += 1
        # Up to the limit plus the newline, or a last line without one: complete. Otherwise the line goes on.
        if line.endswith(b"\n") or len(line) <= limit:
            yield _Line(number, line)
        else:
            yield _skip_rest(number, line, readline)


def _skip_rest(number: int, head: bytes, readline: Callable[[int], bytes]) -> _Line:
    """Read to the end of a line over the limit in chunks, hashing them and keeping none."""
    digest = hashlib.sha256()
    size = 0
    chunk = head
    while chunk:
        ended = chunk.endswith(b"\n")
        if ended:
            chunk = chunk.rstrip(b"\n").rstrip(b"\r")
        digest.update(chunk)
        size += len(chunk)
        if ended:
            break
        chunk = readline(_SKIP_CHUNK)
    return _Line(number, None, size, digest.hexdigest())


def _record(source: str, where: str, line: bytes, digest: str) -> RawDocument | Rejected:
    """One line as a RawDocument, or a Rejected saying what is wrong with it."""
    try:
        record = loads_strict(line)
        if not isinstance(record, dict):
            raise BadLine("invalid JSONL line: expected a JSON object")
        fields = record_fields(record)
    except BadLine as exc:
        return Rejected(where, exc.reason, digest, line)
    text, html = fields["text"], fields["html"]
    if not (text and text.strip()) and not (html and html.strip()):
        return Rejected(
            where,
            "no article text: the record has no `text` or `html` content (a title alone is not an article)",
            digest,
            line,
        )
    record_id = fields["id"]
    source_path = fields["url"] or (f"{source}#{record_id}" if record_id else where)
    return RawDocument(source_path=source_path, content=line, format="jsonl", content_hash=digest, fields=fields)


def loads_strict(line: bytes) -> Any:
    """Parse one line as strict JSON, raising BadLine with the reason when it is not."""
    try:
        return json.loads(line.decode("utf-8"), parse_constant=_refuse_constant, parse_float=_finite_float)
    except UnicodeDecodeError as exc:
        raise BadLine(f"invalid JSONL line: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise BadLine(f"invalid JSONL line: {exc.msg} at column {exc.colno}") from None
    except RecursionError:
        # Python's parser recurses once per nested array or object; `[[[[...]]]]` 100,000 deep exhausts it.
        raise BadLine(
            "invalid JSONL line: nested too deeply (arrays or objects inside one another beyond what can be read)"
        ) from None
    except ValueError:
        # The only other ValueError of json.loads: an integer literal over Python's int-string conversion limit.
        raise BadLine(
            f"invalid JSONL line: a number has more than {sys.get_int_max_str_digits()} digits, too long to read"
        ) from None


def _refuse_constant(name: str) -> Any:
    raise BadLine(f"invalid JSONL line: {name} is not valid JSON (write null for a missing number)")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise BadLine(f"invalid JSONL line: the number {literal[:40]} is out of range")
    return value


def record_fields(record: dict[str, Any]) -> dict[str, str | None]:
    """The record's fields under their canonical names, each the first non-empty of its aliases, as clean text.

    Raises BadLine naming the field when a value has the wrong JSON type.
    """
    return {key: _field(record, key) for key in _ALIASES}


def pick(record: Any, key: str) -> str | None:
    """A field of a record read elsewhere (topic files), None when it is absent or of the wrong type."""
    if not isinstance(record, dict):
        return None
    try:
        return _field(record, key)
    except BadLine:
        return None


def _field(record: dict[str, Any], key: str) -> str | None:
    for alias in _ALIASES[key]:
        value = record.get(alias)
        if value is None or value == "":
            continue
        text = clean_text(_as_text(key, alias, value))
        return text or None
    return None


def _as_text(key: str, alias: str, value: Any) -> str:
    """A field's value as a string, if its JSON type is one the field may have."""
    if isinstance(value, str):
        return value
    if key == "id" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # a numeric id keeps its digits: 42 is "42"
    if key in _LIST_FIELDS and isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(item for item in value if item.strip())
    raise BadLine(f"invalid JSONL field: `{alias}` must be {_expected(key)}, not {_json_type(value)}")


def _expected(key: str) -> str:
    if key == "id":
        return "a string or a number"
    return "a string or a list of strings" if key in _LIST_FIELDS else "a string"


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        odd = next((item for item in value if not isinstance(item, str)), None)
        return f"an array holding {_json_type(odd)}" if odd is not None else "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
