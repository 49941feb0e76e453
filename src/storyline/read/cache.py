"""Caches of the read side: story views (and the pages rendered from them) and rendered list pages, each valid while
the store says nothing they show changed. In-process, per store path, thread-safe.

The engine bumps a story's `updated_seq` whenever its articles, dates, facts or entities change; the caches compare
it (one indexed query while nothing changed), so a reader never sees a view older than what ingest committed.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from storyline.cluster import StoryIndex
from storyline.read.safety import dumps
from storyline.read.story import story_view
from storyline.store import Store

__all__ = ["LIST_PAGES", "STORY_VIEWS", "ListPageCache", "Payload", "StoryViewCache", "cached_story_view"]


@dataclass(slots=True)
class Payload:
    """Bytes to send, with their gzip-compressed form made once, on first request for it (level 1): the largest
    Reuters story view is 5 MB of JSON and a fraction of that compressed. Racing threads compute the same bytes."""

    body: bytes
    gzipped: bytes | None = None

    def gzip(self) -> bytes:
        """The body gzip-compressed, made once."""
        if self.gzipped is None:
            self.gzipped = gzip.compress(self.body, compresslevel=1, mtime=0)
        return self.gzipped


@dataclass(slots=True)
class _Cached:
    version: int  # the store's story version when last known valid
    signature: tuple[tuple[str, int], ...]  # (story id, updated_seq) of the story and its related stories
    view: dict[str, Any]
    json: Payload  # the view serialised: what the API sends, and the entry's weight in the cache budget
    # Pages rendered from this view (the HTML story page), by name: dropped with the entry when the story changes.
    pages: dict[str, Payload] = field(default_factory=dict)


class StoryViewCache:
    """Story views computed once and reused until the story or one of its related stories changes.

    A story view reads the story, its related stories and all their facts: tens of milliseconds for an ordinary
    story, seconds for the largest. Validity is checked in two steps: while no story of the store changed (one
    indexed MAX query) an entry is used as is; after any change, the entry's signature (the `updated_seq` of the
    story and of its related stories, which the engine bumps whenever a story's articles, dates or facts change) is
    compared, and only a differing story is recomputed. In-process and per store path; thread-safe; least recently
    used entries go first once the serialised views and pages exceed `max_bytes` (the dicts take a few times more).
    Pages rendered from a view (`page`) live and die with its entry."""

    def __init__(self, max_entries: int = 2048, max_bytes: int = 256_000_000) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[str, str], _Cached] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def peek(self, store: Store, story_id: str) -> _Cached | None:
        """The entry when it is known valid for one indexed query (no story of the store changed since), else None:
        the check that can run on an event loop, leaving recomputation to `entry` in a worker thread."""
        with self._lock:
            entry = self._entries.get((store.path, story_id))
        if entry is not None and entry.version == store.story_version():
            return entry
        return None

    def entry(self, store: Store, story_id: str) -> _Cached:
        key = (store.path, story_id)
        with store.snapshot():
            version = store.story_version()
            with self._lock:
                entry = self._entries.get(key)
                if entry is not None:
                    self._entries.move_to_end(key)
            if entry is not None and entry.version == version:
                return entry
            # Signature first, then the view: should the story change in between, the entry is stale-marked, never
            # stale-trusted. (Inside one read snapshot they agree anyway.)
            signature = _signature(store, story_id)
            if entry is not None and entry.signature == signature:
                entry.version = version
                return entry
            view = story_view(store, story_id)
        fresh = _Cached(version, signature, view, Payload(dumps(view).encode()))
        with self._lock:
            old = self._entries.pop(key, None)
            self._bytes -= _weight(old) if old else 0
            self._entries[key] = fresh
            self._bytes += _weight(fresh)
            while len(self._entries) > 1 and (len(self._entries) > self.max_entries or self._bytes > self.max_bytes):
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= _weight(dropped)
        return fresh

    def page(self, store: Store, story_id: str, name: str, render: Callable[[dict[str, Any]], bytes]) -> Payload:
        """The page `name` rendered from the story's current view by `render`, made once per version of the view."""
        entry = self.entry(store, story_id)
        made = entry.pages.get(name)
        if made is not None:
            return made
        made = Payload(render(entry.view))
        with self._lock:
            if name not in entry.pages:
                entry.pages[name] = made
                if self._entries.get((store.path, story_id)) is entry:
                    self._bytes += len(made.body)
        return entry.pages[name]

    def peek_page(self, store: Store, story_id: str, name: str) -> Payload | None:
        """The page when `peek` finds the entry valid and it was rendered already, else None."""
        entry = self.peek(store, story_id)
        return entry.pages.get(name) if entry is not None else None


def _weight(entry: _Cached) -> int:
    return len(entry.json.body) + sum(len(p.body) for p in entry.pages.values())


STORY_VIEWS = StoryViewCache()


def cached_story_view(store: Store, story_id: str) -> dict[str, Any]:
    """`story_view`, from the process-wide cache. The dict is shared between callers: read it, never change it."""
    return STORY_VIEWS.entry(store, story_id).view


def _signature(store: Store, story_id: str) -> tuple[tuple[str, int], ...]:
    """(id, updated_seq) of a story and its related stories; NotFoundError when the story does not exist."""
    store.get_story(story_id)
    related = [other for other, _ in StoryIndex(store.story_state()).related(story_id)]
    return tuple(sorted(store.story_versions([story_id, *related]).items()))


class ListPageCache:
    """Rendered list pages per store and position, valid while the store's `data_version` stays put: a list page
    reads 200 stories with their metadata (tens of milliseconds on Reuters), the check one indexed lookup. Only the
    most recently used positions are kept."""

    def __init__(self, max_entries: int = 64) -> None:
        self.max_entries = max_entries
        self._pages: OrderedDict[tuple[str, Any], tuple[tuple[int, int], Payload]] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        """Forget every page."""
        with self._lock:
            self._pages.clear()

    def peek(self, store: Store, position: Any) -> Payload | None:
        """The page when it is current, else None (nothing is rendered)."""
        with self._lock:
            kept = self._pages.get((store.path, position))
        return kept[1] if kept is not None and kept[0] == store.data_version() else None

    def page(self, store: Store, position: Any, render: Callable[[], bytes]) -> Payload:
        """The page at `position`, rendered by `render` when not current."""
        made = self.peek(store, position)
        if made is not None:
            return made
        version = store.data_version()  # before reading: a change meanwhile makes the page stale, never trusted
        made = Payload(render())
        with self._lock:
            self._pages[(store.path, position)] = (version, made)
            self._pages.move_to_end((store.path, position))
            while len(self._pages) > self.max_entries:
                self._pages.popitem(last=False)
        return made


LIST_PAGES = ListPageCache()
