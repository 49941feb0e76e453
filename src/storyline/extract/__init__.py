"""Extraction stages: facts pulled out of one article's text.

entities + aliases (names, short forms, acronyms; merged across articles), timex (time expressions normalised to
TIMEX3 values), quantities (numbers with qualifier, unit and what is counted), claims (quantities with attribution
and as-of date), quotes (speaker and channel), and facts.py, which runs them all for one article.
"""

from storyline.extract.timex.finder import find_timexes
from storyline.models import TimeExpression

__all__ = ["TimeExpression", "find_timexes"]
