"""JSON-ready views of stories and articles: the shape the CLI, the API and the web pages all share.

Field names follow the contract in DESIGN.md. Fact fields that later stages fill (entities, timeline, claims,
conflicts, quotes, summary) are always present, empty until those stages have run, so consumers can rely on them.
"""

from __future__ import annotations

from typing import Any

from storyline.cluster import StoryIndex
from storyline.extract.aliases import resolve_entities
from storyline.models import Article, ArticleFacts, Claim, Conflict, Entity, Quote, Relation, Story, TimelineEvent
from storyline.store.sqlite import SqliteStore
from storyline.store.story_index_sqlite import SqliteStoryState
from storyline.story.facts import story_facts
from storyline.story.summary import Summary, article_labels, summarize_story
from storyline.story.timeline import merge_timeline


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


def article_facts_view(facts: ArticleFacts | None) -> dict[str, Any]:
    """An article's own facts with their character spans in its clean text, for highlighting."""
    if facts is None:
        return {"mentions": [], "dates": [], "claims": [], "quotes": [], "facts_error": None}
    return {
        "mentions": [
            {"start": m.start, "end": m.end, "text": m.text, "type": m.type, "resolved": m.resolved, "method": m.method}
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


def article_detail_view(store: SqliteStore, article_id: str) -> dict[str, Any]:
    """One article with its facts (entity mentions, dates, claims and quotes, each with its span)."""
    article = store.get_article(article_id)
    return {**article_view(article), **article_facts_view(store.facts_of([article_id]).get(article_id))}


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


def story_view(store: SqliteStore, story_id: str) -> dict[str, Any]:
    """A story with its articles, copy relations and related stories."""
    story = store.get_story(story_id)
    articles = store.story_articles(story_id)
    relations = store.relations_among([a.id for a in articles])
    member_ids = {a.id for a in articles}
    view = story_summary_view(story)
    index = StoryIndex(SqliteStoryState(store.conn))
    related = [(other, score) for other, score in index.related(story_id) if store.has_story(other)]
    related_articles = [a for other, _ in related for a in store.story_articles(other, with_text=False)]
    related_facts = store.facts_of([a.id for a in related_articles])
    related_claims = [c for f in related_facts.values() for c in f.claims]
    facts = story_facts(articles, store.facts_of([a.id for a in articles]), relations, related_claims)
    everyone = articles + related_articles
    story_of = {a.id: a.story_id for a in everyone}
    thread = merge_timeline(
        [d for e in facts.timeline for d in e.sources] + [d for f in related_facts.values() for d in f.dated],
        {a.id: a.published for a in everyone},
    )
    view.update(
        {
            "articles": [article_view(a) for a in articles],
            "outlets": sorted({a.outlet for a in articles if a.outlet}),
            "relations": [relation_view(r) for r in relations if r.a in member_ids and r.b in member_ids],
            "related_stories": [
                {"id": other, "title": store.get_story(other).title, "score": round(score, 4)}
                for other, score in related
            ],
            "entities": [entity_view(e) for e in _by_weight(facts.entities)],
            "timeline": [timeline_view(e) for e in facts.timeline],
            "storyline": [
                {**timeline_view(e), "stories": sorted({story_of[a] for a in e.article_ids if story_of.get(a)})}
                for e in thread
            ],
            "claims": [claim_view(c) for c in facts.claims],
            "conflicts": [conflict_view(c) for c in facts.conflicts],
            "agreements": [conflict_view(c) for c in facts.agreements],
            "quotes": [quote_view(q) for q in facts.quotes],
            "facts_errors": facts.errors,
            "summary": summary_view(
                summarize_story(articles, facts.conflicts, names=article_labels(articles + related_articles))
            ),
        }
    )
    return view


def summary_view(summary: Summary) -> dict[str, Any]:
    return {
        "text": " ".join(s.text for s in summary.sentences),
        "sentences": [
            {"text": s.text, "article": s.article_id, "span": [s.start, s.end], "articles": s.articles}
            for s in summary.sentences
        ],
        "disagreements": summary.disagreements,
    }


def _by_weight(entities: list[Entity]) -> list[Entity]:
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
        "value": claim.value,
        "value_high": claim.value_high,
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
                "value": side.value,
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


def entities_view(store: SqliteStore, limit: int | None = None) -> list[dict[str, Any]]:
    """Canonical entities over the whole store, merged across articles, with the stories they appear in."""
    story_of = store.article_stories()
    entities = _by_weight(resolve_entities([m for f in store.all_facts() for m in f.mentions]))
    return [entity_view(e, story_of) for e in entities[:limit]]


def stories_view(store: SqliteStore, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    return [story_summary_view(s) for s in store.list_stories(limit=limit, offset=offset)]
