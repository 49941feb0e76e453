"""The SQLite schema as an ordered list of migrations; the store records the version it has reached.

A migration is only ever appended, never edited: a store made by an older version upgrades step by step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

_V1 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- Every input as received: the original bytes (or, for oversized inputs, only their hash and path) and what became
-- of it. Nothing is dropped silently: a rejected input keeps its error here.
CREATE TABLE IF NOT EXISTS documents (
    content_hash TEXT PRIMARY KEY,
    source_path TEXT NOT NULL,
    format TEXT,
    size INTEGER,
    content BLOB,
    status TEXT NOT NULL CHECK (status IN ('article', 'rejected')),
    error TEXT,
    batch_id INTEGER,
    ingested_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    source_path TEXT NOT NULL,
    url TEXT,
    format TEXT,
    title TEXT NOT NULL,
    title_generated INTEGER NOT NULL,
    published TEXT,
    published_how TEXT,
    published_confidence REAL,
    outlet TEXT,
    outlet_how TEXT,
    credit TEXT,
    dateline TEXT,
    author TEXT,
    text TEXT NOT NULL,
    removed TEXT NOT NULL,
    story_id TEXT
);
CREATE INDEX IF NOT EXISTS articles_story ON articles (story_id, seq);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published);
CREATE INDEX IF NOT EXISTS articles_source ON articles (source_path);

CREATE TABLE IF NOT EXISTS relations (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    type TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX IF NOT EXISTS relations_b ON relations (b);

CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    size INTEGER NOT NULL,
    independent_reports INTEGER NOT NULL,
    first_published TEXT,
    last_published TEXT,
    updated_seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_updated ON stories (updated_seq);

-- Cross-document furniture evidence: in how many articles of one outlet/site/folder a line was seen.
CREATE TABLE IF NOT EXISTS furniture_lines (
    group_key TEXT NOT NULL,
    line_key TEXT NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (group_key, line_key)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    read INTEGER, new INTEGER, duplicates INTEGER, rejected INTEGER
);

CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
);
"""


def _v1(conn: sqlite3.Connection) -> None:
    # Statement by statement: executescript() would commit the migration's transaction half-way.
    for statement in _V1.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v2(conn: sqlite3.Connection) -> None:
    """The two stateful indexes keep their own tables, defined next to their code."""
    from storyline.store.dup_index_sqlite import create_schema as create_dup_index
    from storyline.store.story_index_sqlite import create_schema as create_story_index

    create_dup_index(conn)
    create_story_index(conn)


def _v3(conn: sqlite3.Connection) -> None:
    """Facts per article (entities, dates, claims, quotes) as one JSON document: see store/facts_codec.py."""
    conn.execute("CREATE TABLE IF NOT EXISTS article_facts (article_id TEXT PRIMARY KEY, data TEXT NOT NULL)")


_V4 = """
-- What story lists filter on, kept by the engine so a list never computes story views: the outlets of a story's
-- articles (JSON list), kept current in every batch, and the conflicts among its own articles (JSON list of conflicts
-- as in views.conflict_view, the first few only, with their total), recomputed at the end of an ingest run for the
-- stories marked `stale` meanwhile (see engines.local.refresh_story_meta). NULL conflicts: never computed yet.
CREATE TABLE IF NOT EXISTS story_meta (
    story_id TEXT PRIMARY KEY,
    outlets TEXT NOT NULL,
    disputed INTEGER,
    conflicts TEXT,
    conflict_count INTEGER,
    stale INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_meta_stale ON story_meta (stale);
CREATE INDEX IF NOT EXISTS story_meta_disputed ON story_meta (disputed);

-- Names mentioned per article, for "stories about X" and the store-wide entity list. `key` is the normalised name a
-- mention stands for (its in-article full form, see extract.aliases.name_tokens), `surface_key` the case-folded text
-- as written. `name` and `surface` are their display forms.
CREATE TABLE IF NOT EXISTS entity_index (
    article_id TEXT NOT NULL,
    key TEXT NOT NULL,
    surface TEXT NOT NULL,
    surface_key TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (article_id, key, surface)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_index_key ON entity_index (key);
CREATE INDEX IF NOT EXISTS entity_index_surface ON entity_index (surface_key);

-- One row per entity key, aggregated from entity_index for the keys each batch touched: the entity list is then a
-- plain indexed read. `search` is the case-folded name and aliases, one a line, for substring filters.
CREATE TABLE IF NOT EXISTS entities (
    key TEXT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    aliases TEXT NOT NULL,
    articles INTEGER NOT NULL,
    search TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entities_rank ON entities (articles DESC, key);

-- The keyset order of the story list (newest first, undated last). The members of listed stories without reading
-- the article rows (texts included). Counting rejected inputs without reading every stored document.
CREATE INDEX IF NOT EXISTS stories_recent ON stories (COALESCE(last_published, '') DESC, id);
CREATE INDEX IF NOT EXISTS articles_story_ids ON articles (story_id, seq, id);
CREATE INDEX IF NOT EXISTS documents_status ON documents (status)
"""


def _v4(conn: sqlite3.Connection) -> None:
    """Story metadata, the entity index and the story list order; existing stores get outlets filled here. Names
    and conflicts need the stages: the store is marked (`names_stale`) and the engine fills them in on the next
    ingest or when a server opens the store (engines.local.refresh_derived)."""
    # Comments dropped first: a semicolon in one would split a statement.
    statements = "\n".join(line for line in _V4.splitlines() if not line.lstrip().startswith("--"))
    for statement in statements.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute(
        "INSERT OR IGNORE INTO story_meta(story_id, outlets) SELECT s.id, COALESCE(("
        "SELECT json_group_array(outlet) FROM (SELECT DISTINCT outlet FROM articles "
        "WHERE story_id = s.id AND outlet IS NOT NULL ORDER BY outlet)), '[]') FROM stories s"
    )
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('names_stale', '1')")


def _v5(conn: sqlite3.Connection) -> None:
    """Conflicts became stricter: every story's conflict flags are marked for recomputing, which the next ingest or
    the API's first request does. What no longer counts: date conflicts between independent reports without shared
    words and a name, recurring forms such as dividend notices, the same words resolved against different
    publication dates, a sentence comparing several figures, an article at odds only with itself, and
    disagreements over a bare noun ("shares")."""
    conn.execute("UPDATE story_meta SET stale = 1")


_V6 = """
-- Store-wide entities with stable ids, resolved by the engine over every stored mention (one resolution path for
-- story views, entity pages, the CLI and the API): the entity of each mention, and the ids of entities absorbed into
-- others, so that an old link still resolves. Replaces v4's per-name aggregate.
DROP TABLE IF EXISTS entities;
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    aliases TEXT NOT NULL,
    articles INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    search TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX entities_rank ON entities (articles DESC, id);
CREATE TABLE IF NOT EXISTS entity_mentions (
    article_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    PRIMARY KEY (article_id, start)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_mentions_entity ON entity_mentions (entity_id, article_id);
CREATE TABLE IF NOT EXISTS entity_redirects (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL) WITHOUT ROWID;
INSERT OR REPLACE INTO meta(key, value) VALUES ('entities_stale', '1')
"""


def _v6(conn: sqlite3.Connection) -> None:
    """One entity identity: store-wide entities with stable ids (see _V6). The engine resolves them on the next
    ingest or when a server opens the store."""
    statements = "\n".join(line for line in _V6.splitlines() if not line.lstrip().startswith("--"))
    for statement in statements.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v7(conn: sqlite3.Connection) -> None:
    """Per-document isolation and stable story ids: a rejected input records the stage that failed on it (NULL for
    a reader's rejection), and a story merged into another leaves a redirect to the survivor, so an id once shown
    keeps resolving."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
    if "failed_stage" not in columns:  # re-run safely over a store whose recorded version was set back
        conn.execute("ALTER TABLE documents ADD COLUMN failed_stage TEXT")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS story_redirects (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL) WITHOUT ROWID"
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3, _v4, _v5, _v6, _v7]
SCHEMA_VERSION = len(MIGRATIONS)
