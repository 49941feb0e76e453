"""Bad inputs of every kind we know of, written to a folder: what a careless user, a broken scraper or an attacker
hands to `storyline ingest`. Each kind is one file (or one line of `lines.jsonl`); `write_bad_inputs` returns the
kinds it wrote with where each lives, so a test can check that every one of them was stored, as an article (when it
could be repaired) or as a rejected input with its reason.

Used by tests/fuzz/test_bad_inputs.py (every kind, mixed with good articles, in one run) and by
benchmarks/reliability.py (each kind alone, with its time and peak memory measured).
"""

from __future__ import annotations

import gzip
import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["BAD_FILES", "BAD_LINES", "BadInput", "write_bad_inputs"]

_SENTENCE = "The council of Port Elin voted on Tuesday to close the harbour, its mayor Lena Vos said. "
_BODY = _SENTENCE * 6


def _article(marker: str) -> str:
    """A short real-looking article, made distinct by `marker` so it is no duplicate of another kind."""
    return f"Harbour vote {marker}\n\n{_BODY}\nThe vote ({marker}) passed by 12 to 3, officials said.\n"


@dataclass(frozen=True, slots=True)
class BadInput:
    kind: str
    where: str  # a file name under the folder, or "lines.jsonl#L<n>"
    huge: bool = False  # large enough that a test run only writes it when asked


# -- whole files ------------------------------------------------------------------------------------------------------


def _html(body: str) -> bytes:
    return f"<!doctype html><html><head><title>Harbour</title></head><body>{body}</body></html>".encode()


def _attributes(n: int) -> bytes:
    attrs = " ".join(f'a{i}="x"' for i in range(n))
    return _html(f"<div {attrs}>text</div><p>{_BODY}</p>")


_FILES: dict[str, tuple[str, Callable[[], bytes], bool]] = {
    # kind: (file name, content, huge)
    "empty file": ("empty.txt", lambda: b"", False),
    "whitespace only": ("blank.txt", lambda: b" \n\t\n  \r\n", False),
    "binary (PNG header and random bytes)": (
        "image.txt",
        lambda: b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(4000),
        False,
    ),
    "NUL bytes inside text": ("nul.txt", lambda: _article("nul").encode().replace(b"council", b"coun\x00cil"), False),
    "control characters in text": ("controls.txt", lambda: _article("ctl\x1b[31m\x07\x08").encode(), False),
    "C1 controls and noncharacters": ("c1.txt", lambda: (_article("c1") + "\x85\x9b\ufffe\uffff").encode(), False),
    "UTF-16 LE with BOM": ("utf16le.txt", lambda: _article("utf16le").encode("utf-16"), False),
    "UTF-16 BE without BOM, CJK": (
        "utf16be_cjk.txt",
        lambda: ("港口投票\n\n" + "市议会周二投票决定关闭港口，市长说。" * 20 + "\n").encode("utf-16-be"),
        False,
    ),
    "UTF-32 with BOM": ("utf32.txt", lambda: _article("utf32").encode("utf-32"), False),
    "Latin-1": ("latin1.txt", lambda: (_article("latin1") + "Café, señor, naïve.\n").encode("latin-1"), False),
    "UTF-8 corrupted part-way": (
        "broken_utf8.txt",
        lambda: (_article("broken") + "Café ").encode() + b"\xff\xfe\xc3" + b" more",
        False,
    ),
    "gzipped HTML page": ("page.html.gz", lambda: gzip.compress(_html(f"<p>{_article('gz')}</p>")), False),
    "gzip bomb": ("bomb.txt.gz", lambda: gzip.compress(b"\0" * 200_000_000, compresslevel=9), True),
    "file over the size limit": ("huge.txt", lambda: (_SENTENCE * 250_000).encode(), True),
    "text over a million characters": (
        "million.txt",
        lambda: ("Long report\n\n" + "\n\n".join(_BODY + f"Item {i}." for i in range(2_200))).encode(),
        True,
    ),
    "text full of quotation marks": (
        "quotes.txt",
        lambda: ("Quotes\n\n" + ('"' * 7 + " said Vos. ") * 30_000).encode(),
        True,
    ),
    "HTML tag with 200,000 attributes": ("attrs.html", lambda: _attributes(200_000), True),
    "HTML nested 100,000 deep": ("nested.html", lambda: _html("<div>" * 100_000 + _BODY + "</div>" * 100_000), True),
    "HTML text node of 5 MB without spaces": ("nospace.html", lambda: _html("<p>" + "x" * 5_000_000 + "</p>"), True),
    "HTML with 50,000 script tags": (
        "scripts.html",
        lambda: _html("<script>var a=1;</script>" * 50_000 + f"<p>{_BODY}</p>"),
        True,
    ),
    "HTML of comments only": ("comments.html", lambda: _html("<!-- nothing -->" * 10_000), False),
    "HTML with script in the text and javascript: links": (
        "script.html",
        lambda: _html(
            f"<p>{_article('xss')}</p><p>&lt;script&gt;alert(1)&lt;/script&gt; <a href='javascript:alert(2)'>x</a></p>"
        ),
        False,
    ),
    "date prefix 0001-01-01": ("year1.txt", lambda: (" date 0001-01-01 " + _article("year1")).encode(), False),
    "date prefix 9999-12-31": ("year9999.txt", lambda: (" date 9999-12-31 " + _article("year9999")).encode(), False),
    "date prefix 2026-02-30": ("feb30.txt", lambda: (" date 2026-02-30 " + _article("feb30")).encode(), False),
    "right-to-left override in title": ("rtl.txt", lambda: _article("rtl\u202egnp.exe").encode(), False),
    "a title of 100,000 characters": ("longtitle.txt", lambda: ("T" * 100_000 + "\n\n" + _BODY).encode(), False),
}

# Names that are not plain files: made by `write_bad_inputs` itself.
_SPECIAL = {
    "file name that is not UTF-8": "name_\xff.txt (bytes)",
    "file name with a newline": "new\nline.txt",
    "broken symbolic link": "dangling.txt",
    "symbolic link loop": "loop.txt",
    "named pipe (FIFO)": "pipe.txt",
    "two identical files": "twin_a.txt, twin_b.txt",
}

# -- JSONL lines --------------------------------------------------------------------------------------------------


def _record(marker: str, **fields: object) -> dict[str, object]:
    return {"text": _article(marker), "id": marker, **fields}


def _q(text: str) -> str:
    return json.dumps(text)


def _dumps(record: object) -> str:
    return json.dumps(record, ensure_ascii=False)


_LINES: dict[str, Callable[[], str]] = {
    "integer of 5,000 digits": lambda: '{"text": ' + _q(_article("digits")) + ', "id": ' + "9" * 5000 + "}",
    "arrays nested 100,000 deep": lambda: (
        '{"text": ' + _q(_article("deep")) + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    ),
    "lone surrogate": lambda: '{"text": ' + _q(_article("surrogate"))[:-1] + '\\ud800 end", "id": "surrogate"}',
    "text is a number": lambda: '{"text": 123, "id": "number"}',
    "text is true": lambda: '{"text": true, "id": "true"}',
    "text is a list of numbers": lambda: '{"text": [1, 2, 3], "id": "list"}',
    "html is an object": lambda: '{"html": {"a": 1}, "id": "object"}',
    "id is an object": lambda: _dumps(_record("idobj", id={"a": 1})),
    "line is true": lambda: "true",
    "line is null": lambda: "null",
    "line is a list": lambda: "[]",
    "line is a string": lambda: '"just a string"',
    "NaN literal": lambda: '{"text": ' + _q(_article("nan")) + ', "score": NaN, "id": "nan"}',
    "Infinity as the published date": lambda: '{"text": ' + _q(_article("inf")) + ', "published": Infinity}',
    "published 0001-01-01": lambda: _dumps(_record("year1j", published="0001-01-01")),
    "published 9999-99-99": lambda: _dumps(_record("y9999", published="9999-99-99")),
    "published 1e308": lambda: _dumps(_record("e308", published=1e308)),
    "published far future": lambda: _dumps(_record("future", published="2999-01-01T00:00:00Z")),
    "url javascript:": lambda: _dumps(_record("jsurl", url="javascript:alert(document.cookie)")),
    "url of 100,000 characters": lambda: _dumps(_record("longurl", url="https://example.org/" + "a" * 100_000)),
    "title of a megabyte": lambda: _dumps(_record("bigtitle", title="T" * 1_000_000)),
    "NUL in text": lambda: _dumps(_record("nulj", text=_article("nulj") + "\x00 after nul")),
    "invalid JSON": lambda: '{"text": "unterminated',
    "truncated line": lambda: _dumps(_record("trunc"))[:40],
    "duplicate keys": lambda: '{"text": ' + _q(_article("dupkeys")) + ', "text": ' + _q(_article("dupkeys2")) + "}",
    "text of zero-width characters": lambda: _dumps({"text": "\u200b\u200c\u200d\ufeff" * 100, "id": "zw"}),
    "script in the title": lambda: _dumps(
        _record("xss", title="<script>alert(1)</script><img src=x onerror=alert(2)>")
    ),
    "formula in the title": lambda: _dumps(_record("formula", title='=HYPERLINK("http://evil.example","click")')),
    "claim value overflow": lambda: _dumps(_record("overflow", text=_article("overflow") + "It cost $1e400 billion.")),
}

BAD_FILES = tuple(_FILES) + tuple(_SPECIAL)
BAD_LINES = (*_LINES, "line that is not UTF-8", "line over the size limit")


def write_bad_inputs(folder: Path, huge: bool = True, line_limit: int = 20_000_000) -> list[BadInput]:
    """Write every bad input kind under `folder` (made if missing); `huge=False` leaves out the large ones (tens of
    megabytes, or seconds each). Returns what was written, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[BadInput] = []
    for kind, (name, make, is_huge) in _FILES.items():
        if is_huge and not huge:
            continue
        (folder / name).write_bytes(make())
        written.append(BadInput(kind, name, is_huge))
    written.extend(_write_special(folder))
    lines = [make() for make in _LINES.values()]
    kinds = list(_LINES)
    raw_lines = [line.encode("utf-8", "surrogatepass") for line in lines]
    raw_lines.append(b'{"text": "caf\xe9 not utf-8 ' + _q(_article("latin")).encode()[1:] + b"}")
    kinds.append("line that is not UTF-8")
    if huge:
        raw_lines.append(b'{"text": "' + b"x" * (line_limit + 10) + b'"}')
        kinds.append("line over the size limit")
    with open(folder / "lines.jsonl", "wb") as fh:
        for line in raw_lines:
            fh.write(line + b"\n")
    written.extend(BadInput(kind, f"lines.jsonl#L{n}") for n, kind in enumerate(kinds, start=1))
    return written


def _write_special(folder: Path) -> list[BadInput]:
    out = []
    name = os.fsencode(folder) + b"/name_\xff.txt"
    with open(name, "wb") as fh:
        fh.write(_article("badname").encode())
    out.append(BadInput("file name that is not UTF-8", os.fsdecode(b"name_\xff.txt")))  # "name_\udcff.txt"
    (folder / "new\nline.txt").write_text(_article("newline"))
    out.append(BadInput("file name with a newline", "new\nline.txt"))
    for link, target in (("dangling.txt", "missing-target.txt"), ("loop.txt", "loop.txt")):
        path = folder / link
        if not path.is_symlink():
            path.symlink_to(target)
        out.append(BadInput("broken symbolic link" if link == "dangling.txt" else "symbolic link loop", link))
    fifo = folder / "pipe.txt"
    if not fifo.exists():
        os.mkfifo(fifo)
    out.append(BadInput("named pipe (FIFO)", "pipe.txt"))
    for twin in ("twin_a.txt", "twin_b.txt"):
        (folder / twin).write_text(_article("twin"))
    out.append(BadInput("two identical files", "twin_a.txt"))
    return out
