"""The local engine: idempotent ingest, batches as transactions, copies and stories."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from storyline.engines.local import ingest
from storyline.errors import StoreError
from storyline.models import RawDocument, Relation
from storyline.pipeline import STAGES
from storyline.reconcile.independent import independent_reports
from storyline.settings import Settings
from storyline.store.sqlite import SqliteStore

STRIKE = (
    "Dock workers in the port of Velmar began a 48-hour strike on Tuesday over night-shift pay, the Velmar "
    "Dockers Union said.\n\nUnion chair Anja Krell said 1,200 members had voted to stop work. The Velmar Port "
    "Authority said loading had halted at four of its six terminals and that talks would resume on Thursday.\n\n"
    "Shipping agents warned that at least 30 vessels were waiting at anchor outside the harbour."
)
FIRE = (
    "A fire destroyed a textile warehouse in the town of Oskarby on Sunday night, the regional fire service said.\n\n"
    "Fire chief Tomas Berglund said 60 firefighters fought the blaze for nine hours and that no one was hurt. "
    "The owner, Linnea Fabrics, said stock worth some 4 million crowns was lost.\n\nPolice said the cause was not "
    "yet known and investigators would examine the building on Monday."
)


def _settings(tmp_path: Path, **kw) -> Settings:
    return Settings.load(environ={}, db=str(tmp_path / "s.db"), **kw)


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reingest_adds_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _write(folder, "strike.txt", STRIKE)
    _write(folder, "fire.txt", FIRE)
    settings = _settings(tmp_path)
    with SqliteStore(settings.db) as store:
        first = ingest([folder], store, settings)
        before = store.stats()
        second = ingest([folder], store, settings)
        assert (first.new, second.new, second.already_stored) == (2, 0, 2)
        assert store.stats() == before


def test_exact_copy_is_a_duplicate_in_the_same_story(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _write(folder / "a", "strike.txt", " date 2026-03-03 " + STRIKE)
    _write(folder / "b", "strike-copy.txt", STRIKE + "\n\nSource link\n")
    _write(folder, "fire.txt", " date 2026-03-02 " + FIRE)
    settings = _settings(tmp_path)
    with SqliteStore(settings.db) as store:
        report = ingest([folder], store, settings)
        assert report.new == 3 and report.duplicates == 1
        stories = store.list_stories()
        assert sorted(len(s.article_ids) for s in stories) == [1, 2]
        pair = next(s for s in stories if len(s.article_ids) == 2)
        assert pair.independent_reports == 1
        rels = store.relations_among(pair.article_ids)
        assert [r.type for r in rels] in (["duplicate"], ["near_duplicate"])


def test_undated_copy_gets_inferred_date(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _write(folder / "a", "strike.txt", " date 2026-03-03 " + STRIKE)
    _write(folder / "b", "strike-copy.txt", STRIKE)
    settings = _settings(tmp_path)
    with SqliteStore(settings.db) as store:
        ingest([folder], store, settings)
        rows = store.conn.execute("SELECT published, published_how FROM articles ORDER BY source_path").fetchall()
        assert [tuple(r) for r in rows] == [("2026-03-03", "header"), ("2026-03-03", "inferred")]


def test_a_document_failing_a_stage_is_stored_with_its_error_and_the_batch_commits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    _write(folder, "strike.txt", STRIKE)
    _write(folder, "fire.txt", FIRE)
    settings = _settings(tmp_path)
    real = STAGES["placement"]

    def flaky(article, *args, **kwargs):
        if "fire" in article.source_path:
            raise RuntimeError("disk on fire")
        return real.run(article, *args, **kwargs)

    monkeypatch.setitem(STAGES, "placement", replace(real, run=flaky))
    with SqliteStore(settings.db) as store:
        report = ingest([folder], store, settings)
        assert report.new == 1 and len(report.rejected) == 1
        assert store.stats()["articles"] == 1
        [rejected] = store.rejected_documents()
        assert rejected["source_path"].endswith("fire.txt")
        assert rejected["stage"] == "placement"
        assert rejected["error"] == "placement stage failed: RuntimeError: disk on fire"
        # Its writes were undone with it: no document row of it as an article, no half-placed article.
        assert store.conn.execute("SELECT COUNT(*) FROM documents WHERE status='article'").fetchone()[0] == 1
        monkeypatch.setitem(STAGES, "placement", real)
        again = ingest([folder], store, settings)
        assert (again.new, again.already_stored, again.already_rejected) == (0, 1, 1)


def test_a_stage_past_its_budget_is_abandoned_and_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    _write(folder, "strike.txt", STRIKE)
    _write(folder, "fire.txt", FIRE)
    settings = replace(_settings(tmp_path), stage_budget_s=0.5)
    real = STAGES["clean"]

    def hangs(draft, *args, **kwargs):
        while "fire" in draft.source_path:
            pass
        return real.run(draft, *args, **kwargs)

    monkeypatch.setitem(STAGES, "clean", replace(real, run=hangs))
    with SqliteStore(settings.db) as store:
        report = ingest([folder], store, settings)
        assert report.new == 1
        [rejected] = store.rejected_documents()
        assert rejected["stage"] == "clean"
        assert rejected["error"].startswith("clean stage ran past its budget of 0.5 s")


def test_a_store_failure_rolls_back_the_whole_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    _write(folder, "strike.txt", STRIKE)
    _write(folder, "fire.txt", FIRE)
    settings = _settings(tmp_path)
    with SqliteStore(settings.db) as store:
        real = store.finish_batch

        def broken(*args, **kwargs):
            raise RuntimeError("disk full")

        monkeypatch.setattr(store, "finish_batch", broken)
        with pytest.raises(StoreError, match="rolled back"):
            ingest([folder], store, settings)
        assert store.stats()["articles"] == 0
        assert store.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
        monkeypatch.setattr(store, "finish_batch", real)
        assert ingest([folder], store, settings).new == 2


def test_independent_reports_counts_copy_components() -> None:
    rels = [Relation("rewrite", "a", "b", 0.9), Relation("duplicate", "b", "c", 1.0)]
    assert independent_reports(["a", "b", "c", "d"], rels) == 2
    assert independent_reports(["a", "b"], []) == 2


def test_identical_inputs_are_counted_as_the_first_fared_and_a_rerun_says_what_was_there(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    broken = STRIKE.encode() + b" caf\xc3\xa9 \xff\xfe"  # UTF-8 corrupted part-way: refused by the parser
    for name in ("a.txt", "b.txt"):
        (folder / name).write_bytes(broken)
    _write(folder, "fire.txt", FIRE)
    _write(folder, "fire-again.txt", FIRE)
    settings = _settings(tmp_path)
    with SqliteStore(settings.db) as store:
        first = ingest([folder], store, settings)
        assert (first.new, len(first.rejected), first.already_stored, first.already_rejected) == (1, 1, 1, 1)
        again = ingest([folder], store, settings)
        assert (again.new, len(again.rejected), again.already_stored, again.already_rejected) == (0, 0, 2, 2)
        assert "already rejected 2" in again.summary()


def test_writers_to_one_store_queue_instead_of_failing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    from storyline.engines import local

    settings = _settings(tmp_path)
    inside, overlaps = [0], []
    real = local.ingest_items

    def slow(*args, **kwargs):
        inside[0] += 1
        overlaps.append(inside[0])
        time.sleep(0.2)
        try:
            return real(*args, **kwargs)
        finally:
            inside[0] -= 1

    monkeypatch.setattr(local, "ingest_items", slow)
    reports = []
    docs = [[RawDocument(f"api#{i}", text.encode(), "text", f"h{i}")] for i, text in enumerate((STRIKE, FIRE, STRIKE))]
    threads = [
        threading.Thread(target=lambda d=d: reports.append(local.ingest_into(settings.db, d, settings))) for d in docs
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert max(overlaps) == 1  # one writer at a time
    assert sorted(r.new for r in reports) == [1, 1, 1]
