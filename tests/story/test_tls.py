"""Timeline summarisation: date selection and daily summaries on invented topics, the news-tls metrics on
hand-made timelines, and the timeline17 acceptance figures read in place from ../shared."""

from __future__ import annotations

import pytest

from storyline.evaluate.tls import (
    align_rouge,
    date_f1,
    evaluate_timeline,
    read_gold_timeline,
    rouge_tokens,
)
from storyline.story.tls import build_timeline, date_mentions, split_sentences

# An invented storm topic: the landfall (March 1) is reported by every text, the evacuation (February 28) by two,
# the reopening (March 5) by two; a stray mention of another day once.
STORM = [
    (
        "2024-03-01",
        "Hurricane Ostra made landfall on the Veloria coast on March 1 , flooding the harbour district .\n"
        "Officials ordered residents of the harbour to leave on February 28 before the hurricane arrived .\n"
        "The weather office said the storm was the strongest to reach Veloria in decades .",
    ),
    (
        "2024-03-02",
        "A day after Hurricane Ostra struck Veloria on March 1 , rescuers searched flooded streets for survivors .\n"
        "The evacuation of the harbour on February 28 saved many lives , the mayor of Veloria said .\n"
        "Schools in Veloria will stay closed until March 5 , the council said .",
    ),
    (
        "2024-03-03",
        "Hurricane Ostra , which hit Veloria on March 1 , left 40,000 homes without power .\n"
        "Power crews from three provinces arrived in Veloria to repair lines damaged by the hurricane .",
    ),
    (
        "2024-03-06",
        "Schools in Veloria reopened on March 5 , five days after Hurricane Ostra flooded the harbour .\n"
        "The harbour of Veloria remains closed to shipping since the hurricane hit on March 1 .\n"
        "A fishing festival in Veloria took place on January 12 , long before the storm season .",
    ),
]


def test_sentences_are_dated_by_their_first_full_day():
    text = "Protests began on January 25 .\nCrowds grew .\nOn Friday , the army moved in ."
    found = date_mentions(text, "2011-01-28")
    assert found == [
        ("Protests began on January 25 .", "2011-01-25"),
        ("Crowds grew .", None),
        ("On Friday , the army moved in .", "2011-01-28"),
    ]


def test_split_sentences_gives_spans_into_the_text():
    text = "First one here. Second one there.\nThird line"
    assert [text[a:b] for a, b in split_sentences(text)] == ["First one here.", "Second one there.", "Third line"]


def test_most_referenced_dates_come_first_and_entries_are_in_date_order():
    timeline = build_timeline(STORM, max_dates=1)
    assert [d for d, _ in timeline] == ["2024-03-01"]
    timeline = build_timeline(STORM, max_dates=3)
    assert [d for d, _ in timeline] == ["2024-02-28", "2024-03-01", "2024-03-05"]
    assert "March 1" in timeline[1][1][0] and "February 28" in timeline[0][1][0]
    # a report of the reopening beats the earlier announcement of it
    assert timeline[2][1] == [
        "Schools in Veloria reopened on March 5 , five days after Hurricane Ostra flooded the harbour ."
    ]


def test_sentences_are_verbatim_unique_and_at_most_the_number_asked():
    timeline = build_timeline(STORM, max_dates=4, sentences_per_date=2)
    all_sentences = {line for _, text in STORM for line in text.split("\n")}
    seen = []
    for _, summary in timeline:
        assert 1 <= len(summary) <= 2
        assert all(s in all_sentences for s in summary)
        seen.extend(summary)
    assert len(seen) == len(set(seen))


def test_span_bounds_the_dates():
    timeline = build_timeline(STORM, max_dates=10, start="2024-03-01", end="2024-03-04")
    assert timeline and all("2024-03-01" <= d <= "2024-03-04" for d, _ in timeline)


def test_nothing_in_nothing_out():
    assert build_timeline([], max_dates=5) == []
    assert build_timeline(STORM, max_dates=0) == []
    assert build_timeline([("2024-01-01", "")], max_dates=3) == []


def test_deterministic():
    assert build_timeline(STORM, max_dates=3, sentences_per_date=2) == build_timeline(
        STORM, max_dates=3, sentences_per_date=2
    )


def test_rouge_tokens_drop_stopwords_and_case():
    assert rouge_tokens(["The Protesters marched to the square ."]) == ["protester", "march", "square"]


def test_alignment_rouge_is_perfect_on_identical_timelines_and_discounted_by_distance():
    gold = [("2024-03-01", ["Hurricane Ostra floods the harbour"]), ("2024-03-05", ["Schools reopen in Veloria"])]
    perfect = align_rouge(gold, gold)
    assert perfect[1]["f1"] == pytest.approx(1.0) and perfect[2]["f1"] == pytest.approx(1.0)
    shifted = [("2024-03-02", ["Hurricane Ostra floods the harbour"]), ("2024-03-06", ["Schools reopen in Veloria"])]
    assert align_rouge(shifted, gold)[1]["f1"] == pytest.approx(0.5)
    assert date_f1(shifted, gold) == 0.0
    assert date_f1(gold[:1], gold) == pytest.approx(2 / 3)
    assert align_rouge([], gold)[1]["f1"] == 0.0


def test_evaluate_on_a_tiny_layout(tmp_path):
    import csv

    (tmp_path / "articles").mkdir()
    with (tmp_path / "articles" / "storm.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["date", "text"])
        writer.writerows(STORM)
    gold_dir = tmp_path / "gold_timelines" / "storm"
    gold_dir.mkdir(parents=True)
    (gold_dir / "tl.txt").write_text(
        "2024-03-01\nHurricane Ostra hits the Veloria coast .\n--------------------------------\n"
        "2024-03-05\nSchools reopen .\n--------------------------------\n"
        "2024-03-01\nThe harbour floods .\n--------------------------------\n",
        encoding="utf-8",
    )
    gold = read_gold_timeline(gold_dir / "tl.txt")
    assert gold == [
        ("2024-03-01", ["Hurricane Ostra hits the Veloria coast .", "The harbour floods ."]),
        ("2024-03-05", ["Schools reopen ."]),
    ]
    result = evaluate_timeline(tmp_path)
    assert set(result["metrics"]) == {"date_f1", "ar1_f1", "ar2_f1"}
    # only texts published within the gold span (March 1-5) are read: March 1 is found, March 5 only announced
    assert result["topics"]["storm"]["date_f1"] == pytest.approx(0.5)
    assert result["topics"]["storm"]["ar1_f1"] > 0
    assert set(result["baseline"]["metrics"]) == {"date_f1", "ar1_f1", "ar2_f1"}


@pytest.mark.shared
def test_timeline17_acceptance():
    """Measured 2026-11-23: Date-F1 0.861, AR-1 F1 0.173, AR-2 F1 0.052 (baseline 0.856 / 0.042 / 0.006)."""
    from tests.conftest import require_shared

    result = evaluate_timeline(require_shared("corpora", "timeline17"))
    metrics, baseline = result["metrics"], result["baseline"]["metrics"]
    assert metrics["date_f1"] >= 0.80
    assert metrics["ar1_f1"] >= 0.14
    assert metrics["ar2_f1"] >= 0.04
    assert metrics["ar1_f1"] > baseline["ar1_f1"]
    assert metrics["date_f1"] >= baseline["date_f1"] - 0.02
