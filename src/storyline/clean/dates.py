"""Dates on a page: date widget lines, byline dates, and the publication date of an undated article from its story."""

from __future__ import annotations

import re
from datetime import date, timedelta

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
_MDY = rf"(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
_DMY = rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}})"
_ISO = r"(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})"
_NUMERIC_DMY = r"(?P<d4>\d{1,2})\.(?P<m4>\d{1,2})\.(?P<y4>\d{4})"  # 30.08.2025, the European page style
_DATE = rf"(?:{_MDY}|{_DMY}|{_ISO}|{_NUMERIC_DMY})"
_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}(?:[+-]\d{1,2})?\)?)?"

# A date search inside a longer line (a byline, a dateline).
DATE_IN_TEXT = re.compile(rf"(?<![\w-]){_DATE}(?![\w-])", re.IGNORECASE)
# A line that is nothing but a date (a page's date widget), with an optional weekday and time around it.
_BARE_DATE = re.sub(r"\(\?P<\w+>", "(?:", _DATE)  # the same shape without group names, to use it twice
_DATE_LINE = re.compile(
    rf"^(?:{_WEEKDAY},?\s+)?{_BARE_DATE}(?:\s*(?:[,|•·@-]|at)?\s*{_TIME})?\.?$"
    rf"|^{_TIME}\s*[,|•·-]?\s*(?:{_WEEKDAY},?\s+)?{_BARE_DATE}$",
    re.IGNORECASE,
)
# "said Monday", "announced on Tuesday": the weekday of a report's own event, usually its publication day.
_REPORTED_WEEKDAY = re.compile(
    r"\b(?:said|says|announced|reported|told|confirmed|stated|declared|added|wrote|revealed|disclosed|tweeted"
    r"|posted|published|issued)\s+(?:on\s+|late\s+|early\s+|last\s+)?(?P<day>"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b(?P<day2>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:'s|’s)?\s+"
    r"(?:statement|announcement|report|briefing|press\s+conference)\b",
    re.IGNORECASE,
)
_ANY_WEEKDAY = re.compile(
    r"\b(?P<prefix>last|next|this|previous|coming|following)?\s*(?P<day>monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)\b",
    re.IGNORECASE,
)

# Confidence of an inferred date by the evidence behind it.
_CONF_ORIGIN = 0.7  # a copy or rewrite is published on, or just after, its original's day
_CONF_REPORTED_WEEKDAY = 0.6
_CONF_WEEKDAY = 0.45
_CONF_STORY = 0.25


def _iso(year: str, month: str | int, day: str) -> str | None:
    try:
        if isinstance(month, str) and not month.isdigit():
            month = _MONTHS[month[:3].lower()]
        return date(int(year), int(month), int(day)).isoformat()
    except (ValueError, KeyError):
        return None


def _from_match(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    for y, mo, d in (("y1", "m1", "d1"), ("y2", "m2", "d2"), ("y3", "m3", "d3"), ("y4", "m4", "d4")):
        if g.get(y):
            return _iso(g[y], g[mo], g[d])
    return None


def date_line(line: str) -> str | None:
    """ISO date when the whole line is a date (optionally with weekday and time), else None."""
    if len(line) > 60 or not any(ch.isdigit() for ch in line):
        return None
    m = _DATE_LINE.match(line)
    if not m:
        return None
    found = DATE_IN_TEXT.search(line)
    return _from_match(found) if found else None


def find_date(text: str) -> str | None:
    """The first full date (day, month and year) written in the text, as ISO, or None."""
    for m in DATE_IN_TEXT.finditer(text):
        iso = _from_match(m)
        if iso:
            return iso
    return None


def _weekday_on_or_before(anchor: str, weekday: str) -> str | None:
    try:
        day = date.fromisoformat(anchor[:10])
    except ValueError:
        return None
    back = (day.weekday() - _WEEKDAYS.index(weekday.lower())) % 7
    return (day - timedelta(days=back)).isoformat()


def infer_published(text: str, story_dates: list[str], origin_date: str | None) -> tuple[str, float] | None:
    """Publication date of an undated article from its story, with a confidence in 0..1.

    `origin_date` (the date of the article this one copies or rewrites) wins when given. Otherwise a weekday the text
    reports an event on ("the Foreign Ministry said Monday") is resolved to that weekday on or before the earliest
    story date: an undated report of the announcement is written the day of it, and not after the other reports of it.
    Without a weekday, the earliest story date is a weak guess. None when there is nothing to go on.
    """
    if origin_date:
        return origin_date[:10], _CONF_ORIGIN
    dated = sorted(d[:10] for d in story_dates if d)
    if not dated:
        return None
    anchor = dated[0]
    m = _REPORTED_WEEKDAY.search(text)
    if m:
        resolved = _weekday_on_or_before(anchor, m.group("day") or m.group("day2"))
        if resolved:
            return resolved, _CONF_REPORTED_WEEKDAY
    for m in _ANY_WEEKDAY.finditer(text):
        # "last Tuesday" / "next Friday" are relative to the publication day, so they cannot give it.
        if m.group("prefix"):
            continue
        resolved = _weekday_on_or_before(anchor, m.group("day"))
        if resolved:
            return resolved, _CONF_WEEKDAY
    return anchor, _CONF_STORY
