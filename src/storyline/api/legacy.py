"""The first, unversioned JSON endpoints (/api/stories, ...), kept so existing clients keep working; new clients
use /api/v1 (see v1.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from storyline import __version__
from storyline.read.views import article_detail_view, stories_view, story_view
from storyline.store.sqlite import SqliteStore
from storyline.web.deps import found, get_store

router = APIRouter()


@router.get("/api/health")
def health(s: SqliteStore = Depends(get_store)) -> dict[str, Any]:
    return {"status": "ok", "version": __version__, **s.stats()}


@router.get("/api/stories")
def api_stories(limit: int = 50, offset: int = 0, s: SqliteStore = Depends(get_store)) -> list[dict[str, Any]]:
    return stories_view(s, limit=min(max(limit, 1), 500), offset=max(offset, 0))


@router.get("/api/stories/{story_id}")
def api_story(story_id: str, s: SqliteStore = Depends(get_store)) -> dict[str, Any]:
    return found(story_view, s, story_id)


@router.get("/api/articles/{article_id}")
def api_article(article_id: str, s: SqliteStore = Depends(get_store)) -> dict[str, Any]:
    return found(article_detail_view, s, article_id)


@router.get("/api/search")
def api_search(q: str, limit: int = 20, s: SqliteStore = Depends(get_store)) -> list[dict[str, Any]]:
    return s.search(q, limit=min(max(limit, 1), 200))
