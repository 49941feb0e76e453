"""Extraction stages: facts pulled out of an article's text (time expressions here; quantities in `quantities`)."""

from storyline.extract.timex import find_timexes
from storyline.models import TimeExpression

__all__ = ["TimeExpression", "find_timexes"]
