"""Duplicate and rewrite detection, measured on the shared corpora (read in place, never copied).

    .venv/bin/python benchmarks/duplicates.py                 # all sections, in-memory and SQLite index
    .venv/bin/python benchmarks/duplicates.py --only bbc      # one section: bbc, reuters, rewrite, seeds, scale

Sections:
- bbc: all 2,225 texts through fingerprint + DuplicateIndex in file order; the groups that the found relations form,
  against the 98 gold groups (byte-identical title + text). Extra groups are listed with why they matched, to judge.
- reuters: near-duplicate and exact counts over 21,578 stories, a seeded sample of near-duplicate pairs printed for a
  human to judge, and throughput of fingerprint + find + add (first vs last 2,000 articles, memory and SQLite).
- rewrite: every story against its 30 most similar earlier stories (TF-IDF cosine, the kind of candidates the
  engine's story index hands over); how many pairs `is_rewrite` calls rewrites, a sample of those that are not
  already near-duplicates, and pairs per second.
- seeds: rewrite scores of every pair of the five seed articles (raw text as delivered; furniture included).
- scale: pre-fill a SQLite index with N synthetic articles, then time real lookups: cost must not grow with N.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import datetime
from itertools import combinations
from pathlib import Path

import numpy as np

from storyline import text as textutil
from storyline.components import connected_components
from storyline.dedup import DuplicateIndex, InMemoryDupState, estimate_jaccard, fingerprint, rewrite_score
from storyline.dedup.fingerprint import NUM_PERM, Fingerprint
from storyline.dedup.rewrite import MAX_DAYS_APART, REWRITE_THRESHOLD
from storyline.models import Article
from storyline.store.dup_index_sqlite import SqliteDupState, create_schema

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


def make_article(article_id: str, text: str, title: str = "", published: str | None = None) -> Article:
    return Article(
        id=article_id,
        source_path=article_id,
        content_hash=article_id,
        text=text,
        title=title,
        title_generated=False,
        published=published,
        published_how="metadata" if published else None,
    )


def reuters_date(value: str) -> str | None:
    """The ISO date of a Reuters date field: "26-FEB-1987 15:01:01.79" -> "1987-02-26"."""
    try:
        return datetime.strptime(value.strip().split()[0], "%d-%b-%Y").date().isoformat()
    except (ValueError, IndexError):
        return None


def load_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def squash(s: str, n: int) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


def new_index(backend: str, tmp: Path, mmap_mb: int = 0) -> tuple[DuplicateIndex, sqlite3.Connection | None]:
    if backend == "memory":
        return DuplicateIndex(InMemoryDupState()), None
    path = tmp / f"dup_{time.monotonic_ns()}.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    if mmap_mb:
        # Pages read through a memory map instead of read() calls: what an engine should set for a large store.
        conn.execute(f"PRAGMA mmap_size = {mmap_mb * 1024 * 1024}")
    create_schema(conn)
    return DuplicateIndex(SqliteDupState(conn)), conn


def run_index(articles: list[Article], backend: str, tmp: Path) -> tuple[dict[str, list], list[float]]:
    """fingerprint + find + add for every article in order; the matches found, and the seconds each article took."""
    index, conn = new_index(backend, tmp)
    found: dict[str, list] = {}
    times: list[float] = []
    for k, article in enumerate(articles):
        t0 = time.perf_counter()
        fp = fingerprint(article)
        matches = index.find(article.id, fp)
        index.add(article.id, fp)
        times.append(time.perf_counter() - t0)
        if matches:
            found[article.id] = matches
        if conn is not None and k % 1000 == 999:
            conn.commit()  # the engine commits per batch
    if conn is not None:
        conn.commit()
        conn.close()
    return found, times


def throughput_line(name: str, times: list[float]) -> str:
    n = len(times)
    head, tail = times[:2000], times[-2000:]
    return (
        f"  {name:<7} {n / sum(times):8.0f} articles/s  (mean {1000 * sum(times) / n:.3f} ms; "
        f"first 2,000: {1000 * sum(head) / len(head):.3f} ms, last 2,000: {1000 * sum(tail) / len(tail):.3f} ms)"
    )


def groups_from(found: dict[str, list], ids: list[str]) -> list[frozenset[str]]:
    links = ((other, b) for b, matches in found.items() for other, _, _ in matches)
    return [frozenset(g) for g in connected_components(ids, links) if len(g) > 1]


# ---------------------------------------------------------------------------------------------------------- bbc
def bench_bbc(corpora: Path, backends: list[str], tmp: Path) -> None:
    records = load_jsonl(corpora / "bbc_news" / "bbc_news.jsonl")
    gold = {frozenset(g) for g in json.loads((corpora / "bbc_news" / "exact_duplicate_groups.json").read_text())}
    by_id = {r["doc_id"]: r for r in records}
    articles = [make_article(r["doc_id"], r["text"], r["title"]) for r in records]
    ids = [a.id for a in articles]
    print(f"\n== bbc_news: {len(articles)} articles, {len(gold)} gold groups (byte-identical title + text)")
    for backend in backends:
        found, times = run_index(articles, backend, tmp)
        print(throughput_line(backend, times))
    gold_ids = set().union(*gold)
    # "duplicate" relations alone (byte-identical title + text) against the gold groups, then every relation.
    only_dup = {b: [m for m in ms if m[1] == "duplicate"] for b, ms in found.items()}
    for label, groups in (
        ("duplicate relations", groups_from(only_dup, ids)),
        ("all relations", groups_from(found, ids)),
    ):
        exact_gold = [g for g in gold if g in groups]
        inside_larger = [g for g in gold if any(g < f for f in groups)]
        missed = [g for g in gold if not any(g <= f for f in groups)]
        merged = [f for f in groups if sum(1 for g in gold if g & f) > 1]  # one found group joining two gold groups
        extra = [f for f in groups if not (f & gold_ids)]
        print(
            f"  {label}: {len(groups)} groups; gold found exactly {len(exact_gold)}/{len(gold)}, inside a larger group "
            f"{len(inside_larger)}, missed {len(missed)}; false merges of two gold groups {len(merged)}; "
            f"groups without a gold member {len(extra)}"
        )
    why = Counter()
    lines = []
    for f in sorted(extra, key=sorted):
        members = sorted(f)
        texts = {by_id[m]["text"] for m in members}
        norms = {textutil.normalize(t) for t in texts}
        if len(texts) == 1:
            reason = "same text, other title"
        elif len(norms) == 1:
            reason = "same normalised text"
        else:
            reason = "near-duplicate"
        why[reason] += 1
        scores = [s for m in members for o, _, s in found.get(m, []) if o in f]
        lines.append(
            f"    [{reason}; score {min(scores):.2f}] "
            + " | ".join(f"{m}: {squash(by_id[m]['title'], 45)}" for m in members)
        )
    print(f"  near-duplicate groups without a gold member, by why they matched: {dict(why)}")
    for line in lines:
        if "same text" not in line:
            print(line)


# ---------------------------------------------------------------------------------------------------------- reuters
def reuters_articles(corpora: Path) -> tuple[list[Article], dict[str, dict]]:
    records = load_jsonl(corpora / "reuters21578" / "reuters21578.jsonl")
    by_id = {str(r["newid"]): r for r in records}
    articles = [
        make_article(str(r["newid"]), r.get("body") or "", r.get("title") or "", reuters_date(r.get("date") or ""))
        for r in records
    ]
    return articles, by_id


def bench_reuters(corpora: Path, backends: list[str], tmp: Path, sample: int, seed: int) -> None:
    articles, by_id = reuters_articles(corpora)
    print(f"\n== reuters21578: {len(articles)} stories, file order")
    found: dict[str, list] = {}
    for backend in backends:
        found, times = run_index(articles, backend, tmp)
        print(throughput_line(backend, times))
    best = Counter(m[0][1] for m in found.values())
    all_rel = Counter(t for m in found.values() for _, t, _ in m)
    print(
        f"  articles whose best match is exact: {best['duplicate']}, near-duplicate: {best['near_duplicate']}; "
        f"all relations returned: {dict(all_rel)}"
    )
    near = sorted((b, m[0]) for b, m in found.items() if m[0][1] == "near_duplicate")
    scores = np.array([m[2] for _, m in near])
    if len(scores):
        hist = np.histogram(scores, bins=[0.8, 0.85, 0.9, 0.95, 1.0001])[0]
        bins = ["[0.80,0.85)", "[0.85,0.90)", "[0.90,0.95)", ">=0.95"]
        print("  near-duplicate best scores: " + ", ".join(f"{b} {h}" for b, h in zip(bins, hist, strict=True)))
    picked = random.Random(seed).sample(near, min(sample, len(near)))
    print(f"  {len(picked)} near-duplicate pairs, seeded sample (seed {seed}), earlier article first:")
    for k, (b, (a, _, score)) in enumerate(sorted(picked, key=lambda p: int(p[0])), 1):
        ra, rb = by_id[a], by_id[b]
        print(f"  [{k:2}] score {score:.2f}  {a} -> {b}")
        for r in (ra, rb):
            print(f"       {r['date'][:11]} {squash(r.get('title') or '', 70)!r}: {squash(r.get('body'), 300)}")


# ---------------------------------------------------------------------------------------------------------- rewrite
def tfidf_neighbours(texts: list[str], k: int, min_cos: float) -> list[list[int]]:
    """For each text, its k most similar *earlier* texts by TF-IDF cosine (at least `min_cos`)."""
    from scipy import sparse

    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, t in enumerate(texts):
        for w in set(textutil.content_words(t)):
            rows.append(i)
            cols.append(vocab.setdefault(w, len(vocab)))
    x = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(texts), len(vocab)))
    df = np.asarray((x > 0).sum(axis=0)).ravel()
    x = x @ sparse.diags(np.log(len(texts) / df).astype(np.float32))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    x = sparse.diags(1 / norms) @ x
    xt = x.T.tocsr()
    out: list[list[int]] = []
    chunk = 1000
    for start in range(0, len(texts), chunk):
        sims = (x[start : start + chunk] @ xt).toarray()
        for r in range(sims.shape[0]):
            i = start + r
            row = sims[r, :i]
            if i == 0:
                out.append([])
                continue
            top = np.argsort(-row, kind="stable")[:k]
            out.append([int(j) for j in top if row[j] >= min_cos])
    return out


def bench_rewrite(corpora: Path, sample: int, seed: int) -> None:
    articles, by_id = reuters_articles(corpora)
    print("\n== rewrite on reuters21578: each story against its 30 most similar earlier stories (TF-IDF cos >= 0.2)")
    neighbours = tfidf_neighbours([a.text for a in articles], k=30, min_cos=0.2)
    fps = [fingerprint(a) for a in articles]
    pairs = [(j, i) for i, js in enumerate(neighbours) for j in js]
    t0 = time.perf_counter()
    scores = [rewrite_score(articles[a], articles[b]) for a, b in pairs]
    dt = time.perf_counter() - t0
    print(
        f"  {len(pairs)} candidate pairs, {len(pairs) / dt:.0f} pairs/s, i.e. {len(articles) / dt:.0f} articles/s "
        f"at up to 30 candidates each"
    )
    undated = {i: replace(articles[i], published=None) for p in pairs for i in p}
    text_only = sum(1 for a, b in pairs if rewrite_score(undated[a], undated[b]) >= REWRITE_THRESHOLD)
    print(f"  rewrites by text alone: {text_only} pairs (dates then cut pairs > {MAX_DAYS_APART} days apart)")
    positive = [(p, s) for p, s in zip(pairs, scores, strict=True) if s >= REWRITE_THRESHOLD]
    index = DuplicateIndex(InMemoryDupState())
    copies = [(p, s) for p, s in positive if index.match_score(fps[p[0]], fps[p[1]]) is not None]
    only = [(p, s) for p, s in positive if index.match_score(fps[p[0]], fps[p[1]]) is None]
    print(
        f"  rewrites (score >= {REWRITE_THRESHOLD}): {len(positive)} pairs; of which the duplicate index already "
        f"calls copies: {len(copies)}; rewrite only: {len(only)}"
    )
    hist = np.histogram(scores, bins=[0, 0.0001, 0.2, 0.4, 0.5, 0.6, 0.8, 1.0001])[0]
    print(f"  score histogram [0, >0, .2, .4, .5, .6, .8]: {hist.tolist()}")
    picked = random.Random(seed).sample(only, min(sample, len(only)))
    print(f"  {len(picked)} rewrite-only pairs, seeded sample (seed {seed}):")
    for k, ((a, b), s) in enumerate(sorted(picked), 1):
        ra, rb = by_id[articles[a].id], by_id[articles[b].id]
        j = estimate_jaccard(fps[a], fps[b])
        print(f"  [{k:2}] rewrite {s:.2f} (J {j:.2f})  {articles[a].id} -> {articles[b].id}")
        for r in (ra, rb):
            print(f"       {r['date'][:11]} {squash(r.get('title') or '', 70)!r}: {squash(r.get('body'), 300)}")


# ---------------------------------------------------------------------------------------------------------- seeds
def bench_seeds(shared: Path) -> None:
    files = sorted((shared / "seeds").glob("[0-9]*.txt"))
    print(f"\n== seeds: rewrite scores of every pair ({len(files)} files, raw text; threshold {REWRITE_THRESHOLD})")
    arts = [make_article(f.name[:3], f.read_text(encoding="utf-8")) for f in files]
    for a, b in combinations(arts, 2):
        s = rewrite_score(a, b)
        j = estimate_jaccard(fingerprint(a), fingerprint(b))
        print(f"  {a.id}-{b.id}: rewrite {s:.3f} {'REWRITE' if s >= REWRITE_THRESHOLD else '-':7}  MinHash J {j:.2f}")


# ---------------------------------------------------------------------------------------------------------- scale
def bench_scale(corpora: Path, n_fill: int, tmp: Path, mmap_mb: int) -> None:
    articles, _ = reuters_articles(corpora)
    probe = articles[:2000]
    print(
        f"\n== scale: SQLite index pre-filled with {n_fill:,} synthetic articles, then 2,000 real ones "
        f"(mmap_size {mmap_mb} MB)"
    )
    for fill in (0, n_fill):
        index, conn = new_index("sqlite", tmp, mmap_mb)
        assert conn is not None
        rng = np.random.default_rng(7)
        state = index.state
        t0 = time.perf_counter()
        for k in range(fill):
            sig = rng.integers(0, 2**32, size=NUM_PERM, dtype=np.uint32).astype("<u4").tobytes()
            fp = Fingerprint(exact=f"{k:032x}", signature=sig, n_shingles=100)
            state.put(f"synthetic-{k}", fp.exact, sig, 100, index.band_keys(fp))
            if k % 50000 == 49999:
                conn.commit()
        conn.commit()
        fill_s = time.perf_counter() - t0
        times = []
        for article in probe:
            t1 = time.perf_counter()
            fp = fingerprint(article)
            index.find(article.id, fp)
            index.add(article.id, fp)
            times.append(time.perf_counter() - t1)
        conn.commit()
        size_mb = sum(f.stat().st_size for f in tmp.glob("dup_*.db*")) / 2**20
        ms = 1000 * sum(times) / len(times)
        print(f"  {fill:>10,} stored: {ms:.3f} ms per article (fill took {fill_s:.0f} s, files {size_mb:,.0f} MB)")
        conn.close()
        for f in tmp.glob("dup_*.db*"):
            f.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (seeds/, corpora/)")
    parser.add_argument("--only", choices=["bbc", "reuters", "rewrite", "seeds", "scale"], action="append")
    parser.add_argument("--backend", choices=["memory", "sqlite"], action="append", help="default: both")
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scale", type=int, default=1_000_000, help="synthetic articles for the scale section")
    parser.add_argument("--mmap-mb", type=int, default=0, help="SQLite mmap_size for the scale section")
    args = parser.parse_args(argv)
    shared = args.shared.resolve()
    corpora = shared / "corpora"
    if not corpora.exists():
        print(f"{corpora} is absent: this benchmark reads the shared corpora in place", file=sys.stderr)
        return 2
    sections = args.only or ["seeds", "bbc", "reuters", "rewrite"]
    backends = args.backend or ["memory", "sqlite"]
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        if "seeds" in sections:
            bench_seeds(shared)
        if "bbc" in sections:
            bench_bbc(corpora, backends, tmp)
        if "reuters" in sections:
            bench_reuters(corpora, backends, tmp, args.sample, args.seed)
        if "rewrite" in sections:
            bench_rewrite(corpora, 20, args.seed)
        if "scale" in sections:
            bench_scale(corpora, args.scale, tmp, args.mmap_mb)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
