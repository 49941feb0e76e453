"""Disagreements between the wording of aligned sentences: conflicting dates for one event, and an act reported as
done by one article and as only intended by another.

Sentences are aligned across a story's articles by shared content words: loosely between an article and its copy or
rewrite (the rewrite rephrases, so half the words change), strictly between independent reports (their sentences
share fewer words by chance). A rewrite that turns "last October" (written in 2025) into "October 2023" then shows
as two sentences about one event with disjoint dates of the same granularity.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from storyline.models import Conflict, ConflictSide, DatedSentence, Relation
from storyline.story.timeline import event_words
from storyline.text import sentence_spans

__all__ = ["date_conflicts", "wording_conflicts"]

# Content-word Jaccard above which two sentences of different articles say the same thing.
COPY_ALIGNMENT = 0.3
INDEPENDENT_ALIGNMENT = 0.5
REWORDED_ALIGNMENT = 0.15
_INTENT = re.compile(
    r"\b(?:bill|plans?|planned|proposal|proposed|intends?|intended|seeks?|sought|expected|vowed|promised|will|would|"
    r"set)\s+(?:\w+\s+)?to\s+([a-z]{4,})\b|\b(?:will|would)\s+([a-z]{4,})\b"
)


def _granularity(value: str) -> str:
    return re.sub(r"\d", "9", value)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _pairs(related: set[frozenset[str]], a: str, b: str) -> float:
    return COPY_ALIGNMENT if frozenset((a, b)) in related else INDEPENDENT_ALIGNMENT


def _copy_pairs(relations: Iterable[Relation]) -> set[frozenset[str]]:
    return {frozenset((r.a, r.b)) for r in relations}


def _short(sentence: str, limit: int = 90) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"


def date_conflicts(dated: Iterable[DatedSentence], relations: Iterable[Relation]) -> list[Conflict]:
    """Pairs of aligned sentences from different articles whose dates of one granularity do not overlap."""
    related = _copy_pairs(relations)
    sentences: dict[tuple[str, int], list[DatedSentence]] = defaultdict(list)
    for d in dated:
        sentences[(d.article_id, d.sentence_start)].append(d)
    keys = sorted(sentences)
    words = {k: event_words(sentences[k][0].sentence) for k in keys}
    conflicts = []
    for i, ka in enumerate(keys):
        for kb in keys[i + 1 :]:
            if ka[0] == kb[0] or _jaccard(words[ka], words[kb]) < _pairs(related, ka[0], kb[0]):
                continue
            conflict = _date_conflict(sentences[ka], sentences[kb])
            if conflict:
                conflicts.append(conflict)
    return conflicts


def _date_conflict(a: list[DatedSentence], b: list[DatedSentence]) -> Conflict | None:
    values_a = {d.date for d in a}
    values_b = {d.date for d in b}
    if values_a & values_b:
        return None
    for da in a:
        for db in b:
            if _granularity(da.date) == _granularity(db.date):
                return Conflict(
                    about=f"date of: {_short(da.sentence)}",
                    kind="contradiction",
                    topic="date",
                    sides=[
                        ConflictSide(articles=[d.article_id], text=f"{d.date} ({d.timex_text})", sentences=[d.sentence])
                        for d in (da, db)
                    ],
                )
    return None


def wording_conflicts(texts: dict[str, str], relations: Iterable[Relation]) -> list[Conflict]:
    """An act one article reports as done ("parliament ratified the treaty") and its copy or rewrite as only
    intended ("introduced a bill to ratify the treaty"). Only copies are compared: independent reports written on
    different days may rightly differ."""
    conflicts = []
    for rel in sorted(relations, key=lambda r: (r.a, r.b)):
        if rel.a not in texts or rel.b not in texts:
            continue
        sents_a = [texts[rel.a][s:e] for s, e in sentence_spans(texts[rel.a])]
        sents_b = [texts[rel.b][s:e] for s, e in sentence_spans(texts[rel.b])]
        words_a = [event_words(s) for s in sents_a]
        words_b = [event_words(s) for s in sents_b]
        for i, sa in enumerate(sents_a):
            best = _best(words_a[i], words_b)
            # A rewrite rephrases most words, so a weak match counts when the two sentences pick each other.
            if (
                best is None
                or _jaccard(words_a[i], words_b[best]) < REWORDED_ALIGNMENT
                or _best(words_b[best], words_a) != i
            ):
                continue
            verb = _intent_vs_done(sa, sents_b[best]) or _intent_vs_done(sents_b[best], sa)
            if verb:
                conflicts.append(
                    Conflict(
                        about=f"whether it was done ({verb}): {_short(sa)}",
                        kind="contradiction",
                        topic="wording",
                        sides=[
                            ConflictSide(articles=[rel.a], text=sa, sentences=[sa]),
                            ConflictSide(articles=[rel.b], text=sents_b[best], sentences=[sents_b[best]]),
                        ],
                    )
                )
    return conflicts


def _best(words: frozenset[str], candidates: list[frozenset[str]]) -> int | None:
    return max(range(len(candidates)), key=lambda j: (_jaccard(words, candidates[j]), -j), default=None)


def _past_forms(verb: str) -> tuple[str, ...]:
    forms = [verb + "ed", verb + "d"]
    if verb.endswith("y"):
        forms.append(verb[:-1] + "ied")
    return tuple(forms)


def _intent_vs_done(intended: str, done: str) -> str | None:
    """The verb `intended` only intends and `done` reports as done, if there is one."""
    low_i, low_d = intended.lower(), done.lower()
    for match in _INTENT.finditer(low_i):
        verb = match.group(1) or match.group(2)
        past = _past_forms(verb)
        if any(re.search(rf"\b{p}\b", low_d) for p in past) and not any(re.search(rf"\b{p}\b", low_i) for p in past):
            return verb
    return None
