"""The facts stage inside ingest: facts are stored per article, recomputed when a date is inferred later, and a
rule that fails on one article costs that article its facts, not the batch."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from storyline.engines.local import ingest
from storyline.pipeline import STAGES
from storyline.settings import Settings
from storyline.store.sqlite import SqliteStore
from tests.engines.test_local import FIRE, STRIKE, _write

DATED = (
    " date 2025-03-05 \nFire chief Tomas Berglund said on Monday that the Oskarby warehouse fire of Sunday night "
    "destroyed stock worth some 4 million crowns, the regional fire service said.\n\nInvestigators would examine "
    "the building on Wednesday, police said."
)


def _settings(tmp_path: Path, **kw) -> Settings:
    return Settings.load(environ={}, db=str(tmp_path / "s.db"), **kw)


def test_ingest_stores_entities_dates_and_claims(tmp_path: Path) -> None:
    _write(tmp_path / "in", "strike.txt", " date 2025-03-04 \n" + STRIKE)
    settings = _settings(tmp_path)
    with SqliteStore(settings.db) as store:
        ingest([tmp_path / "in"], store, settings)
        [facts] = store.all_facts()
    assert facts.error is None
    assert any(m.text == "Anja Krell" and m.type == "PER" for m in facts.mentions)
    assert {d.date for d in facts.dated} >= {"2025-03-04", "2025-03-06"}  # "on Tuesday", "on Thursday"
    assert any(c.value == 1200 for c in facts.claims)


def test_no_facts_when_the_stage_is_off(tmp_path: Path) -> None:
    _write(tmp_path / "in", "strike.txt", STRIKE)
    settings = _settings(tmp_path, facts=False)
    with SqliteStore(settings.db) as store:
        ingest([tmp_path / "in"], store, settings)
        assert list(store.all_facts()) == []


def test_facts_are_recomputed_when_a_date_is_inferred_later(tmp_path: Path) -> None:
    # The undated report arrives first; its date (and so its "Sunday") is only known once a dated report arrives.
    _write(tmp_path / "a", "fire.txt", FIRE)
    settings = _settings(tmp_path, order="input")
    with SqliteStore(settings.db) as store:
        ingest([tmp_path / "a"], store, settings)
        [before] = store.all_facts()
        assert not before.dated
        _write(tmp_path / "b", "fire-dated.txt", DATED)
        ingest([tmp_path / "b"], store, settings)
        article = store.get_article(before.article_id)
        after = store.facts_of([before.article_id])[before.article_id]
    if article.published_how == "inferred":
        assert after.dated and all(d.how in ("inferred", "explicit") for d in after.dated)
        assert after.mentions == before.mentions  # NER is not run again
    else:  # pragma: no cover - the inference itself is tested in test_local.py
        raise AssertionError(f"expected an inferred date, got {article.published} {article.published_how}")


def test_a_failing_rule_keeps_the_article_and_records_the_error(tmp_path: Path, monkeypatch) -> None:
    _write(tmp_path / "in", "strike.txt", STRIKE)
    _write(tmp_path / "in", "fire.txt", FIRE)

    def broken(article, mentions):
        if "Oskarby" in article.text:
            raise ValueError("rule exploded")
        return real(article, mentions)

    real = STAGES["facts"].run
    monkeypatch.setitem(STAGES, "facts", replace(STAGES["facts"], run=broken))
    settings = _settings(tmp_path)
    with SqliteStore(settings.db) as store:
        report = ingest([tmp_path / "in"], store, settings)
        facts = {f.article_id: f for f in store.all_facts()}
        assert report.new == 2 and store.stats()["articles"] == 2
    errors = [f for f in facts.values() if f.error]
    assert len(errors) == 1 and "rule exploded" in (errors[0].error or "")
    assert errors[0].mentions  # what was found before the failure is kept


def test_entities_stay_with_their_article_when_ingest_reorders_by_date(tmp_path: Path) -> None:
    # Files are read in name order but placed in publication order: NER results must follow their article.
    _write(tmp_path / "in", "a-late.txt", " date 2025-03-09 \n" + FIRE)
    _write(tmp_path / "in", "b-early.txt", " date 2025-03-02 \n" + STRIKE)
    settings = _settings(tmp_path)
    with SqliteStore(settings.db) as store:
        ingest([tmp_path / "in"], store, settings)
        for facts in store.all_facts():
            text = store.get_article(facts.article_id).text
            assert facts.mentions and all(text[m.start : m.end] == m.text for m in facts.mentions)


def test_a_large_batch_goes_through_the_worker_process(tmp_path: Path) -> None:
    from storyline.engines.ner_worker import MIN_TEXTS_FOR_WORKER

    for i in range(MIN_TEXTS_FOR_WORKER):
        _write(tmp_path / "in", f"{i:03d}.txt", f" date 2025-03-{1 + i % 28:02d} \n{STRIKE}\n\nItem {i} of the series.")
    settings = _settings(tmp_path, facts_workers=1)
    with SqliteStore(settings.db) as store:
        ingest([tmp_path / "in"], store, settings)
        facts = list(store.all_facts())
        assert len(facts) == MIN_TEXTS_FOR_WORKER
        for f in facts[:5]:
            text = store.get_article(f.article_id).text
            assert any(m.text == "Anja Krell" for m in f.mentions)
            assert all(text[m.start : m.end] == m.text for m in f.mentions)


def test_a_text_over_the_facts_limit_is_stored_with_the_reason_and_its_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _write(folder, "strike.txt", STRIKE)
    _write(
        folder, "long.txt", "Long report\n\n" + "\n\n".join(f"Item {i}: the ferry ran late again." for i in range(400))
    )
    settings = _settings(tmp_path, max_facts_tokens=500)
    with SqliteStore(settings.db) as store:
        report = ingest([folder], store, settings)
        assert report.new == 2
        errors = {f.article_id: f.error for f in store.all_facts()}
        assert sorted(e is None for e in errors.values()) == [False, True]
        [error] = [e for e in errors.values() if e]
        assert error.startswith("facts stage skipped: the text has more than 500 tokens")
