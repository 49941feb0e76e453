"""The SQLite store: every input, article, relation and story, with full-text search.

WAL mode so readers (the web UI) never block the writer; one transaction per ingest batch, so a failure leaves the
store exactly as it was before the batch.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storyline.errors import NotFoundError, StoreError
from storyline.models import Article, ArticleFacts, EntityRecord, NameKey, RawDocument, Rejected, Relation, Story
from storyline.store.base import EntityFilter
from storyline.store.codec import decode_facts, encode_facts
from storyline.store.dup_index_sqlite import SqliteDupState
from storyline.store.schema import MIGRATIONS, SCHEMA_VERSION
from storyline.store.story_index_sqlite import SqliteStoryState

# How long a writer waits for another process's writer before giving up (each try waits the busy timeout).
_WRITE_WAIT_S = 300.0
_ARTICLE_COLUMNS = (
    "id, seq, content_hash, source_path, url, format, title, title_generated, published, published_how, "
    "published_confidence, outlet, outlet_how, credit, dateline, author, text, removed, story_id"
)


# The story list order: newest first by last publication date, undated stories last, then by id (a total order, so
# keyset pagination never skips or repeats a row). Matches the `stories_recent` index.
_RECENT = "COALESCE(s.last_published, '')"
_STORY_ROW_COLUMNS = (
    "s.id, s.title, s.size, s.independent_reports, s.first_published, s.last_published, s.updated_seq, "
    "m.outlets, m.disputed"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _after_recent(after: tuple[str, str] | None) -> tuple[str, list[Any]]:
    """The keyset condition "comes after (last_published, id)" in the story list order."""
    if after is None:
        return "", []
    return f"({_RECENT} < ? OR ({_RECENT} = ? AND s.id > ?))", [after[0], after[0], after[1]]


def _like(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with LIKE's own wildcards taken literally (ESCAPE '\\')."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class SqliteStore:
    """A storyline store in one SQLite file (or `:memory:`)."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        self.readonly = readonly
        self._savepoints = 0
        # How often (in SQLite virtual-machine steps) a time_limit checks its clock: rarely enough to cost nothing.
        self.progress_steps = 10_000
        try:
            if readonly:
                if self.path != ":memory:" and not Path(self.path).exists():
                    raise StoreError(f"no store at {self.path}: run `storyline ingest` first, or pass --db")
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            else:
                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA busy_timeout = 10000")
            # The index lookups of ingest touch many small rows; a 64 MB page cache keeps them off the disk.
            self.conn.execute("PRAGMA cache_size = -65536")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self._migrate()
            else:
                self._check_version()
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc

    # -- lifecycle -------------------------------------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _version(self) -> int:
        exists = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        if not exists:
            return 0
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else 0

    def needs_upgrade(self) -> bool:
        """Whether an older storyline made this store (opening it writable migrates it)."""
        return self._version() < SCHEMA_VERSION

    def _check_version(self) -> None:
        version = self._version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"store {self.path} has schema version {version}, newer than this storyline ({SCHEMA_VERSION}): "
                "upgrade storyline"
            )

    def _migrate(self) -> None:
        self._check_version()
        version = self._version()
        if version == SCHEMA_VERSION:
            return
        with self.transaction():
            for step in MIGRATIONS[version:]:
                step(self.conn)
            self.conn.execute(
                "INSERT INTO meta(key, value) VALUES('schema_version', ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (str(SCHEMA_VERSION),),
            )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit of work: everything inside commits together or not at all (BEGIN IMMEDIATE: the one
        writer; readers go on, WAL)."""
        self._begin_write()
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def _begin_write(self) -> None:
        """BEGIN IMMEDIATE, waiting for another process's writer for up to _WRITE_WAIT_S: writers queue (each try
        waits the busy timeout), and only a store held longer than that is an error."""
        deadline = time.monotonic() + _WRITE_WAIT_S
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise StoreError(f"cannot write store {self.path}: {exc}") from exc

    @contextmanager
    def time_limit(self, seconds: float) -> Iterator[None]:
        """Abort the queries run inside the block once `seconds` have passed (SQLite's progress handler, called
        every `progress_steps` virtual-machine steps): TimeoutError when one was aborted, also when the caller
        swallowed the interrupt (the full-text fallback of the search catches OperationalError)."""
        deadline = time.monotonic() + seconds
        fired = False

        def past_deadline() -> int:
            nonlocal fired
            fired = fired or time.monotonic() > deadline
            return int(fired)

        self.conn.set_progress_handler(past_deadline, self.progress_steps)
        try:
            yield
        except sqlite3.OperationalError as exc:
            if fired:
                raise TimeoutError(f"query aborted after {seconds:g} s") from exc
            raise
        finally:
            self.conn.set_progress_handler(None, 0)
        if fired:
            raise TimeoutError(f"query aborted after {seconds:g} s")

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """One document's writes inside the batch's transaction, undone alone when the block raises."""
        if not self.conn.in_transaction:
            raise StoreError("savepoint() is only for use inside transaction()")
        self._savepoints += 1
        name = f"doc{self._savepoints}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.conn.execute(f"ROLLBACK TO {name}")
            self.conn.execute(f"RELEASE {name}")
            raise
        else:
            self.conn.execute(f"RELEASE {name}")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: every read inside sees the same state of the store while ingest goes on (WAL).
        Inside a transaction already (the engine reading what it wrote), it simply runs there."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("ROLLBACK")

    def dup_state(self) -> SqliteDupState:
        """The duplicate index's persisted state, inside this store (and its transactions)."""
        return SqliteDupState(self.conn)

    def story_state(self) -> SqliteStoryState:
        """The story index's persisted state, inside this store (and its transactions). Read-only stores get a
        state that creates nothing."""
        return SqliteStoryState(self.conn, create=not self.readonly)

    def get_meta(self, key: str) -> str | None:
        """A value kept in the store's meta table (flags such as `entities_stale`), or None."""
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str | None) -> None:
        """Set (or with None, remove) a meta value."""
        if value is None:
            self.conn.execute("DELETE FROM meta WHERE key=?", (key,))
        else:
            self.conn.execute(
                "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, value),
            )

    # -- documents -------------------------------------------------------------------------------------------------
    def known_hashes(self, hashes: Iterable[str], status: str | None = None) -> set[str]:
        found: set[str] = set()
        batch = list(hashes)
        only = " AND status=?" if status else ""
        for i in range(0, len(batch), 500):
            chunk = batch[i : i + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT content_hash FROM documents WHERE content_hash IN ({marks}){only}"
            found.update(r[0] for r in self.conn.execute(sql, [*chunk, status] if status else chunk))
        return found

    def save_document(self, raw: RawDocument, batch_id: int) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO documents(content_hash, source_path, format, size, content, status, batch_id, "
            "ingested_at) VALUES (?,?,?,?,?,'article',?,?)",
            (raw.content_hash, raw.source_path, raw.format, len(raw.content), raw.content, batch_id, _now()),
        )

    def save_rejected(self, rejected: Rejected, batch_id: int) -> None:
        """Keep a rejected input with its error. Inputs with no content hash (unreadable) are keyed by path."""
        key = rejected.content_hash or f"unreadable:{rejected.source_path}"
        content = rejected.content
        self.conn.execute(
            "INSERT INTO documents(content_hash, source_path, format, size, content, status, error, failed_stage, "
            "batch_id, ingested_at) VALUES (?,?,NULL,?,?,'rejected',?,?,?,?) ON CONFLICT(content_hash) DO UPDATE SET "
            "error=excluded.error, failed_stage=excluded.failed_stage, batch_id=excluded.batch_id, "
            "ingested_at=excluded.ingested_at WHERE documents.status='rejected'",
            (
                key, rejected.source_path, len(content) if content else None, content, rejected.reason,
                rejected.stage, batch_id, _now(),
            ),
        )  # fmt: skip

    def rejected_documents(self) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT source_path, error, failed_stage AS stage, size, ingested_at FROM documents "
            "WHERE status='rejected' ORDER BY rowid"
        )
        return [dict(r) for r in rows]

    # -- batches ---------------------------------------------------------------------------------------------------
    def start_batch(self) -> int:
        cur = self.conn.execute("INSERT INTO batches(started_at) VALUES (?)", (_now(),))
        return int(cur.lastrowid or 0)

    def finish_batch(self, batch_id: int, read: int, new: int, duplicates: int, rejected: int) -> None:
        self.conn.execute(
            "UPDATE batches SET finished_at=?, read=?, new=?, duplicates=?, rejected=? WHERE id=?",
            (_now(), read, new, duplicates, rejected, batch_id),
        )

    def next_seq(self) -> int:
        row = self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()
        return int(row[0]) + 1

    # -- articles --------------------------------------------------------------------------------------------------
    def save_article(self, a: Article) -> None:
        self.conn.execute(
            f"INSERT INTO articles({_ARTICLE_COLUMNS}) VALUES ({','.join('?' * 19)})",
            (
                a.id, a.seq, a.content_hash, a.source_path, a.url, a.format, a.title, int(a.title_generated),
                a.published, a.published_how, a.published_confidence, a.outlet, a.outlet_how, a.credit, a.dateline,
                a.author, a.text, json.dumps(a.removed, ensure_ascii=False), a.story_id,
            ),
        )  # fmt: skip
        self.conn.execute("INSERT INTO articles_fts(rowid, title, text) VALUES (?,?,?)", (a.seq, a.title, a.text))

    def relabel_story(self, old: str, new: str) -> None:
        # The absorbed id, and every id that already led to it, now lead to the survivor (see story_redirect).
        self.conn.execute("UPDATE story_redirects SET new_id=? WHERE new_id=?", (new, old))
        self.conn.execute("INSERT OR REPLACE INTO story_redirects(old_id, new_id) VALUES (?,?)", (old, new))
        self.conn.execute("DELETE FROM story_redirects WHERE old_id=?", (new,))
        self.conn.execute("UPDATE articles SET story_id=? WHERE story_id=?", (new, old))
        self.conn.execute("DELETE FROM stories WHERE id=?", (old,))
        self.conn.execute("DELETE FROM story_meta WHERE story_id=?", (old,))

    def set_published(self, article_id: str, published: str | None, how: str | None, confidence: float) -> None:
        self.conn.execute(
            "UPDATE articles SET published=?, published_how=?, published_confidence=? WHERE id=?",
            (published, how, confidence, article_id),
        )

    def get_article(self, article_id: str) -> Article:
        row = self.conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id=?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article {article_id!r} in {self.path}: `storyline stories` lists what is there")
        return _article(row)

    def story_redirect(self, story_id: str) -> str | None:
        """The story a merged-away story id now lives in, or None when the id was never merged."""
        row = self.conn.execute("SELECT new_id FROM story_redirects WHERE old_id=?", (story_id,)).fetchone()
        return row[0] if row else None

    def article_story(self, article_id: str) -> str | None:
        row = self.conn.execute("SELECT story_id FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def story_articles(
        self, story_id: str, *, limit: int | None = None, newest_first: bool = False, with_text: bool = True
    ) -> list[Article]:
        """A story's articles in arrival order. Without text (and removed furniture) for bookkeeping over large
        stories, where loading every text on every update would make ingest slower as stories grow."""
        order = "DESC" if newest_first else "ASC"
        columns = (
            _ARTICLE_COLUMNS if with_text else _ARTICLE_COLUMNS.replace("text, removed", "'' AS text, '[]' AS removed")
        )
        sql = f"SELECT {columns} FROM articles WHERE story_id=? ORDER BY seq {order}"
        params: tuple[Any, ...] = (story_id,)
        if limit is not None:
            sql += " LIMIT ?"
            params = (story_id, limit)
        return [_article(r) for r in self.conn.execute(sql, params)]

    def article_stories(self) -> dict[str, str | None]:
        """Every article's story id."""
        return {r[0]: r[1] for r in self.conn.execute("SELECT id, story_id FROM articles")}

    def articles_by_ids(self, article_ids: list[str]) -> list[Article]:
        marks = ",".join("?" * len(article_ids))
        rows = self.conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks})", article_ids)
        return [_article(r) for r in rows]

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over titles and texts (FTS5 syntax; bare words are ANDed)."""
        rows = self._fts(
            "SELECT a.id, a.title, a.story_id, snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet "
            "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            query,
            [limit],
        )
        return [dict(r) for r in rows]

    def search_stories(self, query: str, limit: int = 20) -> list[str]:
        """Ids of the stories whose articles match a full-text query, best-matching article first."""
        out: list[str] = []
        # Ranked article hits, read until `limit` distinct stories are found; a story with many matching articles
        # is listed once, at its best hit.
        rows = self._fts(
            "SELECT a.story_id FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank",
            query,
            [],
            lazy=True,
        )
        seen: set[str] = set()
        for (story_id,) in rows:
            if story_id and story_id not in seen:
                seen.add(story_id)
                out.append(story_id)
                if len(out) >= limit:
                    break
        return out

    def _fts(self, sql: str, query: str, params: list[Any], lazy: bool = False) -> Iterable[sqlite3.Row]:
        """Run an FTS query; when the query is not valid FTS syntax (a stray quote, say), run its words as plain
        phrases instead. An empty list when no word is left."""
        try:
            cursor = self.conn.execute(sql, [query, *params])
            if lazy:
                # The syntax error surfaces on the first step: fetch it here so the fallback can catch it.
                first = cursor.fetchone()
                return [] if first is None else _chain_first(first, cursor)
            return cursor.fetchall()
        except sqlite3.OperationalError:
            quoted = _as_phrases(query)
            if not quoted or quoted == query:
                return []
            return self._fts(sql, quoted, params, lazy)

    # -- facts -----------------------------------------------------------------------------------------------------
    def save_facts(self, facts: ArticleFacts, names: list[NameKey]) -> None:
        """Store an article's facts and replace its rows in the name index (`names`, made by the engine: the store
        keeps names, it does not resolve them). Marks the store-wide entities for resolving again."""
        self.conn.execute(
            "INSERT INTO article_facts(article_id, data) VALUES (?,?) ON CONFLICT(article_id) DO UPDATE SET "
            "data=excluded.data",
            (facts.article_id, encode_facts(facts)),
        )
        self.replace_names(facts.article_id, names)
        self.set_meta("entities_stale", "1")

    def replace_names(self, article_id: str, names: list[NameKey]) -> None:
        """Replace one article's rows in the name index."""
        self.conn.execute("DELETE FROM entity_index WHERE article_id = ?", (article_id,))
        self.conn.executemany(
            "INSERT OR REPLACE INTO entity_index VALUES (?,?,?,?,?,?,?)",
            [(n.article_id, n.key, n.surface, n.surface_key, n.name, n.type, n.mentions) for n in names],
        )

    def facts_of(self, article_ids: list[str]) -> dict[str, ArticleFacts]:
        """Stored facts of the given articles (articles ingested without the facts stage are absent)."""
        out: dict[str, ArticleFacts] = {}
        for chunk in range(0, len(article_ids), 500):
            part = article_ids[chunk : chunk + 500]
            marks = ",".join("?" * len(part))
            for row in self.conn.execute(
                f"SELECT article_id, data FROM article_facts WHERE article_id IN ({marks})", part
            ):
                out[row[0]] = decode_facts(row[0], row[1])
        return out

    def all_facts(self) -> Iterator[ArticleFacts]:
        """Every article's facts, in arrival order of the articles."""
        rows = self.conn.execute(
            "SELECT f.article_id, f.data FROM article_facts f JOIN articles a ON a.id = f.article_id ORDER BY a.seq"
        )
        for row in rows:
            yield decode_facts(row[0], row[1])

    # -- relations -------------------------------------------------------------------------------------------------
    def save_relation(self, rel: Relation) -> None:
        self.conn.execute(
            "INSERT INTO relations(a, b, type, score) VALUES (?,?,?,?) ON CONFLICT(a, b) DO UPDATE SET "
            "type=excluded.type, score=excluded.score",
            (rel.a, rel.b, rel.type, rel.score),
        )

    def relations_among(self, article_ids: list[str]) -> list[Relation]:
        if not article_ids:
            return []
        marks = ",".join("?" * len(article_ids))
        rows = self.conn.execute(
            f"SELECT a, b, type, score FROM relations WHERE a IN ({marks}) OR b IN ({marks}) ORDER BY a, b",
            article_ids + article_ids,
        )
        return [Relation(type=r["type"], a=r["a"], b=r["b"], score=r["score"]) for r in rows]

    def count_relations(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self.conn.execute("SELECT type, COUNT(*) FROM relations GROUP BY type")}

    # -- stories ---------------------------------------------------------------------------------------------------
    def save_story(self, story: Story, updated_seq: int) -> None:
        self.conn.execute(
            "INSERT INTO stories(id, title, size, independent_reports, first_published, last_published, updated_seq) "
            "VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET title=excluded.title, size=excluded.size, "
            "independent_reports=excluded.independent_reports, first_published=excluded.first_published, "
            "last_published=excluded.last_published, updated_seq=excluded.updated_seq",
            (
                story.id, story.title, len(story.article_ids), story.independent_reports, story.first_published,
                story.last_published, updated_seq,
            ),
        )  # fmt: skip

    def has_story(self, story_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM stories WHERE id=?", (story_id,)).fetchone() is not None

    def get_story(self, story_id: str) -> Story:
        row = self.conn.execute("SELECT * FROM stories WHERE id=?", (story_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no story {story_id!r} in {self.path}: `storyline stories` lists what is there")
        return self._story(row)

    def list_stories(self, limit: int | None = None, offset: int = 0) -> list[Story]:
        sql = "SELECT * FROM stories ORDER BY size DESC, last_published DESC, id"
        params: tuple[Any, ...] = ()
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = (limit, offset)
        rows = self.conn.execute(sql, params).fetchall()
        # Members of all listed stories in one query, not one per story.
        members = self.story_article_ids([r["id"] for r in rows])
        return [self._story(r, members.get(r["id"], [])) for r in rows]

    def story_article_ids(self, story_ids: list[str]) -> dict[str, list[str]]:
        """Article ids of each story, in arrival order. From the covering index `articles_story_ids`, joined in
        SQLite and as plain tuples: a list of the 200 largest Reuters stories names 6,000 articles, and building a
        Row per article took three times as long as the query (9 ms against 2.5)."""
        out: dict[str, list[str]] = {}
        cursor = self.conn.cursor()
        cursor.row_factory = None
        for i in range(0, len(story_ids), 500):
            chunk = story_ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = cursor.execute(
                "SELECT story_id, group_concat(id, char(31)) FROM (SELECT story_id, id FROM articles "
                f"WHERE story_id IN ({marks}) ORDER BY story_id, seq) GROUP BY story_id",
                chunk,
            )
            out.update((sid, joined.split("\x1f")) for sid, joined in rows)
        return out

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
        """Stories for lists, newest first (undated last), with their outlets and disputed flag, filtered:

        `date_from`/`date_to` keep stories whose dated span overlaps the range; `entity` stories whose articles
        mention one of the filter's name keys or its surface form, or one of its store entities; `outlet` one of
        its outlets (case-insensitive); `disputed` whether sources disagree among its articles (stories whose
        conflicts were not computed yet count as not disputed); `query` a full-text query over its articles' titles
        and texts; `ids` only these stories. `after` is the (last_published or "", id) of the previous page's last
        row. Without `with_article_ids`, rows carry no `article_ids` (for the largest stories, loading them is most
        of the cost).
        """
        where: list[str] = []
        params: list[Any] = []
        if date_from:
            where.append("s.last_published >= ?")
            params.append(date_from)
        if date_to:
            # A story's first date may be a bare day; comparing with the day's own string keeps that day in.
            where.append("s.first_published <= ?")
            params.append(date_to)
        if entity is not None:
            keys, ids_ = list(entity.keys), list(entity.entity_ids)
            where.append(
                "(s.id IN (SELECT a.story_id FROM entity_index e JOIN articles a ON a.id = e.article_id "
                f"WHERE e.key IN ({','.join('?' * len(keys))}) OR e.surface_key = ?) OR s.id IN (SELECT a.story_id "
                f"FROM entity_mentions m JOIN articles a ON a.id = m.article_id WHERE m.entity_id IN "
                f"({','.join('?' * len(ids_))})))"
            )
            params += [*keys, entity.surface, *ids_]
        if outlet:
            where.append("EXISTS (SELECT 1 FROM json_each(m.outlets) WHERE lower(json_each.value) = lower(?))")
            params.append(outlet)
        if disputed is not None:
            where.append("COALESCE(m.disputed, 0) = ?")
            params.append(int(disputed))
        if query:
            matching = self._fts_story_ids(query)
            if not matching:
                return []
            where.append("s.id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(sorted(matching)))
        if ids is not None:
            where.append("s.id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(ids))
        keyset, keyset_params = _after_recent(after)
        if keyset:
            where.append(keyset)
            params += keyset_params
        sql = (
            f"SELECT {_STORY_ROW_COLUMNS} FROM stories s LEFT JOIN story_meta m ON m.story_id = s.id "
            + (f"WHERE {' AND '.join(where)} " if where else "")
            + f"ORDER BY {_RECENT} DESC, s.id LIMIT ?"
        )
        rows = self.conn.execute(sql, [*params, limit]).fetchall()
        if not with_article_ids:
            return [_story_row(r, None) for r in rows]
        members = self.story_article_ids([r["id"] for r in rows])
        return [_story_row(r, members.get(r["id"], [])) for r in rows]

    def _fts_story_ids(self, query: str) -> set[str]:
        rows = self._fts(
            "SELECT DISTINCT a.story_id FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
            "WHERE articles_fts MATCH ?",
            query,
            [],
        )
        return {r[0] for r in rows if r[0]}

    def story_version(self) -> int:
        """A number that grows whenever any story changes (the largest `updated_seq`): caches compare it."""
        row = self.conn.execute("SELECT MAX(updated_seq) FROM stories").fetchone()
        return int(row[0] or 0)

    def data_version(self) -> tuple[int, int]:
        """The story version and the last document row: one of them grows whenever ingest stores anything, a story
        or a rejected input. Two indexed lookups; pages showing the store's counts compare it."""
        row = self.conn.execute("SELECT MAX(rowid) FROM documents").fetchone()
        return self.story_version(), int(row[0] or 0)

    def story_versions(self, story_ids: list[str]) -> dict[str, int]:
        """The `updated_seq` of each given story that exists."""
        marks = ",".join("?" * len(story_ids))
        rows = self.conn.execute(f"SELECT id, updated_seq FROM stories WHERE id IN ({marks})", story_ids)
        return {r[0]: int(r[1]) for r in rows}

    # -- story metadata (outlets, conflicts) -----------------------------------------------------------------------
    def save_story_outlets(self, story_id: str, outlets: list[str]) -> None:
        """A story's outlets, and a mark that its conflicts need recomputing (its membership just changed)."""
        self.conn.execute(
            "INSERT INTO story_meta(story_id, outlets, stale) VALUES (?,?,1) "
            "ON CONFLICT(story_id) DO UPDATE SET outlets=excluded.outlets, stale=1",
            (story_id, json.dumps(outlets, ensure_ascii=False)),
        )

    def save_story_conflicts(self, story_id: str, conflicts: list[dict[str, Any]], keep: int) -> None:
        """The conflicts among a story's own articles: the first `keep` of them and their total. Clears the mark."""
        self.conn.execute(
            "UPDATE story_meta SET disputed=?, conflicts=?, conflict_count=?, stale=0 WHERE story_id=?",
            (
                int(bool(conflicts)),
                json.dumps(conflicts[:keep], ensure_ascii=False, separators=(",", ":")),
                len(conflicts),
                story_id,
            ),
        )

    def stale_story_meta(self) -> list[str]:
        """Stories whose conflicts are marked for recomputing, or were never computed."""
        rows = self.conn.execute(
            "SELECT story_id FROM story_meta WHERE stale = 1 UNION "
            "SELECT s.id FROM stories s LEFT JOIN story_meta m ON m.story_id = s.id WHERE m.story_id IS NULL"
        )
        return sorted(r[0] for r in rows)

    def disputed_stories(
        self, after: tuple[str, str] | None, limit: int, *, inclusive: bool = False
    ) -> list[dict[str, Any]]:
        """Stories with conflicts among their articles, in story list order, each with its conflicts: those after
        the (last_published or "", id) position `after`, or from it when `inclusive` (a page may end inside a
        story's conflicts)."""
        keyset = ""
        params: list[Any] = []
        if after is not None:
            keyset = f"AND ({_RECENT} < ? OR ({_RECENT} = ? AND s.id {'>=' if inclusive else '>'} ?)) "
            params = [after[0], after[0], after[1]]
        rows = self.conn.execute(
            "SELECT s.id, s.title, s.last_published, m.conflicts, m.conflict_count FROM stories s JOIN story_meta m "
            f"ON m.story_id = s.id WHERE m.disputed = 1 {keyset}ORDER BY {_RECENT} DESC, s.id LIMIT ?",
            [*params, limit],
        )
        return [
            {"id": r[0], "title": r[1], "last_published": r[2], "conflicts": json.loads(r[3] or "[]"), "total": r[4]}
            for r in rows
        ]

    # -- entities: store-wide, resolved by the engine (see engines.local.refresh_entities) -----------------------
    def mention_entities(self, article_ids: list[str] | None = None) -> dict[tuple[str, int], str]:
        """The entity id of each mention, by (article id, mention start): of these articles, or of every article."""
        if article_ids is None:
            return {
                (r[0], r[1]): r[2]
                for r in self.conn.execute("SELECT article_id, start, entity_id FROM entity_mentions")
            }
        out: dict[tuple[str, int], str] = {}
        for i in range(0, len(article_ids), 500):
            chunk = article_ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT article_id, start, entity_id FROM entity_mentions WHERE article_id IN ({marks})", chunk
            )
            out.update(((r[0], r[1]), r[2]) for r in rows)
        return out

    def entity_redirects(self) -> dict[str, str]:
        """Ids of entities absorbed into others, each with the id of the entity that holds its mentions now."""
        return {r[0]: r[1] for r in self.conn.execute("SELECT old_id, new_id FROM entity_redirects")}

    def replace_entities(
        self, entities: list[EntityRecord], mentions: dict[tuple[str, int], str], redirects: dict[str, str]
    ) -> None:
        """Replace the store-wide entities, the entity of every mention and the redirects of absorbed ids, and clear
        the `entities_stale` mark. Call inside a transaction."""
        self.conn.execute("DELETE FROM entities")
        self.conn.executemany(
            "INSERT INTO entities(id, name, type, aliases, articles, mentions, search) VALUES (?,?,?,?,?,?,?)",
            [
                (
                    e.id, e.name, e.type, json.dumps(e.aliases, ensure_ascii=False), e.articles, e.mentions,
                    "\n".join([e.name, *e.aliases]).casefold(),
                )
                for e in entities
            ],
        )  # fmt: skip
        self.conn.execute("DELETE FROM entity_mentions")
        self.conn.executemany(
            "INSERT INTO entity_mentions(article_id, start, entity_id) VALUES (?,?,?)",
            [(a, start, eid) for (a, start), eid in mentions.items()],
        )
        self.conn.execute("DELETE FROM entity_redirects")
        self.conn.executemany("INSERT INTO entity_redirects(old_id, new_id) VALUES (?,?)", list(redirects.items()))
        self.set_meta("entities_stale", None)

    def list_entities(
        self, query: str | None = None, after: tuple[int, str] | None = None, limit: int | None = 50
    ) -> list[EntityRecord]:
        """Store-wide entities, most widely reported first; `query` matches their name or an alias (substring,
        case-insensitive); `after` is the (articles, id) of the previous page's last row; `limit=None`: every one."""
        where: list[str] = []
        params: list[Any] = []
        if query:
            where.append("search LIKE ? ESCAPE '\\'")
            params.append(_like(" ".join(query.split()).casefold()))
        if after is not None:
            where.append("(articles < ? OR (articles = ? AND id > ?))")
            params += [after[0], after[0], after[1]]
        rows = self.conn.execute(
            "SELECT id, name, type, aliases, articles, mentions FROM entities "
            + (f"WHERE {' AND '.join(where)} " if where else "")
            + "ORDER BY articles DESC, id LIMIT ?",
            [*params, -1 if limit is None else limit],
        ).fetchall()
        return [_entity_record(r) for r in rows]

    def entity_records(self, entity_ids: list[str]) -> dict[str, EntityRecord]:
        """The store-wide entities of these ids (those that exist), by id."""
        out: dict[str, EntityRecord] = {}
        for i in range(0, len(entity_ids), 500):
            chunk = entity_ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT id, name, type, aliases, articles, mentions FROM entities WHERE id IN ({marks})", chunk
            )
            out.update((r[0], _entity_record(r)) for r in rows)
        return out

    def get_entity(self, entity_id: str) -> EntityRecord:
        """One store-wide entity; an id absorbed into another entity resolves to that entity (old links keep
        working). NotFoundError when the id was never an entity's."""
        found = self.entity_records([entity_id])
        if entity_id in found:
            return found[entity_id]
        row = self.conn.execute("SELECT new_id FROM entity_redirects WHERE old_id = ?", (entity_id,)).fetchone()
        if row is not None and (target := self.entity_records([row[0]])):
            return target[row[0]]
        raise NotFoundError(f"no entity {entity_id!r} in {self.path}: /api/v1/entities lists what is there")

    def entity_mentions_of(self, entity_id: str) -> list[tuple[str, int]]:
        """(article id, mention start) of every mention of an entity, in arrival order of the articles."""
        rows = self.conn.execute(
            "SELECT m.article_id, m.start FROM entity_mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.entity_id = ? ORDER BY a.seq, m.start",
            (entity_id,),
        )
        return [(r[0], r[1]) for r in rows]

    def entity_story_ids(self, entity_ids: list[str], limit: int | None = None) -> dict[str, list[str]]:
        """Story ids each entity is mentioned in, newest story first (at most `limit` per entity)."""
        out: dict[str, list[str]] = defaultdict(list)
        for i in range(0, len(entity_ids), 500):
            chunk = entity_ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                "SELECT DISTINCT m.entity_id, s.id, COALESCE(s.last_published, '') AS recent FROM entity_mentions m "
                "JOIN articles a ON a.id = m.article_id JOIN stories s ON s.id = a.story_id "
                f"WHERE m.entity_id IN ({marks}) ORDER BY m.entity_id, recent DESC, s.id",
                chunk,
            )
            for eid, sid, _ in rows:
                if limit is None or len(out[eid]) < limit:
                    out[eid].append(sid)
        return out

    def touch_stories(self, story_ids: list[str], seq: int) -> None:
        """Mark stories as changed (their `updated_seq` set to `seq`) without changing them: what they show
        changed elsewhere (their entities were resolved again), so cached views of them must be made again."""
        self.conn.executemany("UPDATE stories SET updated_seq = ? WHERE id = ?", [(seq, sid) for sid in story_ids])

    def story_titles(self, story_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Id, title, size and dates of each given story that exists."""
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(story_ids), 500):
            chunk = story_ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                f"SELECT id, title, size, first_published, last_published FROM stories WHERE id IN ({marks})",
                chunk,
            ):
                out[r[0]] = dict(r)
        return out

    def iter_articles(self, story_id: str | None = None) -> Iterator[Article]:
        """Every article (or one story's) in arrival order, one at a time: exports stream, never load the store."""
        if story_id is not None:
            self.get_story(story_id)
            yield from self.story_articles(story_id)
            return
        for row in self.conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY seq"):
            yield _article(row)

    def story_ids(self) -> list[str]:
        """Every story id, in story list order."""
        return [r[0] for r in self.conn.execute(f"SELECT s.id FROM stories s ORDER BY {_RECENT} DESC, s.id")]

    def _story(self, row: sqlite3.Row, ids: list[str] | None = None) -> Story:
        if ids is None:
            ids = [
                r[0] for r in self.conn.execute("SELECT id FROM articles WHERE story_id=? ORDER BY seq", (row["id"],))
            ]
        return Story(
            id=row["id"],
            title=row["title"],
            article_ids=ids,
            first_published=row["first_published"],
            last_published=row["last_published"],
            independent_reports=row["independent_reports"],
        )

    # -- furniture evidence ----------------------------------------------------------------------------------------
    def furniture_counts(self, group_key: str, line_keys: Iterable[str]) -> dict[str, int]:
        keys = list(set(line_keys))
        counts: dict[str, int] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT line_key, articles FROM furniture_lines WHERE group_key=? AND line_key IN ({marks})",
                [group_key, *chunk],
            )
            counts.update({r[0]: r[1] for r in rows})
        return counts

    def add_furniture_counts(self, group_key: str, counts: dict[str, int]) -> None:
        self.conn.executemany(
            "INSERT INTO furniture_lines(group_key, line_key, articles) VALUES (?,?,?) "
            "ON CONFLICT(group_key, line_key) DO UPDATE SET articles = articles + excluded.articles",
            [(group_key, k, v) for k, v in counts.items()],
        )

    def stats(self) -> dict[str, int]:
        one = self.conn.execute
        return {
            "articles": int(one("SELECT COUNT(*) FROM articles").fetchone()[0]),
            "stories": int(one("SELECT COUNT(*) FROM stories").fetchone()[0]),
            "rejected": int(one("SELECT COUNT(*) FROM documents WHERE status='rejected'").fetchone()[0]),
            "relations": int(one("SELECT COUNT(*) FROM relations").fetchone()[0]),
            "entities": int(one("SELECT COUNT(*) FROM entities").fetchone()[0]),
        }


def _article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        seq=row["seq"],
        content_hash=row["content_hash"],
        source_path=row["source_path"],
        url=row["url"],
        format=row["format"],
        title=row["title"],
        title_generated=bool(row["title_generated"]),
        published=row["published"],
        published_how=row["published_how"],
        published_confidence=row["published_confidence"] or 0.0,
        outlet=row["outlet"],
        outlet_how=row["outlet_how"],
        credit=row["credit"],
        dateline=row["dateline"],
        author=row["author"],
        text=row["text"],
        removed=json.loads(row["removed"]),
        story_id=row["story_id"],
    )


def _story_row(row: sqlite3.Row, article_ids: list[str] | None) -> dict[str, Any]:
    disputed = row["disputed"]
    out = {
        "id": row["id"],
        "title": row["title"],
        "size": row["size"],
        "article_ids": article_ids,
        "independent_reports": row["independent_reports"],
        "first_published": row["first_published"],
        "last_published": row["last_published"],
        "outlets": json.loads(row["outlets"]) if row["outlets"] else [],
        "disputed": None if disputed is None else bool(disputed),
        "updated_seq": row["updated_seq"],
    }
    if article_ids is None:
        del out["article_ids"]
    return out


def _entity_record(row: sqlite3.Row) -> EntityRecord:
    return EntityRecord(
        id=row["id"],
        name=row["name"],
        type=row["type"],
        aliases=json.loads(row["aliases"]),
        articles=row["articles"],
        mentions=row["mentions"],
    )


def _as_phrases(query: str) -> str:
    """Every word of a query as a quoted FTS phrase: a query that is not valid FTS syntax, searched plainly."""
    return " ".join('"' + w.replace('"', "") + '"' for w in query.split() if w.replace('"', ""))


def _chain_first(first: Any, rest: Iterable[Any]) -> Iterator[Any]:
    yield first
    yield from rest
