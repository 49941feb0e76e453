"""`storyline eval clustering`: run the real ingest engine over a gold JSONL file and score its stories.

The file is ingested into a temporary store with the settings ingest runs with (`Settings.load`: the environment's
STORYLINE_* variables over the shipped defaults, so articles are placed in publication order within each batch of
`batch_size`), facts off since they change nothing scored here. That run, in file order, is the primary `metrics`.
With `shuffles=N`, seeded permutations of the file's lines (seeds seed..seed+N-1) are ingested the same way, each
from its own file and store, and their BCubed F1 reported with its mean and minimum. Baselines
(evaluate/clustering_baselines.py) are scored in the same run over the same documents, on two halves whose
thresholds are fitted on the other half; the engine's output is scored on each half too, so the two compare.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.engines.local import ingest
from storyline.evaluate.clustering import evaluate_clustering_assignments
from storyline.evaluate.clustering_baselines import BASELINES, HALVES, run_baselines, split_halves
from storyline.ingest.jsonl import read_records
from storyline.settings import Settings
from storyline.store import open_store

_UTF8_BOM = b"\xef\xbb\xbf"
SCOPES = (*HALVES, "all")
_SUMMARY_KEYS = ("bcubed_precision", "bcubed_recall", "bcubed_f1", "pairwise_f1")


@dataclass(frozen=True, slots=True)
class _Gold:
    """The file's documents in file order, their labels and texts, and each line's content hash -> document id."""

    ids: list[str]
    gold: list[str]
    topics: list[str | None]
    texts: list[str]
    line_hash: dict[str, str]
    lines: list[bytes]


def _load(path: Path) -> _Gold:
    ids: list[str] = []
    gold: list[str] = []
    topics: list[str | None] = []
    texts: list[str] = []
    line_hash: dict[str, str] = {}
    seen: set[str] = set()
    # The reader the engine uses gives each record's content hash, so predictions map back to ids exactly.
    with path.open("rb") as fh:
        for item in read_records(str(path), fh, max_line_bytes=1 << 30):
            # A record the reader rejects (no text) still has a gold label: it must count against the score.
            if item.content is None or item.content_hash is None:
                continue
            record = json.loads(item.content)
            doc_id = str(record["id"])
            if doc_id in seen:  # a repeated id is one document, as gold labels are keyed by id
                continue
            seen.add(doc_id)
            ids.append(doc_id)
            gold.append(str(record["gold"]))
            topic = record.get("topic")
            topics.append(None if topic is None else str(topic))
            title, text = record.get("title"), record.get("text")
            texts.append("\n".join(str(x) for x in (title, text) if isinstance(x, str) and x.strip()))
            line_hash[item.content_hash] = doc_id
    # The lines as the reader hashes them (no newline, no BOM), for writing permutations that hash the same.
    raw = path.read_bytes()
    raw = raw.removeprefix(_UTF8_BOM)
    lines = [line for line in raw.split(b"\n") if line.strip()]
    return _Gold(ids, gold, topics, texts, line_hash, lines)


def _settings(tmp: Path, name: str) -> Settings:
    # Stories only: the facts stage changes nothing that is scored here.
    return Settings.load(db=str(tmp / f"{name}.db"), facts=False)


def _run_engine(path: Path, data: _Gold, settings: Settings) -> tuple[dict[str, str], list[dict[str, str]], float]:
    """Ingest `path` into a fresh store; each gold document's story (rejected ones a story of their own)."""
    started = time.perf_counter()
    with open_store(settings.db) as store:
        report = ingest([path], store, settings)
        rows = [(a.content_hash, a.story_id) for a in store.iter_articles()]
    elapsed = time.perf_counter() - started
    predicted = {data.line_hash[h]: story for h, story in rows if h in data.line_hash}
    # A record the engine rejected still counts, as a story of its own, so rejections cannot inflate the score.
    for doc_id in data.ids:
        predicted.setdefault(doc_id, f"rejected:{doc_id}")
    rejected = [{"source_path": r.source_path, "reason": r.reason} for r in report.rejected]
    return predicted, rejected, elapsed


def _scopes(predicted: dict[str, str], data: _Gold, halves: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Metrics on each half (the half's documents only) and on all documents."""
    gold = dict(zip(data.ids, data.gold, strict=True))
    out = {}
    for name in HALVES:
        docs = [data.ids[i] for i in halves[name]["indices"]]
        out[name] = evaluate_clustering_assignments({d: predicted[d] for d in docs}, {d: gold[d] for d in docs})
    out["all"] = evaluate_clustering_assignments(predicted, gold)
    return out


def _summary(runs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per scope: the mean of each metric over the shuffles, and the shuffle of lowest BCubed F1 (with its seed)."""
    out = {}
    for scope in SCOPES:
        scores = [run["scopes"][scope] for run in runs]
        worst = min(range(len(runs)), key=lambda i: scores[i]["bcubed_f1"])
        out[scope] = {
            "mean": {k: sum(s[k] for s in scores) / len(scores) for k in _SUMMARY_KEYS},
            "min": {"seed": runs[worst]["seed"], **{k: scores[worst][k] for k in _SUMMARY_KEYS}},
        }
    return out


def evaluate_clustering_file(
    path: Path, shuffles: int = 0, seed: int = 0, baselines: bool | Sequence[str] = True
) -> dict[str, Any]:
    """Score story clustering against the `gold` labels of a JSONL file (format: corpora/clustering/README.md).

    `baselines`: True for all (tfidf, minilm), False for none, or the names of those to run."""
    if shuffles < 0:
        raise ValueError(f"shuffles must be 0 or more, got {shuffles}")
    kinds = tuple(BASELINES if baselines is True else () if baselines is False else baselines)
    total_started = time.perf_counter()
    path = Path(path)
    data = _load(path)
    split = split_halves(data.ids, data.topics)
    halves = split["halves"]
    with tempfile.TemporaryDirectory(prefix="storyline-eval-") as tmp_name:
        tmp = Path(tmp_name)
        settings = _settings(tmp, "file-order")
        predicted, rejected, elapsed = _run_engine(path, data, settings)
        scopes = _scopes(predicted, data, halves)
        runs = []
        for s in range(seed, seed + shuffles):
            lines = list(data.lines)
            random.Random(s).shuffle(lines)
            shuffled = tmp / f"shuffle-{s}.jsonl"
            shuffled.write_bytes(b"".join(line + b"\n" for line in lines))
            pred, _, secs = _run_engine(shuffled, data, _settings(tmp, f"shuffle-{s}"))
            run_scopes = _scopes(pred, data, halves)
            runs.append({"seed": s, "metrics": run_scopes["all"], "scopes": run_scopes, "seconds": round(secs, 2)})
    f1s = [run["metrics"]["bcubed_f1"] for run in runs]
    baseline_report = run_baselines(data.ids, data.texts, data.gold, data.topics, kinds=kinds, split=split)
    return {
        "task": "clustering",
        "data": str(path),
        "metrics": scopes["all"],
        "settings": {
            "order": settings.order,
            "batch_size": settings.batch_size,
            "facts": settings.facts,
            "note": (
                "ingest's own settings; with order 'published' each batch of batch_size articles is placed in "
                "publication order (undated last, in input order), so a shuffle changes which articles share a "
                "batch and the order of undated ones"
            ),
        },
        "halves": {
            "by": split["by"],
            **{
                name: {
                    "label": halves[name]["label"],
                    "topics": halves[name]["topics"],
                    "documents": len(halves[name]["indices"]),
                    "ours": scopes[name],
                }
                for name in HALVES
            },
        },
        "shuffles": {
            "count": shuffles,
            "seeds": [run["seed"] for run in runs],
            "bcubed_f1": f1s,
            "bcubed_f1_mean": sum(f1s) / len(f1s) if f1s else None,
            "bcubed_f1_min": min(f1s) if f1s else None,
            "summary": _summary(runs) if runs else None,
            "runs": runs,
        },
        "baselines": baseline_report,
        "rejected": rejected,
        "seconds": round(elapsed, 2),
        "seconds_total": round(time.perf_counter() - total_started, 2),
    }


def _cells(m: dict[str, Any] | None) -> str:
    if m is None:
        return f"{'':>20}"
    return f"{m['bcubed_precision']:>6.4f} {m['bcubed_recall']:>6.4f} {m['bcubed_f1']:>6.4f}"


def format_clustering_report(result: dict[str, Any]) -> str:
    """The human-readable report: one table of ours (file order, shuffled mean/min) and the baselines, per half
    and on all documents, then the per-shuffle scores, skipped baselines and timings."""
    halves = result["halves"]
    m = result["metrics"]
    st = result["settings"]
    out = [
        f"{Path(result['data']).name}: {m['documents']} documents, {m['gold_stories']} gold stories; "
        f"halves by {halves['by']}: first = {halves['first']['label']} ({halves['first']['documents']} docs), "
        f"second = {halves['second']['label']} ({halves['second']['documents']} docs)",
        f"engine: ingest settings order={st['order']}, batch_size={st['batch_size']}, facts off; "
        f"{m['stories']} stories in file order",
        "",
    ]
    heads = [f"{halves[h]['label']} ({halves[h]['documents']})" for h in HALVES] + [f"all ({m['documents']})"]
    label_w, thr_w, cell_w = 28, 11, 22
    out.append(f"{'':<{label_w}}{'':>{thr_w}}" + "".join(f"   {h:<{cell_w - 2}}" for h in heads) + "  all")
    out.append(f"{'BCubed':<{label_w}}{'threshold':>{thr_w}}" + f"   {'P':>6} {'R':>6} {'F1':>6}" * 3 + "  pair F1")
    rule = "-" * (label_w + thr_w + 3 * (cell_w + 1) + 9)
    out.append(rule)

    def row(name: str, thr: str, scopes: dict[str, Any], pair: float | None) -> str:
        cells = "".join(f"   {_cells(scopes.get(s))}" for s in SCOPES)
        return f"{name:<{label_w}}{thr:>{thr_w}}{cells}  {'' if pair is None else f'{pair:.4f}':>7}"

    ours = {h: halves[h]["ours"] for h in HALVES} | {"all": m}
    out.append(row("ours, file order", "-", ours, m["pairwise_f1"]))
    sh = result["shuffles"]
    if sh["count"]:
        summary = sh["summary"]
        mean = {s: summary[s]["mean"] for s in SCOPES}
        low = {s: summary[s]["min"] for s in SCOPES}
        out.append(row(f"ours, {sh['count']} shuffles: mean", "-", mean, mean["all"]["pairwise_f1"]))
        out.append(row(f"ours, {sh['count']} shuffles: min", "-", low, low["all"]["pairwise_f1"]))
    skipped = []
    for name, b in result["baselines"].items():
        if "skipped" in b:
            skipped.append(f"baseline {name}: skipped ({b['skipped']})")
            continue
        thr = "/".join(f"{b['halves'][h]['threshold']:.2f}" for h in HALVES)
        scopes = {h: b["halves"][h]["metrics"] for h in HALVES} | {"all": b["metrics"]}
        out.append(row(f"{name} + average-link", thr, scopes, b["metrics"]["pairwise_f1"]))
    out.append(rule)
    out.append("threshold: distance threshold applied to the first/second half, each the one of best BCubed F1")
    out.append("  (0.05..0.99) on the other half; baselines' all = each half clustered alone, labels joined.")
    out.append("ours on a half: the file's ingest scored on that half's documents only.")
    if sh["count"]:
        out.append("min: per column group, the shuffle of lowest BCubed F1 there.")
        out.append("")
        scores = "  ".join(f"seed {r['seed']}: {r['metrics']['bcubed_f1']:.4f}" for r in sh["runs"])
        out.append(f"shuffled BCubed F1 (all): {scores}")
        out.append(f"  mean {sh['bcubed_f1_mean']:.4f}, min {sh['bcubed_f1_min']:.4f}")
    for name, b in result["baselines"].items():
        if "skipped" not in b:
            out.append(f"{name}: {b['description']}")
            for h in HALVES:
                fit = b["halves"][h]
                out.append(
                    f"  {h} half: threshold {fit['threshold']:.2f}, fitted on the {fit['fitted_on']} half "
                    f"(BCubed F1 there {fit['fitted_bcubed_f1']:.4f})"
                )
    out.extend(skipped)
    if result["rejected"]:
        out.append(f"rejected by ingest (each counted as a story of its own): {len(result['rejected'])}")
    timing = [f"engine file order {result['seconds']:.1f} s"]
    if sh["count"]:
        timing.append(
            f"{sh['count']} shuffle{'s' if sh['count'] > 1 else ''} {sum(r['seconds'] for r in sh['runs']):.1f} s"
        )
    timing += [f"{n} {b['seconds']:.1f} s" for n, b in result["baselines"].items() if "seconds" in b]
    timing.append(f"total {result['seconds_total']:.1f} s")
    out.append("time: " + ", ".join(timing))
    return "\n".join(out)
