# verksam: two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench lint demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Open the app on the demo workspace (created on first run in ./demo-workspace)
run: $(STAMP)
	$(BIN)/verksam demo demo-workspace

## The whole test suite, with the layer contracts
test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q -n auto

## Benchmarks; results written to docs/benchmarks.md
bench: $(STAMP)
	$(BIN)/python -m bench.run

lint: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/verksam validate

clean:
	rm -rf $(VENV) demo-workspace .pytest_cache
