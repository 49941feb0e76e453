"""What every route needs: the settings, a read-only store (per request, or kept per thread), the mapping of "not found"
to HTTP 404, and prepared payloads sent gzipped."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from fastapi import HTTPException, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from storyline.errors import NotFoundError, StoreError
from storyline.read.views import Payload
from storyline.settings import Settings
from storyline.store.sqlite import SqliteStore

T = TypeVar("T")


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


_current: set[str] = set()
_upgrade_lock = threading.Lock()


def _upgrade_once(settings: Settings) -> None:
    """Bring a store made by an older storyline up to date, once per process: the v1 lists read tables that older
    stores lack. The one write a GET may cause; it runs once, under a lock, and is a no-op on current stores."""
    if settings.db in _current:
        return
    with _upgrade_lock:
        if settings.db in _current:
            return
        from storyline.engines.local import refresh_story_meta

        with SqliteStore(settings.db, readonly=True) as store:
            current = not store.needs_upgrade()
        if not current:
            try:
                with SqliteStore(settings.db) as store:
                    refresh_story_meta(store)
            except StoreError as exc:
                raise HTTPException(503, f"the store needs an upgrade this server cannot write: {exc}") from exc
        _current.add(settings.db)


_per_thread = threading.local()


async def app_settings(request: Request) -> Settings:
    """The server's settings. A coroutine, so it runs on the event loop: a plain function dependency would run in
    some pool thread, and the store it opened there would be used by the endpoint in another thread."""
    return settings_of(request)


def open_store(settings: Settings) -> SqliteStore:
    """A read-only store for the calling thread, kept open between requests: opening one costs more than answering
    a story list (about 1.2 ms against 0.5 ms on Reuters), and a kept connection keeps its page cache. Reads never
    hold a transaction between requests, so each sees what ingest committed. Upgraded first if an older storyline
    made the store. Call it in the endpoint's own body: a connection must not serve two threads at once."""
    _upgrade_once(settings)
    stores: dict[str, SqliteStore] = _per_thread.__dict__.setdefault("stores", {})
    store = stores.get(settings.db)
    if store is None:
        store = stores[settings.db] = SqliteStore(settings.db, readonly=True)
    return store


async def open_store_async(settings: Settings) -> SqliteStore:
    """`open_store` for a coroutine endpoint: the store of the event loop's thread, the one-off upgrade of an older
    store in a worker thread."""
    if settings.db not in _current:
        await run_in_threadpool(_upgrade_once, settings)
    return open_store(settings)


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


# Payloads smaller than this go uncompressed (a few ms of transfer at most); up to _GZIP_INLINE they are compressed on
# the event loop (well under a millisecond), larger ones once in a worker thread.
_GZIP_FROM = 64_000
_GZIP_INLINE = 1_000_000


async def send_payload(payload: Payload, media_type: str, accept_encoding: str | None) -> Response:
    """A prepared payload as a response, gzip-compressed (once) when the client accepts it and it is large."""
    if "gzip" not in (accept_encoding or "") or len(payload.body) < _GZIP_FROM:
        return Response(payload.body, media_type=media_type)
    if payload.gzipped is not None or len(payload.body) < _GZIP_INLINE:
        body = payload.gzip()
    else:
        body = await run_in_threadpool(payload.gzip)
    return Response(body, media_type=media_type, headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
