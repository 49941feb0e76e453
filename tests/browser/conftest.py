"""Fixtures for the real-browser tests: a chromium driven by Playwright, and real servers (uvicorn in a thread, on a
free port) over stores built from the seed articles and from the bundled examples.

Without playwright or /usr/bin/chromium these tests skip with the reason, except in CI (`CI=true`), where a missing
browser must fail rather than silently test nothing. The browser is Debian's chromium, never Playwright's own
download (`playwright install` cannot reach its CDN from our machines).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.engines.local import ingest
from storyline.settings import Settings
from storyline.store.sqlite import SqliteStore
from storyline.web.app import create_app
from tests.conftest import REPO, require_shared

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"


def _missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed: pip install -e '.[dev]' (the Python package only)"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is absent: apt-get install chromium"
    return None


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = _missing()
    if reason:
        _skip_or_fail(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    try:
        yield tab
    finally:
        context.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """uvicorn serving the app over `db` in a background thread; `url` is its base address."""

    def __init__(self, db: str) -> None:
        import uvicorn

        port = _free_port()
        app = create_app(Settings.load(environ={}, db=db))
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{port}"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the web server did not start on {self.url}")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _store(folder: Path, db: Path) -> str:
    settings = Settings.load(environ={}, db=str(db))
    with SqliteStore(settings.db) as store:
        report = ingest([folder], store, settings)
    assert report.new > 0, f"nothing ingested from {folder}"
    return settings.db


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The five seed articles, read in place from ../shared (never copied into the repository)."""
    if _missing():
        _skip_or_fail(_missing() or "")
    seeds = require_shared("seeds")
    return _store(seeds, tmp_path_factory.mktemp("browser-seeds") / "seeds.db")


@pytest.fixture(scope="session")
def seeds_server(seeds_db: str) -> Iterator[Server]:
    with Server(seeds_db) as server:
        yield server


@pytest.fixture(scope="session")
def examples_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The bundled examples/ corpus (our own text): what the committed screenshots in docs/ show."""
    if _missing():
        _skip_or_fail(_missing() or "")
    db = _store(REPO / "examples", tmp_path_factory.mktemp("browser-examples") / "examples.db")
    with Server(db) as server:
        yield server


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
