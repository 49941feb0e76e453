"""The read side: every read of a store the faces need, in one place.

reader = open_reader("news.db")        # or Reader(store)
reader.story(story_id)                 # the full story view (cached), reader.article(id), reader.entities()...

reader.py    the Reader: what the CLI, the API and the web pages call (they touch no store)
story.py     story and article views
lists.py     the story list with filters and cursors, conflicts across stories, search
entities.py  store-wide entities: list, page, detail, mentions
cache.py     story views and rendered pages, valid while the store says nothing they show changed
views.py     the JSON shapes of records (serialisers)
brief.py, whats_new.py, export.py   briefings, what's new since, exports (JSONL, CSV, Parquet, Markdown)
"""

from storyline.read.cache import Payload
from storyline.read.reader import Reader, open_reader

__all__ = ["Payload", "Reader", "open_reader"]
