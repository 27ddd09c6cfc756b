# ocpp-codegen: `make generate` sets everything up, writes generated/ocpp16 and verifies it against the
# schemas; `make test` tests it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SCHEMAS := schemas/OCPP-1.6-JSON-Schemas
OUT := generated/ocpp16
GENERATE_ARGS := --schemas $(SCHEMAS) --errata schemas/errata --out $(OUT)

.PHONY: generate check test venv schemas clean

generate: schemas
	$(PY) -m generator generate $(GENERATE_ARGS)
	$(PY) -m generator verify $(GENERATE_ARGS)

check: schemas
	$(PY) -m generator check $(GENERATE_ARGS)

test: schemas
	$(PY) -m pytest

venv: $(STAMP)

$(STAMP): requirements/dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "ocpp-codegen needs Python 3.11 or newer (set PYTHON=...)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

schemas: $(STAMP)
	$(PY) -m generator fetch-schemas --lock schemas/lock.json --out $(SCHEMAS)

clean:
	rm -rf $(VENV) $(SCHEMAS) .pytest_cache .mypy_cache .hypothesis
