"""Acceptance on the five seed articles: ../shared/seeds/EXPECTED.md sections 4-8 (entities, timeline, claims,
disagreements, quotes), checked in `story --json` and `entities --json` (the `analysed` fixture in conftest.py).

Articles are named by their file's three-digit prefix; nothing in the engine knows these files.
"""

from __future__ import annotations

import pytest


def _ids(analysed: dict, *names: str) -> set[str]:
    return {analysed["articles"][n]["id"] for n in names}


def _story(analysed: dict, name: str) -> dict:
    story_id = analysed["articles"][name]["story"]
    return next(s for s in analysed["stories"] if s["id"] == story_id)


def _entity(story: dict, name: str) -> dict:
    found = [e for e in story["entities"] if e["name"] == name]
    assert len(found) == 1, f"{name!r}: {[e['name'] for e in story['entities']]}"
    return found[0]


# --- 4. entities ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("story", "name", "kind", "aliases"),
    [
        ("000", "Alexander Matsegora", "PER", {"Aleksandr Matsegora", "Aleksandr Ivanovich Matsegora", "Mr Matsegora",
                                                "Matsegora"}),
        ("000", "Kim Jong Un", "PER", {"Kim", "Mr Kim"}),
        ("000", "Vladimir Putin", "PER", {"Putin", "President Vladimir Putin"}),
        ("000", "North Korea", "GPE", {"DPRK", "Democratic People's Republic of Korea", "the North"}),
        ("000", "Russia", "GPE", {"Russian Federation"}),
        ("000", "KCNA", "ORG", {"Korean Central News Agency"}),
        ("004", "Kim Jong Un", "PER", {"Kim"}),
    ],
)  # fmt: skip
def test_aliases_merge(analysed: dict, story: str, name: str, kind: str, aliases: set[str]) -> None:
    entity = _entity(_story(analysed, story), name)
    assert entity["type"] == kind
    assert aliases <= set(entity["aliases"]), entity["aliases"]


def test_one_ambassador_across_the_three_reports(analysed: dict) -> None:
    story = _story(analysed, "000")
    people = [e for e in story["entities"] if e["type"] == "PER" and "Matsegora" in e["name"]]
    assert len(people) == 1
    assert set(people[0]["articles"]) == _ids(analysed, "000", "001", "002")


def test_nis_is_an_organisation(analysed: dict) -> None:
    names = {e["name"]: e["type"] for e in _story(analysed, "000")["entities"]}
    nis = [n for n in names if "National Intelligence Service" in n]
    assert nis and all(names[n] == "ORG" for n in nis)


def test_what_must_not_merge(analysed: dict) -> None:
    story = _story(analysed, "000")
    matsegora = _entity(story, "Alexander Matsegora")
    assert not any("Nevsky" in a for a in matsegora["aliases"])
    award = [e for e in story["entities"] if "Nevsky" in e["name"]]
    assert award and all(e["type"] != "PER" for e in award)
    kim = _entity(story, "Kim Jong Un")
    assert all(a in ("Kim", "Mr Kim") or "Kim Jong" in a for a in kim["aliases"]), kim["aliases"]
    russia = _entity(story, "Russia")
    assert not any("Ukrain" in a for a in russia["aliases"])
    people = {e["name"] for e in story["entities"] if e["type"] == "PER"}
    assert not people & {"Moscow", "Pyongyang"}


def test_entities_command_lists_aliases_and_stories(analysed: dict) -> None:
    kim = [e for e in analysed["entities"] if e["name"] == "Kim Jong Un"]
    assert len(kim) == 1
    assert set(kim[0]["stories"]) == {s["id"] for s in analysed["stories"]}
    assert {"Kim", "Mr Kim"} <= set(kim[0]["aliases"])


# --- 5. timeline -----------------------------------------------------------------------------------------------

STORY_A_ROWS = [
    ("2014", {"001", "002"}, "ambassador"),
    ("2024-02", {"002"}, "Nevsky"),
    ("2024", {"000", "002"}, "sign"),
    ("2024", {"001"}, "visit"),
    ("2025-04", {"000"}, "600"),
    ("2025-09", {"000"}, "Beijing"),
    ("2025-12-02", {"002"}, "public"),
    ("2025-12-06", {"000", "001"}, ""),
    ("2025-12-08", {"001", "002"}, ""),
    ("2025-12-09", {"001"}, "condolences"),
    ("2025-12-10", {"000"}, "visit"),
]
STORY_B_ROWS = [
    ("2024-10", {"004"}, "birthday"),
    ("2025-01", {"004"}, "1,000"),
    ("2025-04", {"003", "004"}, "acknowledged"),
    ("2025-08-29", {"003", "004"}, "Friday"),
    ("2025-W36", {"003", "004"}, "meet"),
]


@pytest.mark.parametrize(("story", "rows"), [("000", STORY_A_ROWS), ("004", STORY_B_ROWS)])
def test_timeline_rows(analysed: dict, story: str, rows: list) -> None:
    timeline = _story(analysed, story)["timeline"]
    for date, names, word in rows:
        wanted = _ids(analysed, *names)
        entries = [e for e in timeline if e["date"] == date and wanted <= set(e["articles"])]
        assert len(entries) == 1, f"{date} {sorted(names)}: {[(e['date'], e['articles']) for e in timeline]}"
        entry = entries[0]
        assert set(entry["articles"]) == wanted, f"{date}: cites {entry['articles']}, expected {sorted(names)}"
        assert word.lower() in " ".join(s["sentence"] for s in entry["sources"]).lower()


def test_the_pact_and_the_visit_are_two_events(analysed: dict) -> None:
    timeline = _story(analysed, "000")["timeline"]
    pact = [e for e in timeline if e["date"] == "2024" and _ids(analysed, "000", "002") <= set(e["articles"])]
    assert pact and analysed["articles"]["001"]["id"] not in pact[0]["articles"]


def test_a_date_resting_on_an_inferred_publication_date_is_marked(analysed: dict) -> None:
    timeline = _story(analysed, "000")["timeline"]
    [seen] = [e for e in timeline if e["date"] == "2025-12-02"]
    assert seen["uncertain"] and seen["how"] == "inferred"


# --- 6. claims ---------------------------------------------------------------------------------------------------


def _claims(analysed: dict, name: str, value: float) -> list[dict]:
    article = analysed["articles"][name]["id"]
    return [c for s in analysed["stories"] for c in s["claims"] if c["article"] == article and c["value"] == value]


@pytest.mark.parametrize(
    ("name", "value", "qualifiers", "source", "as_of", "counted"),
    [
        ("004", 1000, {"at least"}, "western officials", "2025-01", "kill"),
        ("000", 600, {"at least"}, "national intelligence service", "2025-04", "kill"),
        ("004", 600, {"closer to", "around"}, None, None, "kill"),
        ("003", 600, {"around"}, None, None, ""),
        ("000", 4700, {"more than"}, "national intelligence service", "2025-04", "casualt"),
        ("004", 15000, {"some", "approximately"}, "south korea", None, "troop"),
        ("003", 15000, {"some", "approximately"}, "south korea", None, "troop"),
        ("004", 1280000, {"some", "around"}, None, None, "soldier"),
        ("003", 1280000, {"some", "around"}, None, None, "soldier"),
    ],
)  # fmt: skip
def test_claims(analysed: dict, name: str, value: float, qualifiers: set, source: str | None, as_of: str | None,
                counted: str) -> None:  # fmt: skip
    found = _claims(analysed, name, value)
    assert found, f"{name}: no claim of {value}"
    claim = found[0]
    assert (claim["qualifier"] or "").lower() in qualifiers
    if source:
        assert source in (claim["attributed_to"] or "").lower(), claim
    if as_of:
        assert claim["as_of"] == as_of, claim
    assert counted in ((claim["quantity_of"] or "") + " " + (claim["key"] or "")).lower(), claim


def test_the_age_agrees_across_three_reports(analysed: dict) -> None:
    story = _story(analysed, "000")
    ages = [g for g in story["agreements"] if g["sides"][0]["value"] == 70]
    assert len(ages) == 1
    assert set(ages[0]["sides"][0]["articles"]) == _ids(analysed, "000", "001", "002")


# --- 7. disagreements --------------------------------------------------------------------------------------------


def test_troops_killed_is_a_revision_over_time(analysed: dict) -> None:
    for story in ("004", "000"):
        revisions = [
            c for c in _story(analysed, story)["conflicts"]
            if c["kind"] == "revision" and {s["value"] for s in c["sides"]} >= {1000, 600}
        ]  # fmt: skip
        assert len(revisions) == 1, _story(analysed, story)["conflicts"]
        sides = {s["value"]: s for s in revisions[0]["sides"]}
        assert sides[1000]["as_of"] < sides[600]["as_of"]
        assert analysed["articles"]["004"]["id"] in sides[1000]["articles"]
        assert analysed["articles"]["000"]["id"] in sides[600]["articles"]


def test_the_rewrite_contradicts_its_origin_on_the_birthday_message_date(analysed: dict) -> None:
    dates = [c for c in _story(analysed, "004")["conflicts"] if c["topic"] == "date"]
    assert len(dates) == 1
    sides = {s["articles"][0]: s["text"] for s in dates[0]["sides"]}
    assert sides[analysed["articles"]["004"]["id"]].startswith("2024-10")
    assert sides[analysed["articles"]["003"]["id"]].startswith("2023-10")


def test_bill_versus_ratified(analysed: dict) -> None:
    wording = [c for c in _story(analysed, "004")["conflicts"] if c["topic"] == "wording"]
    assert len(wording) == 1 and "ratif" in wording[0]["about"]


def test_no_disagreement_is_invented_in_story_a(analysed: dict) -> None:
    conflicts = _story(analysed, "000")["conflicts"]
    assert all(c["topic"] == "quantity" for c in conflicts), conflicts


# --- 8. quotes ---------------------------------------------------------------------------------------------------


def _quote(analysed: dict, name: str, fragment: str) -> dict:
    article = analysed["articles"][name]["id"]
    quotes = [q for s in analysed["stories"] for q in s["quotes"] if q["article"] == article]
    found = [q for q in quotes if fragment in q["text"]]
    assert found, f"{name}: no quote with {fragment!r} in {[q['text'][:30] for q in quotes]}"
    return found[0]


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("000", "an able diplomat"),
        ("000", "a deep sorrow and great loss"),
        ("000", "an important historic phase"),
        ("001", "heartrending event and a great loss"),
        ("001", "crucial historic phase"),
        ("003", "thought a lot about"),
        ("004", "thought a lot about"),
    ],
)
def test_kim_quotes_via_kcna(analysed: dict, name: str, fragment: str) -> None:
    quote = _quote(analysed, name, fragment)
    assert quote["speaker"] == "Kim Jong Un", quote
    assert quote["via"] == "KCNA", quote


@pytest.mark.parametrize("fragment", ["brilliant, talented man", "devoted his entire life to selfless service"])
def test_ministry_quotes(analysed: dict, fragment: str) -> None:
    quote = _quote(analysed, "001", fragment)
    assert "foreign ministry" in (quote["speaker"] or "").lower(), quote


def test_the_reworded_quote_is_linked(analysed: dict) -> None:
    a = _quote(analysed, "003", "thought a lot about")
    b = _quote(analysed, "004", "thought a lot about")
    assert a["link"] and a["link"] == b["link"]


def test_one_kim_jong_un_entity_across_both_stories(analysed: dict) -> None:
    """One identity: the same person has the same id in both story views and in `storyline entities`."""
    ids = {e["id"] for story in analysed["stories"] for e in story["entities"] if e["name"] == "Kim Jong Un"}
    assert len(analysed["stories"]) == 2 and len(ids) == 1
    listed = [e for e in analysed["entities"] if e["name"] == "Kim Jong Un"]
    assert {e["id"] for e in listed} == ids
