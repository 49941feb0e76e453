"""Related stories: other events on the same wider storyline.

Two stories are related when they share the people, places and organisations that matter to each (the ``n:`` keys of
their centroids) but were kept apart as events: the second Lohan rehab stay is related to the first, the Angels' offer
to Teixeira to the Red Sox's. Candidates come from the same capped posting lists as assignment, so the cost does not
grow with the store.
"""

from __future__ import annotations

import math

from .settings import ClusterSettings
from .state import StoryRecord, StoryState, resolve_stories


def _names(story: StoryRecord) -> dict[str, float]:
    return {k: v for k, v in story.centroid.items() if k.startswith("n:")}


def name_similarity(a: StoryRecord, b: StoryRecord) -> float:
    """Cosine between the name parts of two story centroids."""
    na, nb = _names(a), _names(b)
    if len(na) > len(nb):
        na, nb = nb, na
    d = sum(v * nb.get(k, 0.0) for k, v in na.items())
    if not d:
        return 0.0
    return d / (math.sqrt(sum(v * v for v in na.values())) * math.sqrt(sum(v * v for v in nb.values())))


def related_stories(
    state: StoryState, story_id: str, settings: ClusterSettings, limit: int = 5
) -> list[tuple[str, float]]:
    """Up to ``limit`` (story id, score) pairs, best first; score is the name cosine, at least ``related_min``."""
    # The id may have been merged into another story since the caller got it: follow the alias.
    story = next(iter(resolve_stories(state, [story_id]).values()), None)
    if story is None:
        return []
    names = sorted(_names(story).items(), key=lambda kv: (-kv[1], kv[0]))[: settings.query_terms]
    overlap: dict[str, float] = {}
    for key, ids in state.postings([k for k, _ in names]).items():
        w = story.centroid[key]
        for sid in ids:
            if sid != story.id:
                overlap[sid] = overlap.get(sid, 0.0) + w
    ranked = sorted(overlap, key=lambda sid: (-overlap[sid], sid))[: settings.max_candidates * 2]
    scored = []
    for sid, other in resolve_stories(state, ranked).items():
        if sid == story.id:
            continue
        score = name_similarity(story, other)
        if score >= settings.related_min:
            scored.append((sid, round(score, 4)))
    scored.sort(key=lambda x: (-x[1], x[0]))
    return scored[:limit]
