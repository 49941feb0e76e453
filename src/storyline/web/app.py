"""The web face: a read-only story browser at / and a JSON API under /api/, both thin over `storyline.views`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from storyline import __version__
from storyline.errors import NotFoundError
from storyline.settings import Settings
from storyline.store.sqlite import SqliteStore
from storyline.views import article_detail_view, article_view, stories_view, story_view

_HERE = Path(__file__).parent


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(title="storyline", version=__version__, docs_url="/api/docs", openapi_url="/api/openapi.json")
    templates = Jinja2Templates(directory=str(_HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")

    def store() -> Iterator[SqliteStore]:
        # One read-only connection per request: SQLite connections are cheap and WAL lets readers run beside ingest.
        s = SqliteStore(settings.db, readonly=True)
        try:
            yield s
        finally:
            s.close()

    def found(call: Any, *args: Any) -> Any:
        try:
            return call(*args)
        except NotFoundError as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from exc

    @app.get("/api/health")
    def health(s: SqliteStore = Depends(store)) -> dict[str, Any]:
        return {"status": "ok", "version": __version__, **s.stats()}

    @app.get("/api/stories")
    def api_stories(limit: int = 50, offset: int = 0, s: SqliteStore = Depends(store)) -> list[dict[str, Any]]:
        return stories_view(s, limit=min(max(limit, 1), 500), offset=max(offset, 0))

    @app.get("/api/stories/{story_id}")
    def api_story(story_id: str, s: SqliteStore = Depends(store)) -> dict[str, Any]:
        return found(story_view, s, story_id)

    @app.get("/api/articles/{article_id}")
    def api_article(article_id: str, s: SqliteStore = Depends(store)) -> dict[str, Any]:
        return found(article_detail_view, s, article_id)

    @app.get("/api/search")
    def api_search(q: str, limit: int = 20, s: SqliteStore = Depends(store)) -> list[dict[str, Any]]:
        return s.search(q, limit=min(max(limit, 1), 200))

    @app.get("/", response_class=HTMLResponse)
    def page_stories(request: Request, s: SqliteStore = Depends(store)) -> HTMLResponse:
        data = stories_view(s, limit=200)
        return templates.TemplateResponse(request, "stories.html", {"stories": data, "stats": s.stats()})

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    def page_story(request: Request, story_id: str, s: SqliteStore = Depends(store)) -> HTMLResponse:
        data = found(story_view, s, story_id)
        return templates.TemplateResponse(request, "story.html", {"story": data})

    @app.get("/articles/{article_id}", response_class=HTMLResponse)
    def page_article(request: Request, article_id: str, s: SqliteStore = Depends(store)) -> HTMLResponse:
        data = article_view(found(s.get_article, article_id))
        return templates.TemplateResponse(request, "article.html", {"article": data})

    return app
