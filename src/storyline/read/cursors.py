"""Opaque cursors for keyset-paged lists: a position in a list's total order, so pages stay put while stories
arrive.

A cursor comes back from the client, so it is untrusted: `decode_cursor` accepts only what `encode_cursor` could
have made for the list asking (a flat JSON list of the list's types, strings that are text, integers that fit the
store's 64-bit columns) and raises CursorError for anything else, never another error.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any, NoReturn

from storyline.errors import CursorError

__all__ = ["MAX_CURSOR_LENGTH", "decode_cursor", "encode_cursor"]

# Our cursors are a date, an id and a number or two: a hundred characters or so. Anything much longer is not ours,
# and is refused before it is decoded.
MAX_CURSOR_LENGTH = 1024
# The store's integer columns (SQLite's INTEGER): a larger number would overflow when bound to a query.
_INT_RANGE = range(-(2**63), 2**63)


def encode_cursor(position: list[Any]) -> str:
    """An opaque cursor for a position in a list order (URL-safe base64 of its JSON)."""
    raw = json.dumps(position, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kinds: tuple[type, ...]) -> list[Any]:
    """The position a cursor encodes, checked against the types its list expects (CursorError otherwise)."""
    if len(cursor) > MAX_CURSOR_LENGTH:
        _refuse(cursor, f"it is longer than {MAX_CURSOR_LENGTH} characters")
    position = _parse(cursor)
    if not isinstance(position, list) or len(position) != len(kinds):
        _refuse(cursor, "it is not a cursor of this list")
    for value, kind in zip(position, kinds, strict=True):
        if not isinstance(value, kind) or isinstance(value, bool) or not _fits(value):
            _refuse(cursor, "it is not a cursor of this list")
    return position


def _parse(cursor: str) -> Any:
    """The JSON a cursor holds. Strict: UTF-8 only (json.loads would also guess UTF-16 and UTF-32 from bytes), no
    NaN or Infinity; nesting deep enough to exhaust the parser's stack is refused like any other bad input."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (binascii.Error, ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        _refuse(cursor, "pass the next_cursor of a previous page unchanged", exc)


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


def _fits(value: Any) -> bool:
    """Whether a position value can be bound to a store query: an integer in the 64-bit range, text that is valid
    Unicode (JSON can spell lone surrogates, which no database takes)."""
    if isinstance(value, int):
        return value in _INT_RANGE
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
    return True


def _refuse(cursor: str, why: str, cause: BaseException | None = None) -> NoReturn:
    # Quote the start of the cursor only: the message goes back to the client and into logs.
    shown = repr(cursor[:40]) + ("…" if len(cursor) > 40 else "")
    raise CursorError(f"invalid cursor {shown}: {why}") from cause
