"""Datelines and agency credits at the edges of a report; the outlet named by furniture."""

from __future__ import annotations

import pytest

from storyline.clean.outlet import outlet_from_furniture
from storyline.clean.wire import split_dateline, split_trailing_credit


@pytest.mark.parametrize(
    ("paragraph", "place", "agency"),
    [
        ("Moscow - The ministry said the ambassador had died.", "Moscow", None),
        ("SEOUL, Dec 9 (Reuters) - North Korea said on Tuesday.", "Seoul", "Reuters"),
        ("WASHINGTON — The Senate voted on Monday.", "Washington", None),
        ("KYIV, Ukraine (AP) — A drone hit a power station.", "Kyiv, Ukraine", "AP"),
        ("NEW DELHI: The court adjourned the hearing.", "New Delhi", None),
        ("(AP) — The storm reached the coast overnight.", None, "AP"),
        ("PORT ELLIS, Dec. 9 (Yonhap) -- The coast guard said.", "Port Ellis", "Yonhap"),
        ("Port Ellis (CNN) — The coast guard said.", "Port Ellis", None),
    ],
)
def test_datelines(paragraph: str, place: str | None, agency: str | None) -> None:
    found = split_dateline(paragraph)
    assert found is not None
    assert (found.place, found.agency) == (place, agency)
    assert paragraph[len(found.prefix) :][:1].isupper()


@pytest.mark.parametrize(
    "paragraph",
    [
        "Kim Jong Un — North Korea's leader — said the talks went well.",
        "The ministry - which did not give a cause - said he died.",
        "Putin - who met him twice - praised the envoy.",
        "NOTE: The figures are unaudited.",
        "Kim: We will build a monument.",
        "Ferry fares will rise in June, the council said.",
    ],
)
def test_not_datelines(paragraph: str) -> None:
    assert split_dateline(paragraph) is None


@pytest.mark.parametrize(
    ("paragraph", "before", "credit"),
    [
        ("Moscow did not say who will replace him. AFP", "Moscow did not say who will replace him.", "AFP"),
        ("The talks end on Friday. (AP)", "The talks end on Friday.", "(AP)"),
        ("The talks end on Friday. — Reuters", "The talks end on Friday.", "— Reuters"),
        ("AFP", "", "AFP"),
        ("With AFP", "", "With AFP"),
        ("The talks end on Friday. With inputs from PTI", "The talks end on Friday.", "With inputs from PTI"),
        ("The talks end on Friday. (END)", "The talks end on Friday.", "(END)"),
        ("The talks end on Friday. Yonhap (END)", "The talks end on Friday.", "Yonhap (END)"),
    ],
)
def test_trailing_credits(paragraph: str, before: str, credit: str) -> None:
    found = split_trailing_credit(paragraph)
    assert found is not None and found[:2] == (before, credit)


@pytest.mark.parametrize("paragraph", ["He said AP was wrong.", "The AFP", "It was reported by Reuters."])
def test_not_trailing_credits(paragraph: str) -> None:
    assert split_trailing_credit(paragraph) is None


def test_outlet_named_by_furniture() -> None:
    assert outlet_from_furniture(["Support The Harbour Ledger!", "A Message from The Harbour Ledger:"]) == (
        "The Harbour Ledger"
    )
    assert outlet_from_furniture(["© 2024 The Valley Courier. All rights reserved."]) == "The Valley Courier"


@pytest.mark.parametrize(
    "lines",
    [["Support Independent Journalism!"], ["Support us!"], ["Sign up now: Get insights on Asia"], ["© AFP"], []],
)
def test_no_outlet_invented(lines: list[str]) -> None:
    assert outlet_from_furniture(lines) is None
