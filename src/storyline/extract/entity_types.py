"""Records of the entity stage: a `Mention` (one span in one article) and an `Entity` (mentions merged across articles).

Kept apart from `models.py` for now so the entity stage can evolve on its own; the lead moves them there later.
Every mention carries its provenance: the article, the character span, and `method` (how it was found).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Types a mention can carry. spaCy's OntoNotes labels are folded into these (FAC into LOC; EVENT, WORK_OF_ART, LAW and
# LANGUAGE into MISC); numeric labels (DATE, MONEY, ...) belong to the timex and quantity stages and are dropped.
MENTION_TYPES = ("PER", "ORG", "GPE", "LOC", "NORP", "PRODUCT", "MISC")


@dataclass(slots=True)
class Mention:
    """One name in one article: `text` is exactly `article_text[start:end]`.

    `resolved` is the fuller name this mention stands for inside its article ("Park" -> "Park Min Jun", "BPA" ->
    "Baltic Ports Authority", "the North" -> "North Macedonia"), or None when the mention is itself the fullest form.
    `method` says how it was found: "ner" (the spaCy model), "propagated" (another occurrence of a name the model found
    elsewhere in the article), "short_form", "acronym", "direction" ("the North") or "split" (a hyphenated pair).
    """

    article_id: str
    start: int
    end: int
    text: str
    type: str
    resolved: str | None = None
    method: str = "ner"


@dataclass(slots=True)
class Entity:
    """A thing mentioned in one or more articles: canonical `name`, other surface forms in `aliases`, and every
    mention it was built from (the provenance of the merge)."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
