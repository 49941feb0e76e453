"""The record the time-expression stage produces (to move into `storyline.models` once the stage settles)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
# How the value was reached, from most to least trustworthy: written out in full; computed from the document
# creation time (dct); computed from the previous date in the text; left with X placeholders or a *_REF token.
TimexHow = Literal["explicit", "relative_to_dct", "relative_to_previous", "underspecified"]


@dataclass(slots=True)
class TimeExpression:
    """One temporal expression: its character span in the text and its TIMEX3 type and normalised value.

    `value` follows TimeML/TempEval-3: `2025-12-06`, `2025-12`, `2025`, `2025-W36`, `2025-Q3`, `2025-SU`, `199`
    (the 1990s), `2025-12-06T14:30`, `2025-12-06TMO`, durations `P3M`, `PT5H`, `PXY`, sets `P1W`, `XXXX-WXX-1`, and
    `PRESENT_REF`, `PAST_REF`, `FUTURE_REF`. `mod` is the TIMEX3 modifier (`START`, `END`, `MID`, `APPROX`,
    `MORE_THAN`, ...) when the text qualifies the value ("early next year", "more than four hours").
    """

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str
    how: str  # explicit | relative_to_dct | relative_to_previous | underspecified
    confidence: float
    mod: str | None = None
