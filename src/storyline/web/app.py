"""The web face: HTML pages at / (web/pages.py) and the JSON API under /api/ (storyline.api), both thin over
`storyline.read.views`; OpenAPI at /api/docs.

Hardened for a server anyone on the network (or any page in a browser) can reach: web.security.Guard in front of
everything (security headers, the Host check, bounded request bodies), errors answered with messages that name
nothing of the server (no store path, no traceback: those go to the server's log), bad parameters answered 400 on
the pages and 422 on the API, never 500.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from storyline import __version__
from storyline.api import legacy, v1
from storyline.api.deps import json_response, not_found_detail
from storyline.engines.local import upgrade_store
from storyline.errors import NotFoundError, UsageError
from storyline.read import QueryTimeoutError
from storyline.settings import Settings
from storyline.web import pages
from storyline.web.admission import Admission
from storyline.web.security import Guard, allowed_hosts, max_request_bytes, security_headers

_HERE = Path(__file__).parent
_SWITCH_INTERVAL_S = 0.001


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
        docs_url=None,  # served by _docs_page, with a policy of its own
        redoc_url=None,  # a second CDN page nothing links to
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    # Worker threads (searches, story views being made) run Python that holds the GIL; the event loop gets it back
    # at the switch interval. 5 ms (CPython's default) put most of /health's p99 under load in that wait.
    sys.setswitchinterval(_SWITCH_INTERVAL_S)
    # Innermost first: the Guard answers a bad Host or body before a request takes one of Admission's slots.
    app.add_middleware(Admission, limit=settings.max_concurrent_requests)
    app.add_middleware(Guard, hosts=allowed_hosts(settings), max_body=max_request_bytes(settings))
    _add_error_handlers(app)
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")
    app.include_router(legacy.router)
    app.include_router(v1.router)
    app.include_router(pages.router)
    _docs_page(app)
    return app


# -- the OpenAPI page ------------------------------------------------------------------------------------------------
# Swagger UI comes from a CDN and starts from an inline script: the page gets a policy of its own that allows that
# CDN and exactly that script (by its hash), never inline script in general. Everything else keeps the strict one.
_CDN = "https://cdn.jsdelivr.net"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _docs_page(app: FastAPI) -> None:
    page = get_swagger_ui_html(openapi_url=app.openapi_url or "", title=f"{app.title} - API")
    body = bytes(page.body)
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
        for script in _INLINE_SCRIPT.findall(body.decode())
    )
    policy = (
        f"default-src 'self'; script-src 'self' {_CDN} {hashes}; style-src 'self' {_CDN} 'unsafe-inline'; "
        f"img-src 'self' data: https://fastapi.tiangolo.com; connect-src 'self'; object-src 'none'; "
        f"base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )

    @app.get("/api/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(body, headers={"Content-Security-Policy": policy})


# -- errors ----------------------------------------------------------------------------------------------------------
def _is_page(request: Request) -> bool:
    """Whether the request is for an HTML page (else the API or a static file, answered in JSON)."""
    return not request.url.path.startswith(("/api/", "/static/"))


def _error(request: Request, status: int, title: str, message: str) -> Response:
    """An error as the client reads it: the error page for pages, `{"detail": message}` for the rest."""
    if _is_page(request):
        return pages.error_page(request, status, title, message)
    return json_response({"detail": message}, status_code=status)


def _add_error_handlers(app: FastAPI) -> None:
    async def bad_parameters(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if not _is_page(request):
            return await request_validation_exception_handler(request, exc)
        wrong = sorted({".".join(str(p) for p in e.get("loc", ())[1:]) or "request" for e in exc.errors()})
        return _error(request, 400, "Bad request", f"this address has a parameter that cannot work: {', '.join(wrong)}")

    async def usage(request: Request, exc: Exception) -> Response:
        # A query past the caps, a cursor that is not ours: what to change is in the message.
        return _error(request, 400 if _is_page(request) else 422, "Bad request", str(exc))

    async def too_long(request: Request, exc: Exception) -> Response:
        return _error(request, 503, "Query too long", str(exc))

    async def not_found(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, NotFoundError)
        return _error(request, 404, "Not found", not_found_detail(exc))

    async def unexpected(request: Request, exc: Exception) -> Response:
        # Starlette answers this outside every middleware (Guard included), so the headers are added here; it then
        # raises the exception again for the server to log with its traceback, which never goes to the client.
        response = _error(request, 500, "Something went wrong", "the server could not answer this request")
        response.headers.update({k.decode(): v.decode() for k, v in security_headers(response.headers.raw)})
        return response

    app.add_exception_handler(RequestValidationError, bad_parameters)
    app.add_exception_handler(UsageError, usage)
    app.add_exception_handler(QueryTimeoutError, too_long)
    app.add_exception_handler(NotFoundError, not_found)
    app.add_exception_handler(Exception, unexpected)
