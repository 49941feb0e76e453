"""Routine wire notices on invented items in the wire's shapes: results tables, dividend declarations, rate fixings
and money-market operations are notices with a per-issuer, per-period key; news about profits, sports and weather
tables are not."""

from __future__ import annotations

import pytest

from storyline.cluster.notices import KINDS, Notice, normalise_issuer, routine_notice

RESULTS_TABLE = """Shr 14 cts vs 11 cts
    Net 1,204,000 vs 955,000
    Revs 22.4 mln vs 19.8 mln
 Reuter
"""

YEAR_END_TABLE = """Shr loss 31 cts vs profit 12 cts
    Net loss 2,310,000 vs profit 880,000
    Revs 41.7 mln vs 44.0 mln
    Year
    Shr loss 18 cts vs profit 52 cts
    Net loss 1,340,000 vs profit 3,810,000
    Revs 170.2 mln vs 168.9 mln
    NOTE: Fourth quarter net loss includes a charge of 1.9 mln dlrs
for the closing of a plant.
 Reuter
"""

DIVIDEND_TABLE = """Qtly div 42 cts vs 42 cts prior
    Pay April 15
    Record March 31
 Reuter
"""

PROFITS_STORY = (
    "Shares in Zentrix Marine fell 14 percent on Tuesday after the boat builder reported weaker than expected "
    "first-quarter results and said its chief executive, Dana Kovac, would step down at the end of the month.\n\n"
    "Net profit fell to 1.2 million dollars, or 14 cents a share, from 2.9 million dollars a year earlier, as "
    "revenue slipped 8 percent to 22.4 million dollars. Analysts had expected 21 cents a share.\n\n"
    '"This was a disappointing quarter, and the board felt a change of leadership was needed," chairman Lena '
    "Marsh told reporters. The company also cut its full-year forecast, blaming higher resin prices and weak "
    "demand from rental fleets in the south.\n\n"
    "Kovac, who joined the company in 2011, will be replaced on an interim basis by finance director Omar Reyes. "
    "The shares have lost a third of their value since January, and two brokers lowered their price targets."
)


# --- earnings -------------------------------------------------------------------------------------------------


def test_a_results_table_under_a_formula_headline_is_an_earnings_notice() -> None:
    notice = routine_notice("ZENTRIX MARINE CORP <ZMX> 1ST QTR NET", RESULTS_TABLE, "1987-04-21")
    assert notice == Notice("earnings", "zentrix marine", "1987-Q1")
    assert notice.key() == "earnings|zentrix marine|1987-Q1"


def test_a_fourth_quarter_loss_with_the_year_is_the_year_end_release() -> None:
    notice = routine_notice("HOLLOWAY PUMP INC <HPI> 4TH QTR LOSS", YEAR_END_TABLE, "1987-02-24")
    assert notice == Notice("earnings", "holloway pump", "1986-FY")


def test_the_quarter_and_the_year_to_date_sent_as_two_items_share_their_key() -> None:
    quarter = routine_notice("BRISKET HOLDINGS INC <BRSK> 2ND QTR NET", RESULTS_TABLE, "1987-07-28")
    half = routine_notice("BRISKET HOLDINGS INC <BRSK> SIX MTHS NET", RESULTS_TABLE, "1987-07-28")
    year = routine_notice("HOLLOWAY PUMP INC <HPI> YEAR LOSS", YEAR_END_TABLE, "1987-02-24")
    assert quarter is not None and half is not None
    assert quarter.key() == half.key() == "earnings|brisket holdings|1987-Q2"
    assert year == Notice("earnings", "holloway pump", "1986-FY")


def test_a_results_flash_with_its_figures_in_the_headline() -> None:
    headline = "QUILLON FOODS INC 3RD QTR SHR 41 CTS VS 38 CTS"
    assert routine_notice(headline, "", "1987-10-20") == Notice("earnings", "quillon foods", "1987-Q3")
    # The flash repeats its headline as the body.
    assert routine_notice(headline, f"******{headline}\n", "1987-10-20") == Notice(
        "earnings", "quillon foods", "1987-Q3"
    )


def test_an_unlisted_company_in_brackets_and_a_european_table() -> None:
    body = (
        "Shr 12.1p vs 10.4p\n    Pre-tax profit 41.2 mln stg vs 36.0 mln\n    Turnover 310.5 mln stg vs 288.1 mln\n"
        "    Final div 4.2p making 6.0p vs 5.5p\n Reuter\n"
    )
    assert routine_notice("<TARNWELL GROUP PLC> 1986 YEAR", body, "1987-03-17") == Notice(
        "earnings", "tarnwell group", "1986-FY"
    )


def test_a_short_results_statement_under_a_formula_headline() -> None:
    body = (
        "Orvane Systems Inc said its first quarter net income rose to 2.1 mln dlrs, or 19 cts a share, from "
        "1.6 mln dlrs, or 15 cts a share, a year earlier.\n Reuter\n"
    )
    assert routine_notice("ORVANE SYSTEMS <ORV> 1ST QTR NET", body, "1987-04-14") == Notice(
        "earnings", "orvane systems", "1987-Q1"
    )


def test_without_a_title_a_formula_first_line_is_the_headline() -> None:
    text = "KESTREL MILLS CO <KML> 3RD QTR NET\n" + RESULTS_TABLE
    assert routine_notice(None, text, "1987-10-19") == Notice("earnings", "kestrel mills", "1987-Q3")


def test_mixed_case_headlines_are_read_alike() -> None:
    assert routine_notice("Zentrix Marine Corp <ZMX.O> 1st Qtr Net", RESULTS_TABLE, "1987-04-21") == Notice(
        "earnings", "zentrix marine", "1987-Q1"
    )


# --- periods --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headline", "published", "period"),
    [
        # No end given: the period ended at the last month end at least two weeks before publication.
        ("ACME WIDGET <AWD> 1ST QTR NET", "1987-04-21", "1987-Q1"),
        ("ACME WIDGET <AWD> 4TH QTR NET", "1987-03-02", "1986-FY"),
        ("ACME WIDGET <AWD> YEAR NET", "1987-02-12", "1986-FY"),
        ("ACME WIDGET <AWD> 3RD QTR NET", "1987-10-20", "1987-Q3"),
        ("ACME WIDGET <AWD> NINE MTHS NET", "1987-10-20", "1987-Q3"),
        ("ACME WIDGET <AWD> FIRST HALF NET", "1987-08-04", "1987-Q2"),
        # An explicit year wins, a split year is named after its first year.
        ("ACME WIDGET <AWD> 1986 YEAR NET", "1987-06-30", "1986-FY"),
        ("ACME WIDGET <AWD> YEAR 1986 LOSS", "1987-06-30", "1986-FY"),
        ("ACME WIDGET <AWD> 1986/87 YEAR NET", "1987-06-30", "1986-FY"),
        # An explicit end: the fiscal year ends 3*(4-n) months after quarter n, named by most of its months.
        ("ACME WIDGET <AWD> 1ST QTR FEB 28 NET", "1987-03-25", "1987-Q1"),
        ("ACME WIDGET <AWD> 2ND QTR JAN 31 LOSS", "1987-03-05", "1987-Q2"),
        ("ACME WIDGET <AWD> 4TH QTR JAN 31 NET", "1987-03-10", "1986-FY"),
        ("ACME WIDGET <AWD> YEAR SEPT 30 NET", "1987-11-24", "1987-FY"),
        ("ACME WIDGET <AWD> 1ST QTR FEB ONE NET", "1987-03-12", "1987-Q1"),
        ("ACME WIDGET <AWD> DEC 31 YEAR LOSS", "1987-03-19", "1986-FY"),
        ("ACME WIDGET <AWD> YEAR END LOSS", "1987-03-19", "1986-FY"),
        # A quarter without an ordinal is a calendar quarter.
        ("ACME WIDGET <AWD> QTR MARCH 31 NET", "1987-04-28", "1987-Q1"),
        ("ACME WIDGET <AWD> 16 WKS NET", "1987-05-20", "1987-Q1"),
    ],
)
def test_periods(headline: str, published: str, period: str) -> None:
    notice = routine_notice(headline, RESULTS_TABLE, published)
    assert notice is not None and notice.period == period


def test_a_period_end_in_the_table_and_the_publication_rule_agree() -> None:
    dated = routine_notice("PALOMAR TOOL CO <PTC> 3RD QTR NET", "Qtr ended Feb 28\n" + RESULTS_TABLE, "1987-03-20")
    undated = routine_notice("PALOMAR TOOL CO <PTC> 3RD QTR NET", RESULTS_TABLE, "1987-03-20")
    assert dated is not None and undated is not None
    assert dated.period == undated.period == "1986-Q3"  # fiscal year to May 1987: most of it in 1986


def test_without_a_year_to_read_there_is_no_notice() -> None:
    assert routine_notice("ACME WIDGET <AWD> 1ST QTR NET", RESULTS_TABLE, None) is None
    assert routine_notice("ACME WIDGET <AWD> 1986 YEAR NET", RESULTS_TABLE, None) == Notice(
        "earnings", "acme widget", "1986-FY"
    )


# --- dividends ------------------------------------------------------------------------------------------------


def test_a_declaration_table_is_a_dividend_notice_keyed_by_week() -> None:
    notice = routine_notice("GLENMORA UTILITIES CO <GMU> QTLY DIV", DIVIDEND_TABLE, "1987-03-04")
    assert notice == Notice("dividend", "glenmora utilities", "1987-W10")
    assert routine_notice("GLENMORA UTILITIES CO <GMU> QTLY DIV", DIVIDEND_TABLE, "1987-03-06") == notice


@pytest.mark.parametrize(
    "headline",
    [
        "GLENMORA UTILITIES CO <GMU> SETS QUARTERLY",
        "GLENMORA UTILITIES <GMU> RAISES QUARTERLY DIVIDEND",
        "GLENMORA UTILITIES <GMU> REGULAR PAYOUT",
        "GLENMORA UTILITIES <GMU> DIVIDEND SET",
        "GLENMORA UTILITIES CO SETS PAYOUT",
        "GLENMORA UTILITIES <GMU> SETS SPLIT, UPS PAYOUT",
    ],
)
def test_declaration_headlines(headline: str) -> None:
    assert routine_notice(headline, DIVIDEND_TABLE, "1987-03-04") == Notice(
        "dividend", "glenmora utilities", "1987-W10"
    )


def test_a_declaration_told_in_one_sentence() -> None:
    body = (
        "Orchard Valley Bancorp said its board declared an initial quarterly dividend of eight cts a share, "
        "payable May 1 to holders of record April 15.\n Reuter\n"
    )
    assert routine_notice("ORCHARD VALLEY BANCORP <OVB> SETS INITIAL PAYOUT", body, "1987-04-02") == Notice(
        "dividend", "orchard valley bancorp", "1987-W14"
    )


def test_a_split_alone_is_not_a_dividend() -> None:
    body = "Orchard Valley Bancorp said its board declared a two-for-one stock split, payable May 1, record April 15."
    assert routine_notice("ORCHARD VALLEY BANCORP <OVB> SETS STOCK SPLIT", body, "1987-04-02") is None


# --- rates and money-market operations ------------------------------------------------------------------------


def test_an_official_exchange_rate_fixing() -> None:
    body = (
        "The Freedonian Central Bank set a krona/dollar rate for June 3 of 412.50/414.55 to the dollar, down\n"
        "from the previous 410.10/412.15.\n    The bank also set a krona/mark rate of 230.40/231.55.\n"
    )
    assert routine_notice("FREEDONIAN CENTRAL BANK SETS KRONA/DOLLAR, MARK RATES", body, "1987-06-02") == Notice(
        "rates", "freedonian central bank", "1987-06-02"
    )


def test_a_schedule_of_rates() -> None:
    body = (
        "The Eastland Home Loan Agency set the rates on its short-term discount notes as follows:\n"
        "    30-89 days    5.10 pct   5.05 pct\n    90-179 days   5.35 pct   5.30 pct\n"
        "    180-269 days  5.55 pct   5.55 pct\n    270-360 days  5.70 pct   5.65 pct\n"
    )
    notice = routine_notice("EASTLAND HOME LOAN AGENCY ADJUSTS DISCOUNT NOTE RATES", body, "1987-04-01")
    assert notice == Notice("rates", "eastland home loan agency", "1987-04-01")


def test_one_days_money_market_operations_share_a_key() -> None:
    forecast = routine_notice(
        "U.K. MONEY MARKET SHORTAGE FORECAST AT 700 MLN STG",
        "The Bank of England said it forecast a shortage of around 700 mln stg in the money market today.\n",
        "1987-05-12",
    )
    help_given = routine_notice(
        "U.K. MONEY MARKET GIVEN 120 MLN STG EARLY HELP",
        "The Bank of England said it provided 120 mln stg help to the money market in the morning session.\n"
        "    It bought bills outright in band one at 9-3/8 pct.\n",
        "1987-05-12",
    )
    assert forecast == help_given == Notice("money_market", "uk money market", "1987-05-12")


def test_a_policy_rate_move_is_news_not_a_notice() -> None:
    body = "Eastland Bank said it is cutting its base lending rate to 9.5 pct from 10 pct, effective tomorrow."
    assert routine_notice("EASTLAND BANK CUTS BASE RATE TO 9.5 PCT", body, "1987-05-12") is None


def test_a_tender_for_goods_is_not_a_rates_notice() -> None:
    body = "Traders said the state buyer will tender for 100,000 tonnes of wheat next week."
    assert routine_notice("FREEDONIA TO TENDER FOR 100,000 TONNES WHEAT", body, "1987-05-12") is None


# --- not notices ----------------------------------------------------------------------------------------------


def test_a_news_story_about_profits_is_not_a_notice() -> None:
    title = "Zentrix Marine shares fall after weak results, CEO resigns"
    assert routine_notice(title, PROFITS_STORY, "1987-04-21") is None
    # Not even under a formula headline: a long narrative body is a story.
    assert routine_notice("ZENTRIX MARINE CORP <ZMX> 1ST QTR NET", PROFITS_STORY, "1987-04-21") is None
    assert routine_notice("Zentrix Marine first-quarter profit", PROFITS_STORY, "1987-04-21") is None


def test_a_forecast_of_results_is_not_a_results_notice() -> None:
    body = (
        "Zentrix Marine Corp said it expects to report a loss for the first quarter of about 2 mln dlrs, "
        "compared with a profit of 1.1 mln dlrs a year earlier, because of weak boat sales.\n Reuter\n"
    )
    assert routine_notice("ZENTRIX MARINE <ZMX> SEES 1ST QTR LOSS", body, "1987-03-30") is None
    assert routine_notice("ZENTRIX MARINE <ZMX> 1ST QTR LOSS", body, "1987-03-30") is None


def test_a_sports_results_table_is_not_a_notice() -> None:
    body = (
        "Hartwell United 2 Calder Rovers 1\n    Brackley Town 0 Wexmoor Athletic 0\n"
        "    Dunmore City 3 Fallow Vale 2\n    Ossery Park 1 Linton Harriers 4\n"
    )
    assert routine_notice("SOCCER - NORTHERN LEAGUE RESULTS", body, "1987-04-11") is None
    assert routine_notice("NORTHERN LEAGUE RESULTS", body, "1987-04-11") is None
    scores = "Hartwell United vs Calder Rovers 2-1\nBrackley Town vs Wexmoor Athletic 0-0\nDunmore vs Fallow 3-2\n"
    assert routine_notice("NORTHERN LEAGUE SATURDAY RESULTS", scores, "1987-04-11") is None


def test_a_weather_table_is_not_a_notice() -> None:
    body = (
        "City        High  Low  Sky\n    Port Amsel    21   14  sunny\n    Vellmar       18   11  cloudy\n"
        "    Oskarby       12    4  rain\n    Tarnow Bay    25   17  sunny\n"
    )
    assert routine_notice("WEATHER - EUROPEAN CITY FORECASTS", body, "1987-04-11") is None
    assert routine_notice("EUROPEAN CITY TEMPERATURES AT NOON", body, "1987-04-11") is None


def test_no_headline_no_issuer_no_notice() -> None:
    # A results table alone names no company: a key without an issuer would lump companies together.
    assert routine_notice(None, RESULTS_TABLE, "1987-04-21") is None
    assert routine_notice("", "", "1987-04-21") is None


# --- issuers --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "issuer"),
    [
        ("ZENTRIX MARINE CORP <ZMX>", "zentrix marine"),
        ("<HOLLOWAY PUMP CO LTD>", "holloway pump"),
        ("Barrow & Finch Inc.", "barrow and finch"),
        ("BARROW AND FINCH CO", "barrow and finch"),
        ("CARSON PIKE AND CO", "carson pike"),
        ("U.S. WIDGET CORP", "us widget"),
        ("FELDMAN'S INC", "feldmans"),
        ("The Tarnwell Group PLC", "tarnwell group"),
        ("NORDVIK INDUSTRIER AB", "nordvik industrier"),
    ],
)
def test_issuer_normalisation(raw: str, issuer: str) -> None:
    assert normalise_issuer(raw) == issuer


def test_one_issuer_written_three_ways_has_one_key() -> None:
    keys = {
        routine_notice(title, RESULTS_TABLE, "1987-04-21").key()  # type: ignore[union-attr]
        for title in (
            "ZENTRIX MARINE CORP <ZMX> 1ST QTR NET",
            "ZENTRIX MARINE <ZMX.O> FIRST QUARTER NET",
            "(ZENTRIX MARINE CORP) 1ST QTR NET",
        )
    }
    assert keys == {"earnings|zentrix marine|1987-Q1"}


def test_kinds_are_a_closed_set() -> None:
    assert KINDS == ("earnings", "dividend", "rates", "money_market")


# --- further forms ---------------------------------------------------------------------------------------------


def test_a_flash_whose_year_precedes_the_metric() -> None:
    headline = "VELLMAR GROUP 1986 pretax profit 88.2 mln stg vs 71.5 mln"
    assert routine_notice(headline, "", "1987-03-11") == Notice("earnings", "vellmar group", "1986-FY")


def test_a_declaration_flash_with_its_amount() -> None:
    headline = "ORCHARD VALLEY BANCORP REINSTATES QUARTERLY DIVIDEND AT 12.5 CTS PER SHARE"
    assert routine_notice(headline, "", "1987-03-05") == Notice("dividend", "orchard valley bancorp", "1987-W10")


def test_a_full_results_table_under_a_prose_headline() -> None:
    body = (
        "Year 1986\n    Shr 31.2p vs 24.0p\n    Pretax profit 96.4 mln stg vs 80.1 mln\n"
        "    Net after tax 61.0 mln vs 50.3 mln\n    Turnover 1.21 billion stg vs 1.10 billion\n Reuter\n"
    )
    assert routine_notice("BRACKWELL INSURANCE reports sharp profit rise", body, "1987-03-30") == Notice(
        "earnings", "brackwell insurance", "1986-FY"
    )
    # The same headline over prose is a story.
    assert routine_notice("BRACKWELL INSURANCE reports sharp profit rise", PROFITS_STORY, "1987-03-30") is None


def test_a_bill_auction_result_is_a_rates_notice() -> None:
    headline = "FREEDONIA SELLS 3-MO BILLS AT 5.47 PCT, STOP 5.48 PCT"
    body = "The Freedonian Treasury sold 3.2 billion crowns of three-month bills at an average 5.47 pct.\n"
    assert routine_notice(headline, body, "1987-03-02") == Notice("rates", "freedonia", "1987-03-02")
