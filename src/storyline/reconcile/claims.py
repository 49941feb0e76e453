"""Reconcile numeric claims across articles: which figures agree, which were revised, which contradict.

Claims are aligned on their `key` (what is counted) and the kind of their unit; a key that only lacks the
proper-name modifiers of another ("sailor killed" beside "ostravan sailor killed") joins it when that is the
only such key, and an age without a person joins the only person whose age is given. Within a group, values equal
within rounding (or overlapping ranges) form one side, whatever their qualifiers ("at least 40", "around 40").

A group reported by two or more articles gives one `Conflict`: "agreement" with one side; "revision" when every
two sides hold at different times (their as-of dates do not overlap at the coarser granularity, or one article cues
one figure as earlier and the other as later); "contradiction" otherwise.

A disagreement needs a key that says what happened to what ("soldier killed", "active soldier"). A bare noun
("shares", "bags", "crowns") counts different things in different reports far more often than it disputes one:
on Reuters such groups were offerings of different companies, crops of different years, forecasts of different
seasons. Figures of a bare noun may still agree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

from storyline.components import connected_components
from storyline.extract.claims import split_outcome, unit_kind
from storyline.models import Claim, Conflict, ConflictSide

__all__ = ["as_of_interval", "reconcile_claims", "same_value"]

# "thousands of homes", "dozens of people": an order of magnitude, not a figure that can disagree with another.
_VAGUE = re.compile(r"\b(?:dozens|hundreds|thousands|millions|billions|scores|tens|several|many|few)\b", re.I)
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14)}


# --- values and dates -------------------------------------------------------------------------------------------


def _significant(value: float) -> int:
    """Significant digits of a value as written: 300 -> 1, 2470000 -> 3, 4.5 -> 2."""
    if value == int(value):
        return max(1, len(str(int(abs(value))).rstrip("0")))
    return max(1, len(f"{abs(value):.10g}".replace(".", "").lstrip("0")))


def _round_to(value: float, digits: int) -> float:
    if value == 0:
        return 0.0
    return float(f"{value:.{digits - 1}e}")


def _bounds(claim: Claim) -> tuple[float, float]:
    """The lowest and highest value a claim states (the same for a single figure)."""
    high = claim.value_high if claim.value_high is not None else claim.value
    return min(claim.value, high), max(claim.value, high)


def same_value(a: Claim, b: Claim) -> bool:
    """Whether two figures say the same: equal, overlapping ranges, or equal once the more precise one is rounded to
    the precision of the other (2.47 million and 2.5 million; not 64 and 65, nor 2,000 and 2,800)."""
    (low_a, high_a), (low_b, high_b) = _bounds(a), _bounds(b)
    if a.value_high is not None or b.value_high is not None:
        return low_a <= high_b and low_b <= high_a
    if a.value == b.value:
        return True
    if min(abs(a.value), abs(b.value)) < 100 or abs(a.value - b.value) > 0.025 * max(abs(a.value), abs(b.value)):
        return False
    coarse = min(_significant(a.value), _significant(b.value))
    return _round_to(a.value, coarse) == _round_to(b.value, coarse)


def as_of_interval(value: str | None) -> tuple[date, date] | None:
    """The first and last day a TIMEX date value covers: "2025" -> Jan 1 to Dec 31, "2025-W36" -> that week;
    None for values that are no calendar date."""
    if not value:
        return None
    try:
        return _interval(value)
    except ValueError:
        return None


def _interval(value: str) -> tuple[date, date] | None:
    if m := re.match(r"^(\d{4})-(\d{2})-(\d{2})", value):
        day = date(int(m[1]), int(m[2]), int(m[3]))
        return day, day
    if m := re.match(r"^(\d{4})-W(\d{2})", value):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return monday, monday + timedelta(days=6)
    if m := re.match(r"^(\d{4})-(\d{2})$", value):
        return _months(int(m[1]), int(m[2]), int(m[2]))
    if m := re.match(r"^(\d{4})-Q([1-4])", value):
        return _months(int(m[1]), 3 * int(m[2]) - 2, 3 * int(m[2]))
    if m := re.match(r"^(\d{4})-H([12])", value):
        return _months(int(m[1]), 6 * int(m[2]) - 5, 6 * int(m[2]))
    if m := re.match(r"^(\d{4})-(SP|SU|FA|AU|WI)", value):
        first, last = _SEASONS[m[2]]
        return _months(int(m[1]), first, last)
    if m := re.match(r"^(\d{4})$", value):
        return _months(int(m[1]), 1, 12)
    if m := re.match(r"^(\d{3})$", value):
        return date(int(m[1]) * 10, 1, 1), date(int(m[1]) * 10 + 9, 12, 31)
    return None


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    following = date(end_year + end_month // 12, end_month % 12 + 1, 1)
    return date(year, first, 1), following - timedelta(days=1)


def _overlap(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _order(claim: Claim) -> tuple[date, str, int, int]:
    interval = as_of_interval(claim.as_of)
    return (interval[0] if interval else date.min, claim.article_id, claim.start, claim.end)


# --- alignment --------------------------------------------------------------------------------------------------


def _unit_class(claim: Claim) -> str:
    kind = unit_kind(claim.unit)
    if kind in ("count", "age"):
        return kind
    if kind == "percentage":
        return "percentage" if claim.unit and claim.unit.startswith("% ") else claim.unit or kind
    return claim.unit or kind


def _core(claim: Claim) -> str:
    """The key without the modifiers the article wrote capitalised ("Ostravan"): what a report may leave out
    when its context makes it clear. Lower-case modifiers ("active", "wounded") change the thing and stay."""
    key = claim.key or ""
    noun, _ = split_outcome(claim.quantity_of)
    proper = {w.lower() for w in (noun or "").split()[:-1] if w[:1].isupper()}
    return " ".join(w for w in key.split() if w not in proper)


def _same_person(a: str, b: str) -> bool:
    """ "alexander vos" and "aleksandr ivan vos": the same surname and the same first initial (or one name alone)."""
    first, second = a.split(), b.split()
    if first[-1] != second[-1]:
        return False
    return len(first) == 1 or len(second) == 1 or first[0][0] == second[0][0]


def _merge(groups: dict[tuple[str, str], list[Claim]], target: tuple[str, str], source: tuple[str, str]) -> None:
    groups[target].extend(groups.pop(source))


def _align(claims: list[Claim]) -> list[list[Claim]]:
    """Claims grouped by key and unit kind, with the fuzzy joins of the module docstring."""
    groups: dict[tuple[str, str], list[Claim]] = {}
    for claim in claims:
        groups.setdefault((claim.key or "", _unit_class(claim)), []).append(claim)
    _join_people(groups)
    _join_bare(groups)
    return [groups[k] for k in sorted(groups)]


def _join_people(groups: dict[tuple[str, str], list[Claim]]) -> None:
    """Ages of the same person under different spellings join; an age with no person joins the only person."""
    people = sorted(k for k in groups if k[0].startswith("age "))
    for index, key in enumerate(people):
        for other in people[:index]:
            if other in groups and key in groups and _same_person(key[0][4:], other[0][4:]):
                _merge(groups, other, key)
    for unit in {k[1] for k in groups if k[0] == "age"}:
        named = [k for k in groups if k[0].startswith("age ") and k[1] == unit]
        if len(named) == 1:
            _merge(groups, named[0], ("age", unit))


def _join_bare(groups: dict[tuple[str, str], list[Claim]]) -> None:
    """ "sailor killed" joins "ostravan sailor killed" when no other proper-named variant exists."""
    variants: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key, claims in groups.items():
        core = _core(claims[0])
        if core != key[0] and not key[0].startswith("age"):
            variants.setdefault((core, key[1]), []).append(key)
    for key in sorted(groups):
        found = variants.get(key, [])
        if len(found) == 1 and all(_core(c) == key[0] for c in groups[key]):
            _merge(groups, found[0], key)


# --- sides and kinds --------------------------------------------------------------------------------------------


def _sides(claims: list[Claim]) -> list[list[Claim]]:
    """Claims partitioned by value: two claims that say the same value are on one side (transitively)."""
    # Only claims whose values lie close can say the same: sorted by lowest value, each is compared with the next
    # ones until their low exceeds its high by more than the rounding tolerance of `same_value` (2.5%).
    bounds = [_bounds(c) for c in claims]
    if any(low < 0 for low, _ in bounds):
        pairs: Iterable[tuple[int, int]] = ((i, j) for i in range(len(claims)) for j in range(i))
    else:
        pairs = _near_pairs(bounds)
    links = ((i, j) for i, j in pairs if same_value(claims[i], claims[j]))
    return [[claims[i] for i in group] for group in connected_components(range(len(claims)), links)]


def _near_pairs(bounds: list[tuple[float, float]]) -> list[tuple[int, int]]:
    """Index pairs of non-negative (low, high) intervals that may be `same_value`: overlapping once the higher end
    is widened by the 2.5% rounding tolerance. Each pair once, the larger index first."""
    order = sorted(range(len(bounds)), key=lambda i: bounds[i])
    pairs = []
    for k, i in enumerate(order):
        reach = bounds[i][1] * 1.026
        for j in order[k + 1 :]:
            if bounds[j][0] > reach:
                break
            pairs.append((max(i, j), min(i, j)))
    return pairs


def _side_as_of(claims: list[Claim]) -> str | None:
    dated = [(as_of_interval(c.as_of), c.as_of) for c in claims if as_of_interval(c.as_of)]
    if not dated:
        return None
    return min(dated, key=lambda d: (d[0][0], len(d[1] or "")))[1]  # type: ignore[index]


def _side_value(claims: list[Claim]) -> float:
    counts = Counter(c.value for c in claims)
    return max(counts, key=lambda v: (counts[v], -min(i for i, c in enumerate(claims) if c.value == v)))


def _ordered(a: list[Claim], b: list[Claim]) -> bool:
    """Whether two sides hold at different times: disjoint as-of dates, or one article cues one side's figure as
    earlier and the other's as later."""
    for left, right in ((a, b), (b, a)):
        earlier = {c.article_id for c in left if c.recency == "earlier"}
        if earlier & {c.article_id for c in right if c.recency == "later"}:
            return True
    first, second = as_of_interval(_side_as_of(a)), as_of_interval(_side_as_of(b))
    return bool(first and second and not _overlap(first, second))


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _side(claims: list[Claim]) -> ConflictSide:
    return ConflictSide(
        articles=sorted({c.article_id for c in claims}),
        value=_side_value(claims),
        attributed_to=_unique([c.attributed_to for c in claims if c.attributed_to]),
        as_of=_side_as_of(claims),
        sentences=_unique([c.sentence for c in claims]),
    )


def _about(claims: list[Claim]) -> str:
    """What a group is about: its most specific key; for an age, "age of" and the person's most common name."""
    keys = Counter(c.key for c in claims if c.key)
    people = [k for k in keys if k.startswith("age ")]
    if people:
        name = max(people, key=lambda k: (keys[k], -min(i for i, c in enumerate(claims) if c.key == k)))
        return "age of " + " ".join(w[:1].upper() + w[1:] for w in name[4:].split())
    return max(keys, key=lambda k: (len(k.split()), keys[k], [-ord(ch) for ch in k]))


def _conflict(claims: list[Claim]) -> Conflict:
    sides = sorted(_sides(claims), key=lambda s: ((as_of_interval(_side_as_of(s)) or (date.min,))[0], _side_value(s)))
    if len(sides) == 1:
        kind = "agreement"
    elif all(_ordered(a, b) for i, a in enumerate(sides) for b in sides[:i]):
        kind = "revision"
    else:
        kind = "contradiction"
    return Conflict(about=_about(claims), kind=kind, sides=[_side(s) for s in sides])  # type: ignore[arg-type]


def reconcile_claims(claims: list[Claim]) -> list[Conflict]:
    """Agreements, revisions and contradictions among the claims of many articles (a story and its related
    stories), one `Conflict` per thing counted that two or more articles give a figure for. Deterministic: the
    order of `claims` does not matter."""
    usable = sorted(
        (c for c in claims if c.key and not (_VAGUE.search(c.text) and not re.search(r"\d", c.text))),
        key=_order,
    )
    conflicts = []
    for group in _align(usable):
        group = sorted(_without_series(group), key=_order)
        if len({c.article_id for c in group}) < 2:
            continue
        # Ages nobody is named for ("a 41-year-old man", "cranes more than 15 years old") may be anyone's or
        # anything's: they can agree, but different values are different people, not a disagreement.
        if all(c.key == "age" for c in group) and len(_sides(group)) > 1:
            continue
        conflict = _conflict(group)
        if _stands(conflict):
            conflicts.append(conflict)
    return sorted(conflicts, key=lambda c: (c.about, c.kind))


def _stands(conflict: Conflict) -> bool:
    """Whether a group is worth reporting: any agreement; a disagreement only over a key of more than a bare noun
    (see the module docstring), and a contradiction only between different articles (`_sources_differ`)."""
    if conflict.kind == "agreement":
        return True
    if len(conflict.about.split()) < 2:
        return False
    return conflict.kind == "revision" or _sources_differ(conflict.sides)


def _without_series(group: list[Claim]) -> list[Claim]:
    """The group without sentences that give several values of it ("201,129 bales, vs 150,746 bales in the 1985 crop
    and 126,117 in 1984"): such a sentence compares periods or parts the key does not tell apart, and its figures
    are not a source's claim against another's. Unless it cues one as earlier ("earlier put at 300, now 120"): that
    is a revision."""
    values: dict[tuple[str, int], set[float]] = {}
    cued: set[tuple[str, int]] = set()
    for c in group:
        values.setdefault((c.article_id, c.sentence_start), set()).add(c.value)
        if c.recency:
            cued.add((c.article_id, c.sentence_start))
    return [
        c
        for c in group
        if len(values[(c.article_id, c.sentence_start)]) == 1 or (c.article_id, c.sentence_start) in cued
    ]


def _sources_differ(sides: list[ConflictSide]) -> bool:
    """Whether two sides are held by different articles: one article that gives a figure the other side's articles
    do not, and the other way round. An article at odds only with itself (two figures, one of them shared by
    another article) is no contradiction between sources (a revision may be one article's own, cued)."""
    return any(
        set(a.articles) - set(b.articles) and set(b.articles) - set(a.articles)
        for i, a in enumerate(sides)
        for b in sides[:i]
    )
