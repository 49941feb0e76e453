"""A short extractive summary of a story: a few sentences taken as written from its articles, each citing every
article that says the same, plus one plain statement per disagreement between sources.

Selection is greedy coverage over all articles' sentences (in the manner of centroid / MMR summarisers):

- a word's weight is the number of the story's articles that use it, so facts several reports share outweigh one
  report's colour; names count half (they say who, not what happened, and recur in every sentence); dates count as
  the day they resolve to, so "on March 4" and "last Tuesday" in two reports are one fact;
- a sentence gains only from words no chosen sentence covers yet, so each pick adds something new, and the gain is
  divided by the square root of its length, so dense sentences win without the summary turning into fragments;
- news leads carry the key facts: the first sentence of each article gets a boost, and any sentence gets one for
  how much of it the other articles' leads share (the main event rather than background);
- a candidate that says the same thing as a chosen sentence is dropped outright (no repetition);
- sentences that read badly out of context are left out (too short, mostly a quotation, captions and credit lines)
  or penalised (opening on a pronoun or connective), and such an opener gives way to a sentence of another article
  saying the same thing when there is one.

A story of one article is summarised by its lead: its first usable sentences. Pure and deterministic: the same
articles and conflicts always give the same summary, whatever their order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from storyline.extract.timex.finder import find_timexes
from storyline.models import Article, Conflict, ConflictSide
from storyline.story.timeline import date_sort_key
from storyline.text import event_words, numbers, sentence_spans, words

__all__ = [
    "Summary",
    "SummarySentence",
    "article_labels",
    "disagreement_statement",
    "format_value",
    "summarize_story",
]


@dataclass(slots=True)
class SummarySentence:
    """One summary sentence: `text` is exactly `article.text[start:end]` of the article `article_id`; `articles`
    lists every story article that says the same thing, the chosen one first."""

    text: str
    article_id: str
    start: int
    end: int
    articles: list[str]


@dataclass(slots=True)
class Summary:
    """A story's summary: its sentences in story order and one plain statement per disagreement."""

    sentences: list[SummarySentence]
    disagreements: list[str]


MIN_WORDS = 6
# Two sentences say the same thing when their content words overlap this much (overlap coefficient: shared words
# over the shorter sentence's words) with at least MIN_SHARED words shared, or the weaker NUMBER_OVERLAP when they
# also state the same number. Names recur in every sentence of a story, so some shared words must be lower-case ones.
SAME_OVERLAP = 0.5
NUMBER_OVERLAP = 0.4
MIN_SHARED = 3
MIN_SHARED_PLAIN = 2
# News leads carry the key facts: an article's first sentence gets this much extra, halving with each next one.
LEAD_BOOST = 0.5
# A sentence close to the story's leads is about the main event rather than background: up to this much extra.
TOPIC_BOOST = 2.0
# Names say who, not what happened, and recur in nearly every sentence of a story: they count this much of a word.
NAME_WEIGHT = 0.5
# A sentence opening on a pronoun or connective points back at a sentence the reader may not see.
DANGLING_PENALTY = 0.6
# Most of the sentence inside quotation marks: a quote reads badly without its setting.
MAX_QUOTED = 0.5

_DANGLING = frozenset(
    """he she it they this that these those his her its their him them we i but and or however also meanwhile still
    yet so then instead moreover furthermore besides such thus hence nevertheless nonetheless otherwise likewise
    similarly""".split()
)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_ENDS_SENTENCE = re.compile(r"[.!…][\"'”’)\]]*$")
_CAPTION = re.compile(
    r"^(?:photo|image|picture|caption|credit|file photo|video|watch|listen|read more|related|advertisement)\b|"
    r"\b(?:getty images|all rights reserved|photo credit|file photo)\b|©|^\W*(?:photo|image)s?\s*:",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"['’]s\b")
_NO_RANK = 1_000_000


@dataclass(slots=True)
class _Candidate:
    article_id: str
    order: int  # the article's place in publication order
    position: int  # the sentence's place among its article's sentences
    rank: int  # its place among the article's usable sentences (a caption before the lead does not count)
    start: int
    end: int
    text: str
    n_words: int
    terms: frozenset[str]  # stemmed content words and numbers: what the sentence covers
    plain: frozenset[str]  # the words among them that the story writes lower-case somewhere (no names)
    numbers: frozenset[str]
    usable: bool  # passes the filters for short, quoted, caption sentences
    dangling: bool


# --- sentences and their words --------------------------------------------------------------------------------------


def _fold(term: str) -> str:
    # Beyond event_words' suffixes, so that "evacuation", "evacuate" and "evacuated" (or "cause" and "causes") meet.
    if len(term) > 6 and term.endswith("ion"):
        term = term[:-3]
    return term[:-1] if len(term) > 4 and term.endswith("e") else term


def _terms(sentence: str, dates: list[str]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """What a sentence covers (stemmed content words, numbers, the dates it names), the words among them written
    lower-case (no names), and its numbers. `dates` are the TIMEX values of the sentence's dates, whose digits were
    blanked so that they are not taken for numbers."""
    # "Korea's" and "Korea" are one word.
    unpossessed = _POSSESSIVE.sub("", sentence)
    figures = frozenset(numbers(sentence))
    words_ = {_fold(w) for w in event_words(unpossessed)}
    plain = frozenset(_fold(w) for w in event_words(unpossessed, names=False))
    return frozenset(words_ | {f"#{n}" for n in figures} | {f"@{d}" for d in dates}), plain, figures


def _quoted_share(sentence: str) -> float:
    return sum(len(m.group(0)) for m in _QUOTED.finditer(sentence)) / max(1, len(sentence))


def _usable(sentence: str, n_words: int) -> bool:
    """Whether a sentence can stand in a summary: long enough, a sentence (not a caption, headline or credit line),
    and mostly the article's own words rather than a quotation."""
    stripped = sentence.strip()
    return (
        n_words >= MIN_WORDS
        and bool(_ENDS_SENTENCE.search(stripped))
        and not _CAPTION.search(stripped)
        and _quoted_share(stripped) <= MAX_QUOTED
    )


def _dangling(sentence: str) -> bool:
    tokens = words(sentence[:40])
    return bool(tokens) and tokens[0] in _DANGLING


def _publication_order(articles: list[Article]) -> list[Article]:
    # Undated articles go last; arrival order, then the id, break ties, so the caller's order never matters.
    return sorted(articles, key=lambda a: (a.published is None, a.published or "", a.seq, a.id))


def _sentence_dates(text: str, published: str | None) -> list[tuple[int, int, str]]:
    # Dates resolved against the publication date, so that "on Dec 6" and "last Saturday" in two reports become the
    # same term; vague references (PAST_REF) and durations say nothing about when.
    return [
        (t.start, t.end, t.value) for t in find_timexes(text, published) if t.type == "DATE" and t.value[:1].isdigit()
    ]


def _candidates(articles: list[Article]) -> list[_Candidate]:
    out = []
    for order, article in enumerate(_publication_order(articles)):
        dates = _sentence_dates(article.text, article.published)
        rank = 0
        for position, (start, end) in enumerate(sentence_spans(article.text)):
            text = article.text[start:end]
            inside = [d for d in dates if start <= d[0] and d[1] <= end]
            # The digits of a date are not figures: blank them before looking for numbers.
            masked = text
            for s, e, _ in inside:
                masked = masked[: s - start] + " " * (e - s) + masked[e - start :]
            terms, plain, figures = _terms(masked, [v for _, _, v in inside])
            n_words = len(words(text))
            usable = _usable(text, n_words)
            out.append(
                _Candidate(
                    article_id=article.id,
                    order=order,
                    position=position,
                    rank=rank if usable else _NO_RANK,
                    start=start,
                    end=end,
                    text=text,
                    n_words=n_words,
                    terms=terms,
                    plain=plain,
                    numbers=figures,
                    usable=usable,
                    dangling=_dangling(text),
                )
            )
            rank += usable
    # A word written lower-case anywhere in the story is no name, also where it opens a sentence ("Floodwaters ...").
    vocabulary = frozenset().union(*(c.plain for c in out))
    for c in out:
        c.plain = c.terms & vocabulary
    return out


def _same(a: _Candidate, b: _Candidate) -> bool:
    """Whether two sentences say the same thing: strong content-word overlap, a little less when they state the same
    number, never when each states numbers and none agree (600 killed is not 1,000 killed)."""
    if a.numbers and b.numbers and not a.numbers & b.numbers:
        return False
    shared = len(a.terms & b.terms)
    if shared < MIN_SHARED or len(a.plain & b.plain) < MIN_SHARED_PLAIN:
        return False
    overlap = shared / max(1, min(len(a.terms), len(b.terms)))
    return overlap >= (NUMBER_OVERLAP if a.numbers & b.numbers else SAME_OVERLAP)


# --- selection ---------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Weights:
    """Per term, its weight as coverage (the articles using it, names discounted); per sentence, its topicality."""

    coverage: dict[str, float]
    topic: dict[tuple[str, int], float]  # keyed by (article id, sentence position)


def _key(c: _Candidate) -> tuple[str, int]:
    return c.article_id, c.position


def _weights(candidates: list[_Candidate]) -> _Weights:
    users: dict[str, set[str]] = {}
    for c in candidates:
        for t in c.terms:
            users.setdefault(t, set()).add(c.article_id)
    plain = frozenset().union(*(c.plain for c in candidates))
    # Numbers and dates are facts.
    kind = {t: 1.0 if t[0] in "#@" or t in plain else NAME_WEIGHT for t in users}
    # What several reports share is the story's core: a word's weight is the number of articles using it.
    coverage = {t: len(ids) * kind[t] for t, ids in users.items()}
    leads = Counter(t for c in candidates if c.rank == 0 for t in c.terms)
    return _Weights(coverage, {_key(c): _topicality(c, kind, leads) for c in candidates})


def _topicality(c: _Candidate, kind: dict[str, float], leads: Counter[str]) -> float:
    """The share of a sentence's words that the story's leads (other than itself) use: 1 for a sentence about the
    main event, near 0 for background."""
    own = 1 if c.rank == 0 else 0
    total = sum(kind[t] for t in c.terms)
    return sum(kind[t] for t in c.terms if leads[t] > own) / total if total else 0.0


def _score(c: _Candidate, weights: _Weights, covered: set[str]) -> float:
    gain = sum(weights.coverage[t] for t in c.terms if t not in covered)
    lead = 1.0 + LEAD_BOOST * 0.5 ** min(c.rank, 30)
    topic = 1.0 + TOPIC_BOOST * weights.topic[_key(c)]
    penalty = DANGLING_PENALTY if c.dangling else 1.0
    # Dividing by the square root of the length favours dense sentences without reducing the summary to fragments.
    return gain * lead * topic * penalty / math.sqrt(max(1, c.n_words))


def _rank_key(c: _Candidate) -> tuple[int, int]:
    return c.order, c.position


def _resolve_dangling(best: _Candidate, pool: list[_Candidate]) -> _Candidate:
    """A self-contained sentence of another article that says the same, if `best` opens on a pronoun or
    connective and one exists; else `best`."""
    if not best.dangling:
        return best
    others = [c for c in pool if not c.dangling and c.article_id != best.article_id and _same(best, c)]
    if not others:
        return best
    return max(others, key=lambda c: (len(c.terms & best.terms), -c.order, -c.position))


def _select(candidates: list[_Candidate], max_sentences: int, max_words: int) -> list[_Candidate]:
    pool = [c for c in candidates if c.usable] or list(candidates)
    weights = _weights(candidates)
    chosen: list[_Candidate] = []
    covered: set[str] = set()
    total = 0
    while pool and len(chosen) < max_sentences:
        scored = [(_score(c, weights, covered), c) for c in pool]
        score, best = max(scored, key=lambda sc: (sc[0], -sc[1].order, -sc[1].position))
        if score <= 0 and chosen:
            break  # nothing left adds a word the summary lacks
        best = _resolve_dangling(best, pool)
        chosen.append(best)
        covered |= best.terms
        total += best.n_words
        # Drop what repeats the pick, and what no longer fits the budget (a shorter sentence may still fit).
        pool = [c for c in pool if c is not best and total + c.n_words <= max_words and not _same(c, best)]
    return chosen


def _lead(candidates: list[_Candidate], max_sentences: int, max_words: int) -> list[_Candidate]:
    """One article: its first usable sentences in order, as far as the limits allow."""
    pool = [c for c in candidates if c.usable] or list(candidates)
    chosen: list[_Candidate] = []
    total = 0
    for c in pool:
        if len(chosen) == max_sentences or (chosen and total + c.n_words > max_words):
            break
        chosen.append(c)
        total += c.n_words
    return chosen


def _cite(c: _Candidate, candidates: list[_Candidate]) -> list[str]:
    others = sorted({o.order: o.article_id for o in candidates if o.article_id != c.article_id and _same(c, o)}.items())
    return [c.article_id, *(article_id for _, article_id in others)]


def summarize_story(
    articles: list[Article],
    conflicts: list[Conflict],
    *,
    max_sentences: int = 5,
    max_words: int = 120,
    names: dict[str, str] | None = None,
) -> Summary:
    """An extractive summary of a story's articles: at most `max_sentences` sentences and `max_words` words (the
    first sentence is kept whatever its length), each citing every article that says the same, and one statement per
    conflict. `names` labels articles in the statements; by default `article_labels(articles)`."""
    candidates = _candidates([a for a in articles if a.text.strip()])
    if len({c.article_id for c in candidates}) == 1:
        chosen = _lead(candidates, max_sentences, max_words)
    else:
        chosen = _select(candidates, max_sentences, max_words)
    # Story order: by the article's publication date, then position in the article, so the summary reads as the
    # story unfolded in the reports (the earliest report's lead first).
    chosen.sort(key=_rank_key)
    sentences = [SummarySentence(c.text, c.article_id, c.start, c.end, _cite(c, candidates)) for c in chosen]
    labels = article_labels(articles) if names is None else names
    statements = [disagreement_statement(c, labels) for c in conflicts if c.kind in ("revision", "contradiction")]
    return Summary(sentences=sentences, disagreements=statements)


# --- disagreements ------------------------------------------------------------------------------------------------


def article_labels(articles: list[Article]) -> dict[str, str]:
    """A short label per article for citations in prose: its outlet or wire credit, else "article N" (N its place in
    `articles`, from 1); a label several articles share gets the number too."""
    base = {a.id: a.outlet or a.credit for a in articles}
    counts: dict[str, int] = {}
    for label in base.values():
        if label:
            counts[label] = counts.get(label, 0) + 1
    labels = {}
    for i, a in enumerate(articles, start=1):
        label = base[a.id]
        if not label:
            labels[a.id] = f"article {i}"
        elif counts[label] > 1:
            labels[a.id] = f"{label} (article {i})"
        else:
            labels[a.id] = label
    return labels


def format_value(value: float) -> str:
    """A figure as prose writes it: 600, 1,000, 2.5, 1.28 million, 3 billion."""
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{_trim(f'{value / size:.2f}')} {word}"
    if value == int(value):
        return f"{int(value):,}"
    return _trim(f"{value:,.2f}")


def _trim(number: str) -> str:
    return number.rstrip("0").rstrip(".") if "." in number else number


def _join(items: list[str]) -> str:
    items = list(dict.fromkeys(i for i in items if i))
    if len(items) < 2:
        return items[0] if items else ""
    return ", ".join(items[:-1]) + " and " + items[-1]


def _cites(side: ConflictSide, names: dict[str, str]) -> str:
    return "[" + ", ".join(names.get(a, a) for a in side.articles) + "]"


def _side_value(side: ConflictSide) -> str:
    if side.value is not None:
        return format_value(side.value)
    return (side.text or "").strip()


def _revision(conflict: Conflict, names: dict[str, str]) -> str:
    sides = conflict.sides
    if all(s.as_of for s in sides):  # a revision reads oldest first; without dates keep the reconciler's order
        sides = sorted(sides, key=lambda s: date_sort_key(s.as_of or ""))
    parts = []
    for side in sides:
        details = [_join(side.attributed_to), f"as of {side.as_of}" if side.as_of else ""]
        head = ", ".join(d for d in details if d)
        parts.append(f"{_side_value(side)} ({head + '; ' if head else ''}{_cites(side, names)})")
    return f"Figures for {conflict.about} were revised over time: {' then '.join(parts)}."


def _contradiction(conflict: Conflict, names: dict[str, str]) -> str:
    parts = []
    for side in conflict.sides:
        who = _join(side.attributed_to)
        parts.append(f"{_side_value(side)}{f' according to {who}' if who else ''} ({_cites(side, names)})")
    return f"Sources differ on {conflict.about}: {', '.join(parts)}."


def _date(conflict: Conflict, names: dict[str, str]) -> str:
    about = conflict.about.strip().rstrip(".!?")
    about = about if about.startswith("date of") else f"date of {about}"
    parts = [f"{_cites(s, names)} says {_side_value(s)}" for s in conflict.sides]
    return f"Sources differ on the {about}: {', '.join(parts)}."


def _wording(conflict: Conflict, names: dict[str, str]) -> str:
    # The reconciler's `about` ends with one side's sentence; the sides quote both, so only the question is kept.
    about = conflict.about.split(": ", 1)[0].strip()
    # A sentence's own full stop inside the quotation marks would double the statement's punctuation.
    parts = [f"{_cites(s, names)} says “{_side_value(s).rstrip('. ')}”" for s in conflict.sides]
    return f"Sources differ on {about}: {', '.join(parts)}."


def disagreement_statement(conflict: Conflict, names: dict[str, str]) -> str:
    """One plain sentence stating a disagreement between sources, each side with its value or wording, who holds it
    and the articles that say so (labelled through `names`, the raw id where it has none)."""
    if conflict.topic == "date":
        return _date(conflict, names)
    if conflict.topic == "wording":
        return _wording(conflict, names)
    if conflict.kind == "revision":
        return _revision(conflict, names)
    return _contradiction(conflict, names)
