"""Reconciliation: what several articles say about the same thing, set side by side.

`claims` aligns numeric claims across articles (agreements, revisions over time, contradictions); `dates` compares
the dates and wording of aligned sentences. Import from the submodules.
"""
