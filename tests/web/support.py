"""What the tests of the hardened web face share: a test client that sends a Host the server answers to, settings
with the server's new knobs, a store of hostile articles, and the store's query time limit.

- `local_client`: the server refuses Host names it does not know, TestClient's default `testserver` among them
  (web/security.py); this client sends `Host: localhost`, as a browser on the same machine does.
- `hostile_store`: articles whose addresses are javascript:, data: and vbscript: in disguise, whose titles carry
  markup, a spreadsheet formula and terminal escapes.
- `eager_time_limit`: `SqliteStore.time_limit` checking its clock at every step, so a tiny budget bites.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from storyline.engines.local import ingest
from storyline.settings import Settings
from storyline.store.sqlite import SqliteStore


def local_client(app: FastAPI, **options: Any) -> TestClient:
    """A TestClient over `app` as a browser on the same machine reaches it."""
    return TestClient(app, base_url="http://localhost", **options)


# Addresses no page may link, each disguised differently; the last one is fine.
HOSTILE_URLS = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(2)",
    "\x01javascript:alert(3)",
    "data:text/html,<script>alert(4)</script>",
    "vbscript:msgbox(5)",
    "java\tscript:alert(6)",
    "https://example.org/fine",
]
TITLE_MARKUP = '<script>alert("title")</script><img src=x onerror=alert(7)>'
FORMULA = '=HYPERLINK("http://evil.example/","click")'
ESCAPES = "\x1b[2J\x1b]0;owned\x07\x9b31m"


def hostile_store(folder: Path) -> Settings:
    """A store of the seven invented reports of tests/api, each with a hostile address and a hostile title (the
    first also with a formula for a title, the second with terminal escapes in it). Facts off: fast."""
    from tests.api.test_v1 import RECORDS, write_jsonl  # here: tests/api/test_v1.py imports this module

    records = []
    for n, (record, url) in enumerate(zip(RECORDS, HOSTILE_URLS, strict=True)):
        title = {0: FORMULA, 1: f"Fire {ESCAPES} destroys warehouse"}.get(n, f"{record['title']} {TITLE_MARKUP}")
        records.append({**record, "url": url, "title": title})
    settings = Settings.load(environ={}, db=str(folder / "hostile.db"), facts=False)
    with SqliteStore(settings.db) as store:
        report = ingest([write_jsonl(folder / "hostile.jsonl", records)], store, settings)
    assert report.new == len(records), report.summary()
    return settings


@contextmanager
def eager_time_limit(self: SqliteStore, seconds: float) -> Iterator[None]:
    """`SqliteStore.time_limit` checking the clock at every step: the tests' stores are small, their queries a few
    hundred steps, which the production interval would never interrupt."""
    self.progress_steps = 1
    with _TIME_LIMIT(self, seconds):
        yield


_TIME_LIMIT = SqliteStore.time_limit  # the store's own, kept before tests patch eager_time_limit in
