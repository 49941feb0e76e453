"""The store interface: what the engine and the read side use, and all a second store (PostgreSQL) must implement.

A store persists; it decides nothing. It does not resolve names, cluster, or reconcile: the engine hands it rows
made by the stages (name keys, entities with their ids, conflicts) and the read side reads them back. Every method
that writes runs inside `transaction()`; reads that must agree with each other run inside `snapshot()`. The two
stateful indexes keep their state in the store too (`dup_state()`, `story_state()`), so that their updates commit or
roll back with the batch that made them.

`tests/store/conformance.py` is the suite every implementation must pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from storyline.cluster.state import StoryState
from storyline.dedup.state import DupState
from storyline.models import Article, ArticleFacts, EntityRecord, NameKey, RawDocument, Rejected, Relation, Story

__all__ = ["EntityFilter", "Store"]


@dataclass(frozen=True, slots=True)
class EntityFilter:
    """ "Stories about X" as the store can answer it without resolving names: stories whose articles mention one of
    `keys` (normalised name keys, see extract.entities.aliases.name_tokens) or the case-folded `surface`, or one of
    the store-wide entities `entity_ids`. The read side builds it from what a user typed."""

    keys: tuple[str, ...]
    surface: str
    entity_ids: tuple[str, ...] = ()


class Store(Protocol):
    """A storyline store. `path` names it in messages (a file path or a URL)."""

    path: str
    readonly: bool

    # -- lifecycle, transactions, snapshots ------------------------------------------------------------------------
    def close(self) -> None:
        """Release the connection."""

    def __enter__(self) -> Store:
        """The store itself, closed when the block ends."""

    def __exit__(self, *exc: object) -> None:
        """Close the store."""

    def needs_upgrade(self) -> bool:
        """Whether an older storyline made this store (opening it writable migrates it)."""

    def transaction(self) -> AbstractContextManager[None]:
        """One atomic unit of work: everything written inside commits together or not at all."""

    def snapshot(self) -> AbstractContextManager[None]:
        """One consistent read: everything read inside sees the same state while writers go on."""

    def time_limit(self, seconds: float) -> AbstractContextManager[None]:
        """Queries run inside the block are aborted once `seconds` have passed: TimeoutError (what keeps one long
        search from holding a server thread)."""

    def savepoint(self) -> AbstractContextManager[None]:
        """Inside a transaction, one document's writes: undone on their own when the block raises (the rest of the
        transaction stays), kept with the transaction otherwise. How one bad document leaves its batch whole."""

    def get_meta(self, key: str) -> str | None:
        """A value of the store's own bookkeeping (flags such as `entities_stale`), or None."""

    def set_meta(self, key: str, value: str | None) -> None:
        """Set, or with None remove, a bookkeeping value."""

    def dup_state(self) -> DupState:
        """The duplicate index's persisted state."""

    def story_state(self) -> StoryState:
        """The story index's persisted state."""

    # -- inputs and batches ----------------------------------------------------------------------------------------
    def known_hashes(self, hashes: Iterable[str], status: str | None = None) -> set[str]:
        """Which of these content hashes are stored already (as articles or as rejected inputs; with `status`
        "article" or "rejected", only as those)."""

    def save_document(self, raw: RawDocument, batch_id: int) -> None:
        """Keep an input that became an article, byte for byte (idempotent on its content hash)."""

    def save_rejected(self, rejected: Rejected, batch_id: int) -> None:
        """Keep an input that could not become an article, with its reason."""

    def rejected_documents(self) -> list[dict[str, Any]]:
        """Every rejected input: source_path, error, size, ingested_at; in arrival order."""

    def start_batch(self) -> int:
        """Record the start of an ingest batch; returns its id."""

    def finish_batch(self, batch_id: int, read: int, new: int, duplicates: int, rejected: int) -> None:
        """Record what a batch did."""

    def next_seq(self) -> int:
        """The arrival number the next article gets."""

    # -- articles --------------------------------------------------------------------------------------------------
    def save_article(self, article: Article) -> None:
        """Store a new article (and index it for full-text search)."""

    def set_published(self, article_id: str, published: str | None, how: str | None, confidence: float) -> None:
        """Change an article's publication date (one inferred from its story)."""

    def get_article(self, article_id: str) -> Article:
        """One article; NotFoundError when absent."""

    def article_story(self, article_id: str) -> str | None:
        """The story an article belongs to."""

    def article_stories(self) -> dict[str, str | None]:
        """Every article's story id."""

    def articles_by_ids(self, article_ids: list[str]) -> list[Article]:
        """The articles of these ids that exist (any order)."""

    def story_articles(
        self, story_id: str, *, limit: int | None = None, newest_first: bool = False, with_text: bool = True
    ) -> list[Article]:
        """A story's articles in arrival order (or newest first), with or without their texts."""

    def iter_articles(self, story_id: str | None = None) -> Iterator[Article]:
        """Every article, or one story's, in arrival order, one at a time."""

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Articles matching a full-text query, best first: id, title, story_id, snippet."""

    def search_stories(self, query: str, limit: int = 20) -> list[str]:
        """Ids of the stories whose articles match a full-text query, best match first."""

    # -- facts and names -------------------------------------------------------------------------------------------
    def save_facts(self, facts: ArticleFacts, names: list[NameKey]) -> None:
        """Store an article's facts and its rows of the name index; marks the store-wide entities stale."""

    def replace_names(self, article_id: str, names: list[NameKey]) -> None:
        """Replace one article's rows of the name index."""

    def facts_of(self, article_ids: list[str]) -> dict[str, ArticleFacts]:
        """Stored facts of these articles (those ingested without the facts stage are absent)."""

    def all_facts(self) -> Iterator[ArticleFacts]:
        """Every article's facts, in arrival order of the articles."""

    # -- relations -------------------------------------------------------------------------------------------------
    def save_relation(self, relation: Relation) -> None:
        """Store (or replace) a copy relation."""

    def relations_among(self, article_ids: list[str]) -> list[Relation]:
        """Copy relations touching any of these articles."""

    def count_relations(self) -> dict[str, int]:
        """How many relations of each type."""

    # -- stories ---------------------------------------------------------------------------------------------------
    def save_story(self, story: Story, updated_seq: int) -> None:
        """Store (or replace) a story's record; `updated_seq` marks it changed for caches."""

    def relabel_story(self, old: str, new: str) -> None:
        """Move every article of story `old` into `new` (the story index merged them) and drop `old`, leaving a
        redirect from `old` (and from every id that led to it) to `new`."""

    def story_redirect(self, story_id: str) -> str | None:
        """The live story a merged-away id now leads to, or None when `story_id` was never merged away."""

    def touch_stories(self, story_ids: list[str], seq: int) -> None:
        """Mark stories changed without changing their record (what their views show changed)."""

    def has_story(self, story_id: str) -> bool:
        """Whether a story of this id exists."""

    def get_story(self, story_id: str) -> Story:
        """One story with its article ids; NotFoundError when absent."""

    def story_ids(self) -> list[str]:
        """Every story id, in story list order (newest first, undated last)."""

    def list_stories(self, limit: int | None = None, offset: int = 0) -> list[Story]:
        """Stories, largest first, with their article ids."""

    def story_article_ids(self, story_ids: list[str]) -> dict[str, list[str]]:
        """Article ids of each story, in arrival order."""

    def story_rows(
        self,
        *,
        date_from: str | None = None,
        date_to: str | None = None,
        entity: EntityFilter | None = None,
        outlet: str | None = None,
        disputed: bool | None = None,
        query: str | None = None,
        ids: list[str] | None = None,
        after: tuple[str, str] | None = None,
        limit: int = 50,
        with_article_ids: bool = True,
    ) -> list[dict[str, Any]]:
        """Stories for lists in story list order, filtered, keyset-paged after (last_published or "", id)."""

    def story_titles(self, story_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Id, title, size and dates of each given story that exists."""

    def story_version(self) -> int:
        """A number that grows whenever any story changes."""

    def data_version(self) -> tuple[int, int]:
        """A pair that grows whenever ingest stores anything."""

    def story_versions(self, story_ids: list[str]) -> dict[str, int]:
        """The change number of each given story that exists."""

    def save_story_outlets(self, story_id: str, outlets: list[str]) -> None:
        """A story's outlets; marks its conflicts for recomputing."""

    def save_story_conflicts(self, story_id: str, conflicts: list[dict[str, Any]], keep: int) -> None:
        """The conflicts among a story's articles (the first `keep` and their total); clears the mark."""

    def stale_story_meta(self) -> list[str]:
        """Stories whose conflicts are marked for recomputing or were never computed."""

    def disputed_stories(
        self, after: tuple[str, str] | None, limit: int, *, inclusive: bool = False
    ) -> list[dict[str, Any]]:
        """Stories whose articles disagree, in story list order, each with its kept conflicts."""

    # -- store-wide entities ---------------------------------------------------------------------------------------
    def mention_entities(self, article_ids: list[str] | None = None) -> dict[tuple[str, int], str]:
        """The entity id of each mention by (article id, start): of these articles, or of all."""

    def entity_redirects(self) -> dict[str, str]:
        """Absorbed entity ids, each with the id that holds its mentions now."""

    def replace_entities(
        self, entities: list[EntityRecord], mentions: dict[tuple[str, int], str], redirects: dict[str, str]
    ) -> None:
        """Replace the store-wide entities, their mentions and redirects; clears `entities_stale`."""

    def list_entities(
        self, query: str | None = None, after: tuple[int, str] | None = None, limit: int | None = 50
    ) -> list[EntityRecord]:
        """Entities, most widely reported first, filtered by name or alias, keyset-paged after (articles, id);
        every one with `limit=None`."""

    def entity_records(self, entity_ids: list[str]) -> dict[str, EntityRecord]:
        """The entities of these ids that exist."""

    def get_entity(self, entity_id: str) -> EntityRecord:
        """One entity; an absorbed id resolves to its survivor; NotFoundError when unknown."""

    def entity_mentions_of(self, entity_id: str) -> list[tuple[str, int]]:
        """(article id, start) of every mention of an entity, in arrival order."""

    def entity_story_ids(self, entity_ids: list[str], limit: int | None = None) -> dict[str, list[str]]:
        """Story ids each entity is mentioned in, newest first."""

    # -- furniture evidence and counts -----------------------------------------------------------------------------
    def furniture_counts(self, group_key: str, line_keys: Iterable[str]) -> dict[str, int]:
        """In how many stored articles of a group each line was seen."""

    def add_furniture_counts(self, group_key: str, counts: dict[str, int]) -> None:
        """Add a batch's line counts to a group's evidence."""

    def stats(self) -> dict[str, int]:
        """How many articles, stories, rejected inputs and relations the store holds."""
