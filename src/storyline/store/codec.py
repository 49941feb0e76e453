"""ArticleFacts to and from the JSON kept in the `article_facts` table.

One JSON document per article: facts are always read per article or per story, never queried field by field, and
one row per article keeps ingest to a single insert.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from storyline.models import ArticleFacts, Claim, DatedSentence, Mention, Quote, TimeExpression


def encode_facts(facts: ArticleFacts) -> str:
    data = asdict(facts)
    del data["article_id"]
    # The article id is the row's key: repeating it in every mention would double the size of the JSON.
    for key in ("mentions", "dated", "claims", "quotes"):
        for item in data[key]:
            del item["article_id"]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def decode_facts(article_id: str, raw: str) -> ArticleFacts:
    data: dict[str, Any] = json.loads(raw)
    return ArticleFacts(
        article_id=article_id,
        mentions=[Mention(article_id=article_id, **m) for m in data.get("mentions", [])],
        timexes=[TimeExpression(**t) for t in data.get("timexes", [])],
        dated=[DatedSentence(article_id=article_id, **d) for d in data.get("dated", [])],
        claims=[Claim(article_id=article_id, **c) for c in data.get("claims", [])],
        quotes=[Quote(article_id=article_id, **q) for q in data.get("quotes", [])],
        error=data.get("error"),
    )
