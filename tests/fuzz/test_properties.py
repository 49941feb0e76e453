"""Properties over the readers, the cleaner, the time normaliser and the claim and quote extractors, for any input
hypothesis can make: they never raise (a reader may only reject, a parser only raise InputError), every span they
report lies inside the text it was found in, and every value they give is finite and well formed.

`make test` runs a few hundred examples per property; STORYLINE_FUZZ_EXAMPLES raises that for a long run
(benchmarks/reliability.py fuzz).
"""

from __future__ import annotations

import io
import json
import math
import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.clean import clean_draft
from storyline.errors import InputError
from storyline.extract.article_facts import extract_facts
from storyline.extract.quantities.finder import find_quantities
from storyline.extract.timex.finder import find_timexes
from storyline.ingest.jsonl import read_records
from storyline.ingest.parse import to_draft
from storyline.ingest.text import decode
from storyline.models import Article, Draft, Mention, RawDocument, Rejected

EXAMPLES = int(os.environ.get("STORYLINE_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# News-like text: words, numbers, dates, quotation marks and punctuation the rules look at, plus anything at all.
_WORDS = st.sampled_from(
    "the council said on Tuesday March 3 2026 last week next year 5 million euros $1.2bn 40% about 300 people "
    "troops killed “ ” \" ' ( ) , . ; : - — according to told Reuters Vos Lena Port Elin Ministry of Health "
    "1e400 inf NaN 0001 9999-12-31 Q3 W36 1990s half a dozen twenty-one Mr. Dr. U.S. \n \n\n".split(" ")
)
NEWSY = st.lists(st.one_of(_WORDS, st.text(max_size=12)), max_size=120).map(" ".join)
DATES = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()), st.text(max_size=12))


def _printable_utf8(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@FUZZ
@given(st.lists(st.binary(max_size=300), max_size=8))
def test_the_jsonl_reader_rejects_but_never_raises(lines: list[bytes]) -> None:
    data = b"\n".join(lines)
    for item in read_records("in.jsonl", io.BytesIO(data), max_line_bytes=200):
        assert isinstance(item, RawDocument | Rejected)
        if isinstance(item, Rejected):
            assert item.reason
        else:
            assert all(v is None or (isinstance(v, str) and _printable_utf8(v)) for v in item.fields.values())


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(["text", "html", "title", "url", "published", "source", "author", "id", "x"]),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
            max_leaves=6,
        ),
        max_size=6,
    )
)
def test_the_jsonl_reader_takes_only_string_fields(record: dict) -> None:
    line = json.dumps(record).encode()
    for item in read_records("in.jsonl", io.BytesIO(line), max_line_bytes=10_000):
        if isinstance(item, RawDocument):
            assert all(v is None or isinstance(v, str) for v in item.fields.values())
            assert (item.fields.get("text") or item.fields.get("html") or "").strip()


@FUZZ
@given(st.binary(max_size=2000))
def test_decoding_any_bytes_gives_clean_text_or_a_reason(data: bytes) -> None:
    try:
        text = decode("in.txt", data)
    except InputError as exc:
        assert exc.reason
        return
    assert _printable_utf8(text)


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(["text", "html"]))
def test_parsing_any_bytes_gives_a_draft_or_a_reason(data: bytes, fmt: str) -> None:
    raw = RawDocument("in." + ("txt" if fmt == "text" else "html"), data, fmt, "h")  # type: ignore[arg-type]
    try:
        draft = to_draft(raw)
    except InputError as exc:
        assert exc.reason
        return
    assert isinstance(draft, Draft) and _printable_utf8(draft.text)


@FUZZ
@given(NEWSY, st.one_of(st.none(), NEWSY))
def test_the_cleaner_keeps_only_what_it_was_given(text: str, title: str | None) -> None:
    draft = Draft("in.txt", "h", text, "text", title_hint=title)
    article = clean_draft(draft)
    assert isinstance(article.text, str) and isinstance(article.title, str)
    words_in = set(re.findall(r"\w+", text + " " + (title or "")))
    assert set(re.findall(r"\w+", article.text)) <= words_in


@FUZZ
@given(NEWSY, DATES)
def test_time_expressions_lie_inside_the_text_with_well_formed_values(text: str, published: str | None) -> None:
    for tx in find_timexes(text, published):
        assert 0 <= tx.start < tx.end <= len(text)
        assert text[tx.start : tx.end] == tx.text
        assert tx.type in ("DATE", "TIME", "DURATION", "SET")
        assert tx.value and _printable_utf8(tx.value)
        assert 0.0 <= tx.confidence <= 1.0


@FUZZ
@given(NEWSY)
def test_quantities_are_finite_and_inside_the_text(text: str) -> None:
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)


@FUZZ
@given(NEWSY, DATES, st.data())
def test_facts_claims_and_quotes_are_finite_and_inside_the_text(text: str, published: str | None, data) -> None:
    if published is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
        published = None
    article = Article("a", "in.txt", "h", text, "t", False, published=published)
    # A few mentions at word boundaries, as NER would give them.
    words = [m.span() for m in re.finditer(r"[A-Z]\w+", text)]
    picked = data.draw(st.lists(st.sampled_from(words), max_size=4, unique=True)) if words else []
    mentions = [Mention("a", s, e, text[s:e], "PER") for s, e in sorted(picked)]
    facts = extract_facts(article, mentions)
    for claim in facts.claims:
        assert 0 <= claim.start < claim.end <= len(text)
        assert math.isfinite(claim.value)
        assert claim.value_high is None or math.isfinite(claim.value_high)
    for quote in facts.quotes:
        assert 0 <= quote.start < quote.end <= len(text)
    for dated in facts.dated:
        assert text[dated.sentence_start : dated.sentence_end] == dated.sentence
    json.dumps([c.value for c in facts.claims], allow_nan=False)
