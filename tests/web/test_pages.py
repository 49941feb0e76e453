"""The HTML pages, in-process over a store built from a small invented corpus: a dock strike reported twice
independently (disagreeing on how many members voted) and once as an undated rewrite (its date inferred), the pay deal
that ended it (a related story), and a warehouse fire with a line of page furniture."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline.api import deps
from storyline.engines.local import ingest
from storyline.read import Reader
from storyline.read.cache import LIST_PAGES
from storyline.read.entities import entities_view
from storyline.read.lists import stories_view
from storyline.read.story import article_detail_view, story_view
from storyline.settings import Settings
from storyline.store.sqlite import SqliteStore
from storyline.text import sentence_spans
from storyline.web import pages
from storyline.web.app import create_app
from storyline.web.pages import Mark, human_date, render_marked
from tests.web.support import local_client

QUOTE = '\n\n"We will stay out until night shifts are paid fairly," Krell told reporters at the gate.'
STRIKE = (
    "Dock workers in the port of Velmar began a 48-hour strike on Tuesday over night-shift pay, the Velmar "
    "Dockers Union said.\n\nUnion chair Anja Krell said 1,200 members had voted to stop work. The Velmar Port "
    "Authority said loading had halted at four of its six terminals and that talks would resume on Thursday.\n\n"
    "Shipping agents warned that at least 30 vessels were waiting at anchor outside the harbour." + QUOTE
)
OTHER = (
    "Velmar dock workers walked out on Tuesday at the start of a two-day strike over pay for night shifts, the "
    "Velmar Dockers Union said.\n\nUnion chair Anja Krell said 900 members had voted to stop work. Loading halted at "
    "four of the six terminals, the Velmar Port Authority said, adding that talks would resume on Thursday.\n\n"
    "Agents said at least 30 vessels were waiting at anchor outside the harbour."
)
REWRITE = (
    "Dockers at the port of Velmar started a 48-hour strike on Tuesday in a row over night-shift pay, according to "
    "the Velmar Dockers Union.\n\nUnion chair Anja Krell said 1,200 members had voted for the stoppage. The Velmar "
    "Port Authority said loading had stopped at four of its six terminals and that talks would resume on Thursday."
    "\n\nShipping agents said at least 30 vessels were waiting at anchor outside the harbour. Krell said members "
    "would meet again on Friday to decide on further action." + QUOTE
)
DEAL = (
    "The Velmar Dockers Union signed a two-year pay agreement with the Velmar Port Authority on Wednesday, ending "
    "a dispute over night-shift pay that closed much of the port in March.\n\nUnion chair Anja Krell said members "
    "had approved the deal by a large margin. The authority said all six terminals were working normally.\n\n"
    "Under the agreement night-shift rates rise by 12 percent from June."
)
FIRE = (
    "A fire destroyed a textile warehouse in the town of Oskarby on Sunday night, the regional fire service said.\n\n"
    "Fire chief Tomas Berglund said 60 firefighters fought the blaze for nine hours and that no one was hurt. "
    "The owner, Linnea Fabrics, said stock worth some 4 million crowns was lost.\n\nPolice said the cause was not "
    "yet known and investigators would examine the building on Monday."
)
FURNITURE = "Support The Oskarby Post!"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("pages")
    folder = root / "in"
    folder.mkdir()
    files = {
        "strike.txt": " date 2026-03-03 " + STRIKE,
        "strike-other.txt": " date 2026-03-03 " + OTHER,
        "strike-rewrite.txt": REWRITE,
        "deal.txt": " date 2026-05-20 " + DEAL,
        "fire.txt": FURNITURE + "\n\n" + FIRE,
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    settings = Settings.load(environ={}, db=str(root / "w.db"))
    with SqliteStore(settings.db) as store:
        ingest([folder], store, settings)
    return settings.db


@pytest.fixture(scope="module")
def client(db: str) -> TestClient:
    return local_client(create_app(Settings.load(environ={}, db=db)))


def _view(db: str, view: Callable[..., Any], *args: Any) -> Any:
    """What the pages render, read straight from the shared views (the expectations of these tests)."""
    with SqliteStore(db, readonly=True) as store:
        return view(store, *args)


def _story_of(db: str, filename: str) -> dict[str, Any]:
    for row in _view(db, stories_view):
        story = _view(db, story_view, row["id"])
        if any(Path(a["source_path"]).name == filename for a in story["articles"]):
            return story
    raise AssertionError(f"no story holds {filename}")


def _article_id(story: dict[str, Any], filename: str) -> str:
    return next(a["id"] for a in story["articles"] if Path(a["source_path"]).name == filename)


def _page(client: TestClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.headers["content-type"].startswith("text/html")
    return response.text


@pytest.fixture(scope="module")
def strike(db: str) -> dict[str, Any]:
    story = _story_of(db, "strike.txt")
    # The corpus is built to exercise every part of the story page; say so plainly if the engine stops seeing it.
    assert len(story["articles"]) == 3, "the three strike reports should form one story"
    assert story["conflicts"], "900 vs 1,200 members should be a conflict"
    assert any(r["type"] == "rewrite" for r in story["relations"]), "the rewrite should be linked"
    assert any(e["uncertain"] for e in story["timeline"]), "the rewrite's Friday rests on an inferred date"
    assert story["related_stories"], "the pay deal should be a related story"
    return story


class _Nesting(HTMLParser):
    """Checks that span/mark/p/a elements open and close in order (a highlight renderer's easiest bug)."""

    TRACKED = frozenset({"span", "mark", "p", "a", "details", "ul", "li", "section", "article"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.TRACKED:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.TRACKED:
            if not self.stack or self.stack[-1] != tag:
                self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            else:
                self.stack.pop()


def _well_nested(page: str) -> None:
    checker = _Nesting()
    checker.feed(page)
    assert not checker.errors and not checker.stack, (checker.errors[:3], checker.stack)


# -- the story list --------------------------------------------------------------------------------------------------
def test_story_list_shows_every_story_with_counts_and_dates(
    client: TestClient, db: str, strike: dict[str, Any]
) -> None:
    page = _page(client, "/")
    assert "5 articles in 3 stories" in page
    for row in _view(db, stories_view):
        assert f'href="/stories/{row["id"]}"' in page
        assert html.escape(row["title"], quote=False) in page
    card = page[page.index(f'href="/stories/{strike["id"]}"') :].split("</li>")[0]
    assert "3 articles" in card and "2 independent reports" in card
    assert 'datetime="2026-03-03"' in card and "3 Mar 2026" in card
    assert "undated" in page  # the fire report carries no date
    assert 'action="/search"' in page and 'name="q"' in page


def test_story_list_badge_comes_from_the_store_where_it_keeps_conflicts(
    client: TestClient, db: str, strike: dict[str, Any]
) -> None:
    page = _page(client, "/")
    cards = {m[1]: m[0] for m in re.findall(r'(<li class="story-card">.*?href="/stories/([^"]+)".*?</li>)', page, re.S)}
    assert "badge disputed" in cards[strike["id"]]  # 900 vs 1,200 among its own articles
    fire = _story_of(db, "fire.txt")
    assert "badge disputed" not in cards[fire["id"]]


def test_story_list_shows_the_disputed_badge_and_outlets_rows_carry(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Reader.stories

    def with_fields(self: Reader, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        rows = real(self, limit=limit, offset=offset)
        return [
            {**r, "disputed": i == 0, "outlets": ["The Velmar Courier"] if i == 0 else []} for i, r in enumerate(rows)
        ]

    monkeypatch.setattr(Reader, "stories", with_fields)
    LIST_PAGES.clear()  # rendered by an earlier test from the real rows
    page = _page(client, "/")
    assert page.count("badge disputed") == 1 and "The Velmar Courier" in page
    first = page.index('class="story-card"')
    assert page.index("badge disputed") < page.index('class="story-card"', first + 1)


def test_every_page_is_accessible_by_construction(client: TestClient, strike: dict[str, Any]) -> None:
    for path in ("/", f"/stories/{strike['id']}", f"/articles/{strike['articles'][0]['id']}", "/entities", "/search"):
        page = _page(client, path)
        assert '<meta name="viewport"' in page and '<html lang="en">' in page
        assert '<a class="skip" href="#main">' in page and '<main id="main"' in page
        assert page.count("<h1") == 1
        _well_nested(page)


def test_stylesheet_highlights_the_targeted_sentence_and_focus(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200
    assert ".sentence:target" in css.text and ":focus-visible" in css.text and "max-width: 700px" in css.text


# -- the story page --------------------------------------------------------------------------------------------------
def test_summary_sentences_cite_the_sentence_on_the_article_page(client: TestClient, strike: dict[str, Any]) -> None:
    page = _page(client, f"/stories/{strike['id']}")
    assert 'id="summary"' in page
    sentences = strike["summary"]["sentences"]
    assert sentences
    for sentence in sentences:
        start = sentence["span"][0]
        assert html.escape(sentence["text"], quote=False) in page
        assert f'href="/articles/{sentence["article"]}#s-{start}"' in page
        for other in sentence["articles"]:
            assert f'href="/articles/{other}' in page
        article = _page(client, f"/articles/{sentence['article']}")
        anchor = re.search(rf'<span class="sentence" id="s-{start}">(.*?)</span>(?=[ <\n])', article, re.S)
        assert anchor, f"no sentence anchor s-{start}"
        visible = html.unescape(re.sub(r"<[^>]+>", "", article.split(f'id="s-{start}">', 1)[1]))
        assert visible.startswith(sentence["text"])


def test_where_sources_differ_and_the_disputed_figures_side_by_side(client: TestClient, strike: dict[str, Any]) -> None:
    page = _page(client, f"/stories/{strike['id']}")
    assert "Where sources differ" in page and "badge disputed" in page
    for statement in strike["summary"]["disagreements"]:
        assert html.escape(statement) in page
    # The first conflict's sides, one block each: both figures in the same side-by-side row.
    block = page[page.index('class="conflict"') + 1 :].split('class="conflict"')[0]
    values = re.findall(r'<p class="side-value">([^<]+)</p>', block)
    assert sorted(values) == ["1,200", "900"]
    assert "Said by" in block and "Anja Krell" in block
    # Each side cites its articles, at the sentence that states the figure.
    for side in strike["conflicts"][0]["sides"]:
        for article in side["articles"]:
            assert re.search(rf'href="/articles/{article}#s-\d+"', block)


def test_timeline_marks_inferred_dates_and_cites_each_article(client: TestClient, strike: dict[str, Any]) -> None:
    page = _page(client, f"/stories/{strike['id']}")
    section = page[page.index('id="timeline"') : page.index('id="figures"')]
    entries = section.split('<li class="tl-entry')[1:]
    assert len(entries) == len(strike["timeline"])
    for entry, event in zip(entries, strike["timeline"], strict=True):
        assert f'title="{event["date"]}"' in entry
        assert ("≈ inferred" in entry) == bool(event["uncertain"] or event["how"] == "inferred")
        for source in event["sources"]:
            assert f'href="/articles/{source["article"]}#s-{source["sentence_span"][0]}"' in entry
    assert section.count("≈ inferred") >= 1 and 'class="tl-entry uncertain"' in section


def test_claims_table_lists_every_figure_with_who_and_when(client: TestClient, strike: dict[str, Any]) -> None:
    page = _page(client, f"/stories/{strike['id']}")
    table = page[page.index('<table class="claims">') : page.index("</table>")]
    assert table.count("<tr>") == len(strike["claims"]) + 1
    for claim in strike["claims"]:
        assert html.escape(claim["text"], quote=False) in table
        assert f'href="/articles/{claim["article"]}#s-{claim["sentence_span"][0]}"' in table


def test_linked_quotes_are_grouped(client: TestClient, strike: dict[str, Any]) -> None:
    page = _page(client, f"/stories/{strike['id']}")
    links = [q["link"] for q in strike["quotes"] if q["link"]]
    assert links, "the quote repeated by the rewrite should be linked"
    assert f"The same quote in {links.count(links[0])} reports" in page
    assert 'class="quote-group linked"' in page and "Anja Krell" in page


def test_articles_list_shows_dates_how_found_and_the_rewrite(client: TestClient, strike: dict[str, Any]) -> None:
    page = _page(client, f"/stories/{strike['id']}")
    section = page[page.index('id="articles"') : page.index('id="storyline"')]
    for article in strike["articles"]:
        assert f'href="/articles/{article["id"]}"' in section
    assert "(from the file header)" in section and "(inferred from a copy or rewrite)" in section
    rewrite = next(r for r in strike["relations"] if r["type"] == "rewrite")
    item = section[section.index(f'href="/articles/{rewrite["b"]}"') :].split("</li>")[0]
    assert "rewrite of" in item and f'href="/articles/{rewrite["a"]}"' in item


def test_storyline_marks_and_links_entries_of_related_stories(client: TestClient, strike: dict[str, Any]) -> None:
    page = _page(client, f"/stories/{strike['id']}")
    section = page[page.index('id="storyline"') :]
    related = strike["related_stories"][0]
    assert f'href="/stories/{related["id"]}"' in section
    foreign = [e for e in strike["storyline"] if strike["id"] not in e["stories"]]
    assert foreign, "the deal's entries come from the related story"
    assert section.count('class="tl-entry foreign') == len(foreign)
    assert section.count('<span class="from">from <a') == len(foreign)


def test_story_entities_link_to_their_store_wide_entity_page(client: TestClient, strike: dict[str, Any]) -> None:
    page = _page(client, f"/stories/{strike['id']}")
    krell = next(e for e in strike["entities"] if e["name"] == "Anja Krell")
    assert f'href="/entities/{krell["id"]}"' in page
    entity = _page(client, f"/entities/{krell['id']}")
    assert "<h1>Anja Krell" in entity
    # The same id everywhere: the API resolves it, and a mention link made before ids were shown still lands there.
    assert client.get(f"/api/v1/entities/{krell['id']}").json()["name"] == "Anja Krell"
    first = krell["mentions"][0]
    response = client.get(
        f"/entities/by-mention?article={first['article']}&start={first['start']}", follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == f"/entities/{krell['id']}"


def test_unknown_ids_are_404_pages(client: TestClient) -> None:
    for path in ("/stories/nope", "/articles/nope", "/entities/nope", "/entities/by-mention?article=nope&start=0"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "text/html" in response.headers["content-type"] and "Not found" in response.text


# -- the article page ------------------------------------------------------------------------------------------------
def test_article_page_wraps_every_sentence_and_highlights_facts(
    client: TestClient, db: str, strike: dict[str, Any]
) -> None:
    article_id = _article_id(strike, "strike.txt")
    detail = _view(db, article_detail_view, article_id)
    page = _page(client, f"/articles/{article_id}")
    for start, _ in sentence_spans(detail["text"]):
        assert f'<span class="sentence" id="s-{start}">' in page
    for kind in ("entity", "date", "claim", "quote"):
        assert f'class="hl hl-{kind}" title="' in page, kind
    assert 'title="PER: Anja Krell' in page
    assert re.search(r'class="hl hl-claim" title="figure 1,200, [^"]*according to', page)
    assert 'title="quote (direct) by Anja Krell' in page
    text = html.unescape(re.sub(r"<[^>]+>", "", page.split('class="article-text">', 1)[1].split("</div>", 1)[0]))
    assert " ".join(text.split()) == " ".join(detail["text"].split())  # highlighting changes no word


def test_article_page_metadata_and_folded_furniture(client: TestClient, db: str) -> None:
    story = _story_of(db, "fire.txt")
    article_id = story["articles"][0]["id"]
    page = _page(client, f"/articles/{article_id}")
    assert '<div class="removed"><details>' in page and FURNITURE in page
    assert page.index("<summary>Removed page furniture") < page.index(FURNITURE)
    assert "fire.txt</code>" in page and "Published" in page and "undated" in page
    assert f'href="/stories/{story["id"]}"' in page


def test_article_page_shows_an_inferred_date_and_its_copy_relation(client: TestClient, strike: dict[str, Any]) -> None:
    rewrite = _article_id(strike, "strike-rewrite.txt")
    page = _page(client, f"/articles/{rewrite}")
    assert "inferred from a copy or rewrite" in page
    assert "rewrite of" in page and f'href="/articles/{_article_id(strike, "strike.txt")}"' in page
    assert '<div class="removed"><details>' not in page  # nothing was removed from this one


# -- entities and search ---------------------------------------------------------------------------------------------
def test_entities_index_and_entity_page(client: TestClient, db: str) -> None:
    entities = _view(db, entities_view)
    index = _page(client, "/entities")
    for entity in entities[:20]:
        assert f'href="/entities/{entity["id"]}"' in index
    krell = next(e for e in entities if e["name"] == "Anja Krell")
    page = _page(client, f"/entities/{krell['id']}")
    assert "<h1>Anja Krell" in page and "PER" in page
    assert re.search(r'class="hl hl-entity" title="[^"]*">(Anja )?Krell</span>', page)
    for story in krell["stories"]:
        assert f'href="/stories/{story}"' in page
    assert page.count('class="cite" href="/articles/') >= len(krell["articles"])


def test_search_links_to_articles_and_their_stories(client: TestClient, db: str, strike: dict[str, Any]) -> None:
    page = _page(client, "/search?q=vessels")
    hits = _view(db, SqliteStore.search, "vessels")
    assert hits
    for hit in hits:
        assert f'href="/articles/{hit["id"]}"' in page
    assert f'href="/stories/{strike["id"]}"' in page
    assert "<mark>vessels</mark>" in page
    assert 'value="vessels"' in page


def test_search_without_a_query_or_with_bad_syntax(client: TestClient) -> None:
    assert 'role="status"' not in _page(client, "/search")
    page = _page(client, '/search?q="unbalanced')
    assert "0 articles match" in page


# -- the renderer ----------------------------------------------------------------------------------------------------
def test_overlapping_marks_nest_properly_and_escape_text() -> None:
    text = 'Krell said "1,200 <members>" voted'
    marks = [Mark(0, 5, "entity", "PER"), Mark(11, 29, "quote", 'said "x"'), Mark(12, 27, "claim", "1,200")]
    out = str(render_marked(text, 0, len(text), marks))
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text
    assert "&lt;members&gt;" in out and 'title="said &#34;x&#34;"' in out
    _well_nested(out)
    crossing = [Mark(0, 10, "entity", "a"), Mark(6, 20, "date", "b")]
    out = str(render_marked(text, 0, len(text), crossing))
    _well_nested(out)
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text


def test_human_dates() -> None:
    assert human_date("2025-12-06") == "6 Dec 2025"
    assert human_date("2025-12") == "Dec 2025"
    assert human_date("2025-W36") == "week 36, 2025"
    assert human_date("2026-FA") == "autumn 2026"
    assert human_date("2014") == "2014"
    assert human_date("PAST_REF") == "PAST_REF"
    assert human_date(None) == "undated"


def test_cached_list_and_story_pages_follow_new_ingests(tmp_path: Path) -> None:
    """The list, story and entity pages are served from caches once made; an ingest must show on the next request."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "strike.txt").write_text(" date 2026-03-03 " + STRIKE, encoding="utf-8")
    settings = Settings.load(environ={}, db=str(tmp_path / "c.db"))
    with SqliteStore(settings.db) as store:
        ingest([folder], store, settings)
    client = local_client(create_app(settings))
    [row] = _view(settings.db, stories_view)
    assert "1 articles in 1 stories" in _page(client, "/") == _page(client, "/")
    assert _page(client, f"/stories/{row['id']}") == _page(client, f"/stories/{row['id']}")
    assert "900 members" not in _page(client, f"/stories/{row['id']}")
    assert "Berglund" not in _page(client, "/entities")

    more = tmp_path / "more"
    more.mkdir()
    (more / "strike-other.txt").write_text(" date 2026-03-03 " + OTHER, encoding="utf-8")
    (more / "broken.html").write_bytes(b"\x00\x01")
    (more / "fire.txt").write_text(FIRE, encoding="utf-8")
    with SqliteStore(settings.db) as store:
        ingest([more], store, settings)
    listing = _page(client, "/")
    assert "3 articles in 2 stories" in listing and "1 inputs rejected" in listing
    assert "2 articles" in listing[listing.index(f'href="/stories/{row["id"]}"') :]
    assert "900 members" in _page(client, f"/stories/{row['id']}")
    assert "Berglund" in _page(client, "/entities")


def test_large_pages_are_sent_gzipped(
    client: TestClient, strike: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deps, "_GZIP_FROM", 0)
    for path in ("/", f"/stories/{strike['id']}"):
        plain = client.get(path, headers={"Accept-Encoding": "identity"})
        packed = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert "content-encoding" not in plain.headers and packed.headers["content-encoding"] == "gzip"
        assert packed.text == plain.text and packed.headers["content-type"].startswith("text/html")


def test_the_served_app_prepares_its_caches_at_start(tmp_path: Path) -> None:
    import threading

    from storyline.read.cache import STORY_VIEWS

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "strike.txt").write_text(" date 2026-03-03 " + STRIKE, encoding="utf-8")
    (folder / "fire.txt").write_text(FIRE, encoding="utf-8")
    settings = Settings.load(environ={}, db=str(tmp_path / "w.db"), warm_stories=5)
    with SqliteStore(settings.db) as store:
        ingest([folder], store, settings)
    with local_client(create_app(settings, warm=True)):  # entering runs the app's startup
        for thread in threading.enumerate():
            if thread.name == "warm-caches":
                thread.join(timeout=120)
        with SqliteStore(settings.db, readonly=True) as store:
            assert LIST_PAGES.peek(store, ("stories", 0)) is not None
            for story in store.list_stories():
                assert STORY_VIEWS.peek_page(store, story.id, "story.html") is not None
    # Without `warm` (tests, embedding) nothing starts.
    with local_client(create_app(Settings.load(environ={}, db=str(tmp_path / "w.db")))):
        assert not any(t.name == "warm-caches" for t in threading.enumerate())


def test_a_long_figures_table_is_cut_with_a_link_to_all(
    client: TestClient, strike: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.read.cache import STORY_VIEWS

    total = len(strike["claims"])
    assert total > 2, "the strike story should state several figures"
    monkeypatch.setattr(pages, "FIGURES_SHOWN", 2)
    STORY_VIEWS.clear()  # pages rendered by earlier tests show every figure
    cut = _page(client, f"/stories/{strike['id']}")
    table = cut[cut.index('<table class="claims">') : cut.index("</table>")]
    assert table.count("<tr>") == 1 + 2 and f"the first 2 of {total}" in table
    assert f'href="/stories/{strike["id"]}?figures=all#figures"' in table
    everything = _page(client, f"/stories/{strike['id']}?figures=all")
    table = everything[everything.index('<table class="claims">') : everything.index("</table>")]
    assert table.count("<tr>") == 1 + total and "show all" not in table
    STORY_VIEWS.clear()
