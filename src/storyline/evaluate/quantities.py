"""Quantity extraction quality on NewsQuant, scored as CQE's evaluation does (satya77/CQE_Evaluation,
`evaluate_models.calculate_metrics`).

Per sentence, gold and predicted quantities are sorted by normalised unit; each gold quantity walks the predictions:
a prediction whose value agrees (numpy `isclose`, rtol 1e-5; a range agrees only with a range, end by end) counts one
value match (at most as many value matches as the sentence has gold quantities), and one change match when the change
marker also agrees; when the lower-cased normalised unit also agrees it counts a value+unit match, the prediction is
used up and the gold quantity stops looking. Precision divides by all predictions, recall by all gold quantities.
Gold values are strings: "10.0", "-5.0", "1.99E-29", or a range "252.0-287.0". A prediction without unit is "-".
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from pathlib import Path

from storyline.errors import InputError
from storyline.extract.quantities.finder import Quantity, find_quantities

__all__ = ["evaluate_quantities", "score"]

Value = float | tuple[float, float]


def _gold_value(raw: str) -> Value:
    raw = str(raw).strip()
    if "E" not in raw and not raw.startswith("-") and "-" in raw:
        low, high = raw.split("-", 1)
        return float(low), float(high)
    return float(raw)


def _close(a: float, b: float) -> bool:
    # numpy.isclose(a, b, rtol=1e-05, atol=1e-08): asymmetric, relative to the second argument.
    return abs(a - b) <= 1e-08 + 1e-05 * abs(b)


def _values_match(gold: Value, model: Value) -> bool:
    if isinstance(gold, tuple) and isinstance(model, tuple):
        return _close(gold[0], model[0]) and _close(gold[1], model[1])
    if isinstance(gold, tuple) or isinstance(model, tuple):
        return False
    return _close(gold, model)


def _f(tp: int, gold: int, predicted: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _model_record(q: Quantity) -> dict:
    value: Value = q.value if q.value_high is None else (q.value, q.value_high)
    return {"value": value, "normalized_unit": (q.unit or "-").lower(), "change": q.change}


def score(sentences: Iterable[tuple[list[dict], list[dict]]]) -> dict:
    """CQE scores over (gold quantities, predicted records) pairs; records have value, normalized_unit, change."""
    total_gold = total_pred = correct_value = correct_unit = correct_change = 0
    for gold, predicted in sentences:
        total_gold += len(gold)
        total_pred += len(predicted)
        tags = sorted(predicted, key=lambda d: d["normalized_unit"])
        budget = len(gold)
        for quantity in sorted(gold, key=lambda d: d["normalized_unit"]):
            gold_value = _gold_value(quantity["value"])
            gold_unit = quantity["normalized_unit"].lower()
            for tag in list(tags):
                if not _values_match(gold_value, tag["value"]):
                    continue
                if budget > 0:
                    correct_value += 1
                    budget -= 1
                if tag["change"] == quantity["change"]:
                    correct_change += 1
                if tag["normalized_unit"] == gold_unit:
                    correct_unit += 1
                    tags.remove(tag)
                    break
    vp, vr, vf = _f(correct_value, total_gold, total_pred)
    _, _, uf = _f(correct_unit, total_gold, total_pred)
    _, _, cf = _f(correct_change, total_gold, total_pred)
    return {
        "metrics": {
            "value_precision": round(vp, 4),
            "value_recall": round(vr, 4),
            "value_f1": round(vf, 4),
            "value_unit_f1": round(uf, 4),
            "change_f1": round(cf, 4),
        },
        "gold": total_gold,
        "predicted": total_pred,
    }


def evaluate_quantities(
    data_dir: Path, extractor: Callable[[str], list[Quantity]] = find_quantities, details: bool = False
) -> dict:
    """Score `extractor` on `data_dir/NewsQuant.json` (a list of {text, quantities}); see the module docstring.

    Returns {"metrics": {value_precision, value_recall, value_f1, value_unit_f1, change_f1}, "sentences", "gold",
    "predicted"}; with `details`, also "errors": the sentences whose predictions differ from gold.
    """
    path = Path(data_dir) / "NewsQuant.json"
    if not path.is_file():
        raise InputError(str(path), "not found: pass the folder holding NewsQuant.json (../shared/corpora/newsquant)")
    data = json.loads(path.read_text(encoding="utf-8"))
    pairs = []
    errors = []
    for item in data:
        predicted = [_model_record(q) for q in extractor(item["text"])]
        pairs.append((item["quantities"], predicted))
        if details:
            one = score([(item["quantities"], predicted)])
            gold_n = len(item["quantities"])
            if not (one["metrics"]["value_unit_f1"] == 1.0 or gold_n == len(predicted) == 0):
                errors.append({"text": item["text"], "gold": item["quantities"], "predicted": predicted})
    result = score(pairs)
    result["sentences"] = len(data)
    if details:
        result["errors"] = errors
    for key in ("value_f1", "value_unit_f1"):
        if math.isnan(result["metrics"][key]):  # pragma: no cover - defensive: empty corpus
            result["metrics"][key] = 0.0
    return result
