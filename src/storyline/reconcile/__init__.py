"""Reconciliation: what several articles say about the same thing, set side by side.

claims.py       numeric claims aligned across articles: agreements, revisions over time, contradictions
dates.py        the dates and wording of aligned sentences compared
conflicts.py    find_conflicts (all of the above) and story_conflicts (a story's "disputed" flag)
independent.py  independent_reports: copies and rewrites of one report are one report
"""

from storyline.reconcile.conflicts import find_conflicts, story_conflicts
from storyline.reconcile.independent import independent_reports

__all__ = ["find_conflicts", "independent_reports", "story_conflicts"]
