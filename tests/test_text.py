"""`storyline.text.stem`: the light stemmer comparisons of sentences use."""

from __future__ import annotations

import pytest

from storyline.text import content_words, stem


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("carried", "carry"),
        ("cities", "city"),
        ("killed", "kill"),
        ("reports", "report"),
        ("matches", "match"),
        ("boxes", "boxe"),
        ("rescuing", "rescu"),
        ("soldiers", "soldier"),
        # at least four letters stay, so short words keep their ending
        ("goes", "goes"),
        ("used", "used"),
        ("flies", "flie"),
        ("ties", "ties"),
        ("kill", "kill"),
    ],
)
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_stem_makes_inflections_meet() -> None:
    a = {stem(w) for w in content_words("The ferries docked after rescuers reported injuries.")}
    b = {stem(w) for w in content_words("A ferry docks; a rescuer reports an injury.")}
    assert {"ferry", "dock", "rescuer", "report", "injury"} <= a & b
