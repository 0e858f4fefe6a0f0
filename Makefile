# make lab   - set up .venv (first time only) and open JupyterLab on notebooks/
# make test  - set up .venv (first time only) and run every test: unit, notebooks, browser
# make bench - the side-by-side benchmark (make bench-quick: the short CI version)
# make test-python PY=3.13 - unit tests and nbval on another Python (own venv, .venv-3.13)
# make test-lowest         - every test with the lowest versions pyproject.toml allows
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: lab test test-no-browser test-python test-lowest bench bench-quick notebooks lint clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.10 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 10) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e '.[test]' $(if $(wildcard $(VENV)/constraints.txt),-c $(VENV)/constraints.txt)
	touch $(STAMP)

# JupyterLab defaults for this venv (news and update pop-ups off: they would cover
# the panel); a learner can still change them in Settings.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_OVERRIDES): tools/lab_overrides.json $(STAMP)
	mkdir -p $(dir $@)
	cp tools/lab_overrides.json $@

# Jupyter refuses to run as root (containers, some VMs) unless told to.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)
LAB_ARGS ?=

lab: $(STAMP) $(LAB_OVERRIDES)
	$(BIN)/jupyter lab notebooks/ $(ROOT_FLAG) $(LAB_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest

# Other Pythons: pyenv's (`pyenv root`, else ~/.pyenv), else pythonX.Y on PATH.
# A Python that is not there is an error, never a skip.
PY ?= 3.10
LOWEST_PY ?= 3.10
PYENV_ROOT ?= $(or $(shell pyenv root 2>/dev/null),$(HOME)/.pyenv)
find_python = $(firstword $(wildcard $(PYENV_ROOT)/versions/$(1).*/bin/python$(1)) \
                          $(shell command -v python$(1) 2>/dev/null))
need_python = $(if $(call find_python,$(1)),$(call find_python,$(1)),$(error Python $(1) \
  was not found in $(PYENV_ROOT)/versions or as python$(1) on PATH: install it \
  (pyenv install $(1)) or choose another with PY=3.x))

# Unit tests and nbval on Python $(PY), in .venv-$(PY). The browser and network-
# namespace tests (slow, and they drive the same notebooks) run in `make test`
# and `make test-lowest`.
test-python:
	$(MAKE) --no-print-directory VENV=.venv-$(PY) PYTHON=$(call need_python,$(PY)) test-no-browser

test-no-browser: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not netns"

# Every test against exactly the lower bounds in pyproject.toml, on Python $(LOWEST_PY),
# in .venv-lowest (constraints.txt there is made by tools/lowest_pins.py).
test-lowest: $(STAMP)
	mkdir -p .venv-lowest
	$(BIN)/python tools/lowest_pins.py > .venv-lowest/constraints.txt
	$(MAKE) --no-print-directory VENV=.venv-lowest PYTHON=$(call need_python,$(LOWEST_PY)) test

bench: $(STAMP)
	$(BIN)/python -m bench

bench-quick: $(STAMP)
	$(BIN)/python -m bench --quick

notebooks: $(STAMP)
	$(BIN)/python tools/build_notebooks.py

lint: $(STAMP)
	$(BIN)/ruff check labkit tests tools bench

clean:
	rm -rf $(VENV) .venv-* *.egg-info
