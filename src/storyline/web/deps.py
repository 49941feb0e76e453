"""What every route needs: a read-only store per request, and the mapping of "not found" to HTTP 404."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from fastapi import HTTPException, Request

from storyline.errors import NotFoundError
from storyline.settings import Settings
from storyline.store.sqlite import SqliteStore

T = TypeVar("T")


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> Iterator[SqliteStore]:
    # One read-only connection per request: SQLite connections are cheap and WAL lets readers run beside ingest.
    store = SqliteStore(settings_of(request).db, readonly=True)
    try:
        yield store
    finally:
        store.close()


def found(call: Callable[..., T], *args: Any) -> T:
    try:
        return call(*args)
    except NotFoundError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
