"""Rewrite detection: is one article a reworded copy of another, or an independent report of the same event?

Both kinds share names, numbers and even quotes, so word overlap alone cannot tell them apart. What a rewrite keeps
and an independent report does not is the *structure*: a rewriter walks through the original sentence by sentence,
paraphrasing each, so nearly every sentence of the shorter text has a counterpart in the other, in the same order.
Independent reporters pick different facts, in a different order, and only a few sentences line up (a shared quote,
the core fact).

So the score is:
1. split both texts into sentences; describe each by its content words (crudely stemmed) and figures;
2. compare every sentence pair by the Dice overlap of those words, scaled down where both carry figures that differ
   (vectorised: one sorted join of the two texts' words, so the cost grows with the words they share);
3. find the heaviest chain of sentence pairs in the same order in both texts (sentences may split or merge), once
   from each text's side;
4. alignment = the lesser of the two texts' shares of sentences in those chains (a rewrite accounts for nearly all
   of its original; an independent report adds quotes and details of its own), times the evidence (the chain's
   summed similarity, in full from about four well-matched sentences: short texts align by chance too easily);
5. damp it when the two texts do not share most of their names and figures (a rewrite keeps the facts; templated
   stories such as dividend notices or bond issues share the wording but not the names and figures);
6. rescale so that 0 is what independent reports in the same order of facts reach (ALIGNMENT_BASELINE) and 0.5
   is the decision threshold;
7. cut it when both texts carry known publication dates more than a week apart (a rewrite follows its original
   within days; a recurring templated report, such as a weekly price table, does not).

Per-article features are cached by text, so one new article compared against 30 candidates pays for its own
features once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np

from storyline import text as textutil
from storyline.models import Article

# A score at or above this is a rewrite (see ALIGNMENT_BASELINE for the scale).
REWRITE_THRESHOLD = 0.5
# Raw alignment (the lesser of the two texts' aligned shares, times evidence and fact agreement) that independent
# reports of one event can reach by following the same order of facts: the score's zero. The threshold then sits at
# raw 0.72: on the project's examples independent reports of one fire reach 0.62 and 0.67 raw, while the reworded
# copy (one fact changed) reaches 0.77; the seeds' rewrite reaches 0.88 (0.79 as a score).
ALIGNMENT_BASELINE = 0.44
# Dice overlap of two sentences' stemmed content words at which they count as the same sentence reworded. Paraphrases
# keep about half their content words; unrelated sentences about the same event share a name or two (< 0.25).
SENTENCE_THRESHOLD = 0.3
# Sentences with fewer content words than this carry no evidence either way (datelines, "Reuter", captions).
MIN_SENTENCE_WORDS = 5
# Chained pairs needed before any alignment counts: two or three sentences line up by chance too easily.
MIN_ALIGNED = 3
# Summed similarity of the chained sentences at which the alignment counts in full: about four sentences kept nearly
# word for word, or six or seven paraphrased. Below it the score shrinks in proportion, because short templated
# stories (bond issues, rate moves, "Fed adds reserves") align three or four sentences with other days' stories.
EVIDENCE_WEIGHT = 4.0
# A rewrite follows its original within days. Two texts dated further apart than this (both dates known, neither
# inferred) are far more likely a recurring templated report (weekly price tables, daily Fed operations) than a copy:
# their score is multiplied by FAR_APART_FACTOR, which keeps it under REWRITE_THRESHOLD while still ranking candidates.
MAX_DAYS_APART = 3
FAR_APART_FACTOR = 0.4
# A text with fewer distinct names (figures) than this gives that fact check nothing to go on: it stays neutral.
MIN_NAMES = 2
MIN_FIGURES = 3
# Overlap coefficient (shared / smaller set) of names, and of figures, mapped linearly to a factor: 0 at LOW, 1 at
# HIGH. A rewrite keeps its original's names (~0.8 in practice, where the copy renames some: "the Brazilian
# government" for "Brazil") and figures (0.8: one changed); independent reports of one event share the main
# actors and the key number (0.2-0.55); templated stories share wording, not names and figures.
NAMES_LOW, NAMES_HIGH = 0.4, 0.8
FIGURES_LOW, FIGURES_HIGH = 0.3, 0.7
# Per sentence, only its best few counterparts enter the chain search, which keeps that search small.
CANDIDATES_PER_SENTENCE = 2
STEM_CHARS = 5

# A figure, with a fraction kept whole ("101-1/2", "6-5/16", "1/2"): the parts of a fraction are not facts on their own.
_FIGURE = re.compile(r"(?<![\w.])\d+/\d+|(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:-\d+/\d+)?")
_FIRST_WORD = re.compile(r"[\W_]*([^\W_]+(?:['’.-][^\W_]+)*)")
# A line break inside a sentence (hard-wrapped wire copy): not after terminal punctuation, not before a blank line.
_WRAPPED = re.compile(r"(?<=[^\s.!?:\"”'’])[ \t]*\n(?=[ \t]*[a-z0-9(\"“'‘])")


@dataclass(frozen=True, slots=True)
class _Entries:
    """(sentence, token) entries of one text sorted by token id, so that the tokens two texts share are found with
    one `searchsorted` instead of a Python loop over sentence pairs."""

    ids: np.ndarray  # int64, sorted
    sentence_of: np.ndarray  # int64, the sentence of each entry
    per_sentence: np.ndarray  # float64, distinct tokens per sentence

    @staticmethod
    def build(sentences: list[set[str]]) -> _Entries:
        ids: list[int] = []
        owners: list[int] = []
        for k, tokens in enumerate(sentences):
            # hash() only names tokens within this process; results depend on which tokens are equal, never on the
            # ids (a 64-bit collision between two distinct tokens is the only way they could change: negligible).
            ids.extend(hash(t) for t in tokens)
            owners.extend([k] * len(tokens))
        id_array = np.asarray(ids, dtype=np.int64)
        order = np.argsort(id_array, kind="stable")
        return _Entries(
            ids=id_array[order],
            sentence_of=np.asarray(owners, dtype=np.int64)[order],
            per_sentence=np.asarray([len(t) for t in sentences], dtype=np.float64),
        )


@dataclass(frozen=True, slots=True)
class _Features:
    """What rewrite scoring needs from one text."""

    n_sentences: int
    words: _Entries  # stemmed content words per sentence
    figures: _Entries  # numbers of two or more digits per sentence (the facts that must survive a rewording)
    names: frozenset[str]
    name_words: frozenset[str]  # every word of every name, to match "Toyo Trust" with "Toyo Trust and Banking Co"
    all_figures: frozenset[str]


def _prefix_key(word: str) -> str:
    """The first `STEM_CHARS` letters of a word: a match key, not a stem (that is `storyline.text.stem`).

    Crude, but cheap and deterministic, and good enough to match "killed"/"kill", "soldiers"/"soldier",
    "Brazil"/"Brazilian" in sentences that already share context, which a suffix stemmer would not all do.
    Numbers stay whole."""
    return word if word[0].isdigit() else word[:STEM_CHARS]


def _figures(text: str) -> list[str]:
    """Figures in canonical form: thousands separators dropped, trailing decimal zeros dropped."""
    out = []
    for m in _FIGURE.finditer(text):
        f = m.group(0).replace(",", "")
        if "." in f and "/" not in f:
            f = f.rstrip("0").rstrip(".")
        out.append(f)
    return out


def _sentence_names(sentence: str) -> list[str]:
    """Names in a sentence, less a lone capitalised first word ("Engineers told...", "Local shops..."): at the start
    of a sentence capitals say nothing, and such words would make a paraphrase look like it lost names. A real name
    there is rarely alone for long: "Okafor said" follows "Maria Okafor" elsewhere in the text."""
    found = textutil.names(sentence)
    if found and " " not in found[0]:
        first = _FIRST_WORD.match(sentence)
        if first and textutil.normalize(first.group(1)) == found[0]:
            found = found[1:]
    return found


@lru_cache(maxsize=4096)
def _features(text: str) -> _Features:
    """Sentence and fact features of a text (cached: str hashes are cached too, so a repeat lookup is O(1))."""
    text = _WRAPPED.sub(" ", text)
    words: list[set[str]] = []
    figures: list[set[str]] = []
    names: set[str] = set()
    for sentence in textutil.sentences(text):
        names.update(_sentence_names(sentence))
        stems = {_prefix_key(w) for w in textutil.content_words(sentence)}
        if len(stems) < MIN_SENTENCE_WORDS:
            continue
        words.append(stems)
        # Bare single digits are left out: mostly counts that rewording spells out, or parts of dates.
        figures.append({f for f in _figures(sentence) if len(f) > 1})
    return _Features(
        n_sentences=len(words),
        words=_Entries.build(words),
        figures=_Entries.build(figures),
        names=frozenset(names),
        name_words=frozenset(w for name in names for w in name.split()),
        all_figures=frozenset(_figures(text)),
    )


def _ramp(overlap: float, low: float, high: float) -> float:
    return min(1.0, max(0.0, (overlap - low) / (high - low)))


def _name_agreement(a: _Features, b: _Features) -> float:
    """How fully the two texts' names agree, as a factor in [0, 1] (see NAMES_LOW).

    A name counts as shared when the other text has it, or has all its words among its own names: "Park" and "Toyo
    Trust" match "Park Min Jun" and "Toyo Trust and Banking Co Ltd", as a rewriter shortens or expands names.
    """
    small, large = (a, b) if len(a.names) <= len(b.names) else (b, a)
    if len(small.names) < MIN_NAMES:
        return 1.0  # too few names to judge either way: leave it to the sentence alignment
    shared = sum(1 for n in small.names if n in large.names or large.name_words.issuperset(n.split()))
    return _ramp(shared / len(small.names), NAMES_LOW, NAMES_HIGH)


def _figure_agreement(a: frozenset[str], b: frozenset[str]) -> float:
    """How fully the two texts' figures agree, as a factor in [0, 1] (see FIGURES_LOW)."""
    if min(len(a), len(b)) < MIN_FIGURES:
        return 1.0
    return _ramp(len(a & b) / min(len(a), len(b)), FIGURES_LOW, FIGURES_HIGH)


def _shared_counts(short: _Entries, long: _Entries, n: int, m: int) -> np.ndarray:
    """How many tokens each (short sentence, long sentence) pair shares, as an n x m matrix."""
    left = np.searchsorted(long.ids, short.ids, side="left")
    hits = np.searchsorted(long.ids, short.ids, side="right") - left
    total = int(hits.sum())
    if total == 0:
        return np.zeros((n, m))
    # Expand each short entry into its matching long entries: positions left[k] .. left[k] + hits[k] - 1.
    starts = np.repeat(left - (np.cumsum(hits) - hits), hits) + np.arange(total)
    pairs = np.repeat(short.sentence_of, hits) * m + long.sentence_of[starts]
    return np.bincount(pairs, minlength=n * m).reshape(n, m).astype(np.float64)


def _similarity_matrix(short: _Features, long: _Features) -> np.ndarray:
    """Similarity of every (short sentence, long sentence) pair: Dice overlap of their content words, scaled down
    when both sentences carry figures and do not share them (a templated sentence with other numbers in it: "Qtly
    div 10 cts vs 10 cts" is not a rewording of "Qtly div 40 cts vs 40 cts")."""
    n, m = short.n_sentences, long.n_sentences
    shared = _shared_counts(short.words, long.words, n, m)
    dice = 2.0 * shared / (short.words.per_sentence[:, None] + long.words.per_sentence[None, :])
    fig_short, fig_long = short.figures.per_sentence[:, None], long.figures.per_sentence[None, :]
    both = (fig_short > 0) & (fig_long > 0)
    if both.any():
        shared_figs = _shared_counts(short.figures, long.figures, n, m)
        agreement = np.minimum(1.0, 2.0 * shared_figs / np.maximum(1.0, np.minimum(fig_short, fig_long)))
        dice = np.where(both, dice * agreement, dice)
    return dice


def _best_chain(sim: np.ndarray) -> tuple[float, int, int]:
    """Heaviest chain of matched pairs, increasing in the short text and non-decreasing in the long one.

    Returns (summed similarity, short sentences in the chain, distinct long sentences in the chain). Only each short
    sentence's best candidates above the threshold take part; a prefix-maximum table over the long text's positions
    makes the search linear in those candidates (plus the table updates, short in practice).
    """
    k = min(CANDIDATES_PER_SENTENCE, sim.shape[1])
    top = np.argsort(-sim, axis=1, kind="stable")[:, :k]
    top_sim = np.take_along_axis(sim, top, axis=1)
    rows, ranks = np.nonzero(top_sim >= SENTENCE_THRESHOLD)
    if len(rows) == 0:
        return 0.0, 0, 0
    cols = top[rows, ranks].tolist()
    sims = top_sim[rows, ranks].tolist()
    # prefix[j]: (weight, short count, distinct long count, last long index) of the heaviest chain over earlier short
    # sentences that ends at a long sentence <= j. Non-decreasing in j, so an update stops where it no longer wins.
    prefix = [(0.0, 0, 0, -1)] * sim.shape[1]
    pending: list[tuple[float, int, int, int]] = []
    row_now = -1
    for i, j, s in zip(rows.tolist(), cols, sims, strict=True):
        if i != row_now:  # chains must strictly advance in the short text: publish the previous row's ends now
            _publish(prefix, pending)
            pending, row_now = [], i
        weight, n_short, n_long, last = prefix[j]
        pending.append((weight + s, n_short + 1, n_long + (0 if last == j else 1), j))
    _publish(prefix, pending)
    weight, n_short, n_long, _ = prefix[-1]  # the table is a prefix maximum: its last entry is the best chain
    return weight, n_short, n_long


def _publish(prefix: list[tuple[float, int, int, int]], ends: list[tuple[float, int, int, int]]) -> None:
    """Record chains ending at long sentence `end[3]` in the prefix-max table."""
    for end in ends:
        for jj in range(end[3], len(prefix)):
            if prefix[jj][0] >= end[0]:
                break
            prefix[jj] = end


def _score_texts(text_a: str, text_b: str) -> float:
    if (len(text_a), text_a) > (len(text_b), text_b):
        text_a, text_b = text_b, text_a  # a fixed order, so that the score is symmetric even on ties below
    fa, fb = _features(text_a), _features(text_b)
    short, long = (fa, fb) if fa.n_sentences <= fb.n_sentences else (fb, fa)
    n, m = short.n_sentences, long.n_sentences
    if n < MIN_ALIGNED:
        return 0.0  # one or two sentences line up by chance (templated briefs): no evidence of a rewrite
    facts = _name_agreement(fa, fb) * _figure_agreement(fa.all_figures, fb.all_figures)
    if facts == 0.0:
        return 0.0  # cheap exit: these two do not report the same facts
    sim = _similarity_matrix(short, long)
    weight, aligned_short, distinct_long = _best_chain(sim)
    # The same search from the longer text's side: how much of *it* the shorter one accounts for. A rewrite accounts
    # for nearly all of its original; an independent report adds its own quotes and details, which align with
    # nothing. One sentence may absorb two of the other's (a rewriter merging sentences), not more.
    _, aligned_long, distinct_short = _best_chain(sim.T)
    aligned_short = min(aligned_short, 2 * distinct_long)
    aligned_long = min(aligned_long, 2 * distinct_short)
    if aligned_short < MIN_ALIGNED:
        return 0.0
    alignment = min(aligned_short / n, aligned_long / m)
    evidence = min(1.0, weight / EVIDENCE_WEIGHT)
    raw = alignment * evidence * facts
    # Independent reports of one event written in the same inverted-pyramid order still align up to ~0.6 of their
    # sentences (core facts first, the same figures, a shared quote); the score measures how far beyond that
    # baseline the two texts go, so that 0.5 falls between them and the seeds' rewrite (raw 0.88).
    return round(min(1.0, max(0.0, (raw - ALIGNMENT_BASELINE) / (1.0 - ALIGNMENT_BASELINE))), 4)


def _days_apart(a: Article, b: Article) -> int | None:
    """Days between the two publication dates, or None when either is unknown or only inferred."""
    if not a.published or not b.published or "inferred" in (a.published_how, b.published_how):
        return None
    try:
        return abs((date.fromisoformat(a.published[:10]) - date.fromisoformat(b.published[:10])).days)
    except ValueError:
        return None  # a partial date ("2024-10") says too little to tell


def rewrite_score(a: Article, b: Article) -> float:
    """How much `b` and `a` look like one report reworded (1.0) rather than independent reports (0.0).

    Symmetric. Copies and near copies score high too; callers check duplicates first. Uses the texts, and the
    publication dates when both are known (see MAX_DAYS_APART).
    """
    score = _score_texts(a.text, b.text)
    days = _days_apart(a, b)
    if score and days is not None and days > MAX_DAYS_APART:
        score = round(score * FAR_APART_FACTOR, 4)
    return score


def is_rewrite(a: Article, b: Article) -> bool:
    """True when one article is a reworded copy of the other (same facts, same order, paraphrased sentences)."""
    return rewrite_score(a, b) >= REWRITE_THRESHOLD
