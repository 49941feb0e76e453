"""Where sources disagree: figures reconciled across articles, dates of aligned sentences compared, and the wording
of copies compared. `find_conflicts` is the one rule; `story_conflicts` is what a story's flag needs of it.
"""

from __future__ import annotations

from storyline.models import ArticleFacts, Claim, Conflict, DatedSentence, Relation
from storyline.reconcile.claims import reconcile_claims
from storyline.reconcile.dates import date_conflicts, wording_conflicts

__all__ = ["copy_texts_needed", "find_conflicts", "story_conflicts"]


def find_conflicts(
    claims: list[Claim],
    dated: list[DatedSentence],
    copies: list[Relation],
    texts: dict[str, str],
    members: set[str] | None = None,
) -> tuple[list[Conflict], list[Conflict]]:
    """(conflicts, agreements) among articles: figures reconciled, dates of aligned sentences compared, and copies'
    wording compared (`texts` needs only the articles in `copies`). With `members`, only groups touching one of
    those articles are kept (the claims may include related stories')."""
    conflicts: list[Conflict] = []
    agreements: list[Conflict] = []
    for group in reconcile_claims(claims):
        if members is not None and not any(a in members for side in group.sides for a in side.articles):
            continue
        (agreements if group.kind == "agreement" else conflicts).append(group)
    conflicts += date_conflicts(dated, copies)
    conflicts += wording_conflicts(texts, copies)
    return conflicts, agreements


def _copies(member_ids: list[str], relations: list[Relation]) -> list[Relation]:
    inside = set(member_ids)
    return [r for r in relations if r.a in inside and r.b in inside]


def copy_texts_needed(member_ids: list[str], relations: list[Relation]) -> list[str]:
    """The articles whose texts `story_conflicts` compares: both sides of every copy relation inside the story."""
    return sorted({x for r in _copies(member_ids, relations) for x in (r.a, r.b)})


def story_conflicts(
    member_ids: list[str], facts: dict[str, ArticleFacts], relations: list[Relation], texts: dict[str, str]
) -> list[Conflict]:
    """Where a story's own articles disagree, as the story view finds it, without the related stories' claims
    (what a story's "disputed" flag and the conflict list need). `texts` as `copy_texts_needed` names them."""
    mine = [facts[i] for i in member_ids if i in facts]
    claims = [c for f in mine for c in f.claims]
    conflicts, _ = find_conflicts(claims, [d for f in mine for d in f.dated], _copies(member_ids, relations), texts)
    return conflicts
