"""The store's surface: what SqliteStore offers is what the `Store` protocol declares, documented, and every method
of the protocol is exercised by the conformance suite (so a second store cannot pass it while missing one)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from storyline.store.base import Store
from storyline.store.sqlite import SqliteStore

CONFORMANCE = Path(__file__).with_name("conformance.py")
_CONTEXT_MANAGER = ("__enter__", "__exit__")


def protocol_methods() -> dict[str, object]:
    """The methods the `Store` protocol itself declares (its public ones and the context manager's)."""
    return {
        name: value
        for name, value in vars(Store).items()
        if inspect.isfunction(value)
        and value.__qualname__.startswith("Store.")
        and (not name.startswith("_") or name in _CONTEXT_MANAGER)
    }


def public_methods(cls: type) -> dict[str, object]:
    return {name: value for name, value in inspect.getmembers(cls, inspect.isfunction) if not name.startswith("_")}


def test_protocol_is_not_empty() -> None:
    methods = protocol_methods()
    assert {"transaction", "snapshot", "save_article", "story_rows", "__enter__", "__exit__"} <= set(methods)
    assert len(methods) > 50


def test_every_public_sqlite_method_is_declared_and_documented() -> None:
    declared = protocol_methods()
    undeclared = sorted(set(public_methods(SqliteStore)) - set(declared))
    assert not undeclared, f"SqliteStore methods missing from the Store protocol (store/base.py): {undeclared}"
    undocumented = sorted(
        name
        for name, impl in public_methods(SqliteStore).items()
        if not (inspect.getdoc(declared[name]) or "").strip() and not (inspect.getdoc(impl) or "").strip()
    )
    assert not undocumented, f"methods without a docstring in Store or SqliteStore: {undocumented}"


def test_sqlite_store_implements_the_whole_protocol() -> None:
    missing = sorted(name for name in protocol_methods() if not callable(getattr(SqliteStore, name, None)))
    assert not missing, f"Store protocol methods SqliteStore lacks: {missing}"
    for name in protocol_methods():
        if name in _CONTEXT_MANAGER:
            continue
        declared = inspect.signature(getattr(Store, name))
        actual = inspect.signature(getattr(SqliteStore, name))
        # Positional names may differ (callers pass them by position); keyword-only names and defaults may not.
        assert _shape(declared) == _shape(actual), f"{name}: {declared} vs {actual}"


def _shape(sig: inspect.Signature) -> list[tuple[object, ...]]:
    return [(p.kind, p.name if p.kind is p.KEYWORD_ONLY else None, p.default) for p in sig.parameters.values()]


def exercised_methods(source: str) -> set[str]:
    """Names called as `.name(` in the suite; the context manager counts when a store is used in a `with` block."""
    called = set(re.findall(r"\.(\w+)\(", source))
    if re.search(r"with\s+(make_store\([^)]*\)|store)\s+as\s+\w+", source):
        called.update(_CONTEXT_MANAGER)
    return called


def test_conformance_suite_exercises_every_protocol_method() -> None:
    called = exercised_methods(CONFORMANCE.read_text(encoding="utf-8"))
    unexercised = sorted(set(protocol_methods()) - called)
    assert not unexercised, f"Store protocol methods no conformance test calls: {unexercised}"


def test_exercised_methods_detects_a_missing_call() -> None:
    names = exercised_methods("store.stats()\nstore.get_meta('x')\n")
    assert {"stats", "get_meta"} <= names
    assert "save_article" not in names and "__enter__" not in names
    assert "__enter__" in exercised_methods("with make_store() as s:\n    pass\n")
