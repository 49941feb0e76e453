"""Quantities and numeric claims in news text, rule-based: "at least 1,000 striking dockers", "$4bn",
"3 per cent", "between 10 and 20 km", "rose 5%".

`find_quantities` returns one `Quantity` per number as a reader would count it: a value (with `value_high` for a
range), a unit normalised as NewsQuant does ("percentage", "dollar", "kilometre", or the singular counted noun:
"troop"), the change marker NewsQuant uses (`=`, `~`, `>`, `<`, `up`, `down`), the qualifier words and what is
counted (`quantity_of`). Years, dates, clock times, ordinals, phone numbers and identifiers ("iPhone 11", "TA-35",
"FTSE 100") are not quantities.

Everything is precompiled regular expressions over the raw string: no tokenizer, no model, a few microseconds a
sentence. The number grammar is in `quantity_numbers`, the word and unit tables in `quantity_lexicon`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from storyline.extract.nouns import IRREGULAR_PLURALS, singular
from storyline.extract.quantities.lexicon import (
    CURRENCY_PREFIX,
    CURRENCY_SUFFIX_CODES,
    DOWN_WORDS,
    LABEL_WORDS,
    MONTHS,
    NOUN_PHRASE_STOPWORDS,
    NUMBER_WORDS,
    PER_UNITS,
    QUALIFIERS,
    SCALES,
    UNIT_RE,
    UP_WORDS,
    unit_name,
)
from storyline.extract.quantities.numbers import Atom, find_atoms

__all__ = ["Quantity", "find_quantities"]


@dataclass(slots=True)
class Quantity:
    """One quantity in a text. `start`/`end` cover the qualifier, currency, number(s), scale and unit.

    `value_high` is the second end of a range as written ("from $75 to $45.88" keeps 75 then 45.88). `unit` is
    NewsQuant's normalised name, or the singular counted noun phrase, or None for a bare number. `change` is "="
    unless a qualifier ("~", ">", "<") or a verb of change ("up", "down") says otherwise.
    """

    start: int
    end: int
    text: str
    value: float
    value_high: float | None
    unit: str | None
    change: str
    qualifier: str | None
    quantity_of: str | None


# --- context patterns -------------------------------------------------------------------------------------------

_CURRENCY_BEFORE = re.compile(
    r"(?:" + "|".join(re.escape(p) for p in sorted(CURRENCY_PREFIX, key=len, reverse=True)) + r")\s?$"
)
_CURRENCY_AFTER_CODE = re.compile(r"\s?(" + "|".join(CURRENCY_SUFFIX_CODES) + r")\b")
_SCALE_AFTER = re.compile(
    r"(?:\s+|-)?(?i:(hundred|thousand|million|billion|trillion|bn|mn|mln|bln|tn|trn|lakhs?|crores?))(?![A-Za-z])"
)
_SHORT_SCALE_AFTER = re.compile(r"\s?([mkbMBK])(?![A-Za-z0-9])")
_SCIENTIFIC = re.compile(r"\s?(?:×\s?10\^?|x\s?10\^)([−-]?\d{1,3})(?!\d)")
_FRACTION_OK = re.compile(r"\s+of\b|\s*(?:[a-z]+)?[½¼¾⅓⅔⅛]|(?<=[½¼¾⅓⅔⅛])")
_OR_BETWEEN = re.compile(r"\s*,?\s*(?:or|\()\s*")
_UNIT_GAP = re.compile(r"(?:\s|-|\s-\s)?")
_PER = re.compile(
    r"(?:\s(?:per|an|a)\s|\s?/\s?)((?:square |sq\.? |cubic )?[A-Za-z]+)\b(?!\s+(?:earlier|ago|later|before|after)\b)",
    re.IGNORECASE,
)
_US_AFTER = re.compile(r"\s(?:US|U\.S\.)(?![A-Za-z])")
_QUALIFIER_BEFORE = re.compile(
    r"(?:^|(?<=[\s(,]))(?P<q>" + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True)) + r")"
    r"(?:\s+|-)?$",
    re.IGNORECASE,
)
_BETWEEN_BEFORE = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)
_RANGE_LINK = re.compile(r"\s*(?:-|–|—|to-?|and|or)\s*", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][\w'’&.-]*[A-Za-z0-9]|[A-Za-z]")
_TIME_AFTER = re.compile(r"(?:[:.]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)(?![A-Za-z])|:\d{2}", re.IGNORECASE)
_DATE_BEFORE = re.compile(MONTHS + r"\s+(?:\d{1,2}\s*(?:-|–|to|and|through)\s*)?$")
_DATE_AFTER = re.compile(r"\s+" + MONTHS + r"(?![a-z])")
_YEAR_CONTEXT = re.compile(
    r"(?:\b(?:in|since|of|from|between|until|till|by|during|before|after|and|to|the|early|late|mid|fiscal|year|"
    r"summer|spring|autumn|fall|winter|season|through|circa|c\.)\s+|" + MONTHS + r",?\s+|\d{1,2},?\s+|-)$",
    re.IGNORECASE,
)
_ADDRESS = re.compile(
    r"(?:-\d+)?\s+(?:(?:[A-Z][\w.]*|\d+(?:st|nd|rd|th))\s+){0,3}"
    r"(?:Road|Rd|Street|St|Avenue|Ave|Way|Lane|Drive|Dr|Boulevard|Blvd|Place|Square|Court|Terrace)\b\.?"
)
_WEEKDAYS = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_PHONE = re.compile(r"(?<![\d,.])(?:\+\d{1,3}[ .-]?)?\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}(?![\d,])")
_NAME_AGE = re.compile(r"[A-Z][\w'-]+,\s$")
_AGE_BEFORE = re.compile(r"\b(?:aged|age of|ages of|(?:die[sd]?|dead|death) at)\s+$", re.IGNORECASE)
_OF_AFTER = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+|our\s+|all\s+)?", re.IGNORECASE)
_OUTCOMES = frozenset(
    "killed dead died perished wounded injured hurt missing sent deployed arrested detained displaced evacuated "
    "infected hospitalised hospitalized fired laid rescued captured executed sentenced charged convicted employed "
    "affected stranded".split()
)
_AUX = frozenset("had have has were was been are is being be".split())
_PHRASAL_UP = frozenset(
    "gave give gives giving picked pick picks made make makes set put took take takes ended end ends summed sum "
    "opened open opens signed sign signs racked rack racks chalked chalk stepped step stepping built build builds "
    "ramped ramp ramping snapped snap snaps scooped scoop lined line turned turn turns showed show shows".split()
)
_NOT_ONE_BEFORE = frozenset("each same no any every this that which the someone anyone everyone only".split())
_CHANGE_SKIP = frozenset("by further another sharply slightly marginally just only some nearly almost as much".split())


def _is_plural(word: str) -> bool:
    low = word.lower()
    if low in IRREGULAR_PLURALS and low not in ("staff", "police", "cattle", "personnel"):
        return True
    return (low.endswith("s") and not low.endswith(("ss", "us", "is", "'s", "’s")) and len(low) > 2) or (
        low.endswith("men") and len(low) > 4
    )


def _noun_phrase(text: str, pos: int, singular_head: bool) -> tuple[str, str, int] | None:
    """Counted noun phrase right after `pos`: (surface, normalised, end) or None.

    Without a tagger: up to four words that are not stop words, ending at the first plural ("first-team players",
    "striking dockers") or at a word that is a unit ("rushing yards" -> "yard"); for "one", a single singular
    noun ("one area"). A phrase must end on a plural (or, for "one", a noun): "600 killed" and "2019 budget" are not
    counts of anything.
    """
    words: list[re.Match[str]] = []
    cursor = pos
    for _ in range(5):
        gap = re.match(r" ", text[cursor:])  # one space: a wider gap is a layout break (tables, datelines)
        if not gap:
            break
        match = _WORD.match(text, cursor + gap.end())
        if not match:
            break
        token = match.group(0)
        low = token.lower()
        unit = (UNIT_RE.fullmatch(low) or UNIT_RE.fullmatch(token)) if len(token) > 2 else None
        if unit and words and low not in ("and", "a", "an"):
            # The head is a unit word behind modifiers ("517 rushing yards", "50 previous years", "one US fluid
            # ounce"): the unit wins.
            return text[words[0].start() : match.end()], unit_name(unit), match.end()
        if (low in NOUN_PHRASE_STOPWORDS or low in NUMBER_WORDS) and not (low == "and" and words):
            break
        words.append(match)
        cursor = match.end()
        if singular_head and not token.isupper():
            break  # "one area"; an abbreviation ("one US gallon") is passed over
        if _is_plural(token) and low != "and":
            break
    while words and words[-1].group(0).lower() == "and":
        words.pop()
    if not words:
        return None
    last = words[-1].group(0)
    if not (_is_plural(last) or singular_head) or last.lower().endswith(("ed", "ing", "ly")):
        return None
    surface = text[words[0].start() : words[-1].end()]
    if singular_head and len(words) > 1:
        words = words[-1:]
    parts = [w.group(0) for w in words if w.group(0).lower() != "and"]
    # Participles used as modifiers are dropped from the unit ("300 recorded songs" counts songs).
    modifiers = [p.lower() for p in parts[:-1] if not p.lower().endswith("ed")]
    normalised = " ".join([*modifiers, singular(parts[-1])])
    return surface, normalised, words[-1].end()


def _outcome_after(text: str, pos: int) -> tuple[str, int] | None:
    """An outcome participle after a counted phrase ("troops had been killed", "600 killed"): (word, end).

    Looks up to the end of the clause (about 90 characters, stopping at punctuation); "sent"/"deployed" give way to
    a later outcome ("dockers sent to the harbour had been injured" -> "injured").
    """
    found = None
    for word in re.finditer(r"[A-Za-z'’-]+|[,;:.()]", text[pos : pos + 90]):
        token = word.group(0).lower()
        if token in ",;:.()":
            break
        if token in _OUTCOMES:
            found = (word.group(0), pos + word.end())
            if token not in ("sent", "deployed"):
                break
        elif found is None and token not in _AUX and word.start() == 1 and token in NOUN_PHRASE_STOPWORDS:
            break
    return found


def _outcome_before(text: str, pos: int) -> str | None:
    """An outcome verb just before the number or its qualifier ("has sent approximately 15,000 troops")."""
    tokens = re.findall(r"[A-Za-z'’]+", text[max(0, pos - 40) : pos])
    if tokens and tokens[-1].lower() in _OUTCOMES:
        return tokens[-1]
    return None


@dataclass(slots=True)
class _Piece:
    """A number with its currency, scale and unit read, before ranges and context are applied."""

    start: int  # includes a currency prefix or sign
    end: int  # after the unit
    value: float
    value_high: float | None
    scaled: bool
    currency: str | None
    unit: str | None
    counted: str | None  # surface of a counted noun phrase
    number_end: int  # after number and scale, before the unit
    atom: Atom


def _currency_before(text: str, atom: Atom) -> tuple[str, int] | None:
    match = _CURRENCY_BEFORE.search(text, max(0, atom.start - 8), atom.start)
    if not match:
        return None
    prefix = match.group(0).strip()
    # A prefix made of letters must not be the end of a longer word ("FORMS 12" is no "RM", "RUSD" no "USD").
    if match.start() > 0 and prefix[0].isalpha() and text[match.start() - 1].isalnum():
        return None
    return CURRENCY_PREFIX.get(prefix) or CURRENCY_PREFIX.get(prefix + " "), match.start()


def _read_piece(text: str, atom: Atom) -> _Piece | None:
    """Currency, sign, scale and unit around one atom; None when the atom is an identifier, not a quantity."""
    start, value, high = atom.start, atom.value, atom.value_high
    currency = None
    before = text[start - 1] if start > 0 else " "
    if atom.kind == "num":
        found = _currency_before(text, atom)
        if found:
            currency, start = found
        elif before.isalpha():
            return None  # "X6", "M21", "R18": part of a name or code
        elif before in "-‐" and start >= 2 and text[start - 2].isalpha():
            word = re.search(r"[A-Za-z]+$", text[: start - 1])
            low = word.group(0).lower() if word else ""
            if low == "minus":
                value = -value
            elif low not in ("sub", "to", "now", "and", "or", "about", "around", "over", "under", "nearly"):
                return None  # "TA-35", "COVID-19", "last-32"
        elif before in "-" and re.search(r"[A-Z]{2,}\s-$", text[max(0, start - 8) : start]):
            return None  # "COVID -19"
        elif before == "-" and (start < 2 or text[start - 2] in " \t([") and atom.kind == "num":
            value, start = -value, start - 1  # "-5 degrees", "(-3.5%)"
        if re.search(r"(?:\bminus\s+|\$-|−)$", text[max(0, start - 7) : start], re.IGNORECASE):
            value = -value
            if text[start - 2 : start] == "$-":
                currency, start = "dollar", start - 2
    end = atom.end
    scaled = False
    # Scale words: "1.28 million", "4 hundred million", "$4bn"; short forms ("m", "k") only after a currency or
    # capitalised ("4.3M"), since "37m" is metres.
    while True:
        match = _SCALE_AFTER.match(text, end)
        if match:
            value *= SCALES[match.group(1).lower()]
            high = high * SCALES[match.group(1).lower()] if high is not None else None
            end, scaled = match.end(), True
            continue
        match = _SHORT_SCALE_AFTER.match(text, end)
        if match and not scaled and (currency or match.group(1) in "MB") and not match.group(0).startswith(" "):
            value *= SCALES[match.group(1).lower()]
            end, scaled = match.end(), True
        elif match and not scaled and currency and match.group(1) in "mb" and match.group(0).startswith(" "):
            value *= SCALES[match.group(1)]
            end, scaled = match.end(), True
        break
    sci = _SCIENTIFIC.match(text, end)
    if sci:  # "1.99×10−30"
        value *= 10.0 ** int(sci.group(1).replace("−", "-"))
        end = sci.end()
    number_end = end
    unit = currency
    counted = None
    if currency:
        if _US_AFTER.match(text, end):
            end = _US_AFTER.match(text, end).end()
    else:
        match = _CURRENCY_AFTER_CODE.match(text, end)
        unit_match = UNIT_RE.match(text, end + len(_UNIT_GAP.match(text, end).group(0)))
        if match:
            unit, end = CURRENCY_SUFFIX_CODES[match.group(1)], match.end()
        elif unit_match and _unit_allowed(text, end, unit_match):
            unit, end = unit_name(unit_match), unit_match.end()
        elif text[end : end + 1].isalpha():
            return None  # "9AB8", "2018s": letters glued to the number that are no unit
    if unit is None and atom.kind in ("frac", "wfrac"):
        of = re.compile(r"\s+of\s+(?:an?\s+)?(?:US\s+|U\.S\.\s+|imperial\s+)?").match(text, end)
        unit_match = UNIT_RE.match(text, of.end()) if of else None
        if unit_match and len(unit_match.group(0)) > 2:
            unit = unit_name(unit_match)
    if unit:
        unit, end = _per_unit(text, end, unit)
    if atom.kind == "frac" and not (unit or " " in text[atom.start : atom.end] or _FRACTION_OK.match(text, end)):
        return None  # "9/11", "24/7": a slash between numbers that is no fraction of anything
    return _Piece(start, end, value, high, scaled, currency, unit, counted, number_end, atom)


def _per_unit(text: str, end: int, unit: str) -> tuple[str, int]:
    """Extend a unit by a rate ("$ per barrel", "$3500 a month", "tests per day"): (unit, end)."""
    per = _PER.match(text, end)
    if per:
        key = per.group(1).lower()
        key = key if key in PER_UNITS else singular(key)
        is_article = per.group(0).strip().lower().split()[0] in ("a", "an")
        if key in PER_UNITS and (not is_article or key not in ("share", "unit", "seat", "ticket", "game")):
            return f"{unit} per {PER_UNITS[key]}", per.end()
    return unit, end


def _unit_allowed(text: str, end: int, match: re.Match[str]) -> bool:
    """Single-letter and symbol units need to be glued to the number or stand alone before punctuation/space."""
    token = match.group(0)
    spaced = match.start() > end
    if len(token) == 1 and token.isalpha():
        if spaced and token in "mgslhxp" and token != "p":
            return False
        if spaced and token == "p" and not re.match(r"\s*(?:at\b|[,.;)]|$)", text[match.end() : match.end() + 4]):
            return False
    if token.lower() in ("a", "an"):
        return False
    if spaced and token.lower() in ("won", "sen", "points", "point", "times", "units", "unit", "nm", "mp", "db"):
        return token.lower() not in ("won",) or not text[match.end() :].lstrip().startswith(("the", "a"))
    return True


def _excluded(text: str, atom: Atom, piece: _Piece) -> bool:
    """Years, dates, clock times, phone numbers, ordinals, names with numbers, labels, ages after names."""
    start, end = atom.start, atom.end
    raw = text[start:end]
    after = text[end : end + 12]
    if atom.kind == "word":
        low = raw.lower()
        if re.match(r"-(?:years?|months?|weeks?|days?|hours?|minutes?)\b(?!,)", after, re.IGNORECASE):
            return True  # "a five-year award", "a two-month contract": a duration used as an adjective
        if low in ("one", "an"):
            previous = re.search(r"(\w+)\s+$", text[max(0, start - 20) : start])
            if previous and previous.group(1).lower() in _NOT_ONE_BEFORE:
                return True  # "each one", "the same one", "no one"
            if re.match(r"\s+(?:\d|another|other|by|more|after|day|time|way|thing)\b|-", after, re.IGNORECASE):
                return True  # "one 52,000-barrel refinery", "one another", "one-off"
    if atom.kind == "wfrac" and re.match(r"-\w", after):
        return True  # "a third-party"
    if re.match(r"\s+ZIP\b", after) or re.search(r"\bZIP\s+(?:code\s+)?$", text[max(0, start - 10) : start], re.I):
        return True
    if atom.kind == "num":
        if re.match(r"(?:st|nd|rd|th)\b", after, re.IGNORECASE):
            return True
        if _TIME_AFTER.match(after) or (
            re.search(r"\d[:.]$", text[max(0, start - 3) : start]) and ":" in text[max(0, start - 3) : start]
        ):
            return True
        if re.match(r"[/]\d", after) or re.search(r"\d/$", text[max(0, start - 2) : start]):
            return True  # dates and ratios written 24/7, 12/05/2019
        if _DATE_BEFORE.search(text, max(0, start - 24), start) and not piece.unit and atom.value <= 31:
            return True
        if _DATE_AFTER.match(text, end) and atom.value <= 31 and not piece.currency:
            return True
        if (
            piece.unit is None
            and not piece.scaled
            and re.fullmatch(r"1[1-9]\d\d|2[01]\d\d", raw)
            and (_YEAR_CONTEXT.search(text, max(0, start - 12), start) or not _plural_follows(text, end))
        ):
            return True
        if piece.unit is None and _NAME_AGE.search(text, max(0, start - 30), start) and after.startswith(","):
            return True  # "Senard, 65, now faces": an age in apposition, not a claim
        if _ADDRESS.match(text, end):
            return True
    if piece.unit is None and piece.currency is None:
        prev = re.search(r"(?:^|(?<=[\s(\[]))([\w&.'’-]+)\s$", text[max(0, start - 30) : start])
        if prev:
            word = prev.group(1)
            low = word.lower().rstrip(".")
            sentence_start = not text[: start - len(prev.group(0))].strip()
            counted = _plural_follows(text, end)
            if (low in LABEL_WORDS and not counted) or word.startswith("#"):
                return True  # "category 4", "page 12", "#1"; but "on day 3 people died" counts people
            if counted and re.fullmatch(_WEEKDAYS + "|" + MONTHS, word):
                return False  # "On Monday 300 workers walked out"
            if (
                (word[0].isupper() or re.match(r"[a-z]+[A-Z]", word))
                and not (sentence_start and low.endswith("ly"))  # "Roughly 40", "Exactly 13"
                and low not in NOUN_PHRASE_STOPWORDS
                and low not in QUALIFIERS
                and not _QUALIFIER_BEFORE.search(word + " ")
            ):
                return True  # "iPhone 11", "Big 12", "FTSE 100", "Game 7"
    return False


def _plural_follows(text: str, end: int) -> bool:
    phrase = _noun_phrase(text, end, singular_head=False)
    return bool(phrase and _is_plural(phrase[0].split()[-1]))


def _context(text: str, start: int, floor: int) -> tuple[str | None, str, int]:
    """Qualifier words and change marker from the words before a quantity: (qualifier, change, new start)."""
    left = text[max(floor, start - 40) : start]
    qualifier = None
    marker = None
    new_start = start
    match = _QUALIFIER_BEFORE.search(left)
    if match:
        qualifier = match.group("q")
        marker = QUALIFIERS[qualifier.lower()]
        new_start = start - (len(left) - match.start("q"))
        left = left[: match.start("q")]
    change = None
    if text[start : start + 1] == "+" or left.endswith("+"):
        change = "up"
    tokens = re.findall(r"[A-Za-z'’]+|[^\sA-Za-z]", left)
    after_by = False
    for index in range(len(tokens) - 1, max(-1, len(tokens) - 7), -1):
        low = tokens[index].lower()
        if low in UP_WORDS:
            previous = tokens[index - 1].lower() if index > 0 else ""
            if low == "up" and previous in _PHRASAL_UP:
                break  # "gave up 517 yards", "picked up 3 points"
            change = "up"
            break
        if low in DOWN_WORDS:
            change = "down"
            break
        if low in _CHANGE_SKIP or low in ("about", "around", "approximately", "roughly"):
            after_by = after_by or low == "by"
            continue
        if after_by and re.fullmatch(r"[a-z]+", tokens[index]) and index >= len(tokens) - 5:
            continue  # "raised rates by 0.75 points", "grow sales by 35 per cent": the object sits before "by"
        break
    if marker and (change is None or qualifier.lower() not in ("nearly", "almost")):
        return qualifier, marker, new_start
    return qualifier, change or "=", new_start


def _link_range(text: str, first: _Piece, second: _Piece, floor: int) -> bool:
    """Whether two numbers form one range ("between 10 and 20", "10-20", "from 4.8 to 4.7 percent")."""
    link = text[first.end : second.start]
    if not _RANGE_LINK.fullmatch(link):
        # "from 20 miles per gallon in 2008 to 29 mpg": a short gap is allowed after "from".
        gap = re.fullmatch(r"(?:\s+[\w'’.]+){1,4}\s+to\s+", link)
        before = text[max(floor, first.start - 8) : first.start]
        if not (gap and re.search(r"\bfrom\s+$", before, re.IGNORECASE) and "," not in link):
            return False
        return first.unit is None or second.unit is None or _same_unit(first.unit, second.unit)
    word = link.strip().lower()
    word = "to" if word == "to-" else word
    before = text[max(floor, first.start - 30) : first.start]
    opener = _BETWEEN_BEFORE.search(before)
    if word == "and":
        return bool(opener and opener.group(0).lower().startswith("between"))
    if word == "or":
        return first.atom.kind == second.atom.kind == "word" and second.value == first.value + 1 and bool(second.unit)
    if word in ("-", "–", "—"):
        if first.unit and second.unit and not _same_unit(first.unit, second.unit):
            return False
        return not (link.startswith(" ") and link.endswith(" ") and first.unit and not second.unit)
    # "to"
    if opener:
        return first.unit is None or second.unit is None or _same_unit(first.unit, second.unit)
    if first.unit is None:
        return second.unit is not None
    if not _same_unit(first.unit, second.unit):
        return False
    # "increased by $43.6 billion to $419.2 billion", "rose 18 sen to 23": a change and its result, not a range.
    _, change, _ = _context(text, first.start, floor)
    return change not in ("up", "down") and not re.search(r"\bby\s+$", before, re.IGNORECASE)


def _same_unit(first: str | None, second: str | None) -> bool:
    """Equal units, or one a refinement of the other ("dollar" and "dollar per share")."""
    if first is None or second is None:
        return first == second
    return first == second or first.startswith(second + " per ") or second.startswith(first + " per ")


def _quantity_of(text: str, piece: _Piece, start: int) -> str | None:
    """What is counted or measured: the counted noun phrase (with an outcome verb), or an "of" phrase."""
    if piece.counted:
        phrase = piece.counted
        outcome = _outcome_after(text, piece.end)
        if outcome:
            phrase = f"{phrase} {outcome[0]}"
        else:
            verb = _outcome_before(text, start)
            if verb:
                phrase = f"{phrase} {verb}"
        return phrase
    if _AGE_BEFORE.search(text, max(0, start - 12), start):
        return "age"
    if piece.unit is None:
        outcome = _outcome_after(text, piece.end)
        between = text[piece.end : outcome[1]].split()[:-1] if outcome else []
        if outcome and all(word.lower() in _AUX for word in between):
            return outcome[0]  # "closer to 600 killed", "around 600 have perished"
        of = _OF_AFTER.match(text, piece.end)
        if of:
            phrase = _noun_phrase(text, of.end() - 1, singular_head=False)
            if phrase:
                outcome = _outcome_after(text, phrase[2])
                return f"{phrase[0]} {outcome[0]}" if outcome else phrase[0]
        return None
    of = _OF_AFTER.match(text, piece.end)
    if of and piece.unit == "percentage":
        phrase = _noun_phrase(text, of.end() - 1, singular_head=False)
        return phrase[0] if phrase else None
    head = re.search(r"\b([A-Za-z][\w-]*)\s+of\s+(?:about\s+|some\s+|around\s+|up to\s+|over\s+)?$", text[:start])
    if head and head.group(1).lower() not in NOUN_PHRASE_STOPWORDS:
        return head.group(1)
    return None


def find_quantities(sentence_or_text: str) -> list[Quantity]:
    """Every quantity in a sentence or text, in order. See the module docstring for what counts."""
    text = sentence_or_text
    pieces: list[_Piece] = []
    blocked = [m.span() for m in _PHONE.finditer(text)]  # every number of a phone number, not only the first
    for atom in find_atoms(text):
        if any(a <= atom.start < b for a, b in blocked):
            continue
        piece = _read_piece(text, atom)
        if piece is None or (pieces and piece.start < pieces[-1].end):
            continue
        if _excluded(text, atom, piece):
            # The other half of an excluded "2-1" ("Chelsea 2-1") or "12-14" goes with it.
            hyphen = re.match(r"[-–]\d+", text[atom.end : atom.end + 8])
            if hyphen:
                blocked.append((atom.end, atom.end + hyphen.end()))
            continue
        pieces.append(piece)
    results: list[Quantity] = []
    floor = 0
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        high = piece.value_high
        if index + 1 < len(pieces) and _merge_ratio(text, piece, pieces[index + 1]):
            index += 1
        if index + 1 < len(pieces) and high is None and _link_range(text, piece, pieces[index + 1], floor):
            second = pieces[index + 1]
            high = second.value
            if second.value_high is not None:
                high = second.value_high
            if high == piece.value and text[piece.end : second.start] in ("-", "–"):
                high = None  # "2-2": a tie, one number
            if piece.unit is None or (second.unit and len(second.unit) > len(piece.unit)):
                piece.unit = second.unit
                piece.currency = second.currency or piece.currency
            if not piece.scaled and second.scaled and piece.value < second.atom.value:
                piece.value *= second.value / second.atom.value if second.atom.value else 1
            piece.end = second.end
            piece.number_end = second.number_end
            index += 1
        if piece.unit is None:
            _read_counted(text, piece, pieces[index + 1].start if index + 1 < len(pieces) else len(text))
        if piece.unit is None and _AGE_BEFORE.search(text, max(0, piece.start - 12), piece.start):
            piece.unit = "age" if "of" in text[max(0, piece.start - 8) : piece.start] else "year of age"
        qualifier, change, start = _context(text, piece.start, floor)
        if results and change == "=" and _OR_BETWEEN.fullmatch(text[results[-1].end : start]):
            change = results[-1].change  # "fell $2.10, or 2.6%": the same change in another unit
        if text[piece.start - 4 : piece.start].lower() == "sub-":
            qualifier, change, start = "sub", "<", piece.start - 4
        results.append(
            Quantity(
                start=start,
                end=piece.end,
                text=text[start : piece.end],
                value=piece.value,
                value_high=high,
                unit=piece.unit,
                change=change,
                qualifier=qualifier,
                quantity_of=_quantity_of(text, piece, start),
            )
        )
        floor = piece.end
        index += 1
    _inherit_units(text, results)
    return results


_ONE_OF_THE = re.compile(r"\s+of\s+(?:the|its|their|his|her|our)\s+(?:most\s+|very\s+)?(\w+est|best|worst)(?=\s)")
_SUPERLATIVES = {
    "best": "good", "worst": "bad", "biggest": "big", "largest": "large", "finest": "fine", "hottest": "hot",
    "latest": "late", "safest": "safe", "widest": "wide", "closest": "close",
}  # fmt: skip


_HYPHEN_NOUN = re.compile(
    r"-(?!(?:strong|fold|odd|plus|something|ish|year|month|week|day|hour|minute)\b)([a-z]{3,})\b(?!-)"
)


_RATIO_LINK = re.compile(r"\s+(?:in|out of)\s+", re.IGNORECASE)


def _merge_ratio(text: str, first: _Piece, second: _Piece) -> bool:
    """ "one in five adults", "9 out of 10 voters": a share, written as NewsQuant does (value 0.2, unit "% adult")."""
    if first.unit or second.unit or first.value_high is not None or second.value_high is not None:
        return False
    if not (_RATIO_LINK.fullmatch(text[first.end : second.start]) and 0 < first.value < second.value <= 1000):
        return False
    if first.value != int(first.value) or second.value != int(second.value):
        return False
    first.value = first.value / second.value
    first.end = second.end
    phrase = _noun_phrase(text, second.end, singular_head=False)
    if phrase:
        first.counted, first.unit, first.end = phrase[0], f"% {phrase[1]}", phrase[2]
    return True


_OF_WORD = re.compile(r" ?([A-Za-z][\w'’-]*)")


def _fraction_of(text: str, piece: _Piece) -> None:
    """ "a third of the population": a share of something, unit "% population" as in NewsQuant."""
    of = _OF_AFTER.match(text, piece.end)
    if not of:
        return
    words = []
    pos = of.end()
    while len(words) < 2:
        match = _OF_WORD.match(text, pos)
        if not match or match.group(1).lower() in NOUN_PHRASE_STOPWORDS:
            break
        if words and match.group(1).lower().endswith(("ed", "ing")):
            break  # "a third of the electorate stayed home": the verb is no part of the whole
        words.append(match)
        pos = match.end()
    if words:
        surface = " ".join(w.group(1) for w in words)
        parts = [w.group(1).lower() for w in words]
        piece.counted = surface
        piece.unit = "% " + " ".join([*parts[:-1], singular(parts[-1])])


def _read_counted(text: str, piece: _Piece, limit: int) -> None:
    """Counted noun after a bare number ("13000 workers", "one area", "dozens of people")."""
    pos = piece.end
    if piece.atom.kind in ("wfrac", "frac") and piece.value < 1:
        _fraction_of(text, piece)
        return
    of = _OF_AFTER.match(text, pos)
    if piece.atom.kind == "vague" and of:
        pos = of.end() - 1
        unit_match = UNIT_RE.match(text, pos + 1)
        if unit_match:
            piece.unit = unit_name(unit_match)
            piece.end = unit_match.end()
            return
    one = piece.value == 1 and piece.value_high is None
    superlative = _ONE_OF_THE.match(text, pos) if one else None
    if superlative:
        # "one of the best wireless speakers": one of a set, named by the plural after the superlative.
        phrase = _noun_phrase(text, superlative.end(), singular_head=False)
        if phrase and phrase[2] <= limit:
            adjective = superlative.group(1).lower()
            base = _SUPERLATIVES.get(adjective) or (adjective[:-3] if adjective.endswith("est") else adjective)
            piece.counted, piece.unit, piece.end = text[pos : phrase[2]].strip(), f"{base} {phrase[1]}", phrase[2]
        return
    compound = _HYPHEN_NOUN.match(text, pos)
    if compound and piece.atom.kind in ("num", "word"):
        # "a six-cylinder engine", "the 13-man code": the number counts the noun it is hyphenated to.
        piece.counted, piece.unit, piece.end = compound.group(1), singular(compound.group(1)), compound.end()
        return
    phrase = _noun_phrase(text, pos, singular_head=one)
    if not phrase and of and not one and piece.atom.kind != "frac" and of.group(0).strip().lower() != "of":
        # "1,000 of the troops": a part of a counted set is counted in the set's unit.
        phrase = _noun_phrase(text, of.end() - 1, singular_head=False)
    if phrase and phrase[2] <= limit:
        piece.counted, piece.unit, piece.end = phrase[0], phrase[1], phrase[2]
        piece.unit, piece.end = _per_unit(text, piece.end, piece.unit)


_SUSPENDED = re.compile(r"-,?\s+(?:(?:and|or|to)\s+)?")


def _inherit_units(text: str, results: list[Quantity]) -> None:
    """Units written once for two numbers: "280 million of the 1.5 billion shekels", "from 14-18 mpg to 24"."""
    for first, second in reversed(list(pairwise(results))):
        # Right to left, so the unit travels along a chain: "four-, five- and six-cylinder engines".
        if first.unit is None and second.unit and _SUSPENDED.fullmatch(text[first.end : second.start]):
            first.unit = second.unit
    for first, second in pairwise(results):
        between = text[first.end : second.start]
        if first.unit is None and second.unit and re.fullmatch(r"\s+of\s+(?:the\s+)?", between):
            first.unit = second.unit

        elif (
            second.unit is None
            and first.unit
            and re.fullmatch(r"\s+to\s+", between)
            and re.search(r"\bfrom\s+$", text[max(0, first.start - 6) : first.start], re.IGNORECASE)
        ):
            second.unit = first.unit  # "from about 14-18 mpg to 24"
