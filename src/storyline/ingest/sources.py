"""Walk paths given to ingest and turn each file (or JSONL line) into a RawDocument, or a Rejected with a reason.

Readers never raise for a bad input: a bad file becomes a `Rejected` so the rest of the batch goes on.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.ingest.jsonl import read_records
from storyline.models import RawDocument, Rejected

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
# Files a folder walk passes over silently: our own stores and editor/OS clutter, never articles.
_SKIP_SUFFIXES = frozenset({".db", ".db-wal", ".db-shm", ".sqlite", ".json", ".pyc"})
_SKIP_NAMES = frozenset({"README.md", "EXPECTED.md", "LICENSE", "SOURCE.txt", ".DS_Store"})


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files under the given paths, folders walked recursively in sorted order (so ids and order are deterministic)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, files in os.walk(path, onerror=None):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or name in _SKIP_NAMES or Path(name).suffix.lower() in _SKIP_SUFFIXES:
                        continue
                    yield Path(root) / name
        else:
            # A path given explicitly is always attempted, so a missing one is reported, not skipped.
            yield path


def sniff_format(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "text"
    lowered = head[:2048].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "html"
    return "text"


def read_paths(paths: Iterable[str | os.PathLike[str]], max_file_bytes: int) -> Iterator[RawDocument | Rejected]:
    """Yield one RawDocument per article-bearing input, or a Rejected saying why an input was unusable."""
    for path in iter_files(paths):
        yield from read_file(path, max_file_bytes)


def read_file(path: Path, max_file_bytes: int) -> Iterator[RawDocument | Rejected]:
    """Read one file. JSONL is streamed line by line (dumps can be gigabytes); other formats are read whole, up to
    `max_file_bytes`, so one oversized file is refused rather than exhausting memory."""
    source = str(path)
    try:
        if not path.is_file():
            if path.exists():
                yield Rejected(source, "not a regular file: only files and folders can be ingested")
            else:
                yield Rejected(source, "unreadable: no such file (or a broken link)")
            return
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(2048)
            fmt = sniff_format(path, head)
            if fmt == "jsonl":
                fh.seek(0)
                yield from read_records(source, fh, max_line_bytes=max_file_bytes)
                return
            if size > max_file_bytes:
                yield Rejected(
                    source,
                    f"file too large: {size / 1e6:.1f} MB is over the {max_file_bytes / 1e6:.0f} MB limit "
                    "(raise STORYLINE_MAX_FILE_BYTES, or split it)",
                    content_hash=_hash_file(path),
                )
                return
            data = head + fh.read()
    except PermissionError:
        yield Rejected(source, "unreadable: permission denied")
        return
    except OSError as exc:
        yield Rejected(source, f"unreadable: {exc.strerror or exc}")
        return
    if not data.strip():
        yield Rejected(source, "empty file: no text", content_hash=content_hash(data), content=data)
        return
    yield RawDocument(source_path=source, content=data, format=fmt, content_hash=content_hash(data))  # type: ignore[arg-type]


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
