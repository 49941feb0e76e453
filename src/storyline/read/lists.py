"""Paged lists and search, read: the story list (filters and a stable cursor), the conflicts across stories, and
full-text search. Keyset cursors over a total order, so a page boundary stays put while stories arrive."""

from __future__ import annotations

from typing import Any

from storyline.errors import NotFoundError
from storyline.extract.entities.aliases import filter_keys
from storyline.read.cursors import decode_cursor, encode_cursor
from storyline.read.views import story_summary_view
from storyline.store import EntityFilter, Store

__all__ = ["conflicts_list_view", "entity_filter", "search_view", "stories_view", "story_list_view"]


def stories_view(store: Store, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Stories, largest first, without their articles' texts."""
    return [story_summary_view(s) for s in store.list_stories(limit=limit, offset=offset)]


def entity_filter(store: Store, entity: str) -> EntityFilter:
    """ "Stories about `entity`" as the store answers it: a name or alias (any case, with or without titles, as its
    normalised name keys or as written), or a store-wide entity id (an absorbed one too)."""
    try:
        ids: tuple[str, ...] = (store.get_entity(entity.strip()).id,)
    except NotFoundError:  # not an entity id: a name
        ids = ()
    return EntityFilter(filter_keys(entity), " ".join(entity.split()).casefold(), ids)


def story_list_view(
    store: Store,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    entity: str | None = None,
    outlet: str | None = None,
    disputed: bool | None = None,
    query: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> dict[str, Any]:
    """One page of stories, newest first (undated last): the summary view with outlets and the disputed flag.
    Filters as `Store.story_rows` (`entity` a name, an alias or an entity id); `next_cursor` is None on the last
    page."""
    position = decode_cursor(cursor, (str, str)) if cursor else None
    rows = store.story_rows(
        date_from=date_from,
        date_to=date_to,
        entity=entity_filter(store, entity) if entity else None,
        outlet=outlet,
        disputed=disputed,
        query=query,
        after=(position[0], position[1]) if position else None,
        limit=limit + 1,
    )
    page = rows[:limit]
    items = [{k: v for k, v in r.items() if k != "updated_seq"} for r in page]
    more = len(rows) > limit
    last = page[-1] if page else None
    return {
        "items": items,
        "next_cursor": encode_cursor([last["last_published"] or "", last["id"]]) if more and last else None,
    }


def conflicts_list_view(store: Store, cursor: str | None = None, limit: int = 50) -> dict[str, Any]:
    """One page of the conflicts among the articles of each story, across stories in story list order: those the
    engine keeps per story (the first 100; `story.conflicts` says how many there are, the story view has them all;
    see engines.local.refresh_story_meta)."""
    position = decode_cursor(cursor, (str, str, int)) if cursor else None
    after, inclusive = ((position[0], position[1]), True) if position else (None, False)
    items: list[dict[str, Any]] = []
    keys: list[list[Any]] = []
    while True:
        stories = store.disputed_stories(after, limit + 1, inclusive=inclusive)
        for story in stories:
            for n, conflict in enumerate(story["conflicts"]):
                if position and story["id"] == position[1] and n <= position[2]:
                    continue  # shown on the previous page
                if len(items) == limit:
                    return {"items": items, "next_cursor": encode_cursor(keys[-1])}
                about = {"id": story["id"], "title": story["title"], "conflicts": story["total"]}
                items.append({"story": about, "index": n, **conflict})
                keys.append([story["last_published"] or "", story["id"], n])
        if len(stories) <= limit:
            return {"items": items, "next_cursor": None}
        # Every conflict of these stories fitted: go on strictly after the last of them.
        after, inclusive = (stories[-1]["last_published"] or "", stories[-1]["id"]), False


def search_view(store: Store, query: str, limit: int = 20) -> dict[str, Any]:
    """Articles matching a full-text query (with a snippet) and the stories they belong to, best match first."""
    story_ids = store.search_stories(query, limit)
    titles = store.story_titles(story_ids)
    return {
        "query": query,
        "articles": store.search(query, limit),
        "stories": [titles[i] for i in story_ids if i in titles],
    }
