"""The store conformance suite (tests/store/conformance.py) run against the SQLite store, on a file in tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from storyline.store.base import Store
from storyline.store.sqlite import SqliteStore
from tests.store.conformance import MakeStore, StoreConformance


class TestSqliteStore(StoreConformance):
    @pytest.fixture
    def make_store(self, tmp_path: Path) -> Iterator[MakeStore]:
        opened: list[SqliteStore] = []

        def make(readonly: bool = False) -> Store:
            store = SqliteStore(tmp_path / "conformance.db", readonly=readonly)
            opened.append(store)
            return store

        yield make
        for store in reversed(opened):
            store.close()

    @pytest.fixture
    def open_missing_store(self, tmp_path: Path) -> Callable[[], Store]:
        return lambda: SqliteStore(tmp_path / "absent" / "missing.db", readonly=True)
