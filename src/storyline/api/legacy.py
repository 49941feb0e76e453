"""The first, unversioned JSON endpoints (/api/stories, ...), kept so existing clients keep working; new clients
use /api/v1 (see v1.py).

As before, out-of-range limits and negative offsets are clamped; an offset past deps.MAX_OFFSET (which no store
reaches, and past 64 bits overflows a query) is 422, as is a search query past read.limits' caps. Responses are
strict JSON (deps.json_response), as in v1."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from storyline import __version__
from storyline.api.deps import MAX_OFFSET, found, json_response, request_reader
from storyline.read import Reader

router = APIRouter()

Offset = Annotated[int, Query(le=MAX_OFFSET)]


@router.get("/api/health")
def health(reader: Reader = Depends(request_reader)) -> Response:
    return json_response({"status": "ok", "version": __version__, **reader.stats()})


@router.get("/api/stories")
def api_stories(limit: int = 50, offset: Offset = 0, reader: Reader = Depends(request_reader)) -> Response:
    return json_response(reader.stories(limit=min(max(limit, 1), 500), offset=max(offset, 0)))


@router.get("/api/stories/{story_id}")
def api_story(story_id: str, reader: Reader = Depends(request_reader)) -> Response:
    return json_response(found(reader.story, story_id))


@router.get("/api/articles/{article_id}")
def api_article(article_id: str, reader: Reader = Depends(request_reader)) -> Response:
    return json_response(found(reader.article, article_id))


@router.get("/api/search")
def api_search(q: str, limit: int = 20, reader: Reader = Depends(request_reader)) -> Response:
    return json_response(reader.search_articles(q, limit=min(max(limit, 1), 200)))
