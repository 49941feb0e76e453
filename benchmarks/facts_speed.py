"""Speed of the whole pipeline (core engine plus the facts stage) against spaCy NER alone, in one run.

The ceiling is the spaCy model our entity stage uses, run with the same pipes over the same clean texts: nothing that
needs NER can beat it, so the goal is stated as a fraction of it (at least 0.7). Ingest runs NER in one worker
process beside the rest of the pipeline (setting `facts_workers`, default 1), so the pipeline uses two cores; the
ceiling is measured both as plain `nlp.pipe` (one process, spaCy's default) and with `n_process=2`, so the ratio can
be read against either. Run:

    .venv/bin/python benchmarks/facts_speed.py [--data ../shared/corpora/reuters21578/reuters21578.jsonl] [--limit N]
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from storyline.engines.local import ingest_items
from storyline.extract.entities.mentions import shared_extractor
from storyline.ingest.sources import read_paths
from storyline.settings import Settings
from storyline.store.sqlite import SqliteStore

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / ".." / "shared" / "corpora" / "reuters21578" / "reuters21578.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None, help="only the first N records")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"skipped: {args.data} is absent (the corpora live in ../shared, beside the repository)")
        return 0
    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        settings = Settings.load(db=str(Path(tmp) / "bench.db"))
        extractor = shared_extractor(settings.spacy_model)  # loaded before the clock starts, for both runs
        with SqliteStore(settings.db) as store:
            items = itertools.islice(read_paths([args.data], settings.max_file_bytes), args.limit)
            start = time.perf_counter()
            report = ingest_items(items, store, settings)
            pipeline_s = time.perf_counter() - start
            rss_pipeline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            texts = [a.text for a in store.articles_by_ids(list(store.article_stories()))]
            facts = list(store.all_facts())
        start = time.perf_counter()
        entities = sum(len(e) for e in extractor.raw_entities(texts))
        ner_s = time.perf_counter() - start
        start = time.perf_counter()
        docs = extractor.nlp.pipe(texts, batch_size=extractor.batch_size, n_process=2)
        entities_2 = sum(len(d.ents) for d in docs)
        ner2_s = time.perf_counter() - start
    pipeline_rate = len(texts) / pipeline_s
    ner_rate = len(texts) / ner_s
    result = {
        "data": str(args.data.resolve()),
        "inputs_read": report.read,
        "articles": len(texts),
        "pipeline_seconds": round(pipeline_s, 1),
        "pipeline_articles_per_s": round(pipeline_rate, 1),
        "pipeline_peak_rss_mb": round(rss_pipeline, 1),
        "ner_alone_seconds": round(ner_s, 1),
        "ner_alone_articles_per_s": round(ner_rate, 1),
        "pipeline_over_ner": round(pipeline_rate / ner_rate, 3),
        "ner_two_processes_articles_per_s": round(len(texts) / ner2_s, 1),
        "pipeline_over_ner_two_processes": round(pipeline_s and (len(texts) / pipeline_s) / (len(texts) / ner2_s), 3),
        "facts_workers": settings.facts_workers,
        "spacy_entities": entities,
        "spacy_entities_two_processes": entities_2,
        "mentions": sum(len(f.mentions) for f in facts),
        "dated_sentences": sum(len(f.dated) for f in facts),
        "claims": sum(len(f.claims) for f in facts),
        "quotes": sum(len(f.quotes) for f in facts),
        "facts_errors": sum(1 for f in facts if f.error),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
