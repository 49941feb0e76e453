"""The read side's one entry point: a `Reader` over a store. The CLI, the API and the web pages call only this;
none of them touches a store.

Views come back as JSON-ready dicts (the shapes of views.py); story views come from the process-wide cache
(STORY_VIEWS), shared between callers: read them, never change them.

Lists and searches are bounded (limits.py): a full-text query past the caps is refused (QueryError), and with a
`query_timeout_s` (what a server sets; the CLI waits) each list or search query is aborted past that many seconds
(QueryTimeoutError). Story views are not: the largest take seconds to make, once, and are cached.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO, TypeVar

from storyline.errors import NotFoundError
from storyline.models import Article, Relation, Story
from storyline.read.brief import brief_markdown
from storyline.read.cache import LIST_PAGES, STORY_VIEWS, Payload, cached_story_view
from storyline.read.entities import entities_view, entity_detail_view, entity_list_view, entity_mentions_view
from storyline.read.export import brief_html, write_export
from storyline.read.limits import check_query, time_limit
from storyline.read.lists import conflicts_list_view, search_view, stories_view, story_list_view
from storyline.read.story import article_detail_view
from storyline.read.whats_new import whats_new
from storyline.store import Store, open_store

__all__ = ["Reader", "open_reader"]

T = TypeVar("T")


class Reader:
    """Every read storyline offers, over one store (see the package docstring)."""

    def __init__(self, store: Store, query_timeout_s: float | None = None) -> None:
        self._store = store
        self.query_timeout_s = query_timeout_s

    @property
    def path(self) -> str:
        """The store this reader reads (its file path or URL)."""
        return self._store.path

    def close(self) -> None:
        """Close the store."""
        self._store.close()

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- stories ---------------------------------------------------------------------------------------------------
    def story(self, story_id: str) -> dict[str, Any]:
        """The full story view, from the cache (NotFoundError when absent). An id merged into another story since
        gives the survivor's view (its `id` says which)."""
        return self._followed(cached_story_view, story_id)

    def story_entry(self, story_id: str) -> Payload:
        """The story view serialised as JSON, made (or revalidated) if needed; a merged id as in `story`."""
        return self._followed(lambda store, sid: STORY_VIEWS.entry(store, sid).json, story_id)

    def current_story_id(self, story_id: str) -> str:
        """The id a story lives under now: `story_id` itself, or the story it was merged into (ids once shown keep
        resolving: a reader holding an id while ingest merges its story must not get a 404)."""
        return self._store.story_redirect(story_id) or story_id

    def _followed(self, call: Callable[[Store, str], T], story_id: str) -> T:
        # Redirects are looked up only after a miss: the hot path (a live id) costs nothing more.
        try:
            return call(self._store, story_id)
        except NotFoundError:
            survivor = self._store.story_redirect(story_id)
            if survivor is None:
                raise
            return call(self._store, survivor)

    def peek_story_entry(self, story_id: str) -> Payload | None:
        """The story view's JSON when it is cached and current after one indexed query, else None."""
        entry = STORY_VIEWS.peek(self._store, story_id)
        return entry.json if entry is not None else None

    def story_page(self, story_id: str, name: str, render: Callable[[dict[str, Any]], bytes]) -> Payload:
        """A page rendered from the story view by `render`, made once per version of the view (NotFoundError for a
        merged id: a page redirects to `current_story_id`)."""
        return STORY_VIEWS.page(self._store, story_id, name, render)

    def peek_story_page(self, story_id: str, name: str) -> Payload | None:
        """The rendered page when it is current after one indexed query, else None."""
        return STORY_VIEWS.peek_page(self._store, story_id, name)

    def timeline(self, story_id: str) -> dict[str, Any]:
        """A story's own timeline and its storyline across related stories."""
        view = self.story(story_id)
        return {k: view[k] for k in ("id", "title", "timeline", "storyline")}

    def brief(self, story_id: str, html: bool = False) -> str:
        """A story's briefing as Markdown, or as a standalone HTML page."""
        view = self.story(story_id)
        return brief_html(view) if html else brief_markdown(view)

    def whats_new(self, story_id: str, since: str) -> dict[str, Any]:
        """What a story gained since a date (YYYY-MM-DD) or one of its articles."""
        return whats_new(self.story(story_id), since)

    def stories(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Stories, largest first, without their articles' texts."""
        return stories_view(self._store, limit, offset)

    def story_list(self, **filters: Any) -> dict[str, Any]:
        """One page of the story list, newest first, filtered (see story_list_view)."""
        check_query(filters.get("query"))
        with time_limit(self._store, self.query_timeout_s):
            return story_list_view(self._store, **filters)

    def story_list_rows(self, story_ids: list[str]) -> list[dict[str, Any]]:
        """List rows (outlets, disputed flag, dates) of these stories, without their article ids."""
        return self._store.story_rows(ids=story_ids, limit=len(story_ids), with_article_ids=False)

    def largest_stories(self, n: int) -> list[str]:
        """The ids of the n largest stories."""
        return [s.id for s in self._store.list_stories(limit=n)]

    def conflicts(self, cursor: str | None = None, limit: int = 50) -> dict[str, Any]:
        """One page of the conflicts across stories."""
        return conflicts_list_view(self._store, cursor, limit)

    def story_record(self, story_id: str) -> Story | None:
        """A story's record (title, dates, article ids), or None when absent."""
        return self._store.get_story(story_id) if self._store.has_story(story_id) else None

    def story_titles(self, story_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Id, title, size and dates of each given story that exists."""
        return self._store.story_titles(story_ids)

    def members(self, story_ids: list[str]) -> list[Article]:
        """The articles of these stories, without texts, story by story in arrival order."""
        return [a for sid in story_ids for a in self._store.story_articles(sid, with_text=False)]

    # -- articles --------------------------------------------------------------------------------------------------
    def article(self, article_id: str) -> dict[str, Any]:
        """One article with its facts and their spans (NotFoundError when absent)."""
        return article_detail_view(self._store, article_id)

    def articles(self, article_ids: list[str]) -> list[Article]:
        """The articles of these ids that exist, with their texts."""
        return self._store.articles_by_ids(article_ids) if article_ids else []

    def relations_of(self, article_id: str) -> list[Relation]:
        """The copy relations an article is part of."""
        return self._store.relations_among([article_id])

    # -- entities --------------------------------------------------------------------------------------------------
    def entities(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Every store-wide entity with aliases, mentions, articles and stories (or the `limit` most reported)."""
        return entities_view(self._store, limit)

    def entity_list(self, query: str | None = None, cursor: str | None = None, limit: int = 50) -> dict[str, Any]:
        """One page of store-wide entities, most widely reported first."""
        check_query(query)
        with time_limit(self._store, self.query_timeout_s):
            return entity_list_view(self._store, query, cursor, limit)

    def entity(self, entity_id: str) -> dict[str, Any]:
        """One entity with its articles and stories (an absorbed id resolves to its survivor)."""
        return entity_detail_view(self._store, entity_id)

    def entity_mentions(self, entity_id: str) -> dict[str, Any]:
        """One entity with every mention (what the entity page shows)."""
        return entity_mentions_view(self._store, entity_id)

    # -- search, counts, exports -----------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20) -> dict[str, Any]:
        """Articles (with a snippet) and stories matching a full-text query, best match first."""
        check_query(query)
        with time_limit(self._store, self.query_timeout_s):
            return search_view(self._store, query, limit)

    def search_articles(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Article hits of a full-text query: id, title, story_id, snippet."""
        check_query(query)
        with time_limit(self._store, self.query_timeout_s):
            return self._store.search(query, limit)

    def rejected(self) -> list[dict[str, Any]]:
        """Every input stored as rejected, oldest first: source path, error, the stage that failed (None when a
        reader refused it), size and when."""
        return self._store.rejected_documents()

    def stats(self) -> dict[str, int]:
        """How many articles, stories, rejected inputs and relations the store holds."""
        return self._store.stats()

    def list_page(self, position: Any, render: Callable[[], bytes]) -> Payload:
        """A list page rendered by `render`, made once per version of the store's data."""
        return LIST_PAGES.page(self._store, position, render)

    def peek_list_page(self, position: Any) -> Payload | None:
        """The list page when it is current, else None."""
        return LIST_PAGES.peek(self._store, position)

    def export(
        self,
        what: str,
        fmt: str,
        *,
        stream: TextIO | None = None,
        path: Path | None = None,
        story_id: str | None = None,
    ) -> int:
        """Write an export (see export.write_export); returns how many rows were written."""
        return write_export(self._store, what, fmt, stream=stream, path=path, story_id=story_id)


def open_reader(url: str | Path, query_timeout_s: float | None = None) -> Reader:
    """A reader over the store at `url`, opened read-only (StoreError when there is none); with `query_timeout_s`,
    its list and search queries are aborted past that many seconds."""
    return Reader(open_store(url, readonly=True), query_timeout_s)
