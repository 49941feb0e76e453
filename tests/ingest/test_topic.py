from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.ingest.topic import read_topic


def test_csv_and_jsonl_topics(tmp_path: Path) -> None:
    csv_path = tmp_path / "t.csv"
    csv_path.write_text('date,text\n2025-01-02,"The dam opened."\n,"No date here."\n', encoding="utf-8")
    docs, skipped = read_topic(csv_path)
    assert docs == [("2025-01-02", "The dam opened.")]
    assert len(skipped) == 1 and "publication date" in skipped[0]

    jsonl = tmp_path / "t.jsonl"
    jsonl.write_text('{"published": "2025-01-03T10:00:00Z", "body": "The dam closed."}\n\n{"date": "x"}\n')
    docs, skipped = read_topic(jsonl)
    assert docs == [("2025-01-03", "The dam closed.")] and len(skipped) == 1


def test_bad_topic_files_are_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("when,what\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="date,text"):
        read_topic(bad)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=":1: not JSON"):
        read_topic(broken)
    with pytest.raises(InputError, match="not a file"):
        read_topic(tmp_path)
