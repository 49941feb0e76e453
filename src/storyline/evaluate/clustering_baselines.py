"""Reference clusterings for `storyline eval clustering`, scored on the same documents in the same run.

- ``tfidf``: TF-IDF (sublinear TF, English stop words) + average-link agglomerative clustering on cosine distance.
- ``minilm``: all-MiniLM-L6-v2 over the first 256 word-pieces (``embedder("minilm-full")``) + average-link.

Both need a distance threshold, and it is never chosen on the documents it is scored on: the documents are split in
two halves (by topic when every record has one, sorted numerically when topics look like numbers, first half of the
topics against the second; else by a hash of the id), the threshold (0.05..0.99, step 0.01) that maximises BCubed F1
on one half is applied to the other, and vice versa. Each half is clustered alone; the combined score is the union of
both halves' labels over all documents. sklearn (a dev dependency) is imported lazily: without it, or without the
packaged model, a baseline is reported as skipped with the reason.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

import numpy as np

from storyline.evaluate.clustering import evaluate_clustering_assignments

BASELINES = ("tfidf", "minilm")
DESCRIPTIONS = {
    "tfidf": "TF-IDF (sublinear TF, English stop words) + average-link, cosine distance",
    "minilm": "all-MiniLM-L6-v2 (256 word-pieces) + average-link, cosine distance",
}
# Distance thresholds swept on one half: 0.05, 0.06, ..., 0.99.
THRESHOLDS = tuple(round(0.05 + 0.01 * i, 2) for i in range(95))
HALVES = ("first", "second")


def _numeric(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def split_halves(ids: Sequence[str], topics: Sequence[str | None]) -> dict[str, Any]:
    """Two halves of the documents: by topic (sorted; numerically when every topic is a number) when every
    document has one and there are at least two, else by a hash of the id. Returns, for each half, the indices of
    its documents and a description, plus how the split was made."""
    distinct = {str(t) for t in topics if t is not None and str(t).strip()}
    if len(distinct) >= 2 and all(t is not None and str(t).strip() for t in topics):
        numbers = {t: _numeric(t) for t in distinct}
        if all(n is not None for n in numbers.values()):
            # Numbered topics split at the middle of their range (ECB+ 1-35: 1-18 / 19-35, though 15 and 17
            # are absent), as the published splits of numbered topics are stated.
            ordered = sorted(distinct, key=lambda t: (numbers[t], t))
            middle = (numbers[ordered[0]] + numbers[ordered[-1]]) / 2
            parts = ([t for t in ordered if numbers[t] <= middle], [t for t in ordered if numbers[t] > middle])
        else:
            ordered = sorted(distinct)
            cut = (len(ordered) + 1) // 2
            parts = (ordered[:cut], ordered[cut:])
        halves = {}
        for name, part in zip(HALVES, parts, strict=True):
            members = set(part)
            shown = f"topics {part[0]}-{part[-1]}" if len(part) > 1 else f"topic {part[0]}"
            halves[name] = {
                "indices": [i for i, t in enumerate(topics) if str(t) in members],
                "topics": part,
                "label": shown,
            }
        return {"by": "topic", "halves": halves}
    halves = {name: {"indices": [], "topics": None, "label": f"id hash {name} half"} for name in HALVES}
    for i, doc_id in enumerate(ids):
        name = HALVES[hashlib.sha256(str(doc_id).encode("utf-8")).digest()[0] & 1]
        halves[name]["indices"].append(i)
    return {"by": "id hash", "halves": halves}


def tfidf_distances(texts: Sequence[str]) -> np.ndarray:
    """Cosine distances between TF-IDF vectors fitted on these texts (unsupervised: no labels are seen)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    try:
        x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(list(texts))
    except ValueError:  # nothing but stop words: every document is equally far from every other
        return np.ones((len(texts), len(texts))) - np.eye(len(texts))
    return np.clip(cosine_distances(x), 0.0, 2.0)


def minilm_distances(texts: Sequence[str]) -> np.ndarray:
    """Cosine distances between all-MiniLM-L6-v2 vectors (unit length) of the texts."""
    from storyline.cluster.embeddings import embedder

    try:  # the model's loading bar would land in the middle of the report
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover - sentence-transformers depends on transformers
        pass
    model = embedder("minilm-full")
    assert model is not None
    vectors = model.embed(list(texts)).astype(np.float64)
    return np.clip(1.0 - vectors @ vectors.T, 0.0, 2.0)


def average_link(dist: np.ndarray, threshold: float) -> list[int]:
    """Average-link agglomerative clustering of a precomputed distance matrix, cut at `threshold`."""
    n = dist.shape[0]
    if n < 2:
        return list(range(n))
    from sklearn.cluster import AgglomerativeClustering

    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    ).fit_predict(dist)
    return [int(x) for x in labels]


def cross_fitted(
    distances: Callable[[list[int]], np.ndarray],
    ids: Sequence[str],
    gold: Sequence[Hashable],
    split: Mapping[str, Any],
) -> dict[str, Any]:
    """Fit the threshold on each half, score the other half with it; `distances(indices)` gives a half's matrix."""
    halves = split["halves"]
    curves: dict[str, list[tuple[float, list[int], dict[str, Any]]]] = {}
    for name in HALVES:
        idx = halves[name]["indices"]
        dist = distances(idx)
        half_gold = {ids[i]: gold[i] for i in idx}
        curve = []
        for threshold in THRESHOLDS:
            labels = average_link(dist, threshold)
            pred = {ids[i]: lab for i, lab in zip(idx, labels, strict=True)}
            curve.append((threshold, labels, evaluate_clustering_assignments(pred, half_gold)))
        curves[name] = curve
    out: dict[str, Any] = {"halves": {}}
    predicted: dict[str, str] = {}
    for name, other in zip(HALVES, HALVES[::-1], strict=True):
        # The first threshold of the best F1 on the other half (ties: the lowest, so the choice is deterministic).
        fitted_threshold, _, fitted_metrics = max(curves[other], key=lambda c: (c[2]["bcubed_f1"], -c[0]))
        labels, metrics = next((lab, m) for t, lab, m in curves[name] if t == fitted_threshold)
        idx = halves[name]["indices"]
        predicted.update({ids[i]: f"{name}:{lab}" for i, lab in zip(idx, labels, strict=True)})
        out["halves"][name] = {
            "threshold": fitted_threshold,
            "fitted_on": other,
            "fitted_bcubed_f1": fitted_metrics["bcubed_f1"],
            "metrics": metrics,
        }
    out["metrics"] = evaluate_clustering_assignments(predicted, dict(zip(ids, gold, strict=True)))
    return out


def run_baselines(
    ids: Sequence[str],
    texts: Sequence[str],
    gold: Sequence[Hashable],
    topics: Sequence[str | None],
    kinds: Sequence[str] = BASELINES,
    split: Mapping[str, Any] | None = None,
) -> dict[str, dict[str, Any]]:
    """Each baseline's cross-fitted scores (or {"skipped": reason}), keyed by name, in the order of `kinds`."""
    import time

    split = split or split_halves(ids, topics)
    out: dict[str, dict[str, Any]] = {}
    try:
        import sklearn  # noqa: F401
    except ImportError:
        reason = "scikit-learn is not installed (a dev dependency: pip install -e '.[dev]')"
        return {kind: {"description": DESCRIPTIONS[kind], "skipped": reason} for kind in kinds}
    for kind in kinds:
        if kind not in DESCRIPTIONS:
            raise ValueError(f"unknown baseline {kind!r} ({', '.join(BASELINES)})")
        started = time.perf_counter()
        if kind == "tfidf":
            # Fitted on the half being clustered, as a batch clusterer sees only what it clusters.
            def distances(idx: list[int]) -> np.ndarray:
                return tfidf_distances([texts[i] for i in idx])
        else:
            try:
                full = minilm_distances(texts)
            except (ImportError, OSError) as exc:
                out[kind] = {"description": DESCRIPTIONS[kind], "skipped": f"{type(exc).__name__}: {exc}"}
                continue

            def distances(idx: list[int], full: np.ndarray = full) -> np.ndarray:
                return full[np.ix_(idx, idx)]

        result = cross_fitted(distances, ids, gold, split)
        out[kind] = {"description": DESCRIPTIONS[kind], **result, "seconds": round(time.perf_counter() - started, 2)}
    return out
