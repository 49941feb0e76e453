"""Plain-text reader: detect the encoding, refuse binary data, and lift the optional ` date YYYY-MM-DD ` prefix."""

from __future__ import annotations

import codecs
import re

from storyline.errors import InputError
from storyline.models import Draft, RawDocument

# Some scrapers write the publication date as a prefix on the first line: " date 2025-12-11 First sentence…".
_DATE_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+")
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")


def decode(source_path: str, data: bytes) -> str:
    """Decode text bytes: BOMs first, then strict UTF-8, UTF-16 without BOM, then Latin-1 (Windows-1252).

    Bytes that are neither (binary data, or UTF-8 corrupted part-way) are refused with the reason, rather than
    decoded into mojibake that would then pollute duplicates and stories.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _strict(source_path, data[3:], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(source_path, data, "utf-16")
    if _looks_utf16(data):
        return _strict(source_path, data, "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
    sample = data[:65536]
    if b"\x00" in sample or len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise InputError(source_path, "binary file: not text (control bytes found); convert it to text or HTML first")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _has_utf8_multibyte(data):
            # Valid UTF-8 sequences mixed with invalid bytes: a corrupted UTF-8 file, not a Latin-1 one.
            raise InputError(
                source_path,
                f"invalid UTF-8: {exc.reason} at byte {exc.start}, in a file that is otherwise UTF-8; "
                "repair or re-export it as UTF-8",
            ) from None
    # No UTF-8 multibyte sequence anywhere: a single-byte legacy encoding. cp1252 is Latin-1 plus the curly quotes
    # and dashes that Windows tools write; fall back to Latin-1 for the five bytes cp1252 leaves undefined.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _strict(source_path: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(source_path, f"invalid {encoding.upper()}: {exc.reason} at byte {exc.start}") from None


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: ASCII-range text leaves every other byte zero."""
    sample = data[:4096]
    if len(sample) < 8:
        return False
    even_zero = sample[0::2].count(0) / len(sample[0::2])
    odd_zero = sample[1::2].count(0) / len(sample[1::2])
    return (odd_zero > 0.4 and even_zero < 0.05) or (even_zero > 0.4 and odd_zero < 0.05)


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _has_utf8_multibyte(data: bytes) -> bool:
    return _UTF8_MULTIBYTE.search(data) is not None


def parse_text(raw: RawDocument) -> Draft:
    """Turn a plain-text document into a Draft, lifting the date prefix into metadata."""
    text = decode(raw.source_path, raw.content).replace("\r\n", "\n").replace("\r", "\n")
    return draft_from_text(raw, text)


def draft_from_text(raw: RawDocument, text: str) -> Draft:
    removed: list[str] = []
    published = None
    match = _DATE_PREFIX.match(text)
    if match:
        published = match.group(1)
        removed.append(match.group(0))
        text = text[match.end() :]
    if not text.strip():
        raise InputError(raw.source_path, "empty document: no text")
    return Draft(
        source_path=raw.source_path,
        content_hash=raw.content_hash,
        text=text,
        format="text",
        published_hint=published,
        published_hint_how="header" if published else None,
        removed=removed,
    )
