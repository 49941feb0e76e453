"""Logical lines: one paragraph per line, hard-wrapped text re-flowed."""

from __future__ import annotations

from storyline.clean.paragraphs import logical_lines


def test_one_paragraph_per_line_when_not_wrapped() -> None:
    text = "First short paragraph here.\nSecond paragraph, on its own line.\n\nThird.\n\n\n"
    assert logical_lines(text) == ["First short paragraph here.", "Second paragraph, on its own line.", "", "Third."]


def test_hard_wrapped_block_with_indented_paragraphs() -> None:
    text = (
        "Calder Mills Inc said its board approved a plan to buy\n"
        "back up to 500,000 of its common shares over the next year.\n"
        "    The company said the purchases would be made in the\n"
        "open market from time to time.\n"
    )
    assert logical_lines(text) == [
        "Calder Mills Inc said its board approved a plan to buy back up to 500,000 of its common shares over the "
        "next year.",
        "The company said the purchases would be made in the open market from time to time.",
    ]


def test_hyphenated_word_across_lines_is_joined() -> None:
    text = (
        "The ministry described the deal as a step towards inter-\n"
        "national cooperation on fishing rights and\n"
        "quotas in the northern seas, officials said.\n"
    )
    assert logical_lines(text) == [
        "The ministry described the deal as a step towards inter-national cooperation on fishing rights and quotas "
        "in the northern seas, officials said."
    ]
