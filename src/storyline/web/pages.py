"""The HTML pages: server-rendered from the same views the CLI and the API return.

Pages: the story list (/), a story (/stories/{id}), an article with its facts highlighted (/articles/{id}), the
entities index and entity pages (/entities, /entities/{id}) and search (/search?q=). Citations everywhere link to
`/articles/{id}#s-{start}`: the article page wraps every sentence of `storyline.text.sentence_spans` in an element
with that id, and the stylesheet highlights the one the address targets (`:target`), so a citation lands on the
sentence it cites without any script.

The story list and story pages are the hot ones. They are coroutines: a page rendered before and still current
(the list page and story view caches of read/cache.py) is sent from the event loop. Anything to compute runs in a
worker thread on that thread's reader. The other pages run in the thread pool on a reader opened per request.
"""

from __future__ import annotations

import math
import re
import sys
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from storyline.api.deps import (
    MAX_OFFSET,
    app_settings,
    not_found_detail,
    reader_async,
    reader_for,
    request_reader,
    send_payload,
)
from storyline.errors import NotFoundError
from storyline.models import Article
from storyline.read import Payload, Reader
from storyline.read.safety import safe_url
from storyline.settings import Settings
from storyline.story.summary import article_labels, format_value
from storyline.text import content_words, sentence_spans

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
router = APIRouter()

STORIES_PER_PAGE = 200
SEARCH_LIMIT = 50
FIGURES_SHOWN = 200
ENTITIES_LIMIT = 500

PUBLISHED_HOW = {
    "header": "from the file header",
    "metadata": "from the page metadata",
    "page": "from the page",
    "text": "from the text",
    "inferred": "inferred from a copy or rewrite",
}
DATED_HOW = {
    "explicit": "written out in full",
    "relative_to_dct": "relative to the publication date",
    "relative_to_previous": "relative to an earlier date in the text",
    "underspecified": "underspecified",
    "inferred": "relative to an inferred publication date",
}
RELATION_WORDS = {"duplicate": "duplicate", "near_duplicate": "near-duplicate", "rewrite": "rewrite"}
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_PARTS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter", "H1": "first half of", "H2": "second half of"}
_HTML_TIME = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$|^\d{4}-W\d{2}$")


# -- formatting helpers (also Jinja filters) -------------------------------------------------------------------------
def human_date(value: str | None) -> str:
    """A TIMEX value as a reader says it: 2025-12-06 → 6 Dec 2025, 2025-12 → Dec 2025, 2025-W36 → week 36, 2025,
    2026-FA → autumn 2026; anything else (PAST_REF, 2025-12-06TMO) as written."""
    if not value:
        return "undated"
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value[:10]):
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return value
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        return f"{_MONTHS[int(m[2]) - 1]} {m[1]}" if 1 <= int(m[2]) <= 12 else value
    if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
        return f"{'weekend of ' if m[3] else ''}week {int(m[2])}, {m[1]}"
    if m := re.fullmatch(r"(\d{4})-(Q\d|H\d|SP|SU|FA|WI)", value):
        return f"{_PARTS.get(m[2], m[2])} {m[1]}"
    return value


def html_time(value: str | None) -> str | None:
    """The value when it is valid for a `<time datetime>` attribute (year, month, day or week), else None."""
    return value if value and _HTML_TIME.match(value) else None


def figure(value: float | None, high: float | None = None) -> str:
    """A claimed figure as prose writes it, with its range when it has one (nothing for no number: NaN,
    infinity)."""
    if value is None or not math.isfinite(value):
        return ""
    shown_high = high is not None and math.isfinite(high) and high != value
    return format_value(value) + (f"–{format_value(high)}" if shown_high else "")


# `safe_url`: an article's address is a link only when it is an http(s) one (javascript: and data: addresses are
# shown as text); every template that links an article's address goes through it.
templates.env.filters.update(human_date=human_date, html_time=html_time, figure=figure, safe_url=safe_url)
templates.env.globals.update(PUBLISHED_HOW=PUBLISHED_HOW, DATED_HOW=DATED_HOW, RELATION_WORDS=RELATION_WORDS)


# -- highlighting an article's text ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Mark:
    """A span of text to highlight: `kind` becomes its CSS class, `title` the tooltip explaining it."""

    start: int
    end: int
    kind: str
    title: str


def _open(mark: Mark) -> str:
    return f'<span class="hl hl-{mark.kind}" title="{escape(mark.title)}">'


def render_marked(text: str, start: int, end: int, marks: list[Mark]) -> Markup:
    """text[start:end] as HTML with `marks` (clipped to it) wrapped in properly nested spans.

    Marks may overlap (a date inside a quote, a claim across a name): the text is cut at every mark boundary and
    each piece is wrapped in the marks covering it, outermost first, reopening only what a boundary closes.
    """
    inside = [m for m in marks if m.start < end and m.end > start and m.end > m.start]
    cuts = sorted({start, end, *(max(start, m.start) for m in inside), *(min(end, m.end) for m in inside)})
    out: list[str] = []
    stack: list[Mark] = []
    for a, b in pairwise(cuts):
        active = sorted((m for m in inside if m.start <= a and m.end >= b), key=lambda m: (m.start, -m.end, m.kind))
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] == active[keep]:
            keep += 1
        out.extend("</span>" for _ in stack[keep:])
        out.extend(_open(m) for m in active[keep:])
        stack = active
        out.append(str(escape(text[a:b])))
    out.extend("</span>" for _ in stack)
    return Markup("".join(out))


def render_article_text(text: str, marks: list[Mark]) -> Markup:
    """The clean text as paragraphs of sentences, each sentence `<span class="sentence" id="s-{start}">` so that
    citations can address it; a line break between sentences starts a new paragraph."""
    out = ["<p>"]
    previous = 0
    for start, end in sentence_spans(text):
        gap = text[previous:start]
        out.append("</p>\n<p>" if "\n" in gap and previous else str(escape(gap)))
        out.append(f'<span class="sentence" id="s-{start}">{render_marked(text, start, end, marks)}</span>')
        previous = end
    out.append("</p>")
    return Markup("".join(out))


def article_marks(view: dict[str, Any]) -> list[Mark]:
    """Highlights for an article's entity mentions, dates, claims and quotes, each with a tooltip."""
    marks = [Mark(m["start"], m["end"], "entity", _mention_title(m)) for m in view.get("mentions", []) if m.get("type")]
    for d in view.get("dates", []):
        how = DATED_HOW.get(d.get("how") or "", d.get("how") or "")
        marks.append(Mark(d["start"], d["end"], "date", f"{d.get('type', 'DATE').lower()} {d['value']} ({how})"))
    for c in view.get("claims", []):
        marks.append(Mark(c["span"][0], c["span"][1], "claim", claim_title(c)))
    for q in view.get("quotes", []):
        said = f"quote ({q['kind']}) by {q['speaker'] or 'an unnamed speaker'}"
        marks.append(Mark(q["span"][0], q["span"][1], "quote", said + (f", via {q['via']}" if q.get("via") else "")))
    return marks


def _mention_title(mention: dict[str, Any]) -> str:
    resolved = mention.get("resolved")
    extra = f" → {resolved}" if resolved and resolved != mention["text"] else ""
    return f"{mention['type']}: {mention['text']}{extra}"


def claim_title(claim: dict[str, Any]) -> str:
    """A one-line reading of a claim: the figure, what it counts, who says so and as of when."""
    parts = [f"figure {figure(claim['value'], claim.get('value_high'))}"]
    if claim.get("quantity_of"):
        parts.append(f"of {claim['quantity_of']}")
    parts.append(f"according to {claim['attributed_to']}" if claim.get("attributed_to") else "in the article's voice")
    if claim.get("as_of"):
        parts.append(f"as of {claim['as_of']}")
    return ", ".join(parts)


# -- citations -------------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Cite:
    """A link to an article, at the sentence it cites when known."""

    href: str
    label: str
    title: str
    article: str


class Citations:
    """Builds citation links with short labels ("The Moscow Times", "article 2") and snaps positions to the start of
    the sentence holding them, so that every link lands on an anchor the article page renders."""

    def __init__(self, articles: list[Article], texts: dict[str, str]) -> None:
        self.labels = article_labels(articles)
        self.titles = {a.id: a.title for a in articles}
        self.spans = {aid: sentence_spans(text) for aid, text in texts.items()}
        self.starts = {aid: [s for s, _ in spans] for aid, spans in self.spans.items()}
        self.texts = texts

    def cite(self, article_id: str, position: int | None = None) -> Cite:
        """A citation of `article_id`, at the sentence containing `position` when given."""
        href = f"/articles/{article_id}"
        if position is not None:
            href += f"#s-{self.anchor(article_id, position)}"
        label = self.labels.get(article_id, article_id)
        return Cite(href, label, self.titles.get(article_id) or label, article_id)

    def anchor(self, article_id: str, position: int) -> int:
        """The start of the sentence holding `position` (itself when the article's text is not at hand)."""
        starts = self.starts.get(article_id)
        if not starts:
            return position
        return starts[max(bisect_right(starts, position) - 1, 0)]

    def matching(self, article_id: str, *sentences: str) -> Cite:
        """A citation of the sentence of `article_id` that best says one of `sentences` (by shared words), or of
        the article as a whole when none comes close (or its text is not at hand: a related story's article)."""
        text = self.texts.get(article_id)
        best, best_score = None, 0.25
        for sentence in sentences if text else ():
            wanted = set(content_words(sentence))
            for start, end in self.spans[article_id] if wanted else []:
                words = set(content_words(text[start:end]))
                score = len(wanted & words) / len(wanted | words) if words else 0.0
                if score > best_score:
                    best, best_score = start, score
        return self.cite(article_id, best)

    def of_sources(self, sources: list[dict[str, Any]]) -> list[Cite]:
        """One citation per article among timeline sources, at its first dated sentence."""
        seen: dict[str, Cite] = {}
        for source in sources:
            if source["article"] not in seen:
                seen[source["article"]] = self.cite(source["article"], source["sentence_span"][0])
        return list(seen.values())


# -- page contexts ---------------------------------------------------------------------------------------------------
def story_rows(reader: Reader, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Story list rows with their outlets and `disputed` flag: the row's own where it carries them, else the
    store's story metadata, kept at ingest (computing the conflicts of 200 stories here would take far too long)."""
    missing = [r["id"] for r in rows if r.get("outlets") is None or r.get("disputed") is None]
    meta = reader.story_list_rows(missing) if missing else []
    known = {m["id"]: m for m in meta}
    out = []
    for row in rows:
        kept = known.get(row["id"], {})
        outlets = row["outlets"] if row.get("outlets") is not None else kept.get("outlets") or []
        disputed = row["disputed"] if row.get("disputed") is not None else kept.get("disputed")
        out.append({**row, "outlets": outlets, "disputed": bool(disputed)})
    return out


def story_context(reader: Reader, story: dict[str, Any], all_figures: bool = False) -> dict[str, Any]:
    """Everything story.html shows, with citations resolved to labelled links. The table of every figure stops at
    FIGURES_SHOWN rows unless `all_figures` (a story of 955 earnings reports states 5,607: megabytes of HTML)."""
    own = reader.members([story["id"]])
    related_titles = {r["id"]: r["title"] for r in story["related_stories"]}
    others = reader.members(list(related_titles))
    citations = Citations(own + others, {a["id"]: a["text"] for a in story["articles"]})
    return {
        "story": story,
        "summary": [_summary_sentence(s, citations) for s in story["summary"]["sentences"]],
        "timeline": [_timeline_entry(e, citations) for e in story["timeline"]],
        "storyline": _storyline(story, citations, related_titles),
        "conflicts": [_conflict(c, citations) for c in story["conflicts"]],
        "agreements": [_conflict(c, citations) for c in story["agreements"]],
        "claims": [
            {**c, "cite": citations.cite(c["article"], c["sentence_span"][0])}
            for c in (story["claims"] if all_figures else story["claims"][:FIGURES_SHOWN])
        ],
        "claims_total": len(story["claims"]),
        "quotes": _quote_groups(story["quotes"], citations),
        "entities": story["entities"],
        "articles": _article_rows(story, citations),
        "labels": citations.labels,
    }


def _summary_sentence(sentence: dict[str, Any], citations: Citations) -> dict[str, Any]:
    cites = [citations.cite(sentence["article"], sentence["span"][0])]
    cites += [citations.matching(a, sentence["text"]) for a in sentence["articles"] if a != sentence["article"]]
    return {"text": sentence["text"], "cites": cites}


def _timeline_entry(entry: dict[str, Any], citations: Citations) -> dict[str, Any]:
    return {**entry, "cites": citations.of_sources(entry["sources"]), "inferred": _inferred_note(entry)}


def _inferred_note(entry: dict[str, Any]) -> str | None:
    """Why an entry's date is uncertain, or None when it is not."""
    if not entry.get("uncertain") and entry.get("how") != "inferred":
        return None
    if entry.get("how") == "inferred":
        return "the date rests on an inferred publication date"
    return f"the date is {DATED_HOW.get(entry.get('how') or '', 'uncertain')}"


def _storyline(story: dict[str, Any], citations: Citations, titles: dict[str, str]) -> list[dict[str, Any]]:
    """The storyline across related stories: entries of other stories name and link them."""
    out = []
    for entry in story["storyline"]:
        foreign = [{"id": s, "title": titles.get(s, s)} for s in entry.get("stories", []) if s != story["id"]]
        out.append(
            {**_timeline_entry(entry, citations), "own": story["id"] in entry.get("stories", []), "foreign": foreign}
        )
    return out


def _conflict(conflict: dict[str, Any], citations: Citations) -> dict[str, Any]:
    sides = [
        {**side, "cites": [citations.matching(a, *side["sentences"]) for a in side["articles"]]}
        for side in conflict["sides"]
    ]
    return {**conflict, "sides": sides}


def _quote_groups(quotes: list[dict[str, Any]], citations: Citations) -> list[list[dict[str, Any]]]:
    """Quotes grouped by their link (the same words found in several articles), in order of first appearance."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for i, quote in enumerate(quotes):
        key = quote.get("link") or f"#{i}"
        groups.setdefault(key, []).append({**quote, "cite": citations.cite(quote["article"], quote["span"][0])})
    return list(groups.values())


def _article_rows(story: dict[str, Any], citations: Citations) -> list[dict[str, Any]]:
    """The story's articles with the copy relations they are the later side of ("rewrite of article 1")."""
    copies: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rel in story["relations"]:
        copies[rel["b"]].append({**rel, "of": citations.cite(rel["a"])})
    return [
        {**a, "label": citations.labels.get(a["id"], a["id"]), "copy_of": copies.get(a["id"], [])}
        for a in story["articles"]
    ]


def article_context(reader: Reader, article: dict[str, Any]) -> dict[str, Any]:
    """Everything article.html shows: the highlighted text and lists of the facts, each linked to its sentence."""
    spans = sentence_spans(article["text"])
    starts = [s for s, _ in spans]

    def anchor(position: int) -> int:
        return starts[max(bisect_right(starts, position) - 1, 0)] if starts else position

    record = reader.story_record(article["story_id"]) if article.get("story_id") else None
    story_title = record.title if record else None
    relations = reader.relations_of(article["id"])
    linked = {r.a for r in relations} | {r.b for r in relations}
    titles = {a.id: a.title for a in reader.articles(sorted(linked - {article["id"]}))}
    return {
        "article": article,
        "body": render_article_text(article["text"], article_marks(article)),
        "story_title": story_title,
        "relations": [
            {
                "type": r.type,
                "score": r.score,
                "other": r.a if r.b == article["id"] else r.b,
                "copy": r.b == article["id"],
            }
            for r in relations
        ],
        "titles": titles,
        "dates": [{**d, "anchor": anchor(d["start"])} for d in article["dates"]],
        "claims": [{**c, "anchor": anchor(c["span"][0]), "reading": claim_title(c)} for c in article["claims"]],
        "quotes": [{**q, "anchor": anchor(q["span"][0])} for q in article["quotes"]],
    }


def entity_context(reader: Reader, entity: dict[str, Any]) -> dict[str, Any]:
    """An entity with its mentions grouped by article and sentence, each sentence shown with the mentions marked."""
    articles = {a.id: a for a in reader.articles(entity["articles"])}
    spans = {aid: sentence_spans(a.text) for aid, a in articles.items()}
    by_sentence: dict[tuple[str, int, int], list[Mark]] = defaultdict(list)
    for m in entity["mentions"]:
        if m["article"] not in articles:
            continue
        sentence = next(((s, e) for s, e in spans[m["article"]] if s <= m["start"] < e), (m["start"], m["end"]))
        by_sentence[(m["article"], *sentence)].append(Mark(m["start"], m["end"], "entity", m["text"]))
    groups: dict[str, dict[str, Any]] = {}
    for (aid, start, end), marks in sorted(by_sentence.items()):
        group = groups.setdefault(aid, {"article": articles[aid], "sentences": []})
        group["sentences"].append({"start": start, "html": render_marked(articles[aid].text, start, end, marks)})
    titles = reader.story_titles(entity.get("stories", []))
    stories = [{"id": sid, "title": titles[sid]["title"]} for sid in entity.get("stories", []) if sid in titles]
    return {"entity": entity, "groups": list(groups.values()), "stories": stories}


def search_context(reader: Reader, query: str) -> dict[str, Any]:
    """Article hits for `query` (FTS syntax; bare words are ANDed) and the stories they belong to."""
    hits = reader.search_articles(query, limit=SEARCH_LIMIT) if query else []
    story_ids = list(dict.fromkeys(h["story_id"] for h in hits if h.get("story_id")))
    known = reader.story_titles(story_ids)
    stories = [known[sid] for sid in story_ids if sid in known]
    titles = {s["id"]: s["title"] for s in stories}
    results = [
        {**h, "snippet_html": snippet_html(h.get("snippet") or ""), "story_title": titles.get(h.get("story_id"))}
        for h in hits
    ]
    return {"q": query, "results": results, "stories": stories}


def snippet_html(snippet: str) -> Markup:
    """An FTS snippet with its [matched] words marked up, everything else escaped."""
    return Markup(re.sub(r"\[([^\[\]]*)\]", r"<mark>\1</mark>", str(escape(snippet))))


# -- routes ----------------------------------------------------------------------------------------------------------
def _page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def error_page(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    """The error page: a title and a message for the reader, nothing of the server (no path, no traceback)."""
    return _page(request, "error.html", {"title": title, "message": message}, status_code=status)


def _not_found(request: Request, message: str) -> HTMLResponse:
    return error_page(request, 404, "Not found", message)


HTML = "text/html; charset=utf-8"
AcceptEncoding = Header(None)


def render(name: str, context: dict[str, Any]) -> bytes:
    """A template rendered to bytes, for pages cached once rendered (the templates do not use the request)."""
    return templates.get_template(name).render(context).encode()


def _list_page(reader: Reader, offset: int) -> bytes:
    """The story list page at `offset`: STORIES_PER_PAGE stories, largest first, with the store's counts."""
    rows = story_rows(reader, reader.stories(limit=STORIES_PER_PAGE, offset=offset))
    more = offset + STORIES_PER_PAGE if len(rows) == STORIES_PER_PAGE else None
    previous = max(offset - STORIES_PER_PAGE, 0) if offset else None
    context = {"stories": rows, "stats": reader.stats(), "offset": offset, "more": more, "previous": previous}
    return render("stories.html", context)


def list_page(reader: Reader, offset: int) -> Payload:
    """The story list page at `offset`, rendered once per version of the store's data."""
    return reader.list_page(("stories", offset), lambda: _list_page(reader, offset))


@router.get("/", response_class=HTMLResponse)
async def page_stories(
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    config: Settings = Depends(app_settings),
    accept_encoding: str | None = AcceptEncoding,
) -> Response:
    """The story list, largest first, STORIES_PER_PAGE at a time. Served from the list page cache on the event
    loop when the store has not changed; rendered in a worker thread otherwise."""
    page = (await reader_async(config)).peek_list_page(("stories", offset))
    if page is None:
        page = await run_in_threadpool(lambda: list_page(reader_for(config), offset))
    return await send_payload(page, HTML, accept_encoding)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def page_story(
    request: Request,
    story_id: str,
    figures: str | None = Query(None, description="`all`: every figure in the table, not only the first ones."),
    config: Settings = Depends(app_settings),
    accept_encoding: str | None = AcceptEncoding,
) -> Response:
    """A story: summary with citations, disagreements, timeline, figures, quotes, entities, articles, storyline.
    Rendered once per version of the story's cached view (read.cache.STORY_VIEWS) and served from there."""
    all_figures = figures == "all"
    page = (await reader_async(config)).peek_story_page(story_id, _page_name(all_figures))
    if page is None:
        try:
            page = await run_in_threadpool(_story_page, config, story_id, all_figures)
        except NotFoundError as exc:
            survivor = reader_for(config).current_story_id(story_id)
            if survivor != story_id:  # merged into another story since: its id keeps resolving
                query = "?figures=all" if all_figures else ""
                return RedirectResponse(f"/stories/{url_quote(survivor, safe='')}{query}", status_code=301)
            return _not_found(request, not_found_detail(exc, story_id))
    return await send_payload(page, HTML, accept_encoding)


def warm_caches(settings: Settings) -> None:
    """Prepare what the first visitors would otherwise wait for: the first page of the story list, the pages of the
    `settings.warm_stories` largest stories (views and HTML: seconds each on Reuters). Runs in a background thread
    on its own reader; a failure is reported, never raised."""
    try:
        reader = reader_for(settings)
        list_page(reader, 0)
        for story_id in reader.largest_stories(settings.warm_stories):
            _story_page(settings, story_id)
    except Exception as exc:  # an optimisation only: whatever was not prepared is made on request
        print(f"storyline: preparing the caches failed: {type(exc).__name__}: {exc}", file=sys.stderr)


def _page_name(all_figures: bool) -> str:
    return "story.html?figures=all" if all_figures else "story.html"


def _story_page(config: Settings, story_id: str, all_figures: bool = False) -> Payload:
    reader = reader_for(config)
    return reader.story_page(
        story_id, _page_name(all_figures), lambda view: render("story.html", story_context(reader, view, all_figures))
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def page_article(request: Request, article_id: str, reader: Reader = Depends(request_reader)) -> HTMLResponse:
    """An article's clean text with its facts highlighted and every sentence addressable as #s-{start}."""
    try:
        article = reader.article(article_id)
    except NotFoundError as exc:
        return _not_found(request, not_found_detail(exc, article_id))
    return _page(request, "article.html", article_context(reader, article))


@router.get("/entities", response_class=HTMLResponse)
def page_entities(request: Request, reader: Reader = Depends(request_reader)) -> HTMLResponse:
    """Store-wide entities, most widely reported first."""
    entities = reader.entities(limit=ENTITIES_LIMIT)
    context = {"entities": entities, "total": reader.stats()["entities"], "limit": ENTITIES_LIMIT}
    return _page(request, "entities.html", context)


@router.get("/entities/by-mention", response_class=HTMLResponse)
def page_entity_by_mention(
    request: Request, article: str, start: int, reader: Reader = Depends(request_reader)
) -> Response:
    """The entity page of the entity holding the mention at `start` in `article` (links made before story views
    carried entity ids keep working)."""
    try:
        mentions = reader.article(article)["mentions"]
    except NotFoundError:
        mentions = []
    entity_id = next((m["entity"] for m in mentions if m["start"] == start and m.get("entity")), None)
    if entity_id is None:
        return _not_found(request, f"no entity mentioned at {start} in article {article!r}")
    return RedirectResponse(f"/entities/{entity_id}", status_code=303)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def page_entity(request: Request, entity_id: str, reader: Reader = Depends(request_reader)) -> Response:
    """One entity: name, type, aliases, its mentions in context and its stories. An id absorbed into another
    entity since redirects to it."""
    try:
        entity = reader.entity_mentions(entity_id)
    except NotFoundError:
        return _not_found(request, f"no entity {entity_id!r}: /entities lists them")
    if entity["id"] != entity_id:
        return RedirectResponse(f"/entities/{entity['id']}", status_code=301)
    return _page(request, "entity.html", entity_context(reader, entity))


@router.get("/search", response_class=HTMLResponse)
def page_search(request: Request, q: str = "", reader: Reader = Depends(request_reader)) -> HTMLResponse:
    """Full-text search over articles; results link to the articles and their stories."""
    return _page(request, "search.html", search_context(reader, q.strip()))
