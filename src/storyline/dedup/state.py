"""The persisted state behind `DuplicateIndex`, as a small interface with an in-memory implementation.

The index itself is stateless logic (banding, verification, ranking); everything it remembers goes through
`DupState`. That keeps the index usable in-process over a dict, or over SQLite inside the engine's transaction
(`storyline.store.dup_index_sqlite`), and lets other backends (Postgres, a key-value store) be added without touching
the matching logic. Every lookup is by key and bounded by a limit, so the cost of one `find` does not grow with the
number of stored articles.

Articles get an insertion sequence number (`seq`) from the state: ties between equally good matches are broken by
it, which keeps results deterministic and favours the earlier article, the one a copy is a copy *of*.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import NamedTuple, Protocol, runtime_checkable


class StoredFingerprint(NamedTuple):
    """One indexed article as the state returns it."""

    seq: int
    article_id: str
    signature: bytes
    n_shingles: int


@runtime_checkable
class DupState(Protocol):
    """Storage for the duplicate index. Implementations must not commit: the caller owns transactions."""

    def get_meta(self) -> dict[str, str]:
        """The parameters the stored signatures were built with ({} for a fresh state)."""
        ...

    def set_meta(self, meta: Mapping[str, str]) -> None:
        """Record the parameters the stored signatures are built with."""
        ...

    def contains(self, article_id: str) -> bool:
        """Whether `article_id` has been added."""
        ...

    def has_exact(self, exact: str) -> bool:
        """Whether any article with this exact key has been added."""
        ...

    def exact_matches(self, exact: str, limit: int) -> list[str]:
        """Ids of articles with this exact key, earliest first, at most `limit`."""
        ...

    def band_candidates(self, band_keys: Sequence[int], limit_per_band: int) -> list[StoredFingerprint]:
        """Distinct articles sharing at least one band key, with their signatures.

        At most `limit_per_band` articles per key (the most recently added ones), so a key that very many articles
        share, such as one produced by boilerplate-only texts, cannot make a lookup grow with the store.
        """
        ...

    def put(self, article_id: str, exact: str, signature: bytes, n_shingles: int, band_keys: Sequence[int]) -> None:
        """Add one article (a no-op when `article_id` is already present)."""
        ...

    def count(self) -> int:
        """How many articles have been added."""
        ...


class InMemoryDupState:
    """A `DupState` over plain dicts: for tests, small batches, and one-off runs that persist nothing."""

    def __init__(self) -> None:
        self._meta: dict[str, str] = {}
        self._by_id: dict[str, StoredFingerprint] = {}
        self._exact: dict[str, list[str]] = defaultdict(list)
        self._bands: dict[int, list[int]] = defaultdict(list)
        self._by_seq: list[StoredFingerprint] = []

    def get_meta(self) -> dict[str, str]:
        return dict(self._meta)

    def set_meta(self, meta: Mapping[str, str]) -> None:
        self._meta.update(meta)

    def contains(self, article_id: str) -> bool:
        return article_id in self._by_id

    def has_exact(self, exact: str) -> bool:
        return exact in self._exact

    def exact_matches(self, exact: str, limit: int) -> list[str]:
        return list(self._exact.get(exact, ())[:limit])

    def band_candidates(self, band_keys: Sequence[int], limit_per_band: int) -> list[StoredFingerprint]:
        seqs: set[int] = set()
        for key in band_keys:
            members = self._bands.get(key)
            if members:
                seqs.update(members[-limit_per_band:])
        return [self._by_seq[s] for s in sorted(seqs)]

    def put(self, article_id: str, exact: str, signature: bytes, n_shingles: int, band_keys: Sequence[int]) -> None:
        if article_id in self._by_id:
            return
        stored = StoredFingerprint(len(self._by_seq), article_id, signature, n_shingles)
        self._by_seq.append(stored)
        self._by_id[article_id] = stored
        if exact:
            self._exact[exact].append(article_id)
        for key in band_keys:
            self._bands[key].append(stored.seq)

    def count(self) -> int:
        return len(self._by_seq)
