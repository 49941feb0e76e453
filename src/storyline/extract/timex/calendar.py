"""Calendar arithmetic and anchoring for time expressions: shifting by units, ISO weeks, quarters, and choosing which
April or which Friday a text means from the document creation time (dct) and the tense around the expression."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

Tense = Literal["past", "present", "future", "none"]

# Granularities a resolved date can have; a shift keeps the granularity of what it shifts.
DAY, WEEK, MONTH, QUARTER, HALF, SEASON, YEAR, DECADE, CENTURY = "D", "W", "M", "Q", "H", "S", "Y", "DE", "CE"


def parse_dct(dct: str | None) -> date | None:
    """The date part of an ISO document creation time (`2025-12-11`, `1990-08-16T20:41`), or None."""
    if not dct:
        return None
    m = re.match(r"\s*(\d{4})-?(\d{2})-?(\d{2})", dct)
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        # Some corpora write day-month-year: 03-02-2009.
        m = re.match(r"\s*(\d{2})[-/.](\d{2})[-/.](\d{4})", dct)
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None
    except ValueError:
        return None


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    """(year, month) shifted by n months."""
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def shift_date(d: date, unit: str, n: int) -> date:
    """A date moved by n units (D, W, M, Q, Y, DE, CE); month ends clamp (Jan 31 + 1 month = Feb 28/29)."""
    if unit == DAY:
        return d + timedelta(days=n)
    if unit == WEEK:
        return d + timedelta(weeks=n)
    months = {MONTH: 1, QUARTER: 3, HALF: 6, YEAR: 12, DECADE: 120, CENTURY: 1200}[unit] * n
    y, m = add_months(d.year, d.month, months)
    for day in (d.day, 30, 29, 28):
        try:
            return date(y, m, day)
        except ValueError:
            continue
    return date(y, m, 28)


def iso_week(d: date) -> str:
    """TIMEX3 week value, e.g. `2025-W36` (ISO year, which can differ from the calendar year at its edges)."""
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def format_at(d: date, unit: str) -> str:
    """The value of the period of granularity `unit` that contains d: `2025-12-06`, `2025-W49`, `2025-12`, ..."""
    if unit == DAY:
        return d.isoformat()
    if unit == WEEK:
        return iso_week(d)
    if unit == MONTH:
        return f"{d.year:04d}-{d.month:02d}"
    if unit == QUARTER:
        return f"{d.year:04d}-Q{quarter_of(d)}"
    if unit == HALF:
        return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
    if unit == DECADE:
        return f"{d.year // 10:03d}"
    if unit == CENTURY:
        return f"{d.year // 100:02d}"
    return f"{d.year:04d}"


def weekday_near(dct: date, weekday: int, tense: Tense, strict: bool = False) -> date:
    """The weekday (0 = Monday) a bare day name means: news speaks of the last such day (the dct itself included)
    unless the sentence is in the future tense, then the next one. `strict` excludes the dct itself ("last Friday",
    "next Friday")."""
    if tense == "future":
        ahead = (weekday - dct.weekday()) % 7
        if ahead == 0 and strict:
            ahead = 7
        return dct + timedelta(days=ahead)
    back = (dct.weekday() - weekday) % 7
    if back == 0 and strict:
        back = 7
    return dct - timedelta(days=back)


def year_for_month(dct: date, month: int, day: int | None, tense: Tense) -> int:
    """Which year an April (or April 8) without a year means.

    A bare month follows the tense strictly (past narration in February about "April" means last April; a plan in
    November for "March" means next March) and, with no tense to go by, is the nearest such month. A month and day
    is the nearest such date, a direction the tense contradicts costing about six months: "was ordered home by
    Jan. 14" written on Jan. 5 is this Jan. 14, while "was shot Oct. 23" written in May is last year's.
    """
    if day is None:
        here, there = dct.month, month
        if tense == "past":
            return dct.year - 1 if there > here else dct.year
        if tense == "future":
            return dct.year + 1 if there < here else dct.year
        if there - here > 6:
            return dct.year - 1
        if here - there > 6:
            return dct.year + 1
        return dct.year
    best: tuple[float, int] | None = None
    for year in (dct.year - 1, dct.year, dct.year + 1):
        try:
            delta = (date(year, month, day) - dct).days
        except ValueError:  # 29 February
            continue
        cost = abs(delta) + (200 if (tense == "past" and delta > 0) or (tense == "future" and delta < 0) else 0)
        if best is None or cost < best[0]:
            best = (cost, year)
    return best[1] if best else dct.year


def year_for_quarter(dct: date, quarter: int, tense: Tense) -> int:
    """Which year a bare "fourth quarter" means: results are reported after a quarter ends, so a quarter later in
    the year than the dct's is last year's unless the sentence looks forward."""
    if quarter > quarter_of(dct) and tense != "future":
        return dct.year - 1
    return dct.year


# --- tense around an expression -------------------------------------------------------------------------------------

_FUTURE = (
    r"will|won't|wo|'ll|shall|going\s+to|to\s+be\s+held|(?:is|are|was|were)\s+(?:expected|scheduled|slated|due|set|"
    r"planned|likely)\s+to|plans?\s+to|planned\s+to|planning|intends?\s+to|would|upcoming|forthcoming|next(?!\s+to\b)|expects?|"
    r"as\s+(?:soon|early)\s+as|scheduled|(?:is|are)\s+to"
)
_PAST_IRREGULAR = (
    "said|told|was|were|had|did|made|took|came|went|saw|met|held|won|lost|left|fell|rose|began|found|got|gave|sold|"
    "bought|paid|spent|thought|knew|became|ran|struck|led|fled|shot|sent|built|brought|caught|fought|kept|meant|felt|"
    "stood|spoke|wrote|broke|chose|drove|flew|grew|threw|wore|ate|drew|hung|lay|rang|sank|stole|swore|tore|woke|sat|"
    "slid|sought|taught|won|ago|earlier|last|yesterday"
)
_TENSE = re.compile(
    rf"\b(?P<future>{_FUTURE})\b|\b(?P<past>{_PAST_IRREGULAR}|[a-z]{{2,}}ed)\b|\b(?P<present>is|are|says|say|am)\b",
    re.IGNORECASE,
)
# -ed words that are usually not past-tense verbs in news (adjectives, or future-looking participles).
_NOT_PAST = frozenset(
    "need needed red bed wed fed shed speed proceed exceed succeed embed bred hundred united based related limited "
    "expected scheduled planned proposed supposed advanced detailed unexpected unprecedented talented".split()
)
_FINITE = frozenset("said was were had did ago earlier last yesterday".split())
_PASSIVE = re.compile(r"\b(?:be|been|being|is|are)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"“'‘(]?[A-Z])|\n\s*\n|\n")
_WINDOW = 160


def tense_near(text: str, start: int, end: int) -> Tense:
    """The tense of the clause around text[start:end], from the nearest tense marker in the same sentence.

    There is no parser: the nearest of `will`/`expected to`/`next` (future), a past form (`said`, `-ed`, `was`)
    or `is`/`says` (present) decides, because in news the verb closest to a time expression is usually its own.
    """
    lo = max(0, start - _WINDOW)
    hi = min(len(text), end + _WINDOW)
    before = text[lo:start]
    # Cut the window at sentence ends; `Aug. 7` style abbreviations may cut early, which only loses context.
    cuts = list(_SENTENCE_END.finditer(before))
    if cuts:
        lo += cuts[-1].end()
        before = text[lo:start]
    after = text[end:hi]
    cut = _SENTENCE_END.search(after)
    if cut:
        after = after[: cut.start()]
    best: tuple[int, Tense] | None = None
    for chunk, offset, backwards in ((before, lo, True), (after, end, False)):
        for m in _TENSE.finditer(chunk):
            word = m.group(0).lower()
            if m.group("past") and word in _NOT_PAST:
                continue
            # A participle after a form of "be" ("to be published", "will be paid") is a passive, not a past.
            if m.group("past") and word not in _FINITE and _PASSIVE.search(chunk, 0, m.start()):
                continue
            tense: Tense = "future" if m.group("future") else "past" if m.group("past") else "present"
            # Words after the expression count a little less: "said Friday" and "Friday, he said" both bind,
            # but a verb before is more often the expression's own.
            distance = (start - (offset + m.end())) if backwards else (offset + m.start() - end) + 10
            if best is None or distance < best[0]:
                best = (distance, tense)
    return best[1] if best else "none"
