"""Connected components: items grouped by links between them, transitively (union-find with path halving).

Used wherever "A is B and B is C" must put A, B and C together: one event's dated sentences, one figure's claims,
aligned sentences, copies of one report.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

__all__ = ["connected_components"]

T = TypeVar("T", bound=Hashable)


def connected_components(items: Sequence[T], links: Iterable[tuple[T, T]]) -> list[list[T]]:
    """`items` grouped by `links` (transitively): each group in the order of `items`, groups in the order of their
    first item. Links touching an item not in `items` are ignored."""
    parent = {item: item for item in items}

    def root(x: T) -> T:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    groups: dict[T, list[T]] = {}
    for item in items:
        groups.setdefault(root(item), []).append(item)
    return list(groups.values())
