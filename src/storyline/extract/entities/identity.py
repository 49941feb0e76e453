"""Stable ids for store-wide entities.

Each ingest run resolves the store's mentions into entities again (aliases.resolve_entities): a later article may
join two entities that turn out to be one, or split one. Ids must not move with that: an analyst's link to a person
must keep working. So each entity found now takes over the id its mentions had before:

- an entity keeps the earlier id held by most of its mentions (each earlier id goes to one entity only: the one
  holding most of its mentions; ties go to the alphabetically first id);
- an earlier id no entity took (its entity was absorbed into another) redirects to the entity holding most of its
  mentions now, and earlier redirects follow it, so old links resolve to the survivor;
- a new entity gets the id `resolve_entities` gave it (a hash of its type, name and first mention).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace

from storyline.extract.entities.aliases import resolve_entities
from storyline.models import Entity, EntityRecord, Mention

__all__ = ["stable_ids", "store_entities"]


def stable_ids(
    entities: list[Entity], previous: dict[tuple[str, int], str], redirects: dict[str, str]
) -> tuple[list[Entity], dict[str, str]]:
    """`entities` with the ids their mentions had in `previous` ((article id, start) -> id), and the redirects of
    every id that no longer names an entity (the old `redirects` carried over, chains followed to their end)."""
    held: list[Counter[str]] = [
        Counter(previous[key] for m in e.mentions if (key := (m.article_id, m.start)) in previous) for e in entities
    ]
    # Greedy over (entity, earlier id) pairs, most shared mentions first: deterministic, each id taken once.
    pairs = sorted(
        ((n, old, i) for i, counts in enumerate(held) for old, n in counts.items()), key=lambda p: (-p[0], p[1], p[2])
    )
    taken: dict[int, str] = {}
    given: set[str] = set()
    for _, old, i in pairs:
        if i not in taken and old not in given:
            taken[i] = old
            given.add(old)
    ids = [taken.get(i, e.id) for i, e in enumerate(entities)]
    # A fresh hash id that collides with a kept one (vanishingly unlikely) gets a suffix.
    used = set(taken.values())
    for i in range(len(ids)):
        if i not in taken:
            base, n = ids[i], 1
            while ids[i] in used:
                ids[i] = f"{base}-{n}"
                n += 1
            used.add(ids[i])
    out = [replace(e, id=ids[i]) for i, e in enumerate(entities)]
    # Where each earlier id's mentions are now.
    now: dict[str, Counter[str]] = {}
    for i, e in enumerate(entities):
        for m in e.mentions:
            old = previous.get((m.article_id, m.start))
            if old is not None and old not in given:
                now.setdefault(old, Counter())[ids[i]] += 1
    live = set(ids)
    moved = {old: min(c, key=lambda x: (-c[x], x)) for old, c in now.items()}
    result: dict[str, str] = {}
    for old, target in {**redirects, **moved}.items():
        seen = {old}
        while target not in live and (target in moved or target in redirects) and target not in seen:
            seen.add(target)
            target = moved.get(target) or redirects[target]
        if target in live and old not in live:
            result[old] = target
    return out, result


def store_entities(
    mentions: list[Mention],
    story_of: Mapping[str, str | None],
    previous: dict[tuple[str, int], str],
    redirects: dict[str, str],
) -> tuple[list[EntityRecord], dict[tuple[str, int], str], dict[str, str]]:
    """The store-wide entities of every stored mention, each article's story as its context: their records, the
    entity of each mention, and the redirects of absorbed ids (ids kept stable against `previous`)."""
    contexts = {a: s for a, s in story_of.items() if s}
    entities, moved = stable_ids(resolve_entities(mentions, contexts), previous, redirects)
    records = [
        EntityRecord(e.id, e.name, e.type, e.aliases, len({m.article_id for m in e.mentions}), len(e.mentions))
        for e in entities
    ]
    assigned = {(m.article_id, m.start): e.id for e in entities for m in e.mentions}
    return records, assigned, moved
