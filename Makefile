# derive: set-up, tests and demo.  `make help` lists the targets.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
KATEX  := build/katex/node_modules/katex/dist/katex.min.js
PIP    := $(PY) -m pip --disable-pip-version-check

.PHONY: help venv install tex browser test test-fast demo bench clean

help: ## list the targets
	@awk -F ':.*## ' '/^[a-z-]+:.*## /{printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

venv: $(VENV)/bin/pip ## create .venv (with PYTHON, default python3) when missing

# Keyed on bin/pip: a venv whose creation failed (no ensurepip) has bin/python but no pip.
$(VENV)/bin/pip:
	@if ! $(PYTHON) -c 'import ensurepip, venv' 2>/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv; \
	  else \
	    echo "$(PYTHON) -m venv is unavailable: run 'sudo apt-get install python3-venv', then retry." >&2; exit 1; \
	  fi; \
	fi
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)

install: $(STAMP) $(KATEX) ## pip install -e '.[test,dask]' into .venv (again when pyproject.toml changes), and KaTeX

$(STAMP): pyproject.toml | $(VENV)/bin/pip
	$(PIP) install -q -e '.[test,dask]'
	@touch $@

# KaTeX typesets the HTML class report offline; it comes from its npm package (npm from Debian when missing).
$(KATEX):
	@if ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y npm; \
	  else \
	    echo "npm is missing: run 'sudo apt-get install npm', then retry (KaTeX for HTML reports)." >&2; exit 1; \
	  fi; \
	fi
	npm install --prefix build/katex --no-audit --no-fund --silent katex@0.16

TEX_PACKAGES := texlive-latex-base texlive-latex-recommended texlive-fonts-recommended latexmk poppler-utils

tex: ## TeX Live for PDFs (and poppler's pdftotext/pdftoppm for their tests), from Debian's packages, when missing
	@if ! command -v pdflatex >/dev/null || ! command -v latexmk >/dev/null || ! command -v pdftotext >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(TEX_PACKAGES); \
	  else \
	    echo "TeX is missing: run 'sudo apt-get install $(TEX_PACKAGES)' for 'derive pdf'." >&2; \
	  fi; \
	fi

browser: ## headless Chromium for the page tests (Debian's package), when missing
	@if ! command -v chromium >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	  else \
	    echo "chromium is missing: run 'sudo apt-get install chromium' for the page tests." >&2; \
	  fi; \
	fi

test: install browser tex ## run the whole test suite, slow tests included (what CI runs)
	$(PY) -m pytest

test-fast: install ## run the tests not marked slow
	$(PY) -m pytest -m "not slow"

SAMPLE_TRANSCRIPT := ../shared/transcripts/gpt4o_hw3.md

demo: install tex ## solve and verify hw3, typeset out/hw3-solutions.pdf, check the sample transcript when it is beside the repository
	$(VENV)/bin/derive solve hw3
	$(VENV)/bin/derive verify hw3
	$(VENV)/bin/derive pdf hw3 -o out/hw3-solutions.pdf
	@if [ -f $(SAMPLE_TRANSCRIPT) ]; then $(VENV)/bin/derive check $(SAMPLE_TRANSCRIPT); fi

bench: install ## run each benchmarks/*.py with the venv python
	@set -e; for f in $(wildcard benchmarks/*.py); do echo "== $$f"; $(PY) $$f; done

clean: ## remove .venv, build outputs, caches and benchmarks/out
	rm -rf $(VENV) build dist *.egg-info .pytest_cache benchmarks/out out
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
