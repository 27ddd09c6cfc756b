# ocpp-codegen: `make generate` sets everything up, writes generated/ocpp16, generated/ocpp201 and
# generated/ocpp21 with their catalogues in docs/, and verifies each against its schemas; `make test`
# tests them.
#
# One venv per Python: .venv for the default python3, .venv-3.X for PYTHON=/path/to/python3.X.
# A venv records the interpreter it was made with, and is made anew when that changes.
PYTHON ?= python3
PYTHON_MINOR = $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
VENV := $(if $(filter file,$(origin PYTHON)),.venv,.venv-$(PYTHON_MINOR))
PY := $(VENV)/bin/python
INTERPRETER = $(shell $(PYTHON) -c 'import os, sys; print(os.path.realpath(sys.executable), sys.version.split()[0])')
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed
NODE_BENCH := bench/node
NODE_STAMP := $(NODE_BENCH)/node_modules/.installed
SCHEMAS := schemas/OCPP-1.6-JSON-Schemas
OUT := generated/ocpp16
PIP := -m pip install --quiet --disable-pip-version-check

# The schema sets, one package each: generated/<set>, docs/<set>-catalogue.md (`ocpp-codegen --set`).
SETS := ocpp16 ocpp201 ocpp21
# Schema samples per message verify draws, per set; the corpus and the mutations of every valid
# text come on top. The 2.x messages are large (mutations grow with each sample), so fewer
# samples there keep `.ci/run` (three Pythons) within its budget while every message is still
# checked. A deeper run by hand: `make verify VERIFY_EXAMPLES=10`.
VERIFY_EXAMPLES_ocpp16 := 10
VERIFY_EXAMPLES_ocpp201 := 2
VERIFY_EXAMPLES_ocpp21 := 1
verify_examples = $(if $(VERIFY_EXAMPLES),$(VERIFY_EXAMPLES),$(VERIFY_EXAMPLES_$(1)))

.PHONY: generate check verify test test-runtimes demo venv schemas clean bench node-bench \
	$(SETS:%=generate-%) $(SETS:%=check-%) $(SETS:%=verify-%)

# Every package is written first, by one run of the generator (one start-up for all sets), then
# each verified; the first one that fails stops make, naming it. generate-SET writes one set.
generate: schemas
	$(PY) -m ocpp_codegen generate $(SETS:%=--set %) --docs 'docs/{set}-catalogue.md'
	$(MAKE) --no-print-directory verify

$(SETS:%=generate-%): generate-%: schemas
	$(PY) -m ocpp_codegen generate --set $* --docs docs/$*-catalogue.md

check: $(SETS:%=check-%)
	$(MAKE) --no-print-directory verify

$(SETS:%=check-%): check-%: schemas
	$(PY) -m ocpp_codegen check --set $* --docs docs/$*-catalogue.md

verify: $(SETS:%=verify-%)

$(SETS:%=verify-%): verify-%: schemas
	$(PY) -m ocpp_codegen verify --set $* --examples $(call verify_examples,$*)

# The bench's own tests run its validators (fastjsonschema, jsonschema-rs), so test installs them too.
test: schemas $(BENCH_STAMP) node-bench redis-server strace
	$(PY) -m pytest

# The cluster's tests run a real Redis: the distribution's package, installed when missing.
.PHONY: redis-server
redis-server:
	@command -v redis-server >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server; }

# The bench counts a central system's system calls with strace (its test attaches it to the floor).
.PHONY: strace
strace:
	@command -v strace >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends strace; }

# One central system (examples/csms.py), a 1.6 charge point and a 2.0.1 charging station, over websockets on 127.0.0.1.
demo: $(STAMP)
	PYTHONPATH=generated:examples $(PY) examples/demo.py

venv: $(STAMP)

# The stamp names the interpreter; a venv made by another one (python3 upgraded) is made anew.
$(STAMP): requirements/dev.txt pyproject.toml $(if $(filter-out $(INTERPRETER),$(file < $(VENV)/.interpreter)),FORCE)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "ocpp-codegen needs Python 3.11 or newer (set PYTHON=...)" >&2; exit 1; }
	@if [ -d $(VENV) ] && [ "$$(cat $(VENV)/.interpreter 2>/dev/null)" != "$(INTERPRETER)" ]; then \
		echo "$(VENV) was made by another interpreter: making it anew"; rm -rf $(VENV); fi
	$(PYTHON) -m venv $(VENV)
	echo "$(INTERPRETER)" > $(VENV)/.interpreter
	$(PY) $(PIP) -r requirements/dev.txt
	$(PY) $(PIP) --no-deps --no-build-isolation -e .
	touch $@

FORCE:

# The generated package against the oldest and the newest supported pydantic and websockets
# (generator/runtime.toml), each in a venv of its own under $(VENV)/runtimes: `verify` and the
# runtime tests. Then the package must refuse, at import, a release outside the range.
RUNTIMES := $(VENV)/runtimes
RUNTIME_TESTS := tests/test_models.py tests/test_package.py tests/test_dispatch.py tests/test_dispatch_corpus.py \
	tests/test_interop.py tests/test_interop_transport.py tests/test_interop_examples.py \
	tests/test_models_v2.py tests/test_interop_v201.py tests/test_interop_v21.py tests/test_examples_v201.py
runtime_releases = $(shell $(PY) -m generator.runtime_versions $(1))

test-runtimes: schemas $(RUNTIMES)/floor/.installed $(RUNTIMES)/newest/.installed \
		$(RUNTIMES)/refused-pydantic/.installed $(RUNTIMES)/refused-websockets/.installed
	for role in floor newest; do \
		$(foreach set,$(SETS),$(RUNTIMES)/$$role/bin/python -m generator verify --set $(set) --examples $(call verify_examples,$(set)) && ) \
		$(RUNTIMES)/$$role/bin/python -m pytest -p no:cacheprovider -q $(RUNTIME_TESTS) || exit 1; \
	done
	$(RUNTIMES)/refused-pydantic/bin/python .ci/expect_refusal.py $(OUT) "" pydantic
	$(RUNTIMES)/refused-websockets/bin/python .ci/expect_refusal.py $(OUT) transport websockets

# floor and newest: the development environment with those releases of pydantic and websockets.
$(RUNTIMES)/floor/.installed $(RUNTIMES)/newest/.installed: requirements/dev.txt generator/runtime.toml $(STAMP)
	rm -rf $(@D) && $(PYTHON) -m venv $(@D)
	$(@D)/bin/python $(PIP) $$(grep -v -i -e '^\#' -e '^pydantic' -e '^websockets' requirements/dev.txt) \
		$(call runtime_releases,$(notdir $(@D)))
	$(@D)/bin/python $(PIP) --no-deps --no-build-isolation -e .
	touch $@

# refused-X: X outside its range, the other dependency at its newest; nothing else.
$(RUNTIMES)/refused-%/.installed: generator/runtime.toml $(STAMP)
	rm -rf $(@D) && $(PYTHON) -m venv $(@D)
	$(@D)/bin/python $(PIP) $(call runtime_releases,refused $*)
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

# Every pinned schema set.
schemas: $(STAMP)
	$(PY) -m ocpp_codegen fetch-schemas --lock schemas/lock.json --out $(SCHEMAS)
	$(PY) -m ocpp_codegen fetch-schemas --set ocpp201
	$(PY) -m ocpp_codegen fetch-schemas --set ocpp21

clean:
	rm -rf .venv .venv-* $(SCHEMAS) $(NODE_BENCH)/node_modules .pytest_cache .mypy_cache .hypothesis
