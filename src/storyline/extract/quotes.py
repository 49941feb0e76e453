"""Quotations in news text: what was said, who said it, through which channel, and the same quote across articles.

`find_quotes` reads one article:

- **Marks.** Curly “…” and straight "…" pairs inside one paragraph; single curly ‘…’ only where the opening mark
  stands before a word (an apostrophe is always ’, and ’ between letters never closes a quote). A quote left open at
  a paragraph's end runs to it when the next paragraph opens a quote (the multi-paragraph convention), and so does
  one interrupted by a new opening mark after a full stop (the same convention with the line break lost). `text` is
  the words between the marks, so `text == article_text[start:end]`; a quote may run over several sentences.
- **Attribution clauses** are read in the sentence(s) holding the quote with everything quoted masked out:
  a subject before a speech verb ("Lena Vos said", "the health ministry has warned", "it called", "Vos, who leads
  the council, said"), a verb right after a quote then its subject ("…,” said the mayor"), a participle after a
  comma ("…, adding") that takes the clause before it or the sentence's first name, a coordinated verb ("… and
  expressed") that takes the sentence's first name, "X quoted/reported/cited Y as saying" (speaker Y, via X),
  "Y was quoted by X as saying", "according to X", "carried by X" / "in an interview with X", "X's statement",
  "a statement from X", and a short next sentence that only attributes (“Will it hold?” Vos asked.).
- **Which clause.** One right after the quote wins (unless it is a pronoun and a name stands right before the
  quote), then the nearest before it, then the nearest after it. When the winner is a news channel ("…”, state
  media says) and another clause before the quote names a speaker, that one speaks and the channel becomes `via`.
  "According to X" gives a channel when another clause speaks, the speaker otherwise; "Y told X" gives a channel
  when X is a news medium or an organisation that is not an audience body (ministry, council, lawmakers...).
- **Names.** A subject ending in a person mention gives its canonical name (`resolved or text`, titles off); one
  ending in an organisation or place mention gives that name; anything else is the phrase as written without a
  leading article ("coastal health ministry" style). Channels prefer the acronym an article uses ("NPA"), and
  "the agency" is the news channel the article named last. Pronouns: he/she take the latest person speaker or,
  failing one, the first person named in the nearest earlier sentence; it/they the same for organisation-like
  speakers and organisation mentions ("The ministry said …. In a statement, it called …").
- **Carry and inheritance.** A quote whose sentence has no speech verb of its own takes the speaker and channel of
  the quote just before it when that one sits in the same or the previous sentence; a quote running on into the
  next paragraph takes that paragraph's attribution. A speaker's channel, given once in an article, goes to that
  speaker's other quotes there that name none (a named channel over a generic "state media").
- **Not speech.** Quotes of one or two words are kept only when an attribution clause covers them; titles of works
  (Title Case, no final stop, inside the reporter's sentence), nicknames ("Lena “The Anchor” Vos") and what follows
  "dubbed/nicknamed/titled/known as/so-called" are dropped.

`link_quotes` gives the same `link` to quotes of different articles that are the same words, reworded or cut:
stemmed content-word overlap (shared / smaller set) of at least one half with three shared words, or two thirds with
two for short quotes that one named speaker said in both. Speakers that are both named must agree (a bare role such
as "spokesman" agrees with anyone; a speaker may be the other's channel). Candidates come from buckets of shared
words too rare to be filler, so the cost stays near-linear; merges go best-first and never join two quotes of one
article.

Known limits: pronoun resolution is a recency guess, not coreference; a speaker the NER typed wrongly is named as
typed; straight single quotes are never read as quotation marks.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from storyline.extract.attribution import ARTICLES, MASK, PRONOUNS, SPEECH_VERBS, ArticleReader, Token, tokenize
from storyline.extract.entities.aliases import canonical_form
from storyline.models import Mention, Quote
from storyline.text import content_words, normalize, sentence_spans, words

__all__ = ["find_quotes", "link_quotes"]

QuoteKind = Literal["direct", "partial"]

# --- vocabulary ---------------------------------------------------------------------------------------------------

# The speech verbs (`SPEECH_VERBS`), tokens and article reader are shared with claims (`attribution`).

# Longest first, so that "says" is not read as "say" (the trailing \b would reject it anyway).
_VERB = re.compile(r"\b(?:" + "|".join(sorted(SPEECH_VERBS, key=lambda v: (-len(v), v))) + r")\b")
# Words that may stand between a subject and its verb ("Vos further said", "police have also warned").
_BETWEEN = frozenset(
    """has have had also further later then again earlier previously repeatedly once reportedly separately publicly
    recently already subsequently immediately formally officially openly privately strongly flatly simply would will
    first""".split()
)
_CONNECTORS = frozenset("of for".split())
# Place prepositions join a group to where it sits ("officials in Elmport"), only after a common noun.
_PLACE_CONNECTORS = frozenset("in at".split())
# Lower-case words that end a noun phrase: a subject never runs across them.
_FUNCTION = frozenset(
    """and or but that which who whom whose when while as because if after before since to in on at by with from into
    than then so not no nor this these those there here his her its their our my your we i you he she it they him them
    was were is are be been being has have had do does did will would can could may might must shall should about
    over under during without within between against among per via""".split()
)
# Capitalised words that open sentences or clauses but never start or end a speaker's name.
_CAP_STOP = frozenset(
    """The A An In On At For But And Or If As It Its He She They We I This That These Those His Her Their Our After
    Before When While Since During Although Though However Meanwhile Also Yet So Then There Here According Last Next
    Earlier Later Today Yesterday Tomorrow Asked Speaking Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November December""".split()
)
# Singular people nouns: a subject headed by one is a person ("the spokesman", "a senior official").
_PERSON_NOUNS = frozenset(
    """spokesman spokeswoman spokesperson minister mayor president official leader ambassador governor chief director
    secretary chairman chairwoman diplomat envoy commander general prosecutor lawyer witness resident analyst expert
    source officer spokesperson adviser advisor aide negotiator premier chancellor senator lawmaker judge""".split()
)
# Other lower-case heads a speaker phrase may have ("the health ministry", "police", "Western officials").
_GROUP_NOUNS = frozenset(
    """ministry government authorities authority police media agency army military embassy office council committee
    department company firm union court service group party opposition administration cabinet presidency parliament
    regulator commission board broadcaster newspaper outlet channel daily network staff team club family families
    officials spokespeople people relatives colleagues friends neighbours organisers organizers rescuers
    campaigners activists critics observers researchers scientists doctors""".split()
)
# Words that mark a news channel rather than a speaker ("state media", "the NPA news agency").
_MEDIA_WORDS = frozenset(
    """agency media news newspaper newspapers paper daily television tv radio broadcaster broadcasters channel outlet
    outlets wire journal gazette herald tribune magazine network website""".split()
)
# Organisations someone "told" in the course of business, which are audiences, not channels.
_INSTITUTION_WORDS = frozenset(
    """ministry authority council committee parliament assembly court commission government department police
    lawmakers congress senate board union office""".split()
)
# Nouns for a written statement: "the statement said" speaks for whoever issued it.
_DOC_NOUNS = frozenset("statement message letter remarks speech post announcement communique notice".split())
_NOUNS = _PERSON_NOUNS | _GROUP_NOUNS | _MEDIA_WORDS | _DOC_NOUNS
_ORG_TYPES = frozenset(("ORG", "GPE", "LOC", "NORP"))
# Minor words a title of a work leaves lower-case ("Lord of the Rings").
_TITLE_SMALL = frozenset("a an the of and or in on at to for by with from de la".split())

_WORD = re.compile(r"[^\W_](?:[\w'’.&-]*[^\W_])?['’]?")
# How far back from a verb its subject phrase is looked for (see _reach).
_REACH = 400
_PAREN_END = re.compile(r"\([^()\n]{1,60}\)\s*$")
_ACCORDING = re.compile(r"\baccording to\s+", re.IGNORECASE)
_CARRIED = re.compile(
    r"\b(?:(?:carried|published|broadcast|aired|relayed|released|run) by|in an interview with|in comments to"
    r"|speaking (?:to|with))\s+"
)
_STATEMENT_FROM = re.compile(r"\b(?:" + "|".join(sorted(_DOC_NOUNS)) + r") (?:from|by|issued by)\s+")
_POSSESSIVE_DOC = re.compile(r"['’]s?\s+(?:" + "|".join(sorted(_DOC_NOUNS)) + r")\b")
_AS_SAYING = re.compile(r"\bas (?:saying|telling|stating|writing|declaring)\b")
_QUOTING_VERB = re.compile(r"\b(?:quoted|reported|cited)\b")
_PASSIVE_BEFORE = re.compile(r"(?:\b(?:was|were|is|are|be|been|being)\s+|so-)$")
_NAME_CUE = re.compile(
    r"\b(?:dubbed|nicknamed|titled|entitled|headlined|named|known as|so-called|called it|the word)\s*$", re.IGNORECASE
)
_ABBREVIATION_END = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sen|Rep|Gov|Prof|Sgt|Capt|Jr|No|[A-Z])\.$")
# An appositive that calls the next or previous name a news channel ("state news agency X", "X news agency").
_MEDIA_BEFORE = re.compile(r"(?:agency|media|broadcaster|newspaper|outlet|channel|news|daily)\s+$")
_MEDIA_AFTER = re.compile(r"\s+(?:news agency|agency|broadcaster|newspaper|daily)\b")


# --- records ------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Marks:
    """One quoted stretch: the marks' extent (`lo`..`hi`, marks included) and the words' span (`start`..`end`)."""

    lo: int
    hi: int
    start: int
    end: int
    open_ended: bool = False  # runs on into the next paragraph's quote (no closing mark)


@dataclass(slots=True)
class _Who:
    """A resolved speaker or channel: display name, "PER"/"ORG"/"?" kind, and whether it is a news channel."""

    name: str | None
    kind: str = "?"
    media: bool = False
    pronoun: bool = False


@dataclass(slots=True)
class _Clause:
    """An attribution in a sentence. `role`: "speaker" (says the words), "according" (speaker or channel),
    "via" (a channel only). `lo`..`hi` is its extent; `pos` where it sits for nearest-clause choice."""

    role: str
    pos: int
    lo: int
    hi: int
    who: _Who
    via: str | None = None
    span: tuple[int, int] | None = None  # the phrase naming the speaker


@dataclass(slots=True)
class _Candidate:
    """A name pronouns may point back to: a speaker, or the first person/organisation named in a sentence."""

    pos: int
    sentence: int
    name: str
    kind: str
    speaker: bool


class _Article(ArticleReader):
    """One article while its quotes are read: the shared reader with the quotation marks masked out, plus the news
    channels it names and the speakers and names earlier sentences gave (for pronouns)."""

    def __init__(self, text: str, marks: list[_Marks], mentions: list[Mention], sentences: list[tuple[int, int]]):
        super().__init__(text, sentences, mentions, [(m.lo, m.hi) for m in marks])
        self.marks = marks
        self.media: set[str] = set()
        self.media_at: list[tuple[int, str]] = []
        self.history: list[_Candidate] = []


# --- finding the marks -------------------------------------------------------------------------------------------


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in [*re.finditer(r"\n", text), None]:
        end = match.start() if match else len(text)
        if text[start:end].strip():
            spans.append((start, end))
        start = end + 1
    return spans


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/") and not after.isspace()


def _can_close(text: str, i: int) -> bool:
    after = text[i + 1] if i + 1 < len(text) else " "
    return i > 0 and not text[i - 1].isspace() and not after.isalnum()


def _double_marks(text: str, lo: int, hi: int, next_opens: bool) -> list[tuple[int, int]]:
    """Pairs of double quotation marks in one paragraph, as (opening index, index after the closing mark)."""
    pairs: list[tuple[int, int]] = []
    opened: int | None = None
    for i in range(lo, hi):
        ch = text[i]
        if opened is not None and ch in '“"' and _can_open(text, i) and not _can_close(text, i):
            # An opening mark inside an open quote: after a full stop it is the next paragraph of the same speech
            # with the line break lost ("…once were. "What…"); anywhere else the first mark was a stray one.
            end = len(text[:i].rstrip())
            if text[end - 1] in ".!?…":
                pairs.append((opened, end))
            opened = i
        elif ch == "“" or (ch == '"' and opened is None and _can_open(text, i)):
            opened = i
        elif opened is not None and (ch == "”" or (ch == '"' and _can_close(text, i))):
            pairs.append((opened, i + 1))
            opened = None
    if opened is not None and next_opens:
        pairs.append((opened, hi))  # runs on into the next paragraph's quote
    return pairs


def _single_marks(text: str, lo: int, hi: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """‘…’ pairs outside double quotes: the opening ‘ must start a word; ’ between letters is an apostrophe."""
    pairs: list[tuple[int, int]] = []
    i = lo
    while i < hi:
        i = text.find("‘", i, hi)
        if i < 0:
            break
        if (
            any(a <= i < b for a, b in taken)
            or not _can_open(text, i)
            or re.match(r"‘(?:\d\d?s?\b|em\b|til\b)", text[i:])
        ):
            i += 1
            continue
        close = _single_close(text, i + 1, hi)
        if close is not None:
            pairs.append((i, close + 1))
            i = close + 1
        else:
            i += 1
    return pairs


def _single_close(text: str, lo: int, hi: int) -> int | None:
    candidates = [j for j in range(lo, hi) if text[j] == "’" and _can_close(text, j)]
    # "the players’ union": a plural possessive before a lower-case word closes only when nothing else can
    clear = [j for j in candidates if not (text[j - 1] == "s" and re.match(r"’\s+[a-z]", text[j : j + 3]))]
    return (clear or candidates or [None])[0]


def _find_marks(text: str) -> list[_Marks]:
    paragraphs = _paragraphs(text)
    found: list[_Marks] = []
    for k, (lo, hi) in enumerate(paragraphs):
        next_opens = k + 1 < len(paragraphs) and text[paragraphs[k + 1][0]] in '“"'
        pairs = _double_marks(text, lo, hi, next_opens)
        pairs += _single_marks(text, lo, hi, pairs)
        for a, b in sorted(pairs):
            span = _inner_span(text, a, b)
            if span:
                found.append(_Marks(a, b, *span, open_ended=text[b - 1] not in '”"’'))
    return found


def _inner_span(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The quoted words without marks, surrounding spaces or a trailing comma (that comma is the reporter's)."""
    start = lo + 1
    end = hi - 1 if text[hi - 1] in '”"’' else hi
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return (start, end) if any(ch.isalpha() for ch in text[start:end]) else None


def _sentences(text: str) -> list[tuple[int, int]]:
    """`sentence_spans`, re-joined where a split fell after a title abbreviation ("Mr. Vos")."""
    merged: list[tuple[int, int]] = []
    for start, end in sentence_spans(text):
        if (
            merged
            and _ABBREVIATION_END.search(text, merged[-1][0], merged[-1][1])
            and "\n" not in text[merged[-1][1] : start]
        ):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


# --- noun phrases -------------------------------------------------------------------------------------------------


def _tokens(text: str, lo: int, hi: int) -> list[Token]:
    return tokenize(_WORD, text, lo, hi)


def _joined(text: str, a: int, b: int) -> bool:
    return a <= b and not text[a:b].strip()


def _is_noun(word: str) -> bool:
    low = word.lower().rstrip("’'")
    low = low[:-2] if low.endswith(("'s", "’s")) else low
    singular = low[:-1] if low.endswith("s") else low
    return low in _NOUNS or singular in _NOUNS


def _valid_head(word: str) -> bool:
    if word[0].isupper():
        return word not in _CAP_STOP
    return _is_noun(word)


def _reach(lo: int, pos: int) -> int:
    """Where a backward look from `pos` starts: a subject phrase (ten words at most, three adverbs, a gloss of 60
    characters) lies within _REACH characters of its verb. Looking back to the block's start instead made every verb
    cost the length of its block: quadratic on a long block (one unbalanced quotation mark joins a whole text into
    one), 61 s for 150,000 characters."""
    return max(lo, pos - _REACH)


def _tokens_before(text: str, lo: int, pos: int) -> list[Token]:
    """The tokens of text[lo:pos] within reach of `pos`; a word cut by the window's edge is left out."""
    start = _reach(lo, pos)
    toks = _tokens(text, start, pos)
    return toks[1:] if start > lo and toks and toks[0].start == start else toks


def _np_before(art: _Article, lo: int, pos: int) -> tuple[int, int] | None:
    """The subject phrase ending just before `pos` (a verb), skipping adverbs and a bracketed gloss."""
    text = art.masked
    toks = _tokens_before(text, lo, pos)
    end = pos
    for _ in range(3):
        if toks and _joined(text, toks[-1].end, end) and toks[-1].low in _BETWEEN:
            end = toks.pop().start
    gloss = _PAREN_END.search(text, _reach(lo, end), end)
    if gloss:
        end = gloss.start()
        toks = [t for t in toks if t.end <= end]
    if text[_reach(lo, end) : end].rstrip().endswith(","):
        return _np_before_appositive(art, lo, end)
    if not toks or not _joined(text, toks[-1].end, end):
        return None
    return _walk_back(text, toks)


def _np_before_appositive(art: _Article, lo: int, end: int) -> tuple[int, int] | None:
    """ "Vos, who leads the council, said", "Raal, visibly moved, warned", "the mayor, Lena Vos, said": the subject
    before a short aside between commas (or the aside itself when it is a person's name)."""
    text = art.masked
    close = text.rindex(",", _reach(lo, end), end)
    open_ = text.rfind(",", _reach(lo, close), close)
    if open_ < 0 or close - open_ > 90 or MASK in text[open_:close]:
        return None
    aside = text[open_ + 1 : close].strip()
    if not aside or not (aside[0].islower() or art.mentions_in(open_, close)):
        return None
    inner = _tokens(text, open_ + 1, close)
    span = _walk_back(text, inner) if inner else None
    if span and span[0] == inner[0].start and any(m.type == "PER" for m in art.mentions_in(*span)):
        return span
    toks = _tokens_before(text, lo, open_)
    if not toks or not _joined(text, toks[-1].end, open_):
        return None
    return _walk_back(text, toks)


def _walk_back(text: str, toks: list[Token]) -> tuple[int, int] | None:
    """Grow a noun phrase leftwards from its head: names, possessives, a few lower-case modifiers, "of"/"for",
    up to and including an article."""
    hs, he, head = toks[-1].start, toks[-1].end, toks[-1].text
    if head.lower() in PRONOUNS:
        return hs, he
    if not _valid_head(head):
        return None
    start, lower, i = hs, 0, len(toks) - 1
    while i > 0 and len(toks) - i < 9 and _joined(text, toks[i - 1].end, toks[i].start):
        word = toks[i - 1].text
        low = word.lower()
        if low in ARTICLES:
            start = toks[i - 1].start
            break
        if low in _CONNECTORS or low in _PLACE_CONNECTORS:
            left = toks[i - 2].text if i > 1 else ""
            if not left or not _joined(text, toks[i - 2].end, toks[i - 1].start) or not _connects(low, left):
                break
        elif word[0].isupper():
            if word in _CAP_STOP:
                break
        elif not word[0].isalpha() or low in _FUNCTION or low.endswith("ly") or lower >= 3:
            break
        else:
            lower += 1
        start = toks[i - 1].start
        i -= 1
    return start, he


def _connects(connector: str, left: str) -> bool:
    return _is_noun(left) if connector in _PLACE_CONNECTORS else _valid_head(left)


def _np_after(art: _Article, pos: int, hi: int) -> tuple[int, int] | None:
    """The noun phrase starting right after `pos` ("said the mayor of Port Elin", "according to state media")."""
    text = art.masked
    toks = _tokens(text, pos, hi)
    if not toks or text[pos : toks[0].start].strip():
        return None
    last, lower, after_connector = None, 0, True
    for i, tok in enumerate(toks[:10]):
        if i and not _joined(text, toks[i - 1].end, tok.start):
            break
        word = tok.text
        low = word.lower()
        if low in ARTICLES and after_connector:
            after_connector = False
            continue
        after_connector = False
        if last is not None and (low in _CONNECTORS or (low in _PLACE_CONNECTORS and text[toks[last].start].islower())):
            after_connector = True
        elif word[0].isupper():
            if word in _CAP_STOP:
                break
            last = i
        elif not word[0].isalpha() or low in _FUNCTION or low.endswith("ly") or lower >= 3:
            break
        else:
            lower += 1
            if _is_noun(word) and low not in ("report", "reports"):
                last = i
    return (toks[0].start, toks[last].end) if last is not None else None


# --- names --------------------------------------------------------------------------------------------------------


def _strip_article(phrase: str) -> str:
    phrase = " ".join(phrase.split())
    return re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.IGNORECASE)


def _strip_possessive(phrase: str) -> str:
    return re.sub(r"['’]s?$", "", phrase)


def _key(name: str) -> str:
    return normalize(_strip_article(name))


def _is_acronym(text: str) -> bool:
    return 2 <= len(text) <= 6 and text.isupper() and text.isalpha()


def _mention_name(m: Mention) -> str:
    if m.type == "PER":
        return canonical_form(m.resolved or m.text, "PER")
    return _strip_possessive(_strip_article(m.resolved or m.text))


def _channel_name(m: Mention) -> str:
    """A channel is named as readers know it: the acronym when the article uses one ("NPA" over its full name)."""
    if _is_acronym(m.text):
        return m.text
    return _strip_possessive(_strip_article(m.resolved or m.text))


def _head_mention(art: _Article, s: int, e: int) -> tuple[Mention | None, str]:
    """The mention the phrase [s, e) ends with, and the phrase text before it."""
    toks = _tokens(art.text, s, e)
    m = art.mention_covering(toks[-1].start) if toks else None
    if m is None or art.quoted(m.start):
        return None, art.text[s:e]
    return m, art.text[s : max(s, m.start)]


def _who(art: _Article, s: int, e: int) -> _Who:
    """The speaker a subject phrase names (see the module notes)."""
    phrase = art.text[s:e]
    low = phrase.lower()
    if low in PRONOUNS:
        return _resolve_pronoun(art, low, s)
    media = _is_media_phrase(art, s, e)
    mention, before = _head_mention(art, s, e)
    # "Elmport’s ministry", "mayor of Elmport", "officials in Elmport": the name only qualifies the speaker; a person
    # at the end is the speaker unless placed right after one ("a spokeswoman for Lena Vos")
    owned_re = (
        r"(?:['’]s?|\b(?:for|of|in|at))\s*$"
        if mention is not None and mention.type == "PER"
        else r"['’]s?\s|\b(?:for|of|in|at)\s"
    )
    owned = re.search(owned_re, before) is not None
    if mention is not None and not owned:
        kind = "PER" if mention.type == "PER" else "ORG" if mention.type in _ORG_TYPES else "?"
        if kind != "?":
            return _Who(_mention_name(mention), kind, media)
    head = phrase.split()[-1].lower()
    if head in _DOC_NOUNS:
        return _document_owner(art, s, e)
    if owned:
        leading = _leading_person(art, s, e)
        if leading is not None:
            return leading
    name = _strip_possessive(_strip_article(phrase))
    untitled = canonical_form(name, "PER") if name[:1].isupper() else name
    if untitled != name and untitled[:1].isupper() and " " in untitled:
        return _Who(untitled, "PER", media)  # "Harbour Master Piet Raal" when the NER missed him: titles still go
    return _Who(name, _phrase_kind(name), media)


def _leading_person(art: _Article, s: int, e: int) -> _Who | None:
    """A person named first and placed by "of/at/from" is the speaker ("Piet Raal of the Harbour Authority")."""
    named = art.mentions_in(s, e)
    if not named or named[0].type != "PER":
        return None
    gap = art.text[s : named[0].start]
    rest = art.text[named[0].end : e]
    if _strip_article(gap).strip() or not re.match(r"\s+(?:of|at|from)\s", rest):
        return None
    return _Who(_mention_name(named[0]), "PER")


def _phrase_kind(name: str) -> str:
    tokens = name.split()
    if tokens[-1].lower() in _PERSON_NOUNS:
        return "PER"
    lowered = {t.lower() for t in tokens}
    if all(t[0].isupper() for t in tokens) and len(tokens) <= 3 and not lowered & (_GROUP_NOUNS | _MEDIA_WORDS):
        return "?"  # a capitalised name the NER missed: could be a person or a body
    return "ORG"


def _document_owner(art: _Article, s: int, e: int) -> _Who:
    """ "Vos’s statement" speaks for Vos; "the statement" for the latest speaker."""
    toks = _tokens(art.masked, s, e)
    owner = [t for t in toks[:-1] if t.text.endswith(("'s", "’s", "'", "’"))]
    if owner:
        span = _walk_back(art.masked, [t for t in toks if t.end <= owner[-1].end])
        if span:
            return _who(art, *span)
    speakers = [c for c in art.history if c.speaker and c.pos < s]
    return _Who(speakers[-1].name, speakers[-1].kind) if speakers else _Who(None)


def _is_media_phrase(art: _Article, s: int, e: int) -> bool:
    if {w.lower() for w in art.text[s:e].split()} & _MEDIA_WORDS:
        return True
    return any(
        _key(_channel_name(m)) in art.media or _key(_mention_name(m)) in art.media for m in art.mentions_in(s, e)
    )


def _channel(art: _Article, s: int, e: int) -> str:
    """The name of a channel phrase: an organisation in it, an earlier-named agency for "the agency", or the phrase."""
    phrase = art.text[s:e]
    orgs = [m for m in art.mentions_in(s, e) if m.type in _ORG_TYPES and m.end <= e]
    if orgs:
        return _channel_name(orgs[-1])
    bare = _strip_article(phrase)
    if phrase.lower().startswith("the ") and bare.islower() and bare.split()[-1] in _MEDIA_WORDS:
        earlier = [name for pos, name in art.media_at if pos < s]
        if earlier:
            return earlier[-1]  # "according to the agency": the agency the article named before
    return re.sub(r"\s+reports?$", "", bare)


def _learn_media(art: _Article) -> None:
    """News channels named in the article: organisations whose name or appositive says so ("news agency X")."""
    for m in art.mentions:
        if m.type not in _ORG_TYPES or art.quoted(m.start):
            continue
        around = art.text[max(0, m.start - 25) : m.start].lower() + " " + art.text[m.end : m.end + 15].lower()
        name_words = set(words(m.resolved or m.text)) | set(words(m.text))
        appositive = re.search(
            r"(?:agency|media|broadcaster|newspaper|outlet|channel|news)\s*$|^\s+news agency", around
        )
        if name_words & _MEDIA_WORDS or appositive:
            art.media.update({_key(_channel_name(m)), _key(_mention_name(m))})
            art.media_at.append((m.start, _channel_name(m)))


def _resolve_pronoun(art: _Article, pronoun: str, pos: int) -> _Who:
    """he/she: the latest person speaker, else the first person named, in the nearest earlier sentence that has one;
    it/they: the same for organisation-like speakers and organisation mentions."""
    want = "PER" if pronoun in ("he", "she") else "ORG"
    here = art.sentence_of(pos)
    by_sentence: dict[int, list[_Candidate]] = defaultdict(list)
    for c in art.history:
        if c.pos < pos and here - 4 <= c.sentence <= here and c.kind in (want, "?"):
            by_sentence[c.sentence].append(c)
    for sentence in sorted(by_sentence, reverse=True):
        found = by_sentence[sentence]
        speakers = [c for c in found if c.speaker]
        pick = speakers[-1] if speakers else min(found, key=lambda c: c.pos)
        return _Who(pick.name, want, pronoun=True)
    return _Who(None, want, pronoun=True)


# --- attribution clauses ------------------------------------------------------------------------------------------


def _after_quote(art: _Article, lo: int, pos: int) -> bool:
    """Only a comma or spaces stand between the end of a quote and `pos` ("…,” said Vos")."""
    prefix = art.masked[_reach(lo, pos) : pos].rstrip(" ,")
    return bool(prefix) and prefix.endswith(MASK)


def _subject(art: _Article, clauses: list[_Clause], pos: int) -> _Who:
    """Who a participle or coordinated verb belongs to: the clause before it, else the sentence's first name."""
    sentence_lo = art.sentences[art.sentence_of(pos)][0]
    earlier = [c for c in clauses if c.role == "speaker" and sentence_lo <= c.pos < pos and c.who.name]
    if earlier:
        return earlier[-1].who
    named = art.mentions_in(sentence_lo, pos)
    for kinds, kind in ((("PER",), "PER"), (("ORG",), "ORG")):
        first = [m for m in named if m.type in kinds]
        if first:
            return _Who(_mention_name(first[0]), kind)
    return _Who(None)


def _told_via(art: _Article, verb_end: int, hi: int) -> str | None:
    """ "Y told X": X is a channel when it is a news medium or an organisation that is not an audience body."""
    span = _np_after(art, verb_end, hi)
    if span is None:
        return None
    phrase_words = {w.lower() for w in art.text[span[0] : span[1]].split()}
    orgs = [m for m in art.mentions_in(*span) if m.type == "ORG"]
    if _is_media_phrase(art, *span) or (orgs and not phrase_words & _INSTITUTION_WORDS):
        return _channel(art, *span)
    return None


def _verb_clause(art: _Article, m: re.Match[str], lo: int, hi: int, clauses: list[_Clause]) -> _Clause | None:
    vs, verb = m.start(), m.group(0)
    if _PASSIVE_BEFORE.search(art.masked, max(lo, vs - 10), vs):
        return None  # "was called", "so-called": not someone speaking
    span = _np_before(art, lo, vs)
    if span is not None:
        via = _told_via(art, m.end(), hi) if verb in ("told", "tells") else None
        return _Clause("speaker", vs, span[0], m.end(), _who(art, *span), via, span)
    if _after_quote(art, lo, vs):
        span = _np_after(art, m.end(), hi)
        if span is not None:
            return _Clause("speaker", vs, vs, span[1], _who(art, *span), None, span)
    before = art.masked[_reach(lo, vs) : vs].rstrip()
    if (verb.endswith("ing") and before.endswith(",")) or re.search(r"\band$", before):
        return _Clause("speaker", vs, vs, m.end(), _subject(art, clauses, vs))
    return None


def _quoted_as(art: _Article, lo: int, hi: int, used: set[int]) -> list[_Clause]:
    """ "X quoted Y as saying" (speaker Y, via X) and "Y was quoted by X as saying"."""
    found = []
    for m in _AS_SAYING.finditer(art.masked, lo, hi):
        verbs = list(_QUOTING_VERB.finditer(art.masked, max(lo, m.start() - 80), m.start()))
        if not verbs:
            continue
        v = verbs[-1]
        used.update({v.start(), m.start() + 3})
        passive = re.search(r"\b(?:was|were|been)\s+$", art.masked[max(lo, v.start() - 8) : v.start()])
        if passive:
            subject = _np_before(art, lo, v.start() - len(passive.group(0)))
            by = re.match(r"\s+by\s+", art.masked[v.end() : m.start()])
            channel = _np_after(art, v.end() + by.end(), m.start()) if by else None
            speaker = subject
        else:
            channel = _np_before(art, lo, v.start())
            speaker = _np_after(art, v.end(), m.start())
        if speaker is None:
            continue
        via = _channel(art, *channel) if channel else None
        if via:
            art.media.add(_key(via))
        first = min(speaker[0], channel[0]) if channel else speaker[0]
        found.append(_Clause("speaker", v.start(), first, m.end(), _who(art, *speaker), via))
    return found


def _channel_clauses(art: _Article, lo: int, hi: int) -> list[_Clause]:
    """ "according to X" (a speaker or a channel), "carried by X" and kin (a channel), "a statement from X"."""
    found = []
    for pattern, role in ((_ACCORDING, "according"), (_CARRIED, "via"), (_STATEMENT_FROM, "speaker")):
        for m in pattern.finditer(art.masked, lo, hi):
            span = _np_after(art, m.end(), hi)
            if span is None:
                continue
            who = _who(art, *span)
            via = _channel(art, *span) if role != "speaker" else None
            found.append(_Clause(role, m.start(), m.start(), span[1], who, via))
    for m in _POSSESSIVE_DOC.finditer(art.masked, lo, hi):
        span = _np_before(art, lo, m.start() + len(m.group(0).split()[0]))
        if span is not None:
            found.append(_Clause("speaker", m.start(), span[0], m.end(), _who(art, span[0], m.start())))
    return found


def _clauses(art: _Article, lo: int, hi: int) -> list[_Clause]:
    """Every attribution clause in [lo, hi), in text order."""
    used: set[int] = set()
    clauses = _quoted_as(art, lo, hi, used) + _channel_clauses(art, lo, hi)
    for clause in clauses:
        _remember_speaker(art, clause)
    for m in _VERB.finditer(art.masked, lo, hi):
        inside = any(c.lo <= m.start() < c.hi for c in clauses)
        if m.start() in used or inside:
            continue
        clause = _verb_clause(art, m, lo, hi, clauses)
        if clause is not None:
            clauses.append(clause)
            _remember_speaker(art, clause)
    return sorted(clauses, key=lambda c: c.pos)


def _nearest(clauses: list[_Clause], art: _Article, q: _Marks) -> _Clause | None:
    """The clause a quote belongs to: right after it, else the nearest before, else the nearest after. A pronoun
    right after yields to a name right before ("Lena Vos said: “…,” she said")."""
    before = [c for c in clauses if c.pos < q.lo]
    for c in clauses:
        if c.lo >= q.hi and re.fullmatch(r"[\s,.;:—–-]*", art.masked[q.hi : c.lo]):
            named_before = [b for b in before if re.fullmatch(r"[\s,:]*", art.masked[b.hi : q.lo]) and b.who.name]
            return named_before[-1] if c.who.pronoun and named_before else c
    if before:
        return before[-1]
    after = [c for c in clauses if c.pos >= q.hi]
    return after[0] if after else None


def _attribute(art: _Article, q: _Marks, clauses: list[_Clause]) -> tuple[_Who, str | None, bool]:
    """(speaker, via, attributed) for one quote from its sentence's clauses."""
    speakers = [c for c in clauses if c.role == "speaker"]
    chosen = _nearest(speakers, art, q)
    according = _nearest([c for c in clauses if c.role == "according"], art, q)
    if chosen is None and according is not None:
        return according.who, _first_via(clauses), True
    if chosen is None:
        return _Who(None), _first_via(clauses), False
    who, via = chosen.who, chosen.via
    if who.media and chosen.lo >= q.hi:
        # "… and expressed her “thanks”, state media says": the channel reports someone named before the quote
        others = [c for c in speakers if c.pos < q.lo and c.who.name and not c.who.media]
        if others:
            who, via = others[-1].who, _channel(art, *chosen.span) if chosen.span else chosen.who.name
    if via is None:
        via = _first_via(clauses) or (according.via if according is not None else None)
    if via and who.name and _same_name(art, via, who.name):
        via = None
    return who, via, True


def _first_via(clauses: list[_Clause]) -> str | None:
    vias = [c.via for c in clauses if c.role == "via" and c.via]
    return vias[0] if vias else None


def _same_name(art: _Article | None, a: str, b: str) -> bool:
    """Two names for one speaker or channel: equal keys, one's words inside the other's, an acronym of the other, or
    (within an article) two forms of one mention."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    ta, tb = set(ka.split()), set(kb.split())
    if ta <= tb or tb <= ta:
        return True
    if _initials(kb) == ka.replace(" ", "") or _initials(ka) == kb.replace(" ", ""):
        return True
    if art is not None:
        for m in art.mentions:
            forms = {_key(m.text), _key(m.resolved or m.text)}
            if ka in forms and kb in forms:
                return True
    return False


def _initials(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in ("of", "and", "the", "for"))


# --- filters and kind ---------------------------------------------------------------------------------------------


def _title_like(text: str) -> bool:
    tokens = re.findall(r"[^\W_][\w'’-]*", text)
    if not tokens or text.rstrip()[-1:] in ".!?…" or "," in text:
        return False
    return all(t[0].isupper() or t.lower() in _TITLE_SMALL for t in tokens) and tokens[0][0].isupper()


def _not_speech(art: _Article, q: _Marks, kind: str) -> bool:
    """Titles of works, nicknames and quoted terms after "dubbed"/"so-called" are not anyone's words."""
    text = art.text[q.start : q.end]
    n = len(words(text))
    before, after = art.text[max(0, q.lo - 40) : q.lo], art.text[q.hi : q.hi + 3]
    if n <= 4 and re.search(r"\b[A-Z][\w'’-]*\s$", before) and re.match(r"\s[A-Z]", after):
        return True  # Lena “The Anchor” Vos
    if n <= 6 and _NAME_CUE.search(before):
        return True
    return kind == "partial" and _title_like(text)


def _kind(art: _Article, q: _Marks) -> QuoteKind:
    """ "direct" when the quote opens its sentence or follows "said:" / "as saying,"; else "partial"."""
    sentence_lo = art.sentences[art.sentence_of(q.lo)][0]
    left = art.masked[sentence_lo : q.lo].rstrip()
    if not left.replace(MASK, "").strip(" ,;—–-") or left.endswith(":"):
        return "direct"
    tail = left.rstrip(",").split()
    if tail and (tail[-1] in SPEECH_VERBS or tail[-1] in ("saying", "telling")):
        return "direct" if left.endswith(",") or art.text[q.start : q.start + 1].isupper() else "partial"
    return "partial"


# --- find_quotes --------------------------------------------------------------------------------------------------


def _blocks(art: _Article) -> list[tuple[int, int]]:
    """Runs of sentences read together: a sentence alone, or every sentence one quote spans."""
    last = len(art.sentences) - 1
    reach = list(range(len(art.sentences)))
    for q in art.marks:
        a, b = art.sentence_of(q.lo), art.sentence_of(q.hi - 1)
        reach[a] = max(reach[a], min(b, last))
    blocks, i = [], 0
    while i <= last:
        j, end = i, reach[i]
        while j < end:
            j += 1
            end = max(end, reach[j])
        blocks.append((i, end))
        i = end + 1
    return blocks


def _remember_names(art: _Article, lo: int, hi: int) -> None:
    """Record the first person and organisation named in each sentence of a block, for later pronouns. This runs
    before the block's clauses resolve, so a pronoun can point at a name earlier in its own sentence."""
    for s in range(art.sentence_of(lo), art.sentence_of(max(lo, hi - 1)) + 1):
        named = art.mentions_in(*art.sentences[s])
        for kind in ("PER", "ORG"):
            first = [m for m in named if m.type == kind]
            if first:
                art.history.append(_Candidate(first[0].start, s, _mention_name(first[0]), kind, False))


def _remember_speaker(art: _Article, clause: _Clause) -> None:
    if clause.role == "speaker" and clause.who.name:
        art.history.append(_Candidate(clause.pos, art.sentence_of(clause.pos), clause.who.name, clause.who.kind, True))


@dataclass(slots=True)
class _Reading:
    """What a block says about one quote. `attributed`: a clause names who speaks (or could not resolve whom);
    `voiced`: the sentence has a speech verb of its own, so the previous quote's speaker must not carry over."""

    marks: _Marks
    who: _Who
    via: str | None
    attributed: bool
    voiced: bool


def _read_block(art: _Article, block: tuple[int, int], following: tuple[int, int] | None) -> list[_Reading]:
    lo, hi = art.sentences[block[0]][0], art.sentences[block[1]][1]
    _remember_names(art, lo, hi)
    clauses = _clauses(art, lo, hi)
    voiced = any(
        not _PASSIVE_BEFORE.search(art.masked, max(lo, m.start() - 10), m.start())
        for m in _VERB.finditer(art.masked, lo, hi)
    )
    read = []
    for q in (q for q in art.marks if lo <= q.lo < hi):
        who, via, attributed = _attribute(art, q, clauses)
        if not attributed and following is not None and not art.masked[q.hi : hi].strip(" .,;!?…"):
            trailing = _trailing_attribution(art, following)
            if trailing is not None:
                who, attributed = trailing, True
        read.append(_Reading(q, who, via, attributed, voiced or attributed))
    return read


def _trailing_attribution(art: _Article, block: tuple[int, int]) -> _Who | None:
    """A short sentence that only attributes the quote before it (“Will it hold?” Vos asked.)."""
    if block[0] != block[1]:
        return None
    lo, hi = art.sentences[block[0]]
    if art.quoted(lo) or MASK in art.masked[lo:hi] or len(words(art.text[lo:hi])) > 10:
        return None
    verb = _VERB.search(art.masked, lo, hi)
    if verb is None:
        return None
    span = _np_before(art, lo, verb.start()) if verb.start() > lo else _np_after(art, verb.end(), hi)
    if span is None or (verb.start() > lo and span[0] != lo):
        return None
    return _who(art, *span)


def find_quotes(article_id: str, text: str, mentions: list[Mention]) -> list[Quote]:
    """Quotations in one article with kind, speaker and channel (see the module notes for the rules).

    `mentions` are the article's named-entity spans; speakers that are not entities ("the health ministry") are read
    from the text. Pure: no I/O, no model.
    """
    marks = _find_marks(text)
    art = _Article(text, marks, sorted(mentions, key=lambda m: (m.start, m.end)), _sentences(text))
    if not art.sentences:
        return []
    _learn_media(art)
    quotes: list[Quote] = []
    open_ended: list[bool] = []
    blocks = _blocks(art)
    for k, block in enumerate(blocks):
        following = blocks[k + 1] if k + 1 < len(blocks) else None
        for reading in _read_block(art, block, following):
            quote = _make_quote(art, article_id, reading, quotes)
            if quote is not None:
                quotes.append(quote)
                open_ended.append(reading.marks.open_ended)
    _carry_back(quotes, open_ended)
    _inherit_channels(art, quotes)
    return quotes


def _carry_back(quotes: list[Quote], open_ended: list[bool]) -> None:
    """A quote left open at a paragraph's end runs on into the next paragraph's quote, whose attribution it shares
    (news style attributes a multi-paragraph quote once, often in its last paragraph)."""
    for k in range(len(quotes) - 2, -1, -1):
        if open_ended[k] and quotes[k].speaker is None and quotes[k + 1].speaker:
            quotes[k].speaker, quotes[k].via = quotes[k + 1].speaker, quotes[k].via or quotes[k + 1].via


def _make_quote(art: _Article, article_id: str, reading: _Reading, before: list[Quote]) -> Quote | None:
    q, via = reading.marks, reading.via
    kind = _kind(art, q)
    text = art.text[q.start : q.end]
    if _not_speech(art, q, kind) or (len(words(text)) <= 2 and not reading.attributed):
        return None
    first, last = art.sentence_of(q.lo), art.sentence_of(q.hi - 1)
    speaker = reading.who.name
    if not reading.voiced and before:
        prev = before[-1]
        # An unattributed quote right after an attributed one continues it ("…,” Vos said. “We will rebuild.”)
        if prev.speaker and art.sentence_of(prev.sentence_end - 1) >= first - 1:
            speaker, via = prev.speaker, via or prev.via
    return Quote(
        article_id=article_id,
        start=q.start,
        end=q.end,
        text=text,
        kind=kind,
        speaker=speaker,
        via=via,
        sentence_start=art.sentences[first][0],
        sentence_end=art.sentences[last][1],
    )


def _inherit_channels(art: _Article, quotes: list[Quote]) -> None:
    """A speaker's channel, given once in the article, is the article's source for that speaker's other quotes.
    Given several, a named one ("NPA") is the source over a generic one ("state media") it is likely part of."""
    channels: dict[str, str] = {}
    for q in quotes:
        if q.speaker and q.via:
            known = channels.get(_key(q.speaker))
            if known is None or (known.islower() and not q.via.islower()):
                channels[_key(q.speaker)] = q.via
    for q in quotes:
        if q.speaker and q.via is None:
            via = channels.get(_key(q.speaker))
            if via and not _same_name(art, via, q.speaker):
                q.via = via


# --- link_quotes --------------------------------------------------------------------------------------------------

# A word in more quotes than this is too common to bucket on (it would make buckets quadratic).
_BUCKET_CAP = 64
# Words spoken everywhere, beyond `content_words`' stopwords, that would make unrelated quotes look alike.
_LINK_FILLER = frozenset(
    """us let many much well very really still going get make made want think know need way thing something lot
    come take see look back time day yes""".split()
)


def _link_stem(word: str) -> str:
    """Crude suffix stripping so "ferries"/"ferry" and "docked"/"dock" meet. Looser than `storyline.text.stem`, which
    quote links were tuned with: it drops a possessive "'s", strips suffixes down to three letters ("goes" -> "goe"),
    keeps "-ss" and drops a final "-e" ("rescue", "rescued" -> "rescu"), so reworded quotes still meet."""
    w = word.replace("’", "'")
    w = w[:-2] if w.endswith("'s") else w
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            w = w[: -len(suffix)] + repl
            break
    return w[:-1] if len(w) > 4 and w.endswith("e") else w


def _stems(text: str) -> frozenset[str]:
    """Stemmed content words; contractions ("I'm", "we'll") and everyday filler say nothing about which quote."""
    stems = (_link_stem(w) for w in content_words(text))
    return frozenset(s for s in stems if "'" not in s and s not in _LINK_FILLER)


def _compatible(a: Quote, b: Quote) -> bool:
    """Speakers agree, one is unknown or only a role ("spokesman" may be anyone), or one article names as speaker the
    channel the other quotes through."""
    if not a.speaker or not b.speaker or a.speaker.islower() or b.speaker.islower():
        return True
    if _same_name(None, a.speaker, b.speaker):
        return True
    return bool((a.via and _same_name(None, a.via, b.speaker)) or (b.via and _same_name(None, b.via, a.speaker)))


def _match(a: Quote, b: Quote, sa: frozenset[str], sb: frozenset[str]) -> float:
    """Overlap score when two quotes are the same words, else 0. Two shared words are enough only for short quotes
    that one named speaker said in both articles ("a brave new chapter" / "a bold new chapter")."""
    shared = len(sa & sb)
    if shared < 2:
        return 0.0
    smaller = min(len(sa), len(sb))
    overlap = shared / smaller
    if shared >= 3 and overlap >= 0.5:
        return overlap + shared / 1000
    if overlap >= 0.66 and smaller <= 4 and _same_named_speaker(a.speaker, b.speaker):
        return overlap + shared / 1000
    return 0.0


def _same_named_speaker(a: str | None, b: str | None) -> bool:
    """Both speakers known, one a name (not "spokesman"), and the same."""
    if not a or not b or (a.islower() and b.islower()):
        return False
    return _same_name(None, a, b)


def _candidate_pairs(quotes: list[Quote], stems: list[frozenset[str]]) -> set[tuple[int, int]]:
    df = Counter(s for ss in stems for s in ss)
    buckets: dict[str, list[int]] = defaultdict(list)
    for i, ss in enumerate(stems):
        for s in ss:
            if df[s] <= _BUCKET_CAP:
                buckets[s].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        for i, j in combinations(members, 2):
            if quotes[i].article_id != quotes[j].article_id:
                pairs.add((i, j))
    return pairs


def link_quotes(quotes: list[Quote]) -> None:
    """Give quotes of different articles that are the same quote (same words, reworded or cut) one `link` id.

    Deterministic: ids hash the first member's article id and offset, and merges go best-first in a fixed order.
    Two quotes of one article are never linked, nor quotes whose known speakers differ. Others keep `link=None`.
    """
    order = sorted(quotes, key=lambda q: (q.article_id, q.start, q.end, q.text))
    for q in order:
        q.link = None
    stems = [_stems(q.text) for q in order]
    scored = []
    for i, j in _candidate_pairs(order, stems):
        score = _match(order[i], order[j], stems[i], stems[j])
        if score and _compatible(order[i], order[j]):
            scored.append((-score, i, j))
    parent = list(range(len(order)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(order))}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, i, j in sorted(scored):
        ri, rj = root(i), root(j)
        if ri == rj or not _mergeable(order, members[ri], members[rj]):
            continue
        parent[rj] = ri
        members[ri] += members.pop(rj)
    for group in members.values():
        if len(group) > 1:
            first = order[min(group)]
            link = "q" + hashlib.sha1(f"{first.article_id}:{first.start}".encode()).hexdigest()[:10]
            for k in group:
                order[k].link = link


def _mergeable(order: list[Quote], a: list[int], b: list[int]) -> bool:
    if {order[i].article_id for i in a} & {order[j].article_id for j in b}:
        return False
    return all(_compatible(order[i], order[j]) for i in a for j in b)
