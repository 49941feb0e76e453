"""The typed data model every stage passes around.

Records are plain dataclasses with slots: cheap to build in bulk, picklable for Spark executors, and free of any
store or API concern (the API has its own pydantic schemas).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# How a publication date was found, from most to least trustworthy.
PublishedHow = Literal["header", "metadata", "page", "text", "inferred"]
RelationType = Literal["duplicate", "near_duplicate", "rewrite"]


@dataclass(slots=True)
class RawDocument:
    """One input document exactly as a reader found it.

    `content` holds the original bytes (a file, or one JSONL line); `fields` holds metadata a structured source gave
    alongside (JSONL keys such as title, url, published, source). `format` says which parser applies.
    """

    source_path: str
    content: bytes
    format: Literal["text", "html", "jsonl"]
    content_hash: str
    fields: dict[str, str | None] = field(default_factory=dict)


@dataclass(slots=True)
class Rejected:
    """An input that could not become an article, with the reason a user can act on."""

    source_path: str
    reason: str
    content_hash: str | None = None
    content: bytes | None = None


@dataclass(slots=True)
class Draft:
    """A decoded document before cleaning: its full text plus whatever metadata the container carried.

    Readers fill the `*_hint` fields from trusted places (HTML metadata, JSONL fields, the ` date ` prefix); cleaning
    decides the final values and may find better ones in the text.
    """

    source_path: str
    content_hash: str
    text: str
    format: str
    title_hint: str | None = None
    published_hint: str | None = None
    published_hint_how: PublishedHow | None = None
    outlet_hint: str | None = None
    author_hint: str | None = None
    url: str | None = None
    # Strings the reader itself already removed (e.g. the date prefix, HTML boilerplate summary).
    removed: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Article:
    """A cleaned article, the unit everything downstream works on."""

    id: str
    source_path: str
    content_hash: str
    text: str
    title: str
    title_generated: bool
    published: str | None = None  # ISO date YYYY-MM-DD
    published_how: PublishedHow | None = None
    published_confidence: float = 0.0
    outlet: str | None = None
    outlet_how: str | None = None  # "metadata", "furniture", "credit", "text"
    credit: str | None = None  # wire agency credited (AFP, Reuters, ...)
    dateline: str | None = None  # "Oslo" from "Oslo -"
    author: str | None = None
    url: str | None = None
    removed: list[str] = field(default_factory=list)
    format: str = "text"
    story_id: str | None = None
    seq: int = 0  # arrival order in the store, set by the engine


@dataclass(slots=True)
class Relation:
    """A copy relation between two articles: `b` is a copy (or rewrite) of the earlier `a`."""

    type: RelationType
    a: str
    b: str
    score: float


@dataclass(slots=True)
class Story:
    """A group of articles reporting the same event."""

    id: str
    title: str
    article_ids: list[str] = field(default_factory=list)
    first_published: str | None = None
    last_published: str | None = None
    independent_reports: int = 0


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did, for the summary line and for callers."""

    read: int = 0
    new: int = 0
    already_stored: int = 0
    duplicates: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    stories_touched: set[str] = field(default_factory=set)

    def summary(self) -> str:
        reasons: dict[str, int] = {}
        for r in self.rejected:
            key = r.reason.split(":")[0]
            reasons[key] = reasons.get(key, 0) + 1
        why = ", ".join(f"{k}: {v}" for k, v in sorted(reasons.items()))
        rejected = f"{len(self.rejected)} rejected" + (f" ({why})" if why else "")
        return (
            f"read {self.read}, new {self.new}, already stored {self.already_stored}, "
            f"duplicates {self.duplicates}, {rejected}"
        )
