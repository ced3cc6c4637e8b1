# The two commands: `make report` renders the default report (Xingyang, 2025, shipped data);
# `make test` runs the whole test suite. Both set up everything they need first.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LAB ?= .venv-lab
LAB_PORT ?= 8888

.PHONY: report test test-airflow setup fonts lab notebooks bench lint lock wheelhouse clean

# The default report: reports/xingyang/2025/<cut-off>/ (HTML pages, summary.json, Excel).
report: setup
	$(BIN)/xyforecast render --region xingyang --year 2025

test: setup
	$(BIN)/python -m pytest

# The opt-in Airflow tier: Airflow in its own environment (.venv-airflow/, installed on the
# first run) runs examples/airflow/xyforecast_province.py with `airflow dags test`.
test-airflow: setup
	$(BIN)/python -m pytest -m airflow -n 0 tests/test_airflow.py

setup: $(STAMP) fonts

# Byte-compile everything once: this machine sets PYTHONDONTWRITEBYTECODE=1, so an
# uncompiled environment pays for compilation at every kernel start.
$(STAMP): pyproject.toml requirements.lock
	@echo "Setting up $(VENV)/: about 1 minute of CPU the first time (1-2 minutes on 2 cores," \
	  "longer on a slow line: about 150 MB to download), nothing to do afterwards"
	@echo "  [1/4] a virtual environment"
	@$(PYTHON) -m venv $(VENV)
	@echo "  [2/4] the pinned packages of requirements.lock (most of the time)"
	@$(BIN)/python -m pip install -q -c requirements.lock -e '.[test]'
	@echo "  [3/4] byte-compiling them"
	@$(BIN)/python -m compileall -q -j 0 $(VENV)/lib xyforecast benchmarks
	@echo "  [4/4] the python3 kernel the notebooks run in"
	@$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $@
	@echo "Set up: $(VENV)/"

fonts:
	@bash scripts/install-fonts.sh

# JupyterLab for people, in its own environment so that tests never import it; its notebooks
# run in the python3 kernel of $(VENV) (JUPYTER_PATH), where xyforecast is. No browser opens
# (a server, a container, root): open the URL it prints. LAB_PORT=8890 to use another port.
lab: setup
	@test -x $(LAB)/bin/jupyter || { \
	  echo "Installing JupyterLab into $(LAB)/ (once, about 30 s)"; \
	  $(PYTHON) -m venv $(LAB) && \
	  $(LAB)/bin/python -m pip install -q -c requirements.lock jupyterlab; }
	@echo "Starting JupyterLab on 127.0.0.1; open the URL with its token printed below" \
	  "(Ctrl-C stops it)"
	JUPYTER_PATH=$(CURDIR)/$(VENV)/share/jupyter $(LAB)/bin/jupyter lab \
	  --no-browser --ip=127.0.0.1 --port=$(LAB_PORT) --ServerApp.root_dir=notebooks \
	  $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

# Re-execute the committed notebooks with their default parameters after an intended change,
# on the shipped data only (data/ without local/: nobody's own figures in a tracked file);
# `git diff notebooks/` then shows exactly which checked numbers moved.
notebooks: setup
	$(BIN)/python -m xyforecast.runner.refresh

bench: setup
	$(BIN)/python -m benchmarks.speed
	$(BIN)/python -m benchmarks.accuracy
	$(BIN)/python -m benchmarks.render
	$(BIN)/python -m benchmarks.province

lint: setup
	$(BIN)/ruff check .

# Pin what `make setup` installs; run after changing dependencies in pyproject.toml.
lock:
	rm -rf /tmp/xyforecast-lock && $(PYTHON) -m venv /tmp/xyforecast-lock
	/tmp/xyforecast-lock/bin/pip install -q '.[test,lab]'
	/tmp/xyforecast-lock/bin/pip freeze --exclude xyforecast | sort > requirements.lock

# Every wheel an offline machine needs (Linux and Windows), pinned by requirements.lock:
# copy wheelhouse/ and the checkout, then pip install --no-index --find-links (README).
wheelhouse:
	bash scripts/wheelhouse.sh wheelhouse linux windows

clean:
	rm -rf $(VENV) $(LAB) reports/*/
