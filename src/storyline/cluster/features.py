"""Article -> sparse, weighted feature vector for story clustering.

Three blocks, each L2-normalised and then weighted, live in one sparse dict with namespaced keys:

- ``w:word``  content words, sublinear TF times IDF;
- ``n:name``  capitalised runs (people, places, organisations) and their tokens: two events of the same kind (two
  celebrity rehab stays, two earthquakes) share most of their words but not their names;
- ``y:1987``  years, which separate recurring events of the same kind (an award given every year).

IDF comes from a prior, English word frequencies from ``wordfreq`` (``-ln f``), because a stream starts with few
documents, blended with the stream's own document frequencies as they accumulate.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from wordfreq import word_frequency

from storyline.text import STOPWORDS, content_words, names, numbers, sentences

from .settings import ClusterSettings

YEAR = re.compile(r"(?<![\w.,])(?:19|20)\d\d(?![\w.,]\d)")
_DIGITS = re.compile(r"^[\d'’.,]+$")
_SMALL = frozenset(str(i) for i in range(13))

Vector = dict[str, float]


@dataclass(slots=True)
class ArticleFeatures:
    """What the story index needs from one article."""

    vector: Vector  # unit-length sparse vector, namespaced keys
    query_keys: list[str]  # the highest-weighted keys, used to look up candidate stories
    day: int | None  # publication date as a day number, when known
    day_sure: bool = True  # whether that date was read with confidence (not from a page's date widget)


@lru_cache(maxsize=262144)
def prior_idf(token: str, offset: float, unknown: float) -> float:
    """IDF from general English frequency: ``-ln f - offset``, floored at 0 (very common words carry nothing)."""
    freq = 0.0
    if " " not in token:
        freq = word_frequency(token, "en")
    else:
        # wordfreq estimates phrases poorly; a multi-word name is at least as rare as its rarest word.
        freq = min((word_frequency(t, "en") for t in token.split()), default=0.0)
    raw = -math.log(freq) if freq > 0 else unknown
    return max(0.0, raw - offset)


def _normalise(block: Counter[str] | dict[str, float], scale: float) -> Vector:
    norm = math.sqrt(sum(v * v for v in block.values()))
    if norm == 0.0:
        return {}
    factor = math.sqrt(scale) / norm
    return {k: v * factor for k, v in block.items()}


def _name_terms(text: str) -> Counter[str]:
    """Names and, for multi-word names, their words (so "Lohan" matches "Lindsay Lohan")."""
    out: Counter[str] = Counter()
    for name in names(text):
        if _DIGITS.match(name):
            continue
        parts = [p for p in name.split() if len(p) > 2 and p not in STOPWORDS]
        if not parts:
            continue
        out[name] += 1
        if len(parts) > 1:
            for p in parts:
                out[p] += 1
    return out


def _strip_possessive(token: str) -> str:
    return token[:-2] if token.endswith(("'s", "’s")) and len(token) > 3 else token


def _raw_counts(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for w, c in Counter(_strip_possessive(w) for w in content_words(text) if not _DIGITS.match(w)).items():
        out["w:" + w] = c
    for n, c in _name_terms(text).items():
        out["n:" + n] = c
    for y, c in Counter(YEAR.findall(text)).items():
        out["y:" + y] = c
    for num, c in Counter(numbers(text)).items():
        # Counts, scores, magnitudes and money are event details ("5.6", "52-3", "200 million"); small integers
        # and years (counted above) are not.
        if num not in _SMALL and not (len(num) == 4 and num[:2] in ("19", "20")):
            out["#:" + num] = c
    return out


def term_counts(text: str, settings: ClusterSettings | None = None) -> dict[str, int]:
    """Raw counts of every namespaced key of an article (``w:``, ``n:``, ``y:``, ``#:``), before weighting.

    Keys in the lead (first sentences) count extra: news puts the event's who/what/where first and background later.
    """
    s = settings or ClusterSettings()
    counts = _raw_counts(text)
    if s.lead_boost > 0 and s.lead_sentences > 0:
        lead = sentences(text[: 400 * s.lead_sentences])[: s.lead_sentences]
        for key, c in _raw_counts("\n".join(lead)).items():
            counts[key] = counts.get(key, 0) + s.lead_boost * c
    return counts


def vectorize(
    counts: dict[str, int],
    day: int | None,
    settings: ClusterSettings,
    doc_freqs: dict[str, int] | None = None,
    n_docs: int = 0,
) -> ArticleFeatures:
    """Weight raw counts into a unit vector.

    IDF is the wordfreq prior, blended with the stream's own IDF ``ln((N+1)/(df+1))`` once the stream has seen
    documents: the prior counts as ``idf_prior_docs`` documents, so the stream takes over as it grows. Stream
    statistics matter for news vocabulary that general English rates rare but a feed repeats daily ("reuters").
    """
    s = settings
    blocks: dict[str, dict[str, float]] = {"w:": {}, "n:": {}, "y:": {}, "#:": {}}
    idfs = dict.fromkeys(blocks, 0.0)
    k = s.idf_prior_docs
    for key, tf in counts.items():
        prefix = key[:2]
        if prefix in ("y:", "#:"):
            # General-English frequency says nothing about a year or a figure in the news: a flat prior, which the
            # stream's statistics correct (every 1987 Reuters story mentions 1987; each ECB+ event its own year).
            idf = s.idf_number_prior
        else:
            idf = prior_idf(key[2:], s.idf_offset, s.idf_unknown)
        if doc_freqs is not None and n_docs > 0:
            observed = math.log((n_docs + 1) / (doc_freqs.get(key, 0) + 1))
            idf = (k * idf + n_docs * observed) / (k + n_docs)
        if idf > 0.0:
            blocks[prefix][key] = (1.0 + math.log(tf)) * idf
            idfs[prefix] += idf

    vec: Vector = {}
    vec.update(_normalise(blocks["w:"], s.weight_words))
    vec.update(_normalise(blocks["n:"], s.weight_names))
    # A block's weight shrinks with the mean IDF of its keys (relative to the prior), so that a year every article
    # of the feed mentions does not become a shared feature worth a fixed slice of every cosine.
    for prefix, weight in (("y:", s.weight_years), ("#:", s.weight_numbers)):
        block = blocks[prefix]
        if block:
            informative = min(1.0, idfs[prefix] / (len(block) * s.number_idf_full))
            vec.update(_normalise(block, weight * informative))
    vec = _normalise(top_k(vec, s.top_terms_article), 1.0)
    ranked = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))
    query = [key for key, _ in ranked if key[:2] in ("w:", "n:")][: s.query_terms]
    return ArticleFeatures(vector=vec, query_keys=query, day=day)


def article_features(text: str, day: int | None, settings: ClusterSettings) -> ArticleFeatures:
    """Features of one article with the prior IDF alone (no stream statistics)."""
    return vectorize(term_counts(text), day, settings)


def top_k(vec: Vector, k: int) -> Vector:
    """The k largest entries (ties broken by key, for determinism)."""
    if len(vec) <= k:
        return vec
    return dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:k])


def dot(a: Vector, b: Vector) -> float:
    """Dot product of two sparse vectors (iterates over the smaller)."""
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum(v * get(k, 0.0) for k, v in a.items())


def norm(a: Vector) -> float:
    """Euclidean length of a sparse vector."""
    return math.sqrt(sum(v * v for v in a.values()))


def cosine(a: Vector, b: Vector) -> float:
    """Dot product of two sparse vectors divided by their norms."""
    d = dot(a, b)
    return d / (norm(a) * norm(b)) if d else 0.0
