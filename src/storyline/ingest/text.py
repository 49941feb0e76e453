"""Plain-text reader: detect the encoding, refuse binary data, and lift the optional ` date YYYY-MM-DD ` prefix.

Every decoded text, whatever its format, goes through `clean_text`, so no stage after the readers meets a control
character, a noncharacter or a lone surrogate (which SQLite, JSON output and spaCy cannot take).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter

from storyline.errors import InputError
from storyline.ingest.dates import valid_iso_day
from storyline.models import Draft, RawDocument

# Some scrapers write the publication date as a prefix on the first line: " date 2025-12-11 First sentence…".
_DATE_PREFIX = re.compile(r"^\s*date\s+([0-9]{4}-[0-9]{2}-[0-9]{2})\s+")
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")
# Byte-order marks, UTF-32's first: UTF-32-LE's mark begins with UTF-16-LE's (FF FE), so the other order would read
# UTF-32 as UTF-16 garbage. The codecs named here consume the mark themselves.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# What no text should carry: C0 controls other than tab, newline and carriage return; DEL and the C1 controls
# (U+0080-U+009F, left by Latin-1 decoding of bytes cp1252 leaves undefined, or by a mis-converted cp1252 file);
# the noncharacters U+FDD0-U+FDEF, U+FFFE and U+FFFF; and lone surrogates (a JSON "\ud800" escape).
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")
# Vertical tab, form feed and NEL break lines or pages: they become newlines instead of gluing words together.
_AS_NEWLINE = frozenset("\x0b\x0c\x85")
# Name prefixes of the scripts Chinese, Japanese and Korean text mixes (kanji with kana, full-width forms).
_CJK_NAMES = frozenset({"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "IDEOGRAPHIC", "FULLWIDTH", "HALFWIDTH"})
_UTF16_SAMPLE_BYTES = 8192
# Shorter random byte strings pass for text now and then (14 in 10,000 of 64 bytes; none in 50,000 of 128).
_UTF16_MIN_BYTES = 128
# Latin-1 text read as UTF-16 gives CJK ideographs in either byte order ("Bush hid the facts"); it is told apart
# by its bytes, nearly all printable ASCII (measured: English, French, German, Spanish cp1252 0.89-0.97).
_PRINTABLE = frozenset(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D}
_LATIN1_PAIRS = 0.8


def clean_text(text: str) -> str:
    """Text without control characters, noncharacters or lone surrogates (see `_UNSAFE`).

    Lone surrogates become U+FFFD (the text around them is kept); line and page breaks become newlines; the rest
    is dropped, since it carries nothing a reader sees.
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_replacement, text)


def _replacement(match: re.Match[str]) -> str:
    char = match.group()
    if "\ud800" <= char <= "\udfff":
        return "\ufffd"
    return "\n" if char in _AS_NEWLINE else ""


def bom_codec(data: bytes) -> str | None:
    """The codec a leading byte-order mark names, if any."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def decode(source_path: str, data: bytes) -> str:
    """Decode text bytes (see `_decode`) and strip what no text should carry (see `clean_text`)."""
    return clean_text(_decode(source_path, data))


def _decode(source_path: str, data: bytes) -> str:
    """BOMs first, then zero-interleaved UTF-16 (ASCII-range text), strict UTF-8, then the rest (`_decode_not_utf8`).

    Bytes that are no text (binary data, or UTF-8 corrupted part-way) are refused with the reason, rather than
    decoded into mojibake that would then pollute duplicates and stories.
    """
    codec = bom_codec(data) or _utf16_codec(data)
    if codec:
        return _strict(source_path, data, codec)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _decode_not_utf8(source_path, data, exc)
    if not _looks_binary(data):
        return text
    # Valid UTF-8 full of control bytes: UTF-16 of Cyrillic or Arabic text is, since all its bytes are below 0x80.
    codec = _bomless_utf16(data)
    if codec:
        return _strict(source_path, data, codec)
    raise _binary(source_path)


def _decode_not_utf8(source_path: str, data: bytes, error: UnicodeDecodeError) -> str:
    """Bytes that are not UTF-8: UTF-16 of a non-Latin script, binary data, corrupted UTF-8 or a legacy encoding."""
    codec = _bomless_utf16(data)
    if codec:
        return _strict(source_path, data, codec)
    if _looks_binary(data):
        raise _binary(source_path)
    if _has_utf8_multibyte(data):
        # Valid UTF-8 sequences mixed with invalid bytes: a corrupted UTF-8 file, not a Latin-1 one.
        raise InputError(
            source_path,
            f"invalid UTF-8: {error.reason} at byte {error.start}, in a file that is otherwise UTF-8; "
            "repair or re-export it as UTF-8",
        )
    # No UTF-8 multibyte sequence anywhere: a single-byte legacy encoding. cp1252 is Latin-1 plus the curly quotes
    # and dashes that Windows tools write; fall back to Latin-1 for the five bytes cp1252 leaves undefined.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    return b"\x00" in sample or len(_CONTROL.findall(sample)) > max(8, len(sample) // 100)


def _binary(source_path: str) -> InputError:
    return InputError(source_path, "binary file: not text (control bytes found); convert it to text or HTML first")


def _strict(source_path: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        name = encoding.removesuffix("-sig").upper()
        raise InputError(source_path, f"invalid {name}: {exc.reason} at byte {exc.start}") from None


def _utf16_codec(data: bytes) -> str | None:
    """UTF-16 without a BOM whose text is mostly ASCII-range: every other byte is zero."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even_zero = sample[0::2].count(0) / len(sample[0::2])
    odd_zero = sample[1::2].count(0) / len(sample[1::2])
    if odd_zero > 0.4 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.4 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM of text in another script (CJK, Cyrillic, Arabic), whose bytes are not zero-interleaved.

    The byte order is the one under which the bytes decode without error and read as text: mostly letters of one
    script, hardly any unassigned or private-use code point. It must be exactly one of the two: random bytes fail
    both (lone surrogates come up within a few hundred bytes), and so does Latin-1 text (see `_printable_pairs`).
    """
    if len(data) % 2 or len(data) < _UTF16_MIN_BYTES:
        return None
    sample = data[:_UTF16_SAMPLE_BYTES]
    if _printable_pairs(sample) >= _LATIN1_PAIRS:
        return None
    plausible = [codec for codec in ("utf-16-le", "utf-16-be") if _reads_as_text(_decode_prefix(sample, codec))]
    return plausible[0] if len(plausible) == 1 else None


def _printable_pairs(sample: bytes) -> float:
    """Share of byte pairs that are two printable ASCII bytes: 0.9 or more in Latin-1 text, under 0.75 in UTF-16 of
    CJK text (kana, whose code units are 30 41 to 30 93, are the most), none in UTF-16 of other scripts."""
    pairs = sum(1 for a, b in zip(sample[0::2], sample[1::2], strict=False) if a in _PRINTABLE and b in _PRINTABLE)
    return pairs / max(1, len(sample) // 2)


def _decode_prefix(sample: bytes, codec: str) -> str:
    # Incremental, not final: the sample may end inside a surrogate pair that the rest of the file completes.
    try:
        return codecs.getincrementaldecoder(codec)("strict").decode(sample, final=False)
    except UnicodeDecodeError:
        return ""


def _reads_as_text(text: str) -> bool:
    """At least 60% letters of one script, under 1% control, unassigned or private-use code points, and letters
    that do not all end in the same byte.

    The last test catches an alphabet read in the wrong byte order: Cyrillic U+04xx read swapped gives U+xx04,
    mostly rare CJK ideographs, all with 04 as their low byte. Measured on news paragraphs, the share of letters of
    the main script is 75-93% in the right byte order (Chinese, Japanese, Korean, Arabic, Russian); in the wrong one
    CJK and Korean do not decode at all (lone surrogates), Arabic gives 45%, and Russian 70% with 97% ending in 04.
    """
    if not text:
        return False
    odd = 0
    scripts: Counter[str] = Counter()
    low_bytes: Counter[int] = Counter()
    for char in text:
        category = unicodedata.category(char)
        if category[0] in "LM":
            scripts[_script(char)] += 1
            low_bytes[ord(char) & 0xFF] += 1
        elif category[0] == "C" and category != "Cf" and char not in "\t\n\r":
            odd += 1
    if not scripts or odd > len(text) // 100:
        return False
    letters = sum(scripts.values())
    dominant = scripts.most_common(1)[0][1]
    return dominant >= 0.6 * len(text) and low_bytes.most_common(1)[0][1] <= 0.5 * letters


def _script(char: str) -> str:
    """A letter's script, as the first word of its Unicode name (CJK, HANGUL, CYRILLIC...), the CJK family as one."""
    word = unicodedata.name(char, "").split(" ", 1)[0]
    return "CJK" if word in _CJK_NAMES else word


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
        # The prefix is the scraper's header either way; its date counts only if it is a real, plausible day.
        published = match.group(1) if valid_iso_day(match.group(1)) else None
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
