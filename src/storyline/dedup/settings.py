"""Settings of the duplicate index: the numbers that decide what counts as a copy (see index.py for why each)."""

from __future__ import annotations

from dataclasses import dataclass

from storyline.dedup.index import (
    DEFAULT_BANDS,
    DEFAULT_CONTAINMENT,
    DEFAULT_CONTAINMENT_MIN_JACCARD,
    DEFAULT_ROWS,
    DEFAULT_THRESHOLD,
)

__all__ = ["DedupSettings"]


@dataclass(frozen=True, slots=True)
class DedupSettings:
    """Estimated Jaccard at which two texts are the same copy, the containment share at which a shorter text counts
    as contained in a longer one (with its own Jaccard floor), and the LSH banding (bands x rows <= 128)."""

    threshold: float = DEFAULT_THRESHOLD
    containment: float = DEFAULT_CONTAINMENT
    containment_min_jaccard: float = DEFAULT_CONTAINMENT_MIN_JACCARD
    bands: int = DEFAULT_BANDS
    rows: int = DEFAULT_ROWS
