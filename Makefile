# make lab   - set up .venv (first time only) and open JupyterLab on notebooks/
# make test  - set up .venv (first time only) and run every test: unit, notebooks, browser, hub,
#              and two whole-suite notebook runs at once (tests/test_shared_machine.py)
# make bench - the side-by-side benchmark (make bench-quick: the short CI version)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: lab test hub-deps bench bench-quick notebooks lint clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.10 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 10) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e '.[test]'
	touch $(STAMP)

# Jupyter refuses to run as root (containers, some VMs) unless told to.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)
LAB_ARGS ?=

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/ $(ROOT_FLAG) $(LAB_ARGS)

# configurable-http-proxy, JupyterHub's proxy, comes from npm (pip cannot install it):
# tests/test_hub.py needs it.  Without npm here the hub test says why and skips,
# except under CI, where it fails (.ci/run installs it first).
hub-deps:
	@command -v configurable-http-proxy >/dev/null 2>&1 \
	  || npm install -g configurable-http-proxy \
	  || echo "configurable-http-proxy could not be installed (npm install -g failed): tests/test_hub.py will be skipped."

test: $(STAMP) hub-deps
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench

bench-quick: $(STAMP)
	$(BIN)/python -m bench --quick

notebooks: $(STAMP)
	$(BIN)/python tools/build_notebooks.py

lint: $(STAMP)
	$(BIN)/ruff check labkit tests tools bench

clean:
	rm -rf $(VENV) *.egg-info
