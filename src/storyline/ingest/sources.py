"""Walk paths given to ingest and turn each file (or JSONL line) into a RawDocument, or a Rejected with a reason.

Readers never raise for a bad input: a bad file becomes a `Rejected` so the rest of the batch goes on. Every limit
is checked while reading, never after: JSONL is streamed a bounded line at a time, other formats are read up to
`max_file_bytes` + 1 bytes whatever the file claims to hold, and gzip is decompressed as a stream under the same
limits. Paths are recorded as valid text (`display_path`).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from storyline.ingest.jsonl import over_limit_text, read_records, size_text
from storyline.models import RawDocument, Rejected
from storyline.text import without_surrogates

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
# Files a folder walk passes over silently: our own stores and editor/OS clutter, never articles.
_SKIP_SUFFIXES = frozenset({".db", ".db-wal", ".db-shm", ".sqlite", ".json", ".pyc"})
_SKIP_NAMES = frozenset({"README.md", "EXPECTED.md", "LICENSE", "SOURCE.txt", ".DS_Store"})
_GZIP_MAGIC = b"\x1f\x8b"
# A JSONL stream inside gzip is not bounded in total (dumps are gigabytes), but one that expands more than this
# past `max_file_bytes` is a gzip bomb: text compresses 3 to 10 times, zeros about 1,000 times.
_MAX_GZIP_RATIO = 200
_HASH_CHUNK = 1 << 20
# Opening a FIFO for reading waits for a writer, forever if none comes; O_NONBLOCK returns at once (and changes
# nothing for the regular files that are then read).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


class _NotRegular(Exception):
    """The path is a device, a FIFO, a socket or a folder: nothing to read as a file."""


class _GzipBomb(Exception):
    def __init__(self, expanded: int, compressed: int) -> None:
        super().__init__(f"{expanded} bytes from {compressed}")
        self.expanded, self.compressed = expanded, compressed


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def display_path(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """A path as text that can be stored and printed.

    On Linux a file name is bytes; os.fsdecode turns those that are not UTF-8 into lone surrogates (\\udcff for
    byte FF), which SQLite and JSON encoders refuse. They become U+FFFD, so the name stays readable.
    """
    return without_surrogates(os.fsdecode(path))


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Rejected]:
    """Files under the given paths, folders walked recursively in sorted order (so ids and order are deterministic),
    and a Rejected for each folder that could not be listed."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path)
        else:
            # A path given explicitly is always attempted, so a missing one is reported, not skipped.
            yield path


def _walk(folder: Path) -> Iterator[Path | Rejected]:
    # os.walk skips a folder it cannot list unless told; its errors are reported as they come, between the files.
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        yield from _unreadable_folders(errors)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name in _SKIP_NAMES or Path(name).suffix.lower() in _SKIP_SUFFIXES:
                continue
            yield Path(root) / name
    yield from _unreadable_folders(errors)


def _unreadable_folders(errors: list[OSError]) -> Iterator[Rejected]:
    while errors:
        exc = errors.pop(0)
        why = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        yield Rejected(display_path(exc.filename or "?"), f"unreadable folder: {why}")


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


def read_paths(
    paths: Iterable[str | os.PathLike[str]], max_file_bytes: int, max_line_bytes: int | None = None
) -> Iterator[RawDocument | Rejected]:
    """Yield one RawDocument per article-bearing input, or a Rejected saying why an input was unusable.

    `max_line_bytes` bounds one JSONL line (default: `max_file_bytes`); `max_file_bytes` bounds any other file,
    after decompression for gzip.
    """
    line_limit = max_file_bytes if max_line_bytes is None else max_line_bytes
    for item in iter_files(paths):
        if isinstance(item, Rejected):
            yield item
        else:
            yield from read_file(item, max_file_bytes, line_limit)


def read_file(path: Path, max_file_bytes: int, max_line_bytes: int | None = None) -> Iterator[RawDocument | Rejected]:
    """Read one file. JSONL is streamed line by line (dumps can be gigabytes); other formats are read whole, up to
    `max_file_bytes`, so one oversized file is refused rather than exhausting memory."""
    source = display_path(path)
    line_limit = max_file_bytes if max_line_bytes is None else max_line_bytes
    try:
        fh = _open_regular(path)
    except _NotRegular:
        yield Rejected(source, "not a regular file: only files and folders can be ingested")
        return
    except FileNotFoundError:
        yield Rejected(source, "unreadable: no such file (or a broken link)")
        return
    except OSError as exc:
        yield Rejected(source, _unreadable(exc))
        return
    with fh:
        try:
            yield from _read_open(source, path, fh, max_file_bytes, line_limit)
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
            yield Rejected(source, f"invalid gzip: {exc} (the file is damaged or truncated)")
        except _GzipBomb as exc:
            yield Rejected(
                source,
                f"gzip bomb: {size_text(exc.compressed)} compressed expanded to over {size_text(exc.expanded)}, "
                f"more than {_MAX_GZIP_RATIO} times; refused",
            )
        except OSError as exc:
            yield Rejected(source, _unreadable(exc))


def _unreadable(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "unreadable: permission denied"
    return f"unreadable: {exc.strerror or exc}"


def _open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading; anything else (FIFO, device, socket, folder) raises _NotRegular.

    Checked on the open descriptor, not before opening, so the answer is about the file actually read.
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _NotRegular
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _read_open(
    source: str, path: Path, fh: BinaryIO, max_file_bytes: int, max_line_bytes: int
) -> Iterator[RawDocument | Rejected]:
    head = fh.read(2048)
    fh.seek(0)
    if head.startswith(_GZIP_MAGIC) or path.suffix.lower() == ".gz":
        yield from _read_gzip(source, path, fh, max_file_bytes, max_line_bytes)
        return
    fmt = sniff_format(path, head)
    if fmt == "jsonl":
        yield from read_records(source, fh, max_line_bytes=max_line_bytes)
        return
    yield _read_whole(source, fmt, fh, max_file_bytes, compressed=None)


def _read_gzip(
    source: str, path: Path, fh: BinaryIO, max_file_bytes: int, max_line_bytes: int
) -> Iterator[RawDocument | Rejected]:
    """A gzip file (`page.html.gz`, or any file starting with the gzip magic), decompressed as a stream; its
    format is sniffed from the name without `.gz` and the decompressed head."""
    inner = path.with_suffix("") if path.suffix.lower() == ".gz" else path
    stream = gzip.GzipFile(fileobj=fh, mode="rb")
    head = stream.read(2048)
    stream.seek(0)  # rewinds: decompression starts over, cheaply, from the first byte
    fmt = sniff_format(inner, head)
    if fmt == "jsonl":
        yield from read_records(source, _GuardedGzip(stream, fh, max_file_bytes), max_line_bytes=max_line_bytes)
        return
    yield _read_whole(source, fmt, stream, max_file_bytes, compressed=fh)


def _read_whole(
    source: str, fmt: str, fh: BinaryIO, max_file_bytes: int, compressed: BinaryIO | None
) -> RawDocument | Rejected:
    """The whole content, read up to one byte past the limit, so the file's size is never taken on trust (a file
    may grow, or claim size 0 like those of /proc). `compressed` is the gzip file `fh` decompresses, if any."""
    data = fh.read(max_file_bytes + 1)
    if len(data) > max_file_bytes:
        return _too_large(source, fh, data, max_file_bytes, compressed)
    if not data.strip():
        return Rejected(source, "empty file: no text", content_hash=content_hash(data), content=data)
    return RawDocument(source_path=source, content=data, format=fmt, content_hash=content_hash(data))  # type: ignore[arg-type]


def _too_large(source: str, fh: BinaryIO, data: bytes, max_file_bytes: int, compressed: BinaryIO | None) -> Rejected:
    limit = size_text(max_file_bytes)
    if compressed is not None:
        # Not decompressed further: a gzip bomb would go on for gigabytes. The compressed bytes identify it.
        compressed.seek(0)
        digest, size = _hash_rest(hashlib.sha256(), compressed)
        return Rejected(
            source,
            f"file too large once decompressed: {size_text(size)} of gzip expands to over the {limit} limit "
            "(raise STORYLINE_MAX_FILE_BYTES, or split it)",
            content_hash=digest,
        )
    digest, rest = _hash_rest(hashlib.sha256(data), fh)
    return Rejected(
        source,
        f"file too large: {over_limit_text(len(data) + rest, max_file_bytes)} "
        "(raise STORYLINE_MAX_FILE_BYTES, or split it)",
        content_hash=digest,
    )


def _hash_rest(digest: hashlib._Hash, fh: BinaryIO) -> tuple[str, int]:
    """Hash what is left of a file in chunks: the digest and the number of bytes hashed."""
    size = 0
    while chunk := fh.read(_HASH_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


class _GuardedGzip:
    """The decompressed lines of a gzip file, raising _GzipBomb when it expands past `max_bytes` at more than
    `_MAX_GZIP_RATIO` times the compressed bytes read so far."""

    def __init__(self, stream: gzip.GzipFile, compressed: BinaryIO, max_bytes: int) -> None:
        self._stream, self._compressed, self._max_bytes = stream, compressed, max_bytes
        self._expanded = 0

    def readline(self, size: int = -1) -> bytes:
        line = self._stream.readline(size)
        self._expanded += len(line)
        if self._expanded > self._max_bytes:
            read = max(1, self._compressed.tell())
            if self._expanded > _MAX_GZIP_RATIO * read:
                raise _GzipBomb(self._expanded, read)
        return line
