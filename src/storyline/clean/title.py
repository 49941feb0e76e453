"""Titles: the headline line near the top of a page, or one generated from the report's first sentence."""

from __future__ import annotations

import re

from storyline.clean.furniture import is_caption
from storyline.clean.lines import ends_open, ends_sentence, line_key, word_count
from storyline.text import sentences

_MAX_GENERATED_WORDS = 12
_MAX_WHOLE_SENTENCE_WORDS = 14
# Ending a generated title on one of these reads as cut mid-phrase.
_WEAK_END = frozenset(
    "a an the of to in on at by for from with and or but as that which who whose its his her their our is are was were "
    "be been has have had will would than into over after before about said".split()
)
_CLAUSE_BREAK = re.compile(r"[,;:]$|^[-–—]$")
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which|whose|where)\b[^,;:]{0,200},\s*")
_ATTRIBUTION = re.compile(
    r",\s+(?:[^,;:]{0,60}\s)?(?:said|says|reported|reports|announced|according\s+to|told)\b[^,;:]{0,80}[.!?]?$"
)
_TWO_SENTENCES = re.compile(r"[.!?]\s+[A-Z]")
_EDGE_PUNCT = ".,;:!?…-–— "


def is_headline(line: str) -> bool:
    """A headline-shaped line: a few words, no terminal period, starting with a capital, one sentence at most.

    A line that stops on a function word is a lead sentence cut by the scraper, not a headline.
    """
    wc = word_count(line)
    if not 3 <= wc <= 25 or len(line) > 200 or ends_open(line):
        return False
    first = line.lstrip("\"“‘'")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if line.endswith((",", ";", ":")) or (ends_sentence(line) and not line.rstrip("\"”’'").endswith(("?", "!"))):
        return False
    return _TWO_SENTENCES.search(line) is None


def find_headline(lines: list[str], candidates: list[int], first_report: int) -> int | None:
    """Index of the headline among the first kept lines (before the first report sentence), or None.

    `candidates` are the indices of kept non-blank lines in order; the headline must leave some text after it.
    """
    for position, i in enumerate(candidates[:3]):
        if i >= first_report or position == len(candidates) - 1:
            return None
        following = lines[candidates[position + 1]]
        if is_headline(lines[i]) and not following[:1].islower():
            return i
    return None


def matches_title(line: str, title: str) -> bool:
    """True when a text line repeats the given title (case, punctuation and spacing aside).

    Also when one is the other plus a suffix or prefix, as when a page title carries " - Site Name" or the page line
    a kicker: the shorter must still be most of the longer.
    """
    a, b = line_key(line), line_key(title)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return (
        short.count(" ") >= 2 and len(short) >= 0.6 * len(long_) and (long_.startswith(short) or long_.endswith(short))
    )


# Finite past or perfect verbs: a news lead has one ("were injured", "has expressed"); a photo caption, written in the
# present ("Workers stand beside the crane"), usually has none.
_PAST_OR_PERFECT = re.compile(
    r"\b(?:\w{3,}ed|was|were|had|has|have|said|says|told|did|went|came|took|made|saw|gave|found|left|began|won|lost|fell"
    r"|rose|died|held|met|sent|led|fled|hit|broke|became|ran|struck|brought|paid|sold|bought|built|fought|got|grew"
    r"|kept|knew|spent|spoke|stood|thought|threw|wrote|will|would)\b",
    re.IGNORECASE,
)


def _uncredited_caption(paragraphs: list[str], i: int) -> bool:
    """A one-sentence present-tense line before a longer lead: a caption that lost its credit. Only the first
    paragraph is judged so, to keep the rule from touching the report itself."""
    if i != 0 or len(paragraphs) < 2:
        return False
    first, wc = paragraphs[0], word_count(paragraphs[0])
    return (
        wc <= 25
        and len(sentences(first)) == 1
        and word_count(paragraphs[1]) > wc
        and not _PAST_OR_PERFECT.search(first)
    )


def generate_title(paragraphs: list[str]) -> str:
    """A headline from the first report sentence (captions skipped), cut at a clause or ~12 words."""
    for i, paragraph in enumerate(paragraphs):
        if is_caption(paragraph, word_count(paragraph)) or _uncredited_caption(paragraphs, i):
            continue
        found = sentences(paragraph)
        if found:
            return _shorten(found[0])
    return ""


def _shorten(sentence: str) -> str:
    # The core of a news lead: drop a relative clause ("…, who spent decades there, …") and the closing attribution
    # (", the ministry said on Tuesday"), which a headline leaves out.
    core = _RELATIVE_CLAUSE.sub(" ", sentence)
    core = _ATTRIBUTION.sub("", core).strip() or sentence
    tokens = core.split()
    if len(tokens) <= _MAX_WHOLE_SENTENCE_WORDS:
        return " ".join(tokens).rstrip(_EDGE_PUNCT)
    # Prefer a clause boundary between words 6 and 14 over a hard cut.
    cut = next((n for n in range(_MAX_WHOLE_SENTENCE_WORDS, 7, -1) if _CLAUSE_BREAK.search(tokens[n - 1])), 0)
    if cut:
        return " ".join(tokens[:cut]).rstrip(_EDGE_PUNCT)
    kept = tokens[:_MAX_GENERATED_WORDS]
    while len(kept) > 6 and kept[-1].casefold().strip("\"“”‘’'(),") in _WEAK_END:
        kept.pop()
    title = " ".join(kept).rstrip(_EDGE_PUNCT)
    # Do not leave a quotation open.
    if title.count("“") > title.count("”"):
        title += "”"
    elif title.count('"') % 2:
        title += '"'
    return title + "…"
