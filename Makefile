# ocpp-codegen: `make generate` sets everything up, writes generated/ocpp16 and verifies it against the
# schemas; `make test` tests it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed
NODE_BENCH := bench/node
NODE_STAMP := $(NODE_BENCH)/node_modules/.installed
SCHEMAS := schemas/OCPP-1.6-JSON-Schemas
OUT := generated/ocpp16
SOURCE_ARGS := --schemas $(SCHEMAS) --errata schemas/errata --out $(OUT)
GENERATE_ARGS := $(SOURCE_ARGS) --docs docs/ocpp16-catalogue.md

.PHONY: generate check test demo venv schemas clean bench node-bench

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
bench: schemas $(BENCH_STAMP) node-bench
	$(PY) -m bench $(BENCH_ARGS)

# The Node contender (ocpp-rpc, pinned by bench/node/package-lock.json) in a git-ignored folder;
# without node and npm the bench skips it and says so in its report.
node-bench:
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
		$(MAKE) -s --no-print-directory $(NODE_STAMP); \
	else \
		echo "bench: node or npm is missing: ocpp-rpc is skipped" >&2; \
	fi

$(NODE_STAMP): $(NODE_BENCH)/package.json $(NODE_BENCH)/package-lock.json
	npm ci --prefix $(NODE_BENCH) --no-audit --no-fund --loglevel=error
	touch $@

$(BENCH_STAMP): requirements/bench.txt $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/bench.txt -c requirements/dev.txt
	touch $@

schemas: $(STAMP)
	$(PY) -m ocpp_codegen fetch-schemas --lock schemas/lock.json --out $(SCHEMAS)

clean:
	rm -rf $(VENV) $(SCHEMAS) $(NODE_BENCH)/node_modules .pytest_cache .mypy_cache .hypothesis
