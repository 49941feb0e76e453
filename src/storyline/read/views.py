"""JSON-ready views of the records: the shapes the CLI, the API and the web pages all share (serialisers only; the
reads that assemble them are in story.py and lists.py).

Field names follow the contract in DESIGN.md. Fact fields that later stages fill (entities, timeline, claims,
conflicts, quotes, summary) are always present, empty until those stages have run, so consumers can rely on them.
"""

from __future__ import annotations

from typing import Any

from storyline.models import Article, ArticleFacts, Claim, Conflict, Entity, Quote, Relation, Story, TimelineEvent
from storyline.read.safety import finite
from storyline.story.summary import Summary

__all__ = [
    "article_facts_view",
    "article_view",
    "by_weight",
    "claim_view",
    "conflict_view",
    "entity_view",
    "quote_view",
    "relation_view",
    "story_summary_view",
    "summary_view",
    "timeline_view",
]


def article_view(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "source_path": article.source_path,
        "url": article.url,
        "title": article.title,
        "title_generated": article.title_generated,
        "published": article.published,
        "published_how": article.published_how,
        "published_confidence": round(article.published_confidence, 3),
        "outlet": article.outlet,
        "outlet_how": article.outlet_how,
        "credit": article.credit,
        "dateline": article.dateline,
        "author": article.author,
        "story_id": article.story_id,
        "format": article.format,
        "text": article.text,
        "removed": article.removed,
    }


def article_facts_view(
    facts: ArticleFacts | None, entity_of: dict[tuple[str, int], str] | None = None
) -> dict[str, Any]:
    """An article's own facts with their character spans in its clean text, for highlighting; each mention with the
    id of its store-wide entity (`entity_of`, by (article id, start); None until entities were resolved)."""
    if facts is None:
        return {"mentions": [], "dates": [], "claims": [], "quotes": [], "facts_error": None}
    entity_of = entity_of or {}
    return {
        "mentions": [
            {
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "type": m.type,
                "resolved": m.resolved,
                "method": m.method,
                "entity": entity_of.get((m.article_id, m.start)),
            }
            for m in facts.mentions
        ],
        "dates": [
            {
                "start": t.start,
                "end": t.end,
                "text": t.text,
                "type": t.type,
                "value": t.value,
                "how": t.how,
                "confidence": t.confidence,
                "mod": t.mod,
            }
            for t in facts.timexes
        ],
        "claims": [claim_view(c) for c in facts.claims],
        "quotes": [quote_view(q) for q in facts.quotes],
        "facts_error": facts.error,
    }


def relation_view(rel: Relation) -> dict[str, Any]:
    return {"type": rel.type, "a": rel.a, "b": rel.b, "score": rel.score}


def story_summary_view(story: Story) -> dict[str, Any]:
    """A story without its articles' texts: for lists."""
    return {
        "id": story.id,
        "title": story.title,
        "size": len(story.article_ids),
        "article_ids": story.article_ids,
        "independent_reports": story.independent_reports,
        "first_published": story.first_published,
        "last_published": story.last_published,
    }


def summary_view(summary: Summary) -> dict[str, Any]:
    return {
        "text": " ".join(s.text for s in summary.sentences),
        "sentences": [
            {"text": s.text, "article": s.article_id, "span": [s.start, s.end], "articles": s.articles}
            for s in summary.sentences
        ],
        "disagreements": summary.disagreements,
    }


def by_weight(entities: list[Entity]) -> list[Entity]:
    """Most widely reported first: by articles, then mentions, then name."""
    return sorted(entities, key=lambda e: (-len({m.article_id for m in e.mentions}), -len(e.mentions), e.name))


def entity_view(entity: Entity, story_of: dict[str, str | None] | None = None) -> dict[str, Any]:
    articles = sorted({m.article_id for m in entity.mentions})
    view: dict[str, Any] = {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": entity.aliases,
        "articles": articles,
        "mentions": [
            {"article": m.article_id, "start": m.start, "end": m.end, "text": m.text, "method": m.method}
            for m in entity.mentions
        ],
    }
    if story_of is not None:
        view["stories"] = sorted({s for a in articles if (s := story_of.get(a))})
    return view


def timeline_view(event: TimelineEvent) -> dict[str, Any]:
    return {
        "date": event.date,
        "text": event.text,
        "articles": event.article_ids,
        "how": event.how,
        "confidence": event.confidence,
        "uncertain": event.uncertain,
        "sources": [
            {
                "article": s.article_id,
                "expression": s.timex_text,
                "how": s.how,
                "span": [s.start, s.end],
                "sentence": s.sentence,
                "sentence_span": [s.sentence_start, s.sentence_end],
            }
            for s in event.sources
        ],
    }


def claim_view(claim: Claim) -> dict[str, Any]:
    return {
        # A figure that is NaN or infinite (an extractor's overflow) is None: no page can show it, no briefing
        # write it, and JSON cannot hold it.
        "value": finite(claim.value),
        "value_high": finite(claim.value_high),
        "text": claim.text,
        "qualifier": claim.qualifier,
        "unit": claim.unit,
        "quantity_of": claim.quantity_of,
        "key": claim.key,
        "attributed_to": claim.attributed_to,
        "as_of": claim.as_of,
        "as_of_how": claim.as_of_how,
        "article": claim.article_id,
        "span": [claim.start, claim.end],
        "sentence": claim.sentence,
        "sentence_span": [claim.sentence_start, claim.sentence_end],
    }


def conflict_view(conflict: Conflict) -> dict[str, Any]:
    return {
        "about": conflict.about,
        "kind": conflict.kind,
        "topic": conflict.topic,
        "sides": [
            {
                "value": finite(side.value),
                "text": side.text,
                "articles": side.articles,
                "attributed_to": side.attributed_to,
                "as_of": side.as_of,
                "sentences": side.sentences,
            }
            for side in conflict.sides
        ],
    }


def quote_view(quote: Quote) -> dict[str, Any]:
    return {
        "speaker": quote.speaker,
        "via": quote.via,
        "text": quote.text,
        "kind": quote.kind,
        "article": quote.article_id,
        "link": quote.link,
        "span": [quote.start, quote.end],
        "sentence_span": [quote.sentence_start, quote.sentence_end],
    }
