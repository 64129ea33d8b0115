# Set-up and everyday commands. `make run` and `make test` each do their own set-up.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck check setup clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP) ## create the virtualenv and install Passerelle with its dev tools

run: $(STAMP) ## migrate, load demo data on first start, serve the API on 127.0.0.1:8000
	$(BIN)/passerelle db upgrade
	$(BIN)/passerelle serve

test: $(STAMP) ## the whole test suite, with lint, types and architecture checks
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
