"""Numeric claims: what is counted, who says so, as of when. Every text here is invented."""

from __future__ import annotations

import pytest

from storyline.extract.claims import claim_key, find_claims, split_outcome, unit_kind
from storyline.extract.quantities.finder import find_quantities
from storyline.extract.timex.finder import find_timexes
from storyline.models import Claim, Mention

PUBLISHED = "2025-06-12"  # a Thursday


def _mentions(text: str, *names: tuple[str, str] | tuple[str, str, str]) -> list[Mention]:
    """Mentions of each (surface, type[, resolved]) wherever the surface occurs, as the NER stage would give them."""
    found = []
    for surface, kind, *resolved in names:
        start = text.find(surface)
        while start >= 0:
            found.append(Mention("a1", start, start + len(surface), surface, kind, resolved[0] if resolved else None))
            start = text.find(surface, start + 1)
    return sorted(found, key=lambda m: m.start)


def _claims(
    text: str, *names: tuple[str, str] | tuple[str, str, str], published: str | None = PUBLISHED
) -> list[Claim]:
    return find_claims(
        "a1", text, published, find_quantities(text), find_timexes(text, published), _mentions(text, *names)
    )


def _one(text: str, *names: tuple[str, str] | tuple[str, str, str]) -> Claim:
    claims = _claims(text, *names)
    assert len(claims) == 1, claims
    return claims[0]


# --- what becomes a claim ---------------------------------------------------------------------------------------


def test_claim_carries_span_sentence_value_and_qualifier():
    text = "The ferry ran aground. At least 40 fishermen were killed in the storm over Ostrava Bay."
    claim = _one(text, ("Ostrava Bay", "LOC"))
    assert text[claim.start : claim.end] == claim.text == "At least 40 fishermen"
    assert (claim.value, claim.value_high, claim.qualifier) == (40.0, None, "At least")
    assert claim.sentence == text[claim.sentence_start : claim.sentence_end]
    assert claim.sentence.startswith("At least 40") and claim.article_id == "a1"
    assert claim.quantity_of == "fishermen killed" and claim.key == "fisherman killed"


def test_durations_dates_references_and_names_are_not_claims():
    text = (
        "The storm, one of the worst in two decades, lasted three days. The two agencies met for three hours on "
        "4 May 2023. The “Pier 39 Fund” was set up in 2019. She said it was a week of grief."
    )
    assert _claims(text) == []


def test_bare_number_with_nothing_counted_is_dropped_but_counts_money_and_shares_stay():
    claims = _claims("Turnout was 61%, officials said. The port earned $4bn in revenue. He was 45 then.")
    assert [(c.text, c.key) for c in claims] == [("61%", "% turnout"), ("$4bn", "dollar revenue")]


def test_range_and_ranges_of_vague_numbers_are_kept():
    claims = _claims("Officials estimate that between 300 and 500 people were displaced. Dozens of boats sank.")
    assert [(c.value, c.value_high, c.key) for c in claims] == [
        (300.0, 500.0, "people displaced"),
        (12.0, 120.0, "boat sank"),
    ]


# --- what is counted --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity_of", "unit", "key"),
    [
        ("troops perished", "troop", "soldier killed"),
        ("soldiers lost their lives", "soldier", "soldier killed"),
        ("servicemen died", "serviceman", "soldier killed"),
        ("Ostravan troops killed", "ostravan troop", "ostravan soldier killed"),
        ("deaths", "death", "people killed"),
        ("fatalities", "fatality", "people killed"),
        ("lives", "life", "people killed"),
        ("lives saved", "life", "people saved"),
        ("killed", None, "people killed"),
        ("persons injured", "person", "people wounded"),
        ("troops deployed", "troop", "soldier sent"),
        ("troops dispatched", "troop", "soldier sent"),
        ("active soldiers", "active soldier", "active soldier"),
        ("wounded soldiers", "soldier", "soldier wounded"),
        ("reserve soldiers", "reserve soldier", "reserve soldier"),
    ],
)
def test_count_keys_fold_synonyms_and_keep_modifiers(quantity_of, unit, key):
    assert claim_key(quantity_of, unit) == key


def test_keys_of_ages_money_shares_and_measures():
    assert claim_key("age", "year of age", "Ms Lena Vos") == "age lena vos"
    assert claim_key("age", "age") == "age"
    assert claim_key("fine", "euro") == "euro fine"
    assert claim_key("voters", "percentage") == "% voter"
    assert claim_key("unemployment", "percentage", change="up") == "% unemployment change"
    assert claim_key("depth", "metre") == "metre depth"
    assert claim_key(None, "percentage") is None
    assert claim_key(None, "month") is None


def test_split_outcome_and_unit_kind():
    assert split_outcome("Ostravan sailors drowned") == ("Ostravan sailors", "drowned")
    assert split_outcome("fishermen lost their lives") == ("fishermen", "lost their lives")
    assert split_outcome("perished") == (None, "perished")
    assert split_outcome("active soldiers") == ("active soldiers", None)
    assert [unit_kind(u) for u in ("year of age", "dollar per barrel", "% adult", "kilometre", "week", "dock")] == [
        "age",
        "currency",
        "percentage",
        "measure",
        "time",
        "count",
    ]


def test_outcome_synonyms_align_across_wordings():
    texts = [
        "Harbour officials said 12 fishermen died.",
        "Harbour officials said 12 fishermen lost their lives.",
        "Harbour officials said 12 fishermen had perished.",
        "The storm killed 12 fishermen, harbour officials said.",
    ]
    assert {_one(t).key for t in texts} == {"fisherman killed"}


def test_age_belongs_to_the_nearest_person_not_to_the_source():
    claim = _one(
        "Tom Berg said Ms Vos died at the age of 81 on Saturday.",
        ("Tom Berg", "PER"),
        ("Ms Vos", "PER", "Lena Vos"),
    )
    assert (claim.key, claim.quantity_of, claim.unit, claim.attributed_to) == (
        "age lena vos",
        "age",
        "year of age",
        "Tom Berg",
    )
    alone = _one("The harbour master has died aged 81, the authority said.")
    assert alone.key == "age"


def test_later_figure_inherits_what_the_earlier_figure_of_its_sentence_counts():
    text = (
        "In February, harbour officials said at least 90 of the dockers had been injured, but a later count put the "
        "total at 40 injured."
    )
    first, second = _claims(text)
    assert (first.quantity_of, first.key) == ("dockers injured", "docker wounded")
    assert (second.text, second.quantity_of, second.key) == ("40", "dockers injured", "docker wounded")
    assert second.attributed_to == "later count"
    assert second.unit == first.unit == "docker"


def test_figure_anaphor_in_next_sentence_inherits():
    text = "The health ministry said 310 people had been treated. The figure was later revised to 290."
    first, second = _claims(text)
    assert second.value == 290 and second.key == first.key == "people treated"


def test_modifiers_that_change_the_thing_keep_keys_apart():
    text = "Ostrava has some 40,000 active sailors. At least 300 sailors were wounded and 45 sailors were killed."
    assert [c.key for c in _claims(text, ("Ostrava", "GPE"))] == ["active sailor", "sailor wounded", "sailor killed"]


# --- who says so ------------------------------------------------------------------------------------------------


def test_named_source_from_a_mention_uses_the_fuller_name():
    text = "Ms Vos told reporters that 14 boats had sunk."
    assert _one(text, ("Ms Vos", "PER", "Lena Vos")).attributed_to == "Lena Vos"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Port officials said 12 ferries were damaged.", "Port officials"),
        ("The health ministry says 300 people were treated.", "health ministry"),
        ("State media reported that 18 sailors were rescued.", "State media"),
        ("Eleven boats sank, police said.", "police"),
        ("The storm damaged 2,500 homes, a ministry spokesman said on Monday.", "ministry spokesman"),
        ("Updated figures show that about 120 containers were lost.", "Updated figures"),
        ("Rescuers pulled 17 survivors from the water, said the harbour master.", "harbour master"),
        ("Officials reportedly said 40 ships sank.", "Officials"),
        ("Ms Vos died at the age of 81, her family said.", "family"),
    ],
)
def test_common_noun_sources(text, source):
    assert _one(text).attributed_to == source


def test_source_after_the_number_and_inverted_said():
    text = "Rescuers pulled 17 survivors from the water, said Tom Berg, the harbour master."
    assert _one(text, ("Tom Berg", "PER")).attributed_to == "Tom Berg"
    text = "At least 40 people died in the flood on Monday, the Harbour Authority said."
    assert _one(text, ("the Harbour Authority", "ORG")).attributed_to == "Harbour Authority"


def test_possessive_organisation_comes_out_whole():
    text = "In May, Ostrava's Coastal Rescue Service told the port council that 85 volunteers were deployed."
    claim = _one(text, ("Ostrava", "GPE"), ("Coastal Rescue Service", "ORG"))
    assert claim.attributed_to == "Ostrava's Coastal Rescue Service"
    assert claim.key == "volunteer sent"


def test_according_to():
    claims = _claims(
        "According to the Harbour Authority, 52 residents were evacuated. 30 more homes were flooded, according to "
        "local media reports. According to figures from the port police, 9 cranes collapsed.",
        ("the Harbour Authority", "ORG"),
    )
    assert [c.attributed_to for c in claims] == ["Harbour Authority", "local media", "port police"]


def test_report_nouns_point_to_who_made_the_report():
    assert (
        _one("A report from the harbour police showed that 300 containers were lost.").attributed_to == "harbour police"
    )
    assert _one("Reports by coastal residents indicate 12 piers collapsed.").attributed_to == "coastal residents"
    assert _one("The eastern district showed 12 new cases.").attributed_to is None  # a place shows no report


def test_each_number_takes_the_verb_of_its_own_clause():
    text = "The ministry said the storm damaged 2,500 homes, while the Red Cross estimated 4,000 were damaged."
    first, second = _claims(text, ("Red Cross", "ORG"))
    assert (first.attributed_to, second.attributed_to) == ("ministry", "Red Cross")
    assert first.key == second.key == "home damaged"


def test_pronoun_within_the_sentence_refers_to_the_earlier_subject():
    text = "Harbour officials, who toured the docks in March, say they believe 60 berths were damaged."
    assert _one(text).attributed_to == "Harbour officials"


def test_pronoun_continues_the_previous_sentence():
    text = "In May, the Harbour Authority said 310 people had been treated. It said 45 more had been evacuated."
    first, second = _claims(text, ("the Harbour Authority", "ORG"))
    assert first.attributed_to == second.attributed_to == "Harbour Authority"
    assert (second.as_of, second.as_of_how) == ("2025-05", "context")


def test_pronoun_falls_back_to_the_organisation_of_the_previous_sentence():
    text = "The Harbour Authority published its figures on Tuesday. It said 12 fishermen lost their lives."
    claim = _one(text, ("The Harbour Authority", "ORG"))
    assert claim.attributed_to == "Harbour Authority"
    assert (claim.as_of, claim.as_of_how) == ("2025-06-10", "context")


def test_own_voice_and_impersonal_passive_have_no_source():
    assert _one("Rescuers found 17 survivors in the bay.").attributed_to is None
    assert _one("It is believed 200 sailors were on board.").attributed_to is None
    assert _one("Ostrava Bay is estimated to hold 200 sailors.").attributed_to is None


# --- as of when -------------------------------------------------------------------------------------------------


def test_date_of_the_sentence_governs():
    claim = _one("In March, the Harbour Authority told reporters that at least 40 fishermen had been killed.")
    assert (claim.as_of, claim.as_of_how) == ("2025-03", "sentence")
    claim = _one("Lena Vos died aged 81 on Saturday.", ("Lena Vos", "PER"))
    assert (claim.as_of, claim.as_of_how) == ("2025-06-07", "sentence")


def test_date_bounding_a_span_is_not_the_as_of_date():
    text = "In May the authority said 3,900 cranes had been damaged since the storm hit in 2023."
    assert _one(text).as_of == "2025-05"
    assert _one("The authority said 80 berths had been repaired since March.").as_of_how == "published"


def test_date_in_another_numbers_clause_does_not_govern():
    text = "The fund, which was set up in 2019 with 10 employees, now has 2,000 staff."
    first, second = _claims(text)
    assert first.as_of == "2019"
    assert (second.as_of, second.as_of_how, second.recency) == (PUBLISHED, "published", "later")


def test_publication_date_when_nothing_else_dates_the_figure():
    claim = _one("Rescuers found 17 survivors in the bay.")
    assert (claim.as_of, claim.as_of_how) == (PUBLISHED, "published")
    claims = _claims("Rescuers found 17 survivors in the bay.", published=None)
    assert (claims[0].as_of, claims[0].as_of_how) == (None, None)


# --- recency ----------------------------------------------------------------------------------------------------


def test_recency_cues_order_figures_of_one_sentence():
    text = (
        "Port officials had previously estimated that 300 containers were lost, whereas updated figures show that "
        "about 120 were lost."
    )
    first, second = _claims(text)
    assert (first.attributed_to, second.attributed_to) == ("Port officials", "updated figures")
    assert (first.recency, first.as_of, first.as_of_how) == ("earlier", None, None)
    assert (second.recency, second.as_of, second.as_of_how) == ("later", PUBLISHED, "published")
    assert first.key == second.key == "container lost"


def test_later_cue_without_a_date_of_its_own_takes_the_publication_date():
    text = (
        "In February, harbour officials said at least 90 of the dockers had been injured, but updated estimates put "
        "the total at 40 injured."
    )
    first, second = _claims(text)
    assert (first.as_of, first.recency, first.attributed_to) == ("2025-02", None, "harbour officials")
    assert (second.as_of, second.as_of_how, second.recency) == (PUBLISHED, "published", "later")
    assert second.attributed_to == "updated estimates"


def test_recency_cues_across_sentences_and_not_inside_dates():
    first, second = _claims("Initially, 20 people were reported missing. Rescuers now say 35 people are missing.")
    assert (first.recency, second.recency) == ("earlier", "later")
    assert first.key == second.key == "people missing"
    lone = _one("Earlier this year 40 people died in the flood.")
    assert lone.recency is None and lone.as_of == "2025"


def test_deterministic():
    text = "In May, the Harbour Authority said 310 people had been treated. It said 45 more had been evacuated."
    assert _claims(text, ("the Harbour Authority", "ORG")) == _claims(text, ("the Harbour Authority", "ORG"))


def test_the_day_a_source_gave_the_figure_is_its_as_of() -> None:
    claim = _one(
        "Twenty sailors were injured in Tuesday's collapse at Berth 4, the Harbour Authority said on Wednesday."
    )
    assert claim.as_of == "2025-06-11" and claim.as_of_how == "sentence"
