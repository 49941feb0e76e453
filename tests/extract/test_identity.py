"""Store-wide entity ids: kept when entities merge or split between ingest runs, absorbed ids redirected; lone names
resolved in their own story first."""

from __future__ import annotations

from storyline.extract.entities.aliases import resolve_entities
from storyline.extract.entities.identity import stable_ids, store_entities
from storyline.models import Entity, Mention


def _m(article: str, start: int, text: str, kind: str = "PER") -> Mention:
    return Mention(article, start, start + len(text), text, kind)


def _entity(eid: str, *mentions: Mention) -> Entity:
    return Entity(eid, mentions[0].text, mentions[0].type, [], list(mentions))


def test_an_entity_keeps_the_id_its_mentions_had() -> None:
    a, b = _m("a1", 0, "Anja Krell"), _m("a2", 5, "Anja Krell")
    entities, redirects = stable_ids([_entity("ent-new", a, b)], {("a1", 0): "ent-old"}, {})
    assert [e.id for e in entities] == ["ent-old"] and redirects == {}


def test_a_merge_keeps_one_id_and_redirects_the_other() -> None:
    a, b, c = _m("a1", 0, "Anja Krell"), _m("a2", 0, "Krell"), _m("a3", 0, "Anja Krell")
    previous = {("a1", 0): "ent-x", ("a3", 0): "ent-x", ("a2", 0): "ent-y"}
    entities, redirects = stable_ids([_entity("ent-new", a, b, c)], previous, {"ent-z": "ent-y"})
    assert [e.id for e in entities] == ["ent-x"]
    # The absorbed id, and an older id that had been redirected to it, both resolve to the survivor.
    assert redirects == {"ent-y": "ent-x", "ent-z": "ent-x"}


def test_a_split_gives_the_larger_part_the_id() -> None:
    big = [_m(f"a{i}", 0, "Park Min Jun") for i in range(3)]
    small = [_m("b1", 0, "Park Ji Ho")]
    previous = {(m.article_id, m.start): "ent-park" for m in big + small}
    entities, redirects = stable_ids([_entity("ent-1", *small), _entity("ent-2", *big)], previous, {})
    assert [e.id for e in entities] == ["ent-1", "ent-park"] and redirects == {}


def test_ids_are_deterministic_for_new_entities() -> None:
    mentions = [_m("a1", 0, "Anja Krell"), _m("a2", 0, "Tomas Berglund")]
    first, _ = stable_ids(resolve_entities(mentions), {}, {})
    again, _ = stable_ids(resolve_entities(list(reversed(mentions))), {}, {})
    assert sorted(e.id for e in first) == sorted(e.id for e in again)


def test_a_lone_surname_is_resolved_in_its_own_story() -> None:
    """Two Hoggs in the store: store-wide, "Hogg" is ambiguous; in each story it is not."""
    mentions = [
        _m("r1", 0, "Allister Hogg"),
        _m("r1", 40, "Hogg"),
        _m("f1", 0, "Bob Hogg"),
        _m("f1", 40, "Hogg"),
    ]
    without = resolve_entities(mentions)
    assert any(e.name == "Hogg" for e in without)  # no context: the surname has two candidates and stays alone
    records, assigned, _ = store_entities(mentions, {"r1": "rugby", "f1": "farm"}, {}, {})
    by_name = {r.name: r.id for r in records}
    assert set(by_name) == {"Allister Hogg", "Bob Hogg"}
    assert assigned[("r1", 40)] == by_name["Allister Hogg"] and assigned[("f1", 40)] == by_name["Bob Hogg"]


def test_without_contexts_resolution_is_unchanged() -> None:
    mentions = [_m("a1", 0, "Allister Hogg"), _m("a2", 0, "Hogg"), _m("a3", 0, "Bob Hogg")]
    assert resolve_entities(mentions) == resolve_entities(mentions, None)


def test_a_name_left_unresolved_in_one_story_joins_the_one_entity_it_names_elsewhere() -> None:
    """ "US" resolved to the United States in a story that spells it out is the same US in a story that does not."""
    mentions = [
        _m("a1", 0, "United States", "GPE"),
        _m("a1", 30, "US", "GPE"),
        _m("b1", 0, "US", "GPE"),
        _m("c1", 0, "Union Station", "GPE"),
    ]
    _, assigned, _ = store_entities(mentions, {"a1": "s1", "b1": "s2", "c1": "s3"}, {}, {})
    assert assigned[("b1", 0)] == assigned[("a1", 30)] == assigned[("a1", 0)]
    assert assigned[("c1", 0)] != assigned[("a1", 0)]
