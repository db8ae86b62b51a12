# Quick start: `make run` audits corpus/ with the default rules; `make test` type-checks auditor/
# (mypy, zero errors) and runs the test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test typecheck reports docs bench browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/auditor check corpus/ --fail-on never

# Debian's Chromium (and a CJK font for readable screenshots) for the browser tests; when they
# cannot be installed the browser tests skip with the reason and the rest still runs.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null) \
	      || echo "note: chromium could not be installed; browser tests will be skipped"; \
	  else echo "note: no apt-get or not root; browser tests will be skipped"; fi; \
	fi

test: $(STAMP_TEST) browser
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -q

typecheck: $(STAMP_TEST)
	$(BIN)/python -m mypy

reports: $(STAMP_RUN)
	$(BIN)/python -m auditor.tools.make_reports

docs: $(STAMP_RUN)
	$(BIN)/python -m auditor.tools.make_docs

bench: $(STAMP_TEST)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
