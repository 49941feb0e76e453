"""Time expressions: found in text and normalised to TIMEX3 values against the publication date.

finder.py    find_timexes(text, dct): the public entry point
rules.py     the pattern rules, each keyed by the word that must occur for it to apply
calendar.py  calendar arithmetic on TIMEX3 values (weeks, quarters, seasons, relative shifts)
vocab.py     month, weekday, season and number words
"""

from storyline.extract.timex.finder import find_timexes

__all__ = ["find_timexes"]
