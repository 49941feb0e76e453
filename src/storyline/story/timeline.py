"""A story's timeline: the dated sentences of its articles merged so that one event reported by several articles is
one entry citing all of them.

Two dated sentences are the same event when they carry the same date value (granularity kept: "2024" never merges
with "2024-10") and either the date is a day (two reports of one story that name the same day almost always report
the same happening, however differently worded: "died on Dec 6" and "his death last Saturday") or their wording
overlaps. The people and places of a story recur in most of its sentences, so overlap is counted on lower-case
content words only (what happened, not to whom): two shared words, or half of a short sentence's words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from storyline.components import connected_components
from storyline.models import DatedSentence, TimelineEvent
from storyline.text import event_words

__all__ = ["date_sort_key", "date_start", "merge_timeline"]

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# How a date was reached, best first: an event's entry takes the best of its sources.
_SEASON_START = {"SP": "03", "SU": "06", "FA": "09", "WI": "12"}
_HOW_RANK = {"explicit": 0, "relative_to_dct": 1, "relative_to_previous": 2, "inferred": 3, "underspecified": 4}
_MIN_SHARED = 2
_MIN_OVERLAP = 0.25
_SHORT_OVERLAP = 0.5


def _same_event(a: frozenset[str], b: frozenset[str]) -> bool:
    shared = len(a & b)
    overlap = shared / max(1, min(len(a), len(b)))
    return (shared >= _MIN_SHARED and overlap >= _MIN_OVERLAP) or (shared >= 1 and overlap >= _SHORT_OVERLAP)


def date_start(value: str) -> str:
    """The first day a TIMEX date value covers, as ISO: 2025-W36 -> 2025-09-01, 2025-Q3 -> 2025-07-01, 2025 ->
    2025-01-01 (a weekend starts on its Saturday, a season on its first month)."""
    year = value[:4]
    rest = value[5:]
    if rest.startswith("W") and rest[1:3].isdigit():
        try:
            monday = date.fromisocalendar(int(year), int(rest[1:3]), 1)
        except ValueError:
            return f"{year}-01-01"
        return (monday + timedelta(days=5 if rest.endswith("WE") else 0)).isoformat()
    if rest.startswith("Q") and rest[1:2].isdigit():
        return f"{year}-{3 * int(rest[1]) - 2:02d}-01"
    if rest.startswith("H") and rest[1:2].isdigit():
        return f"{year}-{6 * int(rest[1]) - 5:02d}-01"
    if rest in _SEASON_START:
        return f"{year}-{_SEASON_START[rest]}-01"
    return (value + "-01-01"[len(value) - 4 :])[:10] if len(value) < 10 else value[:10]


def date_sort_key(value: str) -> tuple[str, int]:
    """Chronological order with coarser values first among those starting the same day: 2024, 2024-02, 2024-W06,
    2024-02-05."""
    return date_start(value), -_span_days(value)


def _span_days(value: str) -> int:
    if len(value) == 4:
        return 366
    rest = value[5:]
    if rest[:1] in ("Q", "S", "F", "W") and not rest[:1].isdigit():
        return 2 if rest.endswith("WE") else (7 if rest.startswith("W") else 91)
    if rest[:1] == "H":
        return 182
    return 31 if len(value) == 7 else 1


def merge_timeline(dated: Iterable[DatedSentence], published: dict[str, str | None]) -> list[TimelineEvent]:
    """Timeline entries in date order; each cites its articles in publication order. `published` maps article ids
    to their publication dates (for citation order and to prefer the earliest report's wording)."""
    by_date: dict[str, list[DatedSentence]] = defaultdict(list)
    seen: set[tuple[str, str, int]] = set()
    for d in dated:
        key = (d.article_id, d.date, d.sentence_start)
        if key not in seen:  # a sentence that names one date twice is one source
            seen.add(key)
            by_date[d.date].append(d)
    events = []
    for value, sources in by_date.items():
        for group in _group(value, sources):
            events.append(_event(value, group, published))
    events.sort(key=lambda e: (date_sort_key(e.date), e.article_ids, e.text))
    return events


def _group(date: str, sources: list[DatedSentence]) -> list[list[DatedSentence]]:
    if _DAY.match(date):
        return [sources]
    words = [event_words(s.sentence, names=False) for s in sources]
    links = ((i, j) for i in range(len(sources)) for j in range(i + 1, len(sources)) if _same_event(words[i], words[j]))
    return [[sources[i] for i in group] for group in connected_components(range(len(sources)), links)]


def _event(date: str, group: list[DatedSentence], published: dict[str, str | None]) -> TimelineEvent:
    order = sorted(group, key=lambda s: (published.get(s.article_id) or "9999", s.article_id, s.sentence_start))
    articles = list(dict.fromkeys(s.article_id for s in order))
    best = min(order, key=lambda s: (_HOW_RANK.get(s.how, 9), -s.confidence))
    # The wording most shared with the other sources describes the event best; ties go to the earliest report.
    words = [event_words(s.sentence, names=False) for s in order]
    shared = [sum(len(words[i] & w) for j, w in enumerate(words) if j != i) for i in range(len(order))]
    text = max(range(len(order)), key=lambda i: (shared[i], -i))
    return TimelineEvent(
        date=date,
        text=order[text].sentence,
        article_ids=articles,
        how=best.how,
        confidence=round(max(s.confidence for s in order), 3),
        uncertain=all(s.how in ("inferred", "underspecified") for s in order),
        sources=order,
    )
