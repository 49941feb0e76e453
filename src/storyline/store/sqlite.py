"""The SQLite store: every input, article, relation and story, with full-text search.

WAL mode so readers (the web UI) never block the writer; one transaction per ingest batch, so a failure leaves the
store exactly as it was before the batch.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storyline.errors import NotFoundError, StoreError
from storyline.models import Article, ArticleFacts, RawDocument, Rejected, Relation, Story
from storyline.store.facts_codec import decode_facts, encode_facts
from storyline.store.schema import MIGRATIONS, SCHEMA_VERSION

_ARTICLE_COLUMNS = (
    "id, seq, content_hash, source_path, url, format, title, title_generated, published, published_how, "
    "published_confidence, outlet, outlet_how, credit, dateline, author, text, removed, story_id"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SqliteStore:
    """A storyline store in one SQLite file (or `:memory:`)."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
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
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work: everything inside commits together or not at all."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # -- documents -------------------------------------------------------------------------------------------------
    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        found: set[str] = set()
        batch = list(hashes)
        for i in range(0, len(batch), 500):
            chunk = batch[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.conn.execute(f"SELECT content_hash FROM documents WHERE content_hash IN ({marks})", chunk)
            )
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
            "INSERT INTO documents(content_hash, source_path, format, size, content, status, error, batch_id, "
            "ingested_at) VALUES (?,?,NULL,?,?,'rejected',?,?,?) ON CONFLICT(content_hash) DO UPDATE SET "
            "error=excluded.error, batch_id=excluded.batch_id, ingested_at=excluded.ingested_at "
            "WHERE documents.status='rejected'",
            (key, rejected.source_path, len(content) if content else None, content, rejected.reason, batch_id, _now()),
        )

    def rejected_documents(self) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT source_path, error, size, ingested_at FROM documents WHERE status='rejected' ORDER BY rowid"
        )
        return [dict(r) for r in rows]

    def raw_content(self, content_hash: str) -> bytes | None:
        row = self.conn.execute("SELECT content FROM documents WHERE content_hash=?", (content_hash,)).fetchone()
        return row[0] if row else None

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
        self.conn.execute("UPDATE articles SET story_id=? WHERE story_id=?", (new, old))
        self.conn.execute("DELETE FROM stories WHERE id=?", (old,))

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
        try:
            rows = self.conn.execute(
                "SELECT a.id, a.title, a.story_id, snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet "
                "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
                "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
                (query, limit),
            ).fetchall()
        except sqlite3.OperationalError:
            # Not valid FTS syntax (a stray quote, say): search the words as plain phrases instead.
            quoted = " ".join('"' + w.replace('"', "") + '"' for w in query.split() if w.replace('"', ""))
            if not quoted:
                return []
            return self.search(quoted, limit)
        return [dict(r) for r in rows]

    # -- facts -----------------------------------------------------------------------------------------------------
    def save_facts(self, facts: ArticleFacts) -> None:
        self.conn.execute(
            "INSERT INTO article_facts(article_id, data) VALUES (?,?) ON CONFLICT(article_id) DO UPDATE SET "
            "data=excluded.data",
            (facts.article_id, encode_facts(facts)),
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
        return [self._story(r) for r in self.conn.execute(sql, params)]

    def _story(self, row: sqlite3.Row) -> Story:
        ids = [r[0] for r in self.conn.execute("SELECT id FROM articles WHERE story_id=? ORDER BY seq", (row["id"],))]
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
