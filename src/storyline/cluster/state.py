"""The persisted state behind the story index, and an in-memory implementation.

The index itself is stateless code; everything it remembers goes through :class:`StoryState`, so the same index runs
on a dict (tests, benchmarks, Spark partitions) or on SQLite (``storyline.store.story_index_sqlite``). Every method
touches a bounded number of rows, so the cost per article does not grow with the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(slots=True)
class StoryRecord:
    """What the index keeps per story: a truncated centroid, its size and its time span."""

    id: str
    centroid: dict[str, float]  # sum of member unit vectors, truncated to the top terms
    size: int
    norm: float = 0.0  # length of the centroid, kept so scoring a candidate is one sparse dot product
    first_day: int | None = None
    last_day: int | None = None
    created_seq: int = 0  # arrival number of the first article: the older story survives a merge
    updated_seq: int = 0  # arrival number of the last article added: recency for posting lists


class StoryState(Protocol):
    """Storage the :class:`~storyline.cluster.index.StoryIndex` needs. Implementations must not commit."""

    def next_seq(self) -> int:
        """A counter increasing by one per assigned article (persisted)."""

    def doc_count(self) -> int:
        """How many articles have updated the document frequencies."""

    def doc_freqs(self, keys: Iterable[str]) -> dict[str, int]:
        """Document frequency of each key (absent keys may be left out)."""

    def add_doc(self, keys: Iterable[str]) -> None:
        """Count one more article containing these keys."""

    def get_story(self, story_id: str) -> StoryRecord | None:
        """The story with this id, or None (unknown or merged away)."""

    def get_stories(self, story_ids: Iterable[str]) -> dict[str, StoryRecord]:
        """Several stories at once; unknown ids are left out."""

    def put_story(self, story: StoryRecord) -> None:
        """Insert or replace a story."""

    def delete_story(self, story_id: str) -> None:
        """Forget a story (after it was merged into another)."""

    def set_alias(self, story_id: str, target_id: str) -> None:
        """Record that ``story_id`` was merged into ``target_id`` (its postings now lead there)."""

    def aliases(self, story_ids: Iterable[str]) -> dict[str, str]:
        """For the ids that were merged away, the story each was merged into (one step; may itself be merged)."""

    def postings(self, keys: Iterable[str]) -> dict[str, list[str]]:
        """For each key, story ids posted under it, most recently updated first."""

    def post(self, key: str, story_id: str, seq: int, cap: int) -> None:
        """Post (or refresh) a story under a key with recency ``seq``, keeping only the ``cap`` most recent."""

    def post_many(self, keys: list[str], story_id: str, seq: int, cap: int) -> None:
        """``post`` for several keys at once."""


class InMemoryStoryState:
    """A :class:`StoryState` in plain dicts: for tests, benchmarks and one-shot runs."""

    def __init__(self) -> None:
        self._seq = 0
        self._docs = 0
        self._df: dict[str, int] = {}
        self._stories: dict[str, StoryRecord] = {}
        self._aliases: dict[str, str] = {}
        # key -> {story_id: seq of its last update}.
        self._postings: dict[str, dict[str, int]] = {}

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def doc_count(self) -> int:
        return self._docs

    def doc_freqs(self, keys: Iterable[str]) -> dict[str, int]:
        df = self._df
        return {k: df[k] for k in keys if k in df}

    def add_doc(self, keys: Iterable[str]) -> None:
        self._docs += 1
        df = self._df
        for k in keys:
            df[k] = df.get(k, 0) + 1

    def get_story(self, story_id: str) -> StoryRecord | None:
        return self._stories.get(story_id)

    def get_stories(self, story_ids: Iterable[str]) -> dict[str, StoryRecord]:
        st = self._stories
        return {i: st[i] for i in story_ids if i in st}

    def put_story(self, story: StoryRecord) -> None:
        self._stories[story.id] = story

    def delete_story(self, story_id: str) -> None:
        self._stories.pop(story_id, None)

    def set_alias(self, story_id: str, target_id: str) -> None:
        self._aliases[story_id] = target_id

    def aliases(self, story_ids: Iterable[str]) -> dict[str, str]:
        al = self._aliases
        return {i: al[i] for i in story_ids if i in al}

    def postings(self, keys: Iterable[str]) -> dict[str, list[str]]:
        out = {}
        for k in keys:
            p = self._postings.get(k)
            if p:
                out[k] = [sid for sid, _ in sorted(p.items(), key=_recent_first)]
        return out

    def post_many(self, keys: list[str], story_id: str, seq: int, cap: int) -> None:
        for key in keys:
            self.post(key, story_id, seq, cap)

    def post(self, key: str, story_id: str, seq: int, cap: int) -> None:
        p = self._postings.setdefault(key, {})
        p[story_id] = seq
        if len(p) > cap:
            # Evict the least recent (ties: the greatest id), matching the SQLite state's ORDER BY.
            del p[max(p.items(), key=_recent_first)[0]]


def _recent_first(item: tuple[str, int]) -> tuple[int, str]:
    """Posting order: highest sequence number first, then story id."""
    return (-item[1], item[0])


def resolve_stories(state: StoryState, story_ids: list[str]) -> dict[str, StoryRecord]:
    """Fetch stories by id, following merge aliases (a merged story may have been merged again); keyed by live id."""
    out: dict[str, StoryRecord] = {}
    pending = list(dict.fromkeys(story_ids))
    for _ in range(8):  # each hop is one merge; chains are short
        if not pending:
            break
        found = state.get_stories(pending)
        out.update(found)
        missing = [sid for sid in pending if sid not in found]
        targets = state.aliases(missing) if missing else {}
        pending = sorted({t for t in targets.values() if t not in out})
    return out
