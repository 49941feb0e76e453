"""Time-expression quality, scored as in TempEval-3 (task A), on gold corpora laid out like `../shared/corpora`.

Per document, predicted and gold TIMEX3 spans are paired one to one: exact span matches first, then the remaining
pairs that overlap (largest overlap first). Strict precision/recall/F1 count exact matches, relaxed ones any overlap
(precision over predicted expressions, recall over gold ones). Value F1 counts a relaxed match only when the
normalised value equals gold's; type accuracy is the share of relaxed matches whose type agrees.

Layouts: `tempeval3/timex.jsonl` (one document a line: `text`, `dct`, `timex3` with `start`, `end`, `type`,
`value`) and `meantime/documents.jsonl` (the same fields; its creation-time TIMEX3 sits in the text and is scored
like any other). MEANTIME annotates time expressions only in the title, the date line and the first five sentences
of each article, so predictions after that stretch are not scored there (the 337 gold expressions all lie in it).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from storyline.errors import InputError
from storyline.extract.timex.finder import find_timexes
from storyline.models import TimeExpression

__all__ = [
    "Score",
    "evaluate_timex",
    "evaluate_timex_meantime",
    "match_spans",
    "meantime_annotated_end",
    "score_documents",
]


@dataclass(slots=True)
class Score:
    """Counts behind the TempEval-3 metrics, plus per-type errors for analysis."""

    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type_ok: int = 0
    documents: int = 0
    by_type: dict[str, Counter[str]] = field(default_factory=dict)

    def metrics(self) -> dict[str, float]:
        def prf(hits: int) -> tuple[float, float, float]:
            p = hits / self.predicted if self.predicted else 0.0
            r = hits / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        sp, sr, sf = prf(self.strict)
        rp, rr, rf = prf(self.relaxed)
        vp, vr, vf = prf(self.value)
        return {
            "strict_f1": round(sf, 4), "strict_precision": round(sp, 4), "strict_recall": round(sr, 4),
            "relaxed_f1": round(rf, 4), "relaxed_precision": round(rp, 4), "relaxed_recall": round(rr, 4),
            "value_f1": round(vf, 4), "value_precision": round(vp, 4), "value_recall": round(vr, 4),
            "type_accuracy": round(self.type_ok / self.relaxed, 4) if self.relaxed else 0.0,
        }  # fmt: skip

    def report(self) -> dict:
        per_type = {
            t: {k: c[k] for k in ("gold", "found", "value_ok", "missed", "wrong_value", "wrong_type")}
            for t, c in sorted(self.by_type.items())
        }
        return {
            "metrics": self.metrics(),
            "documents": self.documents,
            "gold": self.gold,
            "predicted": self.predicted,
            "per_gold_type": per_type,
        }


def match_spans(gold: list[tuple[int, int]], predicted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index): exact spans first, then overlaps, largest overlap first."""
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_p: set[int] = set()
    exact = {span: i for i, span in enumerate(predicted)}
    for gi, span in enumerate(gold):
        pi = exact.get(span)
        if pi is not None and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    overlaps = []
    for gi, (gs, ge) in enumerate(gold):
        if gi in used_g:
            continue
        for pi, (ps, pe) in enumerate(predicted):
            if pi not in used_p and ps < ge and gs < pe:
                overlaps.append((-(min(ge, pe) - max(gs, ps)), gi, pi))
    for _, gi, pi in sorted(overlaps):
        if gi not in used_g and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    return pairs


def score_documents(
    documents: Iterable[dict],
    extract: Callable[[str, str | None], list[TimeExpression]] = find_timexes,
    errors: list[dict] | None = None,
    annotated: Callable[[str], int] | None = None,
) -> Score:
    """Score `extract` on documents with `text`, `dct` and gold `timex3`; optionally collect every error.

    `annotated(text)` gives the end of the stretch the annotators covered, when they did not cover all of it.
    """
    score = Score()
    for doc in documents:
        text, dct = doc["text"], doc.get("dct")
        gold = doc.get("timex3") or []
        pred = extract(text, dct)
        if annotated is not None:
            limit = annotated(text)
            pred = [p for p in pred if p.start < limit]
        score.documents += 1
        score.gold += len(gold)
        score.predicted += len(pred)
        pairs = match_spans([(g["start"], g["end"]) for g in gold], [(p.start, p.end) for p in pred])
        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        for g in gold:
            c = score.by_type.setdefault(g["type"], Counter())
            c["gold"] += 1
        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            c = score.by_type[g["type"]]
            c["found"] += 1
            score.relaxed += 1
            if (g["start"], g["end"]) == (p.start, p.end):
                score.strict += 1
            if g["value"] == p.value:
                score.value += 1
                c["value_ok"] += 1
            else:
                c["wrong_value"] += 1
            if g["type"] == p.type:
                score.type_ok += 1
            else:
                c["wrong_type"] += 1
            if errors is not None and ((g["start"], g["end"]) != (p.start, p.end) or g["value"] != p.value):
                errors.append({"doc": doc.get("doc_id"), "dct": dct, "kind": "mismatch", "gold": _g(g),
                               "pred": _p(p), "context": _context(text, g["start"], g["end"])})  # fmt: skip
        for gi, g in enumerate(gold):
            if gi not in matched_g:
                score.by_type[g["type"]]["missed"] += 1
                if errors is not None:
                    errors.append({"doc": doc.get("doc_id"), "dct": dct, "kind": "missed", "gold": _g(g),
                                   "context": _context(text, g["start"], g["end"])})  # fmt: skip
        if errors is not None:
            for pi, p in enumerate(pred):
                if pi not in matched_p:
                    errors.append({"doc": doc.get("doc_id"), "dct": dct, "kind": "spurious", "pred": _p(p),
                                   "context": _context(text, p.start, p.end)})  # fmt: skip
    return score


def _g(g: dict) -> str:
    return f"{g['text']!r} {g['type']} {g['value']}"


def _p(p: TimeExpression) -> str:
    return f"{p.text!r} {p.type} {p.value} ({p.how})"


def _context(text: str, start: int, end: int) -> str:
    return (text[max(0, start - 70) : start] + "[[" + text[start:end] + "]]" + text[end : end + 40]).replace("\n", " ")


_SEGMENT_END = re.compile(r"""[.!?]['"’”)]*\s+(?=[A-Z"“'‘(\[])|\n+""")


def meantime_annotated_end(text: str, segments: int = 7) -> int:
    """End of MEANTIME's annotated stretch: title, date line and five sentences (split on end punctuation)."""
    ends = [m.end() for m in _SEGMENT_END.finditer(text)]
    return ends[segments - 1] if len(ends) >= segments else len(text)


def _read_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        raise InputError(str(path), "not a file: expected a JSONL of documents with text, dct and timex3")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate_timex(data_dir: Path, errors: list[dict] | None = None) -> dict:
    """TempEval-3 scores of `find_timexes` on `data_dir/timex.jsonl` (the tempeval3 layout; a file path works too)."""
    path = Path(data_dir)
    if path.is_dir():
        path = path / "timex.jsonl"
    return score_documents(_read_jsonl(path), errors=errors).report()


def evaluate_timex_meantime(path: Path, errors: list[dict] | None = None) -> dict:
    """The same scores on MEANTIME's `documents.jsonl` (a folder holding it works too)."""
    path = Path(path)
    if path.is_dir():
        path = path / "documents.jsonl"
    return score_documents(_read_jsonl(path), errors=errors, annotated=meantime_annotated_end).report()
