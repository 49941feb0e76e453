"""The web face hardened (pages side): security headers on every response, article addresses that are never
javascript: links, the Host check, error pages that name nothing of the server, bad parameters answered with a
400 page, and the search page's caps and time budget. The API side is tests/api/test_hardening.py."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline.errors import StoreError
from storyline.read import Reader
from storyline.read.limits import MAX_QUERY_CHARS, MAX_QUERY_TERMS
from storyline.settings import Settings
from storyline.store.sqlite import SqliteStore
from storyline.web.app import create_app
from storyline.web.security import CSP
from tests.web.support import HOSTILE_URLS, eager_time_limit, hostile_store, local_client

HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return hostile_store(tmp_path_factory.mktemp("hostile"))


@pytest.fixture
def client(hostile: Settings) -> TestClient:
    return local_client(create_app(hostile), raise_server_exceptions=False)


def _articles(settings: Settings) -> list[dict[str, Any]]:
    return local_client(create_app(settings)).get("/api/v1/stories", params={"limit": 500}).json()["items"]


def _article_ids(settings: Settings) -> list[str]:
    return [a for story in _articles(settings) for a in story["article_ids"]]


def _story_id(settings: Settings) -> str:
    return _articles(settings)[0]["id"]


class _InlineCode(HTMLParser):
    """What the policy forbids and would break a page: inline script, inline style, event handler attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if (tag == "script" and "src" not in names) or tag == "style":
            self.found.append(f"<{tag}>")
        self.found += [f"{tag} {name}=" for name in names if name == "style" or name.startswith("on")]


def _inline_code(page: str) -> list[str]:
    checker = _InlineCode()
    checker.feed(page)
    return checker.found


def _assert_secured(response: Any, what: str) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (what, name, response.headers.get(name))


# -- 1. security headers ---------------------------------------------------------------------------------------------
def test_every_response_carries_the_security_headers(
    client: TestClient, hostile: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = _story_id(hostile)
    article = _article_ids(hostile)[0]
    for path in ("/", f"/stories/{story}", f"/articles/{article}", "/entities", "/search?q=Harnvik"):
        page = client.get(path)
        assert page.status_code == 200, path
        _assert_secured(page, path)
        assert not _inline_code(page.text), path
    for path in ("/api/v1/health", "/api/v1/stories", f"/api/v1/stories/{story}", "/static/style.css",
                 f"/api/v1/stories/{story}/brief.html", "/api/stories"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_secured(response, path)
    for path in ("/stories/nope", "/api/v1/stories/nope", "/static/nope.css", "/no-such-page", "/?offset=-1"):
        response = client.get(path)
        assert response.status_code in (400, 404), path
        _assert_secured(response, path)
    _assert_secured(TestClient(create_app(hostile)).get("/"), "a refused Host")
    monkeypatch.setattr(Reader, "stats", lambda self: 1 / 0)
    for path in ("/api/v1/health", "/entities"):  # (the story list page may come from its cache)
        failed = client.get(path)
        assert failed.status_code == 500
        _assert_secured(failed, f"500 on {path}")


def test_the_api_docs_page_has_a_policy_of_its_own_allowing_only_its_script(client: TestClient) -> None:
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text
    policy = docs.headers["content-security-policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src")).split()
    assert "'unsafe-inline'" not in script_src and "https://cdn.jsdelivr.net" in script_src
    inline = re.findall(r"<script>(.*?)</script>", docs.text, re.S)
    assert inline
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src
    assert "frame-ancestors 'none'" in policy and docs.headers["x-frame-options"] == "DENY"
    assert client.get("/api/openapi.json").status_code == 200


# -- 2. only http(s) links from article data -------------------------------------------------------------------------
def _hrefs(page: str) -> list[str]:
    """The addresses of the page's links (its <a> elements)."""
    return re.findall(r'<a\s[^>]*href="([^"]*)"', page)


def test_article_addresses_link_only_when_they_are_http(client: TestClient, hostile: Settings) -> None:
    pages = [f"/articles/{a}" for a in _article_ids(hostile)]
    pages += [f"/stories/{s['id']}" for s in _articles(hostile)]
    pages += [f"/api/v1/stories/{s['id']}/brief.html" for s in _articles(hostile)]
    entities = client.get("/api/v1/entities", params={"limit": 500}).json()["items"]
    pages += ["/entities", "/search?q=Harnvik", *(f"/entities/{e['id']}" for e in entities)]
    linked = []
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        for href in _hrefs(response.text):
            assert href.startswith(("/", "#", "https://", "http://")), (path, href)
            linked.append(href)
    assert "https://example.org/fine" in linked  # the one fine address is a link
    for article_id in _article_ids(hostile):
        url = client.get(f"/api/v1/articles/{article_id}").json()["url"]
        if url != HOSTILE_URLS[-1]:
            assert re.search("script|data:", url, re.I), url  # the API keeps the address as data
            page = client.get(f"/articles/{article_id}").text
            assert "not a web address" in page  # the page shows it, as text


# -- 3. the Host header ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/", "/api/v1/health", "/static/style.css", "/api/docs"])
def test_a_host_the_server_does_not_answer_to_is_refused(hostile: Settings, path: str) -> None:
    app = create_app(hostile)
    assert TestClient(app).get(path).status_code == 400  # Host: testserver
    for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", "[::1", "localhost:80x", ""):
        response = TestClient(app).get(path, headers={"Host": host})
        assert response.status_code == 400, host
        assert "Host" in response.json()["detail"]
    for host in ("localhost", "localhost:8000", "127.0.0.1:9999", "[::1]:8000", "LOCALHOST"):
        assert TestClient(app).get(path, headers={"Host": host}).status_code == 200, host


def test_allowed_hosts_and_the_listening_address_extend_the_loopback_names(hostile: Settings) -> None:
    def status(header: str, **settings: Any) -> int:
        app = create_app(Settings.load(environ={}, db=hostile.db, **settings))
        return TestClient(app).get("/api/v1/health", headers={"Host": header}).status_code

    assert status("testserver", allowed_hosts="testserver") == 200
    assert status("news.example:8000", allowed_hosts="testserver, News.Example") == 200
    assert status("news.example", allowed_hosts="news.example:443,::2") == 200  # a port given is no matter
    assert status("[::2]:8000", allowed_hosts="news.example:443,::2") == 200
    assert status("anything.example", allowed_hosts="*") == 200
    assert status("192.168.1.5:8000", host="192.168.1.5") == 200
    assert status("[fe80::1]:8000", host="fe80::1") == 200
    assert status("0.0.0.0:8000", host="0.0.0.0") == 400  # every interface is no name
    assert status("192.168.1.5:8000", host="0.0.0.0") == 400
    assert status("localhost", allowed_hosts="news.example") == 200  # loopback names always


# -- 4. error pages name nothing of the server -----------------------------------------------------------------------
def test_error_pages_name_the_id_and_not_the_store(
    client: TestClient, hostile: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = str(Path(hostile.db).parent)
    for path in ("/stories/nope", "/articles/nope", "/entities/nope"):
        page = client.get(path)
        assert page.status_code == 404 and "text/html" in page.headers["content-type"]
        assert folder not in page.text and "hostile.db" not in page.text
        assert "nope" in page.text

    def broken(self: Reader) -> dict[str, int]:
        raise StoreError(f"cannot open store {hostile.db}: disk I/O error")

    monkeypatch.setattr(Reader, "stats", broken)
    page = client.get("/entities")
    assert page.status_code == 500 and "text/html" in page.headers["content-type"]
    assert "Something went wrong" in page.text and folder not in page.text and "Traceback" not in page.text


# -- 5. bad parameters are a 400 page --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        "/?offset=-1",
        "/?offset=99999999999999999999999",
        "/?offset=abc",
        "/?offset=1e3",
        "/entities/by-mention?article=x&start=abc",
        "/entities/by-mention?article=x",
    ],
)
def test_bad_page_parameters_are_a_400_page(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 400, path
    assert "text/html" in page.headers["content-type"] and "Bad request" in page.text
    assert '<main id="main"' in page.text  # the site's page, not a bare JSON body


# -- 6. the search page's caps and time budget -----------------------------------------------------------------------
def test_search_page_caps_the_query(client: TestClient) -> None:
    long = client.get("/search", params={"q": "harbour " * (MAX_QUERY_CHARS // 8 + 1)})
    assert long.status_code == 400 and f"at most {MAX_QUERY_CHARS}" in long.text
    many = client.get("/search", params={"q": " ".join(["strike"] * (MAX_QUERY_TERMS + 1))})
    assert many.status_code == 400 and f"at most {MAX_QUERY_TERMS} are searched" in many.text
    assert client.get("/search", params={"q": " ".join(["strike"] * MAX_QUERY_TERMS)}).status_code == 200


def test_search_page_answers_503_past_its_time_budget(hostile: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SqliteStore, "time_limit", eager_time_limit)
    settings = Settings.load(environ={}, db=hostile.db, query_timeout_s=1e-9)
    client = local_client(create_app(settings))
    page = client.get("/search", params={"q": "Harnvik"})
    assert page.status_code == 503 and "took longer than" in page.text
    assert "text/html" in page.headers["content-type"]
    # With the default budget the same search answers.
    assert "Harnvik" in local_client(create_app(hostile)).get("/search", params={"q": "Harnvik"}).text


def test_serve_workers_learn_the_address_they_answer_to(hostile: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve --workers N` processes build their app from the environment: the address given with --host must
    reach them, or they would refuse the Host a client sends to that address."""
    import uvicorn
    import uvicorn.supervisors
    from click.testing import CliRunner

    from storyline.cli import app_from_environment, main

    class Bound:
        def bind_socket(self) -> Any:
            return type("Socket", (), {"setsockopt": lambda *args: None})()

    monkeypatch.setattr(uvicorn, "Config", lambda *args, **kwargs: Bound())
    monkeypatch.setattr(uvicorn.supervisors, "Multiprocess", lambda *args, **kwargs: type("Run", (), {"run": print})())
    # Set here so that what serve sets is undone after the test.
    for name, value in (("STORYLINE_DB", hostile.db), ("STORYLINE_WARM_STORIES", "0"), ("STORYLINE_HOST", "127.0.0.1")):
        monkeypatch.setenv(name, value)
    args = ["--db", hostile.db, "serve", "--workers", "2", "--host", "192.168.1.5", "--warm", "0"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    worker = TestClient(app_from_environment())
    assert worker.get("/api/v1/health", headers={"Host": "192.168.1.5:8000"}).status_code == 200
    assert worker.get("/api/v1/health", headers={"Host": "evil.example"}).status_code == 400
