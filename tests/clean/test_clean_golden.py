"""Golden files: small invented articles in tests/fixtures/clean/<name>.txt and the expected cleaning result.

Regenerate after an intended change with `STORYLINE_UPDATE_GOLDEN=1 pytest tests/clean/test_clean_golden.py`, then
review the diff of the .expected.json files before committing it. An optional <name>.hints.json sets Draft hints
(title_hint, published_hint, outlet_hint, …) the way an HTML or JSONL reader would.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from storyline.clean import clean_draft
from tests.clean.drafts import text_draft

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "clean"
FIELDS = ("title", "title_generated", "published", "published_how", "outlet", "credit", "dateline", "removed", "text")
UPDATE = os.environ.get("STORYLINE_UPDATE_GOLDEN") == "1"
CASES = sorted(p.stem for p in FIXTURES.glob("*.txt"))


def _result(name: str) -> dict[str, object]:
    text = (FIXTURES / f"{name}.txt").read_text("utf-8")
    hints_path = FIXTURES / f"{name}.hints.json"
    hints = json.loads(hints_path.read_text("utf-8")) if hints_path.exists() else {}
    article = clean_draft(text_draft(text, f"fixtures/clean/{name}.txt", **hints))
    return {name: getattr(article, name) for name in FIELDS}


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 6


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str) -> None:
    got = _result(name)
    expected_path = FIXTURES / f"{name}.expected.json"
    if UPDATE:
        expected_path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", "utf-8")
        return
    assert expected_path.exists(), f"missing {expected_path.name}: run with STORYLINE_UPDATE_GOLDEN=1 to create it"
    expected = json.loads(expected_path.read_text("utf-8"))
    assert got == expected
