"""The versioned JSON API under /api/v1: paged story, conflict and entity lists with stable cursors, story views,
timelines and briefings, articles with their facts, search, health, and (with a token) ingest over HTTP.

Thin over the read side (`storyline.read.Reader`, where every query lives) and, for ingest, the engine. Lists are
keyset-paged: a `next_cursor` points after the last row of a page, so a page boundary stays put while new stories
arrive. Story views come from an in-process cache (read.cache.StoryViewCache), already serialised (and gzipped
when large and the client accepts it).

The hot endpoints (story list, story view, health) are coroutines that read the store on the event loop: each
takes about a millisecond, and running them in the thread pool cost more in GIL hand-offs than the work itself
(Reuters story list at 10 concurrent connections: 250 requests/s in threads, 850 on the loop). Anything that can
take long (a story view not cached yet, full-text search and the story list filtered by it, briefings, entities,
articles) runs in the thread pool, each thread on its own reader (`reader_for`): a long query then holds up one
thread, never the loop that answers /health.

Bounds: full-text queries of at most read.limits.MAX_QUERY_CHARS characters and MAX_QUERY_TERMS terms (422
otherwise), each list or search query aborted past the `query_timeout_s` setting (503), name filters of at most
MAX_FILTER_CHARS, cursors as read.cursors checks them. The ingest endpoint checks its token before it reads the
body (`TokenFirstRoute`); the body's size is bounded for every route (web.security.Guard, 413).
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute

from storyline import __version__
from storyline.api.deps import (
    app_settings,
    found,
    json_response,
    reader_async,
    reader_for,
    send_payload,
    settings_of,
)
from storyline.api.schemas import (
    MAX_DOCUMENTS,
    ConflictPage,
    DocumentIn,
    EntityDetail,
    EntityPage,
    IngestOut,
    SearchOut,
    StoryPage,
    TimelineOut,
)
from storyline.engines.local import ingest_into
from storyline.errors import UsageError
from storyline.ingest.jsonl import read_records
from storyline.models import RawDocument, Rejected
from storyline.read import Payload
from storyline.settings import Settings

router = APIRouter(prefix="/api/v1", tags=["v1"])

# A name or an outlet is a few words: a longer filter is no name, and each costs a scan of the name index.
MAX_FILTER_CHARS = 500

Limit = Annotated[int, Query(ge=1, le=500, description="Rows per page (1-500).")]
Cursor = Annotated[str | None, Query(description="The `next_cursor` of the previous page.")]


Config = Annotated[Settings, Depends(app_settings)]


def _paged(call: Any, *args: Any, **kwargs: Any) -> Response:
    """A list view, with a cursor that is not ours or a query past the caps (usage errors) mapped to 422."""
    try:
        return json_response(call(*args, **kwargs))
    except UsageError as exc:
        raise HTTPException(422, str(exc)) from exc


@router.get("/health")
async def health(config: Config) -> Response:
    """Liveness and what the store holds."""
    reader = await reader_async(config)
    return json_response({"status": "ok", "version": __version__, "api": "v1", **reader.stats()})


@router.get("/stories", response_model=None, responses={200: {"model": StoryPage}})
async def stories(
    config: Config,
    date_from: Annotated[date | None, Query(alias="from", description="Dated on or after (YYYY-MM-DD).")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="Dated on or before (YYYY-MM-DD).")] = None,
    entity: Annotated[
        str | None, Query(max_length=MAX_FILTER_CHARS, description="A name or alias mentioned (case-insensitive).")
    ] = None,
    outlet: Annotated[
        str | None, Query(max_length=MAX_FILTER_CHARS, description="An outlet that reported it (case-insensitive).")
    ] = None,
    disputed: Annotated[bool | None, Query(description="Sources disagree among its articles.")] = None,
    q: Annotated[str | None, Query(description="Full-text query over its articles' titles and texts.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Response:
    """Stories, newest first (undated last), filtered; a date range keeps stories whose dated span overlaps it.
    Filtered by a full-text query, the list is read in a worker thread (such a query can take long)."""
    if date_from and date_to and date_from > date_to:
        raise HTTPException(422, f"`from` ({date_from}) is after `to` ({date_to})")
    filters = {
        "date_from": date_from.isoformat() if date_from else None,
        "date_to": date_to.isoformat() if date_to else None,
        "entity": entity,
        "outlet": outlet,
        "disputed": disputed,
        "query": q,
        "cursor": cursor,
        "limit": limit,
    }
    if q:
        return await run_in_threadpool(lambda: _paged(reader_for(config).story_list, **filters))
    return _paged((await reader_async(config)).story_list, **filters)


@router.get("/stories/{story_id}", response_class=Response, responses={200: {"content": {"application/json": {}}}})
async def story(story_id: str, config: Config, accept_encoding: Annotated[str | None, Header()] = None) -> Response:
    """The full story view: articles, relations, related stories, entities, timeline, claims, conflicts, quotes,
    summary. Gzip-compressed when the client accepts it and the view is large."""
    payload = (await reader_async(config)).peek_story_entry(story_id)
    if payload is None:
        payload = await run_in_threadpool(_story_entry, config, story_id)
    return await send_payload(payload, "application/json", accept_encoding)


def _story_entry(config: Settings, story_id: str) -> Payload:
    """A story view computed (or revalidated) in a worker thread, on that thread's own reader: seconds for the
    largest stories, which must not hold up the event loop."""
    return found(reader_for(config).story_entry, story_id)


@router.get("/stories/{story_id}/timeline", response_model=None, responses={200: {"model": TimelineOut}})
def story_timeline(story_id: str, config: Config) -> Response:
    """A story's timeline, and its storyline across related stories."""
    return json_response(found(reader_for(config).timeline, story_id))


@router.get("/stories/{story_id}/brief", response_class=Response, responses={200: {"content": {"text/markdown": {}}}})
def story_brief(story_id: str, config: Config) -> Response:
    """The story's briefing as Markdown."""
    text = found(reader_for(config).brief, story_id)
    return Response(text, media_type="text/markdown; charset=utf-8")


@router.get("/stories/{story_id}/brief.html", response_class=HTMLResponse)
def story_brief_html(story_id: str, config: Config) -> HTMLResponse:
    """The story's briefing as an HTML page."""
    return HTMLResponse(found(lambda sid: reader_for(config).brief(sid, html=True), story_id))


@router.get("/conflicts", response_model=None, responses={200: {"model": ConflictPage}})
def conflicts(config: Config, limit: Limit = 50, cursor: Cursor = None) -> Response:
    """Where sources disagree, across stories (newest story first): each conflict with its story."""
    return _paged(reader_for(config).conflicts, cursor=cursor, limit=limit)


@router.get("/articles/{article_id}")
def article(article_id: str, config: Config) -> Response:
    """One article: clean text, removed furniture, and the spans of its entities, dates, claims and quotes."""
    return json_response(found(reader_for(config).article, article_id))


@router.get("/entities", response_model=None, responses={200: {"model": EntityPage}})
def entities(
    config: Config,
    q: Annotated[str | None, Query(description="Part of a name or alias (case-insensitive).")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Response:
    """Entities across the store, most widely reported first, with their aliases and newest stories."""
    return _paged(reader_for(config).entity_list, query=q, cursor=cursor, limit=limit)


@router.get("/entities/{entity_id}", response_model=None, responses={200: {"model": EntityDetail}})
def entity(entity_id: str, config: Config) -> Response:
    """One entity with every article and story that mentions it. Any entity id shown anywhere (story views,
    article views, the UI, the CLI) resolves here; an id absorbed into another entity since gives that entity."""
    return json_response(found(reader_for(config).entity, entity_id))


@router.get("/search", response_model=None, responses={200: {"model": SearchOut}})
def search(
    config: Config,
    q: Annotated[str, Query(min_length=1, description="Full-text query (FTS5 syntax; bare words are ANDed).")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> Response:
    """Articles (with a snippet) and stories matching a full-text query, best match first. At most
    read.limits.MAX_QUERY_CHARS characters and MAX_QUERY_TERMS terms (422); aborted past the time budget (503)."""
    return _paged(reader_for(config).search, q, limit)


class TokenFirstRoute(APIRoute):
    """A route that checks the API token before FastAPI reads and validates the request body: a client without
    the token must not make the server read (and parse) megabytes first. FastAPI reads the body before it solves
    any dependency, so the check cannot be one."""

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()

        async def authorized_first(request: Request) -> Response:
            _authorize(settings_of(request), request.headers.get("authorization"))
            return await handler(request)

        return authorized_first


# Included in `router` (below), which gives it the /api/v1 prefix and the tag.
ingest_router = APIRouter(route_class=TokenFirstRoute)


@ingest_router.post("/documents", response_model=IngestOut)
def ingest_documents(
    request: Request,
    documents: Annotated[list[DocumentIn], Body(max_length=MAX_DOCUMENTS)],
    authorization: Annotated[str | None, Header(description="`Bearer <token>`.")] = None,
) -> dict[str, Any]:
    """Ingest documents (JSON list of {text or html, title, url, published, source, author, id}). Off unless the
    server has an API token (STORYLINE_API_TOKEN); needs `Authorization: Bearer <token>`, checked before the body
    is read (`authorization` is here for the OpenAPI page). Bodies past the `max_request_bytes` setting are 413."""
    settings = settings_of(request)
    raws = [_raw(d) for d in documents]
    report = ingest_into(settings.db, raws, settings, per_document=True)
    why = {r.content_hash: r for r in report.rejected}
    statuses = report.documents or {}
    return {
        "read": report.read,
        "new": report.new,
        "duplicates": report.duplicates,
        "already_stored": report.already_stored,
        "already_rejected": report.already_rejected,
        "rejected": [{"source_path": r.source_path, "reason": r.reason, "stage": r.stage} for r in report.rejected],
        "documents": [
            {
                "source_path": raw.source_path,
                "content_hash": raw.content_hash,
                "status": statuses.get(raw.content_hash or "", "already_stored"),
                "reason": why[raw.content_hash].reason if raw.content_hash in why else None,
                "stage": why[raw.content_hash].stage if raw.content_hash in why else None,
            }
            for raw in raws
        ],
        "failures": report.failures,
        "stories_touched": sorted(report.stories_touched),
        "summary": report.summary(),
    }


router.include_router(ingest_router)


def _authorize(settings: Settings, authorization: str | None) -> None:
    if not settings.api_token:
        # Off: answer as if the endpoint did not exist, so a server without a token exposes no write path.
        raise HTTPException(404, "ingest over HTTP is off: start the server with STORYLINE_API_TOKEN set")
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(401, "missing `Authorization: Bearer <token>`", headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(token.strip().encode(), settings.api_token.encode()):
        raise HTTPException(403, "wrong API token")


def _raw(doc: DocumentIn) -> RawDocument | Rejected:
    """A posted document read as the JSONL reader reads a line (ingest/jsonl.py): the same checks and repairs (a
    lone surrogate becomes U+FFFD), and a Rejected with its reason rather than an error."""
    fields = {k: v for k, v in doc.model_dump().items() if v is not None}
    try:
        line = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: escaped, the reader repairs it
        line = json.dumps(fields, ensure_ascii=True, sort_keys=True).encode("ascii")
    item = next(iter(read_records("api", [line], max_line_bytes=len(line) + 1)))
    if isinstance(item, RawDocument) and item.source_path == "api#L1":
        item.source_path = f"api#{item.content_hash[:16]}"
    return item
