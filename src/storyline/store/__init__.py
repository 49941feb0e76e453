"""Persistence: the `Store` interface (base.py), its SQLite implementation (sqlite.py) and one factory.

    store = open_store("news.db")                   # or "sqlite:///abs/path.db", ":memory:"
    store = open_store("news.db", readonly=True)    # for readers: never writes, never migrates

Everything outside this package talks to a `Store` obtained here; none of it touches a connection. A PostgreSQL
store plugs in as another scheme of `open_store`.
"""

from __future__ import annotations

from pathlib import Path

from storyline.errors import StoreError
from storyline.store.base import EntityFilter, Store

__all__ = ["EntityFilter", "Store", "open_store"]


def open_store(url: str | Path, *, readonly: bool = False) -> Store:
    """Open the store at `url`: a file path (the default store is SQLite), `sqlite:///path`, or `:memory:`.
    Writable stores are created and migrated; read-only ones must exist already (StoreError otherwise)."""
    from storyline.store.sqlite import SqliteStore

    text = str(url)
    if text.startswith("sqlite:///"):
        return SqliteStore(text.removeprefix("sqlite:///") or ":memory:", readonly=readonly)
    if "://" in text:
        scheme = text.split("://", 1)[0]
        raise StoreError(f"no store for {scheme}:// URLs in this storyline: use a SQLite file path")
    return SqliteStore(text, readonly=readonly)
