"""The read side: every read of a store the faces need, in one place.

reader = open_reader("news.db")        # or Reader(store)
reader.story(story_id)                 # the full story view (cached), reader.article(id), reader.entities()...

reader.py    the Reader: what the CLI, the API and the web pages call (they touch no store)
story.py     story and article views
lists.py     the story list with filters and cursors, conflicts across stories, search
entities.py  store-wide entities: list, page, detail, mentions
cache.py     story views and rendered pages, valid while the store says nothing they show changed
views.py     the JSON shapes of records (serialisers)
cursors.py   the opaque, checked cursors of the paged lists
limits.py    caps on full-text queries and the time budget of list and search queries
safety.py    untrusted article data made safe: links, strict JSON, Markdown text, CSV cells
brief.py, whats_new.py, export.py   briefings, what's new since, exports (JSONL, CSV, Parquet, Markdown)
"""

from storyline.read.cache import Payload
from storyline.read.limits import QueryError, QueryTimeoutError
from storyline.read.reader import Reader, open_reader

__all__ = ["Payload", "QueryError", "QueryTimeoutError", "Reader", "open_reader"]
