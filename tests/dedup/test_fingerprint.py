"""Fingerprints: exact keys that survive formatting, MinHash signatures that are deterministic and meaningful."""

from __future__ import annotations

import subprocess
import sys

from storyline.dedup import estimate_jaccard, fingerprint, fingerprint_text
from storyline.dedup.fingerprint import NUM_PERM, shingles
from storyline.models import Article

from .texts import FURNITURE_BOTTOM, FURNITURE_TOP, INDEPENDENT, ORIGINAL, REWRITE


def test_exact_key_is_byte_level_but_the_signature_ignores_formatting() -> None:
    messy = ORIGINAL.upper().replace(" ", "  \n ").replace(",", " ,")
    assert fingerprint_text(messy).exact != fingerprint_text(ORIGINAL).exact
    assert fingerprint_text(messy).signature == fingerprint_text(ORIGINAL).signature
    assert fingerprint_text(ORIGINAL).exact == fingerprint_text(str(ORIGINAL)).exact


def test_title_is_part_of_the_exact_key_only() -> None:
    a = Article(id="a", source_path="a", content_hash="x", text=ORIGINAL, title="One", title_generated=False)
    b = Article(id="b", source_path="b", content_hash="y", text=ORIGINAL, title="Two", title_generated=True)
    c = Article(id="c", source_path="c", content_hash="z", text=ORIGINAL, title="One", title_generated=False)
    assert fingerprint(a) == fingerprint(c)
    assert fingerprint(a).exact != fingerprint(b).exact
    assert fingerprint(a).signature == fingerprint(b).signature


def test_short_template_texts_are_told_apart_by_their_titles() -> None:
    body = "Quarterly dividend 15 cents vs 15 cents prior, payable May 1."
    a = fingerprint_text(body, "ALPHA WIDGETS SETS QUARTERLY DIVIDEND")
    b = fingerprint_text(body, "BETA FOODS DECLARES QUARTERLY PAYOUT")
    again = fingerprint_text(body, "ALPHA WIDGETS SETS QUARTERLY DIVIDEND")
    assert estimate_jaccard(a, b) < 0.5
    assert estimate_jaccard(a, again) == 1.0


def test_signature_shape_and_empty_text() -> None:
    fp = fingerprint_text(ORIGINAL)
    assert len(fp.values()) == NUM_PERM and fp.n_shingles > 100
    empty = fingerprint_text("  \n ... ")
    assert empty.empty and empty.signature == b"" and empty.n_shingles == 0
    assert estimate_jaccard(empty, empty) == 0.0


def test_short_text_is_one_shingle() -> None:
    assert shingles(["a", "b"]) == ["a b"]
    assert not fingerprint_text("Breaking news").empty


def test_jaccard_estimates_separate_copies_from_other_texts() -> None:
    original = fingerprint_text(ORIGINAL)
    assert estimate_jaccard(original, fingerprint_text(FURNITURE_TOP + ORIGINAL + FURNITURE_BOTTOM)) >= 0.8
    assert estimate_jaccard(original, fingerprint_text(REWRITE)) < 0.3  # a paraphrase is not a near copy
    assert estimate_jaccard(original, fingerprint_text(INDEPENDENT)) < 0.2


def test_signature_is_the_same_in_another_process() -> None:
    # Python salts str hashes per process; MinHash must not depend on that.
    code = (
        "from storyline.dedup import fingerprint_text; import sys; "
        "sys.stdout.write(fingerprint_text(sys.stdin.read()).signature.hex())"
    )
    out = [
        subprocess.run(
            [sys.executable, "-c", code], input=ORIGINAL, capture_output=True, text=True, check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        ).stdout
        for seed in ("1", "2")
    ]  # fmt: skip
    assert out[0] == out[1] == fingerprint_text(ORIGINAL).signature.hex()
