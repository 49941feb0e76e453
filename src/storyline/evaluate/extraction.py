"""Article extraction quality: the Zyte article-extraction-benchmark metric, and a runner over a gold folder.

The metric (scrapinghub/article-extraction-benchmark): a text is split into `\\w+` tokens and becomes the multiset of
its 4-token shingles (a text of fewer than 4 tokens is one shingle of all its tokens; an empty text has none). Per page
TP is the number of shared shingles (minimum of the two counts), FP and FN the predicted and gold leftovers; the three
are divided by their sum so that long pages do not weigh more. Precision TP/(TP+FP) is averaged over the pages where
TP+FP > 0, recall TP/(TP+FN) over those where TP+FN > 0; a page with FP = FN = 0 scores 1.0 on both. F1 is the
harmonic mean of the two averages (not an average of per-page F1).

The gold folder is laid out like `../shared/corpora/article_extraction`: `html/<id>.html` plus `ground-truth.json`
mapping each id to an object with `articleBody`.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from storyline.clean import clean_draft
from storyline.errors import InputError
from storyline.ingest.html import parse_html
from storyline.models import RawDocument

__all__ = ["evaluate_extraction", "page_scores", "shingles", "zyte_scores"]

_TOKEN = re.compile(r"\w+")
_N = 4


def shingles(text: str | None, n: int = _N) -> Counter[tuple[str, ...]]:
    """Multiset of n-token shingles of a text, case kept (as in the benchmark)."""
    tokens = _TOKEN.findall(text or "")
    # max(1, ...) makes a short text (fewer than n tokens) one shingle of all its tokens; an empty one yields none.
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_scores(gold: str | None, predicted: str | None) -> tuple[float, float, float]:
    """Normalised (TP, FP, FN) of one page: shared and leftover shingles, divided by their sum."""
    true, pred = shingles(gold), shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def zyte_scores(pairs: Iterable[tuple[str | None, str | None]]) -> dict[str, float]:
    """Zyte benchmark precision, recall and F1 over (gold, predicted) text pairs.

    Returns `{"f1", "precision", "recall", "pages"}`; with no scorable page all three scores are 0.0.
    """
    per_page = [page_scores(gold, predicted) for gold, predicted in pairs]
    precision = _mean([_precision(*s) for s in per_page if s[0] + s[1] > 0])
    recall = _mean([_recall(*s) for s in per_page if s[0] + s[2] > 0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return {"f1": f1, "precision": precision, "recall": recall, "pages": len(per_page)}


def _load_gold(data_dir: Path) -> dict[str, tuple[str, bytes]]:
    """Page id -> (gold article body, HTML bytes) for every gold page whose HTML file exists."""
    truth_path = data_dir / "ground-truth.json"
    if not truth_path.is_file():
        raise InputError(str(truth_path), "missing ground-truth.json; the folder must hold html/*.html and it")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pages: dict[str, tuple[str, bytes]] = {}
    for page_id in sorted(truth):
        html_path = data_dir / "html" / f"{page_id}.html"
        if html_path.is_file():
            pages[page_id] = (truth[page_id].get("articleBody") or "", html_path.read_bytes())
    if not pages:
        raise InputError(str(data_dir), "no html/<id>.html file matches an id of ground-truth.json")
    return pages


def _reader_text(page_id: str, data: bytes) -> str:
    """The HTML reader alone."""
    raw = RawDocument(
        source_path=f"{page_id}.html", content=data, format="html", content_hash=hashlib.sha256(data).hexdigest()
    )
    try:
        return parse_html(raw).text
    except InputError:
        return ""  # a page we refuse scores as an empty prediction, exactly like an extractor returning nothing


def _storyline_text(page_id: str, data: bytes) -> str:
    """What the store keeps as the article's text: the reader, then the cleaning stage."""
    raw = RawDocument(
        source_path=f"{page_id}.html", content=data, format="html", content_hash=hashlib.sha256(data).hexdigest()
    )
    try:
        return clean_draft(parse_html(raw)).text
    except InputError:
        return ""


def _trafilatura_text(page_id: str, data: bytes) -> str:
    import trafilatura  # only the baseline needs it directly

    return trafilatura.extract(data) or ""


def _score(pages: dict[str, tuple[str, bytes]], extract: Callable[[str, bytes], str]) -> dict[str, float]:
    """Zyte scores of one extractor over the pages, with its average wall-clock time per page."""
    started = time.perf_counter()
    predictions = {page_id: extract(page_id, data) for page_id, (_, data) in pages.items()}
    elapsed = time.perf_counter() - started
    scores = zyte_scores((gold, predictions[page_id]) for page_id, (gold, _) in pages.items())
    scores["seconds_per_page"] = elapsed / len(pages)
    return scores


def evaluate_extraction(data_dir: Path, baseline: bool = True) -> dict:
    """Score the clean text storyline stores for each page (HTML reader + cleaning stage), the reader alone, and,
    in the same run, plain `trafilatura.extract`, on a gold folder.

    Returns `{"metrics": {"f1", "precision", "recall", "pages"}, "baseline": {"name", "f1", "precision", "recall"}}`
    (each with `seconds_per_page` too); the baseline key is left out when `baseline` is False.
    """
    pages = _load_gold(Path(data_dir))
    result: dict = {"metrics": _score(pages, _storyline_text)}
    reader = _score(pages, _reader_text)
    result["reader_only"] = {k: reader[k] for k in ("f1", "precision", "recall")}
    if baseline:
        base = _score(pages, _trafilatura_text)
        result["baseline"] = {
            "name": "trafilatura",
            "f1": base["f1"],
            "precision": base["precision"],
            "recall": base["recall"],
            "seconds_per_page": base["seconds_per_page"],
        }
    return result
