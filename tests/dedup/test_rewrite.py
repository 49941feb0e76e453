"""Rewrite detection on invented texts: a paraphrase is a rewrite; another reporter's account or a template is not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from storyline.dedup import is_rewrite, rewrite_score
from storyline.models import Article

from .texts import FURNITURE_BOTTOM, FURNITURE_TOP, INDEPENDENT, ORIGINAL, REWRITE, TEMPLATE_A, TEMPLATE_B


def _article(article_id: str, text: str, published: str | None = None, how: str | None = "metadata") -> Article:
    return Article(id=article_id, source_path=article_id, content_hash=article_id, text=text, title="",
                   title_generated=True, published=published, published_how=how if published else None)  # fmt: skip


def test_paraphrase_is_a_rewrite() -> None:
    a, b = _article("a", ORIGINAL), _article("b", REWRITE)
    assert is_rewrite(a, b) and is_rewrite(b, a)
    assert rewrite_score(a, b) == rewrite_score(b, a) >= 0.8


def test_furniture_does_not_hide_a_rewrite() -> None:
    assert is_rewrite(_article("a", FURNITURE_TOP + ORIGINAL + FURNITURE_BOTTOM), _article("b", REWRITE))


def test_independent_report_is_not_a_rewrite() -> None:
    assert rewrite_score(_article("a", ORIGINAL), _article("b", INDEPENDENT)) < 0.3
    assert rewrite_score(_article("a", REWRITE), _article("b", INDEPENDENT)) < 0.3


def test_template_with_other_names_and_figures_is_not_a_rewrite() -> None:
    assert not is_rewrite(_article("a", TEMPLATE_A), _article("b", TEMPLATE_B))


def test_scores_stay_in_range_and_degenerate_input_is_zero() -> None:
    assert rewrite_score(_article("a", ""), _article("b", ORIGINAL)) == 0.0
    assert rewrite_score(_article("a", "One short line."), _article("b", "One short line.")) == 0.0
    assert 0.0 <= rewrite_score(_article("a", ORIGINAL), _article("b", ORIGINAL)) <= 1.0


def test_far_apart_dates_veto_a_rewrite_unless_inferred() -> None:
    near = (_article("a", ORIGINAL, "2024-03-01"), _article("b", REWRITE, "2024-03-03"))
    far = (_article("a", ORIGINAL, "2024-03-01"), _article("b", REWRITE, "2024-05-01"))
    inferred = (_article("a", ORIGINAL, "2024-03-01"), _article("b", REWRITE, "2024-05-01", how="inferred"))
    assert is_rewrite(*near) and is_rewrite(*inferred)
    assert not is_rewrite(*far)
    assert rewrite_score(*far) == round(rewrite_score(*near) * 0.4, 4)


def test_hard_wrapped_copy_scores_like_the_original() -> None:
    wrapped = "\n".join(REWRITE.replace("\n", " ")[i : i + 60] for i in range(0, len(REWRITE), 60))
    assert is_rewrite(_article("a", ORIGINAL), _article("b", wrapped))


def test_score_is_the_same_in_another_process() -> None:
    # Sentence tokens are keyed by Python's salted str hash inside one process; the score must not depend on it.
    code = (
        "from storyline.dedup.rewrite import _score_texts; from tests.dedup.texts import ORIGINAL, REWRITE, "
        "INDEPENDENT; print(_score_texts(ORIGINAL, REWRITE), _score_texts(ORIGINAL, INDEPENDENT))"
    )
    root = Path(__file__).resolve().parents[2]
    out = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        ).stdout
        for seed in ("1", "2", "3")
    }  # fmt: skip
    assert len(out) == 1
