"""Furniture rules: what goes, and the report sentences that must never go."""

from __future__ import annotations

import pytest

from storyline.clean import furniture_candidates, line_key
from storyline.clean.furniture import find_furniture
from storyline.clean.paragraphs import logical_lines

REPORT = (
    "The council said on Monday that the new ferry would start in June with two boats."
)  # fmt: skip


def _dropped(text: str, recurring: frozenset[str] = frozenset()) -> list[str]:
    lines = logical_lines(text)
    found = find_furniture(lines, recurring)
    return [lines[i] for i in sorted(found.drop)]


@pytest.mark.parametrize(
    "line",
    [
        "- Advertisement -",
        "ADVERTISEMENT",
        "- Advertisement -spot_imgspot_img",
        "Story continues below advertisement",
        "Source link",
        "Read more",
        "Read more: Ferry prices rise again",
        "Highlights",
        "Latest News",
        "Share this article",
        "Share on Facebook",
        "Facebook Twitter WhatsApp Email",
        "Follow us on Telegram",
        "Follow The Harbour Ledger on Instagram",
        "Sign up now: Get the week's harbour news",
        "Subscribe to our newsletter",
        "Support The Harbour Ledger!",
        "Photo: Ferry passengers at the pier.",
        "Image caption, The old bridge before it closed",
        "Harbour view at dawn. Lakeview Council / Facebook",
        "Ferry passengers at the pier (AFP)",
        "Boats in the harbour. AFP via Getty Images",
        "Tags: ferries, harbour",
        "© 2025 The Harbour Ledger. All rights reserved.",
        "We use cookies to improve your experience on our site.",
        "(Reporting by Lena Storr; Editing by Piet Vahl)",
        "Listen to this article",
        "4 min read",
        "* * *",
        "By Mara Quill",
        "Published: 12 January 2024, 09:15 GMT",
        "Updated 3 hours ago",
        "Tuesday, March 4, 2025",
        "Join our WhatsApp channel for the latest harbour news",
        "Advertisement - scroll to continue",
        "Recent Posts",
        "Leave a Reply Cancel reply",
        "news@example.org",
        "Getty Images",
        "EPA/Shutterstock",
        "Harbour view at dawn. Photo: Ivo Brandt",
        "Purchase Licensing Rights, opens new tab",
        "(END)",
        "Home > World > Asia",
        "This article was originally published on Harbour Ledger.",
        "Follow @harbourledger",
    ],
)
def test_single_furniture_lines_go(line: str) -> None:
    assert _dropped(f"{line}\n\n{REPORT}\n\n{REPORT}") == [line]


@pytest.mark.parametrize(
    "line",
    [
        "Support for the plan grew after a storm cut the only bridge to the island.",
        "Published reports put the value of the order at 2.5 billion dollars.",
        "Photos released by the ministry showed him giving a lecture to students.",
        "Read more about the plan in the council's report, the mayor told reporters.",
        "Subscribers to the ferry pass will pay 20 euros a month from June.",
        "In case you had doubts whether Thomas (left) would get more carries, the coach settled it.",
        "By Monday, the ministry had not responded to requests for comment.",
        "Share prices in ferry operators rose 4 percent on the news.",
        "We use these boats every day, said a fisherman on the pier.",
        "Google said it would phase out third-party cookies next year.",
        "Sign up rates for the course fell sharply, the university said.",
        "Kim Jong Un met Vladimir Putin in Beijing.",
        "He declined to comment.",
        "Copyright law changed in 2019, the court said.",
        "Compiled by the ministry, the list names 40 firms.",
        "Picture, if you will, a ferry full of tourists in the fog.",
    ],
)
def test_report_sentences_stay(line: str) -> None:
    assert _dropped(f"{REPORT}\n\n{line}\n\n{REPORT}") == []


def test_weather_widget_takes_its_city_line() -> None:
    assert _dropped(f"24.5 C\nPort Ellis\n\n{REPORT}") == ["24.5 C", "Port Ellis"]


def test_page_date_from_top_date_line() -> None:
    found = find_furniture(logical_lines(f"Saturday, August 30, 2025\n\n{REPORT}"))
    assert found.page_date == "2025-08-30"


def test_appeal_block_runs_to_its_buttons_and_stops_at_the_report() -> None:
    text = (
        f"{REPORT}\n\nA Message from The Harbour Ledger:\n\nDear readers,\n\n"
        "Our newsroom depends on readers like you. Please consider a monthly contribution to our work.\n\n"
        "Once\nMonthly\nContinue\nRemind me later.\n\n"
        "“We will keep the ferry running,” the mayor said after the vote on Monday evening.\n"
    )
    dropped = _dropped(text)
    assert dropped[0] == "A Message from The Harbour Ledger:"
    assert "Remind me later." in dropped
    assert not any("mayor" in d for d in dropped)


def test_newsletter_block_takes_its_blurb() -> None:
    text = (
        f"{REPORT}\n\nSign up for our free weekly newsletter\n\n"
        "Our weekly newsletter brings the harbour news to your inbox every Sunday. Preview\n"
        "Subscribers agree to the Privacy Policy\n\n"
        f"{REPORT}"
    )
    assert len(_dropped(text)) == 3


def test_link_list_under_heading_goes_after_the_report() -> None:
    text = f"{REPORT}\n\nRelated Articles\nIsland bakery wins prize\nStorm damage worse than feared\n"
    assert _dropped(text) == ["Related Articles", "Island bakery wins prize", "Storm damage worse than feared"]


def test_wrapped_sentence_fragment_is_not_a_button() -> None:
    text = (
        "The company said each shareholder would receive one new\n"
        "share for every two held, subject to approval at the meeting\n"
        "in April, and the board recommended that holders vote for each\n"
        "share.\n"
    )
    assert _dropped(text) == []
    assert logical_lines(text)[0].endswith("vote for each share.")


def test_recurring_lines_go_but_report_sentences_and_headlines_stay() -> None:
    headline = "Ferry line to the northern islands approved by council"
    text = f"{headline}\n\nHarbour Ledger Daily\n\n{REPORT}\n\nThanks for reading"
    recurring = frozenset(line_key(s) for s in (headline, "Harbour Ledger Daily", REPORT, "Thanks for reading"))
    assert _dropped(text, recurring) == ["Harbour Ledger Daily", "Thanks for reading"]


def test_line_key_ignores_case_accents_punctuation_and_numbers() -> None:
    assert line_key("  Café  News — 31.9 °C ") == line_key("cafe news: 28.0 C")
    assert line_key("Read more") == "read more"


def test_furniture_candidates_are_short_lines_once_each() -> None:
    text = f"Read more\n\n{REPORT}\n\nRead more\nShare\n"
    assert furniture_candidates(text) == ["read more", "share"]


def test_short_last_sentence_after_an_ad_stays() -> None:
    assert _dropped(f"{REPORT}\n\n- Advertisement -\n\nHe declined to comment.\n") == ["- Advertisement -"]


def test_appeal_ends_after_its_buttons() -> None:
    text = (
        f"{REPORT}\n\nA Message from The Harbour Ledger:\n\n"
        "Please support our reporting with a gift today, we need you.\n\n"
        "Once\nMonthly\n\nIf you ask residents, most of them want the ferry to run all year, the survey found.\n"
    )
    assert not any("survey" in d for d in _dropped(text))


def test_last_paragraph_with_agency_credit_is_not_a_caption() -> None:
    assert _dropped(f"{REPORT}\n\nThe ferry will run all year, the council said. (AFP)") == []


def test_weather_widget_in_one_line() -> None:
    assert _dropped(f"Partly cloudy 24°C\n\n{REPORT}") == ["Partly cloudy 24°C"]


def test_cross_document_evidence_never_takes_a_whole_article() -> None:
    # Notes differing only in their numbers share one line key (digits are masked): recurring, yet each is an
    # article of its own, not furniture around one.
    note = "Document number 7 about the harbour."
    assert _dropped(note, frozenset({line_key(note)})) == []
    # Beside text that stays, the same evidence still removes the line.
    text = f"{note}\n\n{REPORT}"
    assert _dropped(text, frozenset({line_key(note)})) == [note]
