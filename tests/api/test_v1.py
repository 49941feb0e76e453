"""The versioned API (/api/v1), in-process over a store built from invented reports: filters, stable cursors,
404/422, the ingest endpoint's token, the story view cache, and upgrading a store made before story metadata."""

from __future__ import annotations

import gzip
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.api import deps
from storyline.api.schemas import EntityPage, SearchOut, StoryPage
from storyline.engines.local import ingest
from storyline.settings import Settings
from storyline.store.sqlite import SqliteStore
from storyline.web.app import create_app
from tests.engines.test_local import FIRE, STRIKE
from tests.web.support import local_client

FLOOD = (
    "Floods along the Harn river forced {n} residents of Harnvik from their homes on Monday, the county emergency "
    "office said.\n\nRescue crews used boats to reach farms cut off by the water. The county said the river had risen "
    "3 metres overnight and that schools would stay closed until Wednesday."
)
BRIDGE = (
    "The new Saltvik bridge opened to traffic on Saturday after four years of work, the city council said.\n\n"
    "Mayor Ingrid Halvorsen cut the ribbon in front of a crowd of about 800 people. The bridge carries two lanes and "
    "a cycle path across the Saltvik sound."
)
LIBRARY = (
    "Brennholm's public library will close for a year from May for a full renovation, the municipality announced on "
    "Thursday.\n\nLibrarian Oskar Dahl said books would be lent from a temporary site in the old post office."
)
ORCHESTRA = (
    "The Tarnby Chamber Orchestra named violinist Maren Eklund as its new music director on Wednesday.\n\n"
    "Eklund, who has played with the orchestra since 2015, takes over in September from conductor Paul Vestergaard."
)
RECORDS = [
    {"id": "strike", "text": STRIKE, "title": "Velmar dockers strike", "published": "2026-03-03",
     "source": "Velmar Times"},
    {"id": "fire", "text": FIRE, "title": "Fire destroys Oskarby warehouse", "published": "2026-03-01",
     "source": "Oskarby Post"},
    {"id": "flood-a", "text": FLOOD.format(n="2,000"), "title": "Floods force <Harnvik> residents from homes",
     "published": "2026-04-06", "source": "Harn Herald"},
    {"id": "flood-b", "text": FLOOD.format(n="3,500"), "title": "Thousands flee Harnvik floods",
     "published": "2026-04-06", "source": "County Courier"},
    {"id": "bridge", "text": BRIDGE, "title": "Saltvik bridge opens", "published": "2026-02-14",
     "source": "Saltvik News"},
    {"id": "library", "text": LIBRARY, "title": "Brennholm library to close for renovation", "published": "2026-02-05"},
    {"id": "orchestra", "text": ORCHESTRA, "title": "Tarnby orchestra names Eklund director", "published": "2026-01-21",
     "source": "Tarnby Daily"},
]  # fmt: skip
TOKEN = "s3cret-token"


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def build_store(tmp_path: Path, **settings: str) -> Settings:
    """A store of six stories (the two flood reports disagree on a figure), facts on."""
    config = Settings.load(environ={}, db=str(tmp_path / "api.db"), **settings)
    with SqliteStore(config.db) as store:
        ingest([write_jsonl(tmp_path / "news.jsonl", RECORDS)], store, config)
    return config


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return build_store(tmp_path_factory.mktemp("api"))


@pytest.fixture
def client(built: Settings) -> TestClient:
    return local_client(create_app(built))


def _ids(page: dict) -> list[str]:
    return [s["id"] for s in page["items"]]


def _story_titled(client: TestClient, word: str) -> dict:
    return next(s for s in client.get("/api/v1/stories").json()["items"] if word in s["title"])


def test_story_list_rows_newest_first_with_outlets_and_flags(client: TestClient) -> None:
    page = client.get("/api/v1/stories").json()
    StoryPage.model_validate(page)
    assert page["next_cursor"] is None
    assert len(page["items"]) == 6
    last = [s["last_published"] for s in page["items"]]
    assert last == sorted(last, reverse=True)
    flood = page["items"][0]
    assert flood["size"] == 2 and flood["outlets"] == ["County Courier", "Harn Herald"] and flood["disputed"] is True
    assert [s["disputed"] for s in page["items"][1:]] == [False] * 5


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"from": "2026-03-02", "to": "2026-03-31"}, ["Velmar"]),
        ({"from": "2026-04-06"}, ["Harnvik"]),
        ({"to": "2026-02-05"}, ["Brennholm", "Tarnby"]),
        ({"entity": "anja krell"}, ["Velmar"]),
        ({"entity": "Ms Anja Krell"}, ["Velmar"]),
        ({"entity": "VELMAR PORT AUTHORITY"}, ["Velmar"]),
        ({"entity": "Eklund"}, ["Tarnby"]),
        ({"outlet": "oskarby post"}, ["Oskarby"]),
        ({"disputed": "true"}, ["Harnvik"]),
        ({"q": "bridge"}, ["Saltvik"]),
        ({"q": "river boats"}, ["Harnvik"]),
        ({"q": '"unbalanced'}, []),
        ({"entity": "Nobody At All"}, []),
    ],
)
def test_story_list_filters(client: TestClient, params: dict[str, str], titles: list[str]) -> None:
    response = client.get("/api/v1/stories", params=params)
    assert response.status_code == 200, response.text
    found = [s["title"] for s in response.json()["items"]]
    assert len(found) == len(titles) and all(w in t for w, t in zip(titles, found, strict=True)), found


def test_entity_filter_takes_a_store_entity_id(client: TestClient) -> None:
    krell = client.get("/api/v1/entities", params={"q": "krell"}).json()["items"][0]
    page = client.get("/api/v1/stories", params={"entity": krell["id"]}).json()
    assert [s["title"] for s in page["items"]] == ["Velmar dockers strike"]


def test_cursor_pages_cover_the_list_once(client: TestClient) -> None:
    seen: list[str] = []
    cursor = None
    while True:
        page = client.get("/api/v1/stories", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += _ids(page)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == _ids(client.get("/api/v1/stories").json())


def test_cursor_page_stays_put_when_stories_arrive(tmp_path: Path) -> None:
    settings = build_store(tmp_path)
    client = local_client(create_app(settings))
    first = client.get("/api/v1/stories", params={"limit": 2}).json()
    second = client.get("/api/v1/stories", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    newer = {"id": "ferry", "published": "2026-05-02", "title": "Ferry strands passengers",
             "text": "A ferry with 140 passengers ran aground off Kvarnholm on Friday, the coast guard said. "
                     "Nobody was injured and tugs freed the vessel at high tide."}  # fmt: skip
    with SqliteStore(settings.db) as store:
        ingest([write_jsonl(tmp_path / "more.jsonl", [newer])], store, settings)
    assert client.get("/api/v1/stories", params={"limit": 2}).json()["items"][0]["title"] == "Ferry strands passengers"
    again = client.get("/api/v1/stories", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert _ids(again) == _ids(second) and again["next_cursor"] == second["next_cursor"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/stories?cursor=not-a-cursor",
        "/api/v1/stories?cursor=WzEsMl0",  # valid base64 JSON of another list's shape: [1,2]
        "/api/v1/stories?limit=0",
        "/api/v1/stories?limit=501",
        "/api/v1/stories?from=yesterday",
        "/api/v1/stories?from=2026-05-01&to=2026-04-01",
        "/api/v1/stories?disputed=perhaps",
        "/api/v1/entities?cursor=WyJhIiwiYiJd",
        "/api/v1/conflicts?cursor=xyz",
        "/api/v1/search",
        "/api/v1/search?q=",
    ],
)
def test_bad_parameters_are_422(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/stories/nope",
        "/api/v1/stories/nope/timeline",
        "/api/v1/stories/nope/brief",
        "/api/v1/stories/nope/brief.html",
        "/api/v1/articles/nope",
        "/api/v1/entities/nope",
    ],
)
def test_unknown_ids_are_404(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404 and "nope" in response.json()["detail"]


def test_story_view_timeline_and_briefs(client: TestClient) -> None:
    flood = _story_titled(client, "Harnvik")
    view = client.get(f"/api/v1/stories/{flood['id']}").json()
    assert view["id"] == flood["id"] and len(view["articles"]) == 2
    assert any(c["about"] == "resident forced" for c in view["conflicts"])
    timeline = client.get(f"/api/v1/stories/{flood['id']}/timeline").json()
    assert timeline["timeline"] == view["timeline"] and timeline["storyline"] == view["storyline"]
    brief = client.get(f"/api/v1/stories/{flood['id']}/brief")
    assert brief.headers["content-type"].startswith("text/markdown")
    assert brief.text.startswith("# ") and "## Disputed figures" in brief.text
    page = client.get(f"/api/v1/stories/{flood['id']}/brief.html")
    assert page.headers["content-type"].startswith("text/html")
    assert "<h2>Disputed figures</h2>" in page.text and '<a href="#source-1">[1]</a>' in page.text
    # The headline "Floods force <Harnvik> residents" is text, never markup.
    assert "<Harnvik>" not in page.text and "&lt;Harnvik&gt;" in page.text


def test_story_view_is_cached_and_refreshed_when_the_story_grows(tmp_path: Path) -> None:
    settings = build_store(tmp_path)
    client = local_client(create_app(settings))
    flood = _story_titled(client, "Harnvik")
    before = client.get(f"/api/v1/stories/{flood['id']}").json()
    assert client.get(f"/api/v1/stories/{flood['id']}").json() == before
    third = {"id": "flood-c", "published": "2026-04-07", "source": "Harn Herald", "title": "Harnvik floods recede",
             "text": FLOOD.format(n="4,000").replace("on Monday", "by Tuesday")}  # fmt: skip
    with SqliteStore(settings.db) as store:
        ingest([write_jsonl(tmp_path / "more.jsonl", [third])], store, settings)
    after = client.get(f"/api/v1/stories/{flood['id']}").json()
    assert len(after["articles"]) == 3


def test_large_story_views_are_sent_gzipped(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    flood = _story_titled(client, "Harnvik")
    plain = client.get(f"/api/v1/stories/{flood['id']}", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    monkeypatch.setattr(deps, "_GZIP_FROM", 0)
    packed = client.get(f"/api/v1/stories/{flood['id']}", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip" and packed.json() == plain.json()
    with client.stream("GET", f"/api/v1/stories/{flood['id']}", headers={"Accept-Encoding": "gzip"}) as raw:
        assert json.loads(gzip.decompress(b"".join(raw.iter_raw()))) == plain.json()


def test_concurrent_requests_never_share_a_connection(client: TestClient) -> None:
    """Requests served at once by the thread pool and the event loop each use their own thread's store."""
    ids = [s["id"] for s in client.get("/api/v1/stories").json()["items"]]
    urls = [u for sid in ids for u in (f"/api/v1/stories/{sid}", f"/api/v1/stories/{sid}/timeline")]
    urls += ["/api/v1/stories", "/api/v1/search?q=Harnvik", "/api/v1/entities", "/api/v1/conflicts"]
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda u: client.get(u).status_code, urls * 10))
    assert set(statuses) == {200}


def test_conflicts_across_stories(client: TestClient) -> None:
    page = client.get("/api/v1/conflicts").json()
    assert page["next_cursor"] is None and len(page["items"]) >= 1
    first = page["items"][0]
    assert "Harnvik" in first["story"]["title"] and first["kind"] == "contradiction"
    assert sorted(side["value"] for side in first["sides"]) == [2000.0, 3500.0]
    one = client.get("/api/v1/conflicts", params={"limit": 1}).json()
    assert one["items"] == page["items"][:1]


def test_article_detail_has_spans(client: TestClient) -> None:
    flood = _story_titled(client, "Harnvik")
    article = client.get(f"/api/v1/articles/{flood['article_ids'][0]}").json()
    assert article["text"] and isinstance(article["removed"], list)
    for key in ("mentions", "dates", "claims", "quotes"):
        assert key in article
    claim = next(c for c in article["claims"] if c["value"] in (2000.0, 3500.0))
    start, end = claim["span"]
    assert article["text"][start:end] == claim["text"]


def test_entities_list_filter_and_detail(client: TestClient) -> None:
    page = client.get("/api/v1/entities", params={"limit": 500}).json()
    EntityPage.model_validate(page)
    counts = [e["articles"] for e in page["items"]]
    assert counts == sorted(counts, reverse=True)
    harnvik = client.get("/api/v1/entities", params={"q": "harnvik"}).json()["items"]
    assert harnvik and harnvik[0]["articles"] == 2 and harnvik[0]["story_count"] == 1
    detail = client.get(f"/api/v1/entities/{harnvik[0]['id']}").json()
    assert len(detail["article_ids"]) == 2 and "Harnvik" in detail["stories"][0]["title"]
    # Paging the entity list with a cursor covers it once.
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        part = client.get("/api/v1/entities", params=params).json()
        seen += [e["id"] for e in part["items"]]
        if not (cursor := part["next_cursor"]):
            break
    assert seen == [e["id"] for e in page["items"]]


def test_search_articles_and_stories(client: TestClient) -> None:
    body = client.get("/api/v1/search", params={"q": "Harnvik"}).json()
    SearchOut.model_validate(body)
    assert len(body["articles"]) == 2 and len(body["stories"]) == 1
    assert client.get("/api/v1/search", params={"q": "zeppelin"}).json()["articles"] == []


def test_health(client: TestClient) -> None:
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok" and body["articles"] == 7 and body["stories"] == 6


def test_openapi_lists_v1(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/v1/stories" in paths and "/api/v1/documents" in paths


DOC = {"text": "Workers at the Lunde paper mill walked out on Monday over a pay freeze, the Lunde Mill Workers Union "
               "said. The mill employs 450 people.", "title": "Lunde mill workers walk out", "published": "2026-05-04",
       "source": "Lunde Ledger"}  # fmt: skip


def test_ingest_endpoint_is_off_without_a_token(client: TestClient) -> None:
    response = client.post("/api/v1/documents", json=[DOC], headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 404 and "STORYLINE_API_TOKEN" in response.json()["detail"]


def test_ingest_endpoint_with_a_token(tmp_path: Path) -> None:
    settings = build_store(tmp_path, api_token=TOKEN)
    client = local_client(create_app(settings))
    assert client.post("/api/v1/documents", json=[DOC]).status_code == 401
    wrong = client.post("/api/v1/documents", json=[DOC], headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 403
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post("/api/v1/documents", json=[{"title": "no text"}], headers=auth).status_code == 422
    assert client.post("/api/v1/documents", json={"text": "not a list"}, headers=auth).status_code == 422
    done = client.post("/api/v1/documents", json=[DOC], headers=auth)
    assert done.status_code == 200, done.text
    body = done.json()
    assert (body["read"], body["new"], len(body["stories_touched"])) == (1, 1, 1)
    again = client.post("/api/v1/documents", json=[DOC], headers=auth).json()
    assert (again["new"], again["already_stored"]) == (0, 1)
    top = client.get("/api/v1/stories", params={"limit": 1}).json()["items"][0]
    assert top["title"] == "Lunde mill workers walk out" and top["outlets"] == ["Lunde Ledger"]
    assert top["id"] == body["stories_touched"][0]


def test_ingest_answers_per_document_and_bad_documents_cost_nothing_else(tmp_path: Path) -> None:
    settings = build_store(tmp_path, api_token=TOKEN)
    client = local_client(create_app(settings))
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    good = {**DOC, "text": DOC["text"] + " Talks resume on Friday."}
    # A lone surrogate (valid JSON, not encodable text), an impossible date, a text of furniture only.
    surrogate = '{"text": "' + DOC["text"] + ' \\ud800 end", "title": "Mill walkout, day two", "id": "s1"}'
    body = "[" + ",".join([json.dumps(good), surrogate, json.dumps({**DOC, "published": "0001-01-01", "id": "y1"})])
    body += "," + json.dumps({"text": "\u200b\u200b", "id": "blank"}) + "]"
    done = client.post("/api/v1/documents", content=body.encode(), headers=auth)
    assert done.status_code == 200, done.text
    statuses = [(d["source_path"], d["status"]) for d in done.json()["documents"]]
    assert [s for _, s in statuses] == ["new", "new", "duplicate", "rejected"], statuses  # y1 is DOC's own text
    [rejected] = [d for d in done.json()["documents"] if d["status"] == "rejected"]
    assert rejected["reason"] and rejected["stage"] == "clean"
    with SqliteStore(settings.db) as store:
        stored = dict(store.conn.execute("SELECT source_path, published FROM articles WHERE source_path LIKE 'api#%'"))
    assert stored["api#y1"] != "0001-01-01"  # the impossible date was dropped (then inferred), the article kept
    assert "\ufffd" in client.get(f"/api/v1/articles/{_article_at(client, 'api#s1')}").json()["text"]
    again = client.post("/api/v1/documents", content=body.encode(), headers=auth).json()
    assert [d["status"] for d in again["documents"]] == ["already_stored"] * 3 + ["already_rejected"]


def _article_at(client: TestClient, source_path: str) -> str:
    for row in client.get("/api/v1/stories", params={"limit": 50}).json()["items"]:
        for article in client.get(f"/api/v1/stories/{row['id']}").json()["articles"]:
            if article["source_path"] == source_path:
                return article["id"]
    raise AssertionError(source_path)


def test_store_made_before_story_metadata_is_upgraded(tmp_path: Path) -> None:
    settings = build_store(tmp_path)
    with SqliteStore(settings.db) as store:
        # What a version-3 store looks like: no story metadata, no entity index.
        for table in ("story_meta", "entity_index", "entities"):
            store.conn.execute(f"DROP TABLE {table}")
        store.conn.execute("DROP INDEX stories_recent")
        store.conn.execute("DROP INDEX documents_status")
        store.conn.execute("UPDATE meta SET value='3' WHERE key='schema_version'")
    client = local_client(create_app(settings))
    page = client.get("/api/v1/stories", params={"disputed": "true"}).json()
    assert [s["title"] for s in page["items"]] == ["Floods force <Harnvik> residents from homes"]
    assert page["items"][0]["outlets"] == ["County Courier", "Harn Herald"]
    assert client.get("/api/v1/stories", params={"entity": "Anja Krell"}).json()["items"]


def test_every_entity_id_shown_anywhere_resolves(client: TestClient, built: Settings) -> None:
    """Story views, article views (each mention's entity), the entity list and the CLI show one kind of id, and
    /api/v1/entities/{id} resolves every one of them."""
    from click.testing import CliRunner

    from storyline.cli import main

    shown: set[str] = set()
    stories = client.get("/api/v1/stories", params={"limit": 500}).json()["items"]
    for row in stories:
        view = client.get(f"/api/v1/stories/{row['id']}").json()
        shown |= {e["id"] for e in view["entities"]}
        for article in view["articles"]:
            mentions = client.get(f"/api/v1/articles/{article['id']}").json()["mentions"]
            shown |= {m["entity"] for m in mentions if m["entity"]}
    shown |= {e["id"] for e in client.get("/api/v1/entities", params={"limit": 500}).json()["items"]}
    cli = json.loads(CliRunner().invoke(main, ["--db", built.db, "entities", "--json"]).output)
    shown |= {e["id"] for e in cli}
    assert shown
    for entity_id in sorted(shown):
        response = client.get(f"/api/v1/entities/{entity_id}")
        assert response.status_code == 200, entity_id
        assert response.json()["id"] == entity_id
