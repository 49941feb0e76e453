"""Routine wire notices: results tables, dividend declarations, rate fixings and money-market operations.

A wire service sends thousands of items that are not news stories but instances of a recurring form: one company's
quarterly results table, one board's dividend declaration, one central bank's daily rate fixing or liquidity
operation. They share almost all their words ("Shr ... vs ... / Net ... vs ... / Revs ...") and none of their
subject, so a similarity-based story index lumps hundreds of them, of many issuers, into one "story" spanning months.
``routine_notice`` recognises such an item and gives it a grouping key, ``kind|issuer|period``, so that clustering
can group notices per issuer and period instead.

Kinds (a closed set, ``KINDS``):

- ``earnings``: a results notice for one reporting period (quarter, half, nine months, fiscal year);
- ``dividend``: a dividend declaration (regular, raised, initial, extra, stock dividend, omitted);
- ``rates``: an official rate notice: an exchange-rate fixing, a schedule of discount-note or deposit rates, a
  bill auction or tender result;
- ``money_market``: a central bank's routine money-market operation or forecast (assistance, shortage forecast,
  repurchase agreements, reserve additions, advances).

Recognition works on the mechanism of a notice, never on names: a headline that is a formula (issuer, then only
period, metric or declaration words: "<ISSUER> 1ST QTR NET", "<ISSUER> SETS QUARTERLY DIVIDEND") and a body that is
a table of figures (short labelled lines with "vs" comparisons, "Pay"/"Record" lines) or a very short statement.
A long narrative body is never a notice whatever its headline, and precision matters more than recall: an article
wrongly taken for a notice is pulled out of its story, a missed notice only stays where it would have been anyway.

Periods (``Notice.period``):

- earnings: ``YYYY-Q1``, ``YYYY-Q2``, ``YYYY-Q3``, ``YYYY-FY``: the results release, named by the fiscal quarter
  it closes. A six-month report is the second-quarter release, a nine-month one the third's, a fourth-quarter,
  second-half or annual one the year-end release (``FY``): companies publish the quarter with the year to date,
  often as two wire items ("4TH QTR NET" then "YEAR NET"), and both are one notice. ``YYYY`` names the fiscal
  year as the calendar year holding most of its months (a year to December 1986 is 1986, to September 1987 is
  1987, to January 1987, a retailer's, is 1986). The period is read, in this order, from an explicit year ("1986
  YEAR NET", "YEAR 1986"), from an explicit period end ("1ST QTR FEB 28", "Periods ended January 31": the fiscal
  year ends 3*(4-n) months after the end of quarter n), or else from the publication date: results come out
  after their period, so the period is taken to have ended at the last month end at least two weeks before
  publication (a first-quarter report published in April 1987 is ``1987-Q1``; a fourth-quarter or annual one
  published in March 1987 is ``1986-FY``). On Reuters-21578 reports that give their period's end, leaving the end
  out and using this rule gives the same label for 98.5% (``benchmarks/notices_quality.py``). A quarter with no
  ordinal ("QTR JAN 31 NET") is read as a calendar quarter.
- dividend: the ISO week of publication (``1987-W09``): a board declares one distribution per meeting, and the
  declaration, its repeats and corrections go out within days, while the next regular one is weeks away.
- rates, money_market: the publication day (``1987-03-02``): fixings and operations are daily, and one day's
  forecast, early, further and late operations of a market are one running notice.

A notice whose issuer or period cannot be read is not returned: a key without an issuer or a year would join the
reports of different companies or years, which is the lumping this module exists to prevent.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

KINDS = ("earnings", "dividend", "rates", "money_market")


@dataclass(frozen=True, slots=True)
class Notice:
    """One routine notice: its kind (one of ``KINDS``), normalised issuer and period."""

    kind: str
    issuer: str
    period: str

    def key(self) -> str:
        """The grouping key, ``kind|issuer|period`` (``earnings|acme|1987-Q1``)."""
        return f"{self.kind}|{self.issuer}|{self.period}"


# ---------------------------------------------------------------------------------------------------------------
# Headline tokens. A formula headline is "ISSUER TAIL" where every token of the tail belongs to a small vocabulary
# (periods, metrics, declaration words); anything else in the tail ("SEES", "STRONG", "AFTER") makes it prose.

_ORDINALS = {"1ST": 1, "2ND": 2, "3RD": 3, "4TH": 4, "FIRST": 1, "SECOND": 2, "THIRD": 3, "FOURTH": 4}
_NUMBER_WORDS = {
    "ONE": 1,
    "TWO": 2,
    "THREE": 3,
    "FOUR": 4,
    "FIVE": 5,
    "SIX": 6,
    "SEVEN": 7,
    "EIGHT": 8,
    "NINE": 9,
    "TEN": 10,
    "TWELVE": 12,
    "THIRTEEN": 13,
    "SIXTEEN": 16,
    "TWENTY": 20,
    "FORTY": 40,
}
# Words that name a reporting period by themselves ("YEAR", "QTR", "Q1").
_PERIOD_WORDS = frozenset(
    """QTR QTRS QUARTER QUARTERS QUARTERLY QTRLY HALF YEAR YEAREND YR INTERIM ANNUAL FISCAL CALENDAR FY Q1 Q2 Q3 Q4 H1
    H2 1H 2H""".split()
)
# Units that need a count before them ("SIX MTHS", "12 WKS").
_UNIT_WORDS = frozenset("MTHS MTH MONTHS MONTH MOS WKS WK WEEKS WEEK".split())
_MONTHS = {
    "JAN": 1,
    "JANUARY": 1,
    "FEB": 2,
    "FEBRUARY": 2,
    "MAR": 3,
    "MARCH": 3,
    "APR": 4,
    "APRIL": 4,
    "MAY": 5,
    "JUN": 6,
    "JUNE": 6,
    "JUL": 7,
    "JULY": 7,
    "AUG": 8,
    "AUGUST": 8,
    "SEP": 9,
    "SEPT": 9,
    "SEPTEMBER": 9,
    "OCT": 10,
    "OCTOBER": 10,
    "NOV": 11,
    "NOVEMBER": 11,
    "DEC": 12,
    "DECEMBER": 12,
}
_END_LINKS = frozenset("ENDED ENDING TO THRU THROUGH END ENDS".split())
_QUALIFIERS = frozenset(
    """OPER OPERATING PRIMARY FULLY DILUTED RESTATED PRELIMINARY PRELIM UNAUDITED PRETAX PRE TAX CORRECTED
    REVISED""".split()
)
_METRICS = frozenset("NET LOSS LOSSES PROFIT PROFITS EARNINGS EARNS RESULTS INCOME SHR EPS REVS REVENUES SALES".split())

# Dividend declarations: a verb, qualifiers, a noun ("RAISES QUARTERLY DIVIDEND", "QTLY DIV", "IN PAYOUT").
_DIV_VERBS = frozenset(
    """SETS SET DECLARES DECLARE RAISES UPS HIKES INCREASES BOOSTS LIFTS CUTS LOWERS REDUCES OMITS SUSPENDS RESUMES
    PAYS VOTES APPROVES MAINTAINS RESTORES REINSTATES INITIATES PROPOSES RECOMMENDS MAKES IN""".split()
)
_DIV_QUALIFIERS = frozenset(
    """REGULAR REG INITIAL SPECIAL EXTRA QUARTERLY QTLY QTRLY QTR MONTHLY SEMI SEMIANNUAL ANNUAL INTERIM FINAL CASH
    STOCK PREFERRED PFD COMMON HIGHER LOWER INCREASED REDUCED YEAREND YEAR END CLASS A B LIQUIDATING FIRST""".split()
)
_SPLIT_WORDS = frozenset("SPLIT SPLITS STOCK FOR ONE TWO THREE FOUR FIVE AND".split())
_DIV_NOUNS = frozenset("DIV DIVS DIVIDEND DIVIDENDS PAYOUT PAYOUTS DISTRIBUTION DISTRIBUTIONS".split())
_DIV_AFTER = frozenset(
    "SET DECLARED RAISED UP INCREASED CUT OMITTED UNCHANGED VOTED APPROVED PAID HIKED RESUMED RISES".split()
)

# Words that make the part before the tail a sentence rather than a name: a forecast ("SEES", "EXPECTS"), a report
# about someone ("SAYS"), a movement ("FALLS", "RISES"). With one of them the headline is prose, not a formula.
_PROSE_VERBS = frozenset(
    """SEES SEE SEEN EXPECTS EXPECT EXPECTED SAYS SAY SAID REPORTS REPORTED POSTS POSTED HAS HAD SHOWS FORECASTS
    FORECAST PREDICTS PROJECTS ESTIMATES ANTICIPATES WILL MIGHT COULD SHOULD WOULD BOOST BOOSTS LIFT LIFTS HIT
    HITS FALL FALLS FELL RISE RISES ROSE DROP DROPS JUMP JUMPS SLUMP SLUMPS SOAR SOARS PLUNGE PLUNGES DIP DIPS BEATS
    MISSES IS ARE WAS WERE BE BEEN RAISE RAISES RAISED CUT CUTS LIFTED CLIMB CLIMBS GAIN GAINS DOUBLES TRIPLES UP
    DOWN""".split()
)
# ("MAY" is left out: it is a month and a company name.) Without a ticker to end the name, the words of a clause
# about the company's results or shares also give prose away ("ACME SHARES FALL AFTER WEAK RESULTS", "ACME TO
# POST HIGHER 1986 RESULTS"); a ticker-delimited name may hold them ("... INTEREST SHARES <X>").
_PROSE_WORDS = _PROSE_VERBS | frozenset(
    "TO AFTER DESPITE AMID WHILE BUT SHARES WEAK STRONG RECORD HIGHER LOWER BETTER WORSE".split()
)

_TICKER = re.compile(r"<([^<>]{1,60})>")
# Where a flash's figures start: a figure (not a year) that a "VS" comparison follows, or an amount with its unit.
_FLASH_FIGURES = re.compile(
    r"(?:(?<=SHR)|(?<=NET))\s(?:PROFIT|LOSS)\s(?=[\d.,]*\d)|"  # "SHR LOSS 48 CTS": the sign of the figure
    r"\s(?!(?:19|20)\d\d(?:/\d\d)?\s)[\d.,]*\d(?:\s|$).*\bVS\b|"
    r"\s(?:AT\s|OF\s|TO\s)?[\d.,]*\d\s*(?:CTS?|DLRS?|MLN|BILLION|BLN|PCT|STG|FRANCS|MARKS|YEN|CROWNS|GUILDERS)\b",
    re.IGNORECASE,
)
_HEADLINE_NOISE = re.compile(
    r"^[^\w(<]+|\((?:CORRECTED|CORRECTION|REPEAT|RPT|REVISED|AMENDED)\)|^(?:CORRECTED|CORRECTION|REPEAT|RPT)\s*-\s*",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d\d(?:/(?:\d\d|\d\d\d\d))?$")
_DAY = re.compile(r"^\d{1,2}$")


def _tokens(text: str) -> list[str]:
    """Upper-case headline tokens: hyphens between letters split ("FIRST-QUARTER"), punctuation dropped."""
    text = re.sub(r"(?<=\w)-(?=\w)", " ", text.upper())
    text = re.sub(r"\bYEAR END\b", "YEAREND", text)  # "YEAR END LOSS", "YEAR-END DIVIDEND"
    return [t for t in (re.sub(r"^[^\w/&]+|[^\w/&]+$", "", w) for w in text.split()) if t]


@dataclass(slots=True)
class _Period:
    """What an earnings headline or table says about its period."""

    code: str = ""  # "Q1".."Q4", "Q" (quarter, ordinal unknown), "H1", "H2", "9M", "FY"
    year: int | None = None  # an explicit fiscal year
    end: tuple[int, int, int | None] | None = None  # an explicit period end: month, day, year when given


def _classify(tokens: list[str]) -> str | None:
    """One letter per earnings-tail token, or None when a token is outside the vocabulary.

    O ordinal, N count, P period word, W unit needing a count, Y year, M month, D day, L end link, A "AND",
    Q qualifier, R metric. The letters are then matched by ``_EARN_TAIL``, a grammar of the formula.
    """
    out = []
    for i, tok in enumerate(tokens):
        prev = out[-1] if out else ""
        if tok in _ORDINALS:
            out.append("O")
        elif _YEAR.match(tok):
            out.append("Y")
        elif prev == "M" and _is_day(tok):
            out.append("D")
        elif tok in _MONTHS and i + 1 < len(tokens) and _is_day(tokens[i + 1]):
            out.append("M")
        elif (tok.isdigit() and len(tok) <= 2) or tok in _NUMBER_WORDS:
            out.append("N")
        elif tok in _PERIOD_WORDS:
            out.append("P")
        elif tok in _UNIT_WORDS:
            out.append("W")
        elif tok in _END_LINKS:
            out.append("L")
        elif tok in ("AND", "&"):
            out.append("A")
        elif tok in _QUALIFIERS:
            out.append("Q")
        elif tok in _METRICS:
            out.append("R")
        else:
            return None
    return "".join(out)


# The formula's grammar: qualifiers, then periods ("1ST QTR", "SIX MTHS", "1986 YEAR", "4TH QTR AND YEAR"), an
# optional period end ("FEB 28", "ENDED JAN 31 1987"), a year, qualifiers and metrics ("OPER NET").
_UNIT = r"(?:Y?(?:OP+|NW|P+)Y?)"
_EARN_TAIL = re.compile(rf"^Q*(?:L?MDY?)?(?:{_UNIT}(?:A{_UNIT})*)?(?:L?MDY?)?Y?Q*R*Y?$")


def _earnings_tail(tokens: list[str]) -> tuple[_Period, bool] | None:
    """The period a formula tail names and whether it is strong (a period and a metric), or None if no formula."""
    letters = _classify(tokens)
    if not letters or not _EARN_TAIL.match(letters):
        return None
    has_period = any(c in "PWY" for c in letters)
    has_metric = "R" in letters
    if not (has_period or has_metric):
        return None
    period = _Period()
    for i, (tok, c) in enumerate(zip(tokens, letters, strict=True)):
        if c == "Y" and period.year is None:
            period.year = _fiscal_year_token(tok)
        elif c == "M":
            year = _fiscal_year_token(tokens[i + 2]) if letters[i + 2 : i + 3] == "Y" else None
            period.end = (_MONTHS[tok], _day(tokens[i + 1]), year)
        elif not period.code and c in "OPW":
            period.code = _period_code(tokens, letters, i)
    if not period.code and period.year is not None:
        period.code = "FY"  # "NESTLE 1986 NET", "ESSELTE 1986 RESULTS": a bare year is the year's results
    return period, has_period and has_metric


def _is_day(tok: str) -> bool:
    """A day of the month as wires write it: "28", or a number word ("FEB ONE", "APRIL THREE")."""
    if _DAY.match(tok):
        return 1 <= int(tok) <= 31
    return _NUMBER_WORDS.get(tok, 0) in range(1, 32)


def _day(tok: str) -> int:
    return int(tok) if tok.isdigit() else _NUMBER_WORDS[tok]


def _fiscal_year_token(tok: str) -> int:
    """'1986' -> 1986; '1986/87' -> 1986: a split fiscal year is named after its first year, as ``_fiscal_name``
    names a year ending in its first five months (where most split years end: March)."""
    return int(tok.split("/")[0])


def _period_code(tokens: list[str], letters: str, i: int) -> str:
    """The code of the period unit starting at token i ("1ST QTR" -> Q1, "SIX MTHS" -> H1, "YEAR" -> FY)."""
    tok = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if letters[i] == "O":
        n = _ORDINALS[tok]
        if nxt == "HALF":
            return "H1" if n == 1 else "H2"
        return f"Q{n}"
    if letters[i] == "W":  # a unit whose count came before it, e.g. "NINE MTHS", "16 WKS"
        count = tokens[i - 1]
        n = int(count) if count.isdigit() else _NUMBER_WORDS.get(count, 0)
        return _weeks_code(n) if tok.startswith("W") else _months_code(n)
    if tok in ("Q1", "Q2", "Q3", "Q4"):
        return tok
    if tok in ("H1", "1H"):
        return "H1"
    if tok in ("H2", "2H"):
        return "H2"
    if tok in ("QTR", "QTRS", "QUARTER", "QUARTERS", "QUARTERLY", "QTRLY"):
        return "Q"
    if tok in ("HALF", "INTERIM"):
        return "H1"  # an interim report is the first half's
    return "FY"  # YEAR, YR, ANNUAL, FISCAL, CALENDAR, FY


def _months_code(months: int) -> str:
    """'THREE MTHS' -> Q, 'SIX MTHS' -> H1, 'NINE MTHS' -> 9M, '12 MTHS' -> FY; other spans name no period."""
    return {3: "Q", 6: "H1", 9: "9M", 12: "FY"}.get(months, "")


def _weeks_code(weeks: int) -> str:
    """Retailers' 12/16/24/28/36/40/52-week periods, to the nearest quarter, half, nine months or year."""
    if weeks <= 17:
        return "Q"
    if weeks <= 28:
        return "H1"
    if weeks <= 41:
        return "9M"
    return "FY"


def _dividend_tail(tokens: list[str]) -> bool:
    """Whether the tail is a declaration formula: "SETS QUARTERLY", "QTLY DIV", "RAISES PAYOUT", "DIVIDEND SET"."""
    if not tokens:
        return False
    vocab = _DIV_VERBS | _DIV_QUALIFIERS | _DIV_NOUNS | _DIV_AFTER
    has_noun = any(t in _DIV_NOUNS for t in tokens)
    # A split declared with the dividend ("SETS SPLIT, UPS PAYOUT") is the same board notice; a split alone is not
    # a dividend.
    if has_noun:
        vocab = vocab | _SPLIT_WORDS
    if any(t not in vocab and not re.match(r"^\d+(?:/\d+)?$", t) for t in tokens):
        return False
    if has_noun:
        return True
    # Wire shorthand drops the noun: "SETS QUARTERLY", "RAISES QUARTERLY".
    return tokens[0] in _DIV_VERBS and tokens[-1] in ("QUARTERLY", "QTLY", "QTRLY", "MONTHLY", "EXTRA", "REGULAR")


@dataclass(slots=True)
class _Headline:
    """A formula headline split into issuer and tail."""

    issuer: str  # raw issuer text, not yet normalised
    kind: str  # "earnings", "dividend", or "" when only the body can tell (a ticker, then prose)
    strong: bool  # a period and a metric (earnings) or a full declaration (dividend)
    period: _Period | None = None
    ticker: bool = False


_PAREN_NAME = re.compile(r"^\(([^()]{2,60})\)")
_PAREN_TICKER = re.compile(r"(?<=\w)\s*\(([A-Z0-9.]{1,8})\)")


def _clean_headline(title: str, *, cut_figures: bool = True) -> str:
    title = " ".join(title.split())
    title = _HEADLINE_NOISE.sub(" ", title).strip()
    # Some desks bracket with parentheses: "(ACME INC) YEAR NET", "ACME (ACM) SETS PAYOUT".
    title = _PAREN_NAME.sub(r"<\1>", title)
    title = _PAREN_TICKER.sub(r" <\1>", title)
    title = re.sub(r"\s+-\s+(?:CORRECTED|CORRECTION|REUTERS?)$", "", title, flags=re.IGNORECASE)
    # A results flash carries its figures in the headline ("ACME 1986 NET 1.2 MLN DLRS VS 900,000"): the formula
    # ends at the first figure after the metric.
    cut = _FLASH_FIGURES.search(title) if cut_figures else None
    if cut:
        title = title[: cut.start()]
    return " ".join(title.replace("<", " <").replace(">", "> ").split())


def _split_ticker(title: str) -> tuple[str, str, bool]:
    """(issuer text, tail text, whether a ticker marked the split).

    Wire headlines mark a listed company as "NAME <TICKER> rest" and an unlisted one as "<NAME> rest": a bracketed
    token after some text is a ticker (dropped, and it ends the issuer), a bracketed token that opens the headline
    is the name itself.
    """
    m = _TICKER.search(title)
    if not m:
        return "", title, False
    before = title[: m.start()].strip()
    if before:
        return before, title[m.end() :].strip(), True
    return m.group(1).strip(), title[m.end() :].strip(), True


def _parse_headline(title: str) -> _Headline | None:
    title = _clean_headline(title)
    if not title:
        return None
    issuer, tail, ticker = _split_ticker(title)
    if ticker:
        tail_tokens = _tokens(_TICKER.sub(" ", tail))
        # The legal form sometimes follows the ticker ("FIRST BANK <FBK> CORP 3RD QTR LOSS"): it is the name's.
        while tail_tokens and tail_tokens[0].lower() in _LEGAL_SUFFIXES:
            tail_tokens = tail_tokens[1:]
        found = _read_tail(issuer, tail_tokens, ticker=True)
        if found is None and _issuer_like(issuer, ticker=True):
            # "NAME <TICKER> something else": the issuer is known, and only a results or declaration table in
            # the body can make the item a notice.
            found = _Headline(issuer, "", False, None, True)
        return found
    tokens = title.split()
    # No ticker: the issuer is the shortest head whose rest is a formula tail (the longest tail is tried first, so
    # "FIRST UNION 1ST QTR NET" splits after "UNION"); at least one word stays for the issuer.
    for cut in range(1, len(tokens)):
        head = tokens[:cut]
        found = _read_tail(" ".join(head), _tokens(" ".join(tokens[cut:])), ticker=False)
        if found:
            return found
    return None


def _read_tail(issuer: str, tail: list[str], *, ticker: bool) -> _Headline | None:
    if not issuer or not _issuer_like(issuer, ticker=ticker):
        return None
    if not tail:
        # "NAME <TICKER>" alone says nothing of what the item is; the body decides.
        return _Headline(issuer, "", False, None, ticker) if ticker else None
    if _dividend_tail(tail):
        return _Headline(issuer, "dividend", True, None, ticker)
    found = _earnings_tail(tail)
    if found:
        period, strong = found
        return _Headline(issuer, "earnings", strong, period, ticker)
    return None


def _issuer_like(text: str, *, ticker: bool = False) -> bool:
    """A name, not a clause: at most ten words and none of the words that make a sentence of it."""
    toks = _tokens(text)
    prose = _PROSE_VERBS if ticker else _PROSE_WORDS
    if not ticker and re.search(r"[\"“”‘%$£€:]|(?:^|\s)'", text):
        return False  # quotation marks and amounts ("'great year'", "$54m", "8.1%") belong to sentences, not names
    return 0 < len(toks) <= 10 and not any(t in prose for t in toks)


# ---------------------------------------------------------------------------------------------------------------
# Issuer normalisation.

# Legal-form words, which wires add and drop at will ("ACME CORP <ACM>", "Acme Inc", "<ACME CO LTD>").
_LEGAL_SUFFIXES = frozenset(
    """corp corporation inc incorporated co cos company companies ltd limited plc llc lp ag sa nv bv ab asa as oy
    oyj spa gmbh kk pty bhd se""".split()
)


def normalise_issuer(name: str) -> str:
    """Lower case, ticker and punctuation dropped, legal-form words stripped from the end.

    The same company is written "ACME CORP <ACM>", "Acme Corp." and "<ACME CO LTD>" across its items; keys must meet,
    so the legal form (which wires drop and add at will) and punctuation go, and "&" reads as "and".
    """
    name = _TICKER.sub(lambda m: " " if name[: m.start()].strip() else m.group(1), name)
    name = name.lower().replace("&", " and ")
    name = re.sub(r"(?<=\w)['’]s\b", "s", name)  # "ALBERTSON'S" and "ALBERTSONS" meet
    name = re.sub(r"(?<=\b\w)\.(?=\w\b)", "", name)  # "U.S." -> "us", "N.Y." -> "ny"
    words = re.sub(r"[^\w]+", " ", name).split()
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and (words[-1] in _LEGAL_SUFFIXES or words[-1] == "and"):
        words = words[:-1]
    return " ".join(words)


# ---------------------------------------------------------------------------------------------------------------
# Bodies: how much of it is a table.

_FIGURE = r"(?:\d[\d,]*(?:\.\d+)?(?:-\d+/\d+)?|\d+/\d+|one|two|three|four|five|six|seven|eight|nine|ten|nil|zero)"
_VS = re.compile(rf"\b{_FIGURE}\b.*?\b(?:vs\.?|versus|against)\s+(?:\w+\s+)?(?:profit\s+|loss\s+)?{_FIGURE}", re.I)
_BRACKETED = re.compile(rf"{_FIGURE}.*\(\s*{_FIGURE}[^)]*\)", re.I)
_HAS_FIGURE = re.compile(rf"\b{_FIGURE}\b", re.I)
_DIGIT = re.compile(r"\d")
# Row labels of a results table: per-share figures, net, revenues, and their operating/diluted variants.
_EARN_LABEL = re.compile(
    r"^(?:oper(?:ating)?\s+|primary\s+|fully\s+diluted\s+|diluted\s+|basic\s+|group\s+|net\s+)?"
    r"(?:shr|shrs|share|net|revs?|revenues?|sales|income|profits?|loss|earnings|turnover|avg\s+shrs|"
    r"per\s+shr|eps|pretax|pre-tax|gross|operating|tax|extraordinary|assets|deposits|loans)\b",
    re.I,
)
# Section headings inside a results table: "Year", "Nine mths", "Qtr ended Jan 31", "Periods ended March 31".
_HEADING = re.compile(
    r"^(?:year|qtr|quarter|fourth\s+quarter|(?:three|six|nine|twelve|\d{1,2})\s+(?:mths|months|wks|weeks)|"
    r"(?:1st|2nd|3rd|4th|first|second|third|fourth)\s+(?:qtr|quarter|half)|(?:first|second)\s+half|"
    r"periods?\s+ended|(?:qtr|year|quarter|half)\s+(?:ended|to|ending))\b[^.]{0,40}$",
    re.I,
)
# Rows of a declaration: the amount ("Qtly div 15 cts vs 15 cts prior"), the pay and record dates.
_DIV_QUAL = (
    r"(?:qtly|qtrly|quarterly|monthly|mthly|semi|semi-annual|semiannual|annual|extra|special|initial|interim|final|"
    r"regular|reg|cash|stock|year-end|liquidating)"
)
_DIV_LABEL = re.compile(
    rf"^(?:(?:{_DIV_QUAL}\s+)+(?:div|divs|dividend|dist|distribution|payout)?|(?:div|divs|dividend|dist|distribution|payout))"
    r"\b.*?\b(?:\d[\d.,/-]*|one|two|three|four|five|six|seven|eight|nine|ten)\b.*\b(?:cts?|dlrs?|pct|pence|p|cents?)\b",
    re.I,
)
# A declaration row may also open with the frequency alone ("Qtrly 25 cts vs 16 cts").
_DIV_WORD = re.compile(r"^(?:qtly|qtrly|quarterly|monthly|semi|annual|extra|special|initial|div|dividend)\b", re.I)
_PAY = re.compile(r"^(?:pay|payable|paid|payment)\b", re.I)
_RECORD = re.compile(r"^record\b", re.I)
# A row of a rate schedule or fixing: a percentage, a bid/offer pair ("773.05/776.92"), a bracketed prior rate.
_RATE_ROW = re.compile(r"\d[\d.,]*\s*(?:pct|%)|\d+\.\d+\s*/\s*\d+(?:\.\d+)?|\(\s*\d[\d.]*\s*\)", re.I)
# The wire's sign-off and the placeholder body of a flash, which are no part of the text.
_SIGN_OFF = re.compile(r"^(?:reuters?|blah blah blah\.?|-+|\*+)$", re.I)
_NOTE = re.compile(r"^notes?\b", re.I)
# Forecast words: "X sees first-quarter loss" is news about a coming report, not the report.
_FORWARD = re.compile(
    r"\b(?:expects?|expected|anticipates?|forecasts?|predicts?|projects?|projected|estimates?|will|would|sees)\b",
    re.I,
)
_RESULT_WORDS = re.compile(r"\b(?:net|profit|loss|earnings|income|revenues?|sales|shr|share)\b", re.I)
_WORDS = re.compile(r"[^\W_]+")


@dataclass(slots=True)
class _Body:
    """Counts over a body's lines (sign-offs dropped, table notes after "NOTE" left out of the table share)."""

    words: int = 0
    lines: int = 0  # lines before any NOTE
    earn_rows: int = 0  # labelled result rows with a figure
    vs_rows: int = 0  # rows comparing two figures ("vs", "versus", a bracketed prior figure)
    div_rows: int = 0
    pay_rows: int = 0
    record_rows: int = 0
    rate_rows: int = 0
    table_rows: int = 0  # lines that are any of the above
    sentences: int = 0
    quotes: bool = False
    forward: bool = False
    results_words: bool = False
    figures: bool = False
    pay_words: bool = False  # "payable", "record", "distributed": a declaration's dates
    first_end: tuple[int, int, int | None] | None = None  # "Periods ended January 31" in the table
    heading_code: str = ""  # the period the first table heading names ("Nine mths" -> 9M)
    heading_year: int | None = None  # and its year, when it gives one ("Year 1986")

    @property
    def table_share(self) -> float:
        return self.table_rows / self.lines if self.lines else 0.0

    def earnings_table(self, comparisons: int = 1) -> bool:
        """Labelled result rows ("Shr", "Net", "Revs") make most of the lines: the results-table form.

        ``comparisons`` is how many rows must compare two figures ("vs", a bracketed prior figure): under a
        formula headline a first report's table may have none; without one, comparisons are what tell a results
        table from any list of figures.
        """
        return self.earn_rows >= 2 and self.vs_rows >= comparisons and self.table_share >= 0.6

    def dividend_table(self) -> bool:
        # An amount row plus a pay or record row: the declaration form. Prose mentioning "payable" does not count
        # here (it is a line of a sentence, not a row beginning with the label).
        return self.div_rows >= 1 and (self.pay_rows + self.record_rows) >= 1 and self.table_share >= 0.6

    def rates_table(self) -> bool:
        # Several maturities or currencies in rows: a schedule, whatever prose introduces it ("as follows:").
        return self.rate_rows >= 3 and self.table_share >= 0.5

    def short_statement(self, limit: int = 90) -> bool:
        """A few sentences with no quotes: the prose form of a notice ("X said its board declared ...")."""
        return 0 < self.words <= limit and self.sentences <= 4 and not self.quotes

    def empty(self) -> bool:
        return self.words == 0


def _logical_lines(text: str) -> list[str]:
    """The body's rows and paragraphs, with wrapped lines joined back.

    Wire copy is wrapped at a fixed width, so a sentence spans several physical lines and a long table row
    ("Consolidated net turnover 6.68 billion vs 6.40 / billion") may too. Where the copy marks paragraphs and rows
    by indentation, an unindented line continues the one before; elsewhere a line that starts in lower case does.
    Prose then reads as long lines, and only real rows stay short.
    """
    raw = [line.rstrip() for line in text.splitlines()]
    indented = sum(1 for line in raw if line[:1].isspace() and line.strip())
    out: list[str] = []
    for line in raw:
        stripped = line.strip()
        if not stripped:
            if indented < 2 and out and out[-1]:
                out.append("")  # a blank line ends a paragraph
            continue
        starts_lower = stripped[:1].islower()
        continues = (indented >= 2 and not line[:1].isspace()) or starts_lower
        if out and out[-1] and continues and not _SIGN_OFF.match(stripped):
            out[-1] = f"{out[-1]} {stripped}"
        else:
            out.append(stripped)
    return [line for line in out if line and not _SIGN_OFF.match(line)]


def _read_body(text: str, title: str | None) -> _Body:
    """Count the body's rows of each kind, its words and sentences, and read a period end from its headings."""
    body = _Body()
    lines = _logical_lines(text)
    # A flash repeats its headline as the body's first line ("******ACME 1986 NET ..."); that is not body text.
    if lines and title and lines[0].lstrip("*").strip().upper() == title.strip().upper():
        lines = lines[1:]
    prose = " ".join(lines)
    body.words = len(_WORDS.findall(prose))
    body.sentences = len(re.findall(r"[.!?](?:\s|$)", prose))
    body.quotes = '"' in prose or "“" in prose
    body.forward = bool(_FORWARD.search(prose))
    body.results_words = bool(_RESULT_WORDS.search(prose))
    body.figures = bool(_DIGIT.search(prose))
    body.pay_words = bool(re.search(r"\b(?:payable|pay|paid|record|distributed|distribution)\b", prose, re.I))
    for line in lines:
        if _NOTE.match(line):
            break  # the table's footnotes are prose by nature
        body.lines += 1
        is_row = False
        if _HEADING.match(line) and len(line) <= 50:
            is_row = True
            if body.first_end is None:
                body.first_end = _end_in(line)
            if not body.heading_code:
                found = _heading_period(line)
                body.heading_code, body.heading_year = (found.code, found.year) if found else ("", None)
        short = len(line.split()) <= 12
        vs = short and bool(_VS.search(line) or _BRACKETED.search(line))
        if vs:
            body.vs_rows += 1
            is_row = True
        if short and _EARN_LABEL.match(line) and _HAS_FIGURE.search(line):
            body.earn_rows += 1
            is_row = True
        if short and (_DIV_LABEL.match(line) or (_DIV_WORD.match(line) and _DIGIT.search(line))):
            body.div_rows += 1
            is_row = True
        if short and _PAY.match(line):
            body.pay_rows += 1
            is_row = True
        if short and _RECORD.match(line):
            body.record_rows += 1
            is_row = True
        if short and _RATE_ROW.search(line):
            body.rate_rows += 1
            is_row = True
        body.table_rows += is_row
    return body


_END_IN = re.compile(
    r"\b(?:ended|ending|to|thru|through)\s+([A-Za-z]+)\.?\s+(\d{1,2})(?:,?\s+((?:19|20)\d\d))?\b", re.IGNORECASE
)


def _end_in(line: str) -> tuple[int, int, int | None] | None:
    m = _END_IN.search(line)
    if not m or m.group(1).upper() not in _MONTHS or not 1 <= int(m.group(2)) <= 31:
        return None
    return _MONTHS[m.group(1).upper()], int(m.group(2)), int(m.group(3)) if m.group(3) else None


def _heading_period(line: str) -> _Period | None:
    """The period a table heading names ("Nine mths" -> 9M, "Qtr ended Jan 31" -> Q, "Year 1986" -> FY 1986)."""
    toks = _tokens(line)
    head = list(itertools.takewhile(lambda t: t not in _END_LINKS, toks))
    found = _earnings_tail(head) if head else None
    return found[0] if found and found[0].code else None


# ---------------------------------------------------------------------------------------------------------------
# Periods.

# Months from the end of a period to the end of its fiscal year.
_TO_YEAR_END = {"Q1": 9, "Q2": 6, "Q3": 3, "Q4": 0, "H1": 6, "H2": 0, "9M": 3, "FY": 0}
# The release a period belongs to: companies publish a quarter with the year to date (often as two wire items,
# "2ND QTR NET" and "SIX MTHS NET", or "4TH QTR NET" and "YEAR NET"), and an analyst calls that one notice.
_RELEASE = {"Q1": "Q1", "Q2": "Q2", "H1": "Q2", "Q3": "Q3", "9M": "Q3", "Q4": "FY", "H2": "FY", "FY": "FY"}
# A period with no end in its text is taken to have ended at the last month end this many days or more before
# publication: no report comes out sooner, and most come out within weeks.
_REPORT_LAG_DAYS = 14


def _fiscal_name(year: int, month: int) -> int:
    """The name of a fiscal year ending in ``month`` of ``year``: the calendar year holding most of its months.

    So a year to December 1986 is 1986, to September 1987 is 1987, and to January 1987 (retailers) or March 1987
    is 1986, as those companies name them. A year ending in June takes its end year.
    """
    return year if month >= 6 else year - 1


def _parse_date(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + months
    return total // 12, total % 12 + 1


def _earnings_period(period: _Period, published: dt.date | None) -> str | None:
    """``YYYY-Q1``/``Q2``/``Q3``/``FY`` for the release, named by its fiscal year (see the module docstring)."""
    code = period.code or "Q"
    if period.year is not None and code != "Q":
        return f"{period.year}-{_RELEASE[code]}"
    if period.end is not None:
        month, day, year = period.end
        if year is None:
            if published is None:
                return None
            # A results notice comes after its period: the end is the latest such day on or before publication.
            year = published.year
            if dt.date(year, month, min(day, 28)) > published:
                year -= 1
    elif published is not None:
        estimate = published - dt.timedelta(days=_REPORT_LAG_DAYS)
        year, month = _add_months(estimate.year, estimate.month, -1)
        if _month_end(estimate.year, estimate.month) <= estimate:
            year, month = estimate.year, estimate.month
        if code == "Q":  # no ordinal either: the calendar quarter that ended last
            year, month = _add_months(year, month, -(month % 3))
    else:
        return None
    if code == "Q":
        # A quarter without an ordinal ("QTR JAN 31 NET", "THREE MTHS"): read as a calendar quarter.
        quarter = (month - 1) // 3 + 1
        return f"{year}-{'FY' if quarter == 4 else f'Q{quarter}'}"
    end_year, end_month = _add_months(year, month, _TO_YEAR_END[code])
    return f"{_fiscal_name(end_year, end_month)}-{_RELEASE[code]}"


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


# ---------------------------------------------------------------------------------------------------------------
# Rates and money-market operations: market-wide notices, keyed by the market or institution named.

# A money-market notice reports an operation or a liquidity forecast, in the few phrasings central banks' notices
# take: the market "given"/"offered" help or assistance, a shortage or deficit "forecast"/"revised", reserves
# "added"/"drained", repurchase agreements or matched sales "set", advances or a repurchase tender allotted.
_MM_OPERATION = re.compile(
    r"\b(?:GIVEN|GETS|RECEIVES|OFFERED|OFFERS|PROVIDES)\b.*\b(?:ASSISTANCE|HELP|FACILITIES)\b|"
    r"\b(?:SHORTAGE|DEFICIT|SURPLUS)\b.*\b(?:FORECAST|REVISED|ESTIMATED)\b|"
    r"\b(?:ADDS?|DRAINS?|SUPPLIES)\b.*\bRESERVES\b|"
    r"\b(?:REPURCHASES?|REPURCHASE AGREEMENTS?|REPURCHASE PACT|REPURCHASE TENDER|REPOS?|RPS|MATCHED SALES?)\b|"
    r"\bADVANCES\b"
)
# Who runs such operations: a money market, a central or reserve bank, the Fed, a treasury.
_MM_ACTOR = re.compile(
    r"\b(?:MONEY MARKETS?|FED|FEDERAL RESERVE|BUNDESBANK|CENTRAL BANK|RESERVE BANK|BANK OF [A-Z]+|TREASURY)\b"
)
# A rate notice names a money price: a currency's or gold's fixing, an official exchange rate, the rates of a
# schedule of bills, notes or deposits, an auction's or tender's average and stop.
_MONEY_PRICE = re.compile(
    r"\b(?:DOLLAR|DLR|MARKS?|DM|YEN|STERLING|STG|FRANCS?|LIRA|GUILDERS?|CURRENCY|CURRENCIES|EXCHANGE|GOLD|SILVER|"
    r"T-BILLS?|BILLS?|NOTES?|BONDS?|CDS?|DEPOSITS?|DISCOUNT|INTERBANK)\b"
)
_RATE_FORM = re.compile(
    r"\b(?:RATES?|FIXED|FIXING|FIXES|YIELDS?)\b.*\b(?:SET|SETS|FIXED|UNCHANGED|ADJUSTS|ADJUSTED|CHANGES|CHANGED|"
    r"AVERAGES?|AVERAGED|AT|RISES?|FALLS?|ROSE|FELL)\b|"
    r"\b(?:SETS|ADJUSTS|CHANGES|FIXES)\b.*\b(?:RATES?|FIXING)\b|"
    r"\b(?:FIXED|FIXING)\b|"
    r"\b(?:T-BILLS?|BILLS?|NOTES?|BONDS?)\b.*\b(?:TENDER|AUCTION|AVERAGES?|STOP)\b|"
    r"\b(?:TENDER|AUCTION)\b.*\b(?:T-BILLS?|BILLS?|NOTES?|BONDS?)\b|"
    r"\bSELLS\b.*\b(?:T-BILLS?|BILLS?|NOTES?|BONDS?)\b.*\bPCT\b"
)
# What makes a headline news rather than a notice: someone speaking or predicting, a decision being taken (a policy
# or lending rate moved, a currency devalued: followed, commented and imitated for days), a tender for goods or
# shares (commodity purchases, takeover bids), a bond's new-issue terms.
_MARKET_NEWS = re.compile(
    r"\b(?:SAYS|SAY|SAID|SEES|SEE|URGES|WANTS|READY|WILL|SHOULD|COULD|MAY|MIGHT|WOULD|FORECASTS|PREDICTS?|HARD|"
    r"REJECTS|VOTES|SEEKS?|SEEKING|ASKS|FAILS|CONFIDENT|OPPOSES|DECLINES|"
    r"CUTS?|RAISES?|LOWERS?|HIKES?|INCREASES?|INCREASED|REDUCES?|LIFTS|BOOSTS|BASE|PRIME|LENDING|DISCOUNT RATE|"
    r"DEVALUES?|DEVALUATION|REVALUES?|INTERVENES?|INTERVENTION|POLICY|POLICIES|"
    r"OFFER|SHARES|TONNES|WHEAT|SUGAR|OIL|CORN|COUPON|EUROBOND|WARRANT|ISSUE)\b"
)
# Attribution tails and "SAYS IT" say who published the notice, not that it is a statement.
_ATTRIBUTION = re.compile(r"(?:[,-]\s*(?:[A-Z][A-Z.' ]{1,30}\s+SAYS?|OFFICIAL|TRADERS?|DEALERS))+\s*$|\bSAYS IT\b")
_SUBJECT_END = re.compile(
    r"\b(?:GIVEN|GETS|RECEIVES|OFFERED|OFFERS|PROVIDES|ADDS?|SETS|SET|DRAINS|BUYS|SELLS|EXPECTED|DEFICIT|SHORTAGE|"
    r"SURPLUS|FIXED|FIXES|FIXING|LEAVES|ADJUSTS|CHANGES|AVERAGES?|RISES?|ROSE|FALLS?|FELL|UNCHANGED|TOTAL|TOTALS|AT|"
    r"IN|TO|DOES|NOT|TOP|RATES?|ALLOCATES|ALLOTS|ACCEPTS|INJECTS|YIELDS?|AUCTION|TENDER)\b"
)


def _market_headline(title: str) -> str:
    # A rate notice's figures are part of its formula ("SELLS 3-MO BILLS AT 5.47 PCT"): they stay.
    upper = " ".join(_clean_headline(title, cut_figures=False).upper().split())
    return _ATTRIBUTION.sub(" ", upper).strip()


def _subject(headline: str) -> str:
    """The headline's subject: the words before its first verb or operation word, normalised."""
    m = _SUBJECT_END.search(headline)
    head = headline[: m.start()] if m else ""
    head = re.sub(r"\b\d[\d.,]*\s+(?:MLN|BILLION|BLN)\s+\w+(?:\s+OF)?\b", " ", head)  # an amount, not a name
    head = re.sub(r"\b(?:AVERAGE|NO INTERVENTION|NEW|WEEKLY|DAILY)\b|\b\d[\d.,]*\b|,", " ", head)
    return normalise_issuer(head)


def _market_notice(title: str, body: _Body, published: dt.date | None) -> Notice | None:
    """A rate fixing or a money-market operation: a formula headline of that trade and a short or tabular body."""
    # Market notices are a few sentences or a schedule, never quote anyone, and are keyed by their day.
    if published is None or body.quotes or body.words > 150:
        return None
    headline = _market_headline(title)
    if not headline or _MARKET_NEWS.search(headline):
        return None
    # No forecast test: a liquidity notice is a forecast by trade ("shortage forecast at 500 mln stg").
    short = body.empty() or body.short_statement(120) or body.rates_table()
    if not short:
        return None
    if _MM_OPERATION.search(headline) and _MM_ACTOR.search(headline):
        kind = "money_market"
    elif _MONEY_PRICE.search(headline) and _RATE_FORM.search(headline):
        kind = "rates"
    else:
        return None
    subject = _subject(headline)
    return Notice(kind, subject, published.isoformat()) if subject else None


# ---------------------------------------------------------------------------------------------------------------


def routine_notice(title: str | None, text: str, published: str | None) -> Notice | None:
    """The routine notice an item is, or None when it is not one (a news story, a feature, anything in doubt).

    ``title`` is the headline (None when unknown: then a first line that reads as a formula headline is taken for
    it), ``text`` the body, ``published`` the publication day as ``YYYY-MM-DD`` or None.
    """
    text = text or ""
    if not title or not title.strip():
        first, _, rest = text.strip().partition("\n")
        first = first.lstrip("*").strip()
        if 0 < len(first) <= 120 and _parse_headline(first):
            title, text = first, rest
    day = _parse_date(published)
    body = _read_body(text, title)
    # Long prose is a story, whatever its headline says: a notice is a table of a dozen rows or a few sentences
    # (Reuters-21578 results tables with their notes stay under 150 words but for a few long ones, which are still
    # mostly rows); past 400 words nothing is a routine notice.
    if body.words > 400 or (body.words > 150 and body.table_share < 0.5):
        return None
    headline = _parse_headline(title) if title else None
    if headline is None and title:
        return _table_under_prose(title, body, day) or _market_notice(title, body, day)
    if headline is None:
        return None
    issuer = normalise_issuer(headline.issuer)
    if not issuer:
        return None
    kind = headline.kind
    if kind == "dividend":
        # Declarations are told in the future tense ("will be payable April 1"): no forecast test here.
        ok = body.dividend_table() or body.empty() or (body.short_statement() and body.pay_words)
        if not ok or day is None:
            return None
        return Notice("dividend", issuer, _iso_week(day))
    period = headline.period
    if kind == "earnings" and period is not None:
        if headline.strong:
            ok = body.earnings_table(comparisons=0) or body.empty() or _short_results(body)
        else:
            # A weak formula ("ACME <ACM> NET", "ACME <ACM> 1ST QTR") is only a notice when the body is the table.
            ok = body.earnings_table(comparisons=1)
        if not ok:
            return None
        if not period.code and body.heading_code:
            period.code, period.year = body.heading_code, period.year or body.heading_year
        if period.end is None and period.year is None and body.first_end is not None:
            period.end = body.first_end
        label = _earnings_period(period, day)
        return Notice("earnings", issuer, label) if label else None
    # "NAME <TICKER>" with nothing formulaic after it: a table alone decides.
    if body.earnings_table(comparisons=2) and not body.forward:
        period = _Period(code=body.heading_code, year=body.heading_year, end=body.first_end)
        label = _earnings_period(period, day) if period.code else None
        return Notice("earnings", issuer, label) if label else None
    if body.dividend_table() and day is not None:
        return Notice("dividend", issuer, _iso_week(day))
    return None


def _table_under_prose(title: str, body: _Body, day: dt.date | None) -> Notice | None:
    """A full results table under a prose headline ("ACME reports sharp profit rise"): the body is the notice.

    Some desks put a sentence over the standard table. The table must then be unmistakable (three comparisons,
    70% of the lines rows, a period heading) and the issuer is the headline's opening name, before its verb.
    """
    if not (body.earnings_table(comparisons=3) and body.table_share >= 0.7 and body.heading_code) or body.forward:
        return None
    words = _clean_headline(title).split()
    # The name ends at the first verb, metric or period word ("ACME NET PROFIT LOWER", "ACME PRE-TAX FALLS").
    stop = _PROSE_WORDS | _METRICS | _QUALIFIERS | _PERIOD_WORDS | _ORDINALS.keys()
    head = list(itertools.takewhile(lambda w: bool(_tokens(w)) and _tokens(w)[0] not in stop, words))
    if not 0 < len(head) < len(words) or len(head) > 5 or not _issuer_like(" ".join(head)):
        return None
    issuer = normalise_issuer(" ".join(head))
    label = _earnings_period(_Period(code=body.heading_code, year=body.heading_year, end=body.first_end), day)
    return Notice("earnings", issuer, label) if issuer and label else None


def _short_results(body: _Body) -> bool:
    """A results notice told in one or two sentences ("X said first quarter net rose to ..."), not a forecast."""
    return body.short_statement() and body.results_words and body.figures and not body.forward
