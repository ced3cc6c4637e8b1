# The two commands: `make report` renders the default report (Xingyang, 2025, shipped data);
# `make test` runs the whole test suite. Both set up everything they need first.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test setup fonts lab notebooks bench lint lock clean

# The default report: reports/xingyang/2025/<cut-off>/ (HTML pages, summary.json, Excel).
report: setup
	$(BIN)/xyforecast render --region xingyang --year 2025

test: setup
	$(BIN)/python -m pytest

setup: $(STAMP) fonts

# Byte-compile everything once: this machine sets PYTHONDONTWRITEBYTECODE=1, so an
# uncompiled environment pays for compilation at every kernel start.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[test]'
	$(BIN)/python -m compileall -q -j 0 $(VENV)/lib xyforecast benchmarks
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

fonts:
	@bash scripts/install-fonts.sh

# JupyterLab for people, in its own environment so tests never import it.
lab: fonts
	test -x .venv-lab/bin/jupyter || ( $(PYTHON) -m venv .venv-lab && \
	  .venv-lab/bin/python -m pip install -q -c requirements.lock -e '.[lab]' )
	.venv-lab/bin/jupyter lab notebooks/

# Re-execute the committed notebooks with their default parameters after an intended change;
# `git diff notebooks/` then shows exactly which checked numbers moved.
notebooks: setup
	$(BIN)/python -m xyforecast.report.refresh

bench: setup
	$(BIN)/python -m benchmarks.speed
	$(BIN)/python -m benchmarks.accuracy
	$(BIN)/python -m benchmarks.render

lint: setup
	$(BIN)/ruff check .

# Pin what `make setup` installs; run after changing dependencies in pyproject.toml.
lock:
	rm -rf /tmp/xyforecast-lock && $(PYTHON) -m venv /tmp/xyforecast-lock
	/tmp/xyforecast-lock/bin/pip install -q '.[test,lab]'
	/tmp/xyforecast-lock/bin/pip freeze --exclude xyforecast | sort > requirements.lock

clean:
	rm -rf $(VENV) .venv-lab reports/*/
