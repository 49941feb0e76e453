"""Article data made safe for where the faces put it. Articles come from anywhere (a crawled page, a POST to the
API), so their text, titles and addresses are untrusted: these functions decide what may become a link, how data
is written as JSON that strict parsers accept, how text goes into Markdown without carrying markup, and how a CSV
cell is kept from being run as a spreadsheet formula. One place each, so every face makes the same decision.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any
from urllib.parse import urlsplit

__all__ = ["csv_cell", "dumps", "finite", "markdown_text", "safe_url", "unescape_markdown_html"]

# What browsers strip before parsing an address: leading and trailing C0 controls and spaces, and tabs and line
# breaks anywhere ("java\tscript:" is "javascript:" to them). The check must see the address as they will.
_URL_EDGES = "".join(chr(c) for c in range(0x21))
_URL_REMOVED = re.compile(r"[\t\n\r]")
_LINKABLE = ("http", "https")


def safe_url(url: str | None) -> str | None:
    """`url` when it may be a link: an absolute http(s) address with a host. None for anything else (javascript:,
    data:, vbscript:, relative or protocol-relative addresses, whatever the case or the control characters around
    it): the pages show such an address as text and never as a link."""
    if not url:
        return None
    cleaned = _URL_REMOVED.sub("", url.strip(_URL_EDGES))
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in cleaned):
        return None
    try:
        parts = urlsplit(cleaned)
    except ValueError:  # an invalid IPv6 host, say
        return None
    if parts.scheme.lower() not in _LINKABLE or not parts.hostname:
        return None
    return cleaned


def finite(data: Any) -> Any:
    """`data` with every NaN or infinite float replaced by None (JSON has no such numbers). Containers are copied
    only along the way to a replaced value."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: finite(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [finite(v) for v in data]
    return data


def dumps(data: Any, **options: Any) -> str:
    """`data` as strict JSON (RFC 8259: no NaN, no Infinity), compact and UTF-8 unless `options` say otherwise.
    Serialised as is first (almost every view has only finite numbers, and walking a 5 MB story view twice would
    cost); only when that refuses a value is the data cleaned with `finite`."""
    options = {"ensure_ascii": False, "separators": (",", ":"), **options, "allow_nan": False}
    try:
        return json.dumps(data, **options)
    except ValueError:
        return json.dumps(finite(data), **options)


# Markdown would pass raw HTML through to the page (CommonMark does), turn <scheme:...> into an autolink and
# [text](address) into a link: article text escapes all three, as entity references a Markdown reader shows as the
# characters they stand for.
_MARKDOWN_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "&#91;", "]": "&#93;"})


def markdown_text(text: Any) -> str:
    """Article-derived text for a Markdown document, inert: no tag, autolink or link can come out of it."""
    return str(text).translate(_MARKDOWN_ESCAPES)


# A spreadsheet runs a cell starting with one of these as a formula (=HYPERLINK(...), +cmd|..., @SUM(...)).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """A text cell for CSV that no spreadsheet runs: one starting like a formula gets a leading single quote (the
    OWASP advice for CSV injection), which spreadsheets show as text."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def unescape_markdown_html(escaped: str) -> str:
    """Text that `html.escape` made of Markdown, with the entity references the Markdown held restored (a Markdown
    `&lt;` is the character `<`: escaped again it would show as the letters `&lt;`). An entity reference in HTML
    text stands for one character and can open nothing."""
    return _ESCAPED_ENTITY.sub(r"&\1;", escaped)


_ESCAPED_ENTITY = re.compile(r"&amp;(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
