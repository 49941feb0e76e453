"""Date sanity shared by every reader: a date must be on the calendar and between 1900 and next year.

Readers take dates from places nobody checked (JSONL fields, `<meta>` tags, a ` date ` prefix). A value such as
"0001-01-01" or "2026-02-30" stored as a publication date breaks later arithmetic on dates (story spans, refreshes
overflow), so an invalid one is treated as absent and cleaning may still find a date in the text.
"""

from __future__ import annotations

import re
from datetime import date

MIN_YEAR = 1900
# ASCII digits only: `\d` would also take Arabic-Indic or full-width digits, which `date.fromisoformat` refuses.
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def year_in_range(year: int) -> bool:
    """Whether a publication year is plausible: from 1900 up to next year (time zones, embargoed stories)."""
    return MIN_YEAR <= year <= date.today().year + 1


def valid_iso_day(value: str) -> bool:
    """Whether `value` is exactly YYYY-MM-DD, a real calendar day, in the plausible range of years."""
    if not _ISO_DAY.fullmatch(value):
        return False
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return False
    return year_in_range(day.year)
