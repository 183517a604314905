# Resonance — the two commands: `make demo` (one box, demo data, web UI) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-dev lint typecheck unit browser-deps services translations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'

## Set everything up on SQLite under ./var, load the demo organisation, serve the web app.
demo: install
	$(BIN)/resonance demo

browser-deps:
	@command -v /usr/bin/chromium >/dev/null 2>&1 || bash scripts/install-chromium.sh
	@fc-list :lang=zh 2>/dev/null | grep -q . || bash scripts/install-pdf-fonts.sh

services:
	bash scripts/ensure-services.sh

lint:
	$(BIN)/ruff check src tests benchmarks migrations
	$(BIN)/ruff format --check src tests benchmarks migrations
	$(BIN)/lint-imports

typecheck:
	$(BIN)/mypy

unit:
	$(BIN)/pytest -n 2 --dist loadgroup -q

## Install everything (dev tools, Debian's chromium) and run every check and test.
test: install-dev browser-deps services lint typecheck unit

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
