"""Pydantic models of the versioned API: the documents POST /api/v1/documents accepts, and the shapes of the list
responses for the OpenAPI page.

Responses are built by `storyline.read.views` as plain dicts and sent as they are (validating a big story view on every
request would cost more than computing it from the cache); these models document them and are checked in tests.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

# One request is one ingest batch or a few: bounded, so a single call cannot hold the writer for minutes.
MAX_DOCUMENTS = 1000


class DocumentIn(BaseModel):
    """One document to ingest: `text` or `html`, with optional metadata (as a JSONL line of `storyline ingest`)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = Field(default=None, description="Publication date, ISO 8601 (YYYY-MM-DD or datetime).")
    source: str | None = Field(default=None, description="The outlet that published it.")
    author: str | None = None
    id: str | None = Field(default=None, description="Your id for it; names the document in errors.")

    @model_validator(mode="after")
    def _has_content(self) -> DocumentIn:
        if not (self.text and self.text.strip()) and not (self.html and self.html.strip()):
            raise ValueError("a document needs `text` or `html` (a title alone is not an article)")
        return self


class RejectedOut(BaseModel):
    source_path: str
    reason: str
    stage: str | None = None


class DocumentStatus(BaseModel):
    """What became of one posted document, in the order posted."""

    source_path: str
    content_hash: str
    status: str  # new | duplicate | already_stored | already_rejected | rejected
    reason: str | None = None
    stage: str | None = None


class IngestOut(BaseModel):
    read: int
    new: int
    duplicates: int
    already_stored: int
    already_rejected: int = 0
    rejected: list[RejectedOut]
    documents: list[DocumentStatus] = []
    failures: list[str] = []
    stories_touched: list[str]
    summary: str


class StoryRow(BaseModel):
    id: str
    title: str
    size: int
    article_ids: list[str]
    independent_reports: int
    first_published: str | None
    last_published: str | None
    outlets: list[str]
    disputed: bool | None = Field(description="Sources disagree among the story's articles; null: not computed yet.")


class StoryPage(BaseModel):
    items: list[StoryRow]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")


class ConflictPage(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: str | None


class EntityRow(BaseModel):
    id: str
    name: str
    type: str
    aliases: list[str]
    articles: int
    story_count: int
    stories: list[str]


class EntityPage(BaseModel):
    items: list[EntityRow]
    next_cursor: str | None


class StoryRef(BaseModel):
    id: str
    title: str
    size: int
    first_published: str | None
    last_published: str | None


class EntityDetail(BaseModel):
    id: str
    name: str
    type: str
    aliases: list[str]
    articles: int
    article_ids: list[str]
    stories: list[StoryRef]


class ArticleHit(BaseModel):
    id: str
    title: str
    story_id: str | None
    snippet: str


class SearchOut(BaseModel):
    query: str
    articles: list[ArticleHit]
    stories: list[StoryRef]


class TimelineOut(BaseModel):
    id: str
    title: str
    timeline: list[dict[str, Any]]
    storyline: list[dict[str, Any]]
