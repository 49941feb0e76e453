"""Every bad input kind we know of (tests/fuzz/bad_inputs.py), mixed into one folder with good articles and
ingested by the real command line with facts on: exit 0, no traceback, every good article stored, every bad input
stored (repaired as an article, or rejected with its reason), and a second run adds nothing.

The large kinds (tens of megabytes, or seconds each) run in benchmarks/reliability.py, with 1,000 Reuters
articles beside them; here the rest run in `make test`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz.bad_inputs import write_bad_inputs

REPO = Path(__file__).resolve().parents[2]


def _ingest(db: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STORYLINE_FACTS_WORKERS": "0"}
    return subprocess.run(
        [sys.executable, "-m", "storyline.cli", "--db", str(db), "ingest", str(folder)],
        capture_output=True,
        text=True,
        errors="replace",
        env=env,
        timeout=600,
        check=False,
    )


def _good_articles(folder: Path) -> list[Path]:
    """Our own sample articles (examples/), copied in: what must come through whatever sits beside it."""
    good = folder / "good"
    shutil.copytree(REPO / "examples", good, ignore=shutil.ignore_patterns("*.json", "*.md", "feeds"))
    return sorted(p for p in good.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list, list[Path], tuple]:
    root = tmp_path_factory.mktemp("bad")
    folder = root / "in"
    bad = write_bad_inputs(folder, huge=False)
    good = _good_articles(folder)
    db = root / "s.db"
    first = _ingest(db, folder)
    second = _ingest(db, folder)
    return db, folder, bad, good, (first, second)


def test_a_batch_mixing_every_bad_input_with_good_articles_exits_0_without_a_traceback(mixed_run) -> None:
    *_, (first, second) = mixed_run
    for run in (first, second):
        assert run.returncode == 0, run.stderr[-3000:]
        assert "Traceback" not in run.stderr
    summary = (second.stdout.strip().splitlines() or second.stderr.strip().splitlines())[-1]
    assert "new 0," in summary and " 0 rejected" in summary, summary  # a rerun adds nothing, refuses nothing anew


def _rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def _good_hashes(good: list[Path]) -> set[str]:
    """Content hashes as the readers make them: a file's bytes, a JSONL line's (without its line end)."""
    hashes = set()
    for path in good:
        if path.suffix == ".jsonl":
            hashes.update(hashlib.sha256(line).hexdigest() for line in path.read_bytes().splitlines() if line.strip())
        else:
            hashes.add(hashlib.sha256(path.read_bytes()).hexdigest())
    return hashes


def test_every_good_article_is_stored(mixed_run) -> None:
    db, _, _, good, _ = mixed_run
    stored = {h for (h,) in _rows(db, "SELECT content_hash FROM articles")}
    assert _good_hashes(good) <= stored


def test_every_bad_input_is_stored_as_an_article_or_with_its_reason(mixed_run) -> None:
    db, _, bad, good, _ = mixed_run
    # One document row per input: the good ones, and each bad kind (the two identical files share theirs).
    assert _rows(db, "SELECT COUNT(*) FROM documents")[0][0] == len(_good_hashes(good)) + len(bad)
    assert _rows(db, "SELECT COUNT(*) FROM documents WHERE status='rejected' AND (error IS NULL OR error='')") == [(0,)]
    # And each bad file by its name (a name that is not UTF-8 is kept readable, its bad byte as U+FFFD).
    paths = [p for (p,) in _rows(db, "SELECT source_path FROM documents")]
    files = [b for b in bad if not b.where.startswith("lines.jsonl")]
    missing = [b.kind for b in files if not any(p.endswith(b.where.replace("\udcff", "\ufffd")) for p in paths)]
    assert missing == []


def test_nothing_stored_is_invalid_text(mixed_run) -> None:
    db, *_ = mixed_run
    for title, text, path in _rows(db, "SELECT title, text, source_path FROM articles"):
        for value in (title, text, path):
            value.encode("utf-8")  # no lone surrogates
            assert not any(ord(c) < 32 and c not in "\n\t" for c in value), value[:80]
    for (published,) in _rows(db, "SELECT published FROM articles WHERE published IS NOT NULL"):
        assert "1900-01-01" <= published <= "2100-12-31"
