"""The SQLite store: schema versioning, WAL, full-text search, read-only access."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.errors import NotFoundError, StoreError
from storyline.models import Article
from storyline.store.schema import SCHEMA_VERSION
from storyline.store.sqlite import SqliteStore


def _article(i: int, text: str) -> Article:
    return Article(id=f"a{i}", source_path=f"/x/{i}.txt", content_hash=f"h{i}", text=text, title=f"T{i}",
                   title_generated=False, seq=i)  # fmt: skip


def test_new_store_is_wal_and_versioned(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "s.db") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        version = store.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
        assert int(version) == SCHEMA_VERSION


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "s.db") as store:
        store.conn.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
    with pytest.raises(StoreError, match="newer than this storyline"):
        SqliteStore(tmp_path / "s.db")


def test_full_text_search(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "s.db") as store:
        with store.transaction():
            store.save_article(_article(1, "The harbour strike in Velmar entered its second day."))
            store.save_article(_article(2, "A warehouse fire in Oskarby destroyed textile stock."))
        assert [r["id"] for r in store.search("velmar strike")] == ["a1"]
        assert store.search('"unbalanced') == []  # bad FTS syntax degrades to a phrase search, no crash


def test_readonly_missing_store_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="storyline ingest"):
        SqliteStore(tmp_path / "missing.db", readonly=True)


def test_unknown_article(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "s.db") as store, pytest.raises(NotFoundError):
        store.get_article("nope")
