"""Story summaries on invented reports (a flood in Ostrava Bay, a ferry aground off Kessel Point): coverage of the
shared fact with citations of every article stating it, no repetition, exact spans, length limits, the single-article
lead, the empty story, determinism, and the plain statements of each kind of disagreement."""

from __future__ import annotations

import random

from storyline.models import Article, Conflict, ConflictSide
from storyline.story.summary import (
    Summary,
    article_labels,
    disagreement_statement,
    format_value,
    summarize_story,
)
from storyline.text import words


def _article(id_: str, text: str, published: str | None = None, outlet: str | None = None) -> Article:
    return Article(
        id=id_,
        source_path=f"{id_}.txt",
        content_hash=id_,
        text=text,
        title="",
        title_generated=True,
        published=published,
        outlet=outlet,
    )


FLOOD_LEAD = (
    "Floodwaters forced the evacuation of 320 residents from Ostrava Bay on Tuesday, the Harbour Authority said."
)
FLOOD = [
    _article(
        "a1",
        f"{FLOOD_LEAD}\n\n"
        "The storm surge breached the old sea wall near the fish market in the early hours.\n\n"
        "Mayor Lena Vos said the town would rebuild the wall before the winter storms return.\n\n"
        "“We are working around the clock,” she said.",
        "2031-03-04",
        "Harbour Daily",
    ),
    _article(
        "a2",
        "The Harbour Authority said 320 residents of Ostrava Bay were evacuated on Tuesday as floodwaters rose.\n\n"
        "Engineers blamed a breach in the old sea wall near the fish market.\n\n"
        "Local schools will stay closed until Friday while crews pump water from the flooded streets.",
        "2031-03-05",
        "Coastal Courier",
    ),
    _article(
        "a3",
        "About 320 residents were evacuated from Ostrava Bay after floodwaters rose on Tuesday, officials said.\n\n"
        "Insurance assessors arrived on Thursday to inspect damaged homes along the harbour front.\n\n"
        "The regional council promised emergency grants to families whose homes were damaged.",
        "2031-03-06",
    ),
]


def _n_words(summary: Summary) -> int:
    return sum(len(words(s.text)) for s in summary.sentences)


def test_the_shared_key_fact_is_covered_and_cites_every_article_stating_it() -> None:
    summary = summarize_story(FLOOD, [])
    evacuation = [s for s in summary.sentences if "evacuat" in s.text]
    assert len(evacuation) == 1
    assert sorted(evacuation[0].articles) == ["a1", "a2", "a3"]
    assert evacuation[0].articles[0] == evacuation[0].article_id  # the chosen article first


def test_each_fact_appears_once() -> None:
    summary = summarize_story(FLOOD, [])
    sea_wall = [s for s in summary.sentences if "sea wall" in s.text]
    assert len(sea_wall) == 1
    assert sorted(sea_wall[0].articles) == ["a1", "a2"]


def test_near_identical_sentences_are_never_both_chosen() -> None:
    lead = "The ferry Nordlys ran aground off Kessel Point on Sunday with 112 passengers aboard, the coast guard said."
    copy = "The ferry Nordlys ran aground off Kessel Point on Sunday with 112 passengers aboard, coast guards said."
    articles = [
        _article("f1", f"{lead}\n\nTugs from Varna Sound pulled the ship free at high tide.", "2032-06-07"),
        _article("f2", f"{copy}\n\nPassengers were taken ashore by lifeboat before dawn.", "2032-06-07"),
    ]
    summary = summarize_story(articles, [], max_sentences=5, max_words=200)
    aground = [s for s in summary.sentences if "aground" in s.text]
    assert len(aground) == 1
    assert sorted(aground[0].articles) == ["f1", "f2"]
    assert len(summary.sentences) == 3  # the two other facts still come in


def test_spans_point_at_the_sentence_in_its_article() -> None:
    by_id = {a.id: a for a in FLOOD}
    summary = summarize_story(FLOOD, [])
    assert summary.sentences
    for s in summary.sentences:
        assert by_id[s.article_id].text[s.start : s.end] == s.text


def test_sentences_follow_publication_date_then_position() -> None:
    published = {a.id: a.published for a in FLOOD}
    positions = {a.id: a.text for a in FLOOD}
    summary = summarize_story(FLOOD, [])
    keys = [(published[s.article_id], positions[s.article_id].index(s.text)) for s in summary.sentences]
    assert keys == sorted(keys)


def test_length_limits() -> None:
    assert len(summarize_story(FLOOD, [], max_sentences=2).sentences) == 2
    short = summarize_story(FLOOD, [], max_words=35)
    assert short.sentences and (_n_words(short) <= 35 or len(short.sentences) == 1)
    # A first sentence longer than the budget still makes a summary of one sentence.
    one = summarize_story(FLOOD, [], max_words=5)
    assert len(one.sentences) == 1


def test_a_single_article_gives_its_lead_skipping_captions_and_quotes() -> None:
    text = (
        "Photo: Harbour Authority\n\n"
        f"{FLOOD_LEAD}\n\n"
        "“We have never seen the water this high in all our years here,” said Lena Vos.\n\n"
        "The storm surge breached the old sea wall near the fish market in the early hours.\n\n"
        "Crews worked through the night.\n\n"
        "Schools will stay closed until Friday while crews pump water from the flooded streets."
    )
    summary = summarize_story([_article("a1", text, "2031-03-04")], [], max_sentences=2)
    assert [s.text[:20] for s in summary.sentences] == ["Floodwaters forced t", "The storm surge brea"]
    assert all(s.articles == ["a1"] for s in summary.sentences)


def test_an_empty_story_has_an_empty_summary() -> None:
    assert summarize_story([], []) == Summary(sentences=[], disagreements=[])
    assert summarize_story([_article("e1", "  \n")], []).sentences == []


def test_the_summary_is_deterministic_whatever_the_input_order() -> None:
    first = summarize_story(FLOOD, [])
    shuffled = list(FLOOD)
    random.Random(7).shuffle(shuffled)
    assert summarize_story(FLOOD, []) == first
    assert summarize_story(shuffled, []) == first


def test_a_sentence_opening_on_a_pronoun_gives_way_to_one_that_names_its_subject() -> None:
    articles = [
        _article(
            "p1",
            "Ostrava Bay appointed a new harbour master on Monday after the floods, the Harbour Authority said.\n\n"
            "He previously served as harbour master of the port of Kessel for nine years.",
            "2031-04-07",
        ),
        _article(
            "p2",
            "The Harbour Authority named Pieter Gall as harbour master of Ostrava Bay on Monday after the floods.\n\n"
            "Pieter Gall previously served as harbour master of the port of Kessel for nine years.",
            "2031-04-08",
        ),
    ]
    summary = summarize_story(articles, [])
    career = [s for s in summary.sentences if "previously served" in s.text]
    assert len(career) == 1
    assert career[0].text.startswith("Pieter Gall")
    assert career[0].articles == ["p2", "p1"]


def test_revision_statement_orders_figures_in_time_and_formats_numbers() -> None:
    conflict = Conflict(
        about="houses flooded",
        kind="revision",
        sides=[
            ConflictSide(articles=["a2", "a3"], value=950.0, attributed_to=["the regional council"], as_of="2031-04"),
            ConflictSide(articles=["a1"], value=1200.0, attributed_to=["the Harbour Authority"], as_of="2031-03"),
        ],
    )
    assert disagreement_statement(conflict, {}) == (
        "Figures for houses flooded were revised over time: 1,200 (the Harbour Authority, as of 2031-03; [a1]) "
        "then 950 (the regional council, as of 2031-04; [a2, a3])."
    )


def test_contradiction_statement_uses_article_labels() -> None:
    conflict = Conflict(
        about="people evacuated",
        kind="contradiction",
        sides=[
            ConflictSide(articles=["a1"], value=320.0, attributed_to=["the harbour authority"]),
            ConflictSide(articles=["a2"], value=480.0, attributed_to=["police", "firefighters"]),
            ConflictSide(articles=["a9"], value=2_450_000.0),
        ],
    )
    names = {"a1": "Harbour Daily", "a2": "article 2"}
    assert disagreement_statement(conflict, names) == (
        "Sources differ on people evacuated: 320 according to the harbour authority ([Harbour Daily]), "
        "480 according to police and firefighters ([article 2]), 2.45 million ([a9])."
    )


def test_date_statement() -> None:
    conflict = Conflict(
        about="date of: The old sea wall was first raised in October 2029.",
        kind="contradiction",
        topic="date",
        sides=[
            ConflictSide(articles=["a1"], text="2029-10 (October 2029)"),
            ConflictSide(articles=["a2"], text="2028-10 (last October)"),
        ],
    )
    assert disagreement_statement(conflict, {"a1": "Harbour Daily"}) == (
        "Sources differ on the date of: The old sea wall was first raised in October 2029: "
        "[Harbour Daily] says 2029-10 (October 2029), [a2] says 2028-10 (last October)."
    )


def test_wording_statement() -> None:
    conflict = Conflict(
        about="whether it was done (approve): The council voted to approve the flood grant.",
        kind="contradiction",
        topic="wording",
        sides=[
            ConflictSide(articles=["a1"], text="The council approved the flood grant."),
            ConflictSide(articles=["a2"], text="Mayor Lena Vos introduced a motion to approve the flood grant."),
        ],
    )
    assert disagreement_statement(conflict, {}) == (
        "Sources differ on whether it was done (approve): [a1] says “The council approved the flood grant”, "
        "[a2] says “Mayor Lena Vos introduced a motion to approve the flood grant”."
    )


def test_number_formatting() -> None:
    assert format_value(950.0) == "950"
    assert format_value(1200.0) == "1,200"
    assert format_value(2.5) == "2.5"
    assert format_value(12345.678) == "12,345.68"
    assert format_value(999_999.0) == "999,999"
    assert format_value(3_000_000.0) == "3 million"
    assert format_value(2_450_000.0) == "2.45 million"
    assert format_value(1_500_000_000.0) == "1.5 billion"


def test_summary_states_each_conflict_with_default_labels() -> None:
    conflict = Conflict(
        about="people evacuated",
        kind="contradiction",
        sides=[ConflictSide(articles=["a1"], value=320.0), ConflictSide(articles=["a3"], value=480.0)],
    )
    summary = summarize_story(FLOOD, [conflict])
    assert summary.disagreements == ["Sources differ on people evacuated: 320 ([Harbour Daily]), 480 ([article 3])."]


def test_article_labels_number_missing_and_shared_outlets() -> None:
    articles = [
        _article("x1", "text", outlet="Harbour Daily"),
        _article("x2", "text"),
        _article("x3", "text", outlet="Harbour Daily"),
    ]
    articles[1].credit = "Nordic Wire"
    articles.append(_article("x4", "text"))
    assert article_labels(articles) == {
        "x1": "Harbour Daily (article 1)",
        "x2": "Nordic Wire",
        "x3": "Harbour Daily (article 3)",
        "x4": "article 4",
    }
