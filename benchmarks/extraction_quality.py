"""Article body extraction quality on the Zyte benchmark pages, read in place from ../shared (never copied).

    .venv/bin/python benchmarks/extraction_quality.py
    .venv/bin/python benchmarks/extraction_quality.py --data PATH --no-baseline

Prints one JSON object: storyline's HTML reader scored with the Zyte metric (F1, precision, recall over pages) and,
from the same run, plain `trafilatura.extract` with its default settings as the baseline, plus wall-clock timing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from storyline.evaluate.extraction import evaluate_extraction

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "article_extraction"


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the JSON report; exits 0 with a message when the corpus is absent."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with html/*.html and ground-truth.json")
    parser.add_argument("--no-baseline", action="store_true", help="skip the trafilatura baseline")
    args = parser.parse_args(argv)
    data = args.data.resolve()
    if not (data / "ground-truth.json").is_file():
        print(f"skipped: {data} is absent (the shared corpora are read in place, never copied)", file=sys.stderr)
        return 0
    started = time.perf_counter()
    result = evaluate_extraction(data, baseline=not args.no_baseline)
    elapsed = time.perf_counter() - started
    result["timing"] = {"total_seconds": round(elapsed, 2)}  # both extractors, scoring and file reading included
    result["data"] = str(data)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
