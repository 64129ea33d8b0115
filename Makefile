# Set-up and everyday commands. `make run` and `make test` each do their own set-up.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck check setup clean compiled test-compiled

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

# The optional compiled build (setup.py, docs/bulk-screening.md): the matching modules listed in
# pyproject.toml compiled with mypyc, installed into $(COMPILED), which PYTHONPATH puts first.
COMPILED := build/compiled

compiled: $(STAMP) ## compile the matching engine with mypyc into build/compiled
	$(BIN)/pip install --quiet "setuptools>=77" wheel
	rm -rf build  # setuptools would package what an earlier build left in build/lib
	PASSERELLE_COMPILE=1 $(BIN)/pip install --quiet --no-build-isolation --no-deps \
		--target $(COMPILED) .

test-compiled: compiled ## the matching, bulk and screening tests again, on the compiled build
	PASSERELLE_EXPECT_COMPILED=1 PYTHONPATH=$(COMPILED) $(BIN)/python -m pytest \
		tests/matching tests/bulk tests/test_screening.py tests/test_index_snapshots.py \
		$(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench setup.py
	$(BIN)/ruff format --check src tests bench setup.py

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var build .pytest_cache .mypy_cache .ruff_cache
