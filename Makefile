# Casetrail: `make run` starts it on the embedded default; `make test` passes the whole suite
# against a real PostgreSQL and a real Kafka broker, which it starts and always stops.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export CASETRAIL_TEST_POSTGRES ?= postgresql://casetrail:casetrail@127.0.0.1:55432/casetrail_test
export CASETRAIL_TEST_KAFKA ?= 127.0.0.1:19092

.PHONY: run test bench install check lint typecheck unit services-start services-stop clean

run: $(STAMP)
	$(BIN)/casetrail demo --if-empty && $(BIN)/casetrail serve

test: $(STAMP)
	@bash scripts/run-tests

# The benchmarks (bench/): writes bench/results.json and the table in docs/benchmarks.md.
# `make bench SCALE=2`, `make bench QUICK=1` (small and short), `ONLY=bulk,rebuild`,
# `REFRESH=1` (make the kept datasets again). Stops only the services it had to start.
bench: $(STAMP)
	@SCALE="$(SCALE)" QUICK="$(QUICK)" ONLY="$(ONLY)" REFRESH="$(REFRESH)" bash bench/run-bench

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q tests/unit

services-start:
	bash scripts/services-start

services-stop:
	bash scripts/services-stop

clean:
	bash scripts/services-stop --wipe || true
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache .hypothesis
