"""The first, unversioned JSON endpoints (/api/stories, ...), kept so existing clients keep working; new clients
use /api/v1 (see v1.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from storyline import __version__
from storyline.api.deps import found, request_reader
from storyline.read import Reader

router = APIRouter()


@router.get("/api/health")
def health(reader: Reader = Depends(request_reader)) -> dict[str, Any]:
    return {"status": "ok", "version": __version__, **reader.stats()}


@router.get("/api/stories")
def api_stories(limit: int = 50, offset: int = 0, reader: Reader = Depends(request_reader)) -> list[dict[str, Any]]:
    return reader.stories(limit=min(max(limit, 1), 500), offset=max(offset, 0))


@router.get("/api/stories/{story_id}")
def api_story(story_id: str, reader: Reader = Depends(request_reader)) -> dict[str, Any]:
    return found(reader.story, story_id)


@router.get("/api/articles/{article_id}")
def api_article(article_id: str, reader: Reader = Depends(request_reader)) -> dict[str, Any]:
    return found(reader.article, article_id)


@router.get("/api/search")
def api_search(q: str, limit: int = 20, reader: Reader = Depends(request_reader)) -> list[dict[str, Any]]:
    return reader.search_articles(q, limit=min(max(limit, 1), 200))
