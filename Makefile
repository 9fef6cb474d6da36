# Two commands do all set-up on a fresh machine (Python 3.11+ with venv):
#   make demo   install, start the embedded Medium sandbox, publish examples/ to it as drafts
#   make test   install with test tools, then lint, type-check and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test lint lint-ci typecheck pytest install container-test bench clean

$(BIN)/medium-publish: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,webp]'
	@touch $@

install: $(BIN)/medium-publish

demo: install
	$(BIN)/medium-publish demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lint-ci:
	bash tools/lint-ci.sh

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest -q

test: lint typecheck pytest

container-test: install
	bash tests/container/run.sh

bench: install
	$(BIN)/python bench/bench_run.py
	$(BIN)/python bench/bench_changes.py
	$(BIN)/python bench/bench_render.py

clean:
	rm -rf $(VENV) .medium .pytest_cache .mypy_cache .ruff_cache
