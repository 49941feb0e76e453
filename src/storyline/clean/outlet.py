"""The publishing outlet, when the page's own furniture names it ("Support The Baltic Ledger!")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from storyline.clean.wire import is_agency

# A proper name of up to six words, allowing inner particles ("The Times of India", "Korea JoongAng Daily").
_NAME_WORDS = r"[A-Z][\w&'’.-]*(?:\s+(?:(?:of|and|on|de|the|&)\s+)?[A-Z][\w&'’.-]*){0,5}"
_NAME = rf"(?:The\s+)?{_NAME_WORDS}"
# Cues, strongest first; each names the site that shows the furniture it appears in.
_CUES = (
    re.compile(rf"^Support\s+(?P<name>{_NAME})\s*!?$"),
    re.compile(rf"\bA [Mm]essage [Ff]rom\s+(?P<name>{_NAME})\s*:?"),
    re.compile(rf"(?:©|\([Cc]\)|Copyright)\s*(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?\s*)?(?P<name>{_NAME})"),
    re.compile(rf"\b(?:supporting|[Ss]ubscribe to|[Ff]ollow|more from|[Dd]onate to)\s+(?P<name>The\s+{_NAME_WORDS})"),
)
_SENTENCE_BREAK = re.compile(r"[.!?]\s")
# Words that make a cue a slogan rather than a name ("Support Independent Journalism!").
_GENERIC = frozenset(
    "us our independent journalism local quality free press today now this your news media reporting".split()
)


def _clean_name(name: str) -> str | None:
    name = _SENTENCE_BREAK.split(name.strip())[0].rstrip(".,:;!'’")  # "The Courier. All rights …" -> "The Courier"
    words = [w.casefold() for w in name.split()]
    if not words:
        return None
    # "The Independent" is a name; "Independent Journalism" is a slogan.
    if words[0] != "the" and all(w in _GENERIC for w in words):
        return None
    if is_agency(name):
        return None
    return name


def outlet_from_furniture(removed: Iterable[str]) -> str | None:
    """The outlet named by the page's own furniture lines, or None. Never guesses from the report text."""
    votes: Counter[str] = Counter()
    order: dict[str, int] = {}
    for line in removed:
        for weight, cue in zip((3, 3, 2, 1), _CUES, strict=True):
            for m in cue.finditer(line):
                name = _clean_name(m.group("name"))
                if name:
                    votes[name] += weight
                    order.setdefault(name, len(order))
    if not votes:
        return None
    return max(votes, key=lambda n: (votes[n], -order[n]))
