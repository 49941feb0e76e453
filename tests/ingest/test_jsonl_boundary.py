"""The JSONL reader validates every line at the boundary: a bad line becomes a Rejected naming it and the rest goes
on; nothing it passes on can break a later stage (strings are valid UTF-8 text, fields have their types)."""

from __future__ import annotations

import hashlib
import io
import json
import tracemalloc
from pathlib import Path

from storyline.ingest.jsonl import read_records
from storyline.ingest.sources import read_paths
from storyline.models import RawDocument, Rejected
from tests.ingest.test_bad_input import GOOD


def _line(marker: str, **fields: object) -> bytes:
    return json.dumps({"id": marker, "text": GOOD, **fields}).encode()


def _read(*lines: bytes) -> list[RawDocument | Rejected]:
    data = b"\n".join(lines) + b"\n"
    return list(read_records("feed.jsonl", io.BytesIO(data), max_line_bytes=1_000_000))


def _kinds(items: list[RawDocument | Rejected]) -> list[type]:
    return [type(item) for item in items]


def test_a_number_of_5000_digits_rejects_its_line_and_the_rest_goes_on() -> None:
    items = _read(_line("a"), b'{"text": "x", "id": ' + b"9" * 5000 + b"}", _line("c"))
    assert _kinds(items) == [RawDocument, Rejected, RawDocument]
    assert items[1].source_path == "feed.jsonl#L2"
    assert "more than 4300 digits" in items[1].reason


def test_arrays_nested_100000_deep_reject_their_line_and_the_rest_goes_on() -> None:
    deep = b'{"text": "x", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    items = _read(_line("a"), deep, _line("c"))
    assert _kinds(items) == [RawDocument, Rejected, RawDocument]
    assert "nested too deeply" in items[1].reason


def test_lone_surrogates_are_repaired_into_replacement_characters() -> None:
    # JSON escapes of half a surrogate pair: json.loads gives a str that cannot be encoded to UTF-8.
    line = b'{"id": "s", "title": "Port \\udfff strike", "text": "\\ud800abc ' + json.dumps(GOOD)[1:-1].encode() + b'"}'
    [item] = _read(line)
    assert isinstance(item, RawDocument)
    assert item.fields["title"] == "Port \ufffd strike"
    assert item.fields["text"] == "\ufffdabc " + GOOD
    for value in item.fields.values():
        (value or "").encode("utf-8")


def test_fields_must_have_their_json_types() -> None:
    wrong = [
        ('{"text": 123}', "`text` must be a string, not a number"),
        ('{"text": true}', "`text` must be a string, not a boolean (true)"),
        ('{"body": [1, 2]}', "`body` must be a string, not an array"),
        ('{"html": {"a": 1}}', "`html` must be a string, not an object"),
        (json.dumps({"text": GOOD, "title": 5}), "`title` must be a string, not a number"),
        (json.dumps({"text": GOOD, "url": ["https://x.example"]}), "`url` must be a string, not an array"),
        (json.dumps({"text": GOOD, "published": 20260303}), "`published` must be a string, not a number"),
        (json.dumps({"text": GOOD, "author": ["Ann", 3]}), "`author` must be a string or a list of strings"),
        (json.dumps({"text": GOOD, "id": False}), "`id` must be a string or a number, not a boolean (false)"),
    ]
    right = _line("ignored", id=42, author=["Ann Lee", "Bo Ek"], source="Velmar Post")
    items = _read(*(line.encode() for line, _ in wrong), right)
    assert _kinds(items) == [Rejected] * len(wrong) + [RawDocument]
    for item, (_, reason) in zip(items, wrong, strict=False):
        assert "invalid JSONL field" in item.reason and reason in item.reason, item.reason
    fields = items[-1].fields
    assert (fields["id"], fields["author"], fields["source"]) == ("42", "Ann Lee, Bo Ek", "Velmar Post")


def test_nan_and_infinity_are_not_json() -> None:
    body = json.dumps(GOOD)
    lines = [
        f'{{"text": {body}, "score": NaN}}',
        f'{{"text": {body}, "published": Infinity}}',
        f'{{"text": {body}, "score": -Infinity}}',
        f'{{"text": {body}, "id": 1e999}}',
    ]
    items = _read(*(line.encode() for line in lines))
    assert _kinds(items) == [Rejected] * 4
    assert "NaN is not valid JSON" in items[0].reason
    assert "Infinity is not valid JSON" in items[1].reason
    assert "out of range" in items[3].reason


def test_a_line_over_the_limit_is_skipped_without_being_held_in_memory(tmp_path: Path) -> None:
    long_line = b'{"text": "' + b"x" * 30_000_000 + b'"}'
    path = tmp_path / "feed.jsonl"
    with path.open("wb") as fh:
        fh.write(_line("a") + b"\n" + long_line + b"\n" + _line("c") + b"\n")
    expected_hash = hashlib.sha256(long_line).hexdigest()
    del long_line
    tracemalloc.start()
    try:
        items = list(read_paths([path], max_file_bytes=100_000_000, max_line_bytes=1_000_000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert _kinds(items) == [RawDocument, Rejected, RawDocument]
    assert items[1].source_path.endswith("feed.jsonl#L2")
    assert "line too large: 30.0 MB is over the 1.0 MB limit" in items[1].reason
    assert items[1].content_hash == expected_hash, "the skipped line is hashed as it is read"
    assert peak < 8_000_000, f"peak {peak / 1e6:.1f} MB: the line was held"
