"""Timeline summarisation quality on timeline17 (news-tls protocol), with the mention-count baseline beside it, and
the time to build a timeline for the largest topic from all of its articles.

    .venv/bin/python benchmarks/timeline_quality.py [--data ../shared/corpora/timeline17]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from storyline.evaluate.tls import evaluate_timeline, read_topic_articles
from storyline.story.tls import build_timeline

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / ".." / "shared" / "corpora" / "timeline17")
    parser.add_argument("--method", default="storyline")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"{args.data} is absent", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    result = evaluate_timeline(args.data, args.method)
    result["eval_seconds"] = round(time.perf_counter() - t0, 2)
    # The same without the gold span (every article read, any date allowed): shows how much the protocol helps.
    open_span = evaluate_timeline(args.data, args.method, span=False)
    result["open_span"] = {"metrics": open_span["metrics"], "baseline": open_span["baseline"]["metrics"]}

    # Speed on the whole of the largest topic file (no span restriction), as a user would run it.
    largest = max((args.data / "articles").glob("*.csv"), key=lambda p: p.stat().st_size)
    docs = read_topic_articles(largest)
    t0 = time.perf_counter()
    timeline = build_timeline(docs, max_dates=20, sentences_per_date=2)
    result["largest_topic"] = {
        "topic": largest.stem,
        "articles": len(docs),
        "characters": sum(len(t) for _, t in docs),
        "seconds": round(time.perf_counter() - t0, 2),
        "dates": len(timeline),
    }
    print(json.dumps(result, indent=2))
    for topic, row in result["topics"].items():
        base = result["baseline"]["topics"][topic]
        print(f"{topic:8s} ours {row['seconds']:6.2f}s  baseline {base['seconds']:6.2f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
