"""Clustering quality: BCubed and pairwise precision/recall/F1 over documents.

BCubed (Bagga & Baldwin 1998, as in Amigó et al. 2009): for each document, precision is the share of its predicted
cluster that shares its gold label, recall the share of its gold cluster that shares its predicted label; both are
averaged over documents. Pairwise counts document pairs put together. Only documents present in both mappings count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def _common(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> list[str]:
    return [d for d in gold if d in pred]


def bcubed(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> tuple[float, float, float]:
    """BCubed (precision, recall, F1) of predicted labels against gold labels."""
    docs = _common(pred, gold)
    if not docs:
        return 0.0, 0.0, 0.0
    joint = Counter((pred[d], gold[d]) for d in docs)
    pred_size = Counter(pred[d] for d in docs)
    gold_size = Counter(gold[d] for d in docs)
    # Every document in a (pred, gold) cell has the same per-document precision and recall.
    p = sum(n * n / pred_size[pl] for (pl, _), n in joint.items()) / len(docs)
    r = sum(n * n / gold_size[gl] for (_, gl), n in joint.items()) / len(docs)
    return p, r, _f1(p, r)


def pairwise_f1(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> tuple[float, float, float]:
    """Pairwise (precision, recall, F1): over unordered document pairs placed in one cluster."""
    docs = _common(pred, gold)

    def pairs(c: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in c.values())

    both = pairs(Counter((pred[d], gold[d]) for d in docs))
    in_pred = pairs(Counter(pred[d] for d in docs))
    in_gold = pairs(Counter(gold[d] for d in docs))
    p = both / in_pred if in_pred else 1.0
    r = both / in_gold if in_gold else 1.0
    return p, r, _f1(p, r)


def evaluate_clustering_assignments(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> dict[str, float]:
    """All clustering metrics in one dict (the shape `storyline eval clustering --json` reports)."""
    docs = _common(pred, gold)
    bp, br, bf = bcubed(pred, gold)
    pp, pr, pf = pairwise_f1(pred, gold)
    return {
        "bcubed_f1": bf,
        "bcubed_precision": bp,
        "bcubed_recall": br,
        "pairwise_f1": pf,
        "pairwise_precision": pp,
        "pairwise_recall": pr,
        "stories": len({pred[d] for d in docs}),
        "gold_stories": len({gold[d] for d in docs}),
        "documents": len(docs),
    }
