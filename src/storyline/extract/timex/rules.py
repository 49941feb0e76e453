"""The recognition rules: one regular expression per kind of time expression, each with the function that turns a
match into a TIMEX3 type and value (in the spirit of HeidelTime's pattern + normalisation resources).

A handler gets the match and the document `Context` (creation time, the previous date in the text, the tense
around the match) and returns a `Found`, or None to reject the match. Rules never look at other documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.easter import easter

from storyline.extract.timex.calendar import (
    CENTURY,
    DAY,
    DECADE,
    HALF,
    MONTH,
    QUARTER,
    WEEK,
    YEAR,
    Tense,
    add_months,
    format_at,
    iso_week,
    quarter_of,
    shift_date,
    tense_near,
    weekday_near,
    year_for_month,
    year_for_quarter,
)
from storyline.extract.timex.vocab import (
    MONTH as MONTH_RX,
)
from storyline.extract.timex.vocab import (
    MONTH_FULL,
    NUMBER,
    ORDINALS,
    UNIT,
    UNITS,
    WEEKDAY,
    month_number,
    parse_number,
    weekday_number,
)

EXPLICIT, FROM_DCT, FROM_PREVIOUS, UNDERSPECIFIED = (
    "explicit",
    "relative_to_dct",
    "relative_to_previous",
    "underspecified",
)


@dataclass(slots=True)
class Found:
    """What a handler makes of a match."""

    type: str
    value: str
    how: str
    confidence: float
    mod: str | None = None
    # Narrower span than the match when the pattern needed context it should not keep (a sentence-final dot).
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Context:
    """Per-document state the handlers read: dct, the last resolved date (anchor for "the next day", "that year"),
    the last quarter or period mentioned (anchor for "the quarter", "a year earlier" in earnings reports)."""

    text: str
    dct: date | None
    anchor: date | None = None
    anchor_unit: str | None = None
    last_quarter: tuple[int, int] | None = None
    last_quarter_at: int = -(10**9)  # where it was mentioned: "a year ago" refers to it only close after
    last_period: str | None = None
    _tenses: dict[tuple[int, int], Tense] = field(default_factory=dict)

    def tense(self, m: re.Match[str]) -> Tense:
        key = m.span()
        if key not in self._tenses:
            self._tenses[key] = tense_near(self.text, *key)
        return self._tenses[key]

    def base(self) -> date | None:
        """The date relative_to_previous expressions count from: the last date in the text, else the dct."""
        return self.anchor or self.dct


Handler = Callable[[re.Match[str], Context], Found | None]

# --- small helpers --------------------------------------------------------------------------------------------------

_MODS = {
    "early": "START", "beginning": "START", "start": "START", "late": "END", "end": "END", "mid": "MID",
    "middle": "MID", "more than": "MORE_THAN", "over": "MORE_THAN", "less than": "LESS_THAN", "under": "LESS_THAN",
    "nearly": "APPROX", "almost": "APPROX", "about": "APPROX", "around": "APPROX", "roughly": "APPROX",
    "approximately": "APPROX", "some": "APPROX", "post": "AFTER", "pre": "BEFORE", "at least": "EQUAL_OR_MORE",
    "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS", "earlier": None,
    "later": None,
}  # fmt: skip


def _mod(word: str | None) -> str | None:
    if not word:
        return None
    w = re.sub(r"^the\s+|\s+of$", "", word.lower().strip(" -"))
    return _MODS.get(re.sub(r"\s+", " ", w))


def _date_found(d: date, unit: str, how: str, confidence: float, mod: str | None = None) -> Found:
    return Found("DATE", format_at(d, unit), how, confidence, mod)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year(text: str) -> int:
    text = text.strip().lstrip("'’")
    return int(text) if len(text) == 4 else (1900 + int(text) if int(text) > 30 else 2000 + int(text))


def _duration(n: float | None, unit_word: str) -> str:
    """TIMEX3 duration: P3M, PT5H, PT5H30M, P2W, PXY (unknown amount); quarters count as three months."""
    letters = UNITS[unit_word.lower().rstrip("s") if unit_word.lower() != "centuries" else "centurie"]
    time = letters.startswith("T")
    letter = letters.lstrip("T")
    if n is None:
        return f"P{'T' if time else ''}X{letter.lstrip('2') if letter not in ('DE', 'CE') else 'Y'}"
    if letter == "Q":
        n, letter = n * 3, "M"
    if letter in ("DE", "CE"):
        n, letter = n * (10 if letter == "DE" else 100), "Y"
    if letter == "2W":
        n, letter = n * 2, "W"
    if n != int(n):
        # Half units become the next smaller unit: 5 1/2 hours = PT5H30M, 1.5 years = P1Y6M.
        whole = int(n)
        half = {"H": (30, "M"), "M": (15, "D"), "Y": (6, "M"), "D": (12, "H"), "W": (84, "H")}
        extra, sub = half.get(letter, (0, ""))
        if letter == "D":
            return f"P{whole}DT{extra}H"
        if letter == "W":
            return f"P{whole * 7 + 3}DT12H"
        if extra:
            return f"P{'T' if time else ''}{whole}{letter}{extra}{sub}"
        return f"P{'T' if time else ''}{n:g}{letter}"
    return f"P{'T' if time else ''}{int(n)}{letter}"


def _unit_code(unit_word: str) -> str:
    return {
        "day": DAY, "night": DAY, "week": WEEK, "fortnight": WEEK, "month": MONTH, "quarter": QUARTER, "year": YEAR,
        "decade": DECADE, "century": CENTURY, "centurie": CENTURY, "half": HALF,
    }.get(unit_word.lower().rstrip("s") if unit_word.lower() != "centuries" else "centurie", YEAR)  # fmt: skip


_DEADLINE = re.compile(r"\b(?:by|until|till|due|effective)\s+(?:early|late|mid-?|the\s+end\s+of)?\s*$", re.I)
_SINCE = re.compile(r"\bsince\s+(?:early|late|mid-?|the\s+end\s+of)?\s*$", re.I)


def _preposition_tense(ctx: Context, m: re.Match[str]) -> Tense | None:
    """ "by August", "until March 6" look ahead whatever the verb's tense; "since March" looks back."""
    before = ctx.text[max(0, m.start() - 20) : m.start()]
    if _DEADLINE.search(before):
        return "future"
    if _SINCE.search(before):
        return "past"
    return None


def _resolve_month(ctx: Context, m: re.Match[str], month: int, day: int | None, rel: str | None) -> Found | None:
    """A month (or month + day) without a year, anchored on the dct: "last October" is the most recent October
    strictly before the dct's month, "next March" the first after it, a bare "April" follows the tense."""
    dct = ctx.dct
    if dct is None:
        return Found("DATE", f"XXXX-{month:02d}" + (f"-{day:02d}" if day else ""), UNDERSPECIFIED, 0.5)
    rel = (rel or "").lower()
    if rel in ("last", "this past", "past"):
        year = dct.year if (month, day or 0) < (dct.month, dct.day if day else 0) else dct.year - 1
    elif rel in ("next", "this coming", "coming"):
        year = dct.year if (month, day or 0) > (dct.month, dct.day if day else 0) else dct.year + 1
    elif rel == "this":
        year = dct.year
    else:
        year = year_for_month(dct, month, day, _preposition_tense(ctx, m) or ctx.tense(m))
    if day is None:
        return Found("DATE", f"{year:04d}-{month:02d}", FROM_DCT, 0.8)
    if _safe_date(year, month, day) is None:
        return None
    return Found("DATE", f"{year:04d}-{month:02d}-{day:02d}", FROM_DCT, 0.85)


# --- explicit and year-less calendar dates --------------------------------------------------------------------------

_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:.,]\d)"
_YEAR4 = r"(?:1[6-9]\d\d|20\d\d)"
_WD_PREFIX = rf"(?:(?:{WEEKDAY}),?\s+(?:the\s+)?)?"
_RELWORD = r"(?:this\s+past|this\s+coming|last|next|this|coming|past)"


def _h_month_day(m: re.Match[str], ctx: Context) -> Found | None:
    month = month_number(m.group("month"))
    day = int(re.match(r"\d+", m.group("day")).group())  # type: ignore[union-attr]
    if m.group("year"):
        year = int(m.group("year"))
        return (
            Found("DATE", f"{year:04d}-{month:02d}-{day:02d}", EXPLICIT, 0.95) if _safe_date(year, month, day) else None
        )
    return _resolve_month(ctx, m, month, day, m.group("rel"))


_MONTH_DAY = re.compile(
    rf"{_WD_PREFIX}(?:(?P<rel>{_RELWORD})\s+)?(?P<month>{MONTH_RX})\s*(?P<day>{_DAYNUM})"
    rf"(?:(?:,\s*|\s+)(?P<year>{_YEAR4})\b)?",
    re.I,
)
_DAY_MONTH = re.compile(
    rf"{_WD_PREFIX}(?:the\s+)?(?P<day>{_DAYNUM})\s+(?:of\s+)?(?P<month>{MONTH_RX})(?:,?\s+(?P<year>{_YEAR4})\b)?(?P<rel>)",
    re.I,
)


def _h_iso(m: re.Match[str], ctx: Context) -> Found | None:
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    if len(m.group("y")) == 2:
        y = _year(m.group("y"))
    return Found("DATE", f"{y:04d}-{mo:02d}-{d:02d}", EXPLICIT, 0.95) if _safe_date(y, mo, d) else None


_ISO = re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d])")
_US_SLASH = re.compile(
    r"(?<![\d/.])(?P<m>1[0-2]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])/(?P<y>(?:19|20)\d\d|\d\d)(?![\d/])"
)


def _h_month_year(m: re.Match[str], ctx: Context) -> Found | None:
    month = month_number(m.group("month"))
    mod = _mod(m.group("pre"))
    if m.group("year"):
        return Found("DATE", f"{int(m.group('year')):04d}-{month:02d}", EXPLICIT, 0.95, mod)
    if ctx.dct is None:
        return Found("DATE", f"XXXX-{month:02d}", UNDERSPECIFIED, 0.5, mod)
    shift = {"last": -1, "next": 1, "this": 0}[m.group("yrel").lower()]
    return Found("DATE", f"{ctx.dct.year + shift:04d}-{month:02d}", FROM_DCT, 0.9, mod)


_PRE = r"(?P<pre>early|late|mid|the\s+(?:middle|end|beginning|start)\s+of)[\s-]+"
_MONTH_YEAR = re.compile(
    rf"(?:{_PRE})?(?P<month>{MONTH_RX})(?:\s+of)?(?:,?\s+(?P<year>{_YEAR4})\b|\s+(?P<yrel>this|last|next)\s+year)",
    re.I,
)


def _h_month(m: re.Match[str], ctx: Context) -> Found | None:
    name = m.group("month")
    rel, pre = m.group("rel"), m.group("pre")
    # "May" (and "March") alone is usually the verb; accept it only where a month name is expected.
    if name in ("May", "March", "MAY", "MARCH") and not rel and not pre:
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        if not re.search(
            r"\b(?:in|since|until|till|by|of|during|from|through|to|before|after|early|late|mid)\s*$", before
        ):
            return None
    found = _resolve_month(ctx, m, month_number(name), None, rel)
    if found is not None:
        found.mod = _mod(pre)
    return found


_MONTH_ALONE = re.compile(rf"(?:{_PRE}|(?P<rel>{_RELWORD})\s+)?(?P<month>{MONTH_FULL})(?!\s*\d)", re.I)


def _h_year(m: re.Match[str], ctx: Context) -> Found | None:
    before = ctx.text[max(0, m.start() - 2) : m.start()]
    after = ctx.text[m.end() : m.end() + 12]
    # Money, counts and identifiers are not years: $2000, 1,990, No. 1984, 2000 shares, 1998-99 seasons kept.
    if re.search(r"[$£€#\d.,:/]\s*$", before) or re.match(r"\s*(?:%|percent|[-/.:]\d|,\d|\s*(?:am|pm)\b)", after):
        return None
    if re.match(r"\s+(?:shares|people|troops|votes|points|miles|feet|meters|tons|cars|jobs|units|members)", after):
        return None
    return Found("DATE", m.group("year"), EXPLICIT, 0.9, _mod(m.group("pre")))


_YEAR_ALONE = re.compile(
    rf"(?:(?P<pre>early|late|mid|post|pre|the\s+(?:middle|end|beginning|start)\s+of)[\s-]+|(?:(?:the\s+)?(?:fiscal|calendar)"
    rf"(?:\s+year)?\s+)|(?<![\w-]))(?P<year>{_YEAR4})(?![\w'’])",
    re.I,
)


_SPELLED_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_SPELLED_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_SPELLED_TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"


def _h_spelled_year(m: re.Match[str], ctx: Context) -> Found | None:
    """Years read out in broadcast transcripts: "nineteen ninety-six", "the year two thousand"."""
    words = re.sub(r"^the\s+year\s+", "", m.group(0).lower())
    if words.startswith("two thousand"):
        rest = words[len("two thousand") :].replace(" and ", " ").strip()
        n = parse_number(rest) if rest else 0
    else:
        rest = words.split(None, 1)[1] if " " in words else ""
        n = parse_number(rest)
        n = None if n is None else 1900 + n
    if n is None:
        return None
    year = int(n) if n >= 1900 else 2000 + int(n)
    return Found("DATE", f"{year:04d}", EXPLICIT, 0.8)


_SPELLED_YEAR = re.compile(
    rf"(?:the\s+year\s+)?(?:nineteen\s+(?:{_SPELLED_TENS}(?:[\s-]{_SPELLED_UNITS})?|{_SPELLED_TEENS})|two\s+thousand"
    rf"(?:\s+(?:and\s+)?(?:{_SPELLED_UNITS}|{_SPELLED_TEENS}))?)(?![\w-])(?![\s-]+{UNIT}s?\b|\s+(?:people|dollars|men))",
    re.I,
)


def _h_decade(m: re.Match[str], ctx: Context) -> Found | None:
    if m.group("dec"):
        value = m.group("dec")[:3]
    else:
        value = ("19" if int(m.group("d2")) > 30 else "20") + m.group("d2")[0]
    return Found("DATE", value, EXPLICIT, 0.9, _mod(m.group("pre")))


_DECADE = re.compile(
    r"(?:the\s+)?(?:(?P<pre>early|late|mid)[\s-]+)?(?:(?P<dec>1[0-9]\d0|20\d0)'?s|['’](?P<d2>\d0)'?s)\b",
    re.I,
)


def _h_century(m: re.Match[str], ctx: Context) -> Found | None:
    n = int(re.match(r"\d+", m.group("n")).group())  # type: ignore[union-attr]
    return Found("DATE", f"{n - 1:02d}", EXPLICIT, 0.85, _mod(m.group("pre")))


_CENTURY = re.compile(
    r"(?:the\s+)?(?:(?P<pre>early|late|mid)[\s-]+)?(?P<n>(?:1\d|2[01])(?:st|nd|rd|th))[\s-]+century", re.I
)

# --- quarters, halves, seasons --------------------------------------------------------------------------------------


def _h_quarter(m: re.Match[str], ctx: Context) -> Found | None:
    q = ORDINALS[m.group("ord").lower()]
    owner = (m.group("owner") or "").lower()
    if m.group("year") or m.group("oyear"):
        year = int(m.group("year") or m.group("oyear"))
        how = EXPLICIT
    elif ctx.dct is None:
        return Found("DATE", f"XXXX-Q{q}", UNDERSPECIFIED, 0.5)
    elif m.group("yrel"):
        year, how = ctx.dct.year + {"last": -1, "this": 0, "next": 1}[m.group("yrel").lower()], FROM_DCT
    elif "last" in owner or "year-ago" in owner or "year-earlier" in owner:
        year, how = ctx.dct.year - 1, FROM_DCT
    elif "this" in owner or "current" in owner:
        year, how = ctx.dct.year, FROM_DCT
    elif "next" in owner:
        year, how = ctx.dct.year + 1, FROM_DCT
    else:
        year, how = year_for_quarter(ctx.dct, q, ctx.tense(m)), FROM_DCT
    ctx.last_quarter, ctx.last_quarter_at = (year, q), m.start()
    return Found("DATE", f"{year:04d}-Q{q}", how, 0.85)


_QUARTER = re.compile(
    rf"(?:(?P<owner>the\s+(?P<oyear>{_YEAR4})|the|its|their|this\s+year's|last\s+year's|next\s+year's|the\s+year-ago|"
    r"the\s+year-earlier|the\s+current|the\s+company's)\s+)?(?:(?:fiscal|calendar)\s+)?(?P<ord>first|second|third|"
    r"fourth|final|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?quarter(?![\w])(?:\s+(?:of\s+)?(?:fiscal\s+)?(?:(?P<year>"
    rf"{_YEAR4})\b|(?P<yrel>this|last|next)\s+year\b))?",
    re.I,
)


def _h_quarter_rel(m: re.Match[str], ctx: Context) -> Found | None:
    """ "the quarter", "the latest period", "the year-ago quarter", "year-earlier": earnings reports speak of the
    quarter just mentioned, or else of the last complete quarter before the dct."""
    words = m.group(0).lower()
    if m.group("qyear") or m.group("qrel"):
        q = ctx.last_quarter[1] if ctx.last_quarter is not None else (quarter_of(ctx.dct) - 2) % 4 + 1 if ctx.dct else 0
        if m.group("qyear"):
            year = int(m.group("qyear"))
        elif ctx.dct is not None:
            year = (ctx.last_quarter[0] if ctx.last_quarter else ctx.dct.year) - 1
        else:
            return None
        return Found("DATE", f"{year:04d}-Q{q}" if q else f"{year:04d}", FROM_PREVIOUS, 0.55)
    if ctx.last_quarter is not None:
        year, q = ctx.last_quarter
    elif ctx.dct is not None:
        y, mo = add_months(ctx.dct.year, ctx.dct.month, -3)
        year, q = y, (mo - 1) // 3 + 1
    else:
        return Found("DATE", "XXXX-QX", UNDERSPECIFIED, 0.4)
    if "current" in words and ctx.dct is not None:
        year, q = ctx.dct.year, quarter_of(ctx.dct)
    if "year-ago" in words or "year-earlier" in words or "prior-year" in words or "year earlier" in words:
        if "period" in words and ctx.last_period and ctx.last_period.startswith("P"):
            return Found("DURATION", ctx.last_period, FROM_PREVIOUS, 0.5)
        if ctx.last_quarter is None and "quarter" not in words:
            return Found("DATE", f"{year - 1:04d}" if ctx.dct is None else f"{ctx.dct.year - 1:04d}", FROM_DCT, 0.5)
        year -= 1
    return Found("DATE", f"{year:04d}-Q{q}", FROM_PREVIOUS, 0.6)


_QUARTER_REL = re.compile(
    rf"(?:the\s+(?P<qyear>{_YEAR4})\s+(?:quarter|period)|(?P<qrel>last\s+year's\s+(?:quarter|period)|the\s+(?:"
    r"corresponding|comparable|same)\s+(?:quarter|period)\s+(?:last\s+year|a\s+year\s+(?:ago|earlier)))|the\s+(?:(?:latest|current|most\s+recent|recent|just-ended|just-completed|year-ago|year-earlier|prior-year"
    r"|same|comparable|fiscal)\s+)*(?:quarter|period)(?!s|ly|\s+(?:of|ended|ending))|(?<![\w-])year-(?:earlier|ago)"
    r"(?![\w-]))",
    re.I,
)


def _h_half(m: re.Match[str], ctx: Context) -> Found | None:
    h = 1 if m.group("ord").lower() == "first" else 2
    if m.group("year"):
        return Found("DATE", f"{m.group('year')}-H{h}", EXPLICIT, 0.9)
    if ctx.dct is None:
        return Found("DATE", f"XXXX-H{h}", UNDERSPECIFIED, 0.5)
    rel = (m.group("yrel") or "").lower()
    year = ctx.dct.year + {"last": -1, "next": 1}.get(rel, 0)
    if not rel and h == 2 and ctx.dct.month <= 6 and ctx.tense(m) == "past":
        year -= 1
    return Found("DATE", f"{year:04d}-H{h}", FROM_DCT, 0.75)


_HALF = re.compile(
    r"(?:the\s+|its\s+)?(?:fiscal\s+)?(?P<ord>first|second)[\s-]+half(?!\s+of\s+(?!the\s+year|this|last|next|\d))"
    rf"(?:\s+of\s+(?:the\s+year|(?:fiscal\s+)?(?P<year>{_YEAR4})|(?P<yrel>this|last|next)\s+year))?",
    re.I,
)

_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}


def _h_season(m: re.Match[str], ctx: Context) -> Found | None:
    code = _SEASONS[m.group("season").lower()]
    mod = _mod(m.group("pre"))
    if m.group("year"):
        return Found("DATE", f"{m.group('year')}-{code}", EXPLICIT, 0.9, mod)
    if ctx.dct is None:
        return Found("DATE", f"XXXX-{code}", UNDERSPECIFIED, 0.5, mod)
    rel = (m.group("rel") or "").lower()
    start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    year = ctx.dct.year
    if rel in ("last", "this past", "past"):
        # "last summer" in winter means this year's summer only when it is over; "last winter" is the one before.
        year = ctx.dct.year if ctx.dct.month >= start_month + 3 else ctx.dct.year - 1
    elif rel in ("next", "this coming", "coming"):
        year = ctx.dct.year if ctx.dct.month < start_month else ctx.dct.year + 1
    elif rel in ("", "the") and ctx.tense(m) == "past" and ctx.dct.month < start_month:
        year -= 1
    return Found("DATE", f"{year:04d}-{code}", FROM_DCT, 0.75, mod)


# "fall" is a verb: only take it with a determiner or a year.
_SEASON = re.compile(
    r"(?:(?P<pre>early|late|mid)[\s-]+)?(?:(?P<rel>this\s+past|this\s+coming|last|next|this|coming|past|the)\s+)?"
    rf"(?<!\w)(?P<season>spring|summer|autumn|winter|(?<=\s)fall)(?:\s+(?:of\s+)?(?P<year>{_YEAR4})\b)?",
    re.I,
)


def _h_season_checked(m: re.Match[str], ctx: Context) -> Found | None:
    if m.group("season").lower() == "fall" and not (m.group("rel") or m.group("year")):
        return None
    if m.group("season").lower() == "fall" and (m.group("rel") or "").lower() == "the" and not m.group("year"):
        return None
    if not (m.group("rel") or m.group("year") or m.group("pre")):
        # A bare "summer" is a date only after "in"/"during"/"this"-like words; "summer camp" is not.
        before = ctx.text[max(0, m.start() - 10) : m.start()].lower()
        if not re.search(r"\b(?:in|during|since|until|by|through|over)\s*$", before):
            return None
    return _h_season(m, ctx)


# --- days relative to the dct -----------------------------------------------------------------------------------------

_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI", "overnight": "NI"}


def _h_relday(m: re.Match[str], ctx: Context) -> Found | None:
    word = m.group("w").lower()
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
    if m.group("twice"):
        offset *= 2
    pod = (m.group("pod") or "").lower()
    if ctx.dct is None:
        return Found("DATE", "PRESENT_REF" if word == "today" else "XXXX-XX-XX", UNDERSPECIFIED, 0.5)
    if word == "today" and m.group(0).lower().endswith("'s") and not pod:
        return None  # "today's computers" is generic, not a date
    d = ctx.dct + timedelta(days=offset)
    if word == "tonight":
        pod = "night"
    if pod:
        return Found("TIME", f"{d.isoformat()}T{_PARTS[pod]}", FROM_DCT, 0.9)
    return Found("DATE", d.isoformat(), FROM_DCT, 0.95)


_RELDAY = re.compile(
    r"(?:(?:early|late|earlier|later)\s+)?(?:the\s+day\s+(?P<twice>before|after)\s+)?"
    r"(?P<w>today|tonight|yesterday|tomorrow)(?:'s)?(?:\s+(?P<pod>morning|afternoon|evening|night))?(?![\w-])",
    re.I,
)


def _h_weekday(m: re.Match[str], ctx: Context) -> Found | None:
    wd = weekday_number(m.group("wd"))
    rel = re.sub(r"\s+", " ", (m.group("rel") or "").lower())
    pod = (m.group("pod") or "").lower()
    if ctx.dct is None:
        return Found("DATE", f"XXXX-WXX-{wd + 1}", UNDERSPECIFIED, 0.5)
    if rel in ("the previous", "the following", "the next") and ctx.anchor is not None:
        base = ctx.anchor
        d = weekday_near(base, wd, "future" if rel != "the previous" else "past", strict=True)
        how = FROM_PREVIOUS
    else:
        if rel in ("last", "this past", "past", "the previous"):
            d = weekday_near(ctx.dct, wd, "past", strict=True)
        elif rel in ("next", "this coming", "coming", "the following", "the next"):
            d = weekday_near(ctx.dct, wd, "future", strict=True)
        elif rel == "this":
            # "this Friday": the one of the current week, forward unless the sentence is past.
            d = weekday_near(ctx.dct, wd, "past" if ctx.tense(m) == "past" else "future")
        elif _WEEKDAY_DEADLINE.search(ctx.text, max(0, m.start() - 40), m.start()):
            d = weekday_near(ctx.dct, wd, "future")
        else:
            d = weekday_near(ctx.dct, wd, ctx.tense(m))
        how = FROM_DCT
    # "Friday night" keeps the day's value: TimeBank mostly annotates it as that DATE, and a timeline wants the day.
    return Found("DATE", d.isoformat(), how, 0.85 if not pod else 0.8)


# "by Friday", "until 9 a.m. Tuesday", "as soon as Tuesday" look ahead even in a past-tense sentence (a sentence
# opening "Until Thursday, police had ..." looks back, hence the lower-case "until" only).
_WEEKDAY_DEADLINE = re.compile(
    r"(?:\b(?i:by|due|effective|as\s+(?:soon|early)\s+as)|\buntil|\btill)\s+(?:(?i:\d{1,2}(?::\d\d)?\s*[ap]\.?\s?m\.?|noon|"
    r"midnight)\s*(?:[A-Z]{2,4}\s*)?,?\s*)?(?:on\s+)?$"
)
_WEEKDAY = re.compile(
    r"(?<![\w-])(?:(?P<rel>this\s+past|this\s+coming|last|next|this|coming|past|the\s+previous|the\s+following|"
    rf"the\s+next)\s+)?(?P<wd>{WEEKDAY})(?!s\b)(?:\s+(?P<pod>morning|afternoon|evening|night))?",
    re.I,
)


def _h_part_of_day(m: re.Match[str], ctx: Context) -> Found | None:
    rel = m.group("rel").lower()
    pod = m.group("pod").lower()
    if ctx.dct is None:
        return Found("TIME", f"XXXX-XX-XXT{_PARTS[pod]}", UNDERSPECIFIED, 0.5)
    d = ctx.dct - timedelta(days=1) if rel.endswith("last") and pod in ("night", "evening") else ctx.dct
    if rel.endswith("last") and pod not in ("night", "evening"):
        return None
    return Found("TIME", f"{d.isoformat()}T{_PARTS[pod]}", FROM_DCT, 0.85)


_PART_OF_DAY = re.compile(
    r"(?:(?:early|late|later|earlier)\s+)?(?P<rel>this|last|early\s+this|late\s+last)\s+(?P<pod>morning|afternoon|"
    r"evening|night)\b",
    re.I,
)

# --- clock times -----------------------------------------------------------------------------------------------------

_ZONE = r"(?:\s*\(?(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|BST|CET|CEST|ET|PT|local\s+time)\)?)?"


def _h_clock(m: re.Match[str], ctx: Context) -> Found | None:
    if m.group("word"):
        w = m.group("word").lower()
        hh, mm = (24, 0) if w == "midnight" else (12, 0)
    elif m.group("h24"):
        hh, mm = int(m.group("h24")), int(m.group("mi24"))
    else:
        hh = int(m.group("h"))
        mm = int(m.group("mi") or 0)
        ap = (m.group("ap") or "").lower().replace(".", "").replace(" ", "")
        if ap.startswith("p") and hh < 12:
            hh += 12
        elif ap.startswith("a") and hh == 12:
            hh = 0
        elif not ap and not m.group("mi"):
            return None
        if hh > 24 or mm > 59:
            return None
    group = "dayw" if m.group("dayw") else "dayw2" if m.group("dayw2") else None
    day_word = m.group(group) if group else None
    day: date | None
    how = FROM_DCT
    if group:
        # Resolve the day part with its own rule, matched in place so that its tense is read around it.
        lo, hi = m.span(group)
        found = None
        for pattern, handler in ((_RELDAY, _h_relday), (_MONTH_DAY, _h_month_day), (_WEEKDAY, _h_weekday)):
            inner = pattern.fullmatch(ctx.text, lo, hi)
            if inner is not None:
                found = handler(inner, ctx)
                break
        day = date.fromisoformat(found.value[:10]) if found and found.value[:1].isdigit() else None
    else:
        day = ctx.anchor if ctx.anchor is not None and ctx.anchor_unit == DAY else ctx.dct
        how = FROM_PREVIOUS if ctx.anchor is not None and ctx.anchor_unit == DAY else FROM_DCT
    if day is None:
        return Found("TIME", f"XXXX-XX-XXT{hh:02d}:{mm:02d}", UNDERSPECIFIED, 0.6)
    end = None
    # "at 6 a.m. Then ..." : the last dot ends the sentence, not the abbreviation.
    if m.group(0).endswith(".") and not day_word and re.match(r"\s*(?:$|[A-Z\"`'(])", ctx.text[m.end() : m.end() + 3]):
        end = m.end() - 1
    value = f"{day.isoformat()}T24:00" if hh == 24 else f"{day.isoformat()}T{hh:02d}:{mm:02d}"
    if re.search(r"UTC|GMT", m.group("zone") or ""):
        value += "Z"  # TIMEX3 marks universal time
    return Found("TIME", value, how, 0.9, end=end)


_DAYWORD = rf"(?:(?:today|tonight|yesterday|tomorrow)|(?:last\s+|next\s+|this\s+)?{WEEKDAY}|{MONTH_RX}\s*{_DAYNUM})"
_CLOCK = re.compile(
    rf"(?:(?P<dayw2>{_DAYWORD}),?\s+(?:at\s+)?)?(?:around\s+)?(?<![\w:.$])"
    r"(?:(?P<h>[01]?\d|2[0-4])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.\s?m\.?|[ap]m\b)|(?P<h24>[01]?\d|2[0-3]):(?P<mi24>"
    rf"[0-5]\d)(?![\d:])|(?P<word>noon|midnight|midday))(?:\s+o'clock)?(?P<zone>{_ZONE})(?:,?\s+(?:on\s+)?(?P<dayw>"
    rf"{_DAYWORD}))?(?!\w)",
    re.I,
)

# --- weeks, months, years relative to the dct -----------------------------------------------------------------------


def _h_relperiod(m: re.Match[str], ctx: Context) -> Found | None:
    rel = re.sub(r"\s+", " ", m.group("rel").lower())
    unit_word = re.sub(r"\s+", " ", m.group("unit").lower())
    pre = (m.group("pre") or "").lower()
    mod = _mod(pre)
    unit = {"week": WEEK, "weekend": WEEK, "month": MONTH, "year": YEAR, "fiscal year": YEAR, "quarter": QUARTER,
            "decade": DECADE, "century": CENTURY}[unit_word]  # fmt: skip
    step = {
        "last": -1, "the last": -1, "the past": -1, "the previous": -1, "the prior": -1, "this past": -1,
        "this": 0, "the current": 0, "the same": 0, "that": 0, "this coming": 1, "the coming": 1, "next": 1,
        "the next": 1, "the following": 1, "coming": 1, "the": 0, "the full": 0,
    }[rel]  # fmt: skip
    if rel == "the" and (unit == QUARTER or re.match(r"\s+(?:of|to|before|after|when|in\s+which)\b",
                                                     ctx.text[m.end() : m.end() + 12])):  # fmt: skip
        return None  # "the quarter" is left to the earnings-report rule; "the week of March 6" is not this week
    if unit in (DECADE, CENTURY) and rel in ("the past", "the last", "the next", "the coming"):
        return Found("DURATION", "P10Y" if unit == DECADE else "P100Y", EXPLICIT, 0.7, mod)
    anaphoric = rel in ("that", "the same", "the following", "the previous", "the prior", "the next") or (
        rel == "the" and unit_word in ("week", "month")
    )
    if ctx.dct is None and not anaphoric:
        return Found("DATE", "PAST_REF" if step < 0 else "FUTURE_REF" if step > 0 else "PRESENT_REF", UNDERSPECIFIED,
                     0.4, mod)  # fmt: skip
    base = ctx.base() if anaphoric else ctx.dct
    how = FROM_PREVIOUS if anaphoric and ctx.anchor is not None else FROM_DCT
    if base is None:
        return None
    if unit_word == "weekend":
        d = base + timedelta(weeks=step)
        if rel == "the":
            d = weekday_near(base, 5, ctx.tense(m))
        return Found("DATE", iso_week(d) + "-WE", how, 0.75, mod)
    if unit == QUARTER:
        y, mo = add_months(base.year, base.month, 3 * step)
        return Found("DATE", f"{y:04d}-Q{(mo - 1) // 3 + 1}", how, 0.8, mod)
    # "the year" in an earnings report is the year just reported on, a duration when it is "throughout the year".
    if (
        unit_word == "year"
        and rel == "the"
        and re.search(r"\b(?:for|throughout|during|over)\s+$", ctx.text[max(0, m.start() - 12) : m.start()], re.I)
    ):
        return Found("DURATION", "P1Y", EXPLICIT, 0.5, mod)
    d = shift_date(base, unit, step)
    return _date_found(d, unit, how, 0.85 if rel != "the" else 0.5, mod)


_RELPERIOD = re.compile(
    r"(?:(?P<pre>early|late|mid|earlier|later|the\s+(?:end|beginning|start|middle|rest|remainder|balance)\s+of)"
    r"[\s-]+(?:in\s+)?)?(?P<rel>this\s+past|this\s+coming|last|this|next|that|the\s+past|the\s+previous|the\s+coming|"
    r"the\s+current|the\s+following|the\s+next|the\s+last|the\s+same|the\s+prior|the\s+full|the)\s+(?P<unit>week|weekend|month|"
    r"fiscal\s+year|year|quarter|decade|century)(?![\w-]|\s+(?:ago|earlier|later)\b)",
    re.I,
)


_QUARTER_REACH = 400  # characters: about two sentences of an earnings report


def _h_ago(m: re.Match[str], ctx: Context) -> Found | None:
    """ "three years ago" (from the dct), "two days later" (from the previous date), "a year earlier"."""
    n = parse_number(m.group("num"))
    unit_word = m.group("unit").lower()
    unit = _unit_code(unit_word)
    direction = m.group("dir").lower()
    mod = _mod(m.group("q"))
    if unit_word.startswith(("second", "minute", "hour")):
        return None
    sign = 1 if direction in ("later", "from now", "hence", "after") else -1
    relative_to_dct = direction in ("ago", "from now", "hence")
    base = ctx.dct if relative_to_dct else ctx.base()
    how = FROM_DCT if relative_to_dct or ctx.anchor is None else FROM_PREVIOUS
    if n is None or base is None:
        return Found("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", UNDERSPECIFIED, 0.5, mod)
    if n != int(n):
        return None
    n = int(n)
    # In earnings reports "a year ago"/"a year earlier" is the same quarter a year before.
    if unit == YEAR and ctx.last_quarter is not None and n == 1 and m.start() - ctx.last_quarter_at < _QUARTER_REACH:
        y, q = ctx.last_quarter
        return Found("DATE", f"{y - 1:04d}-Q{q}", FROM_PREVIOUS, 0.6, mod)
    if not relative_to_dct and ctx.anchor is not None and unit == YEAR:
        d = shift_date(ctx.anchor, YEAR, sign * n)
        return _date_found(d, ctx.anchor_unit if ctx.anchor_unit in (DAY, MONTH, YEAR) else YEAR, how, 0.6, mod)
    d = shift_date(base, unit, sign * n)
    granularity = DAY if unit in (DAY, WEEK) else YEAR if unit in (DECADE, CENTURY) else unit
    return _date_found(d, granularity, how, 0.8, mod)


_AGO = re.compile(
    r"(?:(?P<q>about|nearly|almost|some|more\s+than|less\s+than|roughly|only|just|over|at\s+least)\s+)?"
    rf"(?P<num>{NUMBER})[\s-]+(?P<unit>{UNIT})s?(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from\s+now|hence)\b",
    re.I,
)

# --- durations -------------------------------------------------------------------------------------------------------


def _h_duration(m: re.Match[str], ctx: Context) -> Found | None:
    num_text = m.group("num")
    unit_word = m.group("unit").lower()
    n = parse_number(num_text) if not num_text.lower().startswith("couple") else 2.0
    lower = num_text.lower()
    after = ctx.text[m.end() : m.end() + 12]
    # Ages are not time expressions in TimeML: "a 44-year-old", "52 years old", "the 50-year-old alliance".
    if (m.group("old") or "").lower() == "-old" or re.match(r"[\s-]+old\b", after):
        return None
    if lower in ("a", "an", "one") and ctx.text[m.end("unit") : m.end("unit") + 1] == "s":
        return None  # "a years-old slump": the article belongs to the noun
    if lower in ("a", "an") and unit_word in ("second", "minute", "quarter", "night"):
        return None  # "a second time", "a quarter of", "a night out"
    if unit_word.startswith("quarter") and "-" in m.group(0) and lower not in ("one", "two", "three", "four"):
        return None
    if unit_word.startswith("quarter") and re.match(r"\s+of\b", ctx.text[m.end() : m.end() + 4]):
        return None  # "three quarters of the vote" is a fraction
    if n is not None and n > 1000:
        return None
    before = ctx.text[max(0, m.start() - 24) : m.start()].lower()
    # "$5 a year", "twice a day", "15 a year": a rate, which TimeML marks as a SET.
    if lower in ("a", "an") and not m.group("rel") and re.search(r"(?:\d|times|twice|once|million|billion|cents?|"
                                                                 r"percent|%)\s*$", before):  # fmt: skip
        # Money per period ("$2 million a year") is left untagged, as in TimeBank; counts per period are SETs.
        if re.search(r"(?:[$£€#]\s?[\d.,]+|million|billion|cents?|percent|%)\s*$", before):
            return None
        return Found("SET", _duration(1, unit_word), EXPLICIT, 0.7)
    value = _duration(n, unit_word)
    if unit_word.startswith("month"):
        ctx.last_period = value
    start = None
    # An adjectival duration ("the 14-day waiting period") is tagged without its determiner.
    if m.group("det") and not m.group("rel") and "-" in m.group("sep") and m.group("q") is None:
        start = m.start("num")
    return Found("DURATION", value, EXPLICIT, 0.8 if n is not None else 0.6, _mod(m.group("q")), start=start)


_DURATION = re.compile(
    r"(?:(?P<q>more\s+than|less\s+than|at\s+least|nearly|under|up\s+to|no\s+more\s+than|at\s+most|around)\s+)?"
    r"(?:(?P<det>the|its|their|a|an)\s+)?(?:(?P<rel>past|last|next|"
    r"first|previous|coming|following|latest|final|remaining|initial|same|entire|whole|full|year-earlier|year-ago)"
    rf"\s+)?(?<![\w-])(?P<num>{NUMBER}|couple\s+of)(?:\s+or\s+(?:so|more|two|three))?(?P<sep>[\s-]+)(?:(?:full|straight|"
    rf"consecutive|trading|business|working|calendar|more|additional|extra|long)\s+)?(?P<unit>{UNIT})s?(?P<old>-old|-long)?"
    r"(?![\w-])",
    re.I,
)


def _h_vague_duration(m: re.Match[str], ctx: Context) -> Found | None:
    unit_word = m.group("unit").lower()
    lead = (m.group("lead") or "").lower()
    if lead == "recent" and unit_word.startswith("year"):
        return Found("DATE", "PAST_REF", UNDERSPECIFIED, 0.6)
    return Found("DURATION", _duration(None, unit_word), UNDERSPECIFIED, 0.6)


_VAGUE_DURATION = re.compile(
    r"(?:(?P<lead>recent|coming|past|next|last|previous|ensuing|following)\s+)?(?:(?:few|several|"
    rf"many|some)\s+)?(?P<unit>{UNIT})s(?![\w-])",
    re.I,
)


def _h_vague_checked(m: re.Match[str], ctx: Context) -> Found | None:
    # Plural units alone ("years") are durations only after a preposition that takes one, or with a qualifier.
    whole = m.group(0).lower()
    if m.group("lead") or re.search(r"\b(?:few|several|many|some)\b", whole):
        return _h_vague_duration(m, ctx)
    before = ctx.text[max(0, m.start() - 10) : m.start()].lower()
    if re.search(r"\b(?:for|in|within|over|after|lasting|took|takes|take)\s+$", before):
        return _h_vague_duration(m, ctx)
    return None


def _h_decades_long(m: re.Match[str], ctx: Context) -> Found | None:
    unit = m.group("unit").lower()
    if m.group(0).lower().endswith("s-long"):
        return Found("DURATION", _duration(None, unit), UNDERSPECIFIED, 0.5)
    return Found("DURATION", _duration(1, unit), EXPLICIT, 0.6)


_DECADES_LONG = re.compile(r"(?<![\w-])(?P<unit>decade|year|month|week|day|hour)s?-long\b", re.I)

# --- references without a calendar value ------------------------------------------------------------------------------

_REFS = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "at present": "PRESENT_REF", "presently": "PRESENT_REF",
    "the present": "PRESENT_REF", "at the moment": "PRESENT_REF", "recently": "PAST_REF",
    "lately": "PAST_REF", "the past": "PAST_REF", "formerly": "PAST_REF", "the future": "FUTURE_REF",
    "future": "FUTURE_REF", "the near future": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "the long term": "FUTURE_REF", "the longer term": "FUTURE_REF",
    "the distant future": "FUTURE_REF", "in future": "FUTURE_REF", "more recently": "PAST_REF",
    "until recently": "PAST_REF",
}  # fmt: skip


def _h_ref(m: re.Match[str], ctx: Context) -> Found | None:
    word = re.sub(r"\s+", " ", m.group(0).lower())
    after = ctx.text[m.end() : m.end() + 20]
    if word == "current" and re.match(r"[\s-]*(?:account|affairs|events|flowing|law|market\s+value|events)", after):
        return None
    if word == "now" and re.match(r"[\s-]*(?:defunct|-)", after):
        return None
    return Found("DATE", _REFS[word], UNDERSPECIFIED, 0.7)


_REF = re.compile(
    r"(?<![\w-])(?:right\s+now|now|currently|nowadays|these\s+days|at\s+present|presently|the\s+present(?!\s+"
    r"(?:value|case|study|system|government|administration))|at\s+the\s+moment|more\s+recently|until\s+recently|"
    r"recently|lately|the\s+past(?!\s+(?:\d|few|several|two|three|four|five|six|seven|eight|nine|ten|year|"
    r"month|week|decade|day|quarter|century|weekend))|formerly|the\s+(?:near|distant)\s+future|the\s+future|in\s+future|the"
    r"\s+(?:near|short|long|longer)\s+term)(?![\w-])",
    re.I,
)

# --- sets -------------------------------------------------------------------------------------------------------------

_SET_WORDS = {"hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M",
              "annually": "P1Y", "yearly": "P1Y", "biannually": "P6M", "semiannually": "P6M"}  # fmt: skip


def _h_set_word(m: re.Match[str], ctx: Context) -> Found | None:
    return Found("SET", _SET_WORDS[m.group(0).lower()], EXPLICIT, 0.7)


_SET_WORD = re.compile(r"(?<![\w-])(?:hourly|daily|nightly|weekly|monthly|annually|yearly|semiannually|biannually)"
                       r"(?![\w-])", re.I)  # fmt: skip


def _h_every(m: re.Match[str], ctx: Context) -> Found | None:
    if m.group("wd"):
        wd = weekday_number(m.group("wd"))
        pod = (m.group("pod") or "").lower()
        return Found("SET", f"XXXX-WXX-{wd + 1}" + (f"T{_PARTS[pod]}" if pod else ""), EXPLICIT, 0.75)
    if m.group("month"):
        return Found("SET", f"XXXX-{month_number(m.group('month')):02d}", EXPLICIT, 0.75)
    n = parse_number(m.group("num")) if m.group("num") else 1
    if m.group("other"):
        n = 2
    unit_word = m.group("unit")
    if unit_word.lower() in ("weekend", "weekends"):
        return Found("SET", "XXXX-WXX-WE", EXPLICIT, 0.7)
    return Found("SET", _duration(n, unit_word), EXPLICIT, 0.75)


_EVERY = re.compile(
    r"(?:every|each|per)\s+(?:(?P<other>other)\s+|(?P<num>\d+|two|three|four|five|six|ten|twelve)\s+)?(?:(?P<wd>"
    rf"{WEEKDAY})(?:\s+(?P<pod>morning|afternoon|evening|night))?|(?P<month>{MONTH_FULL})|(?P<unit>{UNIT}|weekend)s?)"
    r"(?![\w-])",
    re.I,
)


def _h_plural_weekday(m: re.Match[str], ctx: Context) -> Found | None:
    wd = weekday_number(m.group("wd"))
    pod = (m.group("pod") or "").lower().rstrip("s")
    return Found("SET", f"XXXX-WXX-{wd + 1}" + (f"T{_PARTS[pod]}" if pod else ""), EXPLICIT, 0.7)


_PLURAL_WEEKDAY = re.compile(rf"(?P<wd>{WEEKDAY}s)(?:\s+(?P<pod>mornings|afternoons|evenings|nights))?\b", re.I)

# --- holidays --------------------------------------------------------------------------------------------------------


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


_HOLIDAYS: dict[str, Callable[[int], date]] = {
    "christmas": lambda y: date(y, 12, 25), "christmas day": lambda y: date(y, 12, 25),
    "christmas eve": lambda y: date(y, 12, 24), "new year's day": lambda y: date(y, 1, 1),
    "new year's eve": lambda y: date(y, 12, 31), "independence day": lambda y: date(y, 7, 4),
    "the fourth of july": lambda y: date(y, 7, 4), "halloween": lambda y: date(y, 10, 31),
    "valentine's day": lambda y: date(y, 2, 14), "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4), "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1), "easter": easter, "easter sunday": easter,
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + timedelta(days=1),
}  # fmt: skip


def _h_holiday(m: re.Match[str], ctx: Context) -> Found | None:
    name = re.sub(r"\s+", " ", m.group("name").lower()).replace("’", "'")
    rule = _HOLIDAYS[name]
    if m.group("year"):
        return Found("DATE", rule(int(m.group("year"))).isoformat(), EXPLICIT, 0.9)
    if ctx.dct is None:
        return None
    rel = (m.group("rel") or "").lower()
    this_year = rule(ctx.dct.year)
    if rel == "last":
        year = ctx.dct.year if this_year < ctx.dct else ctx.dct.year - 1
    elif rel == "next":
        year = ctx.dct.year if this_year > ctx.dct else ctx.dct.year + 1
    else:
        tense = ctx.tense(m)
        year = ctx.dct.year
        if tense == "past" and this_year > ctx.dct:
            year -= 1
        elif tense == "future" and this_year < ctx.dct:
            year += 1
    return Found("DATE", rule(year).isoformat(), FROM_DCT, 0.75)


_HOLIDAY = re.compile(
    r"(?<![\w-])(?:(?P<rel>last|next|this)\s+)?(?P<name>Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]s\s+(?:Day|Eve)|Independence"
    r"\s+Day|the\s+Fourth\s+of\s+July|Halloween|Valentine['’]s\s+Day|Thanksgiving(?:\s+Day)?|Labor\s+Day|Memorial\s+"
    rf"Day|Easter(?:\s+Sunday)?|Election\s+Day)(?![\w-])(?:,?\s+(?P<year>{_YEAR4})\b)?",
    re.I,
)

# --- anaphoric days ---------------------------------------------------------------------------------------------------


def _h_anaphoric_day(m: re.Match[str], ctx: Context) -> Found | None:
    words = re.sub(r"\s+", " ", m.group(0).lower())
    base = ctx.anchor if ctx.anchor is not None and ctx.anchor_unit == DAY else None
    if base is None:
        return None
    step = -1 if ("previous" in words or "before" in words or "prior" in words) else 1
    if "same" in words or words.startswith("that") or "earlier" in words or "later" in words:
        step = 0
    return Found("DATE", (base + timedelta(days=step)).isoformat(), FROM_PREVIOUS, 0.6)


_ANAPHORIC_DAY = re.compile(
    r"(?:the\s+(?:next|following|previous|prior|same)\s+day|the\s+day\s+(?:before|after)(?!\s+(?:yesterday|tomorrow|"
    r"the|a|an|his|her|their|its)\b)|that\s+day|(?:earlier|later)\s+that\s+day)(?![\w-])",
    re.I,
)


_UNIT_KEYS = "second minute hour day night week fortnight month quarter year decade century centurie"
# Month and weekday keys carry a caret: they count only when capitalised in the text.
_MONTH_KEYS = " ".join(
    "^" + k
    for k in (
        "january february march april may june july august september october "
        "november december jan feb mar apr jun jul aug sept sep oct nov dec"
    ).split()
)
_WEEKDAY_KEYS = " ".join("^" + k for k in "monday tuesday wednesday thursday friday saturday sunday".split())


@dataclass(frozen=True, slots=True)
class Rule:
    """A named pattern and its normaliser.

    `keys` are the words (lower case, singular; `^` in front when only the capitalised word counts; `#year` for a
    year-like number, `#clock` for "10:35" or "6 a.m.") one of which every match contains: the pattern is only run
    in a window around them, which keeps a pass over plain text cheap. `rank` breaks ties between equally
    long overlapping matches.
    """

    name: str
    pattern: re.Pattern[str]
    handler: Handler
    keys: frozenset[str]
    rank: int


_TABLE: list[tuple[str, re.Pattern[str], Handler, str]] = [
    ("clock", _CLOCK, _h_clock, "#clock noon midnight midday"),
    ("iso_date", _ISO, _h_iso, "#year"),
    ("us_date", _US_SLASH, _h_iso, "#year"),
    ("month_day", _MONTH_DAY, _h_month_day, _MONTH_KEYS),
    ("day_month", _DAY_MONTH, _h_month_day, _MONTH_KEYS),
    ("month_year", _MONTH_YEAR, _h_month_year, _MONTH_KEYS),
    (
        "holiday",
        _HOLIDAY,
        _h_holiday,
        "christmas new independence fourth halloween valentine thanksgiving labor memorial easter election",
    ),
    ("quarter", _QUARTER, _h_quarter, "quarter"),
    ("half", _HALF, _h_half, "half"),
    ("ago", _AGO, _h_ago, "ago earlier later now hence"),
    ("relday", _RELDAY, _h_relday, "today tonight yesterday tomorrow"),
    ("part_of_day", _PART_OF_DAY, _h_part_of_day, "morning afternoon evening night"),
    ("weekday", _WEEKDAY, _h_weekday, _WEEKDAY_KEYS),
    ("every", _EVERY, _h_every, "every each per"),
    ("plural_weekday", _PLURAL_WEEKDAY, _h_plural_weekday, _WEEKDAY_KEYS),
    ("relperiod", _RELPERIOD, _h_relperiod, "week weekend month year quarter decade century"),
    ("anaphoric_day", _ANAPHORIC_DAY, _h_anaphoric_day, "day"),
    ("duration", _DURATION, _h_duration, _UNIT_KEYS),
    ("decade", _DECADE, _h_decade, "#year"),
    ("spelled_year", _SPELLED_YEAR, _h_spelled_year, "nineteen thousand"),
    ("century", _CENTURY, _h_century, "century"),
    ("season", _SEASON, _h_season_checked, "spring summer fall autumn winter"),
    ("month", _MONTH_ALONE, _h_month, _MONTH_KEYS),
    ("year", _YEAR_ALONE, _h_year, "#year"),
    ("quarter_rel", _QUARTER_REL, _h_quarter_rel, "quarter period year"),
    ("set_word", _SET_WORD, _h_set_word, " ".join(_SET_WORDS)),
    ("decades_long", _DECADES_LONG, _h_decades_long, "long"),
    ("vague_duration", _VAGUE_DURATION, _h_vague_checked, _UNIT_KEYS),
    (
        "ref",
        _REF,
        _h_ref,
        "now current currently nowadays day present presently moment recent recently lately past formerly future term",
    ),
]
RULES: tuple[Rule, ...] = tuple(
    # Every match starts at a word boundary: "than a year" holds no "an a year", "Sandra Day" no "a Day".
    Rule(name, re.compile(r"(?<!\w)(?:" + pattern.pattern + ")", pattern.flags), handler, frozenset(keys.split()), rank)
    for rank, (name, pattern, handler, keys) in enumerate(_TABLE)
)
