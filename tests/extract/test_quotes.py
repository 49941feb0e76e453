"""Quote extraction and cross-article linking: invented articles (people, bodies and agencies made up), mentions
built by hand so no spaCy model is needed."""

from __future__ import annotations

import random
import re
import time

import pytest

from storyline.extract.quotes import find_quotes, link_quotes
from storyline.models import Mention, Quote

# Names the invented articles use: surface form -> (type, resolved form or None).
NAMES: dict[str, tuple[str, str | None]] = {
    "Lena Vos": ("PER", None),
    "Mayor Lena Vos": ("PER", None),
    "Ms Vos": ("PER", "Lena Vos"),
    "Vos": ("PER", "Lena Vos"),
    "Piet Raal": ("PER", None),
    "Raal": ("PER", "Piet Raal"),
    "Governor Ana Mirel": ("PER", None),
    "Ana Mirel": ("PER", None),
    "Mirel": ("PER", "Ana Mirel"),
    "Harbour Authority": ("ORG", None),
    "the Harbour Authority": ("ORG", None),
    "Nordport Press Agency": ("ORG", None),
    "NPA": ("ORG", "Nordport Press Agency"),
    "Coast Courier": ("ORG", None),
    "Elmport": ("GPE", None),
}


def mentions(article_id: str, text: str) -> list[Mention]:
    """Whole-word occurrences of the known names, longest first, never overlapping."""
    taken: list[tuple[int, int]] = []
    found = []
    for name in sorted(NAMES, key=len, reverse=True):
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            kind, resolved = NAMES[name]
            found.append(Mention(article_id, m.start(), m.end(), name, kind, resolved))
    return sorted(found, key=lambda m: m.start)


def quotes(text: str, article_id: str = "a1") -> list[Quote]:
    found = find_quotes(article_id, text, mentions(article_id, text))
    for q in found:
        assert q.text == text[q.start : q.end]
        assert q.sentence_start <= q.start < q.end <= q.sentence_end
    return found


def one(text: str) -> Quote:
    found = quotes(text)
    assert len(found) == 1, [(q.text, q.speaker) for q in found]
    return found[0]


# --- marks and kinds --------------------------------------------------------------------------------------------------


def test_direct_quote_with_said_after() -> None:
    q = one("“We will rebuild the pier before winter,” Lena Vos said on Tuesday.")
    assert (q.text, q.kind, q.speaker, q.via) == ("We will rebuild the pier before winter", "direct", "Lena Vos", None)


def test_inverted_verb_and_title_stripped() -> None:
    q = one("“The tide is turning,” said Mayor Lena Vos.")
    assert (q.kind, q.speaker) == ("direct", "Lena Vos")


def test_speaker_before_with_colon_and_resolved_short_form() -> None:
    text = "Lena Vos arrived at noon. Ms Vos told reporters: “The bridge will stay shut until the divers are done.”"
    q = one(text)
    assert (q.kind, q.speaker, q.via) == ("direct", "Lena Vos", None)  # reporters are an audience, not a channel


def test_straight_double_quotes() -> None:
    q = one('"We are ready for the season," Piet Raal said.')
    assert (q.text, q.speaker) == ("We are ready for the season", "Piet Raal")


def test_partial_quotes_inside_the_reporters_sentence() -> None:
    found = quotes(
        "Lena Vos called the ferry operator a “careless, greedy outfit” that had “ignored every warning for a decade”."
    )
    assert [(q.text, q.kind, q.speaker) for q in found] == [
        ("careless, greedy outfit", "partial", "Lena Vos"),
        ("ignored every warning for a decade", "partial", "Lena Vos"),
    ]


def test_multi_sentence_quote_stays_whole() -> None:
    text = "Boats sank. “The water rose in minutes. We had no time to move the boats,” Piet Raal said. Crews waited."
    q = one(text)
    assert q.text == "The water rose in minutes. We had no time to move the boats"
    assert text[q.sentence_start : q.sentence_end].startswith("“The water rose")
    assert text[q.sentence_start : q.sentence_end].endswith("Piet Raal said.")
    assert (q.kind, q.speaker) == ("direct", "Piet Raal")


# --- speakers ---------------------------------------------------------------------------------------------------------


def test_he_takes_the_person_of_the_previous_sentence() -> None:
    q = one("Piet Raal met the crews on Monday. He praised the volunteers as “the bravest people in Elmport”.")
    assert (q.kind, q.speaker) == ("partial", "Piet Raal")


def test_she_takes_the_subject_not_the_object() -> None:
    q = one("Lena Vos thanked Piet Raal on Monday. She praised the crews as “tireless and brave”.")
    assert q.speaker == "Lena Vos"


def test_it_takes_the_organisation_speaker_before() -> None:
    text = (
        "The regional transport ministry said the ferries would stop on Friday. "
        "In a statement, it called the decision “painful but necessary”."
    )
    assert one(text).speaker == "regional transport ministry"


def test_it_takes_an_organisation_mention() -> None:
    text = "The Harbour Authority said the pier shut. In a statement, it called the storm “the worst in decades”."
    assert one(text).speaker == "Harbour Authority"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“Nobody should sail until Friday,” the coastal health ministry warned.", "coastal health ministry"),
        ("Police said the divers had found “no sign of the missing trawler”.", "Police"),
        ("“The fleet is badly damaged,” a navy spokesman said.", "navy spokesman"),
        ("On Monday, Western officials said the dam was “close to failing”.", "Western officials"),
    ],
)
def test_speakers_that_are_not_entities(text: str, speaker: str) -> None:
    assert one(text).speaker == speaker


def test_object_of_called_is_not_the_speaker() -> None:
    q = one("The Harbour Authority called Piet Raal a “reckless and stubborn man”.")
    assert q.speaker == "Harbour Authority"


def test_participle_takes_the_clause_before() -> None:
    found = quotes(
        "“The storm is over,” the Harbour Authority said, adding that the crews deserved “every bit of praise”."
    )
    assert [q.speaker for q in found] == ["Harbour Authority", "Harbour Authority"]


def test_unattributed_quote_carries_the_previous_speaker() -> None:
    found = quotes("“The pier is finished,” Lena Vos said. “Now we need ships to use it.”")
    assert [(q.speaker, q.kind) for q in found] == [("Lena Vos", "direct"), ("Lena Vos", "direct")]


def test_unattributed_quote_far_from_the_last_has_no_speaker() -> None:
    text = "“The pier is finished,” Lena Vos said. Rain fell. Ships waited. “A new era begins” was painted on the wall."
    assert [q.speaker for q in quotes(text)] == ["Lena Vos", None]


def test_sentence_with_its_own_verb_does_not_carry() -> None:
    text = "“The pier is finished,” Lena Vos said. A court filing described the works as “late and over budget”."
    assert [q.speaker for q in quotes(text)] == ["Lena Vos", None]


def test_attribution_in_a_short_next_sentence() -> None:
    q = one("“Will the sea wall hold?” Lena Vos asked.")
    assert q.speaker == "Lena Vos"
    q = one("Lena Vos met the crews. “Will the sea wall hold through the winter?” She asked. Nobody answered.")
    assert q.speaker == "Lena Vos"


def test_quote_running_over_paragraphs_takes_the_later_attribution() -> None:
    text = "“The first storm took the boats.\n\n“The second took the quay,” Piet Raal said."
    assert [q.speaker for q in quotes(text)] == ["Piet Raal", "Piet Raal"]


def test_new_opening_mark_after_a_full_stop_continues_the_speech() -> None:
    text = 'Piet Raal said: "The first storm took the boats. "The second took the quay and the crane."'
    found = quotes(text)
    assert [q.text for q in found] == ["The first storm took the boats.", "The second took the quay and the crane."]
    assert [q.speaker for q in found] == ["Piet Raal", "Piet Raal"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Vos, who leads the council, said the plan was “a reckless gamble with public money”.", "Lena Vos"),
        ("Piet Raal, visibly tired, warned that the quay was “cracked from end to end”.", "Piet Raal"),
        ("Officials in Elmport said the harbour was “a total loss for the season”.", "Officials in Elmport"),
        ("“We saw it coming,” said Piet Raal of the Harbour Authority.", "Piet Raal"),
        ("“The quay is safe,” a spokeswoman for Lena Vos said.", "spokeswoman for Lena Vos"),
        ("Lena Vos said: “The quay is closed until spring,” she said.", "Lena Vos"),
    ],
)
def test_subject_phrases(text: str, speaker: str) -> None:
    assert one(text).speaker == speaker


# --- channels ---------------------------------------------------------------------------------------------------------


def test_according_to_an_agency_is_the_channel() -> None:
    q = one("Lena Vos said the repairs were “well under way and on budget”, according to the NPA news agency.")
    assert (q.speaker, q.via) == ("Lena Vos", "NPA")


def test_according_to_alone_names_the_speaker() -> None:
    q = one("The new pier is “safe for all vessels”, according to the Harbour Authority.")
    assert (q.speaker, q.via) == ("Harbour Authority", None)


def test_agency_quoted_speaker_as_saying() -> None:
    q = one("The NPA quoted Piet Raal as saying, “We have lost three boats and a crane.”")
    assert (q.kind, q.speaker, q.via) == ("direct", "Piet Raal", "NPA")


def test_agency_reported_speaker_as_saying_after_the_quote() -> None:
    q = one("“The crane is gone and the quay is cracked,” NPA reported Raal as saying.")
    assert (q.kind, q.speaker, q.via) == ("direct", "Piet Raal", "NPA")


def test_statement_carried_by_state_media() -> None:
    q = one("“The floods are under control,” Governor Ana Mirel said in a statement carried by state media.")
    assert (q.speaker, q.via) == ("Ana Mirel", "state media")


def test_told_a_news_outlet() -> None:
    q = one("Ana Mirel told the Coast Courier that the dam was “holding, for now, but only just”.")
    assert (q.speaker, q.via) == ("Ana Mirel", "Coast Courier")


def test_agency_as_the_one_saying_is_the_speaker() -> None:
    q = one("Raal “opened the new lock gates at dawn,” the Nordport Press Agency said.")
    assert (q.speaker, q.via) == ("Nordport Press Agency", None)


def test_channel_after_the_quote_reports_the_speaker_named_before() -> None:
    q = one("Ana Mirel toured the dam and praised the engineers’ “steady, careful work”, state television reported.")
    assert (q.speaker, q.via) == ("Ana Mirel", "state television")


def test_channel_given_once_is_inherited_by_the_same_speaker() -> None:
    text = (
        "Piet Raal visited the flooded docks, the Nordport Press Agency (NPA) reported. "
        "He said the crews had shown “remarkable courage”. "
        "Lena Vos said the town owed them “a great deal of thanks”. "
        "“We will never forget what they did for this town,” Raal added, according to the agency."
    )
    found = quotes(text)
    assert [(q.speaker, q.via) for q in found] == [
        ("Piet Raal", "NPA"),
        ("Lena Vos", None),
        ("Piet Raal", "NPA"),
    ]


# --- not speech -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The so-called “green corridor” opened on Monday.",
        "Traders fear a “domino effect” across the coast.",
        "Her novel “The Salt Road Home” sold well in Elmport.",
        "Lena “The Anchor” Vos spoke first at the meeting.",
        "The ferry, dubbed “the old lady of the bay” by locals, sank.",
    ],
)
def test_scare_quotes_titles_and_nicknames_are_skipped(text: str) -> None:
    assert quotes(text) == []


def test_short_quote_with_attribution_is_kept() -> None:
    q = one("Lena Vos said the plan was “dead wrong”.")
    assert (q.text, q.speaker) == ("dead wrong", "Lena Vos")


def test_apostrophes_are_not_quotes() -> None:
    text = (
        "The town’s dockers’ guild met the fishermen’s union in the ‘90s hall. "
        "‘We need the boats back,’ Lena Vos said. Rock ’n’ roll played."
    )
    found = quotes(text)
    assert [(q.text, q.speaker) for q in found] == [("We need the boats back", "Lena Vos")]


def test_no_quotes_in_plain_text() -> None:
    assert quotes("The pier reopened on Monday. Lena Vos cut the ribbon.") == []


# --- link_quotes ------------------------------------------------------------------------------------------------------


def _corpus() -> list[Quote]:
    a = quotes("“We have lost three boats, a crane and most of the north pier,” Raal told the NPA.", "a")
    b = quotes(
        "Piet Raal said the town had “lost three boats, a crane and most of the north pier”. "
        "“The ferries will run again by May,” Raal added. "
        "He said the ferries would need “new crews and new engines before May”.",
        "b",
    )
    c = quotes("“The budget vote on the north pier is delayed until spring,” said Ana Mirel.", "c")
    d = quotes("“Our crews lost three boats and a crane in the north,” Lena Vos said.", "d")
    return a + b + c + d


def test_link_cut_quote_across_articles() -> None:
    found = _corpus()
    link_quotes(found)
    by_text = {q.text: q for q in found}
    full = by_text["We have lost three boats, a crane and most of the north pier"]
    cut = by_text["lost three boats, a crane and most of the north pier"]
    assert full.link is not None and full.link == cut.link


def test_link_reworded_quote_across_articles() -> None:
    a = quotes("“We dredged the channel twice and rebuilt the breakwater before the gales,” Raal said.", "a")
    b = quotes("Raal was quoted as saying they “dredged the channel again, rebuilt breakwaters ahead of gales”.", "b")
    link_quotes(a + b)
    assert a[0].link is not None and a[0].link == b[0].link


def test_no_link_for_unrelated_same_article_or_other_speaker() -> None:
    found = _corpus()
    link_quotes(found)
    by_text = {q.text: q for q in found}
    assert by_text["The budget vote on the north pier is delayed until spring"].link is None
    # same words from another named speaker are a different quote
    assert by_text["Our crews lost three boats and a crane in the north"].link is None
    # two quotes of article b share words ("ferries", "May") but one article never links to itself
    assert by_text["The ferries will run again by May"].link is None
    assert by_text["new crews and new engines before May"].link is None


def test_link_is_deterministic_and_order_free() -> None:
    found = _corpus()
    link_quotes(found)
    first = {(q.article_id, q.start): q.link for q in found}
    shuffled = _corpus()
    random.Random(7).shuffle(shuffled)
    link_quotes(shuffled)
    assert {(q.article_id, q.start): q.link for q in shuffled} == first
    assert all(link is None or re.fullmatch(r"q[0-9a-f]{10}", link) for link in first.values())


def test_link_scales_to_thousands_of_quotes() -> None:
    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(3000)]
    many = []
    for i in range(4000):
        text = " ".join(rng.sample(vocab, 12))
        many.append(Quote(f"art{i // 4}", 0 + i % 4 * 100, 80 + i % 4 * 100, text, "direct"))
    started = time.perf_counter()
    link_quotes(many)
    assert time.perf_counter() - started < 5


def test_attribution_looks_back_a_bounded_reach_from_each_verb(monkeypatch) -> None:
    # One unbalanced quotation mark joins a whole text into one block; looking back from every speech verb to the
    # block's start was quadratic (150,000 such characters: 61 s). The text scanned grows linearly with the text.
    from storyline.extract import quotes

    scanned = [0]
    real = quotes.tokenize
    monkeypatch.setattr(
        quotes, "tokenize", lambda p, t, lo, hi: scanned.__setitem__(0, scanned[0] + hi - lo) or real(p, t, lo, hi)
    )
    per_char = []
    for units in (200, 2000):
        scanned[0] = 0
        text = ('"' * 7 + " said Vos. ") * units
        quotes.find_quotes("a", text, [])
        per_char.append(scanned[0] / len(text))
    assert per_char[1] < 2 * per_char[0] + 50
