"""The web face: HTML pages at / (web/pages.py) and the JSON API under /api/ (storyline.api), both thin over
`storyline.read.views`; OpenAPI at /api/docs."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from storyline import __version__
from storyline.api import legacy, v1
from storyline.engines.local import upgrade_store
from storyline.settings import Settings
from storyline.web import pages

_HERE = Path(__file__).parent


def create_app(settings: Settings, warm: bool = False) -> FastAPI:
    """The app over `settings.db`. With `warm` (what `storyline serve` asks for), a background thread prepares the
    caches once the server starts (see pages.warm_caches); requests are served meanwhile.

    A store an older storyline made is brought up to date first (migrated, and what the stages derive across
    stories filled in): the one write serving may cause, done by the engine before any request is read."""
    upgrade_store(settings.db)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if warm and settings.warm_stories > 0:
            threading.Thread(target=pages.warm_caches, args=(settings,), daemon=True, name="warm-caches").start()
        yield

    app = FastAPI(
        title="storyline",
        version=__version__,
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")
    app.include_router(legacy.router)
    app.include_router(v1.router)
    app.include_router(pages.router)
    return app
