"""The API hardened: crafted cursors, offsets and limits answered 422 (never 500), full-text queries capped and
bounded in time, the ingest endpoint checking its token before it reads a body and refusing bodies past the limit,
404s that name the id and not the store, and strict JSON (no NaN, no Infinity)."""

from __future__ import annotations

import asyncio
import base64
import json
import math
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline.read import QueryTimeoutError, Reader, open_reader
from storyline.read.cache import STORY_VIEWS
from storyline.read.limits import MAX_QUERY_CHARS, MAX_QUERY_TERMS
from storyline.settings import Settings
from storyline.store.sqlite import SqliteStore
from storyline.web.app import create_app
from tests.api.test_v1 import DOC, TOKEN, build_store
from tests.web.support import eager_time_limit, local_client


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return build_store(tmp_path_factory.mktemp("hardening"))


@pytest.fixture
def client(built: Settings) -> TestClient:
    return local_client(create_app(built), raise_server_exceptions=False)


def _cursor(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _strict(text: str) -> Any:
    """JSON as a strict parser reads it: NaN and Infinity are not JSON."""

    def refuse(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


# -- 5. crafted cursors, offsets and limits --------------------------------------------------------------------------
NESTED = _cursor(b"[" * 100_000 + b"]" * 100_000)[:6000]
DIGITS = _cursor(b"[" + b"9" * 5000 + b', "x"]')
LONG = _cursor(json.dumps(["x" * 3000, "y"]).encode())
# Each of these gave a 500 (OverflowError, RecursionError, UnicodeEncodeError) or was taken as a cursor.
CRAFTED = [
    ("/api/v1/stories", "a 5,000-digit number", DIGITS),
    ("/api/v1/stories", "deep nesting", NESTED),
    ("/api/v1/stories", "a lone surrogate", _cursor(b'["\\ud800", "x"]')),
    ("/api/v1/stories", "UTF-16", _cursor('["a", "b"]'.encode("utf-16"))),
    ("/api/v1/stories", "over-long", LONG),
    ("/api/v1/entities", "a number past 64 bits", _cursor(b'[100000000000000000000000000000, "x"]')),
    ("/api/v1/entities", "a negative number past 64 bits", _cursor(b'[-100000000000000000000000000000, "x"]')),
    ("/api/v1/entities", "a lone surrogate", _cursor(b'[1, "\\udfff"]')),
    ("/api/v1/entities", "a 5,000-digit number", DIGITS),
    ("/api/v1/entities", "deep nesting", NESTED),
    ("/api/v1/entities", "over-long", LONG),
    ("/api/v1/conflicts", "a number past 64 bits", _cursor(b'["", "x", 100000000000000000000000000000]')),
    ("/api/v1/conflicts", "a lone surrogate", _cursor(b'["\\ud800", "x", 0]')),
    ("/api/v1/conflicts", "a 5,000-digit number", DIGITS),
    ("/api/v1/conflicts", "deep nesting", NESTED),
    ("/api/v1/conflicts", "over-long", LONG),
]


@pytest.mark.parametrize(("list_path", "name", "cursor"), CRAFTED, ids=[f"{p} {n}" for p, n, _ in CRAFTED])
def test_a_crafted_cursor_is_422(client: TestClient, list_path: str, name: str, cursor: str) -> None:
    response = client.get(list_path, params={"cursor": cursor})
    assert response.status_code == 422, (name, response.text[:200])
    assert "invalid cursor" in response.json()["detail"]
    assert len(response.json()["detail"]) < 200  # the cursor is not echoed whole


@pytest.mark.parametrize(
    "url",
    [
        "/api/stories?offset=99999999999999999999999",
        "/api/stories?offset=1000000000000",
        "/api/v1/stories?entity=" + "x" * 600,
        "/api/v1/stories?outlet=" + "x" * 600,
    ],
)
def test_out_of_range_offsets_and_overlong_filters_are_422(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422, response.text[:200]
    assert response.json()["detail"]


# -- 6. query caps and the time budget -------------------------------------------------------------------------------
WORDS = "harbour strike vessels anchor union members terminal authority ".split()


@pytest.mark.parametrize("path", ["/api/v1/search", "/api/v1/stories", "/api/v1/entities", "/api/search"])
def test_queries_past_the_caps_are_422_with_the_reason(client: TestClient, path: str) -> None:
    four_kb = " ".join(WORDS[i % len(WORDS)] for i in range(1000))[:4096]
    response = client.get(path, params={"q": four_kb})
    assert response.status_code == 422 and f"at most {MAX_QUERY_CHARS} are searched" in response.json()["detail"]
    many = " ".join(WORDS[i % len(WORDS)] for i in range(MAX_QUERY_TERMS + 1))
    assert len(many) <= MAX_QUERY_CHARS
    response = client.get(path, params={"q": many})
    assert response.status_code == 422 and f"at most {MAX_QUERY_TERMS} are searched" in response.json()["detail"]
    hyphenated = "-".join(["a"] * (MAX_QUERY_TERMS + 1))  # one word to a space, 33 terms to the index
    assert client.get(path, params={"q": hyphenated}).status_code == 422
    assert client.get(path, params={"q": " ".join(WORDS[:3])}).status_code == 200


@pytest.mark.parametrize(
    "url", ["/api/v1/search?q=Harnvik", "/api/v1/stories?q=river", "/api/v1/entities?q=harn", "/api/search?q=Harnvik"]
)
def test_a_query_past_its_time_budget_is_503(built: Settings, monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setattr(SqliteStore, "time_limit", eager_time_limit)
    hurried = local_client(create_app(Settings.load(environ={}, db=built.db, query_timeout_s=1e-9)))
    response = hurried.get(url)
    assert response.status_code == 503, response.text[:200]
    assert "took longer than" in response.json()["detail"]
    assert hurried.get("/api/v1/health").status_code == 200  # what is not a list or search query has no budget
    assert local_client(create_app(built)).get(url).status_code == 200


def test_the_reader_lifts_the_budget_after_each_query(built: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SqliteStore, "time_limit", eager_time_limit)
    with open_reader(built.db, query_timeout_s=1e-9) as reader:
        with pytest.raises(QueryTimeoutError, match="took longer than"):
            reader.search("Harnvik")
        assert reader.stats()["articles"] == 7  # the same connection, no longer interrupted
        reader.query_timeout_s = None
        assert len(reader.search("Harnvik")["articles"]) == 2


# -- 7. the ingest endpoint: token first, bodies bounded -------------------------------------------------------------
def test_ingest_checks_the_token_before_it_reads_the_body(tmp_path: Path) -> None:
    off = local_client(create_app(build_store(tmp_path / "off")))
    assert off.post("/api/v1/documents", content=b"not json at all").status_code == 404
    on = local_client(create_app(build_store(tmp_path / "on", api_token=TOKEN)))
    assert on.post("/api/v1/documents", content=b"not json at all").status_code == 401
    wrong = {"Authorization": "Bearer guess"}
    assert on.post("/api/v1/documents", json=[{"no": "text"}] * 2000, headers=wrong).status_code == 403
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert on.post("/api/v1/documents", content=b"not json at all", headers=auth).status_code == 422
    assert on.post("/api/v1/documents", json=[DOC], headers=auth).status_code == 200


def _post_raw(app: Any, headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> tuple[int, int]:
    """POST /api/v1/documents straight to the ASGI app: the status and how many body chunks the app read."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/api/v1/documents", "raw_path": b"/api/v1/documents", "query_string": b"",
             "root_path": "", "headers": [(b"host", b"localhost"), *headers], "client": ("127.0.0.1", 1),
             "server": ("localhost", 80)}  # fmt: skip
    read = 0
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal read
        read += 1
        if read > len(chunks):
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": chunks[read - 1], "more_body": read < len(chunks)}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    asyncio.run(app(scope, receive, send))
    return status, read


def test_an_unauthorised_ingest_reads_no_byte_of_the_body(tmp_path: Path) -> None:
    app = create_app(build_store(tmp_path, api_token=TOKEN))
    body = [json.dumps([DOC]).encode()] * 3
    assert _post_raw(app, [], body) == (401, 0)
    assert _post_raw(app, [(b"authorization", b"Bearer guess")], body) == (403, 0)


def test_bodies_past_max_request_bytes_are_413(tmp_path: Path) -> None:
    settings = build_store(tmp_path)
    small = Settings.load(environ={}, db=settings.db, api_token=TOKEN, max_request_bytes=2_000)
    client = local_client(create_app(small))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    big = [DOC] * 20  # about 5 KB
    response = client.post("/api/v1/documents", json=big, headers=auth)
    assert response.status_code == 413 and "2,000 bytes" in response.json()["detail"]
    # Sent without a Content-Length (chunked), the body is counted as it arrives.
    raw = json.dumps(big).encode()
    chunked = client.post("/api/v1/documents", content=iter([raw[i : i + 500] for i in range(0, len(raw), 500)]),
                          headers=auth)  # fmt: skip
    assert chunked.status_code == 413
    app = create_app(small)
    status, read = _post_raw(app, [(b"authorization", f"Bearer {TOKEN}".encode())], [raw[:1500], raw[1500:3000]] * 5)
    assert (status, read) == (413, 2)  # refused at the chunk that crossed the limit
    assert client.post("/api/v1/documents", json=[DOC], headers=auth).status_code == 200


# -- 4. 404s name the id, never the store ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/stories/nope",
        "/api/v1/stories/nope/timeline",
        "/api/v1/stories/nope/brief",
        "/api/v1/stories/nope/brief.html",
        "/api/v1/articles/nope",
        "/api/v1/entities/nope",
        "/api/stories/nope",
        "/api/articles/nope",
    ],
)
def test_not_found_names_the_id_and_not_the_store(client: TestClient, built: Settings, url: str) -> None:
    response = client.get(url)
    detail = response.json()["detail"]
    assert response.status_code == 404 and "'nope'" in detail
    assert str(Path(built.db).parent) not in detail and ".db" not in detail


def test_unexpected_errors_are_a_generic_500(client: TestClient, built: Settings, monkeypatch: pytest.MonkeyPatch):
    def broken(self: Reader, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(f"something deep failed reading {built.db}")

    monkeypatch.setattr(Reader, "stats", broken)
    monkeypatch.setattr(Reader, "conflicts", broken)
    for url in ("/api/v1/health", "/api/health", "/api/v1/conflicts"):
        response = client.get(url)
        assert response.status_code == 500
        assert response.json() == {"detail": "the server could not answer this request"}


# -- 10. strict JSON -------------------------------------------------------------------------------------------------
def test_non_finite_numbers_are_null_in_every_json_answer(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    story = client.get("/api/v1/stories").json()["items"][0]
    article_id = story["article_ids"][0]
    real_article = Reader.article

    def with_overflow(self: Reader, article_id: str) -> dict[str, Any]:
        view = real_article(self, article_id)
        return {**view, "claims": [{"value": math.inf, "value_high": -math.inf}], "published_confidence": math.nan}

    monkeypatch.setattr(Reader, "article", with_overflow)
    for url in (f"/api/v1/articles/{article_id}", f"/api/articles/{article_id}"):
        response = client.get(url)
        assert response.status_code == 200, url
        body = _strict(response.text)
        assert body["claims"] == [{"value": None, "value_high": None}] and body["published_confidence"] is None

    import storyline.read.cache as cache

    real_view = cache.story_view
    monkeypatch.setattr(cache, "story_view", lambda store, sid: {**real_view(store, sid), "size": math.nan})
    STORY_VIEWS.clear()
    try:
        for url in (f"/api/v1/stories/{story['id']}", f"/api/stories/{story['id']}"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert _strict(response.text)["size"] is None
    finally:
        STORY_VIEWS.clear()
