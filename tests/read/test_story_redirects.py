"""Story ids are stable: a story merged into another (ingest found they are one) keeps resolving, to the survivor,
for readers holding the old id: the API answers with the survivor's view, the page redirects to it."""

from __future__ import annotations

from pathlib import Path

from storyline.read import open_reader
from storyline.store.sqlite import SqliteStore
from storyline.web.app import create_app
from tests.api.test_v1 import build_store
from tests.web.support import local_client


def _merge_two(db: str) -> tuple[str, str]:
    with SqliteStore(db) as store:
        first, second = [row["id"] for row in store.story_rows(limit=2, with_article_ids=False)]
        with store.transaction():
            store.relabel_story(first, second)
            store.touch_stories([second], store.story_version() + 1)
    return first, second


def test_a_merged_story_id_resolves_to_the_survivor(tmp_path: Path) -> None:
    settings = build_store(tmp_path, facts="false")
    client = local_client(create_app(settings))
    first, second = [s["id"] for s in client.get("/api/v1/stories?limit=2").json()["items"]]
    assert client.get(f"/api/v1/stories/{first}").status_code == 200  # cached under its old id, then merged
    absorbed, survivor = _merge_two(settings.db)
    assert {absorbed, survivor} == {first, second}
    view = client.get(f"/api/v1/stories/{absorbed}")
    assert view.status_code == 200 and view.json()["id"] == survivor
    page = client.get(f"/stories/{absorbed}", follow_redirects=False)
    assert page.status_code == 301 and page.headers["location"] == f"/stories/{survivor}"
    assert client.get(f"/api/v1/stories/{absorbed}/timeline").json()["id"] == survivor
    with open_reader(settings.db) as reader:
        assert reader.current_story_id(absorbed) == survivor
        assert reader.current_story_id(survivor) == survivor
    assert client.get("/api/v1/stories/never-was").status_code == 404
