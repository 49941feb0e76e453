"""The store conformance suite: what every `Store` implementation (SQLite now, PostgreSQL next) must do.

Subclass `StoreConformance` in a `test_*.py` module and override the two fixtures:

    class TestMyStore(StoreConformance):
        @pytest.fixture
        def make_store(self, tmp_path):        # make_store(readonly=False) -> Store, the SAME store every call
            ...
        @pytest.fixture
        def open_missing_store(self, tmp_path):  # open_missing_store() -> opens, read-only, a store that is absent
            ...

Only the `Store` protocol is used here: nothing of any one implementation (no connections, no SQL). The class name
does not start with `Test`, so pytest collects these tests only through a subclass, once per implementation.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any, Protocol

import pytest

from storyline.cluster.index import StoryIndex
from storyline.dedup.fingerprint import fingerprint_text
from storyline.dedup.index import DuplicateIndex
from storyline.errors import NotFoundError, StoreError
from storyline.models import (
    Article,
    ArticleFacts,
    Claim,
    DatedSentence,
    EntityRecord,
    Mention,
    NameKey,
    Quote,
    RawDocument,
    Rejected,
    Relation,
    Story,
    TimeExpression,
)
from storyline.store.base import EntityFilter, Store


class MakeStore(Protocol):
    def __call__(self, readonly: bool = False) -> Store: ...


# -- fictional material -----------------------------------------------------------------------------------------

_TEXTS = {
    1: "Dock workers in the port of Qelmar stopped work on Tuesday over night-shift pay, their union said.",
    2: "The Qelmar port authority said loading had halted at four of its six terminals during the stoppage.",
    3: "A fire destroyed a felt warehouse in the town of Ostrabo on Sunday night, the fire service said.",
    4: "Firefighters in Ostrabo fought the warehouse blaze for nine hours and nobody was hurt, officials said.",
    5: "The council of Brindlemoor approved a new tram line linking the harbour with the university campus.",
    6: "Engineers in Brindlemoor expect the tram line to open in three years at a cost of 90 million crowns.",
    7: "A rare marsh orchid was found flowering near Tollvik for the first time in forty years, botanists said.",
    8: "The Tollvik nature reserve will close two trails so the orchid can seed undisturbed this summer.",
}


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def make_article(n: int, story_id: str | None = None, published: str | None = None, **overrides: Any) -> Article:
    """Article `a{n}` with every field set to something other than its default."""
    text = overrides.pop("text", _TEXTS.get(n, f"Filler report number {n} about the weather in Zandria."))
    fields: dict[str, Any] = {
        "id": f"a{n}",
        "source_path": f"/in/report-{n}.txt",
        "content_hash": _hash(f"article {n}: {text}"),
        "text": text,
        "title": f"Report {n}",
        "title_generated": n % 2 == 0,
        "published": published,
        "published_how": "header" if published else None,
        "published_confidence": 0.75 if published else 0.0,
        "outlet": f"Outlet {n % 3}",
        "outlet_how": "metadata",
        "credit": "NTX" if n % 2 else None,
        "dateline": "Qelmar",
        "author": f"Writer {n}",
        "url": f"https://news.example/{n}",
        "removed": [f"Subscribe to report {n}", "Share this"],
        "format": "text",
        "story_id": story_id,
        "seq": n,
    }
    fields.update(overrides)
    return Article(**fields)


def make_facts(article_id: str) -> ArticleFacts:
    """Facts with every record type and every field set."""
    return ArticleFacts(
        article_id=article_id,
        mentions=[
            Mention(article_id, 0, 4, "Anja", "PER", resolved="Anja Krell", method="short_form"),
            Mention(article_id, 10, 25, "Qelmar Port", "ORG"),
        ],
        timexes=[
            TimeExpression(30, 37, "Tuesday", "DATE", "2026-03-03", "relative_to_dct", 0.9, mod="START"),
            TimeExpression(40, 47, "3 hours", "DURATION", "PT3H", "explicit", 1.0),
        ],
        dated=[
            DatedSentence(article_id, "2026-03-03", "relative_to_dct", 0.9, "Tuesday", 30, 37, "Work stopped.", 0, 13)
        ],
        claims=[
            Claim(
                article_id,
                50,
                55,
                "1,200",
                1200.0,
                1300.0,
                "people",
                "about",
                "members voted",
                "member voted",
                "About 1,200 members voted.",
                44,
                70,
                attributed_to="the union",
                as_of="2026-03-03",
                as_of_how="sentence",
                recency="later",
            )
        ],
        quotes=[
            Quote(
                article_id,
                80,
                95,
                "We will not move",
                "direct",
                speaker="Anja Krell",
                via="the union newsletter",
                sentence_start=78,
                sentence_end=97,
                link="q1",
            )
        ],
        error="facts stage failed: test",
    )


def name_key(article_id: str, key: str, surface: str, name: str = "", type_: str = "ORG", mentions: int = 1) -> NameKey:
    return NameKey(article_id, key, surface, surface.casefold(), name or surface, type_, mentions)


def entity(n: int, articles: int, name: str | None = None, aliases: list[str] | None = None) -> EntityRecord:
    return EntityRecord(f"e{n}", name or f"Entity {n}", "ORG", aliases or [], articles, articles * 2)


def put_story(store: Store, story_id: str, articles: list[Article], last: str | None = None, **kw: Any) -> Story:
    """Save the articles (in story `story_id`) and the story record; call inside a transaction."""
    for a in articles:
        a.story_id = story_id
        store.save_article(a)
    dates = sorted(a.published for a in articles if a.published)
    story = Story(
        id=story_id,
        title=kw.get("title", f"Story {story_id}"),
        article_ids=[a.id for a in articles],
        first_published=kw.get("first", dates[0] if dates else None),
        last_published=last if last is not None else (dates[-1] if dates else None),
        independent_reports=kw.get("independent", len(articles)),
    )
    store.save_story(story, kw.get("seq", 1))
    return story


def list_order(stories: list[tuple[str, str | None]]) -> list[str]:
    """Story list order of (id, last_published): newest first, undated last, then by id."""
    by_id = sorted(stories)
    return [sid for sid, _ in sorted(by_id, key=lambda s: s[1] or "", reverse=True)]


def seven_stories(store: Store) -> list[tuple[str, str | None]]:
    """Seven one-article stories with mixed last_published (ties and undated ones)."""
    spec = [
        ("s-c", "2026-03-05"),
        ("s-a", "2026-03-05"),
        ("s-g", None),
        ("s-b", "2026-03-07"),
        ("s-e", "2026-03-01"),
        ("s-d", None),
        ("s-f", "2026-03-07"),
    ]
    with store.transaction():
        for i, (sid, last) in enumerate(spec, start=1):
            put_story(store, sid, [make_article(i, published=last)], seq=i)
    return spec


# -- the suite --------------------------------------------------------------------------------------------------


class StoreConformance:
    """Every test takes `make_store`; subclasses provide it (and `open_missing_store`)."""

    @pytest.fixture
    def make_store(self) -> MakeStore:
        raise NotImplementedError("a conformance subclass must define the make_store fixture")

    @pytest.fixture
    def open_missing_store(self) -> Callable[[], Store]:
        raise NotImplementedError("a conformance subclass must define the open_missing_store fixture")

    @pytest.fixture
    def store(self, make_store: MakeStore) -> Store:
        return make_store()

    # -- lifecycle and migrations ----------------------------------------------------------------------------------
    def test_fresh_store_needs_no_upgrade_and_reopens(self, make_store: MakeStore) -> None:
        with make_store() as first:
            assert first.needs_upgrade() is False
            assert first.readonly is False
            assert isinstance(first.path, str) and first.path
            with first.transaction():
                first.save_article(make_article(1))
            first.close()
        with make_store() as again:
            assert again.needs_upgrade() is False
            assert again.get_article("a1").text == _TEXTS[1]
        with make_store(readonly=True) as reader:
            assert reader.readonly is True
            assert reader.needs_upgrade() is False
            assert reader.stats()["articles"] == 1

    def test_context_manager_returns_the_store(self, make_store: MakeStore) -> None:
        store = make_store()
        with store as entered:
            assert entered is store
            assert entered.stats()["articles"] == 0

    def test_readonly_open_of_missing_store_raises(self, open_missing_store: Callable[[], Store]) -> None:
        with pytest.raises(StoreError):
            open_missing_store()

    # -- meta ------------------------------------------------------------------------------------------------------
    def test_meta_set_get_remove(self, store: Store) -> None:
        assert store.get_meta("conformance_flag") is None
        with store.transaction():
            store.set_meta("conformance_flag", "1")
        assert store.get_meta("conformance_flag") == "1"
        with store.transaction():
            store.set_meta("conformance_flag", "two")
        assert store.get_meta("conformance_flag") == "two"
        with store.transaction():
            store.set_meta("conformance_flag", None)
        assert store.get_meta("conformance_flag") is None
        with store.transaction():
            store.set_meta("never_set", None)  # removing what is absent is fine
        assert store.get_meta("never_set") is None

    # -- documents, rejected inputs, batches -----------------------------------------------------------------------
    def test_documents_and_known_hashes(self, store: Store) -> None:
        raw = RawDocument("/in/one.txt", b"One text \xe2\x80\x94 bytes.", "text", _hash("one"), {"title": "One"})
        other = RawDocument("/in/two.jsonl", b'{"text": "two"}', "jsonl", _hash("two"))
        assert store.known_hashes([raw.content_hash]) == set()
        with store.transaction():
            batch = store.start_batch()
            store.save_document(raw, batch)
            store.save_document(raw, batch)  # idempotent on its hash
            store.save_document(other, batch)
            store.finish_batch(batch, read=3, new=2, duplicates=0, rejected=0)
        assert store.known_hashes([raw.content_hash, other.content_hash, _hash("absent")]) == {
            raw.content_hash,
            other.content_hash,
        }
        assert store.known_hashes(iter([raw.content_hash])) == {raw.content_hash}
        assert store.known_hashes([]) == set()
        assert store.rejected_documents() == []
        with store.transaction():
            later = store.start_batch()
        assert isinstance(batch, int) and isinstance(later, int) and later > batch

    def test_known_hashes_many(self, store: Store) -> None:
        docs = [RawDocument(f"/in/{i}.txt", f"text {i}".encode(), "text", _hash(f"many {i}")) for i in range(1200)]
        with store.transaction():
            batch = store.start_batch()
            for d in docs[::2]:
                store.save_document(d, batch)
        assert store.known_hashes(d.content_hash for d in docs) == {d.content_hash for d in docs[::2]}

    def test_rejected_round_trip_and_counts_as_known(self, store: Store) -> None:
        first = Rejected("/in/binary.bin", "binary file: not text", _hash("bin"), b"\x00\x01\x02")
        second = Rejected("/in/unreadable.txt", "cannot read: permission denied")
        third = Rejected("/in/empty.txt", "empty file: no text", _hash("empty"), b"")
        with store.transaction():
            batch = store.start_batch()
            store.save_rejected(first, batch)
            store.save_rejected(second, batch)
            store.save_rejected(third, batch)
        rows = store.rejected_documents()
        assert [(r["source_path"], r["error"]) for r in rows] == [
            ("/in/binary.bin", "binary file: not text"),
            ("/in/unreadable.txt", "cannot read: permission denied"),
            ("/in/empty.txt", "empty file: no text"),
        ]
        assert rows[0]["size"] == 3
        assert all(set(r) >= {"source_path", "error", "size", "ingested_at"} for r in rows)
        assert all(r["ingested_at"] for r in rows)
        assert store.known_hashes([first.content_hash, third.content_hash]) == {first.content_hash, third.content_hash}
        assert store.stats()["rejected"] == 3
        assert store.stats()["articles"] == 0

    def test_next_seq(self, store: Store) -> None:
        assert store.next_seq() == 1
        with store.transaction():
            store.save_article(make_article(3))
            store.save_article(make_article(7))
        assert store.next_seq() == 8

    # -- articles --------------------------------------------------------------------------------------------------
    def test_article_round_trip_every_field(self, store: Store) -> None:
        a = make_article(1, story_id="s1", published="2026-03-03")
        b = make_article(
            2,
            title_generated=True,
            published=None,
            published_how=None,
            published_confidence=0.0,
            outlet=None,
            outlet_how=None,
            credit=None,
            dateline=None,
            author=None,
            url=None,
            removed=[],
            format="html",
            story_id=None,
        )
        c = make_article(3, removed=["Ünïcode — furniture «line»"], published_confidence=0.3125, format="jsonl")
        with store.transaction():
            for x in (a, b, c):
                store.save_article(x)
        assert store.get_article("a1") == a
        assert store.get_article("a2") == b
        assert store.get_article("a3") == c
        got = store.get_article("a2")
        assert got.title_generated is True and store.get_article("a1").title_generated is False
        assert isinstance(got.published_confidence, float)
        assert sorted(store.articles_by_ids(["a3", "a1", "nope"]), key=lambda x: x.id) == [a, c]
        assert store.articles_by_ids([]) == []
        assert store.article_story("a1") == "s1"
        assert store.article_story("a2") is None
        assert store.article_story("unknown") is None
        assert store.article_stories() == {"a1": "s1", "a2": None, "a3": None}
        assert list(store.iter_articles()) == [a, b, c]

    def test_unknown_article_and_story_raise_not_found(self, store: Store) -> None:
        with pytest.raises(NotFoundError):
            store.get_article("no-such-article")
        with pytest.raises(NotFoundError):
            store.get_story("no-such-story")
        assert store.has_story("no-such-story") is False

    def test_story_articles_orders_limits_and_text(self, store: Store) -> None:
        arts = [make_article(n, published=f"2026-03-0{n}") for n in (1, 2, 3, 4)]
        with store.transaction():
            put_story(store, "s1", arts[:3])
            put_story(store, "s2", arts[3:])
        assert store.story_articles("s1") == arts[:3]
        assert [a.id for a in store.story_articles("s1", newest_first=True)] == ["a3", "a2", "a1"]
        assert [a.id for a in store.story_articles("s1", limit=2)] == ["a1", "a2"]
        assert [a.id for a in store.story_articles("s1", limit=2, newest_first=True)] == ["a3", "a2"]
        bare = store.story_articles("s1", with_text=False)
        assert [a.id for a in bare] == ["a1", "a2", "a3"]
        for got, want in zip(bare, arts[:3], strict=True):
            assert not got.text
            assert not got.removed
            assert (got.title, got.published, got.outlet, got.seq, got.story_id, got.content_hash) == (
                want.title,
                want.published,
                want.outlet,
                want.seq,
                want.story_id,
                want.content_hash,
            )
        assert store.story_articles("unknown") == []
        assert [a.id for a in store.iter_articles("s1")] == ["a1", "a2", "a3"]
        assert [a.id for a in store.iter_articles("s2")] == ["a4"]
        assert next(iter(store.iter_articles("s1"))).text == _TEXTS[1]

    def test_set_published(self, store: Store) -> None:
        with store.transaction():
            store.save_article(make_article(1))
        with store.transaction():
            store.set_published("a1", "2026-02-28", "inferred", 0.4)
        got = store.get_article("a1")
        assert (got.published, got.published_how, got.published_confidence) == ("2026-02-28", "inferred", 0.4)
        with store.transaction():
            store.set_published("a1", None, None, 0.0)
        got = store.get_article("a1")
        assert (got.published, got.published_how, got.published_confidence) == (None, None, 0.0)

    # -- full-text search ------------------------------------------------------------------------------------------
    def test_search_and_search_stories(self, store: Store) -> None:
        with store.transaction():
            put_story(store, "s-port", [make_article(1), make_article(2)])
            put_story(store, "s-fire", [make_article(3), make_article(4)])
            put_story(store, "s-tram", [make_article(5)])
        hits = store.search("Qelmar")
        assert {h["id"] for h in hits} == {"a1", "a2"}
        for h in hits:
            assert set(h) >= {"id", "title", "story_id", "snippet"}
            assert h["story_id"] == "s-port"
            assert h["title"] == f"Report {h['id'][1:]}"
        assert [h["id"] for h in store.search("warehouse blaze")] == ["a4"]  # bare words are ANDed
        assert len(store.search("said", limit=2)) == 2
        assert store.search("zzyzzx") == []
        assert store.search_stories("warehouse") == ["s-fire"]
        assert set(store.search_stories("said")) == {"s-port", "s-fire"}
        assert len(store.search_stories("said", limit=1)) == 1
        assert store.search_stories("zzyzzx") == []
        assert [h["id"] for h in store.search("Report")] != []  # titles are searched too

    def test_bad_fts_syntax_does_not_raise(self, store: Store) -> None:
        with store.transaction():
            put_story(store, "s-port", [make_article(1)])
        for query in ('"unbalanced', "AND", "Qelmar AND", "(", "*", '"', "NEAR(", "port:"):
            assert isinstance(store.search(query), list)
            assert isinstance(store.search_stories(query), list)
            assert isinstance(store.story_rows(query=query), list)
        assert [h["id"] for h in store.search('"Qelmar')] == ["a1"]

    # -- facts and names -------------------------------------------------------------------------------------------
    def test_facts_round_trip(self, store: Store) -> None:
        with store.transaction():
            store.replace_entities([], {}, {})  # clears `entities_stale`, which save_facts sets again
        assert store.get_meta("entities_stale") is None
        with store.transaction():
            store.save_article(make_article(2))
            store.save_article(make_article(1))
            store.save_article(make_article(3))
            store.save_facts(make_facts("a2"), [name_key("a2", "qelmar port", "Qelmar Port")])
            store.save_facts(make_facts("a1"), [])
            store.save_facts(ArticleFacts("a3"), [])
        assert store.facts_of(["a1", "a2", "a3", "nope"]) == {
            "a1": make_facts("a1"),
            "a2": make_facts("a2"),
            "a3": ArticleFacts("a3"),
        }
        assert store.facts_of([]) == {}
        assert [f.article_id for f in store.all_facts()] == ["a1", "a2", "a3"]  # arrival order (seq)
        assert next(iter(store.all_facts())) == make_facts("a1")
        assert store.get_meta("entities_stale")
        changed = make_facts("a1")
        changed.claims = []
        changed.error = None
        with store.transaction():
            store.save_facts(changed, [])
        assert store.facts_of(["a1"])["a1"] == changed

    def test_facts_absent_without_facts_stage(self, store: Store) -> None:
        with store.transaction():
            store.save_article(make_article(1))
        assert store.facts_of(["a1"]) == {}
        assert list(store.all_facts()) == []

    def test_name_index_drives_entity_filter(self, store: Store) -> None:
        with store.transaction():
            put_story(store, "s-port", [make_article(1)], last="2026-03-02")
            put_story(store, "s-fire", [make_article(3)], last="2026-03-01")
            put_story(store, "s-tram", [make_article(5)], last="2026-03-03")
            store.save_facts(ArticleFacts("a1"), [name_key("a1", "qelmar port authority", "Port Authority")])
            store.save_facts(ArticleFacts("a3"), [name_key("a3", "ostrabo fire service", "Fire Service")])

        def ids(f: EntityFilter) -> list[str]:
            return [r["id"] for r in store.story_rows(entity=f)]

        assert ids(EntityFilter(("qelmar port authority",), "nothing")) == ["s-port"]
        assert ids(EntityFilter(("nope",), "fire service")) == ["s-fire"]
        assert ids(EntityFilter(("qelmar port authority", "ostrabo fire service"), "x")) == ["s-port", "s-fire"]
        assert ids(EntityFilter((), "nothing")) == []
        with store.transaction():
            store.replace_names("a1", [name_key("a1", "qelmar dockers", "Dockers")])
        assert ids(EntityFilter(("qelmar port authority",), "port authority")) == []
        assert ids(EntityFilter(("qelmar dockers",), "x")) == ["s-port"]
        with store.transaction():
            store.replace_names("a1", [])
        assert ids(EntityFilter(("qelmar dockers",), "dockers")) == []
        # Store-wide entity ids match through the mentions' entities.
        with store.transaction():
            store.replace_entities([entity(1, 1)], {("a5", 0): "e1"}, {})
        assert ids(EntityFilter((), "nothing", ("e1",))) == ["s-tram"]
        assert ids(EntityFilter(("ostrabo fire service",), "nothing", ("e1",))) == ["s-tram", "s-fire"]

    # -- relations -------------------------------------------------------------------------------------------------
    def test_relations(self, store: Store) -> None:
        with store.transaction():
            store.save_relation(Relation("duplicate", "a1", "a2", 1.0))
            store.save_relation(Relation("near_duplicate", "a1", "a3", 0.91))
            store.save_relation(Relation("rewrite", "a4", "a5", 0.6))
        assert store.count_relations() == {"duplicate": 1, "near_duplicate": 1, "rewrite": 1}

        def key(r: Relation) -> tuple[str, str]:
            return r.a, r.b

        assert sorted(store.relations_among(["a1"]), key=key) == [
            Relation("duplicate", "a1", "a2", 1.0),
            Relation("near_duplicate", "a1", "a3", 0.91),
        ]
        assert store.relations_among(["a5"]) == [Relation("rewrite", "a4", "a5", 0.6)]
        assert store.relations_among(["a3", "a4"]) != []
        assert len(store.relations_among(["a2", "a3", "a5"])) == 3
        assert store.relations_among(["zz"]) == []
        assert store.relations_among([]) == []
        with store.transaction():
            store.save_relation(Relation("rewrite", "a1", "a2", 0.55))  # same (a, b): replaced
        assert store.count_relations() == {"rewrite": 2, "near_duplicate": 1}
        assert [r for r in store.relations_among(["a2"])] == [Relation("rewrite", "a1", "a2", 0.55)]
        assert store.stats()["relations"] == 3

    # -- stories ---------------------------------------------------------------------------------------------------
    def test_story_round_trip(self, store: Store) -> None:
        arts = [make_article(1, published="2026-03-02"), make_article(2, published="2026-03-04"), make_article(3)]
        with store.transaction():
            saved = put_story(store, "s1", arts, title="Qelmar dock strike", independent=2, seq=5)
            put_story(store, "s2", [make_article(4, published="2026-03-09")], seq=6)
        assert store.has_story("s1") and store.has_story("s2")
        assert store.get_story("s1") == saved
        got = store.get_story("s1")
        assert (got.title, got.first_published, got.last_published, got.independent_reports) == (
            "Qelmar dock strike",
            "2026-03-02",
            "2026-03-04",
            2,
        )
        assert got.article_ids == ["a1", "a2", "a3"]
        assert store.story_ids() == ["s2", "s1"]
        listed = store.list_stories()
        assert [s.id for s in listed] == ["s1", "s2"]  # largest first
        assert listed[0] == saved
        assert [s.id for s in store.list_stories(limit=1)] == ["s1"]
        assert [s.id for s in store.list_stories(limit=1, offset=1)] == ["s2"]
        assert store.story_article_ids(["s1", "s2", "nope"]) == {"s1": ["a1", "a2", "a3"], "s2": ["a4"]}
        assert store.story_article_ids([]) == {}
        titles = store.story_titles(["s1", "nope"])
        assert list(titles) == ["s1"]
        assert {k: titles["s1"][k] for k in ("id", "title", "size", "first_published", "last_published")} == {
            "id": "s1",
            "title": "Qelmar dock strike",
            "size": 3,
            "first_published": "2026-03-02",
            "last_published": "2026-03-04",
        }
        assert store.story_versions(["s1", "s2", "nope"]) == {"s1": 5, "s2": 6}
        assert store.story_version() == 6
        assert store.stats()["stories"] == 2

    def test_save_story_replaces(self, store: Store) -> None:
        with store.transaction():
            put_story(store, "s1", [make_article(1)], seq=1)
        with store.transaction():
            store.save_story(Story("s1", "New title", ["a1"], "2026-01-01", "2026-01-02", 1), 9)
        got = store.get_story("s1")
        assert (got.title, got.first_published, got.last_published, got.independent_reports) == (
            "New title",
            "2026-01-01",
            "2026-01-02",
            1,
        )
        assert store.story_versions(["s1"]) == {"s1": 9}
        assert store.stats()["stories"] == 1

    def test_relabel_story(self, store: Store) -> None:
        with store.transaction():
            put_story(store, "s-old", [make_article(1), make_article(3)], seq=1)
            put_story(store, "s-new", [make_article(2)], seq=2)
            store.save_story_outlets("s-old", ["Outlet 1"])
        with store.transaction():
            store.relabel_story("s-old", "s-new")
        assert not store.has_story("s-old")
        assert store.article_story("a1") == "s-new"
        assert store.get_story("s-new").article_ids == ["a1", "a2", "a3"]
        assert store.story_ids() == ["s-new"]
        assert "s-old" not in store.stale_story_meta()
        assert "s-old" not in {r["id"] for r in store.story_rows()}

    def test_touch_stories(self, store: Store) -> None:
        with store.transaction():
            put_story(store, "s1", [make_article(1)], seq=3)
            put_story(store, "s2", [make_article(2)], seq=4)
        before = store.get_story("s1")
        with store.transaction():
            store.touch_stories(["s1"], 10)
        assert store.story_versions(["s1", "s2"]) == {"s1": 10, "s2": 4}
        assert store.story_version() == 10
        assert store.get_story("s1") == before

    def test_data_version_grows(self, store: Store) -> None:
        v0 = store.data_version()
        with store.transaction():
            store.save_rejected(Rejected("/in/x.bin", "binary file", _hash("x")), store.start_batch())
        v1 = store.data_version()
        assert v1 > v0
        with store.transaction():
            put_story(store, "s1", [make_article(1)], seq=7)
        v2 = store.data_version()
        assert v2 > v1
        assert all(isinstance(x, int) for x in v2)

    # -- story meta and story_rows filters -------------------------------------------------------------------------
    def test_story_meta_outlets_conflicts_stale(self, store: Store) -> None:
        with store.transaction():
            put_story(store, "s1", [make_article(1)], last="2026-03-02")
            put_story(store, "s2", [make_article(2)], last="2026-03-04")
            put_story(store, "s3", [make_article(3)], last="2026-03-03")
        assert set(store.stale_story_meta()) == {"s1", "s2", "s3"}  # never computed
        with store.transaction():
            store.save_story_outlets("s1", ["Harbour Herald", "Tollvik Times"])
            store.save_story_outlets("s2", ["Harbour Herald"])
            store.save_story_outlets("s3", [])
        assert set(store.stale_story_meta()) == {"s1", "s2", "s3"}
        conflicts = [{"about": "member voted", "kind": "contradiction"}, {"about": "date", "kind": "revision"}]
        with store.transaction():
            store.save_story_conflicts("s1", conflicts, keep=1)
            store.save_story_conflicts("s2", [], keep=5)
        assert store.stale_story_meta() == ["s3"]
        with store.transaction():
            store.save_story_outlets("s1", ["Harbour Herald"])  # membership changed: stale again
        assert set(store.stale_story_meta()) == {"s1", "s3"}
        with store.transaction():
            store.save_story_conflicts("s1", conflicts, keep=1)
        rows = {r["id"]: r for r in store.story_rows()}
        assert rows["s1"]["outlets"] == ["Harbour Herald"]
        assert rows["s2"]["outlets"] == ["Harbour Herald"]
        assert rows["s1"]["disputed"] is True
        assert not rows["s2"]["disputed"]
        assert not rows["s3"]["disputed"]
        disputed = store.disputed_stories(None, 10)
        assert [d["id"] for d in disputed] == ["s1"]
        assert disputed[0]["conflicts"] == conflicts[:1]
        assert disputed[0]["total"] == 2
        assert disputed[0]["title"] == "Story s1"
        assert disputed[0]["last_published"] == "2026-03-02"

    def test_disputed_stories_paging(self, store: Store) -> None:
        spec = seven_stories(store)
        disputed_ids = {"s-a", "s-b", "s-d", "s-e", "s-f", "s-g"}
        with store.transaction():
            for sid, _ in spec:
                store.save_story_outlets(sid, [])
                store.save_story_conflicts(sid, [{"about": sid}] if sid in disputed_ids else [], keep=3)
        order = [sid for sid in list_order(spec) if sid in disputed_ids]
        last = dict(spec)
        seen: list[str] = []
        after: tuple[str, str] | None = None
        while True:
            page = store.disputed_stories(after, 2)
            if not page:
                break
            seen += [d["id"] for d in page]
            after = (page[-1]["last_published"] or "", page[-1]["id"])
        assert seen == order
        pos = (last[order[2]] or "", order[2])
        assert [d["id"] for d in store.disputed_stories(pos, 2)] == order[3:5]
        assert [d["id"] for d in store.disputed_stories(pos, 2, inclusive=True)] == order[2:4]
        assert store.disputed_stories(None, 3)[0]["conflicts"] == [{"about": order[0]}]

    def test_story_rows_filters(self, store: Store) -> None:
        with store.transaction():
            put_story(
                store,
                "s-port",
                [make_article(1, published="2026-03-01"), make_article(2, published="2026-03-05")],
            )
            put_story(store, "s-fire", [make_article(3, published="2026-03-10")])
            put_story(store, "s-tram", [make_article(5)])  # undated
            store.save_story_outlets("s-port", ["Harbour Herald", "Tollvik Times"])
            store.save_story_outlets("s-fire", ["Ostrabo Post"])
            store.save_story_conflicts("s-port", [{"about": "x"}], keep=1)
            store.save_story_conflicts("s-fire", [], keep=1)

        def ids(**kw: Any) -> list[str]:
            return [r["id"] for r in store.story_rows(**kw)]

        assert ids() == ["s-fire", "s-port", "s-tram"]
        row = store.story_rows(ids=["s-port"])[0]
        assert row["id"] == "s-port"
        assert row["title"] == "Story s-port"
        assert row["size"] == 2
        assert row["article_ids"] == ["a1", "a2"]
        assert (row["first_published"], row["last_published"]) == ("2026-03-01", "2026-03-05")
        assert row["independent_reports"] == 2
        assert row["outlets"] == ["Harbour Herald", "Tollvik Times"]
        assert "article_ids" not in store.story_rows(ids=["s-port"], with_article_ids=False)[0]
        # Dates: the story's dated span overlaps the range.
        assert ids(date_from="2026-03-04") == ["s-fire", "s-port"]
        assert ids(date_from="2026-03-06") == ["s-fire"]
        assert ids(date_to="2026-03-01") == ["s-port"]
        assert ids(date_to="2026-02-28") == []
        assert ids(date_from="2026-03-02", date_to="2026-03-03") == ["s-port"]
        assert ids(date_from="2026-03-06", date_to="2026-03-09") == []
        # Outlets, case-insensitive.
        assert ids(outlet="harbour herald") == ["s-port"]
        assert ids(outlet="Ostrabo Post") == ["s-fire"]
        assert ids(outlet="Harbour") == []
        # Disputed; never computed counts as not disputed.
        assert ids(disputed=True) == ["s-port"]
        assert ids(disputed=False) == ["s-fire", "s-tram"]
        # Full text.
        assert ids(query="Qelmar") == ["s-port"]
        assert ids(query="tram") == ["s-tram"]
        assert ids(query="zzyzzx") == []
        # Ids, and combinations.
        assert ids(ids=["s-tram", "s-fire"]) == ["s-fire", "s-tram"]
        assert ids(ids=[]) == []
        assert ids(ids=["s-port", "s-fire"], outlet="ostrabo post") == ["s-fire"]
        assert ids(query="said", disputed=False) == ["s-fire"]
        assert ids(limit=1) == ["s-fire"]

    def test_story_rows_keyset_paging(self, store: Store) -> None:
        spec = seven_stories(store)
        order = list_order(spec)
        assert order[:2] == ["s-b", "s-f"] and order[-2:] == ["s-d", "s-g"]
        assert store.story_ids() == order
        assert [r["id"] for r in store.story_rows(limit=50)] == order
        for size in (1, 2, 3, 7):
            seen: list[str] = []
            after: tuple[str, str] | None = None
            for _ in range(20):
                page = store.story_rows(after=after, limit=size)
                if not page:
                    break
                assert len(page) <= size
                seen += [r["id"] for r in page]
                after = (page[-1]["last_published"] or "", page[-1]["id"])
            assert seen == order, size

    # -- store-wide entities ---------------------------------------------------------------------------------------
    def _entities_fixture(self, store: Store) -> None:
        with store.transaction():
            put_story(store, "s-old", [make_article(1)], last="2026-03-01")
            put_story(store, "s-new", [make_article(2), make_article(3)], last="2026-03-09")
            put_story(store, "s-mid", [make_article(4)], last="2026-03-05")
            store.save_facts(ArticleFacts("a1"), [])
            assert store.get_meta("entities_stale")
            store.replace_entities(
                [
                    entity(1, 3, "Qelmar Port Authority", ["QPA", "the port authority"]),
                    entity(2, 1, "Anja Krell", ["Krell"]),
                    entity(3, 1, "Ostrabo"),
                ],
                {("a1", 0): "e1", ("a2", 40): "e1", ("a2", 10): "e1", ("a3", 5): "e2", ("a4", 0): "e1"},
                {"e9": "e1", "e8": "e404"},
            )

    def test_entities_round_trip(self, store: Store) -> None:
        self._entities_fixture(store)
        assert store.get_meta("entities_stale") is None
        assert store.stats()["entities"] == 3
        records = store.entity_records(["e1", "e2", "zz"])
        assert records == {
            "e1": EntityRecord("e1", "Qelmar Port Authority", "ORG", ["QPA", "the port authority"], 3, 6),
            "e2": EntityRecord("e2", "Anja Krell", "ORG", ["Krell"], 1, 2),
        }
        assert store.entity_records([]) == {}
        assert store.get_entity("e2") == records["e2"]
        assert store.get_entity("e9") == records["e1"]  # absorbed id resolves to its survivor
        with pytest.raises(NotFoundError):
            store.get_entity("nope")
        with pytest.raises(NotFoundError):
            store.get_entity("e8")  # redirects to nothing
        assert store.entity_redirects() == {"e9": "e1", "e8": "e404"}
        assert store.mention_entities() == {
            ("a1", 0): "e1",
            ("a2", 40): "e1",
            ("a2", 10): "e1",
            ("a3", 5): "e2",
            ("a4", 0): "e1",
        }
        assert store.mention_entities(["a2", "zz"]) == {("a2", 40): "e1", ("a2", 10): "e1"}
        assert store.mention_entities([]) == {}
        assert store.entity_mentions_of("e1") == [("a1", 0), ("a2", 10), ("a2", 40), ("a4", 0)]
        assert store.entity_mentions_of("e3") == []
        assert store.entity_story_ids(["e1", "e2", "e3"]) == {"e1": ["s-new", "s-mid", "s-old"], "e2": ["s-new"]}
        assert store.entity_story_ids(["e1"], limit=2) == {"e1": ["s-new", "s-mid"]}

    def test_replace_entities_replaces_everything(self, store: Store) -> None:
        self._entities_fixture(store)
        with store.transaction():
            store.replace_entities([entity(5, 2, "Brindlemoor")], {("a4", 3): "e5"}, {"e1": "e5"})
        assert store.stats()["entities"] == 1
        assert store.entity_records(["e1", "e2", "e5"]) == {"e5": EntityRecord("e5", "Brindlemoor", "ORG", [], 2, 4)}
        assert store.mention_entities() == {("a4", 3): "e5"}
        assert store.entity_redirects() == {"e1": "e5"}
        assert store.get_entity("e1").id == "e5"
        with pytest.raises(NotFoundError):
            store.get_entity("e9")

    def test_list_entities_query(self, store: Store) -> None:
        self._entities_fixture(store)
        assert [e.id for e in store.list_entities()] == ["e1", "e2", "e3"]
        assert store.list_entities()[0] == store.get_entity("e1")
        assert [e.id for e in store.list_entities("krell")] == ["e2"]  # an alias, case-insensitive
        assert [e.id for e in store.list_entities("PORT auth")] == ["e1"]
        assert [e.id for e in store.list_entities("qpa")] == ["e1"]
        assert [e.id for e in store.list_entities("ostra")] == ["e3"]
        assert store.list_entities("100%") == []  # LIKE wildcards are literal
        assert store.list_entities("_") == []
        assert [e.id for e in store.list_entities(limit=2)] == ["e1", "e2"]

    def test_list_entities_keyset_paging(self, store: Store) -> None:
        records = [entity(n, articles) for n, articles in ((1, 5), (2, 2), (3, 5), (4, 0), (5, 2), (6, 9), (7, 2))]
        with store.transaction():
            store.replace_entities(records, {}, {})
        order = [e.id for e in sorted(sorted(records, key=lambda e: e.id), key=lambda e: -e.articles)]
        assert order == ["e6", "e1", "e3", "e2", "e5", "e7", "e4"]
        assert [e.id for e in store.list_entities()] == order
        for size in (1, 2, 3):
            seen: list[str] = []
            after: tuple[int, str] | None = None
            for _ in range(20):
                page = store.list_entities(after=after, limit=size)
                if not page:
                    break
                seen += [e.id for e in page]
                after = (page[-1].articles, page[-1].id)
            assert seen == order, size

    # -- furniture and stats ---------------------------------------------------------------------------------------
    def test_furniture_counts_add_up(self, store: Store) -> None:
        assert store.furniture_counts("outlet:herald", ["k1"]).get("k1", 0) == 0
        with store.transaction():
            store.add_furniture_counts("outlet:herald", {"k1": 2, "k2": 1})
            store.add_furniture_counts("outlet:post", {"k1": 7})
        with store.transaction():
            store.add_furniture_counts("outlet:herald", {"k1": 3, "k3": 1})
        got = store.furniture_counts("outlet:herald", iter(["k1", "k2", "k3", "k4", "k1"]))
        assert {k: got.get(k, 0) for k in ("k1", "k2", "k3", "k4")} == {"k1": 5, "k2": 1, "k3": 1, "k4": 0}
        assert store.furniture_counts("outlet:post", ["k1", "k2"]).get("k1") == 7
        assert store.furniture_counts("outlet:post", ["k2"]).get("k2", 0) == 0
        assert store.furniture_counts("outlet:herald", []) == {}

    def test_stats(self, store: Store) -> None:
        empty = store.stats()
        assert {k: empty[k] for k in ("articles", "stories", "rejected", "relations", "entities")} == dict.fromkeys(
            ("articles", "stories", "rejected", "relations", "entities"), 0
        )
        with store.transaction():
            put_story(store, "s1", [make_article(1), make_article(2)])
            store.save_article(make_article(3))
            store.save_relation(Relation("duplicate", "a1", "a2", 1.0))
            store.save_rejected(Rejected("/in/x", "broken", _hash("x")), store.start_batch())
            store.replace_entities([entity(1, 1)], {}, {})
        full = store.stats()
        assert {k: full[k] for k in ("articles", "stories", "rejected", "relations", "entities")} == {
            "articles": 3,
            "stories": 1,
            "rejected": 1,
            "relations": 1,
            "entities": 1,
        }

    # -- transactions ----------------------------------------------------------------------------------------------
    def test_transaction_commits_everything(self, make_store: MakeStore) -> None:
        store = make_store()
        with store.transaction():
            batch = store.start_batch()
            store.save_document(RawDocument("/in/1.txt", b"one", "text", _hash("d1")), batch)
            put_story(store, "s1", [make_article(1)])
            store.save_facts(make_facts("a1"), [name_key("a1", "qelmar", "Qelmar")])
            store.save_relation(Relation("duplicate", "a1", "a2", 1.0))
            store.set_meta("conformance", "yes")
            store.add_furniture_counts("g", {"line": 1})
            store.finish_batch(batch, 1, 1, 0, 0)
        other = make_store()
        assert other.get_article("a1") == make_article(1, story_id="s1")
        assert other.get_story("s1").article_ids == ["a1"]
        assert other.known_hashes([_hash("d1")]) == {_hash("d1")}
        assert other.facts_of(["a1"]) == {"a1": make_facts("a1")}
        assert other.count_relations() == {"duplicate": 1}
        assert other.get_meta("conformance") == "yes"
        assert other.furniture_counts("g", ["line"]) == {"line": 1}
        assert other.search("Qelmar")[0]["id"] == "a1"

    def test_savepoint_undoes_one_documents_writes_and_keeps_the_rest(self, make_store: MakeStore) -> None:
        store = make_store()

        class Boom(Exception):
            pass

        with store.transaction():
            batch = store.start_batch()
            with store.savepoint():
                store.save_document(RawDocument("/in/1.txt", b"one", "text", _hash("d1")), batch)
                put_story(store, "s1", [make_article(1)], seq=1)
            with pytest.raises(Boom), store.savepoint():
                store.save_document(RawDocument("/in/2.txt", b"two", "text", _hash("d2")), batch)
                store.save_article(make_article(2, story_id="s1"))
                store.save_relation(Relation("duplicate", "a1", "a2", 1.0))
                raise Boom
            store.save_rejected(Rejected("/in/2.txt", "placement stage failed: Boom", _hash("d2")), batch)
        again = make_store()
        assert again.known_hashes([_hash("d1"), _hash("d2")]) == {_hash("d1"), _hash("d2")}
        assert [r["source_path"] for r in again.rejected_documents()] == ["/in/2.txt"]
        assert again.get_article("a1").story_id == "s1"
        with pytest.raises(NotFoundError):
            again.get_article("a2")
        assert again.count_relations() == {}

    def test_merged_story_ids_redirect_to_the_survivor_through_every_merge(self, make_store: MakeStore) -> None:
        store = make_store()
        with store.transaction():
            put_story(store, "s1", [make_article(1)], seq=1)
            put_story(store, "s2", [make_article(2)], seq=2)
            put_story(store, "s3", [make_article(3)], seq=3)
            store.relabel_story("s1", "s2")
            store.relabel_story("s2", "s3")
        again = make_store()
        assert again.story_redirect("s1") == "s3"
        assert again.story_redirect("s2") == "s3"
        assert again.story_redirect("s3") is None
        assert again.story_redirect("nope") is None
        assert not again.has_story("s1") and again.has_story("s3")

    def test_time_limit_aborts_a_query_past_it_and_lets_a_quick_one_through(self, make_store: MakeStore) -> None:
        store = make_store()
        with store.transaction():
            for n in range(1, 40):
                put_story(store, f"s{n}", [make_article(n)], seq=n)
        with store.time_limit(5.0):
            assert store.stats()["articles"] == 39
        # Searches past a budget too small for any: what the time limit exists for. (A store that checks its clock
        # every so many steps is told to check at every step: the test's store is too small to be slow.)
        if hasattr(store, "progress_steps"):
            store.progress_steps = 1
        started = time.monotonic()
        with pytest.raises(TimeoutError), store.time_limit(1e-9):
            for _ in range(10_000):
                store.search("qelmar OR harbour OR ferry OR council", 50)
        assert time.monotonic() - started < 5.0
        assert store.stats()["articles"] == 39  # the store answers normally afterwards

    def test_savepoint_outside_a_transaction_is_refused(self, store: Store) -> None:
        with pytest.raises(StoreError), store.savepoint():
            pass

    def test_transaction_rolls_back_everything_and_reraises(self, make_store: MakeStore) -> None:
        store = make_store()
        with store.transaction():
            put_story(store, "s0", [make_article(8)], seq=1)
            store.set_meta("kept", "1")
        before = store.stats()
        version = store.story_version()
        stale = store.get_meta("entities_stale")

        class Boom(Exception):
            pass

        with pytest.raises(Boom), store.transaction():
            batch = store.start_batch()
            store.save_document(RawDocument("/in/1.txt", b"one", "text", _hash("d1")), batch)
            store.save_rejected(Rejected("/in/2.bin", "binary", _hash("d2")), batch)
            put_story(store, "s1", [make_article(1), make_article(2)], seq=50)
            store.set_published("a8", "2020-01-01", "inferred", 0.1)
            store.save_facts(make_facts("a1"), [name_key("a1", "qelmar", "Qelmar")])
            store.save_relation(Relation("duplicate", "a1", "a2", 1.0))
            store.save_story_outlets("s0", ["Harbour Herald"])
            store.touch_stories(["s0"], 99)
            store.relabel_story("s0", "s1")
            store.set_meta("kept", None)
            store.set_meta("lost", "1")
            store.add_furniture_counts("g", {"line": 4})
            store.replace_entities([entity(1, 1)], {("a1", 0): "e1"}, {"e2": "e1"})
            assert store.stats()["articles"] == 3  # visible inside the transaction itself
            raise Boom
        for view in (store, make_store()):
            assert view.stats() == before
            assert view.story_version() == version
            assert view.known_hashes([_hash("d1"), _hash("d2")]) == set()
            assert view.rejected_documents() == []
            assert view.has_story("s0") and not view.has_story("s1")
            assert view.article_story("a8") == "s0"
            assert view.get_article("a8").published is None
            with pytest.raises(NotFoundError):
                view.get_article("a1")
            assert view.facts_of(["a1"]) == {}
            assert view.count_relations() == {}
            assert view.get_meta("kept") == "1"
            assert view.get_meta("lost") is None
            assert view.get_meta("entities_stale") == stale
            assert view.furniture_counts("g", ["line"]).get("line", 0) == 0
            assert view.entity_redirects() == {}
            assert view.mention_entities() == {}
            assert view.search("Qelmar") == []
            assert view.story_rows(entity=EntityFilter(("qelmar",), "qelmar")) == []
            assert set(view.stale_story_meta()) == {"s0"}
        # The store is usable after the rollback.
        with store.transaction():
            store.save_article(make_article(1))
        assert store.stats()["articles"] == 2

    # -- concurrent readers ----------------------------------------------------------------------------------------
    def test_reader_does_not_see_uncommitted_writes(self, make_store: MakeStore) -> None:
        writer = make_store()
        with writer.transaction():
            put_story(writer, "s1", [make_article(1)], seq=1)
        reader = make_store(readonly=True)
        assert reader.stats()["articles"] == 1
        with writer.transaction():
            writer.save_article(make_article(2, story_id="s1"))
            writer.save_story(Story("s1", "Grown", ["a1", "a2"]), 2)
            writer.set_meta("in_flight", "1")
            # Not committed yet: the reader sees the store as it was, and does not fail.
            with pytest.raises(NotFoundError):
                reader.get_article("a2")
            assert reader.stats()["articles"] == 1
            assert reader.get_story("s1").title == "Story s1"
            assert reader.get_story("s1").article_ids == ["a1"]
            assert reader.get_meta("in_flight") is None
            assert reader.search("Qelmar port authority") == []
            assert reader.story_version() == 1
        # Committed: a new read sees it.
        assert reader.get_article("a2") == make_article(2, story_id="s1")
        assert reader.get_story("s1").article_ids == ["a1", "a2"]
        assert reader.stats()["articles"] == 2
        assert reader.get_meta("in_flight") == "1"
        assert reader.story_version() == 2

    def test_snapshot_reads_agree_while_a_write_commits(self, make_store: MakeStore) -> None:
        writer = make_store()
        with writer.transaction():
            put_story(writer, "s1", [make_article(1)], seq=1)
        reader = make_store(readonly=True)
        with reader.snapshot():
            first = (reader.stats(), reader.story_ids(), reader.story_version())
            with writer.transaction():
                put_story(writer, "s2", [make_article(2)], seq=2)
            second = (reader.stats(), reader.story_ids(), reader.story_version())
            assert first == second
            with pytest.raises(NotFoundError):
                reader.get_story("s2")
        assert reader.has_story("s2")
        assert reader.stats()["articles"] == 2

    def test_snapshot_inside_transaction_reads_own_writes(self, store: Store) -> None:
        with store.transaction():
            store.save_article(make_article(1))
            with store.snapshot():
                assert store.get_article("a1").id == "a1"
        assert store.stats()["articles"] == 1

    # -- the indexes' persisted state ------------------------------------------------------------------------------
    def test_dup_state_rolls_back_with_the_transaction(self, make_store: MakeStore) -> None:
        store = make_store()
        fp = fingerprint_text(_TEXTS[1], "Report 1")

        with pytest.raises(RuntimeError), store.transaction():
            index = DuplicateIndex(store.dup_state())
            index.add("a1", fp)
            assert index.state.count() == 1
            assert [m.other_id for m in index.find("a2", fp)] == ["a1"]
            raise RuntimeError("roll back")
        again = DuplicateIndex(store.dup_state())
        assert again.state.count() == 0
        assert not again.state.contains("a1")
        assert again.find("a2", fp) == []
        assert again.state.get_meta() == {}

        with store.transaction():
            DuplicateIndex(store.dup_state()).add("a1", fp)
        other = DuplicateIndex(make_store().dup_state())
        assert other.state.count() == 1
        found = other.find("a2", fp)
        assert [(m.other_id, m.type, m.score) for m in found] == [("a1", "duplicate", 1.0)]

    def test_story_state_rolls_back_with_the_transaction(self, make_store: MakeStore) -> None:
        store = make_store()
        article = make_article(1, published="2026-03-03")

        with pytest.raises(RuntimeError), store.transaction():
            index = StoryIndex(store.story_state())
            placed = index.assign(article)
            assert placed.created
            assert index.state.get_story(placed.story_id) is not None
            raise RuntimeError("roll back")
        state = store.story_state()
        assert state.get_story(placed.story_id) is None
        assert state.doc_count() == 0

        with store.transaction():
            first = StoryIndex(store.story_state()).assign(article)
        assert first.story_id == placed.story_id
        other = make_store()
        record = other.story_state().get_story(first.story_id)
        assert record is not None and record.size == 1
        assert other.story_state().doc_count() == 1
        with other.transaction():
            follow = StoryIndex(other.story_state()).assign(make_article(2, published="2026-03-03"))
        assert follow.story_id == first.story_id  # the persisted state found the story
        assert make_store().story_state().get_story(first.story_id).size == 2

    # -- the engine ------------------------------------------------------------------------------------------------
    def test_ingest_twice_adds_nothing(self, make_store: MakeStore) -> None:
        from storyline.engines.local import ingest_items
        from storyline.settings import Settings

        texts = [
            " date 2026-03-03 Qelmar dock strike enters second day\n\n" + _TEXTS[1] + " " + _TEXTS[2],
            " date 2026-03-04 Qelmar terminals stay shut\n\n" + _TEXTS[2] + " Talks resume on Thursday, it said.",
            "Warehouse fire in Ostrabo\n\n" + _TEXTS[3] + " " + _TEXTS[4] + " Police are investigating the cause.",
            "Brindlemoor tram line approved\n\n" + _TEXTS[5] + " " + _TEXTS[6],
        ]

        def inputs() -> list[RawDocument]:
            return [
                RawDocument(f"/in/{i}.txt", t.encode(), "text", hashlib.sha256(t.encode()).hexdigest())
                for i, t in enumerate(texts)
            ]

        store = make_store()
        settings = Settings.load(environ={}, db=store.path, facts=False)
        version = store.data_version()
        first = ingest_items(inputs(), store, settings)
        assert (first.read, first.new, first.already_stored) == (4, 4, 0)
        assert store.data_version() > version
        before = (store.stats(), store.story_ids(), store.article_stories(), store.data_version())
        assert before[0]["articles"] == 4
        store.close()

        store = make_store()
        second = ingest_items(inputs(), store, settings)
        assert (second.read, second.new, second.already_stored, second.duplicates) == (4, 0, 4, 0)
        assert second.rejected == []
        assert (store.stats(), store.story_ids(), store.article_stories(), store.data_version()) == before
