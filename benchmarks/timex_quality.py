"""Time-expression quality (TempEval-3 scoring) on TimeBank + AQUAINT and on MEANTIME, read in place from ../shared.

    .venv/bin/python benchmarks/timex_quality.py
    .venv/bin/python benchmarks/timex_quality.py --errors /tmp/timex_errors.jsonl

Prints one JSON object: for each corpus the strict/relaxed span scores, value F1 and type accuracy, counts per gold
type (found, value right, missed, wrong value, wrong type), and the extraction speed on its texts.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from storyline.evaluate.timex import evaluate_timex, evaluate_timex_meantime
from storyline.extract.timex.finder import find_timexes

CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"


def _speed(path: Path, rounds: int = 3) -> dict[str, float]:
    """Articles and characters per second of find_timexes alone (best of a few rounds, one process, no I/O)."""
    docs = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for doc in docs:
            find_timexes(doc["text"], doc.get("dct"))
        best = min(best, time.perf_counter() - started)
    chars = sum(len(doc["text"]) for doc in docs)
    return {"articles_per_second": round(len(docs) / best, 1), "mean_chars": round(chars / len(docs)),
            "chars_per_second": round(chars / best)}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Run both evaluations and print the JSON report; exits 0 with a message when the corpora are absent."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=CORPORA, help="folder holding tempeval3/ and meantime/")
    parser.add_argument("--errors", type=Path, help="write every error (missed, spurious, mismatch) as JSONL here")
    args = parser.parse_args(argv)
    tempeval, meantime = args.data / "tempeval3" / "timex.jsonl", args.data / "meantime" / "documents.jsonl"
    if not tempeval.is_file():
        print(f"skipped: {tempeval} is absent (the shared corpora are read in place, never copied)", file=sys.stderr)
        return 0
    errors: list[dict] = []
    result = {"tempeval3": evaluate_timex(tempeval, errors=errors)}
    result["tempeval3"]["speed"] = _speed(tempeval)
    if meantime.is_file():
        result["meantime"] = evaluate_timex_meantime(meantime, errors=errors)
        result["meantime"]["speed"] = _speed(meantime)
    if args.errors:
        with args.errors.open("w", encoding="utf-8") as fh:
            for error in errors:
                fh.write(json.dumps(error) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
