import pytest

from storyline.extract.nouns import singular


@pytest.mark.parametrize(
    ("plural", "expected"),
    [
        ("soldiers", "soldier"), ("Casualties", "casualty"), ("servicemen", "serviceman"), ("lives", "life"),
        ("viruses", "virus"), ("buses", "bus"), ("boxes", "box"), ("churches", "church"), ("quizzes", "quiz"),
        ("prizes", "prize"), ("glasses", "glass"), ("people", "people"), ("status", "status"), ("crisis", "crisis"),
        ("ads", "ad"), ("police", "police"),
    ],
)  # fmt: skip
def test_singular(plural: str, expected: str) -> None:
    assert singular(plural) == expected
