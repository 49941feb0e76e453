"""Near-duplicate pairs the engine found in a corpus, counted, with a seeded sample printed for reading by a person.

    .venv/bin/python benchmarks/near_duplicate_sample.py --db /tmp/reuters.db [--data ...reuters21578.jsonl] [--n 30]

Ingests the corpus into --db first when that store does not exist yet (the same engine as `storyline ingest`).
"""

from __future__ import annotations

import argparse
import random
import sys
import textwrap
from contextlib import closing
from pathlib import Path

from storyline.engines.local import ingest
from storyline.settings import Settings
from storyline.store import open_store

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / ".." / "shared" / "corpora" / "reuters21578" / "reuters21578.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not args.data.exists():
        print(f"skipped: {args.data} is absent (the corpora live in ../shared, beside the repository)")
        return 0
    settings = Settings.load(db=str(args.db))
    fresh = not args.db.exists()
    with closing(open_store(settings.db)) as store:
        if fresh:
            ingest([args.data], store, settings)
        counts = store.count_relations()
        ids = [a.id for a in store.iter_articles()]
        pairs = [(r.a, r.b, r.score) for r in store.relations_among(ids) if r.type == "near_duplicate"]
        print(f"relations: {counts}; near-duplicate pairs: {len(pairs)}")
        for i, (a, b, score) in enumerate(random.Random(args.seed).sample(pairs, min(args.n, len(pairs))), 1):
            first, second = store.get_article(a), store.get_article(b)
            print(f"\n=== pair {i}  score {score:.3f}")
            for art in (first, second):
                body = textwrap.shorten(art.text, 300, placeholder=" …")
                print(f"  [{art.published}] {art.source_path.rsplit('#', 1)[-1]} {art.title}\n    {body}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
