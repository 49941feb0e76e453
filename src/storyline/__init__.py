"""storyline: turns piles and streams of scraped news articles into stories, facts and timelines."""

__version__ = "0.1.0"

__all__ = ["__version__"]
