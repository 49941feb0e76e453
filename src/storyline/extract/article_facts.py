"""The facts stage for one article: names, dates, dated sentences, numeric claims and quotes.

Named-entity recognition (spaCy) is the only expensive step and does not depend on the publication date, so the
engine runs it once and keeps the mentions; everything else here is rule-based and cheap, and is simply run again
when an article's date changes (an undated report whose date is inferred later from its story).
"""

from __future__ import annotations

import re

from storyline.extract.claims import find_claims
from storyline.extract.quantities.finder import find_quantities
from storyline.extract.quotes import find_quotes
from storyline.extract.timex.finder import find_timexes
from storyline.models import Article, ArticleFacts, DatedSentence, Mention, TimeExpression
from storyline.text import sentence_spans

__all__ = ["dated_sentences", "extract_facts"]

# A calendar value a timeline can place: a year, month, day, ISO week (weekend), quarter or season of a year.
_PLACEABLE = re.compile(r"^\d{4}(?:-(?:\d{2}(?:-\d{2})?|W\d{2}(?:-WE)?|Q[1-4]|SP|SU|FA|WI|H[12]))?$")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
# Dates that only say when something was said or published, or that stay relative to whoever speaks.
_DEICTIC = re.compile(r"^(?:today|tonight|now|this (?:morning|afternoon|evening|week|month|year))$", re.IGNORECASE)


def extract_facts(article: Article, mentions: list[Mention]) -> ArticleFacts:
    """All facts of one article, given its entity mentions (see `EntityExtractor`)."""
    text = article.text
    timexes = find_timexes(text, article.published)
    claims = find_claims(article.id, text, article.published, find_quantities(text), timexes, mentions)
    return ArticleFacts(
        article_id=article.id,
        mentions=mentions,
        timexes=timexes,
        dated=dated_sentences(article, timexes),
        claims=claims,
        quotes=find_quotes(article.id, text, mentions),
    )


def dated_sentences(article: Article, timexes: list[TimeExpression]) -> list[DatedSentence]:
    """One record per calendar date found in a sentence: the raw material of timelines.

    Left out: durations, sets and *_REF values (nothing to place), and deictic words inside quotation marks
    ("achieved today", said by someone on another day than the article's)."""
    text = article.text
    spans = sentence_spans(text)
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    inferred = article.published_how == "inferred"
    out: list[DatedSentence] = []
    for tx in timexes:
        value = tx.value.split("T", 1)[0]
        if tx.type not in ("DATE", "TIME") or not _PLACEABLE.match(value):
            continue
        if _DEICTIC.match(tx.text) and any(a <= tx.start < b for a, b in quoted):
            continue
        start, end = next(((a, b) for a, b in spans if a <= tx.start < b), (tx.start, tx.end))
        relative = tx.how in ("relative_to_dct", "relative_to_previous")
        how = "inferred" if inferred and relative else tx.how
        confidence = tx.confidence * (article.published_confidence if inferred and relative else 1.0)
        out.append(
            DatedSentence(
                article_id=article.id,
                date=value,
                how=how,
                confidence=round(confidence, 3),
                timex_text=tx.text,
                start=tx.start,
                end=tx.end,
                sentence=text[start:end],
                sentence_start=start,
                sentence_end=end,
            )
        )
    return out
