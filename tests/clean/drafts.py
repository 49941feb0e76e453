"""Build a Draft the way the plain-text reader does, for the cleaning tests."""

from __future__ import annotations

import hashlib
import re

from storyline.models import Draft

_DATE_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+")


def text_draft(text: str, source_path: str = "test.txt", **hints: str) -> Draft:
    """A Draft as the text reader makes it: the ` date YYYY-MM-DD ` prefix lifted into a header date."""
    removed: list[str] = []
    published = how = None
    match = _DATE_PREFIX.match(text)
    if match:
        published, how = match.group(1), "header"
        removed.append(match.group(0))
        text = text[match.end() :]
    draft = Draft(
        source_path=source_path,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
        format="text",
        published_hint=published,
        published_hint_how=how,  # type: ignore[arg-type]
        removed=removed,
    )
    for name, value in hints.items():
        setattr(draft, name, value)
    return draft
