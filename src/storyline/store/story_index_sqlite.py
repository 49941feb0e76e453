"""SQLite implementation of the story index state (:class:`storyline.cluster.state.StoryState`).

The engine owns the connection and the transaction: nothing here commits. Every lookup goes through a primary key
or an index, and every call touches a bounded number of rows (capped posting lists, a fixed number of candidate
stories), so the cost per article stays flat as the tables grow to millions of rows.

Centroids are stored compactly: the keys newline-joined in one TEXT column and the weights as a float64 BLOB, which
decodes about 50x faster than JSON (scoring reads dozens of centroids per article).
"""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Iterable

from storyline.cluster.state import StoryRecord

_SCHEMA = """
CREATE TABLE IF NOT EXISTS story_index_meta (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS story_index_df (
    key TEXT PRIMARY KEY,
    df INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS story_index_stories (
    id TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    norm REAL NOT NULL,
    first_day INTEGER,
    last_day INTEGER,
    created_seq INTEGER NOT NULL,
    updated_seq INTEGER NOT NULL,
    centroid_keys TEXT NOT NULL,
    centroid_weights BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS story_index_aliases (
    id TEXT PRIMARY KEY,
    target TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS story_index_postings (
    key TEXT NOT NULL,
    story_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (key, story_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_index_postings_recent ON story_index_postings (key, seq DESC, story_id);
"""

# Stay well under SQLite's bound on host parameters in one statement.
_CHUNK = 500


def create_schema(conn: sqlite3.Connection) -> None:
    """Create the ``story_index_*`` tables and indexes if they do not exist (does not commit)."""
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _encode(story: StoryRecord) -> tuple:
    keys = list(story.centroid)
    weights = array("d", story.centroid.values()).tobytes()
    return (
        story.id,
        story.size,
        story.norm,
        story.first_day,
        story.last_day,
        story.created_seq,
        story.updated_seq,
        "\n".join(keys),
        weights,
    )


def _decode(row: tuple) -> StoryRecord:
    sid, size, norm, first_day, last_day, created_seq, updated_seq, ckeys, cweights = row
    keys = ckeys.split("\n") if ckeys else []
    weights = array("d")
    weights.frombytes(cweights)
    return StoryRecord(
        id=sid,
        centroid=dict(zip(keys, weights, strict=True)),
        size=size,
        norm=norm,
        first_day=first_day,
        last_day=last_day,
        created_seq=created_seq,
        updated_seq=updated_seq,
    )


_STORY_COLUMNS = "id, size, norm, first_day, last_day, created_seq, updated_seq, centroid_keys, centroid_weights"


class SqliteStoryState:
    """A :class:`~storyline.cluster.state.StoryState` over a caller-owned ``sqlite3.Connection``."""

    def __init__(self, conn: sqlite3.Connection, create: bool = True) -> None:
        self.conn = conn
        if create:
            create_schema(conn)

    # -- counters ------------------------------------------------------------------------------------------------
    def _meta(self, name: str) -> int:
        row = self.conn.execute("SELECT value FROM story_index_meta WHERE name = ?", (name,)).fetchone()
        return int(row[0]) if row else 0

    def _bump(self, name: str) -> int:
        self.conn.execute(
            "INSERT INTO story_index_meta (name, value) VALUES (?, 1) "
            "ON CONFLICT(name) DO UPDATE SET value = value + 1",
            (name,),
        )
        return self._meta(name)

    def next_seq(self) -> int:
        return self._bump("seq")

    def doc_count(self) -> int:
        return self._meta("docs")

    # -- document frequencies ------------------------------------------------------------------------------------
    def doc_freqs(self, keys: Iterable[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for chunk in _chunks(list(keys)):
            marks = ",".join("?" * len(chunk))
            out.update(self.conn.execute(f"SELECT key, df FROM story_index_df WHERE key IN ({marks})", chunk))
        return out

    def add_doc(self, keys: Iterable[str]) -> None:
        self._bump("docs")
        self.conn.executemany(
            "INSERT INTO story_index_df (key, df) VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET df = df + 1",
            ((k,) for k in keys),
        )

    # -- stories -------------------------------------------------------------------------------------------------
    def get_story(self, story_id: str) -> StoryRecord | None:
        row = self.conn.execute(
            f"SELECT {_STORY_COLUMNS} FROM story_index_stories WHERE id = ?", (story_id,)
        ).fetchone()
        return _decode(row) if row else None

    def get_stories(self, story_ids: Iterable[str]) -> dict[str, StoryRecord]:
        out: dict[str, StoryRecord] = {}
        for chunk in _chunks(list(story_ids)):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT {_STORY_COLUMNS} FROM story_index_stories WHERE id IN ({marks})", chunk
            ):
                out[row[0]] = _decode(row)
        return out

    def put_story(self, story: StoryRecord) -> None:
        self.conn.execute(
            f"INSERT OR REPLACE INTO story_index_stories ({_STORY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _encode(story),
        )

    def delete_story(self, story_id: str) -> None:
        self.conn.execute("DELETE FROM story_index_stories WHERE id = ?", (story_id,))

    def set_alias(self, story_id: str, target_id: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO story_index_aliases (id, target) VALUES (?, ?)", (story_id, target_id)
        )

    def aliases(self, story_ids: Iterable[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in _chunks(list(story_ids)):
            marks = ",".join("?" * len(chunk))
            out.update(self.conn.execute(f"SELECT id, target FROM story_index_aliases WHERE id IN ({marks})", chunk))
        return out

    # -- postings ------------------------------------------------------------------------------------------------
    def postings(self, keys: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for chunk in _chunks(list(keys)):
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT key, story_id FROM story_index_postings WHERE key IN ({marks}) "
                "ORDER BY key, seq DESC, story_id",
                chunk,
            )
            for key, sid in rows:
                out.setdefault(key, []).append(sid)
        return out

    def post(self, key: str, story_id: str, seq: int, cap: int) -> None:
        self.post_many([key], story_id, seq, cap)

    def post_many(self, keys: list[str], story_id: str, seq: int, cap: int) -> None:
        """Post one story under several keys: two statements for all keys, not two per key."""
        conn = self.conn
        conn.executemany(
            "INSERT INTO story_index_postings (key, story_id, seq) VALUES (?, ?, ?) "
            "ON CONFLICT(key, story_id) DO UPDATE SET seq = excluded.seq",
            [(key, story_id, seq) for key in keys],
        )
        # Keep the `cap` most recent: the same order as postings() and as the in-memory state.
        conn.executemany(
            "DELETE FROM story_index_postings WHERE key = ?1 AND story_id NOT IN ("
            "SELECT story_id FROM story_index_postings WHERE key = ?1 ORDER BY seq DESC, story_id LIMIT ?2)",
            [(key, cap) for key in keys],
        )
