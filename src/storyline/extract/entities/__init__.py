"""Entities: names found in one article (spaCy NER plus in-article rules) and merged across articles.

mentions.py  EntityExtractor (spaCy) and resolve_in_article: one article's mentions, short forms resolved
aliases.py   resolve_entities: mentions of many articles merged into entities (the one resolution path)
identity.py  store-wide entity ids kept stable as entities merge and split between ingest runs
"""

from storyline.extract.entities.aliases import resolve_entities
from storyline.extract.entities.mentions import EntityExtractor, resolve_in_article

__all__ = ["EntityExtractor", "resolve_entities", "resolve_in_article"]
