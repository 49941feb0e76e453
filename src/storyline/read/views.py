"""JSON-ready views of stories and articles: the shape the CLI, the API and the web pages all share.

Field names follow the contract in DESIGN.md. Fact fields that later stages fill (entities, timeline, claims,
conflicts, quotes, summary) are always present, empty until those stages have run, so consumers can rely on them.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from storyline.cluster import StoryIndex
from storyline.extract.entities.aliases import resolve_entities
from storyline.models import Article, ArticleFacts, Claim, Conflict, Entity, Quote, Relation, Story, TimelineEvent
from storyline.store.sqlite import SqliteStore
from storyline.store.story_index_sqlite import SqliteStoryState
from storyline.story.story_facts import story_facts
from storyline.story.summary import Summary, article_labels, summarize_story
from storyline.story.timeline import merge_timeline


def article_view(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "source_path": article.source_path,
        "url": article.url,
        "title": article.title,
        "title_generated": article.title_generated,
        "published": article.published,
        "published_how": article.published_how,
        "published_confidence": round(article.published_confidence, 3),
        "outlet": article.outlet,
        "outlet_how": article.outlet_how,
        "credit": article.credit,
        "dateline": article.dateline,
        "author": article.author,
        "story_id": article.story_id,
        "format": article.format,
        "text": article.text,
        "removed": article.removed,
    }


def article_facts_view(facts: ArticleFacts | None) -> dict[str, Any]:
    """An article's own facts with their character spans in its clean text, for highlighting."""
    if facts is None:
        return {"mentions": [], "dates": [], "claims": [], "quotes": [], "facts_error": None}
    return {
        "mentions": [
            {"start": m.start, "end": m.end, "text": m.text, "type": m.type, "resolved": m.resolved, "method": m.method}
            for m in facts.mentions
        ],
        "dates": [
            {
                "start": t.start,
                "end": t.end,
                "text": t.text,
                "type": t.type,
                "value": t.value,
                "how": t.how,
                "confidence": t.confidence,
                "mod": t.mod,
            }
            for t in facts.timexes
        ],
        "claims": [claim_view(c) for c in facts.claims],
        "quotes": [quote_view(q) for q in facts.quotes],
        "facts_error": facts.error,
    }


def article_detail_view(store: SqliteStore, article_id: str) -> dict[str, Any]:
    """One article with its facts (entity mentions, dates, claims and quotes, each with its span)."""
    article = store.get_article(article_id)
    return {**article_view(article), **article_facts_view(store.facts_of([article_id]).get(article_id))}


def relation_view(rel: Relation) -> dict[str, Any]:
    return {"type": rel.type, "a": rel.a, "b": rel.b, "score": rel.score}


def story_summary_view(story: Story) -> dict[str, Any]:
    """A story without its articles' texts: for lists."""
    return {
        "id": story.id,
        "title": story.title,
        "size": len(story.article_ids),
        "article_ids": story.article_ids,
        "independent_reports": story.independent_reports,
        "first_published": story.first_published,
        "last_published": story.last_published,
    }


def story_view(store: SqliteStore, story_id: str) -> dict[str, Any]:
    """A story with its articles, copy relations and related stories."""
    story = store.get_story(story_id)
    articles = store.story_articles(story_id)
    relations = store.relations_among([a.id for a in articles])
    member_ids = {a.id for a in articles}
    view = story_summary_view(story)
    index = StoryIndex(SqliteStoryState(store.conn))
    related = [(other, score) for other, score in index.related(story_id) if store.has_story(other)]
    related_articles = [a for other, _ in related for a in store.story_articles(other, with_text=False)]
    related_facts = store.facts_of([a.id for a in related_articles])
    related_claims = [c for f in related_facts.values() for c in f.claims]
    facts = story_facts(articles, store.facts_of([a.id for a in articles]), relations, related_claims)
    everyone = articles + related_articles
    story_of = {a.id: a.story_id for a in everyone}
    thread = merge_timeline(
        [d for e in facts.timeline for d in e.sources] + [d for f in related_facts.values() for d in f.dated],
        {a.id: a.published for a in everyone},
    )
    view.update(
        {
            "articles": [article_view(a) for a in articles],
            "outlets": sorted({a.outlet for a in articles if a.outlet}),
            "relations": [relation_view(r) for r in relations if r.a in member_ids and r.b in member_ids],
            "related_stories": [
                {"id": other, "title": store.get_story(other).title, "score": round(score, 4)}
                for other, score in related
            ],
            "entities": [entity_view(e) for e in _by_weight(facts.entities)],
            "timeline": [timeline_view(e) for e in facts.timeline],
            "storyline": [
                {**timeline_view(e), "stories": sorted({story_of[a] for a in e.article_ids if story_of.get(a)})}
                for e in thread
            ],
            "claims": [claim_view(c) for c in facts.claims],
            "conflicts": [conflict_view(c) for c in facts.conflicts],
            "agreements": [conflict_view(c) for c in facts.agreements],
            "quotes": [quote_view(q) for q in facts.quotes],
            "facts_errors": facts.errors,
            "summary": summary_view(
                summarize_story(articles, facts.conflicts, names=article_labels(articles + related_articles))
            ),
        }
    )
    return view


def summary_view(summary: Summary) -> dict[str, Any]:
    return {
        "text": " ".join(s.text for s in summary.sentences),
        "sentences": [
            {"text": s.text, "article": s.article_id, "span": [s.start, s.end], "articles": s.articles}
            for s in summary.sentences
        ],
        "disagreements": summary.disagreements,
    }


def _by_weight(entities: list[Entity]) -> list[Entity]:
    """Most widely reported first: by articles, then mentions, then name."""
    return sorted(entities, key=lambda e: (-len({m.article_id for m in e.mentions}), -len(e.mentions), e.name))


def entity_view(entity: Entity, story_of: dict[str, str | None] | None = None) -> dict[str, Any]:
    articles = sorted({m.article_id for m in entity.mentions})
    view: dict[str, Any] = {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": entity.aliases,
        "articles": articles,
        "mentions": [
            {"article": m.article_id, "start": m.start, "end": m.end, "text": m.text, "method": m.method}
            for m in entity.mentions
        ],
    }
    if story_of is not None:
        view["stories"] = sorted({s for a in articles if (s := story_of.get(a))})
    return view


def timeline_view(event: TimelineEvent) -> dict[str, Any]:
    return {
        "date": event.date,
        "text": event.text,
        "articles": event.article_ids,
        "how": event.how,
        "confidence": event.confidence,
        "uncertain": event.uncertain,
        "sources": [
            {
                "article": s.article_id,
                "expression": s.timex_text,
                "how": s.how,
                "span": [s.start, s.end],
                "sentence": s.sentence,
                "sentence_span": [s.sentence_start, s.sentence_end],
            }
            for s in event.sources
        ],
    }


def claim_view(claim: Claim) -> dict[str, Any]:
    return {
        "value": claim.value,
        "value_high": claim.value_high,
        "text": claim.text,
        "qualifier": claim.qualifier,
        "unit": claim.unit,
        "quantity_of": claim.quantity_of,
        "key": claim.key,
        "attributed_to": claim.attributed_to,
        "as_of": claim.as_of,
        "as_of_how": claim.as_of_how,
        "article": claim.article_id,
        "span": [claim.start, claim.end],
        "sentence": claim.sentence,
        "sentence_span": [claim.sentence_start, claim.sentence_end],
    }


def conflict_view(conflict: Conflict) -> dict[str, Any]:
    return {
        "about": conflict.about,
        "kind": conflict.kind,
        "topic": conflict.topic,
        "sides": [
            {
                "value": side.value,
                "text": side.text,
                "articles": side.articles,
                "attributed_to": side.attributed_to,
                "as_of": side.as_of,
                "sentences": side.sentences,
            }
            for side in conflict.sides
        ],
    }


def quote_view(quote: Quote) -> dict[str, Any]:
    return {
        "speaker": quote.speaker,
        "via": quote.via,
        "text": quote.text,
        "kind": quote.kind,
        "article": quote.article_id,
        "link": quote.link,
        "span": [quote.start, quote.end],
        "sentence_span": [quote.sentence_start, quote.sentence_end],
    }


def entities_view(store: SqliteStore, limit: int | None = None) -> list[dict[str, Any]]:
    """Canonical entities over the whole store, merged across articles, with the stories they appear in."""
    story_of = store.article_stories()
    entities = _by_weight(resolve_entities([m for f in store.all_facts() for m in f.mentions]))
    return [entity_view(e, story_of) for e in entities[:limit]]


@dataclass(frozen=True, slots=True)
class ResolvedEntities:
    """`entities_view` of a store at one `data_version`, indexed by id and by mention (article, start)."""

    version: tuple[int, int]
    entities: list[dict[str, Any]]
    by_id: dict[str, dict[str, Any]]
    by_mention: dict[tuple[str, int], str]


class EntitiesCache:
    """Store-wide entities per store, resolved again only when the store's data changed. Resolving every mention of
    all of Reuters takes about 7 s; an entity page after that is a lookup. One entry per store path; one thread
    resolves while the others wait for its result."""

    def __init__(self) -> None:
        self._kept: dict[str, ResolvedEntities] = {}
        self._lock = threading.Lock()
        self._resolving = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def peek(self, store: SqliteStore) -> ResolvedEntities | None:
        """The kept entities when they are current, else None (nothing is resolved)."""
        with self._lock:
            kept = self._kept.get(store.path)
        return kept if kept is not None and kept.version == store.data_version() else None

    def get(self, store: SqliteStore) -> ResolvedEntities:
        kept = self.peek(store)
        if kept is not None:
            return kept
        with self._resolving:
            with _snapshot(store):
                version = store.data_version()
                with self._lock:
                    kept = self._kept.get(store.path)
                if kept is not None and kept.version == version:
                    return kept
                entities = entities_view(store)
            by_mention = {(m["article"], m["start"]): e["id"] for e in entities for m in e["mentions"]}
            kept = ResolvedEntities(version, entities, {e["id"]: e for e in entities}, by_mention)
            with self._lock:
                self._kept[store.path] = kept
            return kept


ENTITIES = EntitiesCache()


def stories_view(store: SqliteStore, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Stories, largest first, without their articles' texts."""
    return [story_summary_view(s) for s in store.list_stories(limit=limit, offset=offset)]


# -- paged lists (the versioned API): keyset cursors over a total order, so pages stay put while stories arrive ----


class CursorError(ValueError):
    """A cursor that is not one of ours: edited, truncated, or from another list."""


def encode_cursor(position: list[Any]) -> str:
    """An opaque cursor for a position in a list order (URL-safe base64 of its JSON)."""
    raw = json.dumps(position, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kinds: tuple[type, ...]) -> list[Any]:
    """The position a cursor encodes, checked against the types its list expects (CursorError otherwise)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        position = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise CursorError(f"invalid cursor {cursor!r}: pass the next_cursor of a previous page unchanged") from exc
    if not isinstance(position, list) or len(position) != len(kinds):
        raise CursorError(f"invalid cursor {cursor!r}: it is not a cursor of this list")
    for value, kind in zip(position, kinds, strict=True):
        if not isinstance(value, kind) or isinstance(value, bool):
            raise CursorError(f"invalid cursor {cursor!r}: it is not a cursor of this list")
    return position


def story_list_view(
    store: SqliteStore,
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
    Filters as `SqliteStore.story_rows`; `next_cursor` is None on the last page."""
    position = decode_cursor(cursor, (str, str)) if cursor else None
    rows = store.story_rows(
        date_from=date_from,
        date_to=date_to,
        entity=entity,
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


def conflicts_list_view(store: SqliteStore, cursor: str | None = None, limit: int = 50) -> dict[str, Any]:
    """One page of the conflicts among the articles of each story, across stories in story list order: those the
    engine keeps per story (the first 100; `story.conflicts` says how many there are, the story view has them all;
    see engines.local.own_conflicts)."""
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


def entity_list_view(
    store: SqliteStore, query: str | None = None, cursor: str | None = None, limit: int = 50, stories: int = 20
) -> dict[str, Any]:
    """One page of store-wide entities, most widely reported first, with aliases and (up to `stories`) the newest
    stories they appear in."""
    after = decode_cursor(cursor, (int, str)) if cursor else None
    rows = store.list_entities(query, (after[0], after[1]) if after else None, limit + 1)
    page = rows[:limit]
    story_ids = store.entity_story_ids([r["key"] for r in page])
    items = []
    for row in page:
        ids = story_ids.get(row["key"], [])
        items.append({**_public_entity(row), "story_count": len(ids), "stories": ids[:stories]})
    last = page[-1] if page else None
    more = len(rows) > limit
    return {"items": items, "next_cursor": encode_cursor([last["articles"], last["key"]]) if more and last else None}


def entity_detail_view(store: SqliteStore, entity_id: str) -> dict[str, Any]:
    """A store-wide entity with every article and story that mentions it (NotFoundError when unknown)."""
    row = store.get_entity(entity_id)
    ids = store.entity_story_ids([row["key"]]).get(row["key"], [])
    titles = store.story_titles(ids)
    return {
        **_public_entity(row),
        "article_ids": store.entity_article_ids(row["key"]),
        "stories": [titles[i] for i in ids if i in titles],
    }


def _public_entity(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("id", "name", "type", "aliases", "articles")}


def search_view(store: SqliteStore, query: str, limit: int = 20) -> dict[str, Any]:
    """Articles matching a full-text query (with a snippet) and the stories they belong to, best match first."""
    story_ids = store.search_stories(query, limit)
    titles = store.story_titles(story_ids)
    return {
        "query": query,
        "articles": store.search(query, limit),
        "stories": [titles[i] for i in story_ids if i in titles],
    }


def own_timeline_view(store: SqliteStore, story_id: str) -> list[dict[str, Any]]:
    """A story's own timeline without computing its whole view: what `story_view` lists under "timeline"."""
    articles = store.story_articles(story_id, with_text=False)
    facts = store.facts_of([a.id for a in articles])
    dated = [d for a in articles if a.id in facts for d in facts[a.id].dated]
    return [timeline_view(e) for e in merge_timeline(dated, {a.id: a.published for a in articles})]


def story_timeline_view(store: SqliteStore, story_id: str) -> dict[str, Any]:
    """A story's own timeline and its storyline (the wider thread across related stories)."""
    view = cached_story_view(store, story_id)
    return {k: view[k] for k in ("id", "title", "timeline", "storyline")}


# -- the story view cache ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Payload:
    """Bytes to send, with their gzip-compressed form made once, on first request for it (level 1): the largest
    Reuters story view is 5 MB of JSON and a fraction of that compressed. Racing threads compute the same bytes."""

    body: bytes
    gzipped: bytes | None = None

    def gzip(self) -> bytes:
        if self.gzipped is None:
            self.gzipped = gzip.compress(self.body, compresslevel=1, mtime=0)
        return self.gzipped


@dataclass(slots=True)
class _Cached:
    version: int  # the store's story version when last known valid
    signature: tuple[tuple[str, int], ...]  # (story id, updated_seq) of the story and its related stories
    view: dict[str, Any]
    json: Payload  # the view serialised: what the API sends, and the entry's weight in the cache budget
    # Pages rendered from this view (the HTML story page), by name: dropped with the entry when the story changes.
    pages: dict[str, Payload] = field(default_factory=dict)


class StoryViewCache:
    """Story views computed once and reused until the story or one of its related stories changes.

    A story view reads the story, its related stories and all their facts: tens of milliseconds for an ordinary
    story, seconds for the largest. Validity is checked in two steps: while no story of the store changed (one
    indexed MAX query) an entry is used as is; after any change, the entry's signature (the `updated_seq` of the
    story and of its related stories, which the engine bumps whenever a story's articles, dates or facts change) is
    compared, and only a differing story is recomputed. In-process and per store path; thread-safe; least recently
    used entries go first once the serialised views and pages exceed `max_bytes` (the dicts take a few times more).
    Pages rendered from a view (`page`) live and die with its entry."""

    def __init__(self, max_entries: int = 2048, max_bytes: int = 256_000_000) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[str, str], _Cached] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def peek(self, store: SqliteStore, story_id: str) -> _Cached | None:
        """The entry when it is known valid for one indexed query (no story of the store changed since), else None:
        the check that can run on an event loop, leaving recomputation to `entry` in a worker thread."""
        with self._lock:
            entry = self._entries.get((store.path, story_id))
        if entry is not None and entry.version == store.story_version():
            return entry
        return None

    def entry(self, store: SqliteStore, story_id: str) -> _Cached:
        key = (store.path, story_id)
        with _snapshot(store):
            version = store.story_version()
            with self._lock:
                entry = self._entries.get(key)
                if entry is not None:
                    self._entries.move_to_end(key)
            if entry is not None and entry.version == version:
                return entry
            # Signature first, then the view: should the story change in between, the entry is stale-marked, never
            # stale-trusted. (Inside one read snapshot they agree anyway.)
            signature = _signature(store, story_id)
            if entry is not None and entry.signature == signature:
                entry.version = version
                return entry
            view = story_view(store, story_id)
        fresh = _Cached(
            version, signature, view, Payload(json.dumps(view, ensure_ascii=False, separators=(",", ":")).encode())
        )
        with self._lock:
            old = self._entries.pop(key, None)
            self._bytes -= _weight(old) if old else 0
            self._entries[key] = fresh
            self._bytes += _weight(fresh)
            while len(self._entries) > 1 and (len(self._entries) > self.max_entries or self._bytes > self.max_bytes):
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= _weight(dropped)
        return fresh

    def page(self, store: SqliteStore, story_id: str, name: str, render: Callable[[dict[str, Any]], bytes]) -> Payload:
        """The page `name` rendered from the story's current view by `render`, made once per version of the view."""
        entry = self.entry(store, story_id)
        made = entry.pages.get(name)
        if made is not None:
            return made
        made = Payload(render(entry.view))
        with self._lock:
            if name not in entry.pages:
                entry.pages[name] = made
                if self._entries.get((store.path, story_id)) is entry:
                    self._bytes += len(made.body)
        return entry.pages[name]

    def peek_page(self, store: SqliteStore, story_id: str, name: str) -> Payload | None:
        """The page when `peek` finds the entry valid and it was rendered already, else None."""
        entry = self.peek(store, story_id)
        return entry.pages.get(name) if entry is not None else None


def _weight(entry: _Cached) -> int:
    return len(entry.json.body) + sum(len(p.body) for p in entry.pages.values())


STORY_VIEWS = StoryViewCache()


def cached_story_view(store: SqliteStore, story_id: str) -> dict[str, Any]:
    """`story_view`, from the process-wide cache. The dict is shared between callers: read it, never change it."""
    return STORY_VIEWS.entry(store, story_id).view


def _signature(store: SqliteStore, story_id: str) -> tuple[tuple[str, int], ...]:
    """(id, updated_seq) of a story and its related stories; NotFoundError when the story does not exist."""
    store.get_story(story_id)
    index = StoryIndex(SqliteStoryState(store.conn, create=False))
    related = [other for other, _ in index.related(story_id)]
    return tuple(sorted(store.story_versions([story_id, *related]).items()))


@contextmanager
def _snapshot(store: SqliteStore) -> Iterator[None]:
    """One read transaction, so every query of a view sees the same state of the store (WAL: ingest goes on)."""
    if store.conn.in_transaction:
        yield
        return
    store.conn.execute("BEGIN")
    try:
        yield
    finally:
        store.conn.execute("ROLLBACK")
