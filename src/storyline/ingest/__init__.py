"""Readers: one per input format (text, HTML, JSONL), a source walker over files and folders, and topic files for
timeline summarisation. They turn bytes into `RawDocument`s and `Draft`s; they never touch a store.

    sources.read_paths(paths, max_file_bytes, max_line_bytes=None)   files, folders, gzip -> RawDocument | Rejected
    parse.to_draft(raw)                     RawDocument -> Draft (the pipeline's "parse" stage)
"""

from storyline.ingest.parse import to_draft
from storyline.ingest.sources import read_paths

__all__ = ["read_paths", "to_draft"]
