# The two commands of the README: `make demo` and `make test`. Both set everything up.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_WORKERS ?= 2

.PHONY: install demo test lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -qq --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/talentbridge demo

lint: install
	$(BIN)/ruff check talentbridge tests bench
	$(BIN)/ruff format --check talentbridge tests bench
	$(BIN)/mypy talentbridge

format: install
	$(BIN)/ruff check --fix talentbridge tests bench
	$(BIN)/ruff format talentbridge tests bench

test: install lint
	$(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider

bench: install
	$(BIN)/python bench/import_feeds.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
