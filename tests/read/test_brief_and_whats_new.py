import pytest

from storyline.errors import InputError
from storyline.read.brief import brief_markdown
from storyline.read.whats_new import whats_new


def _article(i: str, published: str) -> dict:
    return {"id": i, "title": f"Report {i}", "published": published, "outlet": "Coast Courier", "credit": None,
            "url": None, "source_path": f"in/{i}.txt"}  # fmt: skip


STORY = {
    "id": "s1",
    "title": "Ferry aground off Kessel Point",
    "first_published": "2031-03-04",
    "last_published": "2031-03-06",
    "outlets": ["Coast Courier"],
    "independent_reports": 1,
    "articles": [_article("a", "2031-03-04"), _article("b", "2031-03-06")],
    "summary": {
        "sentences": [{"text": "The ferry ran aground on Monday.", "article": "a", "span": [0, 31], "articles": ["a"]}],
        "disagreements": ["Figures for people rescued were revised over time: 40 then 52."],
    },
    "timeline": [
        {"date": "2031-03-03", "text": "The ferry ran aground on Monday.", "articles": ["a", "b"], "uncertain": False},
        {"date": "2031-03-05", "text": "Divers reached the hull.", "articles": ["b"], "uncertain": True},
    ],
    "conflicts": [
        {
            "about": "people rescued",
            "kind": "revision",
            "topic": "quantity",
            "sides": [
                {
                    "value": 40.0,
                    "text": None,
                    "articles": ["a"],
                    "attributed_to": ["coastguard"],
                    "as_of": "2031-03-03",
                },
                {"value": 52.0, "text": None, "articles": ["b", "x"], "attributed_to": [], "as_of": "2031-03-05"},
            ],
        },
    ],
    "claims": [{"article": "b", "value": 52.0}],
    "quotes": [{"article": "a", "text": "We were lucky"}],
}


def test_brief_cites_numbered_sources_and_marks_inferred_dates() -> None:
    text = brief_markdown(STORY)
    assert text.startswith("# Ferry aground off Kessel Point\n")
    assert "2 articles, 1 independent report, 2031-03-04 to 2031-03-06" in text
    assert "The ferry ran aground on Monday. [1]" in text
    assert "**2031-03-05** (date inferred): Divers reached the hull. [2]" in text
    assert "40 (coastguard; as of 2031-03-03) [1] vs 52 (as of 2031-03-05) [2][+1 in related stories]" in text
    assert "1. Report a (Coast Courier, 2031-03-04): in/a.txt" in text


def test_whats_new_since_a_date_and_since_an_article() -> None:
    by_date = whats_new(STORY, "2031-03-05")
    assert [a["id"] for a in by_date["articles"]] == ["b"]
    assert [(e["date"], e["status"]) for e in by_date["timeline"]] == [
        ("2031-03-03", "confirmed"),
        ("2031-03-05", "new"),
    ]
    assert by_date["claims"] == [{"article": "b", "value": 52.0}] and by_date["quotes"] == []
    assert [c["about"] for c in by_date["revised"]] == ["people rescued"]
    assert whats_new(STORY, "a")["articles"] == by_date["articles"]
    with pytest.raises(InputError):
        whats_new(STORY, "nope")
