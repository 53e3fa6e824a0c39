# verksam: two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Python 3.11 or newer; a .venv made by another Python (an upgrade, another machine) is rebuilt.
PY_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
ifeq ($(shell $(PYTHON) -c 'import sys; print(int(sys.version_info >= (3, 11)))' 2>/dev/null),1)
else
$(error verksam needs Python 3.11 or newer; $(PYTHON) is "$(PY_VERSION)". Try: make PYTHON=python3.11 …)
endif
ifneq ($(wildcard $(BIN)/python),)
ifneq ($(shell $(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null),$(PY_VERSION))
$(info .venv was made by another Python: rebuilding it with $(PYTHON) $(PY_VERSION))
$(shell rm -rf $(VENV))
endif
endif

.PHONY: run test bench soak lint demo clean

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

## The reliability tests, longer (writers, kills, random edits, a full disk); figures to docs/reliability.md
soak: $(STAMP)
	PYTHONPATH=. $(BIN)/python -m tests.reliability.soak

lint: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/verksam validate

clean:
	rm -rf $(VENV) demo-workspace .pytest_cache
