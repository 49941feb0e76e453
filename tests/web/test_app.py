"""The read-only web page and JSON API, in-process over a store built from a small invented corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.engines.local import ingest
from storyline.settings import Settings
from storyline.store.sqlite import SqliteStore
from storyline.web.app import create_app
from tests.engines.test_local import FIRE, STRIKE
from tests.web.support import local_client


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "strike.txt").write_text(" date 2026-03-03 " + STRIKE, encoding="utf-8")
    (folder / "fire.txt").write_text("Support The Oskarby Post!\n\n" + FIRE, encoding="utf-8")
    settings = Settings.load(environ={}, db=str(tmp_path / "w.db"))
    with SqliteStore(settings.db) as store:
        ingest([folder], store, settings)
    return local_client(create_app(settings))


def test_story_list_page_links_to_stories(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "2 articles in 2 stories" in page.text
    stories = client.get("/api/stories").json()
    for story in stories:
        assert f'href="/stories/{story["id"]}"' in page.text


def test_story_and_article_pages(client: TestClient) -> None:
    story = client.get("/api/stories").json()[0]
    page = client.get(f"/stories/{story['id']}")
    assert page.status_code == 200 and story["title"] in page.text
    detail = client.get(f"/api/stories/{story['id']}").json()
    article_id = detail["articles"][0]["id"]
    article = client.get(f"/articles/{article_id}")
    assert article.status_code == 200


def test_removed_furniture_is_shown_folded(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "Oskarby"}).json()
    page = client.get(f"/articles/{hits[0]['id']}").text
    assert "<details>" in page and "Support The Oskarby Post!" in page


def test_unknown_ids_are_404(client: TestClient) -> None:
    assert client.get("/api/stories/nope").status_code == 404
    assert client.get("/articles/nope").status_code == 404


def test_health(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["articles"] == 2
