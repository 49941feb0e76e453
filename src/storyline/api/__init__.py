"""The JSON API: /api/v1 (v1.py: paged lists with cursors, story views, ingest with a token), the first unversioned
endpoints (legacy.py), pydantic schemas for the OpenAPI document (schemas.py), and what every route needs (deps.py).
Thin over the read side (storyline.read) and, for ingest, the engine."""

__all__ = ["deps", "legacy", "schemas", "v1"]
