"""Cross-document furniture evidence: which articles share page furniture (one outlet, else one web site, else one
folder), and which of a batch's lines recur often enough, counting what earlier batches saw, to be furniture."""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from urllib.parse import urlparse

from storyline.clean.furniture import furniture_candidates
from storyline.models import Draft

__all__ = ["batch_line_counts", "furniture_group", "recurring_lines"]


def furniture_group(draft: Draft) -> str | None:
    """Which articles share page furniture: one outlet, else one web site, else one folder (or JSONL file)."""
    if draft.outlet_hint:
        return "outlet:" + draft.outlet_hint.casefold()
    if draft.url:
        host = urlparse(draft.url).netloc.casefold()
        if host:
            return "site:" + host.removeprefix("www.")
    if draft.format == "jsonl":
        # A JSONL dump without source or URL mixes outlets: lines shared by its records are quotes and facts that
        # several reports repeat, not one site's page furniture.
        return None
    path = draft.source_path.split("#", 1)[0]
    return "folder:" + os.path.dirname(os.path.abspath(path))


def batch_line_counts(drafts: Iterable[Draft]) -> dict[str, Counter[str]]:
    """Per furniture group, in how many of these drafts each candidate line occurs."""
    per_group: dict[str, Counter[str]] = defaultdict(Counter)
    for draft in drafts:
        group = furniture_group(draft)
        if group is not None:
            per_group[group].update(set(furniture_candidates(draft.text)))
    return per_group


def recurring_lines(counts: Counter[str], stored: dict[str, int], min_articles: int) -> frozenset[str]:
    """The lines of one group seen in at least `min_articles` articles, this batch's and the stored ones."""
    return frozenset(k for k, n in counts.items() if n + stored.get(k, 0) >= min_articles)
