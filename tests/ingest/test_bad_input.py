"""Every kind of bad input is reported with a clear reason and stored with its error, while the rest is ingested."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from storyline.engines.local import ingest
from storyline.settings import Settings
from storyline.store.sqlite import SqliteStore

GOOD = (
    "Harbour workers in the fictional port of Velmar walked out on Tuesday over a dispute about night shifts, "
    "the union said.\n\nThe strike halted loading at four of the six terminals, according to the port authority, "
    "which said talks would resume on Thursday.\n\nUnion leader Anja Krell said members had voted by a large "
    "majority to stop work until the new rota was withdrawn."
)


def _run(tmp_path: Path, *paths: Path) -> tuple[SqliteStore, object]:
    store = SqliteStore(tmp_path / "test.db")
    report = ingest(paths, store, Settings.load(environ={}, db=str(tmp_path / "test.db")))
    return store, report


def _good(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def _single_rejection(store: SqliteStore, report, needle: str) -> str:
    assert report.new == 1, "the good article beside the bad input must still be ingested"
    assert len(report.rejected) == 1
    reason = report.rejected[0].reason
    assert needle in reason
    stored = store.rejected_documents()
    assert [r["error"] for r in stored] == [reason], "the rejected input is kept with its error"
    return reason


def test_empty_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _good(folder)
    (folder / "empty.txt").write_bytes(b"")
    store, report = _run(tmp_path, folder)
    _single_rejection(store, report, "empty file")


def test_binary_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _good(folder)
    (folder / "image.txt").write_bytes(bytes(range(256)) * 40)
    store, report = _run(tmp_path, folder)
    _single_rejection(store, report, "binary file")


def test_invalid_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _good(folder)
    broken = ("Café owners in Velmar said — " * 20).encode("utf-8") + b"\xff\xfe\xc3(" + b" more text" * 20
    (folder / "broken.txt").write_bytes(broken)
    store, report = _run(tmp_path, folder)
    reason = _single_rejection(store, report, "invalid UTF-8")
    assert "byte" in reason, "the reason says where the bad bytes are"


def test_latin1_is_decoded_not_rejected(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "latin1.txt").write_bytes(GOOD.replace("Velmar", "Véllmar").encode("latin-1"))
    store, report = _run(tmp_path, folder)
    assert report.new == 1 and not report.rejected
    assert "Véllmar" in store.get_article(store.conn.execute("SELECT id FROM articles").fetchone()[0]).text


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "utf16.txt").write_bytes(GOOD.encode("utf-16"))
    _, report = _run(tmp_path, folder)
    assert report.new == 1 and not report.rejected


def test_huge_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _good(folder)
    with (folder / "huge.txt").open("wb") as fh:
        line = b"All work and no play makes a very long and very dull text file indeed.\n"
        for _ in range(50_000_000 // len(line) + 1):
            fh.write(line)
    store, report = _run(tmp_path, folder)
    reason = _single_rejection(store, report, "file too large")
    assert "MB" in reason and "STORYLINE_MAX_FILE_BYTES" in reason


def test_html_without_article(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _good(folder)
    (folder / "nav.html").write_text(
        "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav>"
        "<footer>© Example</footer></body></html>",
        encoding="utf-8",
    )
    store, report = _run(tmp_path, folder)
    _single_rejection(store, report, "no article")


def test_jsonl_with_broken_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [
        json.dumps({"id": "a", "title": "Strike at Velmar port", "text": GOOD, "published": "2026-03-03"}),
        '{"id": "b", "text": "unterminated',
        json.dumps(
            {"id": "c", "title": "Other", "text": GOOD.replace("Velmar", "Oskarby").replace("Tuesday", "Monday")}
        ),
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    store, report = _run(tmp_path, folder)
    assert report.new == 2
    assert len(report.rejected) == 1
    rejected = report.rejected[0]
    assert rejected.source_path.endswith("feed.jsonl#L2"), "the reason names the line"
    assert "invalid JSONL line" in rejected.reason
    assert store.rejected_documents()[0]["error"] == rejected.reason


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_unreadable_file_in_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _good(folder)
    (folder / "gone.txt").symlink_to(tmp_path / "does-not-exist.txt")
    locked = folder / "locked.txt"
    locked.write_text(GOOD.replace("Velmar", "Tarnow"), encoding="utf-8")
    locked.chmod(0)
    store, report = _run(tmp_path, folder)
    reasons = {Path(r.source_path).name: r.reason for r in report.rejected}
    assert "unreadable" in reasons["gone.txt"]
    if os.geteuid() != 0:  # root reads a mode-000 file anyway
        assert "permission denied" in reasons["locked.txt"]
    assert len(store.rejected_documents()) == len(report.rejected)
    assert report.new >= 1


def test_missing_path_given_explicitly(tmp_path: Path) -> None:
    _store, report = _run(tmp_path, tmp_path / "nope.txt")
    assert report.new == 0
    assert "no such file" in report.rejected[0].reason
