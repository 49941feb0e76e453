"""Word lists and unit tables for quantity extraction, compiled once into regular expressions.

Unit names follow NewsQuant's `normalized_unit` conventions (singular, lower case, spelled out: "percentage",
"dollar", "pound sterling", "kilometre", "mile per hour", "year of age"), so that a claim extracted here can be
compared with the gold data and with claims from other articles without a second mapping.
"""

from __future__ import annotations

import re

__all__ = [
    "CURRENCY_PREFIX",
    "CURRENCY_SUFFIX_CODES",
    "DOWN_WORDS",
    "LABEL_WORDS",
    "MONTHS",
    "NOUN_PHRASE_STOPWORDS",
    "NUMBER_WORDS",
    "QUALIFIERS",
    "SCALES",
    "UNITS",
    "UNIT_RE",
    "UP_WORDS",
    "unit_name",
]

# Spelled numbers: value of each word. "hundred" and larger are multipliers (handled by the parser).
NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip

# Scale words after a number ("1.28 million", "$4bn", "PS2.7m"). Single letters are only scales after a currency
# (or capitalised, "4.3M sales"), since "37m" is 37 metres; that decision is made by the caller.
SCALES: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "bn": 1e9, "mn": 1e6, "mln": 1e6, "bln": 1e9, "tn": 1e12, "trn": 1e12,
    "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7, "m": 1e6, "k": 1e3, "b": 1e9,
}  # fmt: skip
SHORT_SCALES = frozenset({"m", "k", "b"})

# Currency written before the number. Longest first so "US$" wins over "$". The data writes "£" as "PS" and "¥" as
# "Y=" (a transliteration artefact of its source feeds); both are accepted.
CURRENCY_PREFIX: dict[str, str] = {
    "US $": "dollar", "US$": "dollar", "U.S. $": "dollar", "U.S.$": "dollar", "$US": "dollar", "USD": "dollar",
    "USD ": "dollar", "HK $": "hong kong dollar", "HK$": "hong kong dollar", "$HK": "hong kong dollar",
    "A$": "australian dollar", "AU$": "australian dollar", "AUD": "australian dollar", "$A": "australian dollar",
    "C$": "canadian dollar", "CA$": "canadian dollar", "CAD": "canadian dollar", "NZ$": "new zealand dollar",
    "S$": "singapore dollar", "R$": "brazilian real", "$": "dollar",
    "£": "pound sterling", "PS": "pound sterling", "GBP": "pound sterling", "GBP ": "pound sterling",
    "€": "euro", "EUR": "euro", "EUR ": "euro", "¥": "japanese yen", "Y=": "japanese yen", "JPY ": "japanese yen",
    "RM": "malaysian ringgit", "Rs": "indian rupee", "Rs.": "indian rupee", "Rs ": "indian rupee",
    "₹": "indian rupee", "INR ": "indian rupee", "CHF ": "swiss franc", "₩": "south korean won",
}  # fmt: skip

# ISO codes written after a number ("110 JPY").
CURRENCY_SUFFIX_CODES: dict[str, str] = {
    "USD": "dollar", "EUR": "euro", "GBP": "pound sterling", "JPY": "japanese yen", "CHF": "swiss franc",
    "CNY": "chinese yuan", "AUD": "australian dollar", "CAD": "canadian dollar", "INR": "indian rupee",
}  # fmt: skip

# Units written after the number: surface pattern (regex source) -> normalised name. Case-insensitive entries first;
# `_CASED` entries are short symbols whose case matters ("m" metre vs "M" million, "F" farad, "G" generation).
_UNITS_ANY_CASE: list[tuple[str, str]] = [
    # percentages and points
    (r"percentage[- ]points?", "percentage point"), (r"basis[- ]points?", "basis point"), (r"bps", "basis point"),
    (r"per\s?cent(?:age)?(?:-owned)?", "percentage"), (r"percent(?:-owned)?", "percentage"), (r"pc|pct", "percentage"),
    (r"points?", "point"), (r"pts", "point"),
    # money written after the number
    (r"cents? (?:a|per) share", "cent per share"), (r"cents?|cts", "cent"), (r"dlrs?", "dollar"),
    (r"stg", "pound sterling"), (r"pence", "penny"), (r"sen", "sen"),
    (r"australian dollars?", "australian dollar"), (r"canadian dollars?", "canadian dollar"),
    (r"hong kong dollars?", "hong kong dollar"), (r"(?:us |u\.s\. )?dollars?", "dollar"), (r"euros?", "euro"),
    (r"yen", "japanese yen"), (r"yuan", "chinese yuan"), (r"renminbi", "chinese yuan"), (r"rupees?", "indian rupee"),
    (r"shekels?", "shekel"), (r"danish (?:crowns|kroner)", "danish krone"),
    (r"swedish (?:crowns|kronor)", "swedish krona"),
    (r"(?:norwegian )?kroner", "norwegian krone"), (r"rubles?|roubles?", "russian ruble"), (r"won", "south korean won"),
    (r"pounds? sterling", "pound sterling"), (r"francs?", "swiss franc"), (r"kn", "croatian kuna"),
    (r"ringgit", "malaysian ringgit"), (r"pesos?", "peso"), (r"lira", "turkish lira"),
    # length and area
    (r"square miles?|sq\.? mi(?:les)?", "square mile"), (r"square (?:feet|foot)|sq\.? ?ft", "square foot"),
    (r"square (?:metres?|meters?)|sq\.? ?m\b|m2|m²", "square metre"),
    (r"square kilomet(?:re|er)s?|km2|km²|sq km", "square kilometre"),
    (r"hectares?", "hectare"), (r"acres?", "acre"), (r"cubic (?:feet|foot)", "cubic foot"),
    (r"cubic (?:metres?|meters?)", "cubic metre"),
    (r"miles? per hour|mph", "mile per hour"),
    (r"km/hr?|kph|kmph|kilomet(?:re|er)s? (?:per|an) hour", "kilometre per hour"),
    (r"miles? per gallon|mpg", "mile per gallon"),
    (r"kilomet(?:re|er)s?|km", "kilometre"), (r"centimet(?:re|er)s?|cm", "centimetre"),
    (r"millimet(?:re|er)s?|mm", "millimetre"), (r"nanomet(?:re|er)s?", "nanometre"),
    (r"micromet(?:re|er)s?|microns?|μm|µm", "micrometre"), (r"met(?:re|er)s?", "metre"),
    (r"miles?(?: (?:wide|long|high|deep))?", "mile"), (r"(?:feet|foot|ft)(?:-(?:long|high|tall|wide|deep))?", "foot"),
    (r"inch(?:es)?", "inch"), (r"yards?", "yard"), (r"light[- ]years?", "light year"),
    # mass and volume
    (r"pound-(?:feet|foot)(?: of torque)?", "pound-foot"), (r"lb-ft", "foot pound-force"),
    (r"kilo(?:gram)?s?|kgs?", "kilogram"), (r"milligrams?|mg", "milligram"), (r"grams?|gr", "gram"),
    (r"(?:metric )?tonnes?|(?:metric )?tons?", "tonne"), (r"pounds?|lbs?", "pound-mass"), (r"ounces?|oz", "ounce"),
    (r"barrels? of oil", "barrel of oil"),
    (r"barrels?[- ](?:a|per)[- ]day|bpd", "barrel per day"), (r"barrels?", "barrel"),
    (r"millilit(?:re|er)s?|ml", "millilitre"), (r"lit(?:re|er)s?", "litre"), (r"gallons?", "gallon"),
    (r"pints?", "pint"), (r"quarts?", "quart"), (r"cubic feet", "cubic foot"),
    # time and age
    (r"years?[- ]old|-year-old|yrs? old", "year of age"), (r"months?[- ]old", "month of age"),
    (r"weeks?[- ]old", "week of age"), (r"days?[- ]old", "day of age"),
    (r"seconds?|secs?", "second"), (r"minutes?|mins?", "minute"), (r"hours?|hrs?", "hour"), (r"days?", "day"),
    (r"weeks?", "week"), (r"months?", "month"), (r"years?|yrs?", "year"), (r"decades?", "decade"),
    (r"centur(?:y|ies)", "century"),
    # energy, power, electricity, data, other physics
    (r"kilowatt[- ]hours?|kwh", "kilowatt hour"), (r"megawatt[- ]hours?|mwh", "megawatt hour"),
    (r"gigawatt[- ]hours?|gwh", "gigawatt hour"), (r"terawatt[- ]hours?|twh", "terawatt hour"),
    (r"kilowatts?|kw", "kilowatt"), (r"megawatts?|mw", "megawatt"), (r"gigawatts?|gw", "gigawatt"),
    (r"watts?", "watt"), (r"volts?", "volt"), (r"mah", "milliampere-hour"), (r"amps?|amperes?", "ampere"),
    (r"a/cm2", "ampere per square centimetre"),
    (r"brake horsepower|bhp", "brake horsepower"), (r"horsepower|hp", "horsepower"),
    (r"newton[- ]met(?:re|er)s?", "newton metre"), (r"rpm", "revolutions per minute"),
    (r"gigahertz|ghz", "gigahertz"), (r"megahertz|mhz", "megahertz"), (r"hertz|hz", "hertz"),
    (r"terabytes?|tb", "terabyte"), (r"gigabytes?|gb", "gigabyte"), (r"megabytes?|mb", "megabyte"),
    (r"megapixels?|mp", "megapixel"), (r"gigapascals?|gpa", "gigapascal"), (r"decibels?|db", "decibel"),
    (r"ppb|parts per billion", "parts-per-billion"), (r"ppm|parts per million", "parts-per-million"),
    (r"degrees? (?:celsius|centigrade)|°c|celsius|centigrade", "celsius"),
    (r"degrees? fahrenheit|°f|fahrenheit", "fahrenheit"), (r"degrees?|°", "degree"),
    (r"times", "count"), (r"people|persons", "people"), (r"units?", "unit"),
]  # fmt: skip

_UNITS_CASED: list[tuple[str, str]] = [
    (r"%", "percentage"), (r"Nm", "newton metre"), (r"nm", "nanometre"), (r"m", "metre"), (r"g", "gram"),
    (r"l|L", "litre"), (r"W", "watt"), (r"V", "volt"),
    (r"F", "farad"), (r"C", "celsius"), (r"G", "generation wireless"), (r"PS", "horsepower"), (r"p", "point"),
    (r"h", "hour"), (r"WAR", "win above replacement"), (r"x", "count"), (r"″|\"", "inch"),
    (r"€", "euro"), (r"£", "pound sterling"),
]  # fmt: skip

UNITS: list[tuple[str, str]] = _UNITS_ANY_CASE + _UNITS_CASED


def _alternation(entries: list[tuple[str, str]], prefix: str) -> str:
    return "|".join(f"(?P<{prefix}{i}>{pattern})" for i, (pattern, _) in enumerate(entries))


# One alternation with a named group per entry: the group that matched gives the normalised name. Entries are tried in
# list order, so longer forms ("miles per hour") come before their prefixes ("miles"). A unit must end at a word
# boundary (a following letter or digit means it was something else: "5G" is allowed, "5Gs" is not).
UNIT_RE = re.compile(
    r"(?:(?i:" + _alternation(_UNITS_ANY_CASE, "a") + r")|" + _alternation(_UNITS_CASED, "c") + r")"
    r"(?![A-Za-z0-9])"
)
_UNIT_NAMES = {f"a{i}": name for i, (_, name) in enumerate(_UNITS_ANY_CASE)} | {
    f"c{i}": name for i, (_, name) in enumerate(_UNITS_CASED)
}


def unit_name(match: re.Match[str]) -> str:
    """Normalised unit name of a `UNIT_RE` match."""
    return _UNIT_NAMES[match.lastgroup or ""]


# "per X" / "a X" after a unit ("$ per barrel", "$3500 a month", "shekels a year"); X normalised to its singular.
PER_UNITS: dict[str, str] = {
    "share": "share", "barrel": "barrel", "gallon": "gallon", "gram": "gram", "ounce": "ounce", "tonne": "tonne",
    "ton": "tonne", "kilogram": "kilogram", "kg": "kilogram", "pound": "pound-mass", "litre": "litre", "liter": "litre",
    "square foot": "square foot", "square feet": "square foot", "sq ft": "square foot", "sq m": "square metre",
    "square metre": "square metre", "square meter": "square metre", "month": "month", "year": "year",
    "day": "day", "week": "week", "hour": "hour", "night": "night", "person": "person", "head": "head",
    "capita": "capita", "mmbtu": "mega british thermal unit", "century": "century", "minute": "minute",
    "kwh": "kilowatt hour", "megawatt hour": "megawatt hour", "mile": "mile", "unit": "unit", "seat": "seat",
    "ticket": "ticket", "game": "game", "annum": "year",
}  # fmt: skip

# Qualifier phrases before a number and the change marker each implies (NewsQuant: "=", "~", ">", "<").
QUALIFIERS: dict[str, str] = {
    "about": "~", "around": "~", "approximately": "~", "approx.": "~", "approx": "~", "roughly": "~",
    "some": "~", "nearly": "~", "almost": "~", "close to": "~", "closer to": "~", "barely": "~", "circa": "~",
    "an estimated": "~", "estimated": "~", "an approximate": "~", "~": "~", "≈": "~", "ca.": "~", "c.": "~",
    "roughly about": "~", "just about": "~", "somewhere around": "~", "in the region of": "~",
    "more than": ">", "over": ">", "above": ">", "at least": ">", "in excess of": ">", "upwards of": ">",
    "greater than": ">", "higher than": ">", "north of": ">", "exceeding": ">", "well over": ">", "just over": ">",
    "well above": ">", "no fewer than": ">", "no less than": ">", "at over": ">", "over than": ">",
    "less than": "<", "fewer than": "<", "under": "<", "below": "<", "up to": "<", "just under": "<",
    "no more than": "<", "at most": "<", "as little as": "<", "well under": "<", "well below": "<", "sub": "<",
    "lower than": "<", "shy of": "<", "just shy of": "<",
}  # fmt: skip

# Verbs and adverbs of change: the number right after them is a difference ("rose 5%", "fell by 3 points").
UP_WORDS = frozenset(
    "rose rise rises rising risen gained gain gains gaining advanced advance advances advancing jumped jump jumps "
    "jumping climbed climb climbs climbing increased increase increases increasing up soared soar soars surged surge "
    "surges rallied rally rallies grew grow grows growing added adds boosted upward upwards higher raised raise "
    "raises spiked spike climbs hiked hike".split()
)
DOWN_WORDS = frozenset(
    "fell fall falls falling fallen dropped drop drops dropping declined decline declines declining lost lose loses "
    "losing slid slide slides sliding plunged plunge plunges plummeted plummet plummets down decreased decrease "
    "decreases decreasing dipped dip dips shed sheds sank sink sinks tumbled tumble tumbles slumped slump slumps "
    "eased ease eases shrank shrink shrinks cut cuts slashed tanked sagged retreated retreat downward downwards "
    "lower reduced reduce".split()
)

MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)

# Lower-case words that label a thing by a number rather than count ("category 4 hurricane", "page 12").
LABEL_WORDS = frozenset(
    "category page pages chapter section article rule level tier stage phase number no no. route highway platform "
    "gate flight episode grade type class version v room exit lane row seat interstate verse act scene figure fig "
    "table appendix item paragraph clause amendment district ward precinct unit division league squad jersey "
    "week day game match round".split()
)

# Words that end a counted noun phrase: determiners, prepositions, conjunctions, pronouns, auxiliaries, adverbs.
# Not `storyline.text.STOPWORDS` (words that say nothing about a text's topic): a counted phrase may hold "new",
# "one" or "other" ("two new ferries"), and "according", "ago", "per" or "worth" end it. One list for both would
# change what quantities count or what texts are compared on.
NOUN_PHRASE_STOPWORDS = frozenset(
    "a an the this that these those their its his her our your my them they he she it we you i who whom whose which "
    "what when where while why how and or but nor so yet as than then there here of in on at by for from to into onto "
    "with without within about above below over under between among through during before after since until till "
    "against across along around per via vs versus is are was were be been being am have has had having will would "
    "shall should can could may might must do does did not no nor also just only even still already now ago each "
    "every all any both either neither more most less least many much few several some such very too again further "
    "last next first second third year years month months week weeks day days said says say told according while "
    "if unless because though although whether up down out off away back compared including like "
    "ending ended left remaining due worth".split()
)
# The old name, which `quantities/finder.py` still imports.
