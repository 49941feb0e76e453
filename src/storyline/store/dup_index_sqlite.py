"""SQLite implementation of the duplicate index state (`storyline.dedup.state.DupState`).

The engine owns the connection and its transactions: nothing here commits, so an ingest batch and its index entries
succeed or fail together. Every query is an indexed lookup by key with a LIMIT, so the cost of one `find` or `add`
stays flat as the store grows to millions of articles:

- `dup_index_articles`: one row per article; `seq` (the rowid) is the insertion order, `exact` is indexed together
  with `seq` so "earliest copies of this text" is one index range scan.
- `dup_index_bands`: one row per (LSH band key, article), clustered on the key (WITHOUT ROWID) so a bucket is one
  contiguous range; ordered by `seq` inside it so "the most recent N members" needs no sort.
- `dup_index_meta`: the parameters the signatures were built with, checked by `DuplicateIndex`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

from storyline.dedup.state import StoredFingerprint

SCHEMA = """
CREATE TABLE IF NOT EXISTS dup_index_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS dup_index_articles (
    seq INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE,
    exact TEXT NOT NULL,
    n_shingles INTEGER NOT NULL,
    signature BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS dup_index_articles_exact ON dup_index_articles (exact, seq);
CREATE TABLE IF NOT EXISTS dup_index_bands (
    band_key INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (band_key, seq)
) WITHOUT ROWID;
"""


def create_schema(conn: sqlite3.Connection) -> None:
    """Create the duplicate index tables if they are missing (idempotent; does not commit).

    Statements run one by one rather than through `executescript`, which would commit the caller's transaction.
    """
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)


class SqliteDupState:
    """A `DupState` stored in the `dup_index_*` tables of an open SQLite connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        # One statement text per band count, built once: sqlite3 caches prepared statements by their text.
        self._band_sql: dict[int, str] = {}

    def get_meta(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, value FROM dup_index_meta").fetchall())

    def set_meta(self, meta: Mapping[str, str]) -> None:
        self.conn.executemany(
            "INSERT INTO dup_index_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            sorted(meta.items()),
        )

    def contains(self, article_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM dup_index_articles WHERE article_id = ?", (article_id,)).fetchone()
        return row is not None

    def has_exact(self, exact: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM dup_index_articles WHERE exact = ? LIMIT 1", (exact,)).fetchone()
        return row is not None

    def exact_matches(self, exact: str, limit: int) -> list[str]:
        rows = self.conn.execute(
            "SELECT article_id FROM dup_index_articles WHERE exact = ? ORDER BY seq LIMIT ?", (exact, limit)
        ).fetchall()
        return [r[0] for r in rows]

    def _band_query(self, n: int) -> str:
        sql = self._band_sql.get(n)
        if sql is None:
            # One statement for all bands, each bucket capped separately: a LIMIT inside each arm of the UNION.
            arm = "SELECT seq FROM (SELECT seq FROM dup_index_bands WHERE band_key = ? ORDER BY seq DESC LIMIT ?)"
            sql = (
                "SELECT a.seq, a.article_id, a.signature, a.n_shingles FROM dup_index_articles a "
                f"WHERE a.seq IN ({' UNION '.join([arm] * n)}) ORDER BY a.seq"
            )
            self._band_sql[n] = sql
        return sql

    def band_candidates(self, band_keys: Sequence[int], limit_per_band: int) -> list[StoredFingerprint]:
        if not band_keys:
            return []
        params: list[int] = []
        for key in band_keys:
            params.extend((key, limit_per_band))
        rows = self.conn.execute(self._band_query(len(band_keys)), params).fetchall()
        return [StoredFingerprint(seq, article_id, bytes(sig), n) for seq, article_id, sig, n in rows]

    def put(self, article_id: str, exact: str, signature: bytes, n_shingles: int, band_keys: Sequence[int]) -> None:
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO dup_index_articles (article_id, exact, n_shingles, signature) VALUES (?, ?, ?, ?)",
            (article_id, exact, n_shingles, signature),
        )
        if cur.rowcount != 1:
            return  # already present: adding is idempotent
        seq = cur.lastrowid
        self.conn.executemany(
            "INSERT OR IGNORE INTO dup_index_bands (band_key, seq) VALUES (?, ?)", [(k, seq) for k in band_keys]
        )

    def count(self) -> int:
        # A full count: fine for reports and tests, not meant for the per-article path.
        return self.conn.execute("SELECT COUNT(*) FROM dup_index_articles").fetchone()[0]
