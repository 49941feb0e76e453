"""Engines run the pipeline (storyline.pipeline) over a store: load, run the stages, save; nothing else.

local.py       in-process, one transaction per batch: ingest, ingest_into, refresh_derived, upgrade_store
ner_worker.py  spaCy NER in a worker process, overlapping the rest of ingest
"""

from storyline.engines.local import ingest, ingest_into, ingest_items, ingest_paths_into, refresh_derived, upgrade_store

__all__ = ["ingest", "ingest_into", "ingest_items", "ingest_paths_into", "refresh_derived", "upgrade_store"]
