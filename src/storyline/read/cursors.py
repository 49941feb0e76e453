"""Opaque cursors for keyset-paged lists: a position in a list's total order, so pages stay put while stories
arrive."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from storyline.errors import CursorError

__all__ = ["decode_cursor", "encode_cursor"]


def encode_cursor(position: list[Any]) -> str:
    """An opaque cursor for a position in a list order (URL-safe base64 of its JSON)."""
    raw = json.dumps(position, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kinds: tuple[type, ...]) -> list[Any]:
    """The position a cursor encodes, checked against the types its list expects (CursorError otherwise)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        position = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise CursorError(f"invalid cursor {cursor!r}: pass the next_cursor of a previous page unchanged") from exc
    if not isinstance(position, list) or len(position) != len(kinds):
        raise CursorError(f"invalid cursor {cursor!r}: it is not a cursor of this list")
    for value, kind in zip(position, kinds, strict=True):
        if not isinstance(value, kind) or isinstance(value, bool):
            raise CursorError(f"invalid cursor {cursor!r}: it is not a cursor of this list")
    return position
