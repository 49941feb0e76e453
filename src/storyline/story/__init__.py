"""Story-level stages: what a story's whole membership decides, and what it shows.

members.py      the story record (title, dates, independent reports) and dates inferred for undated members
story_facts.py  a story's facts from its articles': merged timeline, claims, quotes linked, conflicts
timeline.py     dated sentences merged into one entry per event
summary.py      a few sentences citing every article that says the same, plus one line per disagreement
tls.py          timeline summarisation of a long-running topic (`storyline tls`)
"""

from storyline.story.members import infer_dates, story_record
from storyline.story.story_facts import story_facts
from storyline.story.timeline import merge_timeline

__all__ = ["infer_dates", "merge_timeline", "story_facts", "story_record"]
