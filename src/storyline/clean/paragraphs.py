"""Logical lines: one paragraph per line, except hard-wrapped blocks, which are re-flowed into paragraphs."""

from __future__ import annotations

from itertools import pairwise

from storyline.clean.lines import ends_sentence, squash

_WRAP_MIN, _WRAP_MAX = 40, 100  # hard-wrap widths worth recognising
_WRAP_SLACK = 16  # a wrapped line ends within this many characters of the block's width


def _is_wrapped(block: list[str]) -> bool:
    """A block hard-wrapped at a fixed width: most lines end near that width and mid-sentence."""
    if len(block) < 3:
        return False
    body = block[:-1]
    width = max(len(line.rstrip()) for line in body)
    if not _WRAP_MIN <= width <= _WRAP_MAX:
        return False
    near = sum(len(line.rstrip()) >= width - _WRAP_SLACK for line in body)
    open_ended = sum(not ends_sentence(line.rstrip()) for line in body)
    # A line ending mid-sentence followed by one starting in lower case is a wrapped sentence for certain.
    carried = sum(not ends_sentence(a.rstrip()) and b.lstrip()[:1].islower() for a, b in pairwise(block))
    return (near >= 0.7 * len(body) and open_ended >= 0.5 * len(body)) or carried >= max(1, 0.25 * len(body))


def _reflow(block: list[str]) -> list[str]:
    """Join a wrapped block; a new paragraph starts at an indented line or after a short sentence-ending line."""
    width = max(len(line.rstrip()) for line in block)
    # Indentation marks paragraphs only where some lines are indented and others not.
    marks = [line[:1] in (" ", "\t") for line in block]
    use_indent = any(marks[1:]) and not all(marks)
    paragraphs: list[list[str]] = []
    previous = ""
    for line, mark in zip(block, marks, strict=True):
        stripped = line.rstrip()
        indented = use_indent and mark
        new = not paragraphs or indented or (ends_sentence(previous) and len(previous) < width - _WRAP_SLACK)
        text = squash(stripped)
        if new:
            paragraphs.append([text])
        elif paragraphs[-1][-1].endswith("-") and text[:1].islower():
            paragraphs[-1][-1] += text  # a word hyphenated across the break: "inter-\nnational"
        else:
            paragraphs[-1].append(text)
        previous = stripped
    return [" ".join(p) for p in paragraphs if p]


def logical_lines(text: str) -> list[str]:
    """The text as logical lines: one per paragraph line, hard-wrapped blocks re-flowed, "" between blocks.

    Furniture rules then see a wrapped sentence whole: a fragment such as "share." at the start of a wrapped line
    is never mistaken for a share button.
    """
    out: list[str] = []
    block: list[str] = []
    for line in [*text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), ""]:
        if line.strip():
            block.append(line)
            continue
        if block:
            out.extend(_reflow(block) if _is_wrapped(block) else (squash(b) for b in block))
            block = []
        out.append("")
    while out and not out[-1]:
        out.pop()
    return out
