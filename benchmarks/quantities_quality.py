"""Quantity extraction quality on NewsQuant, read in place from ../shared (never copied), scored as CQE does.

    .venv/bin/python benchmarks/quantities_quality.py
    .venv/bin/python benchmarks/quantities_quality.py --data PATH --errors

Prints one JSON object: value precision/recall/F1, value+unit F1 and value+change F1 (CQE's definitions, see
`storyline.evaluate.quantities`), counts, and the wall-clock time of extraction plus scoring. Published anchors on
the full NewsQuant: CQE 0.920 value F1 / 0.856 value+unit F1; quantulum3 0.730 / 0.472.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from storyline.evaluate.quantities import evaluate_quantities

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "newsquant"


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the JSON report; exits 0 with a message when the corpus is absent."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder holding NewsQuant.json")
    parser.add_argument("--errors", action="store_true", help="also list the sentences that are not fully right")
    args = parser.parse_args(argv)
    data = args.data.resolve()
    if not (data / "NewsQuant.json").is_file():
        print(f"skipped: {data} is absent (the shared corpora are read in place, never copied)", file=sys.stderr)
        return 0
    started = time.perf_counter()
    result = evaluate_quantities(data, details=args.errors)
    elapsed = time.perf_counter() - started
    result["timing"] = {
        "total_seconds": round(elapsed, 3),
        "ms_per_sentence": round(1000 * elapsed / max(1, result["sentences"]), 3),
    }
    result["data"] = str(data)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
