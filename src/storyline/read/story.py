"""Story and article views, read from a store: the full story view (articles, relations, related stories, entities,
timeline, storyline, claims, conflicts, quotes, summary), an article with its facts, and a story's own timeline.

A story's entities are the store-wide entities its articles mention (one identity everywhere: the id in a story
view is the id of the entity page, the CLI and the API), each with the mentions found in this story.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from storyline.cluster import StoryIndex
from storyline.models import Article, ArticleFacts, Entity, Mention
from storyline.read.entities import with_mentions
from storyline.read.views import (
    article_facts_view,
    article_view,
    by_weight,
    claim_view,
    conflict_view,
    entity_view,
    quote_view,
    relation_view,
    story_summary_view,
    summary_view,
    timeline_view,
)
from storyline.store import Store
from storyline.story.story_facts import story_facts
from storyline.story.summary import article_labels, summarize_story
from storyline.story.timeline import merge_timeline

__all__ = ["article_detail_view", "own_timeline_view", "related_story_ids", "story_entities", "story_view"]


def article_detail_view(store: Store, article_id: str) -> dict[str, Any]:
    """One article with its facts (entity mentions with their entity ids, dates, claims and quotes, each with its
    span). NotFoundError when absent."""
    article = store.get_article(article_id)
    facts = store.facts_of([article_id]).get(article_id)
    return {**article_view(article), **article_facts_view(facts, store.mention_entities([article_id]))}


def related_story_ids(store: Store, story_id: str) -> list[tuple[str, float]]:
    """Other stories on the same wider storyline, best first, with their scores (those that exist)."""
    index = StoryIndex(store.story_state())
    return [(other, score) for other, score in index.related(story_id) if store.has_story(other)]


def story_entities(store: Store, mentions: Iterable[Mention]) -> list[Entity]:
    """The store-wide entities these mentions belong to, each with just these mentions, most widely reported
    first. Mentions not resolved yet (an ingest run still going) are left out until the run ends."""
    mentions = list(mentions)
    entity_of = store.mention_entities(sorted({m.article_id for m in mentions}))
    records = store.entity_records(sorted(set(entity_of.values())))
    return by_weight([e for e in with_mentions(records.values(), mentions, entity_of) if e.mentions])


def story_view(store: Store, story_id: str) -> dict[str, Any]:
    """A story with its articles, copy relations, related stories and facts. NotFoundError when absent."""
    story = store.get_story(story_id)
    articles = store.story_articles(story_id)
    relations = store.relations_among([a.id for a in articles])
    member_ids = {a.id for a in articles}
    view = story_summary_view(story)
    related = related_story_ids(store, story_id)
    related_articles = [a for other, _ in related for a in store.story_articles(other, with_text=False)]
    related_facts = store.facts_of([a.id for a in related_articles])
    related_claims = [c for f in related_facts.values() for c in f.claims]
    own_facts = store.facts_of([a.id for a in articles])
    facts = story_facts(articles, own_facts, relations, related_claims)
    everyone = articles + related_articles
    story_of = {a.id: a.story_id for a in everyone}
    thread = merge_timeline(
        [d for e in facts.timeline for d in e.sources] + [d for f in related_facts.values() for d in f.dated],
        {a.id: a.published for a in everyone},
    )
    titles = store.story_titles([other for other, _ in related])
    view.update(
        {
            "articles": [article_view(a) for a in articles],
            "outlets": sorted({a.outlet for a in articles if a.outlet}),
            "relations": [relation_view(r) for r in relations if r.a in member_ids and r.b in member_ids],
            "related_stories": [
                {"id": other, "title": titles[other]["title"], "score": round(score, 4)}
                for other, score in related
                if other in titles
            ],
            "entities": [entity_view(e) for e in story_entities(store, _mentions(articles, own_facts))],
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


def _mentions(articles: list[Article], facts: dict[str, ArticleFacts]) -> list[Mention]:
    return [m for a in articles if a.id in facts for m in facts[a.id].mentions]


def own_timeline_view(store: Store, story_id: str) -> list[dict[str, Any]]:
    """A story's own timeline without computing its whole view: what `story_view` lists under "timeline"."""
    articles = store.story_articles(story_id, with_text=False)
    facts = store.facts_of([a.id for a in articles])
    dated = [d for a in articles if a.id in facts for d in facts[a.id].dated]
    return [timeline_view(e) for e in merge_timeline(dated, {a.id: a.published for a in articles})]
