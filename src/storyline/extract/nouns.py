"""Singular forms of English count nouns, for comparing what figures count ("3 divisions" and "a division", "40 lives"
and "one life"). Rules and a short list of exceptions: good enough for the head nouns of news figures, which are
mostly regular."""

from __future__ import annotations

__all__ = ["IRREGULAR_PLURALS", "singular"]

IRREGULAR_PLURALS = {
    "people": "people", "men": "man", "women": "woman", "children": "child", "feet": "foot", "teeth": "tooth",
    "mice": "mouse", "geese": "goose", "police": "police", "staff": "staff", "personnel": "personnel",
    "cattle": "cattle", "fishermen": "fisherman", "series": "series", "species": "species", "news": "news",
    "casualties": "casualty", "troops": "troop", "lives": "life", "media": "media", "data": "data",
}  # fmt: skip
# Singulars in -us whose plural in -uses must not lose the "s" of the stem ("viruses" → "virus", not "viruse").
_US_ENDINGS = ("virus", "bonus", "campus", "bus", "status", "census", "surplus", "focus", "stimulus", "fungus")


def singular(word: str) -> str:
    """The lower-cased singular of `word` (itself when it does not look plural)."""
    low = word.lower()
    if low in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[low]
    if low.endswith("men") and len(low) > 4:
        return low[:-3] + "man"
    if low.endswith("ies") and len(low) > 4:
        return low[:-3] + "y"
    if low.endswith("uses") and low[:-2] in _US_ENDINGS:
        return low[:-2]
    if low.endswith("zzes"):
        return low[:-3]
    if low.endswith(("sses", "xes", "ches", "shes")):
        return low[:-2]
    if low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 2:
        return low[:-1]
    return low
