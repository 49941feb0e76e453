"""JSON-ready views of stories and articles: the shape the CLI, the API and the web pages all share.

Field names follow the contract in DESIGN.md. Fact fields that later stages fill (entities, timeline, claims,
conflicts, quotes, summary) are always present, empty until those stages have run, so consumers can rely on them.
"""

from __future__ import annotations

from typing import Any

from storyline.cluster import StoryIndex
from storyline.models import Article, Relation, Story
from storyline.store.sqlite import SqliteStore
from storyline.store.story_index_sqlite import SqliteStoryState


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
    view.update(
        {
            "articles": [article_view(a) for a in articles],
            "outlets": sorted({a.outlet for a in articles if a.outlet}),
            "relations": [relation_view(r) for r in relations if r.a in member_ids and r.b in member_ids],
            "related_stories": [
                {"id": other, "title": store.get_story(other).title, "score": round(score, 4)}
                for other, score in related
            ],
            "entities": [],
            "timeline": [],
            "claims": [],
            "conflicts": [],
            "quotes": [],
            "summary": None,
        }
    )
    return view


def stories_view(store: SqliteStore, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    return [story_summary_view(s) for s in store.list_stories(limit=limit, offset=offset)]
