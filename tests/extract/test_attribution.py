"""The shared attribution reader: vocabulary, tokens and the article reader that claims and quotes both use."""

from __future__ import annotations

import re

from storyline.extract.attribution import (
    MASK,
    REPORT_VERBS,
    SAY_VERBS,
    SPEECH_VERBS,
    ArticleReader,
    Token,
    tokenize,
)
from storyline.models import Mention


def _mention(text: str, name: str, kind: str = "PER", nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Mention("a1", start, start + len(name), name, kind)


def test_say_verbs_are_in_both_readings_and_the_extras_stay_apart() -> None:
    assert SAY_VERBS <= SPEECH_VERBS and SAY_VERBS <= REPORT_VERBS
    assert {"said", "told", "warned"} <= SAY_VERBS
    # a quotation is introduced by manner of speaking, a figure by estimating or counting
    assert "joked" in SPEECH_VERBS and "joked" not in REPORT_VERBS
    assert "estimated" in REPORT_VERBS and "estimated" not in SPEECH_VERBS
    assert "adding" in SPEECH_VERBS and "counted" in REPORT_VERBS


def test_tokenize_keeps_offsets_and_text() -> None:
    text = "Port officials said 40 died."
    toks = tokenize(re.compile(r"\w+|[^\w\s]"), text, 5, len(text))
    assert [t.text for t in toks] == ["officials", "said", "40", "died", "."]
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert Token(0, 4, "Port").low == "port"
    assert Token(0, 4, "Port").is_word and not Token(20, 22, "40").is_word


def test_sentence_of_holds_gaps_and_clamps_before_the_first() -> None:
    reader = ArticleReader("  One. Two.", [(2, 6), (7, 11)], [])
    assert [reader.sentence_of(p) for p in (0, 2, 5, 6, 7, 10, 50)] == [0, 0, 0, 0, 1, 1, 1]


def test_quoted_stretches_are_masked_and_their_mentions_hidden() -> None:
    text = "Vos said “Raal is wrong” and Raal said nothing."
    lo, hi = text.index("“"), text.index("”") + 1
    mentions = [_mention(text, "Vos"), _mention(text, "Raal"), _mention(text, "Raal", nth=1)]
    reader = ArticleReader(text, [(0, len(text))], mentions, [(lo, hi)])
    assert reader.masked == text[:lo] + MASK * (hi - lo) + text[hi:]
    assert len(reader.masked) == len(text)
    assert reader.quoted(lo) and reader.quoted(hi - 1) and not reader.quoted(hi) and not reader.quoted(lo - 1)
    assert [m.start for m in reader.mentions_in(0, len(text))] == [mentions[0].start, mentions[2].start]


def test_without_quotes_the_text_is_not_masked() -> None:
    text = "Vos said no."
    reader = ArticleReader(text, [(0, len(text))], [_mention(text, "Vos")])
    assert reader.masked == text and not reader.quoted(0)
    assert len(reader.mentions_in(0, len(text))) == 1


def test_mentions_in_is_half_open_and_keeps_the_callers_order() -> None:
    text = "Lena Vos met Piet Raal in Elmport."
    vos, raal, elmport = _mention(text, "Lena Vos"), _mention(text, "Piet Raal"), _mention(text, "Elmport", "GPE")
    # Given out of text order: lookups still find them, and return them in the order given.
    reader = ArticleReader(text, [(0, len(text))], [elmport, vos, raal])
    assert reader.mentions_in(0, len(text)) == [elmport, vos, raal]
    assert reader.mentions_in(vos.start, raal.start) == [vos]
    assert reader.mentions_in(vos.start + 1, raal.start + 1) == [raal]
    assert reader.mentions_in(elmport.end, len(text)) == []


def test_mention_covering_finds_the_mention_around_a_position() -> None:
    text = "The Baltic Ports Authority said so."
    authority = _mention(text, "Baltic Ports Authority", "ORG")
    reader = ArticleReader(text, [(0, len(text))], [authority])
    assert reader.mention_covering(text.index("Ports")) == authority
    assert reader.mention_covering(authority.end) is None
    assert reader.mention_covering(0) is None
