"""Find and normalise temporal expressions in news text (rule-based, in the manner of HeidelTime).

    >>> [(t.text, t.value) for t in find_timexes("The ambassador died last Saturday.", "2025-12-11")]
    [('last Saturday', '2025-12-06')]

All rules run over the text (precompiled regular expressions); overlapping matches are settled leftmost-longest,
and the winners are normalised in reading order so that "the next day" or "a year earlier" can count from the date
mentioned before them. Relative expressions count from the document creation time (dct) and look at the tense
around them to pick a direction ("said Friday" is the last Friday, "will meet Friday" the next one).
"""

from __future__ import annotations

import re
from datetime import date

from storyline.extract.timex.calendar import DAY, MONTH, YEAR, parse_dct
from storyline.extract.timex.rules import RULES, Context
from storyline.models import TimeExpression

__all__ = ["TimeExpression", "find_timexes"]

_FULL_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$|^(\d{4})$")


_BACK, _AHEAD = 60, 50  # longest prefix / suffix a pattern has around its key word, with slack

# key word -> indices of the rules that need it
_RULES_BY_KEY: dict[str, list[int]] = {}
for _i, _rule in enumerate(RULES):
    for _key in _rule.keys:
        _RULES_BY_KEY.setdefault(_key, []).append(_i)

# One pass over the lower-cased text finds every key word (plural or not), year-like numbers and clock-like
# numbers; rules then run only around those. Longest words first so that "yesterday" is not read as "yes".
_WORDS = sorted({k.lstrip("^") for k in _RULES_BY_KEY if not k.startswith("#")}, key=len, reverse=True)
_TRIGGER = re.compile(
    r"\b(?:(?P<word>" + "|".join(map(re.escape, _WORDS)) + r")s?\b"
    r"|(?P<year>(?:1[6-9]|20)\d\d|\d\d?/\d\d?/\d|\d0s)|(?P<clock>\d\d?(?::[0-5]\d|\s?[ap]\.?m\b)))"
)


def _windows(text: str) -> dict[int, list[tuple[int, int]]]:
    """Per rule, the merged stretches of text around its key words (most text holds no time word at all)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    get = _RULES_BY_KEY.get
    for hit in _TRIGGER.finditer(text.lower()):
        word = hit.group("word")
        if word is not None:
            rules = get(word, [])
            # Month and day names count only capitalised ("May", not "may"): the rules themselves insist on it.
            if text[hit.start()].isupper():
                rules = rules + get("^" + word, [])
        else:
            rules = get("#year" if hit.group("year") else "#clock", [])
        if rules:
            lo, hi = hit.start() - _BACK, hit.end() + _AHEAD
            for index in rules:
                spans.setdefault(index, []).append((lo, hi))
    n = len(text)
    merged: dict[int, list[tuple[int, int]]] = {}
    for index, found in spans.items():
        out: list[tuple[int, int]] = []
        for lo, hi in found:  # already in text order
            if out and lo <= out[-1][1]:
                out[-1] = (out[-1][0], hi)
            else:
                out.append((lo, hi))
        merged[index] = [(_left_edge(text, max(0, lo)), _right_edge(text, min(n, hi))) for lo, hi in out]
    return merged


def _left_edge(text: str, i: int) -> int:
    # Start windows at a space so no match begins mid-word.
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return i


def _right_edge(text: str, i: int) -> int:
    # End windows at a space: a lookahead at the window's end would otherwise see the end of the text.
    n = len(text)
    while i < n and not text[i].isspace():
        i += 1
    return i


def _candidates(text: str) -> list[tuple[int, int, int, int]]:
    """(start, -length, rank, rule index) of every match of every rule, in the order they are to be tried."""
    found = []
    for index, windows in _windows(text).items():
        pattern, rank = RULES[index].pattern, RULES[index].rank
        for lo, hi in windows:
            for m in pattern.finditer(text, lo, hi):
                if m.end() > m.start():
                    found.append((m.start(), m.start() - m.end(), rank, index))
    found.sort()
    return found


def _update_anchor(ctx: Context, value: str) -> None:
    """Remember the last calendar date mentioned, the anchor for "the next day", "two years later"."""
    m = _FULL_DATE.match(value[:10])
    if not m:
        return
    if m.group(4):
        ctx.anchor, ctx.anchor_unit = date(int(m.group(4)), 1, 1), YEAR
    elif m.group(3):
        try:
            ctx.anchor, ctx.anchor_unit = date(int(m.group(1)), int(m.group(2)), int(m.group(3))), DAY
        except ValueError:
            return
    elif 1 <= int(m.group(2)) <= 12:
        ctx.anchor, ctx.anchor_unit = date(int(m.group(1)), int(m.group(2)), 1), MONTH


def find_timexes(text: str, dct: str | None) -> list[TimeExpression]:
    """Temporal expressions in `text`, in order, with TIMEX3 type and value.

    `dct` is the document creation (publication) time as an ISO date (`2025-12-11`; a time part is ignored); without
    it relative expressions keep X placeholders (`XXXX-WXX-5`) and `how` says `underspecified`.
    """
    ctx = Context(text=text, dct=parse_dct(dct))
    out: list[TimeExpression] = []
    taken_until = 0
    for start, neg_length, _rank, index in _candidates(text):
        if start < taken_until:
            continue
        end = start - neg_length
        rule = RULES[index]
        m = rule.pattern.match(text, start, end)
        if m is None or m.end() != end:
            continue
        found = rule.handler(m, ctx)
        if found is None:
            continue
        s = found.start if found.start is not None else start
        e = found.end if found.end is not None else end
        out.append(TimeExpression(s, e, text[s:e], found.type, found.value, found.how, found.confidence, found.mod))
        taken_until = end
        if found.type in ("DATE", "TIME"):
            _update_anchor(ctx, found.value)
    return out
