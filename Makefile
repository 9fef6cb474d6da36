# Two commands do all set-up on a fresh machine (Python 3.11+ with venv):
#   make demo   install, start the embedded Medium sandbox, publish examples/ to it as drafts
#   make test   install with test tools, then lint, type-check and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test lint lint-ci typecheck pytest install container-test bench clean

PIP = $(BIN)/pip install --quiet --disable-pip-version-check

# Two stamps: the demo needs only the runtime dependencies; the tests add the test tools.
$(VENV)/.runtime-installed: pyproject.toml
	@echo "== creating $(VENV) and installing medium-publish with its runtime dependencies"
	@echo "   (pydantic-settings, httpx, mistune, PyYAML; no test tools)"
	$(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	@touch $@

$(VENV)/.test-installed: $(VENV)/.runtime-installed
	@echo "== installing the test tools (pytest, hypothesis, ruff, mypy, Pillow)"
	$(PIP) -e '.[test,webp]'
	@touch $@

install: $(VENV)/.test-installed

demo: $(VENV)/.runtime-installed
	@echo "== publishing examples/ to a Medium sandbox on this machine"
	$(BIN)/medium-publish demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lint-ci:
	bash tools/lint-ci.sh

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest -q -n auto

test: lint typecheck pytest

container-test: install
	bash tests/container/run.sh

bench: install
	$(BIN)/python bench/bench_noop.py
	$(BIN)/python bench/bench_run.py
	$(BIN)/python bench/bench_changes.py
	$(BIN)/python bench/bench_render.py
	$(BIN)/python bench/bench_dryrun.py
	$(BIN)/python bench/bench_corpus.py

clean:
	rm -rf $(VENV) .medium .pytest_cache .mypy_cache .ruff_cache
