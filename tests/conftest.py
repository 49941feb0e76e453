"""Shared fixtures. Tests that read ../shared (seeds, corpora) use the `shared_dir` fixture: it skips with a reason
when the folder is absent (a user's fresh clone) and fails instead when STORYLINE_REQUIRE_SHARED=1 (CI), so the
acceptance tests can never silently not run where they must."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()


def require_shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is absent: these tests read the shared seeds/corpora in place and never copy them"
        if os.environ.get("STORYLINE_REQUIRE_SHARED") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def shared_dir() -> Path:
    return require_shared()


@pytest.fixture
def seeds_dir() -> Path:
    return require_shared("seeds")


@pytest.fixture
def corpora_dir() -> Path:
    return require_shared("corpora")
