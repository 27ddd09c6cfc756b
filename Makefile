# ocpp-codegen: `make generate` sets everything up, writes generated/ocpp16 and verifies it against the
# schemas; `make test` tests it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed
SCHEMAS := schemas/OCPP-1.6-JSON-Schemas
OUT := generated/ocpp16
SOURCE_ARGS := --schemas $(SCHEMAS) --errata schemas/errata --out $(OUT)
GENERATE_ARGS := $(SOURCE_ARGS) --docs docs/ocpp16-catalogue.md

.PHONY: generate check test demo venv schemas clean bench

generate: schemas
	$(PY) -m ocpp_codegen generate $(GENERATE_ARGS)
	$(PY) -m ocpp_codegen verify $(SOURCE_ARGS)

check: schemas
	$(PY) -m ocpp_codegen check $(GENERATE_ARGS)

test: schemas
	$(PY) -m pytest

# The example Central System and simulated Charge Point, one session over websockets on 127.0.0.1.
demo: $(STAMP)
	PYTHONPATH=generated:examples $(PY) examples/demo.py

venv: $(STAMP)

$(STAMP): requirements/dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "ocpp-codegen needs Python 3.11 or newer (set PYTHON=...)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# Measures and writes docs/benchmarks.md and its charts (docs/bench-*.png) in a few minutes.
# BENCH_ARGS passes options, e.g. make bench BENCH_ARGS="--sections 1,4" (python -m bench --help).
bench: schemas $(BENCH_STAMP)
	$(PY) -m bench $(BENCH_ARGS)

$(BENCH_STAMP): requirements/bench.txt $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/bench.txt -c requirements/dev.txt
	touch $@

schemas: $(STAMP)
	$(PY) -m ocpp_codegen fetch-schemas --lock schemas/lock.json --out $(SCHEMAS)

clean:
	rm -rf $(VENV) $(SCHEMAS) .pytest_cache .mypy_cache .hypothesis
