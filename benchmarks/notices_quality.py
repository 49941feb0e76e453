"""Routine-notice recognition (`storyline.cluster.notices`) measured on Reuters-21578 and BBC News, read in place.

    .venv/bin/python benchmarks/notices_quality.py
    .venv/bin/python benchmarks/notices_quality.py --sample 20 --seed 1     # also print items to read

Reuters-21578 (../shared/corpora/reuters21578/reuters21578.jsonl) is split by NEWID parity: even = develop, odd =
check. Its TOPICS tags are the rough reference: ``kind == "earnings"`` against "earn" (which also covers dividends
and splits, so recall is also given against "earn" items that are not about a dividend), ``earnings or dividend``
against "earn", and the market-wide kinds against "money-fx"/"interest". Only items the indexers tagged
(HAS_TOPICS="YES") are scored; notices found in untagged items are counted apart. BBC News (business and others:
long narrative articles, all given the publication day 2005-03-15, as the corpus has none) should give almost no
notices; each one found is listed.

Prints one JSON object; with ``--sample N`` it also prints, to stderr, N random recognised notices and N random
"earn" items that were not recognised, from the check half, and every BBC notice.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

from storyline.cluster import notices as _notices
from storyline.cluster.notices import KINDS, routine_notice

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"
REUTERS = SHARED / "reuters21578" / "reuters21578.jsonl"
BBC = SHARED / "bbc_news" / "bbc_news.jsonl"
BBC_DAY = "2005-03-15"
_DIVIDEND_ITEM = re.compile(r"\b(?:DIV|DIVIDEND|PAYOUT|SPLIT|DISTRIBUTION)S?\b")


def _iso(date: str | None) -> str | None:
    """'26-FEB-1987 15:01:01.79' -> '1987-02-26'."""
    if not date:
        return None
    try:
        return datetime.strptime(date.strip().split()[0], "%d-%b-%Y").date().isoformat()
    except ValueError:
        return None


def _load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _score(rows: list[dict], found: dict[int, object]) -> dict:
    tagged = [r for r in rows if r.get("has_topics") == "YES"]
    earn = {r["newid"] for r in tagged if "earn" in r["topics"]}
    # "earn" items whose headline is about a dividend or a split: not results, so out of reach of kind == earnings.
    earn_results = {r["newid"] for r in tagged if "earn" in r["topics"] and not _DIVIDEND_ITEM.search(r["title"] or "")}
    fx = {r["newid"] for r in tagged if {"money-fx", "interest"} & set(r["topics"])}
    ids = {r["newid"] for r in tagged}
    kinds = {k: {i for i in ids if i in found and found[i].kind == k} for k in KINDS}
    earnings, dividend = kinds["earnings"], kinds["dividend"]
    market = kinds["rates"] | kinds["money_market"]
    notices = [found[r["newid"]] for r in rows if r["newid"] in found]
    by_kind = Counter(n.kind for n in notices)
    return {
        "items": len(rows),
        "tagged_items": len(tagged),
        "earn_items": len(earn),
        "earnings": {
            "recognised": len(earnings),
            "precision_vs_earn": _ratio(len(earnings & earn), len(earnings)),
            "recall_vs_earn": _ratio(len(earnings & earn), len(earn)),
            "recall_vs_earn_results": _ratio(len(earnings & earn_results), len(earn_results)),
        },
        "earnings_or_dividend": {
            "recognised": len(earnings | dividend),
            "precision_vs_earn": _ratio(len((earnings | dividend) & earn), len(earnings | dividend)),
            "recall_vs_earn": _ratio(len((earnings | dividend) & earn), len(earn)),
        },
        "rates_or_money_market": {
            "recognised": len(market),
            "precision_vs_money_fx_or_interest": _ratio(len(market & fx), len(market)),
            "recall_vs_money_fx_or_interest": _ratio(len(market & fx), len(fx)),
        },
        "notices_by_kind": dict(sorted(by_kind.items())),
        "notices_in_untagged_items": sum(1 for r in rows if r["newid"] in found and r.get("has_topics") != "YES"),
        "distinct_keys": len({n.key() for n in notices}),
        "distinct_issuers": {k: len({n.issuer for n in notices if n.kind == k}) for k in KINDS},
        "distinct_periods": {k: len({n.period for n in notices if n.kind == k}) for k in KINDS},
        "earnings_periods": dict(Counter(n.period for n in notices if n.kind == "earnings").most_common(12)),
        "largest_groups": dict(Counter(n.key() for n in notices).most_common(5)),
    }


def _period_checks(rows: list[dict], found: dict) -> dict:
    """How stable the earnings periods are.

    - ``end_rule_agreement``: among results whose headline or table gives the period's end ("1ST QTR FEB 28",
      "Qtr ended Jan 31"), how often the publication-date rule, used with the end left out, gives the same label:
      the rule decides for the items that give no end (flashes, calendar-year companies).
    - ``same_issuer_split_within_3_days``: pairs of results of one issuer published within three days of each
      other under different periods (a release sent as two items should share its key; two releases, such as a
      year and the next first quarter published together, rightly do not).
    """
    agree = total = 0
    by_issuer: dict[str, list[tuple[datetime, str]]] = {}
    for r in rows:
        notice = found.get(r["newid"])
        if notice is None or notice.kind != "earnings" or not r.get("title"):
            continue
        day = datetime.fromisoformat(_iso(r["date"]))
        by_issuer.setdefault(notice.issuer, []).append((day, notice.period))
        headline = _notices._parse_headline(r["title"])
        body = _notices._read_body(r.get("body") or "", r["title"])
        period = (headline.period if headline else None) or _notices._Period()
        code = period.code or body.heading_code
        end = period.end or body.first_end
        if end is None or period.year is not None or code in ("", "Q"):
            continue
        total += 1
        agree += _notices._earnings_period(_notices._Period(code=code), day.date()) == notice.period
    splits = 0
    for items in by_issuer.values():
        items.sort()
        splits += sum(1 for a, b in itertools.pairwise(items) if (b[0] - a[0]).days <= 3 and a[1] != b[1])
    return {
        "reports_giving_their_end": total,
        "end_rule_agreement": _ratio(agree, total),
        "same_issuer_split_within_3_days": splits,
    }


def _show(title: str, rows: list[dict], found: dict, out) -> None:
    print(f"\n==== {title} ({len(rows)})", file=out)
    for r in rows:
        notice = found.get(r["newid"])
        tag = notice.key() if notice else "-"
        print(f"--- #{r['newid']} {r['date'][:11]} topics={r['topics']} -> {tag}", file=out)
        print(f"    {r['title']}", file=out)
        body = (r.get("body") or "").strip().splitlines()
        for line in body[:8]:
            print(f"    | {line.strip()}", file=out)


def main(argv: list[str] | None = None) -> int:
    """Run the measurement and print the JSON report; exits 0 with a message when ../shared is absent."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuters", type=Path, default=REUTERS)
    parser.add_argument("--bbc", type=Path, default=BBC)
    parser.add_argument("--sample", type=int, default=0, help="print N random items of each kind to read (stderr)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not args.reuters.is_file():
        print(f"skipped: {args.reuters.resolve()} is absent (the shared corpora are read in place)", file=sys.stderr)
        return 0
    started = time.perf_counter()
    rows = _load(args.reuters)
    found = {}
    for r in rows:
        notice = routine_notice(r.get("title"), r.get("body") or "", _iso(r.get("date")))
        if notice is not None:
            found[r["newid"]] = notice
    elapsed = time.perf_counter() - started
    develop = [r for r in rows if r["newid"] % 2 == 0]
    check = [r for r in rows if r["newid"] % 2 == 1]
    report: dict = {
        "reuters": {"develop_even_newid": _score(develop, found), "check_odd_newid": _score(check, found)},
        "reuters_earnings_periods": _period_checks(rows, found),
        "reuters_seconds": round(elapsed, 2),
    }
    bbc_found: list[tuple[dict, object]] = []
    if args.bbc.is_file():
        bbc = _load(args.bbc)
        for r in bbc:
            # The corpus has no dates; without one, only notices with an explicit year could be found, so every
            # item is given one (the corpus is from 2004-2005) to test recognition, not date handling.
            notice = routine_notice(r.get("title"), r.get("text") or "", BBC_DAY)
            if notice is not None:
                bbc_found.append((r, notice))
        report["bbc"] = {
            "items": len(bbc),
            "business_items": sum(1 for r in bbc if r.get("category") == "business"),
            "notices": len(bbc_found),
            "notices_in_business": sum(1 for r, _ in bbc_found if r.get("category") == "business"),
            "found": [f"{r['doc_id']}: {r['title']} -> {n.key()}" for r, n in bbc_found],
        }
    else:
        report["bbc"] = f"skipped: {args.bbc.resolve()} is absent"
    print(json.dumps(report, indent=2))
    if args.sample:
        rng = random.Random(args.seed)
        hits = [r for r in check if r["newid"] in found]
        missed = [r for r in check if "earn" in r["topics"] and r["newid"] not in found]
        _show("recognised (check half)", rng.sample(hits, min(args.sample, len(hits))), found, sys.stderr)
        _show("earn, not recognised (check half)", rng.sample(missed, min(args.sample, len(missed))), found, sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
