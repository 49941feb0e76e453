"""Rules over a story's whole membership, re-applied whenever its articles change: the story's record (title,
dates, independent reports), and the publication date of undated articles inferred from the dated reports beside
them.

Pure functions: the engine loads the members (and, for date inference, the texts `inference_texts` asks for) and
saves what these return.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from storyline.clean import infer_published
from storyline.models import Article, Relation, Story
from storyline.reconcile.independent import independent_reports
from storyline.text import content_words

__all__ = ["DateChange", "infer_dates", "inference_texts", "story_record", "story_title"]

# Dated reports compared with an undated one to infer its date: the nearest in arrival order are the likeliest peers.
INFERENCE_NEIGHBOURS = 30


@dataclass(frozen=True, slots=True)
class DateChange:
    """An article whose publication date the story now implies (None: no longer inferable)."""

    article_id: str
    published: str | None
    how: str | None
    confidence: float


def story_title(members: list[Article]) -> str:
    """The headline of the earliest report that has one; a generated title only when no member has a headline."""
    ordered = sorted(members, key=lambda a: (a.published or "9999", a.seq))
    for article in ordered:
        if not article.title_generated and article.title:
            return article.title
    return ordered[0].title


def _known(members: list[Article]) -> dict[str, str]:
    return {a.id: a.published for a in members if a.published and a.published_how != "inferred"}


def _neighbours(article: Article, dated: list[Article]) -> list[Article]:
    return sorted(dated, key=lambda a: abs(a.seq - article.seq))[:INFERENCE_NEIGHBOURS]


def inference_texts(members: list[Article]) -> list[str]:
    """The ids of the articles whose texts `infer_dates` reads: each undated member and the dated members nearest
    it in arrival order. Empty when nothing is to be inferred (members may come without their texts)."""
    known = _known(members)
    undated = [a for a in members if a.id not in known]
    if not undated or not known:
        return []
    dated = [a for a in members if a.id in known]
    return sorted({x.id for a in undated for x in [a, *_neighbours(a, dated)]})


def infer_dates(members: list[Article], relations: list[Relation], texts: dict[str, str]) -> list[DateChange]:
    """Dates of the story's undated members, each from the most similar dated report (texts from
    `inference_texts`); the copy relations name a copy's origin, whose date a copy shares. Returns only the
    members whose date changes, and updates those members in place."""
    known = _known(members)
    undated = [a for a in members if a.id not in known]
    changes: list[DateChange] = []
    if not undated or not known:
        return changes
    dated = [a for a in members if a.id in known]
    for article in undated:
        origin = next(
            (known[r.a if r.b == article.id else r.b] for r in relations
             if article.id in (r.a, r.b) and known.get(r.a if r.b == article.id else r.b)),
            None,
        )  # fmt: skip
        nearest = _neighbours(article, dated)
        # Anchor on the most similar dated report: a weekday in the text ("said Monday") names the day of the
        # event that report is also about, not of the story's first report, which may be days earlier.
        anchor = _most_similar(texts[article.id], [(a, texts[a.id]) for a in nearest])
        found = infer_published(texts[article.id], [known[anchor.id]], origin) if anchor else None
        date, confidence = found if found else (None, 0.0)
        if date != article.published:
            how = "inferred" if date else None
            changes.append(DateChange(article.id, date, how, confidence))
            article.published = date
            article.published_how = how  # type: ignore[assignment]
    return changes


def _most_similar(text: str, others: list[tuple[Article, str]]) -> Article | None:
    if not others:
        return None
    mine = Counter(content_words(text))
    norm = math.sqrt(sum(v * v for v in mine.values())) or 1.0

    def cosine(other: str) -> float:
        theirs = Counter(content_words(other))
        dot = sum(v * theirs.get(k, 0) for k, v in mine.items())
        return dot / (norm * (math.sqrt(sum(v * v for v in theirs.values())) or 1.0))

    return max(others, key=lambda o: (cosine(o[1]), o[0].published or "", o[0].id))[0]


def story_record(story_id: str, members: list[Article], relations: list[Relation]) -> Story:
    """A story's record from its members (dates as already inferred): title, article ids in arrival order, first
    and last publication date, and how many independent reports it has."""
    dates = sorted(a.published for a in members if a.published)
    return Story(
        id=story_id,
        title=story_title(members),
        article_ids=[a.id for a in members],
        first_published=dates[0] if dates else None,
        last_published=dates[-1] if dates else None,
        independent_reports=independent_reports([a.id for a in members], relations),
    )
