"""Dedup on the shared seeds and corpora, read in place (skipped with a reason when ../shared is absent)."""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

import pytest

from storyline.dedup import DuplicateIndex, InMemoryDupState, fingerprint, is_rewrite, rewrite_score
from storyline.models import Article

pytestmark = pytest.mark.shared


def _article(article_id: str, text: str) -> Article:
    return Article(id=article_id, source_path=article_id, content_hash=article_id, text=text, title="",
                   title_generated=True)  # fmt: skip


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    from tests.conftest import require_shared

    folder = require_shared("seeds")
    return {f.name[:3]: _article(f.name[:3], f.read_text(encoding="utf-8")) for f in sorted(folder.glob("0*.txt"))}


def test_seed_rewrite_is_found(seeds: dict[str, Article]) -> None:
    assert is_rewrite(seeds["003"], seeds["004"])
    assert rewrite_score(seeds["003"], seeds["004"]) >= 0.7


def test_no_other_seed_pair_is_a_rewrite_or_copy(seeds: dict[str, Article]) -> None:
    index = DuplicateIndex(InMemoryDupState())
    for key, article in seeds.items():
        fp = fingerprint(article)
        assert index.find(key, fp) == []
        index.add(key, fp)
    for a, b in combinations(sorted(seeds), 2):
        if {a, b} != {"003", "004"}:
            assert rewrite_score(seeds[a], seeds[b]) < 0.3, (a, b)


def test_bbc_gold_duplicate_groups(corpora_dir: Path) -> None:
    """Duplicates (byte-identical title and text) reproduce the gold groups exactly; near duplicates never join two
    gold groups."""
    folder = corpora_dir / "bbc_news"
    gold = [frozenset(g) for g in json.loads((folder / "exact_duplicate_groups.json").read_text())]
    owner = {m: g for g in gold for m in g}
    index = DuplicateIndex(InMemoryDupState())
    duplicate_pairs: set[frozenset[str]] = set()
    with (folder / "bbc_news.jsonl").open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            article = Article(id=record["doc_id"], source_path=record["doc_id"], content_hash=record["doc_id"],
                              text=record["text"], title=record["title"], title_generated=False)  # fmt: skip
            fp = fingerprint(article)
            for match in index.find(article.id, fp):
                if match.type == "duplicate":
                    duplicate_pairs.add(frozenset((article.id, match.other_id)))
                # No match of any kind may join articles of two different gold groups.
                mine, theirs = owner.get(article.id), owner.get(match.other_id)
                assert mine is None or theirs is None or mine is theirs, (article.id, match)
            index.add(article.id, fp)
    assert all(owner.get(a) is not None and owner.get(a) is owner.get(b) for a, b in map(sorted, duplicate_pairs))
    assert {frozenset(m for p in duplicate_pairs if p & g for m in p) for g in gold} == set(gold)
