"""Line helpers."""

from __future__ import annotations

from storyline.clean.lines import ends_sentence, looks_like_report_sentence, squash


def test_squash() -> None:
    assert squash("\u200b  a\u00a0 b\t c  ") == "a b c"


def test_ends_sentence() -> None:
    assert ends_sentence("He left.")
    assert ends_sentence("He said “no.”")
    assert not ends_sentence("Dies at 70")


def test_report_sentence_shape() -> None:
    assert looks_like_report_sentence("The council voted on Monday to fund a new ferry line.")
    assert not looks_like_report_sentence("Sign up for our free weekly newsletter")
    assert not looks_like_report_sentence("Once")
