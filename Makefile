# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: run test lint format bench clean

# Rebuilt whenever a requirements file or pyproject.toml changes. The second
# install puts this project in .venv in editable mode, with the `planner`
# command in .venv/bin; it builds with the pinned setuptools, downloading nothing.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(VENV)/bin/pip || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.headless true

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: lint
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) scripts/bench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build *.egg-info
