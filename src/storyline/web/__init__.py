"""The web face: the app (app.py: HTML pages, the JSON API, OpenAPI at /api/docs) and the server-rendered pages
(pages.py, templates/, static/). Thin over the read side."""

__all__ = ["app", "pages"]
