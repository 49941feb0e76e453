"""Duplicate and rewrite detection: exact copies, near copies (MinHash LSH), and reworded copies.

    fp = fingerprint(article)
    matches = index.find(article.id, fp)   # [(other_id, "duplicate" | "near_duplicate", score)], best first
    index.add(article.id, fp)
    is_rewrite(a, b)                        # reworded copy of the same report, not an independent report

`DuplicateIndex` keeps its memory in a `DupState`: `InMemoryDupState` here, or
`storyline.store.dup_index_sqlite.SqliteDupState` inside the engine's SQLite transaction.
"""

from storyline.dedup.fingerprint import Fingerprint, estimate_jaccard, fingerprint, fingerprint_text
from storyline.dedup.index import DuplicateIndex, Match
from storyline.dedup.rewrite import is_rewrite, rewrite_score
from storyline.dedup.settings import DedupSettings
from storyline.dedup.state import DupState, InMemoryDupState, StoredFingerprint

__all__ = [
    "DedupSettings",
    "DupState",
    "DuplicateIndex",
    "Fingerprint",
    "InMemoryDupState",
    "Match",
    "StoredFingerprint",
    "estimate_jaccard",
    "fingerprint",
    "fingerprint_text",
    "is_rewrite",
    "rewrite_score",
]
