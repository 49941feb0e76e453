from storyline.models import DatedSentence
from storyline.story.timeline import date_sort_key, merge_timeline
from storyline.text import event_words


def _dated(article: str, date: str, sentence: str, how: str = "explicit", start: int = 0) -> DatedSentence:
    return DatedSentence(article, date, how, 0.9, date, start, start + 4, sentence, start, start + len(sentence))


def test_one_event_reported_by_several_articles_is_one_entry_citing_all() -> None:
    events = merge_timeline(
        [
            _dated("b", "2031-05", "In May the harbour board approved the new crane contract."),
            _dated("a", "2031-05", "The board approved the crane contract in May after a long debate."),
        ],
        {"a": "2031-06-01", "b": "2031-06-02"},
    )
    assert len(events) == 1
    assert events[0].article_ids == ["a", "b"]  # in publication order


def test_granularity_is_kept_and_different_events_stay_apart() -> None:
    events = merge_timeline(
        [
            _dated("a", "2030", "The Nordvik treaty was signed in 2030 by both parties."),
            _dated("a", "2030-10", "In October 2030 the ferry line opened to passengers.", start=100),
            _dated("b", "2030", "Mayor Lena Vos visited the islands in 2030 for the first time."),
        ],
        {"a": "2031-01-01", "b": "2031-01-02"},
    )
    assert [(e.date, e.article_ids) for e in events] == [("2030", ["a"]), ("2030", ["b"]), ("2030-10", ["a"])]


def test_names_alone_do_not_make_two_sentences_one_event() -> None:
    events = merge_timeline(
        [
            _dated("a", "2030", "President Lena Vos signed the water pact in 2030."),
            _dated("b", "2030", "President Lena Vos toured the northern ports in 2030."),
        ],
        {},
    )
    assert len(events) == 2


def test_one_day_in_one_story_is_one_event_however_worded() -> None:
    events = merge_timeline(
        [
            _dated("a", "2031-03-04", "The ferry captain died on March 4, the company said."),
            _dated("b", "2031-03-04", "His death last Tuesday shocked the island.", how="relative_to_dct"),
        ],
        {},
    )
    assert len(events) == 1 and events[0].how == "explicit"


def test_inferred_dates_are_marked_uncertain() -> None:
    events = merge_timeline([_dated("a", "2031-03-03", "The port reopened on Monday.", how="inferred")], {})
    assert events[0].uncertain


def test_order_is_chronological_with_coarser_values_first() -> None:
    assert sorted(["2024-02-03", "2024", "2023-12", "2024-02"], key=date_sort_key) == [
        "2023-12",
        "2024",
        "2024-02",
        "2024-02-03",
    ]


def test_event_words_drop_names_dates_and_numbers_on_request() -> None:
    assert event_words("Lena Vos opened 3 bridges in May", names=False) == {"open", "bridg"}
