"""Number atoms: digits ("1,280,000", "1.28", ".001"), spelled numbers ("fifteen thousand", "a dozen"), fractions
("two-thirds", "1/16 of") and vague plurals ("dozens of", "tens of millions of"), each parsed to a value.

An atom is only the number itself; scale words, currencies and units around it are read by `quantities`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.extract.quantities.lexicon import NUMBER_WORDS, SCALES

__all__ = ["ATOM_RE", "Atom", "find_atoms", "parse_spelled"]

_MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1e9, "trillion": 1e12}
_WORD = "|".join(sorted([*NUMBER_WORDS, *_MULTIPLIERS, "dozen"], key=len, reverse=True))
_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5}
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}
_VAGUE = {"dozens": (12, 120), "tens": (10, 100), "hundreds": (100, 1_000), "thousands": (1_000, 10_000),
          "millions": (1e6, 1e7), "billions": (1e9, 1e10)}  # fmt: skip

ATOM_RE = re.compile(
    # "1/16 of a pint", "10 1/2 miles", "½ cup": a slash fraction only when "of" or a unit follows (checked by the
    # caller), so dates (9/11) and scores are left alone.
    r"(?P<frac>(?<![\d/])(?:\d{1,3} )?\d{1,2}[/⁄]\d{1,3}(?![\d/])|(?<![\d/])\d{0,3}[½¼¾⅓⅔⅛])"
    # "half a million", "a quarter million"
    r"|(?P<hscale>(?i:\b(?:a\s+)?(?:half|quarter)\s+(?:a\s+)?(?:million|billion|thousand|trillion)\b))"
    # "two-thirds", "a third of", "three quarters"
    r"|(?P<wfrac>(?i:\b(?:a|one|two|three|four)[\s-](?:half|thirds?|quarters?|fifths?))\b)"
    # "dozens of", "tens of millions of", "hundreds of thousands of": an order of magnitude, kept as a range.
    r"|(?P<vague>(?i:\b(?:dozens|tens|hundreds|thousands|millions|billions)"
    r"(?:\s+of\s+(?:thousands|millions|billions))?)(?=\s+of\b))"
    # digits with thousands separators and decimals; ".001" too.
    r"|(?P<num>(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?!\d|,\d)|\d+)(?:\.\d+)?(?![\d])|(?<![\w.])\.\d+)"
    # spelled numbers, "a" only before a multiplier ("a million", "a dozen").
    rf"|(?P<word>(?i:\b(?:(?:a|an)\s+(?=(?:hundred|thousand|million|billion|trillion|dozen)\b))?"
    # "and" only joins after a multiplier ("one hundred and five"), not in "one and one point".
    rf"(?:{_WORD})(?:(?:(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))\s+and\s+|[\s-]+)(?:{_WORD}))*\b))"
)


@dataclass(slots=True)
class Atom:
    """One number as written: its span, parsed value (or range) and how it was written."""

    start: int
    end: int
    value: float
    value_high: float | None
    kind: str  # "num", "word", "frac", "wfrac", "vague"


def parse_spelled(text: str) -> float | None:
    """Value of a spelled number ("fifteen thousand", "one hundred and five", "a dozen", "4 hundred million")."""
    total = 0.0
    current = 0.0
    seen = False
    for token in re.split(r"[\s-]+", text.lower()):
        if token in ("and", ""):
            continue
        if token in ("a", "an"):
            current = max(current, 1)
            continue
        if token in NUMBER_WORDS:
            current += NUMBER_WORDS[token]
            seen = True
        elif token == "dozen":
            current = (current or 1) * 12
            seen = True
        elif token == "hundred":
            current = (current or 1) * 100
            seen = True
        elif token in _MULTIPLIERS:
            total += (current or 1) * _MULTIPLIERS[token]
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def _parse(match: re.Match[str]) -> tuple[float, float | None] | None:
    kind = match.lastgroup
    text = match.group(0)
    if kind == "num":
        return float(text.replace(",", "")), None
    if kind == "frac":
        whole = 0.0
        if text[-1] in _VULGAR:
            return (float(text[:-1]) if text[:-1] else 0.0) + _VULGAR[text[-1]], None
        if " " in text:
            head, text = text.split(" ", 1)
            whole = float(head)
        top, bottom = re.split(r"[/⁄]", text)
        return (whole + float(top) / float(bottom), None) if float(bottom) else None
    if kind == "hscale":
        words = text.lower().split()
        return (0.5 if "half" in words else 0.25) * SCALES[words[-1]], None
    if kind == "wfrac":
        head, tail = re.split(r"[\s-]", text.lower(), maxsplit=1)
        count = 1 if head in ("a", "one") else NUMBER_WORDS[head]
        return count / _FRACTIONS[tail], None
    if kind == "vague":
        words = text.lower().split()
        low, high = _VAGUE[words[0]]
        if len(words) == 3:  # "tens of millions": the second word scales the first
            scale = SCALES[words[2][:-1]]
            return low * scale, high * scale
        return float(low), float(high)
    value = parse_spelled(text)
    return (value, None) if value is not None else None


def find_atoms(text: str) -> list[Atom]:
    """All number atoms of a text, left to right, not overlapping."""
    atoms = []
    for match in ATOM_RE.finditer(text):
        parsed = _parse(match)
        if parsed is None:
            continue
        kind = match.lastgroup or "num"
        start, end = match.span()
        # Trailing multipliers belong to the number, but a bare multiplier ("million", "hundred") is not one.
        if kind == "word" and (text[start:end].lower() in _MULTIPLIERS or text[start:end].lower() == "dozen"):
            continue
        atoms.append(Atom(start, end, parsed[0], parsed[1], kind))
    return atoms
