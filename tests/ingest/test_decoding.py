"""Text decoding: UTF-32, UTF-16 without a byte-order mark in non-Latin scripts, and text free of control
characters, noncharacters and lone surrogates in every format."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import random
import zlib

import pytest

from storyline.errors import InputError
from storyline.ingest.html import decode_html, parse_html
from storyline.ingest.jsonl import read_records
from storyline.ingest.text import decode
from storyline.models import RawDocument
from tests.ingest.test_bad_input import GOOD

# News paragraphs written for these tests.
SAMPLES = {
    "Chinese": "北京市政府周二宣布，将在未来三年内投资五百亿元用于改善城市公共交通系统。官员表示，新建的地铁线路将连接"
    "市中心与郊区，预计每天可服务超过两百万名乘客。专家认为，这一计划有助于缓解交通拥堵，并减少空气污染。",
    "Japanese": "東京都は火曜日、来年度から公共交通機関の運賃を引き下げると発表した。都の担当者によると、通勤者の負担を"
    "減らし、自動車の利用を抑えることが狙いだという。専門家は、この政策が大気汚染の改善にもつながると期待している。",
    "Korean": "서울시는 화요일 내년부터 대중교통 요금을 인하한다고 발표했다. 시 관계자는 출퇴근하는 시민들의 부담을 "
    "줄이고 자동차 이용을 억제하기 위한 조치라고 설명했다. 전문가들은 이번 정책이 대기 오염 개선에도 도움이 될 "
    "것으로 기대하고 있다.",
    "Arabic": "أعلنت الحكومة يوم الثلاثاء عن خطة جديدة لتحسين شبكة النقل العام في العاصمة. وقال المسؤولون إن الخطة "
    "ستشمل بناء خطوط جديدة للمترو وتوسيع خدمات الحافلات، ومن المتوقع أن تخدم أكثر من مليوني راكب يوميا.",
    "Russian": "Правительство во вторник объявило о новом плане по улучшению общественного транспорта в столице. По "
    "словам чиновников, план включает строительство новых линий метро и расширение автобусных маршрутов, которыми "
    "будут пользоваться более двух миллионов пассажиров в день.",
}
LATIN = {
    "German": "Hafenarbeiter im fiktiven Hafen von Velmar legten am Dienstag wegen eines Streits über Nachtschichten "
    "die Arbeit nieder, teilte die Gewerkschaft mit. Große Mehrheit, überall Ärger.",
    "French": "Les dockers du port fictif de Velmar ont cessé le travail mardi à cause d'un différend sur les équipes "
    "de nuit, a déclaré le syndicat. « C'est inacceptable », a ajouté le délégué.",
}
_rng = random.Random(7)
BINARY = {
    "PNG header and random bytes": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _rng.randbytes(2002),
    "gzip file": gzip.compress(GOOD.encode() * 5),
    "PDF with a compressed stream": b"%PDF-1.7\n1 0 obj\n<< /Filter /FlateDecode >>\nstream\n"
    + zlib.compress(GOOD.encode() * 5)
    + b"\nendstream\n",
    "random bytes": _rng.randbytes(4096),
}


@pytest.mark.parametrize(("bom", "encoding"), [(codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")])
def test_utf32_with_bom_is_decoded(bom: bytes, encoding: str) -> None:
    assert decode("a.txt", bom + GOOD.encode(encoding)) == GOOD
    page = f"<html><body><p>{GOOD}</p></body></html>"
    assert decode_html(bom + page.encode(encoding)) == page


def test_utf16_without_bom_is_told_from_binary_and_from_latin1() -> None:
    wrong = []
    for language, text in SAMPLES.items():
        for encoding in ("utf-16-le", "utf-16-be"):
            for sample in (text, text * 20):
                try:
                    decoded = decode("a.txt", sample.encode(encoding))
                except InputError as exc:
                    decoded = exc.reason
                if decoded != sample:
                    wrong.append(f"{language} {encoding} ({len(sample)} chars): {decoded[:40]!r}")
    for language, text in LATIN.items():
        for padded in (text, text + " "):  # even and odd lengths: Latin-1 read as UTF-16 is CJK either way round
            if decode("a.txt", padded.encode("cp1252")) != padded:
                wrong.append(f"{language} cp1252 ({len(padded)} bytes) not read as cp1252")
    for data in BINARY.values():
        for sample in (data, data + b"\n"):
            with pytest.raises(InputError, match="binary file"):
                decode("a.bin", sample)
    assert wrong == []


DIRTY = "Harbour\x07 workers\x0cwalked out\x85on\x9b Tuesday\ufffe\uffff\x1b[31m."
CLEAN = "Harbour workers\nwalked out\non Tuesday[31m."


def test_control_characters_and_noncharacters_are_removed_in_every_format() -> None:
    assert decode("a.txt", (DIRTY + " " + GOOD).encode()) == CLEAN + " " + GOOD
    line = json.dumps({"id": "x", "title": "Strike\x00 at\x1f the port", "text": DIRTY + " " + GOOD}).encode()
    [item] = read_records("feed.jsonl", io.BytesIO(line), max_line_bytes=1_000_000)
    assert isinstance(item, RawDocument)
    assert (item.fields["title"], item.fields["text"]) == ("Strike at the port", CLEAN + " " + GOOD)
    # In HTML, character references put them back after decoding: the parsed text is cleaned too.
    page = f"<html><body><p>{DIRTY} {GOOD} &#1;&#xFFFF;&#x0B;end.</p></body></html>".encode()
    text = parse_html(RawDocument("page.html", page, "html", "h")).text
    assert not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F or c in "\ufffe\uffff" for c in text)
    assert "Harbour workers" in text
