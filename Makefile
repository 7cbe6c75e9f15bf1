# argmap: two commands do all the set-up.
#   make ui    create .venv, install, start the app on the scheming model
#   make test  create .venv, install with the dev extras, run lint, types, the whole suite and
#              every bench in its quick mode
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: ui test lint types pytest bench bench-quick clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
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

# Every bench, in its quick mode, so none can rot (they print their tables; a crash fails).
bench-quick: $(STAMP)
	$(BIN)/python bench/bench_engine.py --quick
	$(BIN)/python bench/bench_analysis.py --quick
	$(BIN)/python bench/bench_app.py --n 3

bench: $(STAMP)
	$(BIN)/python bench/bench_engine.py
	$(BIN)/python bench/bench_analysis.py
	$(BIN)/python bench/bench_app.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts
