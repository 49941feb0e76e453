"""Bounds on what one read may ask of the store: how long a full-text query may be, how many terms it may hold,
and how long any list or search query may run.

A full-text query is cheap per term and costly in terms: a 4 KB query of 1,000 words took 15 s on Reuters, and a
server answering on one event loop answered nothing else meanwhile. Queries past the caps are refused before they
run (QueryError, a usage error: the faces answer 422 or 400); a query that still runs past its time budget is
aborted by the store and reported (QueryTimeoutError: the faces answer 503).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from storyline.errors import StorylineError, UsageError

if TYPE_CHECKING:
    from storyline.store import Store

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_QUERY_TERMS",
    "QueryError",
    "QueryTimeoutError",
    "check_query",
    "time_limit",
]

MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 32
# What the full-text index counts as a term (its unicode61 tokenizer splits on anything but letters and digits):
# "a-b-c" is three terms to it, so counting spaces would let a long hyphenated query through.
_TERM = re.compile(r"\w+")


class QueryError(UsageError):
    """A query the read side refuses to run: too long, or of too many terms."""


class QueryTimeoutError(StorylineError):
    """A query that ran past its time budget and was aborted."""


def check_query(query: str | None) -> str | None:
    """`query` when it is within the caps (QueryError otherwise, saying which and what to do)."""
    if query is None:
        return None
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(query):,} characters long: at most {MAX_QUERY_CHARS} are searched")
    terms = len(_TERM.findall(query))
    if terms > MAX_QUERY_TERMS:
        raise QueryError(f"the query has {terms} terms: at most {MAX_QUERY_TERMS} are searched")
    return query


@contextmanager
def time_limit(store: Store, seconds: float | None) -> Iterator[None]:
    """Run the block's queries under a time budget: past `seconds` the store aborts the query running
    (Store.time_limit) and this raises QueryTimeoutError. No budget when `seconds` is None or 0."""
    if not seconds:
        yield
        return
    try:
        with store.time_limit(seconds):
            yield
    except TimeoutError as exc:
        raise QueryTimeoutError(f"the query took longer than {seconds:g} s: ask for fewer or rarer words") from exc
