"""Disagreements between the wording of aligned sentences: conflicting dates for one event, and an act reported as
done by one article and as only intended by another.

Sentences are aligned across a story's articles by shared content words: loosely between an article and its copy or
rewrite (the rewrite rephrases, so half the words change), strictly between independent reports (their sentences
share fewer words by chance, so they must also share several words and a name). A rewrite that turns "last October"
(written in 2025) into "October 2023" then shows as two sentences about one event with disjoint dates of the same
granularity.

Independent reports also repeat forms: hundreds of dividend notices say "Pay April 15" or "The payment date is May 7",
each about another company. One event has one date, or two where two versions of it circulate; a group of aligned
sentences carrying more dates than that is a form, and its differing dates are no disagreement.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import product

from storyline.components import connected_components
from storyline.models import Conflict, ConflictSide, DatedSentence, Relation
from storyline.text import event_words, sentence_spans

__all__ = ["date_conflicts", "wording_conflicts"]

# Content-word Jaccard above which two sentences of different articles say the same thing.
COPY_ALIGNMENT = 0.3
INDEPENDENT_ALIGNMENT = 0.5
REWORDED_ALIGNMENT = 0.15
# Independent reports: the least number of shared content words and of shared names (capitalised words past the first).
INDEPENDENT_SHARED = 3
INDEPENDENT_NAMES = 1
# A group of aligned sentences with more distinct dates than this is a recurring form, not one event (one event has
# one date, or two where two versions of it circulate).
MAX_EVENT_DATES = 2
# In a posting list longer than this, each sentence is paired with this many neighbours (see _independent_candidates).
_NEIGHBOURS = 48
_CAPITALISED = re.compile(r"(?<!^)\b[A-Z][\w'’-]*")
_INTENT = re.compile(
    r"\b(?:bill|plans?|planned|proposal|proposed|intends?|intended|seeks?|sought|expected|vowed|promised|will|would|"
    r"set)\s+(?:\w+\s+)?to\s+([a-z]{4,})\b|\b(?:will|would)\s+([a-z]{4,})\b"
)


def _granularity(value: str) -> str:
    return re.sub(r"\d", "9", value)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _names(sentence: str) -> frozenset[str]:
    """Lower-cased capitalised words after the first: the people, places and bodies a sentence is about."""
    return frozenset(m.group().lower() for m in _CAPITALISED.finditer(sentence.strip()))


def _short(sentence: str, limit: int = 90) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"


def date_conflicts(dated: Iterable[DatedSentence], relations: Iterable[Relation]) -> list[Conflict]:
    """Pairs of aligned sentences from different articles whose dates of one granularity do not overlap.

    Every sentence pair of a copy and its origin is compared; independent reports only where their sentences
    share enough words to be candidates (an exact prefix filter: no pair over the threshold is missed, and a story of
    a thousand notices does not cost a million comparisons)."""
    sentences: dict[tuple[str, int], list[DatedSentence]] = defaultdict(list)
    for d in dated:
        sentences[(d.article_id, d.sentence_start)].append(d)
    sentences = _distinct(sentences)
    words = {k: event_words(v[0].sentence) for k, v in sentences.items()}
    related = {frozenset((r.a, r.b)) for r in relations}
    aligned = [
        (a, b, True) for a, b in _copy_candidates(sentences, related) if _jaccard(words[a], words[b]) >= COPY_ALIGNMENT
    ]
    dates = {k: tuple(sorted({d.date for d in v})) for k, v in sentences.items()}
    names: dict[Key, frozenset[str]] = {}
    for a, b in _independent_candidates(words, dates):
        if frozenset((a[0], b[0])) in related or a[0] == b[0]:
            continue
        shared = words[a] & words[b]
        if len(shared) < INDEPENDENT_SHARED or _jaccard(words[a], words[b]) < INDEPENDENT_ALIGNMENT:
            continue
        for k in (a, b):
            if k not in names:
                names[k] = _names(sentences[k][0].sentence)
        if len(names[a] & names[b]) >= INDEPENDENT_NAMES:
            aligned.append((a, b, False))
    forms = _forms(sentences, aligned)
    conflicts = []
    for a, b, copy in sorted(aligned):
        if not copy and (a in forms or b in forms):
            continue
        conflict = _date_conflict(sentences[a], sentences[b])
        if conflict:
            conflicts.append(conflict)
    return conflicts


Key = tuple[str, int]


def _distinct(sentences: dict[Key, list[DatedSentence]]) -> dict[Key, list[DatedSentence]]:
    """The first of each set of identical sentences carrying identical dates. Two such sentences cannot disagree
    (their dates are the same words with the same values), and each disagrees with a third exactly as the other
    does, so comparing one stands for all: N copies of an article, or N notices made from one template, cost what
    one does instead of N² comparisons (2,000 copies of one article: 10 GB and minutes before this)."""
    kept: dict[tuple[str, frozenset[tuple[str, str]]], Key] = {}
    for key in sorted(sentences):
        group = sentences[key]
        kept.setdefault((group[0].sentence, frozenset((d.date, d.timex_text) for d in group)), key)
    return {key: sentences[key] for key in sorted(kept.values())}


def _copy_candidates(sentences: dict[Key, list[DatedSentence]], related: set[frozenset[str]]) -> list[tuple[Key, Key]]:
    """Every pair of dated sentences of an article and its copy, each pair in key order."""
    by_article: dict[str, list[Key]] = defaultdict(list)
    for key in sentences:
        by_article[key[0]].append(key)
    pairs = []
    for pair in related:
        if len(pair) == 2:
            a, b = sorted(pair)
            pairs += product(by_article.get(a, []), by_article.get(b, []))
    return [(x, y) if x < y else (y, x) for x, y in pairs]


def _independent_candidates(
    words: dict[Key, frozenset[str]], dates: dict[Key, tuple[str, ...]]
) -> set[tuple[Key, Key]]:
    """Pairs that may share INDEPENDENT_SHARED words and INDEPENDENT_ALIGNMENT of their words (Jaccard).

    Such a pair shares at least `need = max(INDEPENDENT_SHARED, ceil(t·|x|))` of the words x of either sentence, so
    with words ordered rarest first, the two must share one of the first |x| - need + 1 words of each: indexing
    only those prefixes keeps every qualifying pair while common words rarely enter the index.

    Where a word is in the prefixes of more than _NEIGHBOURS sentences anyway (a template story: a thousand
    notices "payable April 15 to holders of record March 31" share every word), its sentences are ordered by their
    dates and each is paired with the _NEIGHBOURS after it: sentences with the same dates cannot disagree, so the
    pairs that can lie where the dates change, and the chain still joins the group for `_forms`. A story's cost
    then grows with its size, not with its size squared (1,117 notices: 640,000 pairs and 22 s before)."""
    frequency = Counter(w for ws in words.values() for w in ws)
    index: dict[str, list[Key]] = defaultdict(list)
    for key, ws in words.items():
        need = max(INDEPENDENT_SHARED, math.ceil(INDEPENDENT_ALIGNMENT * len(ws)))
        for w in sorted(ws, key=lambda w: (frequency[w], w))[: len(ws) - need + 1]:
            index[w].append(key)
    pairs = set()
    for keys in index.values():
        if len(keys) > _NEIGHBOURS:
            keys = sorted(keys, key=lambda k: (dates[k], k))
        for i, a in enumerate(keys):
            pairs.update((a, b) if a < b else (b, a) for b in keys[i + 1 : i + 1 + _NEIGHBOURS])
    return pairs


def _forms(sentences: dict[Key, list[DatedSentence]], aligned: list[tuple[Key, Key, bool]]) -> set[Key]:
    """Sentences in a group of aligned sentences (connected through alignments) carrying more than MAX_EVENT_DATES
    distinct sets of dates: recurring forms whose differing dates are not a disagreement. (Sets, not dates: one
    sentence may carry three dates of one event.)"""
    keys = list(dict.fromkeys(k for a, b, _ in aligned for k in (a, b)))
    groups = connected_components(keys, ((a, b) for a, b, _ in aligned))
    forms: set[Key] = set()
    for members in groups:
        if len({frozenset(d.date for d in sentences[k]) for k in members}) > MAX_EVENT_DATES:
            forms.update(members)
    return forms


def _date_conflict(a: list[DatedSentence], b: list[DatedSentence]) -> Conflict | None:
    values_a = {d.date for d in a}
    values_b = {d.date for d in b}
    if values_a & values_b:
        return None
    for da in a:
        for db in b:
            # The same words ("last week", "March 6") resolved against different publication dates: a copy
            # republished later, not two accounts of when it happened.
            if da.timex_text.casefold() == db.timex_text.casefold():
                continue
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
