"""The HTML pages: server-rendered from the same views the CLI and the API return."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from storyline.store.sqlite import SqliteStore
from storyline.views import article_detail_view, stories_view, story_view
from storyline.web.deps import found, get_store

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def page_stories(request: Request, s: SqliteStore = Depends(get_store)) -> HTMLResponse:
    data = stories_view(s, limit=200)
    return templates.TemplateResponse(request, "stories.html", {"stories": data, "stats": s.stats()})


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def page_story(request: Request, story_id: str, s: SqliteStore = Depends(get_store)) -> HTMLResponse:
    data = found(story_view, s, story_id)
    return templates.TemplateResponse(request, "story.html", {"story": data})


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def page_article(request: Request, article_id: str, s: SqliteStore = Depends(get_store)) -> HTMLResponse:
    data = found(article_detail_view, s, article_id)
    return templates.TemplateResponse(request, "article.html", {"article": data})
