"""The incremental story index on small invented reports: two events of one kind split, reports of one event join."""

from __future__ import annotations

import sqlite3

import pytest

from storyline.cluster import Assignment, ClusterSettings, InMemoryStoryState, StoryIndex
from storyline.cluster.index import removed_years
from storyline.models import Article
from storyline.store.story_index_sqlite import SqliteStoryState, create_schema

# Two rehab stays (same kind of event, different people, places and years) and an unrelated port strike.
REHAB_QUINLAN = [
    "Actress Mara Quinlan has checked into the Silverlake Recovery Center in Malibu, her publicist Dana Ortiz said "
    "on Tuesday. Quinlan, 34, star of the Velvet Harbor films, asked for privacy for her family. The 2019 stay is her "
    "first, Ortiz told Celebrity Weekly.",
    "Velvet Harbor star Mara Quinlan entered the Silverlake Recovery Center in Malibu this week, publicist Dana Ortiz "
    "confirmed. Friends said Quinlan, 34, made the decision herself in 2019 and that her family supports her.",
    "Mara Quinlan is in rehab. The 34-year-old Velvet Harbor actress checked into Silverlake Recovery Center, Malibu, "
    "according to her publicist Dana Ortiz, who asked fans to respect Quinlan's privacy.",
]
REHAB_PRITCHETT = [
    "Singer Davon Pritchett has checked into the Harbor Oaks treatment center in Phoenix, his publicist Lee Moreno "
    "said on Friday. Pritchett, 41, of the band Blue Mesa, asked for privacy for his family. The rehab stay follows a "
    "2023 court order, Moreno told Celebrity Weekly.",
    "Blue Mesa singer Davon Pritchett entered rehab at the Harbor Oaks treatment center in Phoenix this week, his "
    "publicist Lee Moreno confirmed, after Judge Elena Markov ordered a 90-day stay in 2023.",
    "Davon Pritchett is in rehab. The 41-year-old Blue Mesa frontman checked into Harbor Oaks, Phoenix, on a judge's "
    "order, according to publicist Lee Moreno, who asked fans to respect his privacy.",
]
PORT_STRIKE = [
    "Dockworkers at the port of Valdora walked off the job on Monday, halting container traffic, the Valdora "
    "Harbour Workers Union said. Union leader Petra Halvorsen demanded a 12 percent raise.",
    "Container traffic at Valdora stopped as dockworkers struck, the Valdora Harbour Workers Union said. Petra "
    "Halvorsen, who leads the union, said the strike would last until the 12 percent raise is granted.",
]


def article(aid: str, text: str, published: str | None = None, confidence: float = 0.95) -> Article:
    """A test article; a given date counts as read from a header (confident) unless ``confidence`` says otherwise."""
    return Article(
        id=aid,
        source_path=aid,
        content_hash=aid,
        text=text,
        title="",
        title_generated=True,
        published=published,
        published_confidence=confidence if published else 0.0,
    )


def stream() -> list[Article]:
    """Interleaved the hard way: the second rehab story starts while the first is one report old."""
    order = [
        ("q1", REHAB_QUINLAN[0]),
        ("p1", REHAB_PRITCHETT[0]),
        ("q2", REHAB_QUINLAN[1]),
        ("d1", PORT_STRIKE[0]),
        ("p2", REHAB_PRITCHETT[1]),
        ("q3", REHAB_QUINLAN[2]),
        ("d2", PORT_STRIKE[1]),
        ("p3", REHAB_PRITCHETT[2]),
    ]
    return [article(a, t) for a, t in order]


def assign_all(index: StoryIndex, articles: list[Article]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for art in articles:
        a = index.assign(art)
        assert isinstance(a, Assignment)
        labels[art.id] = a.story_id
        for gone in a.merged:
            labels = {k: (a.story_id if v == gone else v) for k, v in labels.items()}
    return labels


def test_events_of_one_kind_split_and_reports_join() -> None:
    labels = assign_all(StoryIndex(InMemoryStoryState()), stream())
    assert labels["q1"] == labels["q2"] == labels["q3"]
    assert labels["p1"] == labels["p2"] == labels["p3"]
    assert labels["d1"] == labels["d2"]
    assert len({labels["q1"], labels["p1"], labels["d1"]}) == 3


def test_ids_are_derived_from_the_first_article_and_stable() -> None:
    index = StoryIndex(InMemoryStoryState())
    first = index.assign(article("abcdef0123456789", REHAB_QUINLAN[0]))
    assert first.created and first.story_id == "sabcdef012345"
    second = index.assign(article("ffff", REHAB_QUINLAN[1]))
    assert not second.created and second.story_id == first.story_id
    assert second.score >= ClusterSettings().join_threshold


def test_same_order_same_assignments() -> None:
    a = assign_all(StoryIndex(InMemoryStoryState()), stream())
    b = assign_all(StoryIndex(InMemoryStoryState()), stream())
    assert a == b


def test_id_clash_gets_a_suffix() -> None:
    index = StoryIndex(InMemoryStoryState())
    one = index.assign(article("same-prefix-0001", REHAB_QUINLAN[0]))
    two = index.assign(article("same-prefix-0002", PORT_STRIKE[0]))
    assert one.story_id == "ssame-prefix-"
    assert two.story_id == "ssame-prefix--2"


def test_sqlite_state_gives_identical_assignments() -> None:
    memory = assign_all(StoryIndex(InMemoryStoryState()), stream())
    conn = sqlite3.connect(":memory:")
    create_schema(conn)
    create_schema(conn)  # idempotent
    arts = stream()
    # Two indexes over one connection, as two ingest runs would be: state lives only in the tables.
    first = assign_all(StoryIndex(SqliteStoryState(conn)), arts[:4])
    rest = assign_all(StoryIndex(SqliteStoryState(conn, create=False)), arts[4:])
    assert {**first, **rest} == memory
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables and all(t.startswith("story_index_") for t in tables)
    assert not conn.in_transaction or conn.total_changes > 0  # nothing committed by us; the caller decides


def test_dates_far_apart_keep_reports_apart() -> None:
    index = StoryIndex(InMemoryStoryState(), ClusterSettings(window_days=30))
    a = index.assign(article("x1", PORT_STRIKE[0], "2024-01-10"))
    b = index.assign(article("x2", PORT_STRIKE[1], "2024-01-11"))
    c = index.assign(article("x3", PORT_STRIKE[1], "2024-06-01"))  # months later: outside the window
    assert b.story_id == a.story_id
    assert c.created and c.story_id != a.story_id


def test_window_counts_from_the_last_dated_report() -> None:
    # Follow-ups weeks apart stay one story: the window is measured from the story's latest report, not its first.
    index = StoryIndex(InMemoryStoryState(), ClusterSettings(window_days=30))
    a = index.assign(article("f1", PORT_STRIKE[0], "2024-01-10"))
    b = index.assign(article("f2", PORT_STRIKE[1], "2024-02-05"))
    c = index.assign(article("f3", PORT_STRIKE[1], "2024-03-01"))  # 51 days after the first, 25 after the last
    d = index.assign(article("f4", PORT_STRIKE[0], "2024-01-02"))  # an older report, delivered late
    assert a.story_id == b.story_id == c.story_id == d.story_id


def test_uncertain_dates_open_no_window_and_bridge_nothing() -> None:
    # A page's date widget (the day the page was shown) may be months off: such an article is not held to the window,
    # but it cannot merge two stories the window keeps apart either.
    index = StoryIndex(InMemoryStoryState(), ClusterSettings(window_days=30))
    a = index.assign(article("u1", PORT_STRIKE[0], "2024-01-10"))
    b = index.assign(article("u2", PORT_STRIKE[0], "2024-04-01"))  # surely dated, months later: a new story
    assert b.created
    c = index.assign(article("u3", PORT_STRIKE[1], "2024-06-01", confidence=0.6))
    assert not c.created and c.story_id in (a.story_id, b.story_id)
    assert c.merged == []


def test_years_of_removed_date_lines_stay_features() -> None:
    # Cleaning removed a date line it could not read into `published`: its year still separates like events.
    index = StoryIndex(InMemoryStoryState())
    art = article("r1", PORT_STRIKE[0])
    art.removed = ["UPDATED 05 / 03 / 2013 at 11: 00 AM EDT", "Updated 4: 08 p. m. ET"]
    dated = article("r2", PORT_STRIKE[0], "2011-07-04")
    assert removed_years(art) == ["2013"]
    assert "y:2013" in index.features(art, update_stats=False).vector
    assert "y:2011" in index.features(dated, update_stats=False).vector


def test_bridging_article_merges_into_the_older_story() -> None:
    settings = ClusterSettings(join_threshold=0.9, merge_threshold=0.3)
    index = StoryIndex(InMemoryStoryState(), settings)
    # With a very high join bar each report starts its own story; the third is close to both and merges them.
    first = index.assign(article("m1", REHAB_QUINLAN[0]))
    second = index.assign(article("m2", REHAB_QUINLAN[2]))
    assert second.created
    relaxed = StoryIndex(index.state, ClusterSettings(join_threshold=0.3, merge_threshold=0.3))
    third = relaxed.assign(article("m3", REHAB_QUINLAN[1]))
    assert third.story_id == first.story_id
    assert third.merged == [second.story_id]
    # The absorbed id still leads to the survivor.
    assert relaxed.related(second.story_id) == relaxed.related(first.story_id)


def test_related_links_the_other_event_on_the_storyline() -> None:
    # A higher join bar than the default keeps the film announcement apart whatever small tuning changes; what is
    # tested is that related() finds it through the shared names.
    index = StoryIndex(InMemoryStoryState(), ClusterSettings(join_threshold=0.5))
    labels = assign_all(index, [article(f"a{i}", t) for i, t in enumerate(REHAB_QUINLAN)])
    sequel = (
        "Northlight Pictures announced a third Velvet Harbor film on Thursday, to be shot in Vancouver next spring "
        "with director Ivo Brandt. Mara Quinlan is expected to return as Captain Ellis, the studio said, and Velvet "
        "Harbor composer Jun Takeda will score it."
    )
    other = index.assign(article("b1", sequel))
    assert other.created
    related = index.related(labels["a0"])
    assert related and related[0][0] == other.story_id and 0 < related[0][1] <= 1
    assert index.related(other.story_id)[0][0] == labels["a0"]
    # The port strike shares no names: not related.
    strike = index.assign(article("d1", PORT_STRIKE[0]))
    assert strike.story_id not in dict(index.related(labels["a0"]))
    assert index.related("no-such-story") == []


@pytest.mark.parametrize("text", ["", "   ", "1234 5678"])
def test_empty_or_featureless_text_starts_a_story(text: str) -> None:
    a = StoryIndex(InMemoryStoryState()).assign(article("e1", text))
    assert a.created and a.score == 0.0
