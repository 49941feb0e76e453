"""Reconciling numeric claims across articles. Every text and figure here is invented."""

from __future__ import annotations

import random
from dataclasses import asdict
from datetime import date

from storyline.extract.claims import claim_key, find_claims
from storyline.extract.quantities.finder import find_quantities
from storyline.extract.timex.finder import find_timexes
from storyline.models import Claim, Mention
from storyline.reconcile.claims import as_of_interval, reconcile_claims, same_value


def _claim(
    article: str,
    value: float,
    quantity_of: str | None,
    unit: str | None,
    as_of: str | None = "2025-06-12",
    *,
    text: str | None = None,
    high: float | None = None,
    source: str | None = None,
    recency: str | None = None,
    person: str | None = None,
    start: int = 0,
) -> Claim:
    written = text or f"{value:g}"
    sentence = f"{source or 'It'} gave {written} {quantity_of or ''} ({article})."
    return Claim(
        article_id=article,
        start=start,
        end=start + len(written),
        text=written,
        value=value,
        value_high=high,
        unit=unit,
        qualifier=None,
        quantity_of=quantity_of,
        key=claim_key(quantity_of, unit, person),
        sentence=sentence,
        sentence_start=0,
        sentence_end=len(sentence),
        attributed_to=source,
        as_of=as_of,
        as_of_how="sentence",
        recency=recency,  # type: ignore[arg-type]
    )


def _from_text(article: str, text: str, published: str, *names: tuple[str, str, str | None]) -> list[Claim]:
    mentions = []
    for surface, kind, resolved in names:
        start = text.find(surface)
        if start >= 0:
            mentions.append(Mention(article, start, start + len(surface), surface, kind, resolved))
    return find_claims(
        article, text, published, find_quantities(text), find_timexes(text, published), sorted(mentions, key=repr)
    )


# --- values and dates -------------------------------------------------------------------------------------------


def test_same_value_within_rounding_and_overlapping_ranges():
    def c(value: float, high: float | None = None) -> Claim:
        return _claim("a", value, "sailors", "sailor", high=high)

    assert same_value(c(2_470_000), c(2_500_000))
    assert same_value(c(450), c(450))
    assert not same_value(c(64), c(65))
    assert not same_value(c(2000), c(2800))
    assert not same_value(c(2000), c(850))
    assert same_value(c(300, 500), c(450))
    assert not same_value(c(300, 500), c(900))


def test_as_of_intervals_at_each_granularity():
    assert as_of_interval("2025") == (date(2025, 1, 1), date(2025, 12, 31))
    assert as_of_interval("2025-02") == (date(2025, 2, 1), date(2025, 2, 28))
    assert as_of_interval("2023-11-06") == (date(2023, 11, 6), date(2023, 11, 6))
    assert as_of_interval("2025-W36") == (date(2025, 9, 1), date(2025, 9, 7))
    assert as_of_interval("2025-Q4") == (date(2025, 10, 1), date(2025, 12, 31))
    assert as_of_interval("2024-WI") == (date(2024, 12, 1), date(2025, 2, 28))
    assert as_of_interval("199") == (date(1990, 1, 1), date(1999, 12, 31))
    assert as_of_interval("PAST_REF") is None and as_of_interval(None) is None


# --- kinds ------------------------------------------------------------------------------------------------------


def test_agreement_when_every_article_gives_the_same_figure():
    claims = [
        _claim("a3", 81, "age", "year of age", "2025-06-07", person="Lena Vos", source="harbour museum"),
        _claim("a1", 81, "age", "year of age", "2025-06-09", person="Ms Lena Vos", source="her family"),
        _claim("a2", 81, "age", "age", "2025-06-12"),  # no person named in its sentence
    ]
    (conflict,) = reconcile_claims(claims)
    assert conflict.kind == "agreement" and conflict.topic == "quantity"
    assert conflict.about == "age of Lena Vos"
    (side,) = conflict.sides
    assert side.value == 81 and side.articles == ["a1", "a2", "a3"]
    assert side.as_of == "2025-06-07"
    assert side.attributed_to == ["harbour museum", "her family"]
    assert len(side.sentences) == 3


def test_qualifiers_do_not_split_a_side():
    claims = [
        _claim("a1", 450, "sailors drowned", "sailor", text="at least 450"),
        _claim("a2", 450, "sailors died", "sailor", text="around 450"),
        _claim("a3", 450, "sailors perished", "sailor", text="nearly 450"),
    ]
    (conflict,) = reconcile_claims(claims)
    assert conflict.kind == "agreement" and len(conflict.sides) == 1


def test_revision_when_the_sides_hold_at_different_times():
    claims = [
        _claim("a2", 850, "Ostravan sailors perished", "ostravan sailor", "2024-05", source="Coast Guard"),
        _claim("a1", 2000, "sailors killed", "sailor", "2024-02", source="Vellan officials"),
        _claim("a3", 850, "sailors killed", "sailor", "2024-09-14", source="updated estimates", recency="later"),
    ]
    (conflict,) = reconcile_claims(claims)
    assert conflict.kind == "revision"
    assert conflict.about == "ostravan sailor killed"
    assert [(s.value, s.as_of, s.articles) for s in conflict.sides] == [
        (2000, "2024-02", ["a1"]),
        (850, "2024-05", ["a2", "a3"]),
    ]
    assert conflict.sides[1].attributed_to == ["Coast Guard", "updated estimates"]


def test_recency_cues_in_one_article_make_a_revision_without_dates():
    claims = [
        _claim("a1", 300, "containers lost", "container", None, recency="earlier"),
        _claim("a1", 120, "containers lost", "container", "2025-06-12", recency="later", start=80),
        _claim("a2", 120, "containers lost", "container", "2025-06-12"),
    ]
    (conflict,) = reconcile_claims(claims)
    assert conflict.kind == "revision"
    assert [(s.value, s.as_of) for s in conflict.sides] == [(300, None), (120, "2025-06-12")]


def test_contradiction_when_the_sides_hold_at_the_same_time():
    claims = [
        _claim("a1", 40, "fishermen killed", "fisherman", "2025-03-02", source="Harbour Authority"),
        _claim("a2", 52, "fishermen died", "fisherman", "2025-03", source="port police"),
    ]
    (conflict,) = reconcile_claims(claims)
    assert conflict.kind == "contradiction"
    # Ordered by as-of (March starts before March 2) and then value.
    assert [(s.value, s.attributed_to) for s in conflict.sides] == [(52, ["port police"]), (40, ["Harbour Authority"])]


def test_one_article_alone_gives_no_conflict():
    claims = [_claim("a1", 40, "boats sank", "boat"), _claim("a1", 45, "boats sank", "boat", start=50)]
    assert reconcile_claims(claims) == []


# --- alignment --------------------------------------------------------------------------------------------------


def test_different_keys_do_not_align():
    claims = [
        _claim("a1", 850, "sailors killed", "sailor"),
        _claim("a2", 40_000, "active sailors", "active sailor"),
        _claim("a3", 900, "sailors wounded", "sailor"),
        _claim("a4", 5000, "casualties", "casualty"),
    ]
    assert reconcile_claims(claims) == []


def test_lowercase_modifier_keeps_a_key_apart_from_the_bare_head():
    claims = [_claim("a1", 40_000, "sailors", "sailor"), _claim("a2", 38_000, "active sailors", "active sailor")]
    assert reconcile_claims(claims) == []


def test_bare_key_joins_only_an_unambiguous_proper_variant():
    one = [
        _claim("a1", 850, "Ostravan sailors killed", "ostravan sailor"),
        _claim("a2", 850, "sailors killed", "sailor"),
    ]
    assert [c.kind for c in reconcile_claims(one)] == ["agreement"]
    two = [
        *one,
        _claim("a3", 80, "Vellan sailors killed", "vellan sailor"),
        _claim("a4", 80, "Vellan sailors killed", "vellan sailor"),
    ]
    assert [(c.about, c.kind) for c in reconcile_claims(two)] == [("vellan sailor killed", "agreement")]


def test_same_key_with_another_unit_does_not_align():
    claims = [_claim("a1", 12, "depth", "metre"), _claim("a2", 40, "depth", "foot")]
    claims[1].key = claims[0].key  # force the same key: the unit alone must keep them apart
    assert reconcile_claims(claims) == []


def test_ages_of_different_people_stay_apart_and_spellings_of_one_join():
    claims = [
        _claim("a1", 81, "age", "year of age", person="Lena Vos"),
        _claim("a2", 81, "age", "year of age", person="Lena Maria Vos"),
        _claim("a3", 64, "age", "year of age", person="Tom Berg"),
        _claim("a4", 66, "age", "year of age", person="Tom Berg"),
        _claim("a5", 59, "age", "age"),  # two people in play: it cannot be placed
    ]
    conflicts = reconcile_claims(claims)
    assert [(c.about, c.kind, [s.value for s in c.sides]) for c in conflicts] == [
        ("age of Lena Vos", "agreement", [81]),
        ("age of Tom Berg", "contradiction", [64, 66]),
    ]


def test_vague_figures_and_keyless_claims_are_not_aligned():
    claims = [
        _claim("a1", 12_000, "medics sent", "medic"),
        _claim("a2", 12_000, "medics sent", "medic"),
        _claim("a3", 12, "medics sent", "medic", text="dozens", high=120),
        _claim("a1", 61, None, "percentage", start=90),
        _claim("a2", 58, None, "percentage", start=90),
    ]
    (conflict,) = reconcile_claims(claims)
    assert conflict.kind == "agreement" and conflict.sides[0].articles == ["a1", "a2"]


def test_deterministic_whatever_the_input_order():
    claims = [
        _claim("a1", 2000, "sailors killed", "sailor", "2024-02", source="officials"),
        _claim("a2", 850, "sailors killed", "sailor", "2024-05", source="coast guard"),
        _claim("a3", 850, "sailors killed", "sailor", "2024-09-14", source="updated estimates"),
        _claim("a2", 81, "age", "year of age", person="Lena Vos", start=200),
        _claim("a3", 81, "age", "year of age", person="Lena Vos", start=200),
        _claim("a1", 40, "boats sank", "boat", "2025-03", start=300),
        _claim("a3", 52, "boats sank", "boat", "2025-03", start=300),
    ]
    expected = [asdict(c) for c in reconcile_claims(claims)]
    for seed in range(5):
        shuffled = claims[:]
        random.Random(seed).shuffle(shuffled)
        assert [asdict(c) for c in reconcile_claims(shuffled)] == expected
    assert [c.about for c in reconcile_claims(claims)] == ["age of Lena Vos", "boat sank", "sailor killed"]


# --- end to end on invented articles ----------------------------------------------------------------------------


def test_revision_across_articles_from_text():
    first = _from_text(
        "a1",
        "In February, Vellan officials told reporters they feared at least 2,000 of the dockers had been injured in "
        "six weeks of clashes, but a later count put the total at 850 injured.",
        "2024-09-14",
    )
    second = _from_text(
        "a2",
        "In May, Ostrava's Harbour Authority told the port council that at least 850 dockers had been injured. "
        "It added that 390 berths had been damaged since the strike started in 2023.",
        "2024-11-20",
        ("Ostrava", "GPE", None),
        ("Harbour Authority", "ORG", None),
    )
    assert [c.key for c in first] == ["docker wounded", "docker wounded"]
    assert [(c.attributed_to, c.as_of, c.as_of_how) for c in second] == [
        ("Ostrava's Harbour Authority", "2024-05", "sentence"),
        ("Ostrava's Harbour Authority", "2024-05", "context"),
    ]
    (conflict,) = reconcile_claims(first + second)
    assert conflict.kind == "revision"
    old, new = conflict.sides
    assert (old.value, old.as_of, old.attributed_to) == (2000, "2024-02", ["Vellan officials"])
    assert (new.value, new.as_of, new.articles) == (850, "2024-05", ["a1", "a2"])
    assert new.attributed_to == ["Ostrava's Harbour Authority", "later count"]


def test_different_ages_of_nobody_named_are_no_disagreement() -> None:
    # "a 41-year-old driver" in one report, "cranes more than 15 years old" in another: nothing says they are one.
    claims = [_claim("a", 41, "age", "year of age"), _claim("b", 15, "age", "year of age")]
    for claim in claims:
        claim.key = "age"
    assert reconcile_claims(claims) == []


def test_a_sentence_comparing_several_figures_is_no_claim_against_another_source():
    # "The crop totalled 2,100 bales, against 1,500 last year and 1,260 the year before": one sentence, three periods.
    series = [_claim("a1", v, "bales", "bale", "2025", start=i * 20) for i, v in enumerate((2100, 1500, 1260))]
    other = _claim("a2", 900, "bales", "bale", "2025")
    assert reconcile_claims([*series, other]) == []


def test_an_article_at_odds_only_with_itself_is_no_contradiction():
    claims = [
        _claim("a1", 40, "fishermen killed", "fisherman", "2025-03-02"),
        _claim("a1", 52, "fishermen killed", "fisherman", "2025-03-02", start=90),
        _claim("a2", 52, "fishermen killed", "fisherman", "2025-03-02"),
    ]
    claims[1] = Claim(**{**asdict(claims[1]), "sentence_start": 90})
    assert reconcile_claims(claims) == []
    independent = _claim("a3", 40, "fishermen killed", "fisherman", "2025-03-02")
    (conflict,) = reconcile_claims([*claims, independent])
    assert conflict.kind == "contradiction"


def test_only_near_values_are_compared_and_no_matching_pair_is_missed():
    from storyline.reconcile.claims import _near_pairs

    rng = random.Random(7)
    for _ in range(200):
        claims = []
        for i in range(rng.randint(2, 30)):
            value = float(rng.choice([rng.randint(0, 300), 1000, 1010, 1024, 1030, 2_470_000, 2_500_000, 64, 65, 0]))
            high = value + rng.randint(1, 50) if rng.random() < 0.2 else None
            claims.append(_claim("a", value, "boats", "boat", high=high, start=i))
        bounds = [(c.value, c.value_high if c.value_high is not None else c.value) for c in claims]
        every = {(i, j) for i in range(len(claims)) for j in range(i) if same_value(claims[i], claims[j])}
        assert {(i, j) for i, j in _near_pairs(bounds) if same_value(claims[i], claims[j])} == every


def test_figures_of_a_bare_noun_agree_but_never_disagree():
    # "1.8 million shares" in one report and "3.2 million shares" in another: two offerings, not a dispute.
    differ = [_claim("a1", 1_800_000, "shares", "share"), _claim("a2", 3_200_000, "shares", "share")]
    assert reconcile_claims(differ) == []
    same = [_claim("a1", 1_800_000, "shares", "share"), _claim("a2", 1_800_000, "shares", "share")]
    assert [c.kind for c in reconcile_claims(same)] == ["agreement"]
    killed = [_claim("a1", 40, "fishermen killed", "fisherman"), _claim("a2", 52, "fishermen killed", "fisherman")]
    assert [c.kind for c in reconcile_claims(killed)] == ["contradiction"]
