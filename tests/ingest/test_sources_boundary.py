"""The source walker: limits checked while reading, gzip decompressed as a bounded stream, file names recorded as
valid text, folders that cannot be listed reported."""

from __future__ import annotations

import errno
import gzip
import hashlib
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from storyline.ingest.sources import read_paths
from storyline.models import RawDocument, Rejected
from tests.ingest.test_bad_input import GOOD, _good, _run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
PAGE = (FIXTURES / "article.html").read_bytes()
FEED = (json.dumps({"id": "a", "text": GOOD}) + "\n{broken\n" + json.dumps({"id": "c", "text": GOOD}) + "\n").encode()


# --- limits while reading ---------------------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_the_size_limit_is_checked_while_reading_not_taken_from_stat(tmp_path: Path) -> None:
    proc = Path("/proc/self/status")
    assert proc.stat().st_size == 0, "procfs claims size 0 for a file of a kilobyte or more"
    [item] = read_paths([proc], max_file_bytes=100)
    assert isinstance(item, Rejected) and "file too large" in item.reason
    # Devices and FIFOs are refused on the open descriptor: /dev/zero is never read, a FIFO never waited on.
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for path in (Path("/dev/zero"), fifo):
        [item] = read_paths([path], max_file_bytes=100)
        assert isinstance(item, Rejected) and item.reason.startswith("not a regular file")


# --- gzip -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("page.html.gz", PAGE, "html"),
        ("notes.txt.gz", GOOD.encode(), "text"),
        ("page.html", PAGE, "html"),  # gzip magic without a .gz name: as a server's Content-Encoding saves it
    ],
)
def test_a_gzipped_file_is_read_decompressed(tmp_path: Path, name: str, content: bytes, fmt: str) -> None:
    path = tmp_path / name
    path.write_bytes(gzip.compress(content))
    [item] = read_paths([path], max_file_bytes=1_000_000)
    assert isinstance(item, RawDocument)
    assert (item.format, item.content) == (fmt, content)
    assert item.content_hash == hashlib.sha256(content).hexdigest(), "the same page, gzipped or not, is one page"


def test_a_gzipped_jsonl_is_streamed_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(FEED))
    items = list(read_paths([path], max_file_bytes=1_000_000))
    assert [type(i) for i in items] == [RawDocument, Rejected, RawDocument]
    assert items[1].source_path.endswith("feed.jsonl.gz#L2")
    assert items[0].fields["text"] == GOOD


def test_a_gzipped_page_is_ingested_as_an_article(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html.gz").write_bytes(gzip.compress(PAGE))
    _, report = _run(tmp_path, folder)
    assert report.new == 1 and not report.rejected


@pytest.mark.parametrize(
    ("name", "reason"), [("bomb.txt.gz", "file too large once decompressed"), ("bomb.jsonl.gz", "gzip bomb")]
)
def test_a_gzip_bomb_is_refused_once_past_the_limit_without_holding_it(tmp_path: Path, name: str, reason: str) -> None:
    path = tmp_path / name
    with gzip.open(path, "wb", compresslevel=9) as fh:
        for _ in range(64):
            fh.write(bytes(1 << 20))  # 64 MB of zeros, 64 kB compressed
    tracemalloc.start()
    try:
        [item] = read_paths([path], max_file_bytes=1_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(item, Rejected) and reason in item.reason, item
    assert peak < 6_000_000, f"peak {peak / 1e6:.1f} MB"


def test_a_damaged_gzip_file_is_rejected_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(PAGE)[:-30])
    [item] = read_paths([path], max_file_bytes=1_000_000)
    assert isinstance(item, Rejected) and item.reason.startswith("invalid gzip")


# --- names and folders ------------------------------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_recorded_as_valid_text(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    base = os.fsencode(folder)
    for name, data in ((b"good\xff.txt", GOOD.encode()), (b"empty\xfe.txt", b""), (b"feed\xfd.jsonl", FEED)):
        with open(base + b"/" + name, "wb") as fh:
            fh.write(data)
    items = list(read_paths([folder], max_file_bytes=1_000_000))
    paths = sorted(Path(item.source_path).name for item in items)
    assert paths == [
        "empty\ufffd.txt",
        "feed\ufffd.jsonl#L2",
        "feed\ufffd.jsonl#a",
        "feed\ufffd.jsonl#c",
        "good\ufffd.txt",
    ]
    for item in items:
        item.source_path.encode("utf-8")  # storable in SQLite and JSON output


def test_an_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root here, where mode 000 does not stop reading: the listing error is simulated.
    folder = tmp_path / "in"
    _good(folder)
    locked = folder / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(GOOD.replace("Velmar", "Tarnow"), encoding="utf-8")
    scandir = os.scandir

    def refusing_scandir(path: str = ".") -> object:
        if os.fspath(path) == str(locked):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing_scandir)
    items = list(read_paths([folder], max_file_bytes=1_000_000))
    assert [(item.source_path, item.reason) for item in items if isinstance(item, Rejected)] == [
        (str(locked), "unreadable folder: permission denied")
    ]
    assert [Path(item.source_path).name for item in items if isinstance(item, RawDocument)] == ["good.txt"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root lists a mode-000 folder anyway")
def test_a_folder_without_read_permission_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _good(folder)
    locked = folder / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        store, report = _run(tmp_path, folder)
    finally:
        locked.chmod(0o755)
    assert report.new == 1
    assert [(r.source_path, r.reason) for r in report.rejected] == [
        (str(locked), "unreadable folder: permission denied")
    ]
    assert len(store.rejected_documents()) == 1
