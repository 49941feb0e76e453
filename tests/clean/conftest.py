"""Fixtures for the cleaning tests: hand-built drafts, and the seed articles read in place from ../shared/seeds."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storyline.models import Draft
from tests.clean.drafts import text_draft
from tests.conftest import require_shared


@pytest.fixture
def make_draft() -> Callable[..., Draft]:
    return text_draft


@pytest.fixture(scope="session")
def seeds() -> dict[str, Draft]:
    """The seed articles by their number ("000" …), built as the text reader would; skipped when ../shared is absent."""
    folder = require_shared("seeds")
    found = {
        path.name[:3]: text_draft(path.read_bytes().decode("utf-8"), str(path)) for path in sorted(folder.glob("*.txt"))
    }
    if not found:
        pytest.skip(f"no seed articles in {folder}")
    return found
