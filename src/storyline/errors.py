"""Errors storyline raises, in one small hierarchy.

    StorylineError                 base: catch this to handle anything storyline raised on purpose
    ├── InputError                 an input document could not be read or parsed (the batch goes on)
    ├── StoreError                 the store could not be opened, migrated or written
    ├── NotFoundError              an id (story, article, entity) that is not in the store
    ├── SettingsError              a setting has a value that cannot work
    ├── UsageError                 a request that cannot work as asked (an unknown export kind or format)
    │   └── CursorError            a page cursor that is not one of ours: edited, truncated, or another list's
    └── WorkerError                the NER worker process failed (the engine falls back to NER in-process)

Messages say what was wrong, with which input, and what to do about it.
"""

from __future__ import annotations


class StorylineError(Exception):
    """Base class of every error storyline raises on purpose."""


class InputError(StorylineError):
    """An input could not be read or parsed. Carries the source path so reports can name it."""

    def __init__(self, source_path: str, reason: str) -> None:
        super().__init__(f"{source_path}: {reason}")
        self.source_path = source_path
        self.reason = reason


class StoreError(StorylineError):
    """The store could not be opened, migrated or written."""


class NotFoundError(StorylineError):
    """The requested story or article is not in the store."""


class SettingsError(StorylineError):
    """A setting has a value that cannot work."""


class UsageError(StorylineError):
    """A request that cannot work as asked: an unknown export kind or format, a missing output."""


class CursorError(UsageError, ValueError):
    """A cursor that is not one of ours: edited, truncated, or from another list."""


class WorkerError(StorylineError):
    """The worker process failed: it could not load the model, died, or raised on a batch."""
