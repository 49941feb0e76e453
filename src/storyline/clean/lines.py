"""Line-level helpers shared by the cleaning modules: whitespace, sentence shape, and the cross-document line key."""

from __future__ import annotations

import re
import unicodedata

# Characters that render as nothing but break matching.
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS))
# A sentence ends with terminal punctuation, optionally closed by quotes or brackets.
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”’][.!?…]$")
# A line ending on a comma or a function word leaves its sentence open for the next line.
_OPEN_END = re.compile(
    r"(?:,|\b(?:on|of|the|for|to|and|or|in|at|by|with|from|a|an|as|than|that|since|until))$", re.IGNORECASE
)
_LOWER_WORD = re.compile(r"\b[a-z]{2,}\b")
_KEY_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_DIGITS = re.compile(r"\d+")
# First- and second-person words outside quotes mark a page talking to its reader, not a report.
_QUOTED = re.compile(r"[\"“][^\"”]{0,400}[\"”]")

KEY_MAX = 160


def squash(line: str) -> str:
    """The line with invisible characters dropped and every run of spaces collapsed to one, stripped."""
    # str.split() splits on every Unicode space (no-break and typographic ones included); translate() drops the
    # invisible characters in C. Both are several times faster than a regex substitution per line.
    if not line.isascii() and any(ch in line for ch in _INVISIBLE_CHARS):
        line = line.translate(_INVISIBLE)
    return " ".join(line.split())


def word_count(line: str) -> int:
    """Number of whitespace-separated tokens."""
    return len(line.split())


def ends_sentence(line: str) -> bool:
    """True when the line ends with terminal punctuation (possibly inside a closing quote)."""
    return _ENDS_SENTENCE.search(line[-6:]) is not None  # only the tail matters; skip scanning the whole line


def ends_open(line: str) -> bool:
    """True when the line stops mid-sentence, on a comma or a function word ("… ended on")."""
    return _OPEN_END.search(line) is not None


def looks_like_report_sentence(line: str) -> bool:
    """A line that reads like running prose: several words, lower-case words among them, ending like a sentence.

    Furniture rules that work on short lines never touch such a line; only explicit blocks (a donation appeal after its
    heading) may remove one.
    """
    return word_count(line) >= 8 and ends_sentence(line) and _LOWER_WORD.search(line) is not None


def without_quotes(line: str) -> str:
    """The line with quoted passages cut out, so a quoted "we" does not read as the page addressing its reader."""
    return _QUOTED.sub(" ", line)


def line_key(line: str) -> str:
    """Normalised key for counting a line across documents.

    Case, accents, punctuation and spacing are ignored, and digit runs become "0" so that a weather widget or a
    "3 comments" counter that changes between pages still counts as the same furniture line.
    """
    text = line
    if not text.isascii():  # the accent strip is per character: skip it for the common all-ASCII line
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    key = " ".join(_KEY_WORD.findall(text.casefold()))
    return _DIGITS.sub("0", key)[:KEY_MAX]
