"""Numeric claims: the figures an article states, what each counts, who says so and the date it holds at.

`find_claims` turns the quantities of an article (`find_quantities`) into `Claim` records. It keeps the numbers a
reader could dispute (counts of people or things, money, percentages, ages, measures) and drops durations, dates,
"one of", references such as "the two ferries" and bare numbers that count nothing. For each claim it reads:

- what is counted, as written (`quantity_of`: "fishermen drowned") and as a normalised key that reconciliation
  aligns on (`key`: "fisherman killed"); a later figure of a sentence that counts nothing of its own ("... but a
  later count put the total at 40 injured") inherits what the sentence's earlier figure counts;
- who says so: the subject of a reporting verb governing the number ("port officials told ...", "..., the health
  ministry said") or "according to X"; a pronoun subject ("It said ...") continues the previous sentence's source;
- the date it holds at: a date in its clause or sentence, else the date of the sentence it continues, else the
  publication date; and a recency cue ("earlier reports", "updated figures") that orders it against a neighbour.

Everything is rules over the text and the mentions found before: no model is loaded here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.extract.attribution import ARTICLES, PRONOUNS, REPORT_VERBS, ArticleReader, Token, tokenize
from storyline.extract.nouns import singular
from storyline.extract.quantities.finder import Quantity
from storyline.extract.quantities.lexicon import CURRENCY_PREFIX, CURRENCY_SUFFIX_CODES, NUMBER_WORDS, UNITS
from storyline.models import Claim, Mention, TimeExpression
from storyline.text import sentence_spans

__all__ = ["claim_key", "find_claims", "person_key", "split_outcome", "unit_kind"]

# --- units ------------------------------------------------------------------------------------------------------

_TIME_UNITS = frozenset("second minute hour day week month year decade century".split())
_AGE_UNITS = frozenset({"age", "year of age", "month of age", "week of age", "day of age"})
_COUNT_UNITS = frozenset({"people", "count", "unit"})
_CURRENCIES = (
    frozenset(CURRENCY_PREFIX.values())
    | frozenset(CURRENCY_SUFFIX_CODES.values())
    # Currencies written as a word after the number ("300 shekels"), which the prefix tables do not hold.
    | frozenset(
        {
            "cent",
            "cent per share",
            "penny",
            "sen",
            "shekel",
            "peso",
            "danish krone",
            "swedish krona",
            "norwegian krone",
            "russian ruble",
            "croatian kuna",
            "turkish lira",
            "south korean won",
            "chinese yuan",
            "japanese yen",
            "indian rupee",
            "swiss franc",
            "malaysian ringgit",
        }
    )
)
_MEASURES = frozenset(name for _, name in UNITS) - _CURRENCIES - _TIME_UNITS - _AGE_UNITS - _COUNT_UNITS


def unit_kind(unit: str | None) -> str:
    """The kind of a quantity's unit: "age", "time", "currency", "percentage", "measure" or "count".

    Counted nouns ("ostravan sailor", "job") and a missing unit are "count"; a rate takes the kind of its first
    unit ("dollar per barrel" is currency).
    """
    if unit is None:
        return "count"
    if unit in _AGE_UNITS:
        return "age"
    base = unit.split(" per ")[0]
    if unit.startswith("% ") or base in ("percentage", "percentage point", "basis point"):
        return "percentage"
    if base in _CURRENCIES:
        return "currency"
    if base in _TIME_UNITS:
        return "time"
    if base in _MEASURES:
        return "measure"
    return "count"


# --- key normalisation ------------------------------------------------------------------------------------------

# What happened to the counted things, folded to one word per meaning so that "died", "perished" and "lost their
# lives" align. Outcomes not listed keep their own word ("evacuated", "damaged").
_OUTCOME_NORMAL = {
    "killed": "killed", "died": "killed", "dead": "killed", "perished": "killed", "slain": "killed",
    "killing": "killed", "kill": "killed", "kills": "killed", "fatalities": "killed", "deaths": "killed",
    "wounded": "wounded", "injured": "wounded", "hurt": "wounded", "injuring": "wounded", "wounding": "wounded",
    "sent": "sent", "deployed": "sent", "dispatched": "sent", "sending": "sent", "deploying": "sent",
    "dispatching": "sent", "arrested": "detained", "detained": "detained", "arresting": "detained",
    "cut": "cut", "cutting": "cut", "shed": "cut", "shedding": "cut", "slashed": "cut", "axed": "cut",
    "evacuating": "evacuated", "sunk": "sank", "displacing": "displaced", "rescuing": "rescued", "hiring": "hired",
}  # fmt: skip
_LOST_LIVES = re.compile(r"lost\s+(?:their|his|her|its)\s+li(?:ves|fe)$", re.IGNORECASE)
# Outcomes that are no -ed participle.
_IRREGULAR_OUTCOMES = frozenset(
    "died fled dead hurt sent shot slain missing held sunk sank lost taken stolen hit".split()
)
# Outcome words that may also stand before the counted noun as a modifier ("wounded soldiers").
_OUTCOME_MODIFIERS = frozenset(
    "killed dead wounded injured missing detained arrested displaced evacuated stranded rescued captured".split()
)
# Head nouns that name the same thing.
_HEAD_NORMAL = {
    "troop": "soldier", "serviceman": "soldier", "servicemember": "soldier", "servicewoman": "soldier",
    "person": "people", "individual": "people", "persons": "people",
}  # fmt: skip
# Head nouns that are themselves an outcome: "40 deaths" are 40 people killed, and so are "40 lives" unless the
# sentence says otherwise ("saved 40 lives").
_HEAD_OUTCOME = {"death": "killed", "fatality": "killed", "dead": "killed", "life": "killed"}
_TITLES = frozenset(
    "mr mrs ms miss dr prof president prime minister ambassador general gen king queen sir lady lord judge senator "
    "rep governor mayor chairman chairwoman leader pope prince princess captain colonel col lieutenant sheikh "
    "chancellor premier secretary".split()
)


def _is_outcome_word(word: str) -> bool:
    low = word.lower()
    return (
        low in _OUTCOME_NORMAL
        or low in _OUTCOME_MODIFIERS
        or low in _IRREGULAR_OUTCOMES
        or (low.endswith("ed") and len(low) > 4)
    )


def split_outcome(phrase: str | None) -> tuple[str | None, str | None]:
    """A counted phrase as written split into (noun phrase, outcome): "Ostravan sailors drowned" -> ("Ostravan
    sailors", "drowned"); "killed" -> (None, "killed"); "reserve sailors" -> ("reserve sailors", None)."""
    if not phrase:
        return None, None
    lives = _LOST_LIVES.search(phrase)
    if lives:
        noun = phrase[: lives.start()].strip()
        return noun or None, lives.group(0)
    words = phrase.split()
    if len(words) == 1:
        return (None, words[0]) if _is_outcome_word(words[0]) or words[0].endswith("ed") else (phrase, None)
    if _is_outcome_word(words[-1]) and words[-1][0].islower():
        return " ".join(words[:-1]), words[-1]
    return phrase, None


def _normal_outcome(outcome: str | None) -> str | None:
    if outcome is None:
        return None
    if _LOST_LIVES.fullmatch(outcome):
        return "killed"
    low = outcome.lower()
    return _OUTCOME_NORMAL.get(low, low)


def _count_key(quantity_of: str | None, unit: str | None) -> str | None:
    noun, outcome = split_outcome(quantity_of)
    words = [w.lower().strip("’'") for w in (noun or "").split()]
    modifiers = [w for w in words[:-1] if w not in ("and", "of", "the")]
    head = singular(words[-1]) if words else None
    if head is None and unit and unit not in _COUNT_UNITS - {"people"}:
        head = unit.split()[-1]
    if head is None:
        head = "people" if outcome else None
    if head is None:
        return None
    if head in _HEAD_OUTCOME:
        outcome = outcome or _HEAD_OUTCOME[head]
        head = "people"
    head = _HEAD_NORMAL.get(head, head)
    if outcome is None:
        # "wounded soldiers" count soldiers that were wounded: the participle is the outcome, kept apart from killed.
        found = [m for m in modifiers if m in _OUTCOME_MODIFIERS]
        if found:
            outcome = found[-1]
            modifiers = [m for m in modifiers if m != outcome]
    normal = _normal_outcome(outcome)
    return " ".join([*modifiers, head, *([normal] if normal else [])])


def _thing(quantity_of: str | None) -> str | None:
    if not quantity_of:
        return None
    words = [w.lower() for w in quantity_of.split()]
    return " ".join([*words[:-1], singular(words[-1])])


def person_key(name: str) -> str:
    """A person's name as used in keys: lower case, titles dropped ("President Lena Vos" -> "lena vos")."""
    words = name.replace("’", "'").split()
    while len(words) > 1 and words[0].lower().rstrip(".") in _TITLES:
        words.pop(0)
    return " ".join(words).lower()


def claim_key(quantity_of: str | None, unit: str | None, person: str | None = None, change: str = "=") -> str | None:
    """The normalised thing a figure is about, which reconciliation aligns on; None when it is too vague to align.

    Counts: modifiers + singular head + normalised outcome ("Ostravan sailors perished" -> "ostravan sailor
    killed", "killed" -> "people killed", "wounded soldiers" -> "soldier wounded"). Ages: "age" plus the person's
    name when known ("age lena vos"). Money: currency + thing ("dollar fine"); percentages: "% " + thing
    ("% voter"); measures: unit + thing ("metre depth"). A change ("rose 5%") is a different thing from a level.
    """
    kind = unit_kind(unit)
    if kind == "age" or (quantity_of or "").lower() == "age":
        return f"age {person_key(person)}" if person else "age"
    if kind == "time":
        return None
    if kind == "count":
        return _count_key(quantity_of, unit)
    suffix = " change" if change in ("up", "down") else ""
    if kind == "percentage" and unit and unit.startswith("% "):
        return unit + suffix
    thing = _thing(quantity_of)
    if thing is None:
        return None
    if kind == "percentage":
        return f"% {thing}{suffix}"
    return f"{unit} {thing}{suffix}"


# --- tokens and reporting verbs ---------------------------------------------------------------------------------

# The verbs (`REPORT_VERBS`), tokens and article reader are shared with quotes (`attribution`); what follows is how a
# figure reads them: which reporting word is a verb here, and the subject phrase it names.

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’&-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*\d|\d|[^\sA-Za-z\d]")

# Reporting words that are also nouns: "updated estimates suggest", "the reports of ...".
_NOUN_LIKE = frozenset("estimates estimate reports report claims claim show shows records forecast forecasts".split())
_OBJECT_STARTS = frozenset(
    "that the a an its their his her some about around approximately nearly almost over more at up between".split()
)
_TELL_OBJECTS = frozenset("reporters journalists lawmakers legislators parliament me us him her them".split())
# "Figures show", "a survey showed": a show verb reports only when a report is its subject ("the region showed ..."
# is no source).
_SHOW = frozenset("show shows showed".split())
_NOT_VERB_BEFORE = frozenset(
    "the a an these those this that its their his her our my your newer new latest recent earlier previous initial "
    "official early other such some media press preliminary first later final current most more older original "
    "revised updated".split()
)
_NOT_VERB_AFTER = frozenset("of from by for on about in to".split()) | REPORT_VERBS
_PUT_OBJECT = re.compile(
    r"\s+(?:it\b|(?:the|its|their|that)\s+(?:\w+\s+)?(?:figure|toll|number|total|count|tally|estimate|losses|"
    r"casualties|dead)\b)",
    re.IGNORECASE,
)
_QUALIFYING_BEFORE = frozenset("an the a at of to by with some was were is are be been".split())
_ADDED_OK = re.compile(r"\s*(?:that\b|[,.;:]|$)")
_PARTICIPLE_IRREGULAR = frozenset("said told put thought shown known".split())
_BE = frozenset("is are was were be been being".split())
_SKIP_BEFORE_VERB = frozenset(
    "also further previously earlier later now then again initially originally recently reportedly have has had "
    "would will may might could did do does separately repeatedly already still only first once since "
    "themselves itself".split()
)
_BEFORE_DATE = frozenset("on in at last this early late for of since during from by until".split())
_APPOSITION = frozenset("a an the who which whose".split())
_LY_NOUNS = frozenset("family assembly supply ally rally anomaly monopoly belly bully jelly lily".split())
_DETERMINERS = frozenset("the a an this that these those its their his her our my your whose".split())
_NP_STOP = frozenset(
    "the a an this that these those and or but nor while when whereas as if because although though since after "
    "before during until till in on at to for with from by of into onto than who whom whose which where what how "
    "why not no whether so yet then also has have had is are was were be been being will would can could may might "
    "must should shall do does did it they he she we you i me us ever never its their his her our my your there here "
    "said says told".split()
)
_REPORT_NOUNS = frozenset(
    "report reports estimate estimates figure figures data statement statements assessment assessments count "
    "counts tally survey surveys analysis projections calculations poll polls study studies statistics research "
    "records census numbers document documents".split()
)
_SOURCE_NOUNS = frozenset(
    "media agency agencies ministry officials official police government authorities authority military army "
    "sources outlets press television radio newspaper newspapers broadcaster".split()
)
_ACCORDING = re.compile(r"\baccording\s+to\b", re.IGNORECASE)


@dataclass(slots=True)
class _Site:
    """A place in a sentence that names a source: a reporting verb or "according to"."""

    anchor: int  # start of the verb or of "according"
    source: str | None
    pronoun: str | None = None  # the subject was this pronoun
    span: tuple[int, int] | None = None  # the source's span in the text
    passive: bool = False  # "it is believed": no source named


def _is_report_verb(tokens: list[Token], i: int, text: str) -> bool:
    token = tokens[i]
    low = token.text.lower().replace("’", "'")
    if low not in REPORT_VERBS or not token.text[0].islower():
        return False
    before = tokens[i - 1].low if i > 0 else ""
    after = tokens[i + 1].low if i + 1 < len(tokens) else ""
    if low in ("put", "puts"):
        return bool(_PUT_OBJECT.match(text, token.end)) and before not in _NOT_VERB_BEFORE
    if low == "added":
        return bool(_ADDED_OK.match(text, token.end))
    if low == "estimated" and (
        i == 0 or not tokens[i - 1].is_word or before in _QUALIFYING_BEFORE or before.endswith(("'s", "’s"))
    ):
        return False  # "an estimated 300", "at an estimated cost": a qualifier, not "officials estimated 300"
    if low in ("tell", "tells"):  # "tells reporters", not "the film tells the story"
        return after in _TELL_OBJECTS or (i + 1 < len(tokens) and tokens[i + 1].text[0].isupper())
    if low in _NOUN_LIKE or low.endswith("s"):
        if before in _NOT_VERB_BEFORE or after in _NOT_VERB_AFTER:
            return False
        # "growth forecasts slipping" is a noun; "the ministry estimates that / 300 / the ..." a verb.
        return low not in _NOUN_LIKE or _verb_object(tokens, i)
    return True


def _verb_object(tokens: list[Token], i: int) -> bool:
    """Whether the word after a noun-like reporting verb starts what it reports: "that", a determiner, a number, a
    qualifier or a name."""
    if i + 1 >= len(tokens):
        return False
    following = tokens[i + 1]
    return (
        following.low in _OBJECT_STARTS
        or following.text[0].isdigit()
        or following.text[0] == "$"
        or (following.is_word and following.text[0].isupper())
    )


def _covered(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _skip_back(tokens: list[Token], j: int, dates: list[tuple[int, int]]) -> tuple[int, bool]:
    """Index of the last token of the subject before a verb, skipping adverbs, auxiliaries and time phrases."""
    passive = False
    while j >= 0:
        token = tokens[j]
        low = token.low
        if low in _BE:
            passive = True
        elif _covered(token.start, dates):
            pass
        elif low in _BEFORE_DATE and j + 1 < len(tokens):
            if not _covered(tokens[j + 1].start, dates):
                break
        elif not (low in _SKIP_BEFORE_VERB or _is_adverb(tokens, j)):
            break
        j -= 1
    return j, passive


def _is_adverb(tokens: list[Token], j: int) -> bool:
    """ "reportedly", "separately": an -ly word that no determiner introduces ("her family" is a noun)."""
    token = tokens[j]
    if not (token.low.endswith("ly") and len(token.low) > 4 and token.text[0].islower()):
        return False
    return token.low not in _LY_NOUNS and not (j > 0 and tokens[j - 1].low in _DETERMINERS)


def _np_back(tokens: list[Token], j: int) -> tuple[int, int]:
    """Token range [first, j] of the noun phrase ending at token j, walking left to a stop word or punctuation."""
    first = j + 1
    while j >= 0 and j > first - 8:
        token = tokens[j]
        if not token.is_word:
            break
        if token.low in _NP_STOP:
            # "Ministry of Health", "Bank of Ostrava": "of" between capitalised words belongs to the name.
            inner = token.low in ("of", "and", "for") and j > 0 and first <= j + 1 < len(tokens)
            if not (inner and tokens[j - 1].text[0].isupper() and tokens[j + 1].text[0].isupper()):
                break
        first = j
        j -= 1
    return first, j  # j: index of the token that stopped the walk (or -1)


def _np_forward(tokens: list[Token], i: int, dates: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Token range [i', last] of the noun phrase starting at token i (a leading "the" skipped), or None."""
    if i < len(tokens) and tokens[i].low in ARTICLES:
        i += 1
    last = None
    j = i
    while j < len(tokens) and j < i + 8:
        token = tokens[j]
        if not token.is_word or _covered(token.start, dates):
            break
        if last is not None and token.text[0].islower() and token.low.endswith("ed"):
            break  # "a registration document filed with ...": the participle ends the name
        if token.low in _NP_STOP:
            inner = token.low in ("of", "and", "for") and last is not None and j + 1 < len(tokens)
            if not (inner and tokens[j - 1].text[0].isupper() and tokens[j + 1].text[0].isupper()):
                break
        last = j
        j += 1
    while last is not None and last >= i and tokens[last].low in _NP_STOP:
        last -= 1  # "Cara Vos of" -> "Cara Vos"
    return (i, last) if last is not None and last >= i else None


def _source_text(text: str, a: int, b: int, mentions: list[Mention]) -> tuple[str, tuple[int, int]]:
    """The source named by text[a:b], widened to the mentions it cuts and given by a mention's fullest name when it
    is exactly one mention ("Ms Vos" -> "Lena Vos")."""
    inside = [m for m in mentions if m.start < b and m.end > a]
    if inside:
        a, b = min(a, *(m.start for m in inside)), max(b, *(m.end for m in inside))
    if len(inside) == 1 and inside[0].start <= a and inside[0].end >= b:
        name = inside[0].resolved or inside[0].text
        return _strip_the(name), (a, b)
    return _strip_the(text[a:b]), (a, b)


def _strip_the(name: str) -> str:
    # Only "the": "A spokesman" stays as written (quotes, which reads bare roles, strips "a"/"an" too).
    return re.sub(r"^(?:the|The)\s+", "", name.strip())


def _strip_report_noun(tokens: list[Token], first: int, last: int) -> int:
    """ "state media reports" -> "state media": a trailing report noun after a source noun or a name."""
    if last > first and tokens[last].low in ("report", "reports"):
        previous = tokens[last - 1]
        if previous.low in _SOURCE_NOUNS or previous.text[0].isupper():
            return last - 1
    return last


def _forward_source(
    text: str, tokens: list[Token], i: int, dates: list[tuple[int, int]], mentions: list[Mention]
) -> tuple[str, tuple[int, int]] | None:
    """The source named after "according to" or an inverted "said": "figures from the Harbour Authority" gives the
    authority; "state media reports" gives state media."""
    found = _np_forward(tokens, i, dates)
    if found is None:
        return None
    first, last = found
    if tokens[last].low in _REPORT_NOUNS and last + 1 < len(tokens) and tokens[last + 1].low in ("from", "by", "of"):
        deeper = _np_forward(tokens, last + 2, dates)
        if deeper:
            first, last = deeper
    last = _strip_report_noun(tokens, first, last)
    return _source_text(text, tokens[first].start, tokens[last].end, mentions)


def _verb_site(text: str, tokens: list[Token], i: int, dates: list[tuple[int, int]], mentions: list[Mention]) -> _Site:
    """The subject of the reporting verb at token i: before it ("officials said"), or after it (", said Lena Vos")."""
    verb = tokens[i]
    j, passive = _skip_back(tokens, i - 1, dates)
    participle = verb.low.endswith("ed") or verb.low in _PARTICIPLE_IRREGULAR
    if passive and participle:
        if i + 1 < len(tokens) and tokens[i + 1].low == "by":
            found = _forward_source(text, tokens, i + 2, dates, mentions)
            if found:
                return _Site(verb.start, found[0], span=found[1])
        return _Site(verb.start, None, passive=True)
    if j >= 0 and tokens[j].low in PRONOUNS:
        return _Site(verb.start, None, pronoun=tokens[j].low, span=(tokens[j].start, tokens[j].end))
    first, stop = _np_back(tokens, j)
    if first > j and j >= 0 and tokens[j].text == ",":
        # "Lena Vos, a spokeswoman for the authority, said": skip the apposition back to the name.
        for k in range(j - 1, max(-1, j - 14), -1):
            if (
                tokens[k].text == ","
                and k + 1 < j
                and (tokens[k + 1].low in _APPOSITION or _name_before(tokens, k, j, dates))
            ):
                first, stop = _np_back(tokens, k - 1)
                j = k - 1
                break
    if first <= j and not _glued(text, tokens, first):
        if verb.low in _SHOW and not (tokens[j].low in _REPORT_NOUNS or _report_before(tokens, stop)):
            return _Site(verb.start, None)
        # "earlier reports from port officials": the walk stopped at "from", so the officials are the source.
        last = _strip_report_noun(tokens, first, j)
        name, span = _source_text(text, tokens[first].start, tokens[last].end, mentions)
        return _Site(verb.start, name, span=span)
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    # ", said Tom Berg", ", said the harbour master", ", said port officials."; not ", reported fraud throughout
    # the region fell": a lower-case source must close its clause.
    if following and tokens[i - 1].text in (",", "”", '"'):
        found = _forward_source(text, tokens, i + 1, dates, mentions)
        named = following.low in _DETERMINERS or following.text[0].isupper()
        if found and (named or _ends_clause(text, found[1][1])):
            return _Site(verb.start, found[0], span=found[1])
    return _Site(verb.start, None)


def _report_before(tokens: list[Token], stop: int) -> bool:
    """Whether the subject walk stopped at "a report from (the)": the noun phrase after it made the report."""
    if stop >= 0 and tokens[stop].low in _DETERMINERS:
        stop -= 1
    return stop >= 1 and tokens[stop].low in ("from", "by", "of") and tokens[stop - 1].low in _REPORT_NOUNS


def _name_before(tokens: list[Token], k: int, j: int, dates: list[tuple[int, int]]) -> bool:
    """Whether a capitalised name ends right before the comma at token k and tokens k..j read as its apposition
    ("Kathleen Vos, commissioner of the port, said"; not "140 on Saturday, 43 on Sunday, said")."""
    if k == 0 or not tokens[k - 1].is_word or not tokens[k - 1].text[0].isupper():
        return False
    return not _covered(tokens[k - 1].start, dates) and not any(t.text[0].isdigit() for t in tokens[k:j])


def _ends_clause(text: str, end: int) -> bool:
    return bool(re.match(r"\s*(?:[.,;:!?”\"]|$)", text[end : end + 2]))


def _glued(text: str, tokens: list[Token], first: int) -> bool:
    """A subject that is the tail of a number ("the 28-year-old said", "$10bn Russia") or that follows the counted
    number itself ("in 14 countries said"): no source."""
    start = tokens[first].start
    return (start > 0 and not (text[start - 1].isspace() or text[start - 1] in "“\"‘'([")) or (
        first > 0 and tokens[first - 1].text[0].isdigit()
    )


def _sites(text: str, span: tuple[int, int], dates: list[tuple[int, int]], mentions: list[Mention]) -> list[_Site]:
    """Every reporting verb and "according to" in a sentence, with the source each names."""
    tokens = tokenize(_TOKEN, text, *span)
    sites = []
    for i in range(len(tokens)):
        if _is_report_verb(tokens, i, text):
            sites.append(_verb_site(text, tokens, i, dates, mentions))
    for match in _ACCORDING.finditer(text, *span):
        index = next((k for k, t in enumerate(tokens) if t.start >= match.end()), len(tokens))
        found = _forward_source(text, tokens, index, dates, mentions)
        if found:
            sites.append(_Site(match.start(), found[0], span=found[1]))
    sites.sort(key=lambda s: s.anchor)
    return sites


# --- clauses, dates and recency ---------------------------------------------------------------------------------

_HARD_BREAK = re.compile(r";|\s+but\s+|\s+—\s+|\s+–\s+", re.IGNORECASE)
_SOFT_BREAK = re.compile(r";|,|\s+but\s+|\s+while\s+|\s+whereas\s+|\s+—\s+", re.IGNORECASE)
_BOUNDING = frozenset("since from until till after before between by through".split())
_EARLIER = re.compile(
    r"\b(?:earlier|previous(?:ly)?|initial(?:ly)?|original(?:ly)?|at first|prior|first (?:estimates?|reports?))\b",
    re.IGNORECASE,
)
_LATER = re.compile(
    r"\b(?:more recent|most recent|newer|newest|latest|later|now|revised|updated|subsequent(?:ly)?|new estimates?)\b",
    re.IGNORECASE,
)
_DATE_VALUE = re.compile(r"^\d{3,4}(?:$|-)")
_ANAPHOR = re.compile(r"\b(?:the|that|this)\s+(?:\w+\s+)?(?:figure|number|toll|total|tally|count|estimate)\b", re.I)
_TOLL = re.compile(r"\b(?:death\s+)?toll\b", re.IGNORECASE)


def _clause(sentence: tuple[int, int], text: str, start: int, end: int, pattern: re.Pattern[str]) -> tuple[int, int]:
    """The stretch of the sentence between the breaks (`pattern`) either side of [start, end)."""
    left, right = sentence
    for match in pattern.finditer(text, sentence[0], start):
        left = match.end()
    match = pattern.search(text, end, sentence[1])
    if match:
        right = match.start()
    return left, right


def _date_timexes(timexes: list[TimeExpression]) -> list[TimeExpression]:
    """Calendar dates and times usable as an as-of value (no durations, sets, *_REF or X placeholders)."""
    return [t for t in timexes if t.type in ("DATE", "TIME") and _DATE_VALUE.match(t.value)]


_STATED_BEFORE = re.compile(
    r"\b(?:said|says|announced|reported|stated|confirmed|added|told \w+(?: \w+)?)(?:\s+\w+ly)?(?:\s+on)?\s+$"
)


def _as_of_value(timex: TimeExpression) -> str:
    return timex.value[:10] if timex.type == "TIME" else timex.value.split("T")[0]


def _bounding(text: str, timex: TimeExpression, claim_end: int) -> bool:
    """ "since last year", "until March": a date that bounds a span is not the date the figure holds at."""
    before = re.findall(r"[A-Za-z]+", text[max(0, timex.start - 16) : timex.start])
    if before and before[-1].lower() in _BOUNDING:
        return True
    if timex.start >= claim_end:
        between = re.findall(r"[A-Za-z]+", text[claim_end : timex.start])
        return any(w.lower() in _BOUNDING for w in between)
    return False


def _sentence_date(
    text: str, sentence: tuple[int, int], q: Quantity, dates: list[TimeExpression], windows: list[tuple[int, int]]
) -> tuple[str | None, bool]:
    """(date, in_clause): the date governing the number's clause, else the nearest date of its sentence.

    `windows[0]` is the number's own stretch (between commas), the rest are the stretches of the sentence's other
    numbers: a date in the number's stretch governs it ("aged 81 on May 3"); else a date of its clause that no other
    number's stretch holds ("In March, the agency told the council that at least 40 ..."; not "the fund, set up in
    2019 with 10 staff, now has 2,000").
    """
    inside = [t for t in dates if sentence[0] <= t.start < sentence[1] and not _bounding(text, t, q.end)]
    if not inside:
        return None, False
    # The day a source gave the figure ("..., the authority said on Thursday") is when it held, even when the
    # number's own words name the day of the event it counts ("27 injured in Tuesday's collapse").
    stated = [t for t in inside if _STATED_BEFORE.search(text[max(sentence[0], t.start - 40) : t.start])]
    if stated:
        return _as_of_value(stated[-1]), True
    own, others = windows[0], windows[1:]
    left, right = _clause(sentence, text, q.start, q.end, _HARD_BREAK)
    tiers = (
        [t for t in inside if own[0] <= t.start and t.end <= own[1]],
        [t for t in inside if left <= t.start < right and not any(a <= t.start < b for a, b in others)],
    )
    for tier in tiers:
        before = [t for t in tier if t.end <= q.start]
        after = [t for t in tier if t.start >= q.end]
        if before or after:
            return _as_of_value(before[-1] if before else after[0]), True
    nearest = min(inside, key=lambda t: min(abs(t.start - q.end), abs(q.start - t.end)))
    return _as_of_value(nearest), False


def _recency(text: str, window: tuple[int, int], timexes: list[TimeExpression]) -> str | None:
    """ "earlier"/"later" from a cue word in the stretch around a number; cues inside a dated time expression
    ("earlier this year") only date it, while "now" or "previously" (PRESENT_REF, PAST_REF) still order it."""
    stretch = list(text[window[0] : window[1]])
    for t in _date_timexes(timexes):
        for k in range(max(t.start, window[0]), min(t.end, window[1])):
            stretch[k - window[0]] = " "
    masked = "".join(stretch)
    masked = re.sub(r"\bearlier\s+(?:on|this|that|in|today|than)\b", " ", masked, flags=re.IGNORECASE)
    later = [m.start() for m in _LATER.finditer(masked)]
    earlier = [m.start() for m in _EARLIER.finditer(masked)]
    if later and (not earlier or later[-1] > earlier[-1]):
        return "later"
    if earlier:
        return "earlier"
    return None


# --- candidates -------------------------------------------------------------------------------------------------

_VERB_BEFORE = frozenset(
    "killed killing kills injured injuring wounded wounding sent sending deployed deploying dispatched dispatching "
    "evacuated evacuating arrested arresting detained rescued rescuing displaced displacing cut cutting shed "
    "shedding slashed axed hired hiring".split()
)
_AFTER_OUTCOME = re.compile(
    r"\s+(?:(?:more|others|other|further|additional)\s+)?(?:(?:who|that|which)\s+)?"
    r"(?:(?:had|have|has|were|was|are|is|been|being|be|reportedly|also|likely|already|now|since|still|remain|remains|"
    r"remained|stayed|stay|stays)\s+){0,3}"
    r"(?:(?:reported|believed|feared|thought|confirmed|estimated|said|known|presumed|understood|found)\s+"
    r"(?:to\s+(?:have\s+)?(?:been\s+|be\s+)?|as\s+)?)?"
    r"(?P<o>lost\s+(?:their|his|her|its)\s+li(?:ves|fe)|[a-z]{3,}ed|" + "|".join(sorted(_IRREGULAR_OUTCOMES)) + r")\b"
)
_MORE_NOUN = re.compile(r"\s+(?:more|other|additional|further|extra|new)\s+((?:[a-z][a-z-]+\s+){0,2}[a-z][a-z-]+s)\b")
# Verbs before a number that report, expect or measure it rather than say what happened to the things counted.
_NOT_OUTCOME_BEFORE = REPORT_VERBS | frozenset(
    "expected projected planned numbered totalled totaled reached exceeded topped surpassed needed required "
    "increased decreased dropped jumped climbed raised reduced lowered doubled tripled halved suffered sustained "
    "incurred registered logged posted listed included involved".split()
)
_COLLECTIVE = re.compile(r"\s+((?:[a-z][a-z-]+\s+){0,2}(?:staff|personnel|police|cattle|crew|livestock|militia))\b")
_DEFINITE = frozenset("the these those both its their his her our all".split())
_QUOTED = re.compile(r"[“\"]([^“”\"]{1,60})[”\"]")
_AFTER_MONEY = re.compile(r"\s+(?:in|of|worth\s+of)\s+(?:new\s+)?([a-z]+(?:\s+[a-z]+)?)\b")
_MONEY_NOUN = re.compile(r"\s+([a-z]{3,})\b")
_BEFORE_LEVEL = re.compile(
    r"\b([A-Za-z][a-z]{3,})\s+(?:now\s+)?(?:stood|stands|stand|was|is|were|are|rose|fell|reached|climbed|increased|"
    r"dropped|hit|totalled|totaled|of|at)\s+(?:at\s+|to\s+|by\s+)?$"
)


def _in_quoted_name(text: str, q: Quantity) -> bool:
    """A number inside a short quoted title ("the “Route 66 Club”") is part of a name."""
    for match in _QUOTED.finditer(text, max(0, q.start - 60), min(len(text), q.end + 60)):
        if match.start() < q.start and q.end <= match.end():
            words = re.findall(r"[A-Za-z]+", match.group(1))
            if words and len(words) <= 6 and all(w[0].isupper() for w in words if len(w) > 3):
                return True
    return False


def _is_reference(text: str, q: Quantity) -> bool:
    """ "the two nations", "both three men": a small number after a determiner names a set, it counts nothing."""
    if q.qualifier or q.text.split()[0].lower() not in NUMBER_WORDS or q.value > 10:
        return False
    before = re.findall(r"[A-Za-z]+", text[max(0, q.start - 12) : q.start])
    return bool(before) and before[-1].lower() in _DEFINITE


def _skip(text: str, q: Quantity, timexes: list[TimeExpression]) -> bool:
    """Quantities that are no claim: durations and dates, "one of", references, names."""
    if unit_kind(q.unit) == "time":
        return True
    if any(t.start < q.end and q.start < t.end and not (t.type == "DATE" and q.quantity_of == "age") for t in timexes):
        return True  # "four weeks", "2019": the timex stage owns these
    low = q.text.lower()
    if (
        q.value == 1
        and q.value_high is None
        and (re.match(r"(?:one|an?)\b", low) and " of " in f"{low} {text[q.end : q.end + 4]}")
    ):
        return True  # "one of the world's most secretive countries"
    return _is_reference(text, q) or _in_quoted_name(text, q)


@dataclass(slots=True)
class _Draft:
    """A quantity kept as a claim, with what it counts read off the text."""

    q: Quantity
    sentence: int
    unit: str | None
    noun: str | None = None  # counted noun phrase as written ("Ostravan sailors")
    outcome: str | None = None  # what happened to it, as written ("died")
    thing: str | None = None  # what money, a percentage or a measure is of ("fine", "voters")
    quantity_of: str | None = None


def _outcome_near(text: str, q: Quantity, limit: int, end: int | None, bare: bool) -> str | None:
    """An outcome right after the counted phrase (which ends at `end`, by default the quantity's end), or a verb of
    outcome right before the number.

    A participle straight after the phrase, with no auxiliary, is an outcome only when no noun follows it ("five
    animated films") and, after a bare number, only when it is a known outcome ("40 killed", not "Five admitted").
    """
    after = _AFTER_OUTCOME.match(text, q.end if end is None else end, limit)
    if after and not text[after.start() : after.start("o")].strip():
        word = after.group("o").lower()
        following = re.match(r"\s+([a-z]+)", text[after.end() : after.end() + 20])
        known = word in _OUTCOME_NORMAL or word in _OUTCOME_MODIFIERS or word in _IRREGULAR_OUTCOMES
        if (following and following.group(1) not in _NP_STOP) or (bare and not known):
            after = None
    if after:
        return after.group("o")
    before = re.search(r"([A-Za-z]+)\s+$", text[max(0, q.start - 20) : q.start])
    word = before.group(1) if before else ""
    if word in _VERB_BEFORE or (word.endswith("ed") and len(word) > 4 and word not in _NOT_OUTCOME_BEFORE):
        return word  # "killing 40 people", "the storm damaged 2,500 homes"
    return None


def _outcome_in_reach(text: str, q: Quantity, word: str, limit: int) -> bool:
    """Whether an outcome the quantity stage read belongs to this number: before it, or after it in its clause with
    no other number in between ("12 fishermen lost their lives and 30 were injured": "injured" is the 30's)."""
    if word in text[max(0, q.start - 40) : q.start]:
        return True
    index = text.find(word, q.end, limit)
    if index < 0:
        return False
    between = text[q.end : index]
    return not re.search(r"\d", between) and not any(w.lower() in NUMBER_WORDS for w in between.split())


def _counted(text: str, q: Quantity, limit: int) -> tuple[str | None, str | None]:
    """(noun, outcome) of a count, each as written. The outcome right after the counted noun wins, except that
    "sent"/"deployed" give way to what later happened to those sent ("medics sent ... had been injured")."""
    noun, read = split_outcome(q.quantity_of)
    if noun is None and q.unit == "people":
        noun = q.text.split()[-1]
    end = None
    for pattern in (_MORE_NOUN, _COLLECTIVE):
        # "75 more bodies", "1,400 active staff": a counted noun the quantity stage does not read.
        found = pattern.match(text, q.end, limit) if noun is None and q.unit is None else None
        if found:
            noun, end = found.group(1), found.end()
    if noun is None and q.unit and q.unit not in _COUNT_UNITS:
        noun = q.unit  # a hyphenated compound ("a six-cylinder engine")
    if read and not _outcome_in_reach(text, q, read, limit):
        read = None
    near = _outcome_near(text, q, limit, end, bare=noun is None)
    if near and read and near.lower() in ("sent", "deployed", "dispatched") and near.lower() != read.lower():
        return noun, read
    return noun, near or read


def _money_thing(text: str, q: Quantity, limit: int) -> str | None:
    after = _AFTER_MONEY.match(text, q.end, limit)
    if after and after.group(1).split()[0] not in _NP_STOP:
        words = after.group(1).split()
        return words[0] if len(words) == 1 or words[1] in _NP_STOP else after.group(1)
    noun = _MONEY_NOUN.match(text, q.end, limit)
    if noun and noun.group(1) not in _NP_STOP and not noun.group(1).endswith(("ed", "ly")):
        return noun.group(1)
    return None


def _draft(text: str, q: Quantity, sentence: int, span: tuple[int, int]) -> _Draft:
    kind = unit_kind(q.unit)
    limit = _clause(span, text, q.start, q.end, _SOFT_BREAK)[1]
    draft = _Draft(q=q, sentence=sentence, unit=q.unit)
    if kind == "age" or q.quantity_of == "age":
        draft.unit, draft.quantity_of = "year of age", "age"
    elif kind == "count":
        draft.noun, draft.outcome = _counted(text, q, limit)
        if draft.unit is None and draft.noun:
            draft.unit = singular(draft.noun.split()[-1])  # "75 more bodies" counts bodies
        if draft.noun is None and draft.outcome is None and _TOLL.search(text, span[0], q.start):
            draft.outcome = "killed"  # "the death toll rose to 52"
    else:
        draft.thing = q.quantity_of
        if draft.thing is None and kind == "currency":
            draft.thing = _money_thing(text, q, limit)
        if draft.thing is None:
            level = _BEFORE_LEVEL.search(text, max(span[0], q.start - 40), q.start)
            word = level.group(1) if level else ""
            # A capital only where the sentence starts: "December of 28%" or "Ostrava at 12%" name no measured thing.
            noun = not word.lower().endswith(("ed", "ing"))  # "valued at $3m" names no thing
            if word and noun and word.lower() not in _NP_STOP and (word[0].islower() or level.start(1) == span[0]):
                draft.thing = word.lower()  # "turnout was 61%", "the wave reached 12 metres"
        draft.quantity_of = draft.thing
    return draft


def _inherit(draft: _Draft, earlier: _Draft) -> None:
    """A figure that counts nothing of its own counts what the sentence's earlier figure counts."""
    draft.noun = earlier.noun
    draft.unit = earlier.unit
    if draft.outcome is None:
        draft.outcome = earlier.outcome


def _resolve_counts(text: str, drafts: list[_Draft], spans: list[tuple[int, int]]) -> list[_Draft]:
    """Fill inherited nouns (and the things money, shares and measures are of), set quantity_of, and drop counts
    that count nothing."""
    kept: list[_Draft] = []
    for draft in drafts:
        if unit_kind(draft.unit) == "count" and draft.quantity_of is None:
            if draft.noun is None:
                same = [d for d in kept if d.sentence == draft.sentence and d.noun and unit_kind(d.unit) == "count"]
                span = spans[draft.sentence]
                previous = [d for d in kept if d.sentence == draft.sentence - 1 and d.noun]
                if same:
                    _inherit(draft, same[-1])
                elif previous and _ANAPHOR.search(text, span[0], draft.q.start):
                    _inherit(draft, previous[-1])  # "The figure was later revised to 290."
            if draft.noun is None and draft.outcome is None:
                continue  # a bare number: nothing counted
            draft.quantity_of = " ".join(p for p in (draft.noun, draft.outcome) if p)
        elif draft.quantity_of is None and unit_kind(draft.unit) in ("currency", "percentage", "measure"):
            kind = unit_kind(draft.unit)
            same = [d for d in kept if d.sentence == draft.sentence and d.thing and unit_kind(d.unit) == kind]
            if same:
                draft.thing = draft.quantity_of = same[-1].thing  # "rose 2 per cent to 7.5 per cent"
        kept.append(draft)
    return kept


# --- the pass over an article -----------------------------------------------------------------------------------


class _Article(ArticleReader):
    """One article while its claims are read: the shared reader, its dates, and the sources each sentence names."""

    __slots__ = ("date_spans", "dates", "published", "sites", "sources", "timexes")

    def __init__(self, text: str, published: str | None, timexes: list[TimeExpression], mentions: list[Mention]):
        super().__init__(text, sentence_spans(text), mentions)
        self.published = published
        self.timexes = timexes
        self.dates = _date_timexes(timexes)
        # Time phrases a subject may be separated from its verb by ("officials on Monday said"); not sets ("Daily").
        self.date_spans = [(t.start, t.end) for t in timexes if t.type in ("DATE", "TIME")]
        self.sites: dict[int, list[_Site]] = {}
        self.sources: dict[int, str | None] = {}

    def sentence_sites(self, index: int) -> list[_Site]:
        if index not in self.sites:
            self.sites[index] = _sites(self.text, self.sentences[index], self.date_spans, self.mentions)
        return self.sites[index]

    def source_of(self, index: int, depth: int = 0) -> str | None:
        """The last source a sentence names (pronouns followed back), for a pronoun in the next sentence."""
        if index < 0 or depth > 3:
            return None
        if index not in self.sources:
            found = None
            for site in self.sentence_sites(index):
                name = site.source or (self.resolve(index, site, depth) if site.pronoun else None)
                found = name or found
            self.sources[index] = found
        return self.sources[index]

    def resolve(self, index: int, site: _Site, depth: int = 0) -> str | None:
        """A pronoun subject: an earlier source in its sentence, else the previous sentence's source, else the last
        person (he, she) or organisation (it, they) the previous sentence mentions."""
        for other in reversed(self.sentence_sites(index)):
            if other.anchor < site.anchor and other.source:
                return other.source
        found = self.source_of(index - 1, depth + 1)
        if found:
            return found
        if index == 0:
            return None
        wanted = ("PER",) if site.pronoun in ("he", "she") else ("ORG",)
        names = [m for m in self.mentions_in(*self.sentences[index - 1]) if m.type in wanted]
        return _strip_the(names[-1].resolved or names[-1].text) if names else None


def _site_for(article: _Article, draft: _Draft) -> _Site | None:
    """The reporting verb or "according to" that governs a number: the nearest before it in its clause, else the
    nearest after it."""
    span = article.sentences[draft.sentence]
    left, right = _clause(span, article.text, draft.q.start, draft.q.end, _HARD_BREAK)
    sites = [s for s in article.sentence_sites(draft.sentence) if left <= s.anchor < right and not s.passive]
    # "<=": in "the Red Cross estimated 4,000" the quantity stage took the verb as the number's qualifier.
    before = [s for s in sites if s.anchor <= draft.q.start and (s.source or s.pronoun)]
    if before:
        return before[-1]
    after = [s for s in sites if s.anchor >= draft.q.end and (s.source or s.pronoun)]
    return after[0] if after else None


def _person(article: _Article, draft: _Draft, site: _Site | None) -> str | None:
    """The person an age belongs to: the nearest person mentioned before it in the sentence (else after), not the
    source who reports it."""
    people = [
        m
        for m in article.mentions_in(*article.sentences[draft.sentence])
        if m.type == "PER" and not (site and site.span and site.span[0] <= m.start < site.span[1])
    ]
    before = [m for m in people if m.end <= draft.q.start]
    after = [m for m in people if m.start >= draft.q.end]
    chosen = before[-1] if before else (after[0] if after else None)
    return (chosen.resolved or chosen.text) if chosen else None


def _window(article: _Article, drafts: list[_Draft], index: int) -> tuple[int, int]:
    """The stretch around a number where its recency cue may stand: back to the previous number of the sentence
    (from the last break after it) and on to the next break or number."""
    draft = drafts[index]
    text = article.text
    left, right = article.sentences[draft.sentence]
    previous = drafts[index - 1] if index > 0 and drafts[index - 1].sentence == draft.sentence else None
    if previous:
        left = previous.q.end
        for match in _SOFT_BREAK.finditer(text, previous.q.end, draft.q.start):
            left = match.end()
    following = drafts[index + 1] if index + 1 < len(drafts) and drafts[index + 1].sentence == draft.sentence else None
    if following:
        right = following.q.start
    match = _SOFT_BREAK.search(text, draft.q.end, right)
    if match:
        right = match.start()
    return left, right


def find_claims(
    article_id: str,
    text: str,
    published: str | None,
    quantities: list[Quantity],
    timexes: list[TimeExpression],
    mentions: list[Mention],
) -> list[Claim]:
    """The numeric claims of one article, in text order.

    `quantities` are `find_quantities(text)`, `timexes` are `find_timexes(text, published)` and `mentions` the
    article's named-entity mentions. See the module docstring for what is kept and how each field is read.
    """
    article = _Article(text, published, timexes, mentions)
    spans = article.sentences
    drafts = []
    for q in quantities:
        if not spans or q.start < spans[0][0] or _skip(text, q, timexes):
            continue  # before the first sentence there is no sentence to read it in
        index = article.sentence_of(q.start)
        drafts.append(_draft(text, q, index, spans[index]))
    drafts = _resolve_counts(text, drafts, spans)
    claims: list[Claim] = []
    for index in range(len(drafts)):
        claims.append(_claim(article_id, article, drafts, index, claims))
    return claims


def _claim(article_id: str, article: _Article, drafts: list[_Draft], index: int, done: list[Claim]) -> Claim:
    draft = drafts[index]
    q = draft.q
    text = article.text
    span = article.sentences[draft.sentence]
    site = _site_for(article, draft)
    attributed = site.source if site else None
    continues = False
    if site and site.pronoun and not attributed:
        attributed = article.resolve(draft.sentence, site)
        continues = not any(s.anchor < site.anchor and s.source for s in article.sentence_sites(draft.sentence))
    person = _person(article, draft, site) if draft.quantity_of == "age" else None
    key = claim_key(draft.quantity_of, draft.unit, person, q.change)
    neighbours = any(abs(d.sentence - draft.sentence) <= 1 for k, d in enumerate(drafts) if k != index)
    same = [k for k, d in enumerate(drafts) if d.sentence == draft.sentence and k != index]
    windows = [_window(article, drafts, k) for k in (index, *same)]
    recency = _recency(text, windows[0], article.timexes) if neighbours else None
    as_of, how = _as_of(article, draft, windows, recency, continues, done)
    return Claim(
        article_id=article_id,
        start=q.start,
        end=q.end,
        text=q.text,
        value=q.value,
        value_high=q.value_high,
        unit=draft.unit,
        qualifier=q.qualifier,
        quantity_of=draft.quantity_of,
        key=key,
        sentence=text[span[0] : span[1]],
        sentence_start=span[0],
        sentence_end=span[1],
        attributed_to=attributed,
        as_of=as_of,
        as_of_how=how,
        recency=recency,  # type: ignore[arg-type]
    )


def _as_of(
    article: _Article,
    draft: _Draft,
    windows: list[tuple[int, int]],
    recency: str | None,
    continues: bool,
    done: list[Claim],
) -> tuple[str | None, str | None]:
    """(as_of, how): a date of the sentence, the date of the sentence it continues, or the publication date.

    A figure cued as later with no date in its own clause holds at publication; one cued as earlier with no date of
    its own held at some unknown time before, so it gets none rather than a wrong one.
    """
    span = article.sentences[draft.sentence]
    value, in_clause = _sentence_date(article.text, span, draft.q, article.dates, windows)
    if value and (in_clause or recency is None):
        return value, "sentence"
    if recency == "later":
        return article.published, "published" if article.published else None
    if recency == "earlier":
        return None, None
    if continues and draft.sentence > 0:
        prior = article.sentences[draft.sentence - 1]
        claimed = [c.as_of for c in done if prior[0] <= c.start < prior[1] and c.as_of]
        if claimed:
            return claimed[-1], "context"
        found = [t for t in article.dates if prior[0] <= t.start < prior[1]]
        if found:
            return _as_of_value(found[0]), "context"
    return article.published, "published" if article.published else None
