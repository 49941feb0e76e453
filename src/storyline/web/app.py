"""The web face: HTML pages at / (web/pages.py) and the JSON API under /api/ (storyline.api), both thin over
`storyline.views`; OpenAPI at /api/docs."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from storyline import __version__
from storyline.api import legacy, v1
from storyline.settings import Settings
from storyline.web import pages

_HERE = Path(__file__).parent


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(title="storyline", version=__version__, docs_url="/api/docs", openapi_url="/api/openapi.json")
    app.state.settings = settings
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")
    app.include_router(legacy.router)
    app.include_router(v1.router)
    app.include_router(pages.router)
    return app
