"""What a story gained since a point: a date, or an article (everything that arrived after it).

Works on the story view (the JSON-ready dict the CLI, API and web share), so every face shows the same answer:
new articles, new timeline entries or new reports of known events, new figures and revised ones, new quotes.
"""

from __future__ import annotations

import re
from typing import Any

from storyline.errors import InputError

__all__ = ["whats_new"]

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _new_articles(story: dict[str, Any], since: str) -> list[dict[str, Any]]:
    articles = story["articles"]
    if _ISO_DAY.match(since):
        return [a for a in articles if a["published"] and a["published"] > since]
    ids = [a["id"] for a in articles]
    if since not in ids:
        raise InputError(since, f"neither a date (YYYY-MM-DD) nor an article of story {story['id']}")
    # Articles are listed in arrival order: everything after the given one is new to whoever read up to it.
    return articles[ids.index(since) + 1 :]


def whats_new(story: dict[str, Any], since: str) -> dict[str, Any]:
    """New facts of `story` (a story view) since `since`: an ISO date (articles published after it) or an article id
    (articles that arrived after it)."""
    new = {a["id"] for a in _new_articles(story, since)}
    timeline = []
    for entry in story["timeline"]:
        fresh = [a for a in entry["articles"] if a in new]
        if fresh:
            # An event only new articles report is new; an old event they report again is a confirmation.
            status = "new" if len(fresh) == len(entry["articles"]) else "confirmed"
            timeline.append({**entry, "status": status, "new_articles": fresh})
    # A figure is revised when a new article holds one side and only earlier articles hold another.
    revised = [
        c
        for c in story["conflicts"]
        if c["topic"] == "quantity"
        and any(new & set(side["articles"]) for side in c["sides"])
        and any(not new & set(side["articles"]) for side in c["sides"])
    ]
    return {
        "story": story["id"],
        "since": since,
        "articles": [
            {"id": a["id"], "title": a["title"], "published": a["published"], "outlet": a["outlet"]}
            for a in story["articles"]
            if a["id"] in new
        ],
        "timeline": timeline,
        "claims": [c for c in story["claims"] if c["article"] in new],
        "revised": revised,
        "quotes": [q for q in story["quotes"] if q["article"] in new],
    }
