"""What every route of the API and the web pages needs: the settings, a reader (kept per thread), the mapping of
"not found" to HTTP 404 (with a message that names the id and nothing of the server), strict JSON responses, and
prepared payloads sent gzipped."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from fastapi import HTTPException, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from storyline.errors import NotFoundError
from storyline.read import Payload, Reader, open_reader
from storyline.read.safety import dumps
from storyline.settings import Settings

T = TypeVar("T")

# Offsets past this are refused (422, or a 400 page): no store holds a billion stories, and a number past SQLite's
# 64-bit integers overflows when bound to a query.
MAX_OFFSET = 1_000_000_000


def settings_of(request: Request) -> Settings:
    """The server's settings."""
    return request.app.state.settings


_per_thread = threading.local()


async def app_settings(request: Request) -> Settings:
    """The server's settings. A coroutine, so it runs on the event loop: a plain function dependency would run in
    some pool thread, and the reader it opened there would be used by the endpoint in another thread."""
    return settings_of(request)


def reader_for(settings: Settings) -> Reader:
    """A read-only reader for the calling thread, kept open between requests: opening one costs more than answering
    a story list (about 1.2 ms against 0.5 ms on Reuters), and a kept connection keeps its page cache. Reads never
    hold a transaction between requests, so each sees what ingest committed. Call it in the endpoint's own body: a
    connection must not serve two threads at once. (The app brought an older store up to date when it started:
    see app.create_app.)"""
    readers: dict[str, Reader] = _per_thread.__dict__.setdefault("readers", {})
    reader = readers.get(settings.db)
    if reader is None:
        reader = readers[settings.db] = open_reader(settings.db)
    reader.query_timeout_s = query_timeout(settings)  # two apps over one store may differ (tests do)
    return reader


def query_timeout(settings: Settings) -> float | None:
    """The time budget of one list or search query served (the `query_timeout_s` setting; 0 or None: none)."""
    return settings.query_timeout_s or None


async def reader_async(settings: Settings) -> Reader:
    """`reader_for` for a coroutine endpoint: the reader of the event loop's thread."""
    return reader_for(settings)


def request_reader(request: Request) -> Iterator[Reader]:
    """One reader per request, closed after it: for the pages that run in the thread pool."""
    settings = settings_of(request)
    reader = open_reader(settings.db, query_timeout(settings))
    try:
        yield reader
    finally:
        reader.close()


def found(call: Callable[..., T], item_id: str, *args: Any) -> T:
    """`call(item_id, *args)`, with NotFoundError as HTTP 404."""
    try:
        return call(item_id, *args)
    except NotFoundError as exc:
        raise HTTPException(status_code=404, detail=not_found_detail(exc, item_id)) from exc


_KIND = re.compile(r"no (story|article|entity)\b")


def not_found_detail(exc: NotFoundError, item_id: str | None = None) -> str:
    """What a client is told of a NotFoundError: the kind of thing and the id asked for. The error's own message
    names the store's file (the CLI shows it; a server must not hand out its paths)."""
    kind = match[1] if (match := _KIND.match(str(exc))) else "item"
    return f"no {kind} {item_id!r}" if item_id is not None else f"no such {kind}"


def json_response(data: Any, status_code: int = 200) -> Response:
    """A strict JSON response (no NaN or Infinity, which strict parsers refuse: see read.safety.dumps), without
    FastAPI's per-field encoding pass: views are plain JSON-ready dicts already."""
    return Response(dumps(data), status_code=status_code, media_type="application/json")


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
