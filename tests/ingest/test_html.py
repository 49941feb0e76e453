"""HTML reader and the Zyte extraction metric.

Fixture pages under tests/fixtures/html/ are invented for these tests; the real benchmark pages are only read in place
by the `shared`-marked test at the end.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.evaluate.extraction import evaluate_extraction, page_scores, shingles, zyte_scores
from storyline.ingest.html import decode_html, parse_html
from storyline.models import RawDocument

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"


def _raw(content: bytes, name: str = "page.html") -> RawDocument:
    return RawDocument(name, content, "html", hashlib.sha256(content).hexdigest())


def _fixture(name: str) -> RawDocument:
    return _raw((FIXTURES / name).read_bytes(), str(FIXTURES / name))


# --- metric ---------------------------------------------------------------------------------------------------------


def test_shingles_are_four_token_multisets_and_short_texts_are_one_shingle() -> None:
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("x y x y x y x") == {("x", "y", "x", "y"): 2, ("y", "x", "y", "x"): 2}
    assert shingles("only three words") == {("only", "three", "words"): 1}
    assert shingles("") == {} and shingles(None) == {}
    # Tokens are \w+ runs: punctuation separates, case is kept.
    assert shingles("Hello, world! It's") == {("Hello", "world", "It", "s"): 1}


def test_page_scores_hand_computed() -> None:
    # gold "a b c d e" -> {abcd, bcde}; predicted "a b c d x" -> {abcd, bcdx}: TP 1, FP 1, FN 1, normalised by 3.
    tp, fp, fn = page_scores("a b c d e", "a b c d x")
    assert (tp, fp, fn) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    # Counts are multisets: a repeated shingle in the prediction is a false positive the second time.
    tp, fp, fn = page_scores("a b c d", "a b c d a b c d")  # pred shingles: abcd x2, bcda, cdab, dabc
    assert (tp, fp, fn) == pytest.approx((1 / 5, 4 / 5, 0.0))
    assert page_scores("", "") == (0.0, 0.0, 0.0)


def test_zyte_scores_hand_computed() -> None:
    pairs = [
        ("a b c d e", "a b c d e"),  # perfect: P = R = 1
        ("a b c d e", "a b c d x"),  # P = R = 1/2
        ("a b c d e f", ""),  # nothing predicted: skipped for precision, recall 0
    ]
    scores = zyte_scores(pairs)
    precision = (1 + 0.5) / 2
    recall = (1 + 0.5 + 0) / 3
    assert scores["precision"] == pytest.approx(precision)
    assert scores["recall"] == pytest.approx(recall)
    assert scores["f1"] == pytest.approx(2 * precision * recall / (precision + recall))
    assert scores["pages"] == 3


def test_zyte_scores_edge_cases() -> None:
    # Gold empty, prediction not: precision 0 on that page, and it is skipped for recall.
    scores = zyte_scores([("a b c d", "a b c d"), ("", "w x y z")])
    assert scores["precision"] == pytest.approx(0.5)
    assert scores["recall"] == pytest.approx(1.0)
    # Both empty: skipped everywhere, so nothing is scorable.
    assert zyte_scores([("", "")]) == {"f1": 0.0, "precision": 0.0, "recall": 0.0, "pages": 1}
    # Exact match of a short text (one shingle): FP = FN = 0 counts 1.0.
    assert zyte_scores([("Hi there", "Hi there!")])["f1"] == pytest.approx(1.0)


def test_evaluate_extraction_on_a_tiny_gold_folder(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    article = (FIXTURES / "article.html").read_bytes()
    (tmp_path / "html" / "p1.html").write_bytes(article)
    body = parse_html(_raw(article)).text
    (tmp_path / "ground-truth.json").write_text(json.dumps({"p1": {"articleBody": body}}), encoding="utf-8")
    result = evaluate_extraction(tmp_path)
    assert result["metrics"]["f1"] == pytest.approx(1.0)
    assert result["metrics"]["pages"] == 1
    assert result["baseline"]["name"] == "trafilatura"
    assert 0.0 < result["baseline"]["f1"] <= 1.0
    assert "baseline" not in evaluate_extraction(tmp_path, baseline=False)


# --- reader ---------------------------------------------------------------------------------------------------------


def test_parse_fixture_article() -> None:
    draft = parse_html(_fixture("article.html"))
    paragraphs = draft.text.split("\n\n")
    assert paragraphs[0].startswith("The harbour town of Gullport opened a library")
    assert paragraphs[-1].startswith("The ferry will also visit two island villages")
    assert len(paragraphs) == 5
    # Navigation, related links, footer and the newsletter prompt are not body text.
    for furniture in ("Home", "Gull numbers rise again", "Privacy", "newsletter"):
        assert furniture not in draft.text
    assert any("newsletter" in removed for removed in draft.removed)
    assert draft.title_hint == "Harbour town opens floating library"
    assert draft.published_hint == "2025-04-17"
    assert draft.published_hint_how == "metadata"
    assert draft.outlet_hint == "The Gullport Courier"
    assert draft.author_hint == "Mira Quillfeather"
    assert draft.url == "https://courier.example.org/2025/04/17/floating-library"
    assert draft.format == "html"


def test_page_without_article_raises_input_error() -> None:
    with pytest.raises(InputError, match="no article text found in HTML"):
        parse_html(_fixture("no_article.html"))


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"   \n",
        b"\x00\x01\x02\xff\xfe binary junk",
        b"plain text without a single tag",
        b"<<<>>><!-- never closed",
        b"<html><body><p>unclosed <b>bold <i>text</p></div></span>",
        b"<html><body><div><p>" + b"<div>" * 5000 + b"deep",
    ],
)
def test_broken_input_raises_input_error_not_a_crash(content: bytes) -> None:
    with pytest.raises(InputError) as info:
        parse_html(_raw(content, "broken.html"))
    assert info.value.source_path == "broken.html"
    assert info.value.reason


def test_malformed_but_readable_html_still_gives_the_article() -> None:
    page = (FIXTURES / "article.html").read_bytes()
    # Drop every closing tag: browsers (and lxml) recover, so should we.
    broken = page.replace(b"</p>", b"").replace(b"</div>", b"").replace(b"</article>", b"").replace(b"</html>", b"")
    draft = parse_html(_raw(broken))
    assert "converted ferry" in draft.text and "four drop boxes" in draft.text


def test_non_utf8_page_is_decoded_with_its_declared_charset() -> None:
    raw = _fixture("cp1252.html")
    with pytest.raises(UnicodeDecodeError):
        raw.content.decode("utf-8")  # the fixture really is single-byte encoded
    draft = parse_html(raw)
    assert "cafés along the old pier in Port-Lumière" in draft.text
    assert "“We serve crêpes and coffee" in draft.text
    assert "€180,000" in draft.text
    assert draft.outlet_hint == "Le Petit Quai"
    assert "\ufffd" not in draft.text


def test_decode_without_declaration_detects_the_encoding() -> None:
    text = "Der Bürgermeister eröffnete am Montag die Brücke über die Förde, größer als die alte."
    data = f"<html><body><p>{text}</p></body></html>".encode("cp1252")
    assert text in decode_html(data)
    # A page declaring Latin-1 that is really UTF-8 (common) is read as UTF-8.
    data = f'<meta charset="iso-8859-1"><p>{text}</p>'.encode()
    assert text in decode_html(data)


def test_split_body_and_embedded_post_are_recovered() -> None:
    # The body is cut into two same-class containers around a related-links box; trafilatura alone keeps only the
    # first, and drops the embedded tweet in precision mode.
    draft = parse_html(_fixture("split_body.html"))
    text = draft.text
    assert "The committee met on Monday" in text
    assert "Engineers estimate that the work would take two summers" in text
    assert "A local walking club has offered volunteers" in text
    assert "Good news for walkers: the coastal path survey is complete" in text
    assert "— Westerly Council (@westerly_example) March 3, 2025" in text
    # Page order is kept: first chunk, then the second chunk with the tweet in its place.
    assert text.index("nesting grounds") < text.index("two summers") < text.index("Good news") < text.index("April")
    assert "Ferry timetable" not in text and "all rights reserved" not in text


def test_headline_repeated_as_first_line_is_moved_out_of_the_body() -> None:
    body = "".join(
        f"<p>Paragraph {n} of the report on the harbour dredging, which began on Tuesday and will last a month.</p>"
        for n in range(1, 4)
    )
    html = "<html><head><title>Dredging starts in harbour - Example News</title></head><body><article>"
    html += f"<div class='article-text'><p>Dredging starts in harbour</p>{body}</div></article></body></html>"
    draft = parse_html(_raw(html.encode()))
    assert draft.text.startswith("Paragraph 1 of the report")
    assert "Dredging starts in harbour" in draft.removed


def test_furniture_lines_are_dropped_and_body_lines_kept() -> None:
    from storyline.ingest.html import _drop_furniture

    body = [
        "Engineers said the new lock gates would be fitted over the winter, when barge traffic is lightest.",
        "Anyone who wants to subscribe to the waterway's barge permit scheme must apply by March, officials said, "
        "and the fee will rise next year for the first time since the scheme opened to private boats in 2011.",
        "- Gates will be replaced at three locks.",
        "- The towpath stays open throughout.",
    ]
    furniture = [
        "Read more: Canal trust names new chair",
        "Sign up for our free weekly newsletter",
        "Follow the Canal Courier on Twitter and Facebook",
        "(Reporting by Jan Novak; Editing by Eva Lind)",
        "4 min read",
        "Related:",
        "- Lock keeper retires after 40 years",
    ]
    links = ["- Boat festival returns to the basin", "- Photos: the canal in winter"]
    kept, removed = _drop_furniture(
        body + furniture + links, link_texts={"boat festival returns to the basin", "photos the canal in winter"}
    )
    assert kept == body
    assert removed == furniture + links


@pytest.mark.shared
def test_beats_trafilatura_on_the_zyte_pages() -> None:
    from tests.conftest import require_shared

    data = require_shared("corpora", "article_extraction")
    result = evaluate_extraction(data)
    assert result["metrics"]["f1"] > result["baseline"]["f1"]
    assert result["metrics"]["f1"] >= 0.965


def test_compressed_bytes_handed_to_the_parser_are_refused_not_read_as_mojibake() -> None:
    import gzip

    from storyline.errors import InputError
    from storyline.ingest.html import parse_html
    from storyline.models import RawDocument

    page = b"<html><body><p>" + b"The council voted to close the harbour, the mayor said. " * 20 + b"</p></body></html>"
    raw = RawDocument("page.html", gzip.compress(page), "html", "h")
    try:
        parse_html(raw)
    except InputError as exc:
        assert exc.reason.startswith("gzip data, not HTML")
    else:
        raise AssertionError("gzip bytes were parsed as HTML")
