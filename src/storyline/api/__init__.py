"""The REST API (FastAPI routers), thin over `storyline.read.views`."""
