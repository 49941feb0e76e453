"""Independent reports: how many of a story's articles confirm it independently. Copies and rewrites of one report
are one report, however many outlets carry them."""

from __future__ import annotations

from storyline.components import connected_components
from storyline.models import Relation

__all__ = ["independent_reports"]


def independent_reports(article_ids: list[str], relations: list[Relation]) -> int:
    """Articles that are not copies or rewrites of one another: connected components of the copy relations."""
    return len(connected_components(article_ids, ((r.a, r.b) for r in relations)))
