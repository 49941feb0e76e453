"""DuplicateIndex over both state backends: what it finds, in which order, and what it refuses."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from storyline.dedup import DuplicateIndex, DupState, InMemoryDupState, estimate_jaccard, fingerprint_text
from storyline.errors import SettingsError
from storyline.store.dup_index_sqlite import SqliteDupState, create_schema

from .texts import APPEAL, FURNITURE_BOTTOM, FURNITURE_TOP, INDEPENDENT, ORIGINAL, REWRITE, TEMPLATE_A


@pytest.fixture(params=["memory", "sqlite"])
def state(request: pytest.FixtureRequest) -> Iterator[DupState]:
    if request.param == "memory":
        yield InMemoryDupState()
        return
    conn = sqlite3.connect(":memory:")
    create_schema(conn)
    yield SqliteDupState(conn)
    conn.close()


def _ingest(index: DuplicateIndex, docs: dict[str, str]) -> dict[str, list]:
    found = {}
    for article_id, text in docs.items():
        fp = fingerprint_text(text)
        found[article_id] = index.find(article_id, fp)
        index.add(article_id, fp)
    return found


def test_exact_near_and_unrelated(state: DupState) -> None:
    index = DuplicateIndex(state)
    found = _ingest(
        index,
        {
            "orig": ORIGINAL,
            "same": ORIGINAL.upper(),
            "framed": FURNITURE_TOP + ORIGINAL + FURNITURE_BOTTOM,
            "rewrite": REWRITE,
            "other": INDEPENDENT,
            "template": TEMPLATE_A,
        },
    )
    assert found["orig"] == []
    # Not byte-identical, so not a "duplicate"; but the same words, so a near duplicate scoring 1.0.
    assert [tuple(m) for m in found["same"]] == [("orig", "near_duplicate", 1.0)]
    # The furnished copy matches both earlier texts, the earlier first among equals.
    assert [(m.other_id, m.type) for m in found["framed"]] == [("orig", "near_duplicate"), ("same", "near_duplicate")]
    assert all(0.8 <= m.score < 1.0 for m in found["framed"])
    assert found["rewrite"] == found["other"] == found["template"] == []


def test_copy_with_long_leftover_furniture_is_found_by_containment(state: DupState) -> None:
    index = DuplicateIndex(state)
    padded = ORIGINAL + "\n" + APPEAL + "\n" + APPEAL.replace("twenty", "thirty")
    assert estimate_jaccard(fingerprint_text(ORIGINAL), fingerprint_text(padded)) < 0.8
    found = _ingest(index, {"orig": ORIGINAL, "padded": padded})
    assert [(m.other_id, m.type) for m in found["padded"]] == [("orig", "near_duplicate")]
    assert found["padded"][0].score >= 0.9


def test_a_short_text_inside_a_long_one_is_not_a_copy(state: DupState) -> None:
    index = DuplicateIndex(state, containment_min_jaccard=0.05)
    sentence = "Council leader Maria Okafor said the decision was painful but unavoidable."
    found = _ingest(index, {"orig": ORIGINAL, "line": sentence})
    assert found["line"] == []  # contained, but far too short for that to mean it is a copy


def test_exact_copy_under_another_title_is_a_near_duplicate(state: DupState) -> None:
    index = DuplicateIndex(state)
    for article_id, title in (("a", "Bridge to close"), ("b", "Bridge to close"), ("c", "Elm Street bridge shut")):
        fp = fingerprint_text(ORIGINAL, title)
        found = index.find(article_id, fp)
        index.add(article_id, fp)
    assert [tuple(m) for m in found] == [("a", "near_duplicate", 1.0)]  # "b" is a's exact copy: not in the buckets
    assert [tuple(m) for m in index.find("x", fingerprint_text(ORIGINAL, "Bridge to close"))] == [
        ("a", "duplicate", 1.0),
        ("b", "duplicate", 1.0),
        ("c", "near_duplicate", 1.0),
    ]


def test_best_first_and_self_excluded(state: DupState) -> None:
    index = DuplicateIndex(state)
    _ingest(index, {"a": ORIGINAL, "b": ORIGINAL + " The council meets again next week.", "c": ORIGINAL})
    fp = fingerprint_text(ORIGINAL)
    matches = index.find("a", fp)  # "a" itself is indexed: never returned
    assert [m.other_id for m in matches] == ["c", "b"]
    assert matches[0].type == "duplicate" and matches[1].type == "near_duplicate"
    assert all(0.0 <= m.score <= 1.0 for m in matches)


def test_add_is_idempotent_and_exact_copies_skip_the_buckets(state: DupState) -> None:
    index = DuplicateIndex(state)
    fp = fingerprint_text(ORIGINAL)
    index.add("a", fp)
    index.add("a", fp)
    index.add("b", fp)
    assert state.count() == 2
    candidates = state.band_candidates(index.band_keys(fp), 50)
    assert [c.article_id for c in candidates] == ["a"]


def test_empty_text_matches_nothing(state: DupState) -> None:
    index = DuplicateIndex(state)
    found = _ingest(index, {"e1": "", "e2": " ... "})
    assert found == {"e1": [], "e2": []}


def test_bucket_reads_are_capped(state: DupState) -> None:
    index = DuplicateIndex(state, limit_per_band=5, max_matches=3)
    base = ORIGINAL
    for k in range(20):  # twenty distinct near copies of one text: they share most buckets
        fp = fingerprint_text(base + f" Update number {k}.")
        index.add(f"v{k}", fp)
    fp = fingerprint_text(base)
    assert len(state.band_candidates(index.band_keys(fp), 5)) <= 5 * index.bands
    assert len(index.find("new", fp)) == 3


def test_parameters_are_checked_against_the_state(state: DupState) -> None:
    DuplicateIndex(state).add("a", fingerprint_text(ORIGINAL))
    with pytest.raises(SettingsError, match="rebuild the duplicate index"):
        DuplicateIndex(state, bands=16, rows=8)
    DuplicateIndex(state, threshold=0.9)  # the threshold only filters: it may change freely
    with pytest.raises(SettingsError):
        DuplicateIndex(InMemoryDupState(), threshold=0.0)


def test_sqlite_schema_is_idempotent_and_never_commits(tmp_path) -> None:
    path = tmp_path / "dup.db"
    conn = sqlite3.connect(path)
    create_schema(conn)
    create_schema(conn)
    conn.commit()
    index = DuplicateIndex(SqliteDupState(conn))
    index.add("a", fingerprint_text(ORIGINAL))
    assert conn.in_transaction  # the engine decides when to commit
    conn.rollback()
    assert SqliteDupState(conn).count() == 0


def test_sqlite_lookups_use_indexes() -> None:
    conn = sqlite3.connect(":memory:")
    create_schema(conn)
    state = SqliteDupState(conn)
    plans = [
        " ".join(r[-1] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
        for sql, params in [
            ("SELECT article_id FROM dup_index_articles WHERE exact = ? ORDER BY seq LIMIT ?", ("x", 3)),
            (state._band_query(2), (1, 5, 2, 5)),
        ]
    ]
    assert "USING INDEX dup_index_articles_exact" in plans[0] and "SCAN" not in plans[0]
    # Every table access is a keyed search; the only scans are over the small, LIMITed subquery results.
    assert "SEARCH dup_index_bands USING PRIMARY KEY (band_key=?)" in plans[1]
    assert "SEARCH a USING INTEGER PRIMARY KEY" in plans[1]
    assert "SCAN dup_index" not in plans[1]


def test_match_score_agrees_with_find() -> None:
    index = DuplicateIndex(InMemoryDupState())
    a, b = fingerprint_text(ORIGINAL), fingerprint_text(FURNITURE_TOP + ORIGINAL + FURNITURE_BOTTOM)
    index.add("a", a)
    assert index.match_score(a, b) == index.find("b", b)[0].score
    assert index.match_score(a, fingerprint_text(ORIGINAL.lower())) == 1.0
    assert index.match_score(a, fingerprint_text(INDEPENDENT)) is None
