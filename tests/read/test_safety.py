"""Untrusted article data made safe on the read side: which addresses may be links, cursors that refuse anything
not ours, query caps, briefings that carry no markup from the articles, CSV cells no spreadsheet runs, and strict
JSON."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.errors import CursorError
from storyline.models import Claim
from storyline.read.brief import brief_markdown
from storyline.read.cursors import decode_cursor, encode_cursor
from storyline.read.export import brief_html, markdown_html
from storyline.read.limits import MAX_QUERY_CHARS, MAX_QUERY_TERMS, QueryError, check_query
from storyline.read.safety import csv_cell, dumps, safe_url
from storyline.read.views import claim_view
from storyline.settings import Settings
from tests.read.test_brief_and_whats_new import STORY
from tests.web.support import FORMULA, HOSTILE_URLS, hostile_store


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return hostile_store(tmp_path_factory.mktemp("hostile-read"))


# -- 2. safe_url -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        *HOSTILE_URLS[:-1],
        "JAVASCRIPT:alert(1)",
        "\x00\x1f javascript:alert(1)",
        "jav\nascript:alert(1)",
        "javascript\r:alert(1)",
        "data:image/svg+xml;base64,PHN2Zz4=",
        "vbscript:msgbox",
        "file:///etc/passwd",
        "//evil.example/x",
        "/relative/path",
        "https://",
        "https:///nohost",
        "http://[::1",
        "https://ex\x00ample.org/",
        "",
        None,
    ],
)
def test_only_http_addresses_may_be_links(url: str | None) -> None:
    assert safe_url(url) is None


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.org/a?b=1&c=2#d", "https://example.org/a?b=1&c=2#d"),
        ("HTTP://Example.org/", "HTTP://Example.org/"),
        ("  https://example.org/x\n", "https://example.org/x"),
        ("https://exa\tmple.org/", "https://example.org/"),
        ("http://[::1]:8000/", "http://[::1]:8000/"),
    ],
)
def test_http_addresses_are_links_as_browsers_read_them(url: str, link: str) -> None:
    assert safe_url(url) == link


# -- 5. cursors ------------------------------------------------------------------------------------------------------
def _raw(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@pytest.mark.parametrize(
    ("cursor", "kinds"),
    [
        (_raw(b'[100000000000000000000000000000, "x"]'), (int, str)),
        (_raw(b'[9223372036854775808, "x"]'), (int, str)),  # 2**63: one past SQLite's integers
        (_raw(b"[" * 700 + b"]" * 700), (str, str)),  # as deep as fits the length cap
        (_raw(b"[" * 50_000 + b"]" * 50_000), (str, str)),
        (_raw('["a", "b"]'.encode("utf-16")), (str, str)),
        (_raw(b'["\\udc00", "x"]'), (str, str)),
        (_raw(b'["a", "b"]') + "A" * 2000, (str, str)),
    ],
    ids=["past 64 bits", "2**63", "nested 700 deep", "nested 50,000 deep", "UTF-16", "lone surrogate", "over-long"],
)
def test_decode_refuses_every_cursor_not_ours(cursor: str, kinds: tuple[type, ...]) -> None:
    with pytest.raises(CursorError) as refused:
        decode_cursor(cursor, kinds)
    assert len(str(refused.value)) < 200


def test_decode_takes_back_what_encode_made_up_to_64_bits() -> None:
    largest = [2**63 - 1, "e1"]
    assert decode_cursor(encode_cursor(largest), (int, str)) == largest
    with pytest.raises(CursorError):
        decode_cursor(encode_cursor([2**63, "e1"]), (int, str))


# -- 6. query caps ---------------------------------------------------------------------------------------------------
def test_queries_are_capped_in_length_and_terms() -> None:
    assert check_query("a " * (MAX_QUERY_TERMS - 1) + "a") is not None
    assert check_query(None) is None
    with pytest.raises(QueryError, match=f"at most {MAX_QUERY_CHARS}"):
        check_query("x" * (MAX_QUERY_CHARS + 1))
    with pytest.raises(QueryError, match=f"at most {MAX_QUERY_TERMS}"):
        check_query(" ".join(["word"] * (MAX_QUERY_TERMS + 1)))
    with pytest.raises(QueryError, match="terms"):
        check_query("/".join(["x"] * (MAX_QUERY_TERMS + 1)))


# -- 8. briefings carry no markup from the articles ------------------------------------------------------------------
SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"
LINK = "[click me](javascript:alert(3))"


def _hostile_story() -> dict[str, Any]:
    story = json.loads(json.dumps(STORY))
    story["title"] = f"Ferry {SCRIPT} aground"
    story["outlets"] = [f"Coast {IMAGE} Courier"]
    story["summary"]["sentences"][0]["text"] = f"The ferry {LINK} ran aground {IMAGE}."
    story["summary"]["disagreements"] = [f"Figures {SCRIPT} differ."]
    story["timeline"][0]["text"] = f"Divers {IMAGE} reached the hull <javascript:alert(4)>."
    story["conflicts"][0]["about"] = f"people {SCRIPT} rescued"
    story["conflicts"][0]["sides"][0]["attributed_to"] = [f"the {IMAGE} coastguard"]
    story["articles"][0].update(title=f"Report {SCRIPT}", outlet=f"Courier {IMAGE}", url="javascript:alert(5)")
    story["articles"][1].update(url="https://example.org/report-b")
    return story


def test_brief_markdown_escapes_every_article_text() -> None:
    text = brief_markdown(_hostile_story())
    for raw in ("<script", "<img", "<javascript", "[click me]"):
        assert raw not in text, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "&lt;img src=x onerror=alert(2)&gt;" in text
    assert "&#91;click me&#93;(javascript:alert(3))" in text
    assert "The ferry" in text and " [1]" in text  # the briefing's own citations stay Markdown


def test_brief_html_shows_article_markup_as_text_and_links_only_http() -> None:
    page = brief_html(_hostile_story())
    for raw in ("<script", "<img", 'href="javascript', "&amp;lt;"):
        assert raw not in page, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as the characters the article had
    assert 'href="https://example.org/report-b"' in page and page.count("<a href=") == page.count('href="#') + 1
    assert markdown_html("A &lt;b&gt; &amp;amp; &#91;x&#93;") == "<p>A &lt;b&gt; &amp;amp; &#91;x&#93;</p>\n"


def test_markdown_exports_escape_article_text(hostile: Settings) -> None:
    for what in ("stories", "articles", "claims", "timeline"):
        result = CliRunner().invoke(main, ["--db", hostile.db, "export", "--what", what, "--format", "markdown"])
        assert result.exit_code == 0, result.output
        assert "<script" not in result.output and "<img" not in result.output, what
    articles = CliRunner().invoke(main, ["--db", hostile.db, "export", "--what", "articles", "--format", "markdown"])
    assert "&lt;script&gt;" in articles.output


# -- 9. CSV cells no spreadsheet runs --------------------------------------------------------------------------------
@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_look_like_formulas_are_quoted(start: str) -> None:
    assert csv_cell(f"{start}1+1") == f"'{start}1+1"
    assert csv_cell(f"x{start}1") == f"x{start}1"


def test_csv_export_neutralises_formulas_and_jsonl_keeps_the_data(hostile: Settings, tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["--db", hostile.db, "export", "--what", "articles", "--format", "csv"]).output
    rows = list(csv.DictReader(io.StringIO(out)))
    titles = [r["title"] for r in rows]
    assert "'" + FORMULA in titles and FORMULA not in titles
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r.values())
    jsonl = CliRunner().invoke(main, ["--db", hostile.db, "export", "--what", "articles", "--format", "jsonl"]).output
    assert FORMULA in [json.loads(line)["title"] for line in jsonl.splitlines()]


# -- 10. strict JSON -------------------------------------------------------------------------------------------------
def _strict(text: str) -> Any:
    def refuse(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_dumps_writes_non_finite_numbers_as_null() -> None:
    data = {"a": math.inf, "b": [math.nan, 1.5, {"c": -math.inf}], "d": (2.0, math.nan), "e": "inf"}
    assert _strict(dumps(data)) == {"a": None, "b": [None, 1.5, {"c": None}], "d": [2.0, None], "e": "inf"}
    assert dumps({"x": 1.0}) == '{"x":1.0}'


def test_a_non_finite_claim_is_no_figure_in_the_views() -> None:
    claim = Claim("a", 0, 3, "1e999", math.inf, math.nan, None, None, None, None, "It was 1e999.", 0, 13)
    view = claim_view(claim)
    assert view["value"] is None and view["value_high"] is None
