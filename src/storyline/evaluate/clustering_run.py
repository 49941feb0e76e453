"""`storyline eval clustering`: run the real ingest engine over a gold JSONL file and score its stories.

The file is ingested in its own order (as a stream would deliver it) into a temporary store, with the settings the
engine ships with, so the score is that of what users run, not of a separate research path.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

from storyline.engines.local import ingest
from storyline.evaluate.clustering import evaluate_clustering_assignments
from storyline.ingest.jsonl import read_records
from storyline.settings import Settings
from storyline.store import open_store


def evaluate_clustering_file(path: Path) -> dict[str, Any]:
    """Score story clustering against the `gold` labels of a JSONL file (format: corpora/clustering/README.md)."""
    gold: dict[str, str] = {}
    line_hash: dict[str, str] = {}
    # The reader the engine uses gives each record's content hash, so predictions map back to ids exactly.
    with path.open("rb") as fh:
        for item in read_records(str(path), fh, max_line_bytes=1 << 30):
            # A record the reader rejects (no text) still has a gold label: it must count against the score.
            if item.content is None or item.content_hash is None:
                continue
            record = json.loads(item.content)
            gold[str(record["id"])] = str(record["gold"])
            line_hash[item.content_hash] = str(record["id"])
    with tempfile.TemporaryDirectory(prefix="storyline-eval-") as tmp:
        # Stories only: the facts stage changes nothing that is scored here.
        settings = Settings.load(db=str(Path(tmp) / "eval.db"), order="input", facts=False)
        started = time.perf_counter()
        with open_store(settings.db) as store:
            report = ingest([path], store, settings)
            rows = [(a.content_hash, a.story_id) for a in store.iter_articles()]
        elapsed = time.perf_counter() - started
    predicted = {line_hash[h]: story for h, story in rows if h in line_hash}
    missing = sorted(set(gold) - set(predicted))
    # A record the engine rejected still counts, as a story of its own, so rejections cannot inflate the score.
    for doc_id in missing:
        predicted[doc_id] = f"rejected:{doc_id}"
    metrics = evaluate_clustering_assignments(predicted, gold)
    return {
        "task": "clustering",
        "data": str(path),
        "metrics": metrics,
        "rejected": [{"source_path": r.source_path, "reason": r.reason} for r in report.rejected],
        "seconds": round(elapsed, 2),
    }
