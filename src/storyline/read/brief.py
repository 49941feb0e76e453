"""A story briefing an analyst could send: summary with numbered source citations, timeline, disputed figures and
the sources themselves, as Markdown. Rendered from the story view, so it says exactly what the UI and API say.

Everything taken from the articles (titles, sentences, names, outlets, dates, addresses) is written through
`safety.markdown_text`, so an article's `<script>` or `[link](javascript:...)` is text in the briefing, whatever
renders it; a source's address is given as a link only when it is an http(s) one (`safety.safe_url`).
"""

from __future__ import annotations

from typing import Any

from storyline.read.safety import markdown_text as md
from storyline.read.safety import safe_url
from storyline.story.summary import format_value

__all__ = ["brief_markdown"]


def _cite(ids: list[str], number: dict[str, int]) -> str:
    """Numbered citations of the story's own sources; articles of related stories are cited as such."""
    own = "".join(f"[{number[i]}]" for i in ids if i in number)
    others = sum(1 for i in ids if i not in number)
    return own + (f"[+{others} in related stories]" if others else "")


def _side(side: dict[str, Any], number: dict[str, int]) -> str:
    what = format_value(side["value"]) if side["value"] is not None else md(side["text"] or "")
    who = ", ".join(md(name) for name in side["attributed_to"])
    when = f"as of {md(side['as_of'])}" if side["as_of"] else ""
    detail = "; ".join(x for x in (who, when) if x)
    return f"{what}" + (f" ({detail})" if detail else "") + f" {_cite(side['articles'], number)}"


def _where(article: dict[str, Any]) -> str:
    """Where a source is: its address (cleaned of what browsers ignore when it is an http(s) one), else its source
    file. Written as escaped text: Markdown renderers link bare http(s) addresses only, and so does the HTML
    briefing (export.markdown_html asks `safe_url` too), so a javascript: or data: address is never a link."""
    return md(safe_url(article["url"]) or article["url"] or article["source_path"])


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def brief_markdown(story: dict[str, Any]) -> str:
    """The briefing of a story view (see views.story_view) as Markdown."""
    articles = story["articles"]
    number = {a["id"]: n for n, a in enumerate(articles, start=1)}
    span = " to ".join(dict.fromkeys(md(d) for d in (story["first_published"], story["last_published"]) if d))
    lines = [f"# {md(story['title'])}", ""]
    lines.append(
        f"{_count(len(articles), 'article')}, {_count(story['independent_reports'], 'independent report')}"
        + (f", {span}" if span else "")
        + (f"; outlets: {', '.join(md(o) for o in story['outlets'])}" if story["outlets"] else "")
        + "."
    )
    summary = story.get("summary") or {}
    if summary.get("sentences"):
        lines += ["", "## Summary", ""]
        lines += [f"{md(s['text'])} {_cite(s['articles'], number)}" for s in summary["sentences"]]
    if summary.get("disagreements"):
        lines += ["", "## Where sources differ", ""]
        lines += [f"- {md(d)}" for d in summary["disagreements"]]
    if story["timeline"]:
        lines += ["", "## Timeline", ""]
        for e in story["timeline"]:
            mark = " (date inferred)" if e["uncertain"] else ""
            lines.append(f"- **{md(e['date'])}**{mark}: {md(e['text'])} {_cite(e['articles'], number)}")
    disputed = [c for c in story["conflicts"] if c["topic"] == "quantity"]
    if disputed:
        lines += ["", "## Disputed figures", ""]
        for c in disputed:
            sides = " vs ".join(_side(s, number) for s in c["sides"])
            lines.append(f"- {md(c['about'])} ({md(c['kind'])}): {sides}")
    lines += ["", "## Sources", ""]
    for a in articles:
        meta = ", ".join(md(x) for x in (a["outlet"] or a["credit"], a["published"]) if x)
        lines.append(f"{number[a['id']]}. {md(a['title'])}" + (f" ({meta})" if meta else "") + f": {_where(a)}")
    return "\n".join(lines) + "\n"
