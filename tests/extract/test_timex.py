"""Time expressions: recognition, TimeML values, anchoring on the creation date and tense (invented sentences)."""

from __future__ import annotations

import pytest

from storyline.evaluate.timex import match_spans
from storyline.extract import TimeExpression, find_timexes


def _one(text: str, dct: str | None) -> TimeExpression:
    found = find_timexes(text, dct)
    assert len(found) == 1, found
    return found[0]


def _values(text: str, dct: str | None) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in find_timexes(text, dct)]


# --- relative days and weekdays (dct 2025-12-11 is a Thursday) ------------------------------------------------------


def test_last_weekday_is_strictly_before_the_dct() -> None:
    t = _one("The envoy died last Saturday in the capital.", "2025-12-11")
    assert (t.text, t.type, t.value, t.how) == ("last Saturday", "DATE", "2025-12-06", "relative_to_dct")
    assert _one("They met last Thursday.", "2025-12-11").value == "2025-12-04"


def test_bare_weekday_in_past_narration_is_the_one_before() -> None:
    assert _one("A spokesman said Monday that talks had failed.", "2025-12-11").value == "2025-12-08"
    assert _one("In a ceremony on Friday, the mayor handed out medals.", "2025-08-30").value == "2025-08-29"
    # The dct's own weekday, told in the past, is the dct itself.
    assert _one("The agency reported Thursday that the plant was shut.", "2025-12-11").value == "2025-12-11"


def test_weekday_with_future_tense_is_the_next_one() -> None:
    assert _one("The committee will vote on Friday.", "2025-12-09").value == "2025-12-12"
    assert _one("The ministers are expected to meet Monday.", "2025-12-11").value == "2025-12-15"
    assert _one("Ministers meet again next Tuesday.", "2025-12-11").value == "2025-12-16"


def test_today_yesterday_tomorrow_and_parts_of_day() -> None:
    assert _values("Markets fell yesterday and rose today; tomorrow is a holiday.", "2025-03-04") == [
        ("yesterday", "2025-03-03"),
        ("today", "2025-03-04"),
        ("tomorrow", "2025-03-05"),
    ]
    t = _one("Shots were heard last night near the border.", "2025-03-04")
    assert (t.type, t.value) == ("TIME", "2025-03-03TNI")
    # A weekday with a part of day keeps the day's value, as TimeBank mostly annotates it.
    t = _one("The rally began Friday morning.", "2025-03-09")
    assert (t.text, t.type, t.value) == ("Friday morning", "DATE", "2025-03-07")


# --- weeks, months, years -------------------------------------------------------------------------------------------


def test_next_week_and_the_coming_week_are_iso_weeks_forward() -> None:
    assert _one("The two leaders are expected to meet next week.", "2025-08-30").value == "2025-W36"
    assert _one("They will meet in the coming week.", "2025-08-30").value == "2025-W36"
    assert _one("Prices fell sharply last week.", "2025-08-30").value == "2025-W34"
    assert _one("Talks resume this week.", "2025-08-30").value == "2025-W35"


def test_bare_month_follows_the_tense() -> None:
    # Past narration written in August: April of the same year.
    assert _one("The army acknowledged its role in April.", "2025-08-30").value == "2025-04"
    # Past narration written in February: the April before.
    assert _one("The army acknowledged its role in April.", "2025-02-10").value == "2024-04"
    # A plan made in November for March: next March.
    assert _one("The company will open the plant in March.", "2025-11-20").value == "2026-03"
    # A deadline ("by August") looks ahead whatever the verb.
    assert _one("The carrier said it planned to double flights by August.", "2025-02-13").value == "2025-08"


def test_last_month_name_is_the_most_recent_one_before_the_dct_month() -> None:
    assert _one("Last October, the leader sent a birthday message.", "2025-08-30").value == "2024-10"
    assert _one("The bill passed last June.", "2025-08-30").value == "2025-06"
    assert _one("In January, officials counted the losses.", "2025-08-30").value == "2025-01"


def test_relative_years_and_months() -> None:
    assert _values("The pact was signed last year and renewed this year; it ends next year.", "2025-12-11") == [
        ("last year", "2024"),
        ("this year", "2025"),
        ("next year", "2026"),
    ]
    assert _one("Exports dropped last month.", "2025-01-15").value == "2024-12"
    assert _one("The factory opened three years ago.", "2025-01-15").value == "2022"
    assert _one("The strike ended two days ago.", "2025-01-15").value == "2025-01-13"


def test_explicit_dates_keep_their_year() -> None:
    assert _values("He became ambassador in 2014 and was decorated in February 2024.", "2025-12-11") == [
        ("2014", "2014"),
        ("February 2024", "2024-02"),
    ]
    t = _one("The treaty was signed on March 5, 1998, in Vienna.", "2025-12-11")
    assert (t.value, t.how) == ("1998-03-05", "explicit")
    assert _one("It was published on 6 December 2025.", "2025-12-11").value == "2025-12-06"
    assert _one("Filed 2024-02-29 by the clerk.", None).value == "2024-02-29"


def test_month_day_without_year_takes_the_nearest_year() -> None:
    assert _values("He died on Dec 6, the ministry said on Dec 8.", "2025-12-09") == [
        ("Dec 6", "2025-12-06"),
        ("Dec 8", "2025-12-08"),
    ]
    # Early January writing about late December means the December just gone.
    assert _one("The fire started on Dec. 30.", "2026-01-03").value == "2025-12-30"
    # A deadline a few days ahead in a past-tense sentence stays ahead.
    assert _one("A judge ordered the boy home by Jan. 14.", "2000-01-05").value == "2000-01-14"


# --- TimeML value forms ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dct", "expected"),
    [
        ("Profit rose in the third quarter.", "1998-10-20", ("the third quarter", "DATE", "1998-Q3")),
        ("Sales were weak this summer.", "1998-08-20", ("this summer", "DATE", "1998-SU")),
        ("Prices soared in the 1990s.", "2025-01-01", ("the 1990s", "DATE", "199")),
        ("The talks lasted three months.", "2025-01-01", ("three months", "DURATION", "P3M")),
        ("It was a two-year project.", "2025-01-01", ("two-year", "DURATION", "P2Y")),
        ("The surgery took 5 1/2 hours.", "2025-01-01", ("5 1/2 hours", "DURATION", "PT5H30M")),
        ("Rescuers worked for five hours.", "2025-01-01", ("five hours", "DURATION", "PT5H")),
        ("The index is published weekly.", "2025-01-01", ("weekly", "SET", "P1W")),
        ("The board meets every Monday.", "2025-01-01", ("every Monday", "SET", "XXXX-WXX-1")),
        ("Troops are now in the region.", "2025-01-01", ("now", "DATE", "PRESENT_REF")),
        ("Officials recently changed the rules.", "2025-01-01", ("recently", "DATE", "PAST_REF")),
        ("Nobody knows what the future holds.", "2025-01-01", ("the future", "DATE", "FUTURE_REF")),
        ("The blast came at 10:35 a.m. Friday.", "1998-08-08", ("10:35 a.m. Friday", "TIME", "1998-08-07T10:35")),
        ("The plan passed in early 1997.", "2025-01-01", ("early 1997", "DATE", "1997")),
        ("Voters went to the polls on Christmas Day.", "2025-12-27", ("Christmas Day", "DATE", "2025-12-25")),
        ("It happened in nineteen ninety-six.", "2025-01-01", ("nineteen ninety-six", "DATE", "1996")),
    ],
)
def test_timeml_values(text: str, dct: str, expected: tuple[str, str, str]) -> None:
    t = _one(text, dct)
    assert (t.text, t.type, t.value) == expected


def test_modifiers_are_recorded() -> None:
    assert _one("The merger closes early next year.", "1998-05-01").mod == "START"
    t = _one("The siege lasted more than four hours.", "1998-05-01")
    assert (t.text, t.value, t.mod) == ("more than four hours", "PT4H", "MORE_THAN")


def test_earnings_report_quarters_chain() -> None:
    text = "Net income rose in the third quarter from a year ago. In the latest quarter, sales fell."
    assert _values(text, "1989-10-30") == [
        ("the third quarter", "1989-Q3"),
        ("a year ago", "1988-Q3"),
        ("the latest quarter", "1989-Q3"),
    ]


def test_relative_to_previous_date() -> None:
    found = find_timexes("The vote was held on March 3, 2020. The next day, protests began.", "2025-01-01")
    assert [(t.value, t.how) for t in found] == [("2020-03-03", "explicit"), ("2020-03-04", "relative_to_previous")]


# --- what is not a time expression ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Stocks may fall, analysts said.",  # the modal "may"
        "Protesters will march on the palace.",  # the verb "march"
        "A 44-year-old man was arrested.",  # ages are not durations in TimeML
        "The company sold 1,990 cars and paid $2000 in fees.",  # counts and money
        "Justice Sandra Day O'Connor wrote the opinion.",  # a name
        "Prices fall in the eastern provinces.",  # "easter" inside a word
    ],
)
def test_no_false_positives(text: str) -> None:
    assert find_timexes(text, "2025-01-01") == []


def test_without_dct_values_stay_underspecified() -> None:
    t = _one("The minister resigned on Friday.", None)
    assert (t.value, t.how) == ("XXXX-WXX-5", "underspecified")
    assert _one("The minister resigned in April.", None).value == "XXXX-04"


def test_spans_are_offsets_into_the_text() -> None:
    text = "Markets closed early on Friday, Dec. 5, and reopened Monday."
    for t in find_timexes(text, "2025-12-09"):
        assert text[t.start : t.end] == t.text
        assert 0.0 < t.confidence <= 1.0


def test_match_spans_pairs_exact_before_overlap() -> None:
    gold = [(0, 6), (10, 20)]
    predicted = [(12, 18), (0, 6), (30, 35)]
    assert sorted(match_spans(gold, predicted)) == [(0, 1), (1, 0)]


# --- the gold corpora, read in place ---------------------------------------------------------------------------------


@pytest.mark.shared
def test_tempeval3_quality() -> None:
    from storyline.evaluate.timex import evaluate_timex
    from tests.conftest import require_shared

    metrics = evaluate_timex(require_shared("corpora", "tempeval3"))["metrics"]
    # Measured 0.80 value F1 and 0.87 strict span F1 (HeidelTime: about 0.78 and 0.81); small margin for changes.
    assert metrics["value_f1"] >= 0.79
    assert metrics["strict_f1"] >= 0.85


@pytest.mark.shared
def test_meantime_quality() -> None:
    from storyline.evaluate.timex import evaluate_timex_meantime
    from tests.conftest import require_shared

    metrics = evaluate_timex_meantime(require_shared("corpora", "meantime", "documents.jsonl"))["metrics"]
    assert metrics["value_f1"] >= 0.76
    assert metrics["strict_f1"] >= 0.80
