"""Timeline summarisation of a long-running topic (TLS), in the manner of news-tls "Datewise"
(Gholipour Ghalandari & Ifrim, ACL 2020).

    >>> docs = [("2024-03-02", "A storm hit the coast on March 1. Roads closed."), ...]  # doctest: +SKIP
    >>> build_timeline(docs, max_dates=5)  # doctest: +SKIP
    [("2024-03-01", ["A storm hit the coast on March 1."]), ...]

Two steps, both unsupervised and deterministic:

1. **Date selection.** Every sentence is dated by the first time expression in it that resolves to a full day (the
   project's rule-based tagger, relative expressions counted from the publication date). A date's score is the number
   of sentences that refer to it from texts published on or after it (forward references, "will meet on Friday", are
   plans and count a third) plus the number of texts published that day. The top `max_dates` dates are kept.
2. **Daily summaries.** A date's candidates are the sentences that report it (announcements made before it only when
   nothing reports it), plus the first few undated sentences of texts published that day or the day after (news
   reports lead with what just happened); whole sentences are preferred to splitter fragments. The candidates are
   scored against a date centroid built from the terms the referring and the published sentences share (news-tls
   "PM-Mean"), and the best are picked greedily so that their sum stays close to that centroid (news-tls
   "CentroidOpt"), skipping any sentence too similar to one already in the timeline, and sentences without one of the
   topic's keywords (terms that many of the texts share and that are rare in general English, via `wordfreq`).

Cost is one tagger pass and one sparse TF-IDF matrix over all sentences, so it is linear in the input size.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from scipy import sparse

from storyline.extract.timex.finder import find_timexes
from storyline.text import STOPWORDS, sentences, words

__all__ = ["build_timeline", "date_mentions", "split_sentences"]

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_LEAD_SENTENCES = 5  # undated sentences per text that stand for its publication date
_PUB_DAYS = 2  # a text published on day D speaks for D and D-1
_FORWARD_WEIGHT = 1 / 3  # a reference to a date after the text's publication (a plan, not a report)
_PUB_WEIGHT = 1.0  # a text published on the date
_MAX_SIMILARITY = 0.5  # cosine above which a sentence repeats one already in the timeline
_MIN_TOKENS, _MAX_TOKENS = 6, 60  # sentences outside this length are captions, fragments or run-ons
_KEYWORDS = 15  # topic keywords a summary sentence must mention one of


# A whole sentence: starts with a capital, a digit or an opening quote, ends with terminal punctuation.
_WELL_FORMED = re.compile(r"^(?:``\s*|[\"“'‘(]\s*)?[A-Z0-9].*[.!?](?:\s*(?:''|[\"”’)]))?$", re.DOTALL)


@dataclass(slots=True)
class _Sentence:
    text: str
    doc: int
    index: int  # position in its text
    pub: date | None
    mentioned: date | None  # first full-day time expression in it
    row: int = -1  # index over all sentences of the topic


def _to_date(value: str | None) -> date | None:
    if not value:
        return None
    m = _DAY.match(value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text`: one a line when the text is one sentence a line (tokenised
    corpora), else the project's sentence splitter (which also breaks at every line)."""
    spans = []
    pos = 0
    for sent in sentences(text):
        start = text.find(sent, pos)
        if start < 0:  # the splitter strips; never expected, but never lose a sentence
            start = pos
        end = start + len(sent)
        spans.append((start, end))
        pos = end
    return spans


def date_mentions(text: str, published: str | None) -> list[tuple[str, str | None]]:
    """Sentences of `text` with the first full-day date each refers to (ISO, or None), relative expressions resolved
    against `published`."""
    return [(s.text, s.mentioned.isoformat() if s.mentioned else None) for s in _read(0, published, text)]


def _read(doc: int, published: str | None, text: str) -> list[_Sentence]:
    pub = _to_date(published)
    spans = split_sentences(text)
    days = []
    for t in find_timexes(text, pub.isoformat() if pub else None):
        if t.type in ("DATE", "TIME"):
            d = _to_date(t.value)
            if d is not None:
                days.append((t.start, d))
    out = []
    k = 0
    for i, (start, end) in enumerate(spans):
        while k < len(days) and days[k][0] < start:
            k += 1
        mentioned = days[k][1] if k < len(days) and days[k][0] < end else None
        out.append(_Sentence(text[start:end], doc, i, pub, mentioned))
    return out


def _tokens(text: str) -> list[str]:
    return [w for w in words(text) if len(w) > 1 and w not in STOPWORDS and not w.isdigit()]


class _Vectors:
    """L2-normalised TF-IDF rows for every sentence (sublinear tf, smoothed idf over sentences)."""

    def __init__(self, token_lists: list[list[str]]):
        vocab: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for r, toks in enumerate(token_lists):
            for w, c in Counter(toks).items():
                rows.append(r)
                cols.append(vocab.setdefault(w, len(vocab)))
                vals.append(1.0 + math.log(c))
        n = len(token_lists)
        m = sparse.csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)), dtype=np.float64)
        df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=len(vocab)) if cols else np.zeros(0)
        idf = np.log((1 + n) / (1 + df)) + 1.0
        m = m @ sparse.diags(idf)
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        self.matrix = sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)
        self.vocab = vocab


def _keywords(docs: list[list[_Sentence]], token_lists: list[list[str]], limit: int) -> set[str]:
    """Terms that many texts share and that general English rarely uses: the topic's own words."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency; degrade to document frequency alone
        zipf_frequency = None
    df: Counter[str] = Counter()
    for doc in docs:
        seen = set()
        for s in doc:
            seen.update(token_lists[s.row])
        df.update(seen)
    n = max(1, len(docs))
    scored = []
    for w, c in df.items():
        if c < 2 and n > 1:
            continue
        rarity = 1.0 if zipf_frequency is None else max(0.5, 7.0 - zipf_frequency(w, "en"))
        scored.append((-(c / n) * rarity, w))
    scored.sort()
    return {w for _, w in scored[:limit]}


def _knee(values: np.ndarray) -> int:
    """Index of the point of a descending curve farthest from the chord joining its ends."""
    n = len(values)
    if n < 3:
        return n - 1
    x = np.arange(n, dtype=np.float64)
    dx, dy = x[-1] - x[0], values[-1] - values[0]
    norm = math.hypot(dx, dy) or 1.0
    dist = np.abs(dy * (x - x[0]) - dx * (values - values[0])) / norm
    return int(np.argmax(dist))


def build_timeline(
    documents: list[tuple[str, str]],
    max_dates: int,
    sentences_per_date: int = 1,
    *,
    start: str | None = None,
    end: str | None = None,
) -> list[tuple[str, list[str]]]:
    """A dated summary of a topic: up to `max_dates` (date, sentences) pairs, in date order.

    `documents` are (publication date as ISO, text) pairs about one topic. `start`/`end` (ISO days, inclusive) bound
    the dates the timeline may hold. Each date gets up to `sentences_per_date` sentences taken verbatim from the
    texts; a date without a usable sentence is skipped in favour of the next best date.
    """
    if max_dates <= 0 or not documents:
        return []
    lo, hi = _to_date(start), _to_date(end)

    def in_span(d: date) -> bool:
        return (lo is None or d >= lo) and (hi is None or d <= hi)

    docs = [_read(i, published, text) for i, (published, text) in enumerate(documents)]
    flat = [s for doc in docs for s in doc]
    for i, s in enumerate(flat):
        s.row = i
    return _summarise(docs, flat, max_dates, max(1, sentences_per_date), in_span)


def _summarise(docs, flat, max_dates, per_date, in_span) -> list[tuple[str, list[str]]]:
    token_lists = [_tokens(s.text) for s in flat]
    vectors = _Vectors(token_lists)
    keywords = _keywords(docs, token_lists, _KEYWORDS)

    # 1. date scores
    score: dict[date, float] = defaultdict(float)
    mentions: dict[date, list[int]] = defaultdict(list)
    plans: dict[date, list[int]] = defaultdict(list)  # forward references: candidates only when nothing reports it
    published: dict[date, list[int]] = defaultdict(list)
    for doc in docs:
        if doc and doc[0].pub is not None and in_span(doc[0].pub):
            score[doc[0].pub] += _PUB_WEIGHT
        lead = 0
        for s in doc:
            i = s.row
            if s.mentioned is not None:
                if in_span(s.mentioned):
                    forward = s.pub is not None and s.mentioned > s.pub
                    score[s.mentioned] += _FORWARD_WEIGHT if forward else 1.0
                    (plans if forward else mentions)[s.mentioned].append(i)
            elif s.pub is not None and lead < _LEAD_SENTENCES:
                lead += 1
                for k in range(_PUB_DAYS):
                    published[s.pub - timedelta(days=k)].append(i)
    ranked = sorted(score, key=lambda d: (-score[d], d))

    # 2. daily summaries, best dates first, so that a better date claims a shared sentence
    def usable(i: int) -> bool:
        n = len(token_lists[i])
        if not _MIN_TOKENS <= len(words(flat[i].text)) <= _MAX_TOKENS or n < 3:
            return False
        return not keywords or any(w in keywords for w in token_lists[i])

    timeline: dict[date, list[str]] = {}
    chosen_rows: list[int] = []
    chosen_texts: set[str] = set()
    X = vectors.matrix
    for d in ranked:
        if len(timeline) >= max_dates:
            break
        candidates = _candidates(X, mentions.get(d) or plans.get(d, []), published.get(d, []))
        candidates = [i for i in candidates if usable(i) and flat[i].text not in chosen_texts]
        # whole sentences read better than fragments a splitter left behind; fragments only when nothing else
        candidates = [i for i in candidates if _WELL_FORMED.match(flat[i].text)] or candidates
        if not candidates:
            continue
        picked = _centroid_opt(X, candidates, per_date, chosen_rows)
        if picked:
            timeline[d] = [flat[i].text for i in picked]
            chosen_rows.extend(picked)
            chosen_texts.update(flat[i].text for i in picked)
    return [(d.isoformat(), timeline[d]) for d in sorted(timeline)]


def _candidates(X: sparse.csr_matrix, ment: list[int], pub: list[int]) -> list[int]:
    """PM-Mean: keep the referring and published sentences close to what both groups say about the date."""
    if not ment or not pub:
        return list(dict.fromkeys(ment or pub))
    ment_sum = np.asarray(X[ment].sum(axis=0)).ravel()
    pub_sum = np.asarray(X[pub].sum(axis=0)).ravel()
    shared = (ment_sum > 0) & (pub_sum > 0)
    centroid = np.where(shared, ment_sum / len(ment) + pub_sum / len(pub), 0.0)
    norm = np.linalg.norm(centroid)
    rows = list(dict.fromkeys(ment + pub))
    if norm == 0:
        return rows
    sims = X[rows] @ (centroid / norm)
    order = np.sort(sims)[::-1]
    threshold = order[_knee(order)]
    kept = [r for r, sim in zip(rows, sims, strict=True) if sim > 0 and sim > threshold]
    return kept or rows


def _centroid_opt(X: sparse.csr_matrix, rows: list[int], k: int, chosen: list[int]) -> list[int]:
    """Greedily add the sentence that keeps the summary's sum closest (cosine) to the candidates' centroid.

    Rows of X are unit vectors, so for a summary sum s and a candidate x: cos(s + x, c) = (s.c + x.c) / |s + x| with
    |s + x|^2 = |s|^2 + 2 s.x + 1; everything stays sparse."""
    sub = X[rows]
    centroid = np.asarray(sub.sum(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    if norm == 0:
        return []
    centroid /= norm
    to_centroid = sub @ centroid
    blocked = np.zeros(len(rows), dtype=bool)
    if chosen:
        blocked = np.asarray((sub @ X[chosen].T).max(axis=1).todense()).ravel() > _MAX_SIMILARITY
    summary = np.zeros(X.shape[1])
    summary_dot_c, summary_sq = 0.0, 0.0
    picked: list[int] = []
    while len(picked) < k:
        to_summary = sub @ summary
        norms = np.sqrt(np.maximum(summary_sq + 2 * to_summary + 1.0, 1e-12))
        scores = np.where(blocked, -np.inf, (summary_dot_c + to_centroid) / norms)
        best = int(np.argmax(scores))
        if not np.isfinite(scores[best]):
            break
        picked.append(rows[best])
        summary_sq += 2 * to_summary[best] + 1.0
        summary_dot_c += to_centroid[best]
        row = sub[best]
        summary[row.indices] += row.data
        blocked |= np.asarray((sub @ row.T).todense()).ravel() > _MAX_SIMILARITY
        blocked[best] = True
    return picked
