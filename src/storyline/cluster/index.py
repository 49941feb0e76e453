"""The incremental story index: each arriving article joins the closest recent story or starts a new one.

Per article, in a bounded number of steps whatever the size of the store:

1. features: a sparse unit vector of content words, names, years and figures (``features.py``), IDF blended with the
   stream's document frequencies;
2. candidates: stories posted under the article's highest-weighted keys (capped posting lists, most recent first),
   ranked by how much of the article's weight they share; when the article is dated, stories whose dated reports all
   lie more than ``window_days`` away drop out (``uncertain_window_days``, by default none, for a doubtful date): a
   follow-up days later joins, an event weeks after the last report starts a new, related story;
3. decision: cosine to each candidate's centroid (truncated to its top terms); the best story above
   ``join_threshold`` takes the article, otherwise it starts a new story;
4. bridge merge: another candidate that is also very close (``merge_threshold``) to the article and to the chosen
   story is merged into the older of the two, which is what a stream can do cheaply instead of re-clustering.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from storyline.models import Article

from .features import YEAR, ArticleFeatures, cosine, dot, norm, term_counts, top_k, vectorize
from .related import related_stories
from .settings import ClusterSettings
from .state import StoryRecord, StoryState, resolve_stories


@dataclass(slots=True)
class Assignment:
    """Where one article went: its story, the similarity that decided it, and stories merged into that story."""

    story_id: str
    score: float
    created: bool
    merged: list[str] = field(default_factory=list)


def day_number(published: str | None) -> int | None:
    """``YYYY-MM-DD`` (or a longer ISO timestamp) as a proleptic day number; None when absent or unreadable."""
    if not published or len(published) < 10:
        return None
    try:
        return dt.date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


class StoryIndex:
    """Assigns articles to stories incrementally over a :class:`StoryState`."""

    def __init__(self, state: StoryState, settings: ClusterSettings | None = None) -> None:
        self.state = state
        self.settings = settings or ClusterSettings()

    # -- features ------------------------------------------------------------------------------------------------
    def features(self, article: Article, update_stats: bool = True) -> ArticleFeatures:
        """The article's vector, IDF from the prior and the stream so far; counts the article into the stream's DF.

        ``update_stats=False`` computes features without changing the state (for inspection and debugging).
        """
        counts = term_counts(feature_text(article), self.settings)
        for year in removed_years(article):
            key = "y:" + year
            counts[key] = counts.get(key, 0) + 1
        state = self.state
        n_docs = state.doc_count()
        df = state.doc_freqs(counts) if n_docs else {}
        feats = vectorize(counts, day_number(article.published), self.settings, df, n_docs)
        feats.day_sure = article.published_confidence >= self.settings.min_date_confidence
        if update_stats:
            state.add_doc(counts)
        return feats

    # -- candidates ----------------------------------------------------------------------------------------------
    def candidates(self, feats: ArticleFeatures) -> dict[str, StoryRecord]:
        """Recent stories sharing the article's distinctive keys, the most overlapping first (at most a cap)."""
        s = self.settings
        posted = self.state.postings(feats.query_keys)
        overlap: dict[str, float] = {}
        for key, story_ids in posted.items():
            w = feats.vector.get(key, 0.0)
            for sid in story_ids:
                overlap[sid] = overlap.get(sid, 0.0) + w
        ranked = sorted(overlap, key=lambda sid: (-overlap[sid], sid))[: s.max_candidates]
        stories = resolve_stories(self.state, ranked)
        window = s.window_days if feats.day_sure else s.uncertain_window_days
        if feats.day is not None and window is not None:
            stories = {sid: st for sid, st in stories.items() if date_gap(feats.day, st) <= window}
        return stories

    def similarity(self, feats: ArticleFeatures, story: StoryRecord) -> float:
        """Cosine to the story centroid."""
        # The article vector has unit length, so the cosine is one dot product over its ~120 keys.
        return dot(feats.vector, story.centroid) / story.norm if story.norm else 0.0

    # -- assignment ----------------------------------------------------------------------------------------------
    def assign(self, article: Article) -> Assignment:
        """Put one article into a story (existing or new) and return where it went."""
        s = self.settings
        state = self.state
        seq = state.next_seq()
        feats = self.features(article)
        cands = self.candidates(feats)
        scored = sorted(((self.similarity(feats, st), sid) for sid, st in cands.items()), key=lambda x: (-x[0], x[1]))

        if scored and scored[0][0] >= s.join_threshold:
            best_score, best_id = scored[0]
            story = cands[best_id]
            created = False
        else:
            best_score = scored[0][0] if scored else 0.0
            story = StoryRecord(id=self._new_id(article), centroid={}, size=0, created_seq=seq)
            created = True

        merged: list[str] = []
        if not created:
            story, merged = self._merge_bridged(story, feats, scored, cands)
        self._add(story, feats, seq)
        return Assignment(story_id=story.id, score=round(best_score, 6), created=created, merged=merged)

    def _merge_bridged(
        self, story: StoryRecord, feats: ArticleFeatures, scored: list[tuple[float, str]], cands: dict[str, StoryRecord]
    ) -> tuple[StoryRecord, list[str]]:
        """Merge candidates the article is also very close to, when they are close to the chosen story too."""
        s = self.settings
        merged: list[str] = []
        for score, sid in scored[1:]:
            if score < s.merge_threshold:
                break
            other = cands[sid]
            if not feats.day_sure and s.window_days is not None and span_gap(story, other) > s.window_days:
                continue  # a doubtful date is not held to the window: it must not bridge what the window keeps apart
            if cosine(story.centroid, other.centroid) >= s.merge_threshold:
                before = story.id
                story = self._merge(story, other)
                merged.append(sid if story.id == before else before)
        return story, merged

    def _new_id(self, article: Article) -> str:
        """Derived from the first article's id; a clash (same prefix) gets a counter suffix, deterministically."""
        base = "s" + article.id[:12]
        sid, n = base, 1
        while self.state.get_story(sid) is not None:
            n += 1
            sid = f"{base}-{n}"
        return sid

    def _add(self, story: StoryRecord, feats: ArticleFeatures, seq: int) -> None:
        s = self.settings
        centroid = dict(story.centroid)
        for k, v in feats.vector.items():
            centroid[k] = centroid.get(k, 0.0) + v
        story.centroid = top_k(centroid, s.top_terms_story)
        story.norm = norm(story.centroid)
        story.size += 1
        story.updated_seq = seq
        if feats.day is not None:
            story.first_day = feats.day if story.first_day is None else min(story.first_day, feats.day)
            story.last_day = feats.day if story.last_day is None else max(story.last_day, feats.day)
        # Each member posts its own distinctive keys, so any member's vocabulary finds the story later.
        self.state.post_many(list(feats.query_keys), story.id, seq, s.posting_cap)
        self.state.put_story(story)

    def _merge(self, a: StoryRecord, b: StoryRecord) -> StoryRecord:
        """Fold the younger story into the older; the survivor keeps the older id."""
        old, young = (a, b) if (a.created_seq, a.id) <= (b.created_seq, b.id) else (b, a)
        centroid = dict(old.centroid)
        for k, v in young.centroid.items():
            centroid[k] = centroid.get(k, 0.0) + v
        old.centroid = top_k(centroid, self.settings.top_terms_story)
        old.norm = norm(old.centroid)
        old.size += young.size
        days = [d for d in (old.first_day, young.first_day) if d is not None]
        old.first_day = min(days) if days else None
        days = [d for d in (old.last_day, young.last_day) if d is not None]
        old.last_day = max(days) if days else None
        # The younger story's postings stay where they are and resolve through the alias: no rewrite of the index.
        self.state.set_alias(young.id, old.id)
        self.state.delete_story(young.id)
        return old

    # -- related stories -----------------------------------------------------------------------------------------
    def related(self, story_id: str, limit: int = 5) -> list[tuple[str, float]]:
        """Other stories on the same wider storyline; see :mod:`storyline.cluster.related`."""
        return related_stories(self.state, story_id, self.settings, limit)


def feature_text(article: Article) -> str:
    """What the features read: the real headline (a generated one only repeats the lead), the dateline's place
    (cleaning lifted it out of the text) and the text."""
    parts = [
        article.title if article.title and not article.title_generated else "",
        article.dateline or "",
        article.text,
    ]
    return "\n".join(p for p in parts if p)


def date_gap(day: int, story: StoryRecord) -> int:
    """Days between a date and a story's dated span (0 inside it); 0 when the story has no dated report."""
    if story.first_day is None or story.last_day is None:
        return 0
    return max(0, story.first_day - day, day - story.last_day)


def span_gap(a: StoryRecord, b: StoryRecord) -> int:
    """Days between the dated spans of two stories (0 when they overlap or either has no dated report)."""
    if a.first_day is None or a.last_day is None or b.first_day is None or b.last_day is None:
        return 0
    return max(0, a.first_day - b.last_day, b.first_day - a.last_day)


def removed_years(article: Article) -> list[str]:
    """Years that cleaning took out of the text: the publication date's, and those of the date lines it removed.

    They still tell one event from a like one years apart, also when a removed date line ("UPDATED 05 / 03 / 2013")
    was not read into ``published``.
    """
    years = set(YEAR.findall("\n".join(article.removed))) if article.removed else set()
    if article.published:
        years.add(article.published[:4])
    return sorted(years)
