"""Words time expressions are built from, as regex fragments and lookup tables (English)."""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
# Case-sensitive on purpose: "may", "march" and "sept" are ordinary words in lower case.
MONTH = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)
# Full month names only: a bare "Jan" or "Mar" without a day is too often something else.
MONTH_FULL = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)\b"
)
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "thursday": 3, "thu": 3,
    "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
WEEKDAY_ABBR = r"(?-i:Mon|Tues?|Wed|Thur?s?|Fri|Sat|Sun)\.?"

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "last": 4, "final": 4,
}  # fmt: skip

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
               "ninety": 90}  # fmt: skip
_FUZZY = ("a few", "few", "several", "some", "many", "a number of", "numerous")

NUMBER = (
    r"(?:\d+(?:\.\d+)?(?:\s+1/2)?|a\s+couple\s+of|a\s+dozen|dozens\s+of|a\s+few|a\s+number\s+of|several|few|many|"
    r"numerous|a|an|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|"
    r"seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|hundred|a\s+hundred|one\s+hundred)"
)

# Unit words -> TIMEX3 duration letters (the T marks a time unit: PT5H, PT30M).
UNITS = {
    "second": "TS", "minute": "TM", "hour": "TH", "day": "D", "night": "D", "week": "W", "fortnight": "2W",
    "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE", "centurie": "CE",
}  # fmt: skip
UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur(?:y|ie))"


def parse_number(text: str) -> float | None:
    """A count written in digits or words ("3", "twenty-five", "a", "a couple of"); None for vague amounts."""
    t = re.sub(r"\s+", " ", text.strip().lower())
    if t in _FUZZY or t.startswith("dozens"):
        return None
    if t in ("a", "an", "one", "a hundred", "one hundred", "hundred"):
        return 100.0 if "hundred" in t else 1.0
    if t == "a couple of":
        return 2.0
    if t == "a dozen":
        return 12.0
    if t.endswith(" 1/2"):
        base = parse_number(t[:-4])
        return None if base is None else base + 0.5
    try:
        return float(t)
    except ValueError:
        pass
    if t in _UNITS_WORDS:
        return float(_UNITS_WORDS[t])
    parts = re.split(r"[\s-]", t)
    if parts[0] in _TENS_WORDS:
        return float(_TENS_WORDS[parts[0]] + (_UNITS_WORDS.get(parts[1], 0) if len(parts) > 1 else 0))
    return None


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def weekday_number(name: str) -> int:
    """0 for Monday ... 6 for Sunday; accepts abbreviations, plurals ("Mondays") and possessives ("Friday's")."""
    key = name.lower().rstrip(".").removesuffix("'s")
    if key not in WEEKDAYS:
        key = key.removesuffix("s")
    return WEEKDAYS[key]
