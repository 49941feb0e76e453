"""Small, fast text utilities shared by dedup and clustering: tokens, sentences, names and numbers.

Regex-based on purpose: these run on every article at ingest, where a full NLP pipeline would cost 100x more. The
facts layer uses spaCy where accuracy matters more than speed.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
# Either a paragraph break, or terminal punctuation (optionally closed by a quote or bracket) then a capital.
_SENTENCE_END = re.compile(r"\n+|(?:(?<=[.!?…])|(?<=[.!?…][\"'”’)\]]))\s+(?=[\"'“‘(\[]?[A-Z0-9])")
# A capitalised word run, allowing inner particles ("Federal Republic of Germany").
_NAME = re.compile(r"\b(?:[A-Z][\w'’.-]*[\w])(?:\s+(?:(?:of|de|la|van|von|der|al|bin|the|and)\s+)?[A-Z][\w'’.-]*[\w])*")
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])\d+(?:\.\d+)?")

# Words that say nothing about what a text is about: `content_words` drops them before texts are compared (dedup,
# clustering, timelines, ROUGE). Not the list that ends a counted noun phrase in quantity extraction
# (`storyline.extract.quantities.lexicon.NOUN_PHRASE_STOPWORDS`): that one lacks "new", "one", "two", "other"
# (which a counted phrase may hold: "two new ferries") and has "according", "ago", "per", "worth" (which end one).
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here hers
    herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once
    only or other our ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves said says say told would could may might must
    shall one two three new also year years last first like just get got mr mrs ms dr it's don't""".split()
)

# Sentence-initial capitalised words that are not names.
_NOT_NAMES = frozenset(
    """The A An In On At For But And Or If As It Its He She They We I This That These Those His Her Their Our
    After Before When While Since During Although Though However Meanwhile Also Yet So Then There Here Mr Mrs Ms Dr
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December Last Next Earlier Later Today Yesterday Tomorrow According""".split()
)


def normalize(text: str) -> str:
    """Case-folded, accent-stripped, whitespace-collapsed text: the key for exact-duplicate detection."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(_WORD.findall(text.casefold()))


def words(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return [w.casefold().replace("’", "'") for w in _WORD.findall(text)]


def content_words(text: str) -> list[str]:
    """Lower-cased word tokens without stopwords and one-letter tokens."""
    return [w for w in words(text) if len(w) > 1 and w not in STOPWORDS]


def stem(word: str) -> str:
    """A light suffix-stripping stem of a lower-cased word, so that inflections of one word meet.

    "-ied"/"-ies" become "-y" ("carried", "cities" -> "carry", "city"); else one of "-ing", "-ed", "-es", "-s" goes
    when at least four letters stay ("killed" -> "kill", "reports" -> "report"; "goes", "used" stay). No Porter:
    "rescue" and "rescued" do not meet ("rescue", "rescu"). Cheap and deterministic, for comparing sentences.
    """
    if len(word) > 5 and word.endswith(("ied", "ies")):
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def sentences(text: str) -> list[str]:
    """Split text into sentences; paragraph breaks always end a sentence."""
    return [text[start:end] for start, end in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of `sentences(text)`, stripped of surrounding whitespace: facts cite sentences by span."""
    spans = []
    start = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[start:end]
        if piece.strip():
            left = start + len(piece) - len(piece.lstrip())
            spans.append((left, start + len(piece.rstrip())))
        if match:
            start = match.end()
    return spans


@lru_cache(maxsize=65536)
def _name_key(name: str) -> str:
    return normalize(name)


def names(text: str) -> list[str]:
    """Capitalised word runs that look like names, normalised (lower case, no accents)."""
    found = []
    for m in _NAME.finditer(text):
        parts = m.group(0).split()
        while parts and parts[0] in _NOT_NAMES:
            parts.pop(0)
        if not parts:
            continue
        key = _name_key(" ".join(parts))
        if len(key) > 1:
            found.append(key)
    return found


def numbers(text: str) -> list[str]:
    """Numbers as canonical strings ("1,000" -> "1000"); years and counts alike."""
    out = []
    for m in _NUMBER.finditer(text):
        s = m.group(0).replace(",", "")
        if "." in s:
            s = s.rstrip("0").rstrip(".")
        out.append(s)
    return out


# Words that date an event rather than say what happened.
_DATE_WORDS = frozenset(
    "january february march april may june july august september october november december jan feb mar apr jun jul "
    "aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday week month year today".split()
)
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")


def event_words(sentence: str, names: bool = True) -> frozenset[str]:
    """Stemmed content words without dates and numbers; without capitalised words unless `names`."""
    if not names:
        sentence = _CAPITALISED.sub(" ", sentence)
    return frozenset(stem(w) for w in content_words(sentence) if w not in _DATE_WORDS and not w.isdigit())


_TOKEN = re.compile(r"\w+|[^\w\s]")


def token_count(text: str, stop_after: int | None = None) -> int:
    """Words and punctuation marks in `text`, about as a tokenizer splits them (a quotation mark is a token of its
    own): what NER's time and memory grow with, where characters mislead (200,000 characters of quotation marks
    are 110,000 tokens and took 18 s and 1.7 GB). Counting stops past `stop_after`, so checking a limit on a huge
    text costs the limit, not the text."""
    if stop_after is not None and len(text) <= stop_after:
        return len(_TOKEN.findall(text))
    matches = _TOKEN.finditer(text)
    if stop_after is not None:
        matches = itertools.islice(matches, stop_after + 1)
    return sum(1 for _ in matches)


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """`text` with every lone surrogate as U+FFFD. A file name that is not UTF-8 decodes to them (os.fsdecode gives
    \\udcff for byte FF), and so does a JSON "\\ud800" escape; SQLite and JSON encoders refuse them."""
    return _SURROGATE.sub("\ufffd", text)
