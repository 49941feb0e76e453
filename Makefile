# Two commands do everything on a fresh machine: `make run` (demo on examples/, web UI on :8000) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DB ?= storyline.db

.PHONY: setup run ingest serve test lint format bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/storyline embeddings build
	touch $(STAMP)

setup: $(STAMP)

ingest: setup
	$(BIN)/storyline --db $(DB) ingest examples

run: ingest
	$(BIN)/storyline --db $(DB) serve --host 127.0.0.1 --port 8000

test: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check src tests benchmarks

format: setup
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: setup
	for f in benchmarks/*_quality.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache $(DB) $(DB)-wal $(DB)-shm
