"""Ingest speed and memory: a whole corpus into a fresh store, through the real engine.

Reports articles/s, peak RSS, and the cost per article of the last 2,000 articles over the first 2,000 (the
incremental cost must not grow with the store). Run:

    .venv/bin/python benchmarks/ingest_speed.py [--data ../shared/corpora/reuters21578/reuters21578.jsonl]
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from storyline.engines.local import ingest
from storyline.settings import Settings
from storyline.store.sqlite import SqliteStore

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / ".." / "shared" / "corpora" / "reuters21578" / "reuters21578.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--window", type=int, default=2000, help="articles in the first/last cost windows")
    parser.add_argument("--keep", type=Path, help="copy the store here afterwards, to read its stories")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"skipped: {args.data} is absent (the corpora live in ../shared, beside the repository)")
        return 0
    marks: list[tuple[float, int]] = []
    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        # The core engine alone: the facts stage has its own benchmark (facts_speed.py).
        settings = Settings.load(db=str(Path(tmp) / "bench.db"), facts=False)
        with SqliteStore(settings.db) as store:
            start = time.perf_counter()
            marks.append((start, 0))
            report = ingest([args.data], store, settings, lambda r: marks.append((time.perf_counter(), r.read)))
            elapsed = time.perf_counter() - start
            stats = store.stats()
            relations = store.count_relations()
        db_mb = sum(f.stat().st_size for f in Path(tmp).iterdir()) / 1e6
        if args.keep:
            shutil.copyfile(settings.db, args.keep)

    def cost(lo: int, hi: int) -> float:
        """Seconds per input between the batch marks that bracket [lo, hi)."""
        inside = [(t, n) for t, n in marks if lo <= n <= hi]
        (t0, n0), (t1, n1) = inside[0], inside[-1]
        return (t1 - t0) / max(n1 - n0, 1)

    total = marks[-1][1]
    first = cost(0, args.window)
    last = cost(total - args.window - 500, total)
    result = {
        "data": str(args.data.resolve()),
        "inputs_read": report.read,
        "articles": stats["articles"],
        "rejected": len(report.rejected),
        "stories": stats["stories"],
        "relations": relations,
        "seconds": round(elapsed, 1),
        "articles_per_s": round(report.read / elapsed, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "store_mb": round(db_mb, 1),
        "first_window_ms_per_article": round(first * 1000, 3),
        "last_window_ms_per_article": round(last * 1000, 3),
        "last_over_first_cost": round(last / first, 3),
        # Per batch, so a trend (cost growing with the store) can be told from a noisy spike.
        "ms_per_input_by_batch": [
            round((t1 - t0) * 1000 / max(n1 - n0, 1), 2) for (t0, n0), (t1, n1) in itertools.pairwise(marks)
        ],
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
