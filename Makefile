# Two commands on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install test lint serve codes bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/.installed

lint: install
	$(BIN)/ruff check src tests benchmarks

test: install lint
	$(BIN)/python -m pytest -n 2

serve: install
	$(BIN)/greentaxo serve --host 127.0.0.1 --port 8000

codes: install
	$(BIN)/greentaxo codes build

# the quick ones; benchmarks/bench_api_load.py (needs Debian's wrk, 2 min) and benchmarks/annif_compare.py
# (installs Annif in its own venv, ~15 min) are run by hand, see docs/benchmarks.md
bench: install
	$(BIN)/python benchmarks/bench_taxonomy.py
	$(BIN)/python benchmarks/bench_classify.py
	$(BIN)/python benchmarks/classifier_cv.py
	$(BIN)/python benchmarks/bench_api_startup.py
	$(BIN)/python benchmarks/bench_cli_startup.py
	$(BIN)/python benchmarks/bench_packages.py
	$(BIN)/python benchmarks/bench_eligibility.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
