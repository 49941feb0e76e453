"""Story clustering: article features, the incremental story index and links between related stories."""

from .index import Assignment, StoryIndex
from .settings import ClusterSettings
from .state import InMemoryStoryState, StoryRecord, StoryState

__all__ = ["Assignment", "ClusterSettings", "InMemoryStoryState", "StoryIndex", "StoryRecord", "StoryState"]
