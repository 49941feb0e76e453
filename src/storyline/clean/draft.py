"""clean_draft: one Draft in, one Article out. Pure: no I/O, same input and settings give the same article."""

from __future__ import annotations

from collections.abc import Collection

from storyline.clean.dates import find_date
from storyline.clean.furniture import find_furniture
from storyline.clean.lines import squash
from storyline.clean.outlet import outlet_from_furniture
from storyline.clean.paragraphs import logical_lines
from storyline.clean.title import find_headline, generate_title, matches_title
from storyline.clean.wire import split_dateline, split_trailing_credit
from storyline.models import Article, Draft

# How sure a publication date is, by where it was found.
_CONFIDENCE = {"header": 0.95, "metadata": 0.9, "byline": 0.9, "dateline": 0.8, "page": 0.6}
_TITLE_HINT_LOOKAHEAD = 5  # a repeated headline sits among the first few kept lines


def clean_draft(draft: Draft, recurring: Collection[str] = ()) -> Article:
    """Clean one draft: remove page furniture, find title, dateline, credit, outlet and publication date.

    `recurring` holds line_key()s the engine saw in at least three articles of the same site; those lines are removed
    too, unless they read like report sentences. Every removed string is listed, verbatim, in `Article.removed`.
    """
    squashed = logical_lines(draft.text)
    furniture = find_furniture(squashed, recurring)
    drop = furniture.drop
    kept = [i for i, s in enumerate(squashed) if s and i not in drop]

    # Title: the container's own title wins; a line repeating it near the top goes (it is the title, not text).
    title, title_generated = "", False
    if draft.title_hint and draft.title_hint.strip():
        title = squash(draft.title_hint)
        for i in kept[:_TITLE_HINT_LOOKAHEAD]:
            if matches_title(squashed[i], title):
                drop[i] = "title"
                break
    else:
        headline = find_headline(squashed, kept, furniture.first_report)
        if headline is not None:
            title = squashed[headline]
            drop[headline] = "title"

    removed = list(draft.removed)
    removed.extend(squashed[i] for i in sorted(drop) if drop[i] != "title")
    furniture_lines = [squashed[i] for i in sorted(drop) if drop[i] != "title"]
    paragraphs = [s for i, s in enumerate(squashed) if s and i not in drop]

    dateline_place = dateline_date = None
    credit = furniture.credit
    if paragraphs:
        dateline = split_dateline(paragraphs[0])
        if dateline:
            paragraphs[0] = paragraphs[0][len(dateline.prefix) :].lstrip()
            removed.append(dateline.prefix.strip())
            dateline_place = dateline.place
            credit = credit or dateline.agency
            if dateline.date:
                dateline_date = find_date(dateline.date)
        trailing = split_trailing_credit(paragraphs[-1])
        if trailing:
            before, written, agency = trailing
            removed.append(written)
            credit = credit or agency
            if before:
                paragraphs[-1] = before
            else:
                paragraphs.pop()
    paragraphs = [p for p in paragraphs if p]

    if not title:
        title, title_generated = generate_title(paragraphs), True

    published, how, confidence = _published(draft, furniture.byline_date, furniture.page_date, dateline_date)
    if draft.outlet_hint and draft.outlet_hint.strip():
        outlet, outlet_how = draft.outlet_hint.strip(), "metadata"
    else:
        outlet = outlet_from_furniture(furniture_lines)
        outlet_how = "furniture" if outlet else None

    return Article(
        id=draft.content_hash[:16],
        source_path=draft.source_path,
        content_hash=draft.content_hash,
        text="\n\n".join(paragraphs),
        title=title,
        title_generated=title_generated,
        published=published,
        published_how=how,  # type: ignore[arg-type]
        published_confidence=confidence,
        outlet=outlet,
        outlet_how=outlet_how,
        credit=credit,
        dateline=dateline_place,
        author=draft.author_hint or furniture.author,
        url=draft.url,
        removed=removed,
        format=draft.format,
    )


def _published(
    draft: Draft, byline_date: str | None, page_date: str | None, dateline_date: str | None
) -> tuple[str | None, str | None, float]:
    """The publication date, how it was found, and how sure it is.

    A byline or time-stamp line is the article's own date; a date widget at the top of a page is the day the page was
    shown, usually but not always the publication day, hence its lower confidence.
    """
    if draft.published_hint:
        how = draft.published_hint_how or "metadata"
        return draft.published_hint, how, _CONFIDENCE.get(how, 0.9)
    if byline_date:
        return byline_date, "text", _CONFIDENCE["byline"]
    if page_date:
        return page_date, "page", _CONFIDENCE["page"]
    if dateline_date:
        return dateline_date, "text", _CONFIDENCE["dateline"]
    return None, None, 0.0
