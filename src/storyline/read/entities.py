"""Store-wide entities, read: the full list (the CLI's `entities`), a page of the list with cursors (the API), one
entity with its articles and stories (the API), and one entity with its mentions (the entity page). Every id is the
one the story views, the article views, the UI and the CLI show; an id absorbed into another entity resolves to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from storyline.models import Entity, EntityRecord, Mention
from storyline.read.cursors import decode_cursor, encode_cursor
from storyline.read.views import by_weight, entity_view
from storyline.store import Store

__all__ = ["entities_view", "entity_detail_view", "entity_list_view", "entity_mentions_view", "with_mentions"]


def with_mentions(
    records: Iterable[EntityRecord], mentions: Iterable[Mention], entity_of: dict[tuple[str, int], str]
) -> list[Entity]:
    """Store-wide entities, each with those of `mentions` that `entity_of` ((article id, start) -> entity id)
    assigns to it, in article and position order."""
    members: dict[str, list[Mention]] = {}
    for m in mentions:
        eid = entity_of.get((m.article_id, m.start))
        if eid is not None:
            members.setdefault(eid, []).append(m)
    return [
        Entity(
            r.id, r.name, r.type, list(r.aliases), sorted(members.get(r.id, []), key=lambda m: (m.article_id, m.start))
        )
        for r in records
    ]


def _with_mentions(store: Store, records: list[EntityRecord], entity_of: dict[tuple[str, int], str]) -> list[Entity]:
    """Entities with their mentions, read from the facts of the articles that mention them."""
    wanted = {r.id for r in records}
    articles = sorted({a for (a, _), eid in entity_of.items() if eid in wanted})
    mentions = (m for facts in store.facts_of(articles).values() for m in facts.mentions)
    return with_mentions(records, mentions, entity_of)


def entities_view(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """Every store-wide entity (or the `limit` most widely reported) with its aliases, mentions, articles and
    stories."""
    with store.snapshot():
        records = store.list_entities(limit=None)
        entities = by_weight(_with_mentions(store, records, store.mention_entities()))
        story_of = store.article_stories()
    return [entity_view(e, story_of) for e in entities[:limit]]


def entity_mentions_view(store: Store, entity_id: str) -> dict[str, Any]:
    """One entity (an absorbed id resolves to its survivor) with every mention, its articles and stories: what the
    entity page shows. NotFoundError when unknown."""
    with store.snapshot():
        record = store.get_entity(entity_id)
        entity_of = {key: record.id for key in store.entity_mentions_of(record.id)}
        entity = _with_mentions(store, [record], entity_of)[0]
        story_of = {a: store.article_story(a) for a in {m.article_id for m in entity.mentions}}
    return entity_view(entity, story_of)


def entity_list_view(
    store: Store, query: str | None = None, cursor: str | None = None, limit: int = 50, stories: int = 20
) -> dict[str, Any]:
    """One page of store-wide entities, most widely reported first, with aliases and (up to `stories`) the newest
    stories they appear in."""
    after = decode_cursor(cursor, (int, str)) if cursor else None
    with store.snapshot():
        rows = store.list_entities(query, (after[0], after[1]) if after else None, limit + 1)
        page = rows[:limit]
        story_ids = store.entity_story_ids([r.id for r in page])
    items = []
    for row in page:
        ids = story_ids.get(row.id, [])
        items.append({**_public(row), "story_count": len(ids), "stories": ids[:stories]})
    last = page[-1] if page else None
    more = len(rows) > limit
    return {"items": items, "next_cursor": encode_cursor([last.articles, last.id]) if more and last else None}


def entity_detail_view(store: Store, entity_id: str) -> dict[str, Any]:
    """A store-wide entity with every article and story that mentions it (NotFoundError when unknown; an absorbed
    id resolves to the entity that took it in)."""
    with store.snapshot():
        record = store.get_entity(entity_id)
        ids = store.entity_story_ids([record.id]).get(record.id, [])
        titles = store.story_titles(ids)
        articles = list(dict.fromkeys(a for a, _ in store.entity_mentions_of(record.id)))
    return {**_public(record), "article_ids": articles, "stories": [titles[i] for i in ids if i in titles]}


def _public(record: EntityRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "name": record.name,
        "type": record.type,
        "aliases": record.aliases,
        "articles": record.articles,
    }
