from storyline.models import DatedSentence, Relation
from storyline.reconcile.dates import date_conflicts, wording_conflicts


def _dated(article: str, date: str, timex: str, sentence: str) -> DatedSentence:
    return DatedSentence(article, date, "explicit", 0.9, timex, 0, len(timex), sentence, 0, len(sentence))


def test_a_rewrite_that_changes_a_date_contradicts_its_origin() -> None:
    origin = _dated("a", "2030-10", "Last October", "Last October, Vos sent the council a letter of thanks.")
    rewrite = _dated("b", "2029-10", "October 2029", "In October 2029, Vos sent the council a thank-you letter.")
    [conflict] = date_conflicts([origin, rewrite], [Relation("rewrite", "a", "b", 0.6)])
    assert conflict.topic == "date" and conflict.kind == "contradiction"
    assert [s.articles for s in conflict.sides] == [["a"], ["b"]]
    assert "2030-10" in (conflict.sides[0].text or "") and "2029-10" in (conflict.sides[1].text or "")


def test_the_same_date_or_a_different_granularity_is_no_conflict() -> None:
    a = _dated("a", "2030-10", "October", "In October, Vos sent the council a letter of thanks.")
    same = _dated("b", "2030-10", "last October", "Last October Vos sent the council a letter of thanks.")
    coarser = _dated("c", "2030", "2030", "In 2030 Vos sent the council a letter of thanks.")
    assert (
        date_conflicts([a, same, coarser], [Relation("rewrite", "a", "b", 0.6), Relation("rewrite", "a", "c", 1)]) == []
    )


def test_unrelated_sentences_are_not_aligned() -> None:
    a = _dated("a", "2030-10", "October", "In October, Vos sent the council a letter of thanks.")
    b = _dated("b", "2029-10", "October 2029", "The ferry line opened in October 2029 after delays.")
    assert date_conflicts([a, b], [Relation("rewrite", "a", "b", 0.6)]) == []


def test_done_in_one_copy_and_only_intended_in_the_other_is_flagged() -> None:
    texts = {
        "a": "The storm hit the coast. That week the governor introduced a bill to ratify the harbour treaty.",
        "b": "A storm struck the coast. The same week, the assembly ratified a harbour treaty with the islands.",
    }
    [conflict] = wording_conflicts(texts, [Relation("rewrite", "a", "b", 0.55)])
    assert conflict.topic == "wording" and "ratify" in conflict.about
    assert wording_conflicts(texts, []) == []  # independent reports are not compared


def test_independent_reports_of_one_event_with_two_dates_conflict() -> None:
    a = _dated("a", "2030-03-05", "March 5", "The Harlow summit on water rights opened in Vienna on March 5.")
    b = _dated("b", "2030-03-06", "March 6", "The Harlow summit on water rights opened in Vienna on March 6.")
    [conflict] = date_conflicts([a, b], [])
    assert [s.articles for s in conflict.sides] == [["a"], ["b"]]


def test_independent_reports_need_more_than_a_short_shared_phrase() -> None:
    # Two notices of different companies: one shared word, no shared name.
    a = _dated("a", "2030-04-15", "April 15", "Pay April 15")
    b = _dated("b", "2030-04-30", "April 30", "Pay April 30")
    assert date_conflicts([a, b], []) == []


def test_a_recurring_form_with_many_dates_is_no_disagreement() -> None:
    notices = [
        _dated(
            f"n{i}", f"2030-04-{day:02d}", f"April {day}", f"Payment for the Lumen bond issue is due on April {day}."
        )
        for i, day in enumerate((3, 9, 15, 28))
    ]
    assert date_conflicts(notices, []) == []
    # Two versions of one date are a disagreement; copies are always compared.
    assert len(date_conflicts(notices[:2], [])) == 1
    assert len(date_conflicts(notices, [Relation("rewrite", "n0", "n1", 0.9)])) == 1


def test_the_same_relative_words_published_on_different_days_are_no_conflict() -> None:
    a = _dated(
        "a", "2030-03-02", "last week", "Investor Ada Holm offered 34 crowns a share for Velmar Lines last week."
    )
    b = _dated(
        "b", "2030-03-09", "last week", "Investor Ada Holm offered 34 crowns a share for Velmar Lines last week."
    )
    assert date_conflicts([a, b], [Relation("duplicate", "a", "b", 1.0)]) == []


def test_copies_of_one_article_cost_what_one_does(monkeypatch) -> None:
    # N exact copies (and N notices from one template) repeat one sentence with one date: comparing each pair was
    # N² work (2,000 copies: 10 GB). Identical sentences with identical dates are compared once.
    from storyline.reconcile import dates

    compared = []
    real = dates._date_conflict
    monkeypatch.setattr(dates, "_date_conflict", lambda a, b: compared.append(1) or real(a, b))
    sentence = "The Harlow summit on water rights opened in Vienna on March 5."
    other = "The Harlow summit on water rights opened in Vienna on March 6."
    counts = []
    for n in (10, 1000):
        compared.clear()
        copies = [_dated(f"c{i:04d}", "2030-03-05", "March 5", sentence) for i in range(n)]
        relations = [Relation("duplicate", "c0000", f"c{i:04d}", 1.0) for i in range(1, n)]
        [conflict] = date_conflicts([*copies, _dated("z", "2030-03-06", "March 6", other)], relations)
        assert [s.articles for s in conflict.sides] == [["c0000"], ["z"]]
        counts.append(len(compared))
    assert counts[0] == counts[1] == 1
