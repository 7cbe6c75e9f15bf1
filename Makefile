# argmap: two commands do all the set-up.
#   make ui    create .venv, install, start the app on the scheming model
#   make test  create .venv, install with the dev extras, run lint, types, the whole suite and
#              every bench in its quick mode
#   make test-fast    the fast suite (no browser, no AppTest) in .venv
#   make test-matrix  the fast suite on the lowest allowed versions (Python 3.11), Python 3.12
#                     and 3.13, and the core install's checks (no extras), each in its own venv
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: ui test lint types pytest bench bench-quick clean test-fast test-matrix test-lowest \
	test-core test-3.12 test-3.13 test-bnlearn

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'  # dev includes all: app, networks, ...
	touch $(STAMP)

# argmap app: the shipped router with the project's settings (what an installed wheel runs)
ui: $(STAMP)
	$(BIN)/argmap app --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check argmap ui tests bench

# argmap/ui links to ui/: mypy argmap checks the app as argmap.ui, then --strict on its own
types: $(STAMP)
	$(BIN)/mypy argmap
	$(BIN)/mypy --strict -p argmap.ui

pytest: $(STAMP)
	@if [ -x /usr/bin/chromium ]; then \
		echo "browser tests: running with /usr/bin/chromium"; \
	elif [ "$$CI" = "true" ]; then \
		echo "browser tests: /usr/bin/chromium missing in CI; they must run here" >&2; exit 1; \
	else \
		echo "browser tests: SKIPPED (no /usr/bin/chromium; apt-get install -y chromium to run them)"; \
	fi
	$(BIN)/python -m pytest

test: lint types pytest bench-quick

# The fast suite: all but the browser tests and the app's AppTest runs (about a third of pytest).
# The fast suite: .ci/fast-args (what the matrix runs on other Pythons and lowest versions).
test-fast: $(STAMP)
	$(BIN)/python -m pytest $$(cat .ci/fast-args)

# Every bnlearn network through argmap import's own reader (pgmpy's): about 20 minutes.
test-bnlearn: $(STAMP)
	ARGMAP_BNLEARN_READER=pgmpy $(BIN)/python -m pytest tests/interchange/test_bnlearn_all.py tests/interchange/test_bif_reader.py -p no:cacheprovider

$(BIN)/uv: $(STAMP)
	$(BIN)/python -m pip install --quiet 'uv>=0.5'

# Each builds .venv-<name> with uv and runs the fast suite there (.ci/matrix says how).
test-matrix: $(BIN)/uv
	.ci/matrix lowest 3.12 3.13 core

test-lowest test-core test-3.12 test-3.13: $(BIN)/uv
	.ci/matrix $(@:test-%=%)

# Every bench, in its quick mode, so none can rot (they print their tables; a crash fails).
bench-quick: $(STAMP)
	$(BIN)/python bench/bench_startup.py --quick
	$(BIN)/python bench/bench_engine.py --quick
	$(BIN)/python bench/bench_analysis.py --quick
	$(BIN)/python bench/bench_app.py --n 3

bench: $(STAMP)
	$(BIN)/python bench/bench_startup.py
	$(BIN)/python bench/bench_engine.py
	$(BIN)/python bench/bench_analysis.py
	$(BIN)/python bench/bench_app.py

clean:
	rm -rf $(VENV) .venv-lowest .venv-core .venv-3.12 .venv-3.13 .pytest_cache .mypy_cache \
		.ruff_cache test-artifacts
