"""The web UI in a real browser, over the five seed articles (read in place from ../shared): the story list, a
story's timeline, disputed figures and rewrite, a summary citation landing on its highlighted sentence, the folded
page furniture, search, entity pages, keyboard and phone use. Expectations come from the shared views, never from
seed text copied here. Screenshots of each step go to tests/browser/artifacts/ (git-ignored)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from storyline.read.lists import stories_view
from storyline.read.story import article_detail_view, story_view
from storyline.store.sqlite import SqliteStore
from tests.browser.conftest import Server
from tests.conftest import REPO

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail in CI) with the reason
    expect = None

DOCS_SCREENSHOTS = REPO / "docs" / "screenshots"
HIGHLIGHT = "rgb(253, 230, 138)"  # --target in style.css


def _stories(db: str) -> list[dict[str, Any]]:
    with SqliteStore(db, readonly=True) as store:
        return [story_view(store, row["id"]) for row in stories_view(store)]


def _seed_article(db: str, number: str) -> dict[str, Any]:
    """The stored article read from the seed file whose name starts with `number` ("002")."""
    for story in _stories(db):
        for article in story["articles"]:
            if Path(article["source_path"]).name.startswith(number + "_"):
                return article
    raise AssertionError(f"no seed {number} in the store")


def _story_with(db: str, number: str) -> dict[str, Any]:
    article = _seed_article(db, number)
    return next(s for s in _stories(db) if s["id"] == article["story_id"])


def _shot(page: Any, artifacts: Path, name: str, *, full_page: bool = True) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=full_page)


def test_story_list_shows_both_stories(page: Any, seeds_server: Server, seeds_db: str, artifacts: Path) -> None:
    page.goto(seeds_server.url + "/")
    cards = page.locator(".story-card")
    expect(cards).to_have_count(2)
    for story in _stories(seeds_db):
        link = page.locator(f'a[href="/stories/{story["id"]}"]')
        expect(link).to_have_text(story["title"])
        card = page.locator(".story-card", has=link)
        expect(card).to_contain_text(f"{story['size']} articles")
        expect(card).to_contain_text("independent report")
    with SqliteStore(seeds_db, readonly=True) as store:
        keeps_conflicts = hasattr(store, "story_rows")
    if keeps_conflicts:  # the store flags stories whose own articles disagree: 004 and its rewrite 003 do
        story_b = page.locator(
            ".story-card", has=page.locator(f'a[href="/stories/{_story_with(seeds_db, "004")["id"]}"]')
        )
        expect(story_b.locator(".badge.disputed")).to_have_text("disputed")
    _shot(page, artifacts, "01-story-list")


def test_story_timeline_marks_the_inferred_date(
    page: Any, seeds_server: Server, seeds_db: str, artifacts: Path
) -> None:
    story = _story_with(seeds_db, "002")  # 002 carries no date of its own: it is inferred from the story
    page.goto(f"{seeds_server.url}/stories/{story['id']}")
    expect(page.locator("h1")).to_contain_text(story["title"])
    entries = page.locator("#timeline .tl-entry")
    expect(entries).to_have_count(len(story["timeline"]))
    uncertain = [e for e in story["timeline"] if e["uncertain"]]
    assert uncertain, "the seeds' story A has a date resting on an inferred publication date"
    marked = page.locator("#timeline .tl-entry.uncertain")
    expect(marked).to_have_count(len(uncertain))
    expect(marked.first.locator(".badge.inferred")).to_have_text("≈ inferred")
    expect(marked.first.locator("time")).to_have_attribute("title", uncertain[0]["date"])
    # Each entry cites its articles, at the dated sentence.
    expect(marked.first.locator("a.cite").first).to_have_attribute("href", re.compile(r"^/articles/\w+#s-\d+$"))
    marked.first.scroll_into_view_if_needed()
    _shot(page, artifacts, "02-story-a-timeline", full_page=False)


def test_disputed_figures_side_by_side(page: Any, seeds_server: Server, seeds_db: str, artifacts: Path) -> None:
    story = _story_with(seeds_db, "004")
    page.goto(f"{seeds_server.url}/stories/{story['id']}")
    expect(page.locator("h1 .badge.disputed")).to_be_visible()
    expect(page.locator("#differ")).to_contain_text("1,000")
    conflict = page.locator("#figures .conflict", has=page.locator(".side-value", has_text="1,000"))
    expect(conflict).to_have_count(1)
    sides = conflict.locator(".side")
    expect(sides.locator(".side-value")).to_have_text(["1,000", "600"])
    first, second = sides.nth(0).bounding_box(), sides.nth(1).bounding_box()
    assert first and second and abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"] + first["width"] - 1
    expect(sides.nth(0)).to_contain_text("Said by")
    expect(sides.nth(0)).to_contain_text("As of")
    conflict.scroll_into_view_if_needed()
    _shot(page, artifacts, "03-story-b-disputed", full_page=False)


def test_the_rewrite_relation_is_shown(page: Any, seeds_server: Server, seeds_db: str) -> None:
    story = _story_with(seeds_db, "004")
    rewrite = next(r for r in story["relations"] if r["type"] == "rewrite")
    page.goto(f"{seeds_server.url}/stories/{story['id']}")
    item = page.locator("#articles li", has=page.locator(f'a[href="/articles/{rewrite["b"]}"]'))
    expect(item.locator(".relation")).to_contain_text("rewrite of")
    expect(item.locator(".relation a")).to_have_attribute("href", f"/articles/{rewrite['a']}")
    expect(item).to_contain_text("inferred")  # its date comes from the article it rewrites


def test_summary_citation_lands_on_the_highlighted_sentence(
    page: Any, seeds_server: Server, seeds_db: str, artifacts: Path
) -> None:
    story = _story_with(seeds_db, "000")
    sentence = story["summary"]["sentences"][1]
    page.goto(f"{seeds_server.url}/stories/{story['id']}")
    cite = page.locator("#summary .summary-sentence").nth(1).locator("a.cite").first
    expect(cite).to_have_attribute("href", f"/articles/{sentence['article']}#s-{sentence['span'][0]}")
    cite.click()
    page.wait_for_url(re.compile(rf"/articles/{sentence['article']}#s-{sentence['span'][0]}$"))
    target = page.locator(":target")
    expect(target).to_be_visible()
    expect(target).to_be_in_viewport()
    expect(target).to_have_attribute("class", "sentence")
    assert " ".join(target.inner_text().split()) == " ".join(sentence["text"].split())
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") == HIGHLIGHT
    _shot(page, artifacts, "04-cited-sentence", full_page=False)


@pytest.mark.parametrize("number", ["002", "004"])
def test_removed_furniture_opens_in_details(
    page: Any, seeds_server: Server, seeds_db: str, artifacts: Path, number: str
) -> None:
    article = _seed_article(seeds_db, number)
    with SqliteStore(seeds_db, readonly=True) as store:
        removed = article_detail_view(store, article["id"])["removed"]
    assert removed, f"seed {number} has page furniture"
    page.goto(f"{seeds_server.url}/articles/{article['id']}")
    lines = page.locator(".removed details li")
    expect(lines).to_have_count(len(removed))
    expect(lines.first).to_be_hidden()
    page.locator(".removed summary").click()
    expect(page.locator(".removed details")).to_have_attribute("open", "")
    for i in range(len(removed)):
        expect(lines.nth(i)).to_be_visible()
    expect(lines.nth(0)).to_have_text(removed[0].strip())
    _shot(page, artifacts, f"05-furniture-{number}")


def test_search_and_open_a_result(page: Any, seeds_server: Server, seeds_db: str, artifacts: Path) -> None:
    story = _stories(seeds_db)[0]
    word = max(re.findall(r"[A-Za-z]+", story["title"]), key=len)  # a word the store surely holds
    page.goto(seeds_server.url + "/")
    page.fill("#site-q", word)
    page.press("#site-q", "Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    results = page.locator(".results li")
    expect(results.first).to_be_visible()
    expect(results.first.locator(".snippet mark").first).to_be_visible()
    _shot(page, artifacts, "06-search")
    title = results.first.locator("a").first.inner_text()
    results.first.locator("a").first.click()
    page.wait_for_url(re.compile(r"/articles/\w+$"))
    expect(page.locator("h1")).to_contain_text(title.rstrip("…"))


def test_entity_page_from_a_story(page: Any, seeds_server: Server, seeds_db: str, artifacts: Path) -> None:
    story = _story_with(seeds_db, "004")
    entity = story["entities"][0]
    page.goto(f"{seeds_server.url}/stories/{story['id']}")
    page.locator("#entities a", has_text=entity["name"]).first.click()
    page.wait_for_url(re.compile(r"/entities/ent-\w+$"))
    expect(page.locator("h1")).to_contain_text(entity["name"])
    expect(page.locator(".mentions li").first).to_be_visible()
    expect(page.locator(f'a[href="/stories/{story["id"]}"]')).to_be_visible()
    _shot(page, artifacts, "07-entity")
    page.locator("header nav a", has_text="Entities").click()
    page.wait_for_url(re.compile(r"/entities$"))
    expect(page.locator(".entities-table a", has_text=entity["name"]).first).to_be_visible()


def test_keyboard_skip_link_and_focus_style(page: Any, seeds_server: Server) -> None:
    page.goto(seeds_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#main$"))
    page.keyboard.press("Tab")
    expect(page.locator(".story-card a").first).to_be_focused()


def test_phone_layout_is_one_column_without_sideways_scroll(
    browser: Any, seeds_server: Server, seeds_db: str, artifacts: Path
) -> None:
    story = _story_with(seeds_db, "004")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(f"{seeds_server.url}/stories/{story['id']}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"the page scrolls sideways by {overflow}px on a phone"
        sides = page.locator("#figures .conflict").first.locator(".side")
        first, second = sides.nth(0).bounding_box(), sides.nth(1).bounding_box()
        assert first and second and second["y"] >= first["y"] + first["height"] - 1  # stacked, not side by side
        _shot(page, artifacts, "08-phone-story", full_page=False)
    finally:
        context.close()


def test_screenshots_for_the_docs(browser: Any, examples_server: Server, artifacts: Path) -> None:
    """The README's screenshots, over the bundled examples (our own text). Written to docs/screenshots/ when absent
    or when STORYLINE_UPDATE_SCREENSHOTS=1, so that a test run does not dirty the committed images."""
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    try:
        page = context.new_page()
        page.goto(examples_server.url + "/")
        expect(page.locator(".story-card").first).to_be_visible()
        shots = {"story-list": page.screenshot(full_page=True)}
        page.locator(".story-card a").first.click()
        expect(page.locator("#summary")).to_be_visible()
        shots["story-page"] = page.screenshot(clip={"x": 0, "y": 0, "width": 1200, "height": 1400}, full_page=True)
    finally:
        context.close()
    update = os.environ.get("STORYLINE_UPDATE_SCREENSHOTS") == "1"
    for name, png in shots.items():
        (artifacts / f"docs-{name}.png").write_bytes(png)
        target = DOCS_SCREENSHOTS / f"{name}.png"
        if update or not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(png)
        assert target.stat().st_size > 10_000
