"""Exports: stories, articles, claims or timeline entries out of a store as JSONL, CSV, Parquet or Markdown.

Rows come from one generator per kind (`rows`), writers from one function per format, so every format holds the same
fields. Rows stream: nothing but Parquet holds the whole export in memory. CSV and Parquet take flat columns: lists
and objects are written as JSON text in CSV and as lists in Parquet. Markdown is for reading: a story's briefing (see
story.brief), an article's text, a story's claims or timeline as bullet lists.

Article data is untrusted: CSV cells that a spreadsheet would run as a formula are neutralised (safety.csv_cell),
article text in Markdown is escaped (safety.markdown_text), and JSONL is strict JSON. JSONL and Parquet keep the
data as it is otherwise: they are data, read by programs.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from storyline.errors import UsageError
from storyline.read.brief import brief_markdown
from storyline.read.safety import csv_cell, dumps, safe_url, unescape_markdown_html
from storyline.read.safety import markdown_text as md
from storyline.read.story import own_timeline_view, story_view
from storyline.read.views import claim_view
from storyline.store import Store
from storyline.story.summary import format_value

__all__ = ["COLUMNS", "FORMATS", "WHATS", "brief_html", "markdown_html", "parquet_available", "rows", "write_export"]

# The columns of each kind, in order: the CSV header and the Parquet schema do not depend on the first row.
COLUMNS: dict[str, tuple[str, ...]] = {
    "stories": (
        "id", "title", "size", "independent_reports", "first_published", "last_published", "outlets", "disputed",
        "article_ids",
    ),
    "articles": (
        "id", "story_id", "title", "title_generated", "published", "published_how", "outlet", "credit", "dateline",
        "author", "url", "source_path", "format", "text", "removed",
    ),
    "claims": (
        "story_id", "article", "text", "value", "value_high", "unit", "qualifier", "quantity_of", "key",
        "attributed_to", "as_of", "as_of_how", "sentence", "span",
    ),
    "timeline": ("story_id", "date", "text", "articles", "how", "confidence", "uncertain"),
}  # fmt: skip
WHATS = tuple(COLUMNS)
FORMATS = ("jsonl", "csv", "parquet", "markdown")
_PAGE = 1000


def parquet_available() -> bool:
    """Whether Parquet can be written (pyarrow is importable)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


# -- rows ----------------------------------------------------------------------------------------------------------


def rows(store: Store, what: str, story_id: str | None = None) -> Iterator[dict[str, Any]]:
    """The rows of one kind, for the whole store or one story (NotFoundError when the story does not exist)."""
    if what not in COLUMNS:
        raise UsageError(f"unknown export {what!r}: one of {', '.join(WHATS)}")
    produce = {"stories": _stories, "articles": _articles, "claims": _claims, "timeline": _timeline}[what]
    columns = COLUMNS[what]
    for row in produce(store, story_id):
        yield {c: row.get(c) for c in columns}


def _story_ids(store: Store, story_id: str | None) -> list[str]:
    if story_id is not None:
        store.get_story(story_id)
        return [story_id]
    return store.story_ids()


def _stories(store: Store, story_id: str | None) -> Iterator[dict[str, Any]]:
    if story_id is not None:
        store.get_story(story_id)
        yield from store.story_rows(ids=[story_id], limit=1)
        return
    after: tuple[str, str] | None = None
    while True:
        page = store.story_rows(after=after, limit=_PAGE)
        yield from page
        if len(page) < _PAGE:
            return
        after = (page[-1]["last_published"] or "", page[-1]["id"])


def _articles(store: Store, story_id: str | None) -> Iterator[dict[str, Any]]:
    for a in store.iter_articles(story_id):
        yield {
            "id": a.id, "story_id": a.story_id, "title": a.title, "title_generated": a.title_generated,
            "published": a.published, "published_how": a.published_how, "outlet": a.outlet, "credit": a.credit,
            "dateline": a.dateline, "author": a.author, "url": a.url, "source_path": a.source_path, "format": a.format,
            "text": a.text, "removed": a.removed,
        }  # fmt: skip


def _claims(store: Store, story_id: str | None) -> Iterator[dict[str, Any]]:
    for sid in _story_ids(store, story_id):
        ids = [a.id for a in store.story_articles(sid, with_text=False)]
        facts = store.facts_of(ids)
        for article_id in ids:
            for claim in facts[article_id].claims if article_id in facts else []:
                yield {"story_id": sid, **claim_view(claim)}


def _timeline(store: Store, story_id: str | None) -> Iterator[dict[str, Any]]:
    for sid in _story_ids(store, story_id):
        for entry in own_timeline_view(store, sid):
            yield {"story_id": sid, **entry}


# -- writers -------------------------------------------------------------------------------------------------------


def write_export(
    store: Store,
    what: str,
    fmt: str,
    *,
    stream: TextIO | None = None,
    path: Path | None = None,
    story_id: str | None = None,
) -> int:
    """Write one export to a text stream (JSONL, CSV, Markdown) or a file (any format; Parquet only to a file).
    Returns the number of rows (for Markdown stories: briefings) written."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if path is None:
            raise UsageError("Parquet is binary: give a file to write it to")
        return _write_parquet(rows(store, what, story_id), what, path)
    if stream is None:
        if path is None:
            raise UsageError("give a stream or a file to write to")
        with path.open("w", encoding="utf-8", newline="") as out:
            return write_export(store, what, fmt, stream=out, story_id=story_id)
    if fmt == "jsonl":
        return _write_jsonl(rows(store, what, story_id), stream)
    if fmt == "csv":
        return _write_csv(rows(store, what, story_id), what, stream)
    return _write_markdown(store, what, story_id, stream)


def _write_jsonl(items: Iterator[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for n, row in enumerate(items, start=1):  # noqa: B007 (the count is the return value)
        out.write(dumps(row, separators=(", ", ": ")) + "\n")
    return n


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return dumps(value, separators=(", ", ": "))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return csv_cell(value)
    return value


def _write_csv(items: Iterator[dict[str, Any]], what: str, out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(COLUMNS[what])
    n = 0
    for n, row in enumerate(items, start=1):  # noqa: B007
        writer.writerow([_csv_cell(row[c]) for c in COLUMNS[what]])
    return n


def _write_parquet(items: Iterator[dict[str, Any]], what: str, path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = list(items)
    columns = COLUMNS[what]
    # Column by column, so an all-empty column still gets a column (of nulls) and the file always has every field.
    table = pa.table({c: pa.array([row[c] for row in data]) for c in columns})
    pq.write_table(table, path)
    return len(data)


def _write_markdown(store: Store, what: str, story_id: str | None, out: TextIO) -> int:
    if what == "stories":
        n = 0
        for n, sid in enumerate(_story_ids(store, story_id), start=1):
            out.write(("\n" if n > 1 else "") + brief_markdown(story_view(store, sid)))
        return n
    if what == "articles":
        n = 0
        for n, row in enumerate(rows(store, what, story_id), start=1):
            meta = ", ".join(md(x) for x in (row["outlet"] or row["credit"], row["published"], row["id"]) if x)
            out.write(("\n" if n > 1 else "") + f"# {md(row['title'])}\n\n_{meta}_\n\n{md(row['text'].strip())}\n")
        return n
    n = 0
    current: str | None = None
    titles: dict[str, str] = {}
    for n, row in enumerate(rows(store, what, story_id), start=1):
        if row["story_id"] != current:
            current = row["story_id"]
            title = titles.setdefault(current, store.get_story(current).title)
            out.write(("\n" if n > 1 else "") + f"## {md(title)} ({current})\n\n")
        out.write(_claim_line(row) if what == "claims" else _timeline_line(row))
    if n == 0:
        out.write(f"No {what} entries.\n")
    return n


def _claim_line(row: dict[str, Any]) -> str:
    # A figure no number can show (NaN, infinity: None in the views) is written as its text says it.
    value = format_value(row["value"]) if row["value"] is not None else "?"
    value += f"-{format_value(row['value_high'])}" if row["value_high"] else ""
    what = md(row["quantity_of"] or row["key"] or "figure")
    detail = "; ".join(
        x
        for x in (
            f"according to {md(row['attributed_to'])}" if row["attributed_to"] else "",
            f"as of {md(row['as_of'])}" if row["as_of"] else "",
        )
        if x
    )
    unit = f" {md(row['unit'])}" if row["unit"] else ""
    line = f"- **{value}{unit}** {what}" + (f" ({detail})" if detail else "")
    return line + f": {md(row['text'])} [{row['article']}]\n"


def _timeline_line(row: dict[str, Any]) -> str:
    mark = " (date inferred)" if row["uncertain"] else ""
    return f"- **{md(row['date'])}**{mark}: {md(row['text'])} [{', '.join(row['articles'])}]\n"


# -- Markdown to HTML (the briefing as a web page) -----------------------------------------------------------------

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CITE = re.compile(r"\[(\d+)\]")
# Run on escaped text: a URL ends at whitespace or at any entity reference but an escaped ampersand (an escaped
# quote, angle bracket or square bracket).
_URL = re.compile(r"https?://(?:&amp;|[^\s<>\"'&])+")
_TRAILING = ".,;:!?)"
_ORDERED = re.compile(r"^(\d+)\. (.*)$")


def _inline(text: str) -> str:
    """Escape first, then mark up: nothing in the text can open a tag or an attribute. The entity references the
    Markdown holds (the briefing writes article text with `<` as `&lt;`) stand for their characters, as Markdown
    means them. Only http(s) URLs become links; numbered citations link to their source."""
    out = unescape_markdown_html(html.escape(text, quote=True))
    out = _BOLD.sub(r"<strong>\1</strong>", out)
    out = _URL.sub(_link, out)
    return _CITE.sub(r'<a href="#source-\1">[\1]</a>', out)


def _link(match: re.Match[str]) -> str:
    url = match.group(0)
    # Sentence punctuation after a URL is not part of it.
    tail = len(url) - len(url.rstrip(_TRAILING))
    url, rest = (url[:-tail], url[-tail:]) if tail else (url, "")
    if safe_url(html.unescape(url)) is None:  # "https://" alone, say: no host to go to
        return url + rest
    return f'<a href="{url}" rel="nofollow noopener">{url}</a>{rest}'


def markdown_html(markdown: str) -> str:
    """The Markdown subset the briefings use (# and ## headings, paragraphs, - and 1. lists, **bold**) as an HTML
    fragment. Every character of the input is escaped; no raw HTML passes through."""
    parts: list[str] = []
    paragraph: list[str] = []
    open_list: str | None = None

    def flush() -> None:
        nonlocal open_list
        if paragraph:
            parts.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if open_list:
            parts.append(f"</{open_list}>")
            open_list = None

    def item(kind: str, body: str) -> None:
        nonlocal open_list
        if paragraph or open_list != kind:
            flush()
            parts.append(f"<{kind}>")
            open_list = kind
        parts.append(body)

    for line in markdown.splitlines():
        if not line.strip():
            flush()
        elif line.startswith("## "):
            flush()
            parts.append(f"<h2>{_inline(line[3:])}</h2>")
        elif line.startswith("# "):
            flush()
            parts.append(f"<h1>{_inline(line[2:])}</h1>")
        elif line.startswith("- "):
            item("ul", f"<li>{_inline(line[2:])}</li>")
        elif m := _ORDERED.match(line):
            item("ol", f'<li id="source-{m.group(1)}" value="{m.group(1)}">{_inline(m.group(2))}</li>')
        else:
            if open_list:
                flush()
            paragraph.append(line.strip())
    flush()
    return "\n".join(parts) + "\n"


def brief_html(story: dict[str, Any]) -> str:
    """A story's briefing (see story.brief) as a standalone HTML page."""
    title = html.escape(story["title"], quote=True)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n</head>\n<body>\n<article>\n"
        + markdown_html(brief_markdown(story))
        + "</article>\n</body>\n</html>\n"
    )
