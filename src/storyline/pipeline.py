"""The stages of ingest, in the order they run, each with what it requires and what it produces.

An engine (engines/local.py here, a Spark engine later) runs this list: it loads what a stage requires, calls
`stage.run`, and saves what it produces. The stages are pure functions of typed records (models.py); the only state
is in the two indexes a stage is handed (the duplicate index and the story index), whose state lives in the store.
Scopes say what a stage sees:

    document   one input at a time: any number can run in parallel
    placement  one article at a time, in publication order, against the stateful indexes
    story      one story's whole membership, after the articles of a batch were placed
    run        the whole store, once at the end of an ingest run (or when a server opens an older store)

Adding a stage: write it as a pure function in the stage folder a reader would look in, add it here with its
requirements, and have the engine load and save around it (docs/ARCHITECTURE.md, "How to add a stage").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from storyline.clean import clean_draft, recurring_lines
from storyline.cluster import StoryIndex
from storyline.dedup import DuplicateIndex, fingerprint, rewrite_score
from storyline.dedup.rewrite import REWRITE_THRESHOLD
from storyline.extract.article_facts import extract_facts
from storyline.extract.entities import resolve_in_article
from storyline.extract.entities.aliases import name_keys
from storyline.extract.entities.identity import store_entities
from storyline.ingest.parse import to_draft
from storyline.models import Article, Mention, Relation
from storyline.reconcile.conflicts import story_conflicts
from storyline.story.members import infer_dates, story_record

__all__ = ["INPUTS", "PIPELINE", "STAGES", "Placement", "Stage", "place_article"]

Scope = Literal["document", "placement", "story", "run"]


@dataclass(frozen=True, slots=True)
class Stage:
    """One step of ingest: `run` maps what it `requires` to what it `produces` (names of records, see PIPELINE)."""

    name: str
    scope: Scope
    requires: tuple[str, ...]
    produces: tuple[str, ...]
    run: Callable[..., Any]
    summary: str


@dataclass(frozen=True, slots=True)
class Placement:
    """Where `place_article` put an article: its story, the copy relation found (a duplicate or near duplicate of
    an earlier article, if any), and the stories the story index merged into it."""

    story_id: str
    relation: Relation | None
    merged: list[str]


def place_article(
    article: Article,
    duplicates: DuplicateIndex,
    stories: StoryIndex,
    story_of: Callable[[str], str | None],
) -> Placement:
    """Duplicates first: a copy joins its original's story (`story_of`: the engine's lookup in the store).
    Otherwise the story index assigns a story. Rewrites are the next stage's, once merged stories are relabelled."""
    fp = fingerprint(article)
    matches = duplicates.find(article.id, fp)
    duplicates.add(article.id, fp)
    relation: Relation | None = None
    story_id: str | None = None
    merged: list[str] = []
    if matches:
        other, kind, score = matches[0]
        story_id = story_of(other)
        relation = Relation(type=kind, a=other, b=article.id, score=round(float(score), 4))
    if story_id is None:
        assignment = stories.assign(article)
        story_id, merged = assignment.story_id, list(assignment.merged)
    return Placement(story_id, relation, merged)


def best_rewrite(article: Article, candidates: list[Article]) -> Relation | None:
    """The candidate `article` most clearly rewrites (reworded copy of one report), if any clears the threshold."""
    best: tuple[float, str] | None = None
    for other in candidates:
        score = rewrite_score(other, article)
        if score >= REWRITE_THRESHOLD and (best is None or score > best[0]):
            best = (score, other.id)
    if best is None:
        return None
    return Relation(type="rewrite", a=best[1], b=article.id, score=round(best[0], 4))


def mentions_of(article: Article, raw_entities: list[tuple[int, int, str]]) -> list[Mention]:
    """An article's entity mentions from the NER spans, short forms resolved inside the article."""
    return resolve_in_article(article.id, article.text, raw_entities)


# What the engine hands in from outside the stages: inputs, the store's evidence and the indexes.
INPUTS = (
    "raw document",
    "stored line counts",
    "duplicate index",
    "story index",
    "ner spans",
    "previous entity ids",
)

PIPELINE: tuple[Stage, ...] = (
    Stage("parse", "document", ("raw document",), ("draft",), to_draft,
          "decode one input (text, HTML, JSONL record) into a draft with its metadata hints"),
    Stage("furniture evidence", "document", ("draft", "stored line counts"), ("recurring lines",), recurring_lines,
          "lines recurring across one outlet's articles are page furniture"),
    Stage("clean", "document", ("draft", "recurring lines"), ("article",), clean_draft,
          "furniture out; title, dateline, credit, outlet and publication date decided"),
    Stage("placement", "placement", ("article", "duplicate index", "story index"),
          ("story id", "copy relation", "story members"),
          place_article, "duplicates and near duplicates, else the story the story index assigns"),
    Stage("rewrite", "placement", ("article", "story members"), ("copy relation",), best_rewrite,
          "a reworded copy among the story's most recent members"),
    Stage("story dates", "story", ("story members", "copy relation"), ("inferred dates",), infer_dates,
          "undated members dated from the most similar dated report"),
    Stage("story record", "story", ("story members", "copy relation", "inferred dates"), ("story",), story_record,
          "title, first and last date, independent reports"),
    Stage("mentions", "document", ("article", "ner spans"), ("mentions",), mentions_of,
          "spaCy names with short forms and acronyms resolved inside the article"),
    Stage("facts", "document", ("article", "inferred dates", "mentions"), ("facts",), extract_facts,
          "dates, dated sentences, claims and quotes of one article"),
    Stage("name index", "document", ("mentions",), ("name keys",), name_keys,
          "the normalised names an article mentions, for 'stories about X'"),
    Stage("conflicts", "run", ("story members", "facts", "copy relation"), ("conflicts",), story_conflicts,
          "where a story's own articles disagree (its 'disputed' flag)"),
    Stage("entities", "run", ("mentions", "story id", "previous entity ids"), ("entities",), store_entities,
          "store-wide entities with stable ids, each article's story as context"),
)  # fmt: skip

STAGES: dict[str, Stage] = {s.name: s for s in PIPELINE}
