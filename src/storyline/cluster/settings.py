"""Settings of the story index: every tunable number in one frozen dataclass.

The defaults are what the engine ships with, for every dataset. They were chosen on the ECB+ dev file while watching
topics 1-18 and 19-35 separately and seeded shuffles of the order (benchmarks/clustering_quality.py), and checked for
throughput on Reuters-21578; a neighbourhood of each value gives similar scores, so they are not knife-edge tuned.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    """Knobs of feature extraction, candidate retrieval and the join/merge decisions."""

    # --- features -------------------------------------------------------------------------------------------------
    # A word's prior IDF is -ln(frequency in general English) minus this offset, floored at 0: words more common
    # than e^-offset (about 1 in 400 words for 6.0) carry no weight at all.
    idf_offset: float = 6.0
    # IDF for words wordfreq has never seen (typos, rare surnames): -ln(1e-8).
    idf_unknown: float = 18.4
    # How many documents the prior is worth when blended with the stream's own document frequencies.
    idf_prior_docs: float = 50.0
    # Relative weights of the feature blocks in the cosine: content words, names, years, other numbers.
    weight_words: float = 1.0
    weight_names: float = 1.0
    weight_years: float = 0.5
    weight_numbers: float = 0.35
    # Prior IDF of a year or a figure, until the stream's own statistics take over.
    idf_number_prior: float = 6.0
    # ... and the mean IDF at which a years/figures block gets its full weight (ln 8: keys in 1 article in 8).
    number_idf_full: float = 2.0
    # Keys in the first sentences (the headline first, where there is one) count this many extra times: the event is
    # told first, background later.
    lead_sentences: int = 4
    lead_boost: float = 2.0
    # Terms kept per article vector and per story centroid (sparse, so cost per comparison is bounded).
    top_terms_article: int = 120
    top_terms_story: int = 150
    # --- candidates -----------------------------------------------------------------------------------------------
    # An article looks up stories through its this-many highest-weighted terms. 15 and 10 candidates (below) score
    # the same on ECB+ as 20 and 20, at about 25% less ingest time on Reuters.
    query_terms: int = 15
    # Each term remembers at most this many stories (the most recently updated), so lookups cost O(1) in the store.
    posting_cap: int = 20
    # A dated article only considers stories with a dated report within this many days of its date, measured from
    # the story's span (its latest report, for a stream): two quiet months end a story, and a later event on the same
    # storyline starts a new, related one. Sixty days, because follow-ups of one incident (an arrest, then charges;
    # an accident, then a resignation over it) come weeks apart and belong to its story, as in the ECB+ gold: 30 days
    # cost 0.007 BCubed F1 there. None disables the window.
    window_days: int | None = 60
    # The window for an article whose date was read with less confidence than ``min_date_confidence`` (a page's date
    # widget shows the day the page was shown, usually but not always the publication day).
    uncertain_window_days: int | None = None
    min_date_confidence: float = 0.7
    # At most this many candidate stories are scored exactly.
    max_candidates: int = 10
    # --- decisions ------------------------------------------------------------------------------------------------
    # Join the best story when cosine(article, story centroid) reaches this.
    join_threshold: float = 0.30
    # Merge a second story into the first when the article is also this close to it.
    merge_threshold: float = 0.40
    # Related stories (same storyline, other event) share at least this cosine between their names.
    related_min: float = 0.2
