"""The typed data model every stage passes around.

Records are plain dataclasses with slots: cheap to build in bulk, picklable for Spark executors, and free of any
store or API concern (the API has its own pydantic schemas).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# How a publication date was found, from most to least trustworthy.
PublishedHow = Literal["header", "metadata", "page", "text", "inferred"]
RelationType = Literal["duplicate", "near_duplicate", "rewrite"]


@dataclass(slots=True)
class RawDocument:
    """One input document exactly as a reader found it.

    `content` holds the original bytes (a file, or one JSONL line); `fields` holds metadata a structured source gave
    alongside (JSONL keys such as title, url, published, source). `format` says which parser applies.
    """

    source_path: str
    content: bytes
    format: Literal["text", "html", "jsonl"]
    content_hash: str
    fields: dict[str, str | None] = field(default_factory=dict)


@dataclass(slots=True)
class Rejected:
    """An input that could not become an article, with the reason a user can act on."""

    source_path: str
    reason: str
    content_hash: str | None = None
    content: bytes | None = None
    # The pipeline stage that failed on it ("parse", "clean", "placement", ...); None when a reader refused it.
    stage: str | None = None


@dataclass(slots=True)
class Draft:
    """A decoded document before cleaning: its full text plus whatever metadata the container carried.

    Readers fill the `*_hint` fields from trusted places (HTML metadata, JSONL fields, the ` date ` prefix); cleaning
    decides the final values and may find better ones in the text.
    """

    source_path: str
    content_hash: str
    text: str
    format: str
    title_hint: str | None = None
    published_hint: str | None = None
    published_hint_how: PublishedHow | None = None
    outlet_hint: str | None = None
    author_hint: str | None = None
    url: str | None = None
    # Strings the reader itself already removed (e.g. the date prefix, HTML boilerplate summary).
    removed: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Article:
    """A cleaned article, the unit everything downstream works on."""

    id: str
    source_path: str
    content_hash: str
    text: str
    title: str
    title_generated: bool
    published: str | None = None  # ISO date YYYY-MM-DD
    published_how: PublishedHow | None = None
    published_confidence: float = 0.0
    outlet: str | None = None
    outlet_how: str | None = None  # "metadata", "furniture", "credit", "text"
    credit: str | None = None  # wire agency credited (AFP, Reuters, ...)
    dateline: str | None = None  # "Oslo" from "Oslo -"
    author: str | None = None
    url: str | None = None
    removed: list[str] = field(default_factory=list)
    format: str = "text"
    story_id: str | None = None
    seq: int = 0  # arrival order in the store, set by the engine


@dataclass(slots=True)
class Relation:
    """A copy relation between two articles: `b` is a copy (or rewrite) of the earlier `a`."""

    type: RelationType
    a: str
    b: str
    score: float


@dataclass(slots=True)
class Story:
    """A group of articles reporting the same event."""

    id: str
    title: str
    article_ids: list[str] = field(default_factory=list)
    first_published: str | None = None
    last_published: str | None = None
    independent_reports: int = 0


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did, for the summary line and for callers."""

    read: int = 0
    new: int = 0
    already_stored: int = 0
    # Inputs stored before (or earlier in the run) as rejected: nothing new was stored for them.
    already_rejected: int = 0
    duplicates: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    stories_touched: set[str] = field(default_factory=set)
    # Story-scope stages that failed (the story kept its previous record and is refreshed again next run).
    failures: list[str] = field(default_factory=list)
    # When asked for (an API request's per-document answer): what became of each input, by content hash: "new",
    # "duplicate", "already_stored", "already_rejected" or "rejected".
    documents: dict[str, str] | None = None

    def mark(self, content_hash: str | None, status: str) -> None:
        if self.documents is not None and content_hash:
            self.documents[content_hash] = status

    def summary(self) -> str:
        reasons: dict[str, int] = {}
        for r in self.rejected:
            key = r.reason.split(":")[0]
            reasons[key] = reasons.get(key, 0) + 1
        why = ", ".join(f"{k}: {v}" for k, v in sorted(reasons.items()))
        rejected = f"{len(self.rejected)} rejected" + (f" ({why})" if why else "")
        failed = f", {len(self.failures)} story refreshes failed" if self.failures else ""
        return (
            f"read {self.read}, new {self.new}, already stored {self.already_stored}, "
            f"duplicates {self.duplicates}, {rejected}{failed}"
            + (f", already rejected {self.already_rejected}" if self.already_rejected else "")
        )


# --- facts: what the extract, reconcile and story stages derive from articles ------------------------------------

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
class NameKey:
    """One row of the name index: a name as one article writes it, for "stories about X" filters. `key` is the
    normalised name the mentions stand for (their in-article full form), `surface` the form as written and
    `surface_key` its case-folded text; `name` and `type` the commonest display form and type; `mentions` how many."""

    article_id: str
    key: str
    surface: str
    surface_key: str
    name: str
    type: str
    mentions: int


@dataclass(slots=True)
class Entity:
    """A thing mentioned in one or more articles: canonical `name`, other surface forms in `aliases`, and every
    mention it was built from (the provenance of the merge)."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class EntityRecord:
    """A store-wide entity as the store keeps it: its stable id, canonical name, type, aliases, and how many
    articles and mentions name it. Which mention belongs to it is kept beside it (mention -> entity id)."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    articles: int = 0
    mentions: int = 0


# How a time value was reached, from most to least trustworthy: written out in full; computed from the document
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


@dataclass(slots=True)
class Claim:
    """A number an article states, with what it counts and who says so.

    `start`/`end` span the quantity in the article's clean text; `sentence_start`/`sentence_end` span its sentence.
    `attributed_to` is the source the article gives ("Western officials", "the health ministry"), None when the
    article states it in its own voice. `as_of` is the TIMEX value the figure holds at (a date in its sentence, the
    sentence it continues, or the publication date) and `as_of_how` says which. `key` is the normalised thing
    counted that reconciliation aligns on ("troop killed"), `quantity_of` the phrase as written.
    """

    article_id: str
    start: int
    end: int
    text: str
    value: float
    value_high: float | None
    unit: str | None
    qualifier: str | None
    quantity_of: str | None
    key: str | None
    sentence: str
    sentence_start: int
    sentence_end: int
    attributed_to: str | None = None
    as_of: str | None = None
    as_of_how: str | None = None  # "sentence" | "context" | "published"
    # A cue in the sentence that orders this figure in time against another ("earlier", "more recent", "revised").
    recency: Literal["earlier", "later"] | None = None


@dataclass(slots=True)
class Quote:
    """Words an article puts in someone's mouth: `text` without the quotation marks, spanning `start`/`end`.

    `kind` is "direct" (a whole sentence or more is quoted) or "partial" (a phrase inside the article's own
    sentence). `speaker` is the canonical name of who said it when the article says; `via` the channel it came
    through ("via the state news agency"). `link` is shared by the same quote found in several articles, reworded
    or cut; None until linking ran.
    """

    article_id: str
    start: int
    end: int
    text: str
    kind: Literal["direct", "partial"]
    speaker: str | None = None
    via: str | None = None
    sentence_start: int = 0
    sentence_end: int = 0
    link: str | None = None


@dataclass(slots=True)
class DatedSentence:
    """One date found in one sentence of one article: the raw material of timelines."""

    article_id: str
    date: str  # TIMEX value, at the granularity written: 2024, 2024-10, 2024-W36, 2024-10-06
    how: str  # as TimeExpression.how, or "inferred" when the article's own date was inferred
    confidence: float
    timex_text: str
    start: int  # the time expression's span
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int


@dataclass(slots=True)
class TimelineEvent:
    """One event on a story's timeline: the dated sentences of one or more articles that report it."""

    date: str
    text: str  # the sentence chosen to describe the event
    article_ids: list[str]
    how: str
    confidence: float
    uncertain: bool  # the date rests on an inferred publication date or an underspecified expression
    sources: list[DatedSentence] = field(default_factory=list)


@dataclass(slots=True)
class ConflictSide:
    """One position in a disagreement: a value (claims) or a text (dates, wording), and who holds it."""

    articles: list[str]
    value: float | None = None
    text: str | None = None
    attributed_to: list[str] = field(default_factory=list)
    as_of: str | None = None
    sentences: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Conflict:
    """Sources that disagree about one thing. `kind` is "revision" (a figure changed over time) or "contradiction"
    (different values for the same time); `about` names the thing ("troop killed", "date of: ...")."""

    about: str
    kind: Literal["revision", "contradiction", "agreement"]
    sides: list[ConflictSide]
    topic: Literal["quantity", "date", "wording"] = "quantity"


@dataclass(slots=True)
class ArticleFacts:
    """Everything the extract stage found in one article, stored beside it."""

    article_id: str
    mentions: list[Mention] = field(default_factory=list)
    timexes: list[TimeExpression] = field(default_factory=list)
    dated: list[DatedSentence] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    # Why the stage failed on this article, if it did: the article is kept, with what was found before the error.
    error: str | None = None
