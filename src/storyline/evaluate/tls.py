"""Timeline summarisation quality on the timeline17 (T17) layout, scored as news-tls does.

Layout: `articles/<topic>.csv` (`date,text`, one sentence a line) and `gold_timelines/<topic>/*.txt` (a `YYYY-MM-DD`
line, that date's sentences, a dashed separator; a date listed twice is one date with both sets of sentences).

Protocol (news-tls `experiments/evaluate.py`, time-span extension 0): for every gold timeline of a topic, the system
sees the topic's articles published within the gold timeline's first and last date and may only pick dates in that
span; it must return K dates (the gold's number of dates) of L sentences each (the gold's mean sentences per date,
rounded, at least 1). Scores per gold timeline; a topic's score is the mean over its gold timelines and the headline
figure the mean over topics.

Metrics:
- `date_f1`: F1 of the predicted dates against the gold dates (exact day match).
- `ar1_f1`, `ar2_f1`: alignment-based ROUGE-1/2 F1, "align+ m:1" of Martschat & Markert (2017) as tilse implements
  it (`align_date_content_costs_many_to_one`): every predicted date is aligned to the gold date of least cost and
  every gold date to the predicted date of least cost, the cost being (1 - 1/(1+|days apart|)) * (1 - an approximate
  ROUGE-1 F1 of the two entries on whitespace tokens); the ROUGE matches of each aligned pair count 1/(1+|days apart|)
  (micro-averaged: precision sums matches over predicted n-grams, recall over gold n-grams).
- ROUGE-N is our own: lower-cased `[a-z0-9]+` tokens, stopwords removed (`storyline.text.STOPWORDS`, a shorter list
  than ROUGE-1.5.5's SMART list), a light suffix stemmer standing in for Porter (ROUGE-1.5.5 `-m -s`, as tilse runs
  it), n-grams over an entry's sentences joined, clipped counts. Expect figures near, not equal to, published ones.

The baseline, scored in the same call: the K dates that sentences refer to most often (within the span), each with
the first sentence (in article order) that refers to it.
"""

from __future__ import annotations

import csv
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path

from storyline.errors import InputError
from storyline.story.tls import build_timeline, date_mentions
from storyline.text import STOPWORDS

__all__ = [
    "align_rouge",
    "date_f1",
    "evaluate_timeline",
    "mention_baseline",
    "read_gold_timeline",
    "read_topic_articles",
    "rouge_tokens",
]

Timeline = list[tuple[str, list[str]]]
_GOLD_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*$")
_TOKEN = re.compile(r"[a-z0-9]+")
_SUFFIXES = ("ational", "ization", "fulness", "iveness", "ing", "edly", "ed", "ies", "es", "s")


def read_topic_articles(path: Path) -> list[tuple[str, str]]:
    """(publication date, text) pairs of one topic's CSV, in file order."""
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or not {"date", "text"} <= set(reader.fieldnames):
            raise InputError(str(path), f"expected a CSV with columns date,text; found {reader.fieldnames}")
        return [(row["date"].strip()[:10], row["text"]) for row in reader]


def read_gold_timeline(path: Path) -> Timeline:
    """A gold timeline file as (date, sentences) in date order; a repeated date merges its sentences."""
    entries: dict[str, list[str]] = {}
    current: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _GOLD_DATE.match(line)
        if m:
            current = m.group(1)
            entries.setdefault(current, [])
        elif line.startswith("---"):
            current = None
        elif line.strip() and current is not None:
            entries[current].append(line.strip())
    if not entries:
        raise InputError(str(path), "no dated entries (expected a YYYY-MM-DD line, sentences, a dashed separator)")
    return sorted(entries.items())


# ---------------------------------------------------------------------------------------------------- ROUGE


def _rouge_stem(token: str) -> str:
    """ROUGE's stemmer: a stand-in for the Porter stemmer ROUGE-1.5.5 runs with `-m`, part of the metric, so kept apart
    from `storyline.text.stem`: it strips Porter's long suffixes ("nationalization" -> "national"), stops at three
    letters ("goes" -> "goe") and keeps "-ss", "-us", "-is" ("bus"). Changing it changes every ROUGE score."""
    if len(token) <= 3 or token.isdigit():
        return token
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            if suffix == "s" and token.endswith(("ss", "us", "is")):
                return token
            if suffix == "ies":
                return token[:-3] + "y"
            return token[: -len(suffix)]
    return token


def rouge_tokens(sentences: list[str]) -> list[str]:
    """ROUGE tokens of an entry: lower-cased alphanumeric runs, stopwords out, lightly stemmed."""
    out = []
    for sentence in sentences:
        for tok in _TOKEN.findall(sentence.lower()):
            if tok not in STOPWORDS:
                out.append(_rouge_stem(tok))
    return out


def _ngrams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _approx_rouge1(pred: list[str], gold: list[str]) -> float:
    """tilse's content cost: ROUGE-1 F1 on whitespace tokens, no normalisation."""
    p = Counter(t for s in pred for t in s.split())
    g = Counter(t for s in gold for t in s.split())
    match = sum((p & g).values())
    if not match:
        return 0.0
    prec, rec = match / sum(p.values()), match / sum(g.values())
    return 2 * prec * rec / (prec + rec)


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def align_rouge(pred: Timeline, gold: Timeline, ns: tuple[int, ...] = (1, 2)) -> dict[int, dict[str, float]]:
    """Alignment-based ROUGE-N ("align+ m:1") of a predicted timeline against one gold timeline."""
    if not pred or not gold:
        return {n: {"precision": 0.0, "recall": 0.0, "f1": 0.0} for n in ns}
    pdays = [date.fromisoformat(d) for d, _ in pred]
    gdays = [date.fromisoformat(d) for d, _ in gold]
    content = [[_approx_rouge1(ps, gs) for _, gs in gold] for _, ps in pred]

    def cost(i: int, j: int) -> float:
        return (1 - 1 / (1 + abs((pdays[i] - gdays[j]).days))) * (1 - content[i][j])

    # argmin keeps the first of equal costs, as numpy's does in tilse
    to_gold = [min(range(len(gold)), key=lambda j, i=i: cost(i, j)) for i in range(len(pred))]
    to_pred = [min(range(len(pred)), key=lambda i, j=j: cost(i, j)) for j in range(len(gold))]
    ptoks = [rouge_tokens(s) for _, s in pred]
    gtoks = [rouge_tokens(s) for _, s in gold]
    out = {}
    for n in ns:
        pgrams = [_ngrams(t, n) for t in ptoks]
        ggrams = [_ngrams(t, n) for t in gtoks]

        def hits(i: int, j: int, pgrams=pgrams, ggrams=ggrams) -> float:
            return sum((pgrams[i] & ggrams[j]).values()) / (1 + abs((pdays[i] - gdays[j]).days))

        p_den = sum(sum(c.values()) for c in pgrams)
        r_den = sum(sum(c.values()) for c in ggrams)
        prec = sum(hits(i, j) for i, j in enumerate(to_gold)) / p_den if p_den else 0.0
        rec = sum(hits(i, j) for j, i in enumerate(to_pred)) / r_den if r_den else 0.0
        out[n] = {"precision": prec, "recall": rec, "f1": _f1(prec, rec)}
    return out


def date_f1(pred: Timeline, gold: Timeline) -> float:
    p, g = {d for d, _ in pred}, {d for d, _ in gold}
    shared = len(p & g)
    return _f1(shared / len(p), shared / len(g)) if shared else 0.0


# ---------------------------------------------------------------------------------------------------- systems


def mention_baseline(
    documents: list[tuple[str, str]],
    max_dates: int,
    sentences_per_date: int = 1,
    *,
    start: str | None = None,
    end: str | None = None,
) -> Timeline:
    """The K dates sentences refer to most, each with the first sentence that refers to it (news-tls's mention
    count ranking without any summarisation)."""
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for published, text in documents:
        for sentence, day in date_mentions(text, published):
            if day is not None and (start is None or start <= day) and (end is None or day <= end):
                counts[day] += 1
                first.setdefault(day, sentence)
    top = sorted(counts, key=lambda d: (-counts[d], d))[:max_dates]
    return [(d, [first[d]]) for d in sorted(top)]


def _storyline(documents, max_dates, sentences_per_date, *, start=None, end=None) -> Timeline:
    return build_timeline(documents, max_dates, sentences_per_date, start=start, end=end)


_METHODS: dict[str, Callable[..., Timeline]] = {"storyline": _storyline, "baseline": mention_baseline}


def _score(method: Callable[..., Timeline], articles, gold: Timeline, span: bool) -> tuple[dict[str, float], float]:
    k = len(gold)
    length = max(1, round(sum(len(s) for _, s in gold) / k))
    if span:
        start, end = gold[0][0], gold[-1][0]
        docs = [(d, t) for d, t in articles if start <= d <= end]
    else:
        start = end = None
        docs = articles
    t0 = time.perf_counter()
    pred = method(docs, k, length, start=start, end=end)
    seconds = time.perf_counter() - t0
    rouge = align_rouge(pred, gold)
    return {"date_f1": date_f1(pred, gold), "ar1_f1": rouge[1]["f1"], "ar2_f1": rouge[2]["f1"]}, seconds


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    keys = ("date_f1", "ar1_f1", "ar2_f1")
    return {k: round(sum(r[k] for r in rows) / len(rows), 4) for k in keys} if rows else dict.fromkeys(keys, 0.0)


def _run(
    method: Callable[..., Timeline], topics: dict[str, tuple[list, list[tuple[str, Timeline]]]], span: bool
) -> dict:
    per_topic = {}
    for topic, (articles, golds) in topics.items():
        rows, seconds, timelines = [], 0.0, {}
        for name, gold in golds:
            scores, took = _score(method, articles, gold, span)
            rows.append(scores)
            seconds += took
            timelines[name] = {k: round(v, 4) for k, v in scores.items()}
        per_topic[topic] = {**_mean(rows), "timelines": timelines, "seconds": round(seconds, 2)}
    return {"metrics": _mean(list(per_topic.values())), "topics": per_topic}


def evaluate_timeline(data_dir: Path, method: str = "storyline", *, span: bool = True) -> dict:
    """Scores of `method` ("storyline" or "baseline") and of the mention-count baseline on a timeline17-style
    folder: mean over topics of Date-F1 and alignment ROUGE-1/2 F1, and per topic (with each gold timeline).

    `span=False` drops the news-tls restriction to the gold timeline's span: every article is read and any date may
    be picked (a harder setting, closer to a user's; K and L still come from the gold)."""
    data_dir = Path(data_dir)
    if method not in _METHODS:
        raise InputError(method, f"unknown timeline method {method!r}; use one of {sorted(_METHODS)}")
    articles_dir, gold_dir = data_dir / "articles", data_dir / "gold_timelines"
    if not articles_dir.is_dir() or not gold_dir.is_dir():
        raise InputError(str(data_dir), "expected articles/<topic>.csv and gold_timelines/<topic>/*.txt")
    topics: dict[str, tuple[list, list[tuple[str, Timeline]]]] = {}
    for csv_path in sorted(articles_dir.glob("*.csv")):
        gold_paths = sorted((gold_dir / csv_path.stem).glob("*.txt"))
        if gold_paths:
            topics[csv_path.stem] = (
                read_topic_articles(csv_path),
                [(p.stem, read_gold_timeline(p)) for p in gold_paths],
            )
    if not topics:
        raise InputError(str(data_dir), "no topic has both articles/<topic>.csv and gold_timelines/<topic>/")
    ours = _run(_METHODS[method], topics, span)
    base = _run(mention_baseline, topics, span)
    counts: defaultdict[str, int] = defaultdict(int)
    for topic, (_, golds) in topics.items():
        counts[topic] = len(golds)
    return {
        "method": method,
        "protocol": "news-tls: input and dates within each gold timeline's span" if span else "whole topic, any date",
        "metrics": ours["metrics"],
        "topics": ours["topics"],
        "baseline": base,
        "gold_timelines": dict(counts),
    }
