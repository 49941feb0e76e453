"""Story clustering quality on a gold JSONL (default: ECB+ topics 1-35), incremental, against a tuned baseline.

    .venv/bin/python benchmarks/clustering_quality.py [PATH] [--shuffle SEED] [--topics 1-18] [--no-baseline]

Ours: the shipped StoryIndex with default settings and an in-memory state, fed the documents one by one in file
order (or a seeded shuffle): each is assigned on arrival, with no look-ahead and no number of clusters.
Baseline: TF-IDF (sublinear TF, English stop words) + average-link agglomerative clustering (cosine) over the whole
file at once, with its distance threshold swept on this very file, so it is an optimistic anchor (about 0.87).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from storyline.cluster import ClusterSettings, InMemoryStoryState, StoryIndex
from storyline.evaluate.clustering import evaluate_clustering_assignments
from storyline.evaluate.clustering_baselines import average_link, tfidf_distances
from storyline.evaluate.clustering_run import evaluate_clustering_file
from storyline.models import Article

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpora" / "clustering" / "ecbplus_dev.jsonl"


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def to_article(row: dict) -> Article:
    return Article(
        id=str(row["id"]),
        source_path=str(path_or_id(row)),
        content_hash="",
        text=row["text"],
        title="",
        title_generated=True,
        published=row.get("published"),
    )


def path_or_id(row: dict) -> str:
    return row.get("url") or str(row["id"])


def run_ours(rows: list[dict], settings: ClusterSettings) -> tuple[dict[str, str], float]:
    """Assign in the given order; relabel members of merged stories as the engine would. Returns labels, docs/s."""
    articles = [to_article(r) for r in rows]
    index = StoryIndex(InMemoryStoryState(), settings)
    label: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    start = time.perf_counter()
    for art in articles:
        a = index.assign(art)
        label[art.id] = a.story_id
        members.setdefault(a.story_id, []).append(art.id)
        for gone in a.merged:
            for doc in members.pop(gone, []):
                label[doc] = a.story_id
                members[a.story_id].append(doc)
    elapsed = time.perf_counter() - start
    return label, len(articles) / elapsed


def run_baseline(rows: list[dict]) -> tuple[float, dict[str, float]]:
    """TF-IDF + average-link, threshold swept on this data; returns the best threshold and its metrics."""
    dist = tfidf_distances([r["text"] for r in rows])
    gold = {str(r["id"]): r["gold"] for r in rows}
    best: tuple[float, dict[str, float]] | None = None
    for step in range(30, 100):
        threshold = step / 100
        labels = average_link(dist, threshold)
        m = evaluate_clustering_assignments({str(r["id"]): lab for r, lab in zip(rows, labels, strict=True)}, gold)
        if best is None or m["bcubed_f1"] > best[1]["bcubed_f1"]:
            best = (threshold, m)
    assert best is not None
    return best


def fmt(m: dict[str, float]) -> str:
    return (
        f"BCubed F1 {m['bcubed_f1']:.4f} (P {m['bcubed_precision']:.4f}, R {m['bcubed_recall']:.4f})  "
        f"pairwise F1 {m['pairwise_f1']:.4f} (P {m['pairwise_precision']:.4f}, R {m['pairwise_recall']:.4f})  "
        f"stories {m['stories']} / gold {m['gold_stories']}, docs {m['documents']}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--shuffle", type=int, default=None, help="feed the documents in a seeded random order")
    ap.add_argument("--topics", default=None, help="keep topics in a range, e.g. 1-18 (ECB+ topic numbers)")
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args(argv)
    if not args.path.exists():
        print(f"no gold file at {args.path}: pass the path of a clustering JSONL", file=sys.stderr)
        return 2
    rows = load(args.path)
    if args.topics:
        lo, hi = (int(x) for x in args.topics.split("-"))
        rows = [r for r in rows if r.get("topic") is not None and lo <= int(r["topic"]) <= hi]
    if args.shuffle is not None:
        random.Random(args.shuffle).shuffle(rows)
    gold = {str(r["id"]): r["gold"] for r in rows}
    order = f"shuffled (seed {args.shuffle})" if args.shuffle is not None else "file order"
    print(f"{args.path.name}: {len(rows)} documents, {len(set(gold.values()))} gold stories, {order}")

    if not args.topics and args.shuffle is None:
        # The figure users get: the whole engine (cleaning, dedup, story index) as `storyline eval clustering` runs it.
        engine = evaluate_clustering_file(args.path, baselines=False)["metrics"]
        print(f"storyline engine      : {fmt(engine)}")
    labels, rate = run_ours(rows, ClusterSettings())
    print(f"story index, raw text : {fmt(evaluate_clustering_assignments(labels, gold))}")
    print(f"                        assign() throughput {rate:.0f} docs/s (in-memory state, one core)")
    if not args.no_baseline:
        threshold, m = run_baseline(rows)
        print(f"baseline tfidf+avglink: {fmt(m)}  [distance threshold {threshold:.2f}, tuned on this file]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
