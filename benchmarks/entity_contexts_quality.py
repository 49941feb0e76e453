"""Store-wide entities with and without story contexts, on MEANTIME's cross-document gold chains.

    .venv/bin/python benchmarks/entity_contexts_quality.py

The engine resolves every stored mention with each article's story as its context (lone names and acronyms
resolved in their own story first). This ingests MEANTIME's 90 documents to get the stories the engine makes (facts
off: only clustering matters here), then scores cross-document B-cubed of `resolve_entities` without contexts and
with those story contexts, per corpus (airbus, apple, gm) and overall. Reads ../shared in place.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from storyline.engines.local import ingest_items
from storyline.evaluate.entities import _TO_MEANTIME, _gold_clusters, _read, _score, bcubed
from storyline.extract.entities import EntityExtractor, resolve_entities, resolve_in_article
from storyline.models import Mention, RawDocument
from storyline.settings import Settings
from storyline.store import open_store

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "meantime"


def story_contexts(docs: list[dict]) -> dict[str, str]:
    """Each document's story, as the engine assigns them."""
    items = []
    for d in docs:
        fields = {"id": d["doc_id"], "text": d["text"], "title": d["title"], "published": d["dct"]}
        line = json.dumps(fields).encode()
        items.append(RawDocument(f"meantime#{d['doc_id']}", line, "jsonl", hashlib.sha256(line).hexdigest(), fields))
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(environ={}, db=f"{tmp}/m.db", facts=False)
        with open_store(settings.db) as store:
            ingest_items(items, store, settings)
            return {a.source_path.split("#", 1)[1]: a.story_id for a in store.iter_articles() if a.story_id}


def score(docs: list[dict], mentions: list[Mention], contexts: dict[str, str] | None) -> dict[str, dict[str, float]]:
    found: dict[str, list] = defaultdict(list)
    for entity in resolve_entities(mentions, contexts):
        kind = _TO_MEANTIME.get(entity.type)
        if kind:
            for m in entity.mentions:
                found[m.article_id].append((m.start, m.end, kind, entity.id))
    _, system_of = _score(docs, [sorted(found.get(d["doc_id"], [])) for d in docs])
    gold = _gold_clusters(docs)
    out = {}
    for corpus in [*sorted({d["corpus"] for d in docs}), "all"]:
        keep = {d["doc_id"] for d in docs if corpus in ("all", d["corpus"])}
        b3 = bcubed(
            {k: v for k, v in gold.items() if k[0] in keep}, {k: v for k, v in system_of.items() if k[0] in keep}
        )
        out[corpus] = {k: round(v, 4) for k, v in b3.items()}
    return out


def main() -> int:
    if not DATA.exists():
        print(f"skipped: {DATA} is absent (the corpora live in ../shared, beside the repository)")
        return 0
    docs = _read(DATA)
    raw = list(EntityExtractor().raw_entities(d["text"] for d in docs))
    mentions = [m for d, e in zip(docs, raw, strict=True) for m in resolve_in_article(d["doc_id"], d["text"], e)]
    contexts = story_contexts(docs)
    print(f"{len(docs)} documents in {len(set(contexts.values()))} stories")
    for name, ctx in (("without contexts", None), ("with story contexts", contexts)):
        print(name, json.dumps(score(docs, mentions, ctx)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
