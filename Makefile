# Two commands on a fresh machine: `make demo` and `make test`.
# uv installs exactly what uv.lock pins into .venv; uv itself is pinned below.
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON := $(shell command -v $(PYTHON))
# Bytecode is compiled at install: a machine that sets PYTHONDONTWRITEBYTECODE (CI,
# containers) would otherwise compile pandas, scipy and jamlik from source on every
# start (`jamlik --help` 0.55 s instead of 0.27 s; see benchmarks/cli_startup.py).
export UV_COMPILE_BYTECODE := 1

.PHONY: demo test install install-test serve bench clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV)
	$(UV) sync --frozen --all-extras --inexact
	$(VENV)/bin/python -m compileall -q src

install-test: $(UV)
	$(UV) sync --frozen --all-extras --group test
	$(VENV)/bin/python -m compileall -q src
	@bash scripts/install-browser.sh

demo: install
	$(VENV)/bin/jamlik demo

test: install-test
	@bash scripts/start-postgres.sh
	$(VENV)/bin/python -m pytest -n 2 --dist loadgroup

bench: install-test
	$(VENV)/bin/python benchmarks/import_bench.py
	$(VENV)/bin/python benchmarks/stats.py
	$(VENV)/bin/python benchmarks/uk_methods.py
	$(VENV)/bin/python benchmarks/report.py
	$(VENV)/bin/python benchmarks/web.py
	$(VENV)/bin/python benchmarks/xlsx_memory.py
	$(VENV)/bin/python benchmarks/heat_write.py
	$(VENV)/bin/python benchmarks/place.py
	$(VENV)/bin/python benchmarks/register.py
	$(VENV)/bin/python benchmarks/uptake.py
	$(VENV)/bin/python benchmarks/equality_report.py

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache tests/artifacts
