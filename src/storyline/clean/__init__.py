"""Cleaning stage: page furniture out; title, dateline, credit, outlet and publication date found.

Pure functions only (no file or store access), so the same code runs in-process and on Spark executors.

    clean_draft(draft, recurring)         Draft -> Article
    line_key(line)                        the key the engine counts recurring lines by
    furniture_candidates(text)            the keys of a text's lines worth counting
    infer_published(text, dates, origin)  the date of an undated article from its story
    furniture_group(draft)                which articles share furniture (evidence.py, with recurring_lines)
"""

from storyline.clean.dates import infer_published
from storyline.clean.draft import clean_draft
from storyline.clean.evidence import batch_line_counts, furniture_group, recurring_lines
from storyline.clean.furniture import furniture_candidates
from storyline.clean.lines import line_key

__all__ = [
    "batch_line_counts",
    "clean_draft",
    "furniture_candidates",
    "furniture_group",
    "infer_published",
    "line_key",
    "recurring_lines",
]
