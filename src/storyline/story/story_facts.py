"""A story's facts, assembled from its articles' facts: the merged timeline, claims, quotes linked across articles,
and where sources disagree. (Its entities are the store-wide ones, resolved at ingest: see read/story.py.)

Computed when a story is read, not stored: membership changes as articles arrive, and the work is a few
milliseconds for a story of ordinary size (the expensive part, NER, ran once per article at ingest).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storyline.extract.quotes import link_quotes
from storyline.models import (
    Article,
    ArticleFacts,
    Claim,
    Conflict,
    Quote,
    Relation,
    TimelineEvent,
)
from storyline.reconcile.conflicts import find_conflicts
from storyline.story.timeline import merge_timeline

__all__ = ["StoryFacts", "story_facts"]


@dataclass(slots=True)
class StoryFacts:
    timeline: list[TimelineEvent] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    agreements: list[Conflict] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def story_facts(
    articles: list[Article],
    facts: dict[str, ArticleFacts],
    relations: list[Relation],
    related_claims: list[Claim] | None = None,
) -> StoryFacts:
    """Everything a story view shows beyond its articles. `related_claims` are the claims of related stories:
    a figure revised in a follow-up story is a revision of this story's figure too."""
    ids = [a.id for a in articles if a.id in facts]
    members = set(ids)
    mine = [facts[i] for i in ids]
    published = {a.id: a.published for a in articles}
    claims = [c for f in mine for c in f.claims]
    quotes = [q for f in mine for q in f.quotes]
    link_quotes(quotes)
    copies = [r for r in relations if r.a in members and r.b in members]
    dated = [d for f in mine for d in f.dated]
    texts = {a.id: a.text for a in articles if a.id in members}
    conflicts, agreements = find_conflicts(claims + (related_claims or []), dated, copies, texts, members)
    return StoryFacts(
        timeline=merge_timeline(dated, published),
        claims=claims,
        conflicts=conflicts,
        agreements=agreements,
        quotes=quotes,
        errors={f.article_id: f.error for f in mine if f.error},
    )
