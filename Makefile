# SMOTE Explorer — the two commands in the README are the contract:
#   make run   creates .venv, installs, and starts the app at http://localhost:8501
#   make test  creates .venv, installs runtime + dev requirements, makes sure Chromium is there, runs ruff, then every
#              test
#   make lint  ruff check . (the configuration is in pyproject.toml)
# Both install smote_core itself editable (pip install -e . --no-deps) on top of requirements.txt, so the tests and
# benchmarks import the installed package.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
CHROMIUM ?= /usr/bin/chromium
WORKERS ?= 2
NGINX ?= /usr/sbin/nginx

.PHONY: run serve test lint bench load chromium nginx clean

$(VENV)/.runtime: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet -e . --no-deps
	touch $@

# smote-variants (a test-only oracle for the samplers imbalanced-learn lacks) declares tensorflow, keras and mkl,
# which it does not need to import: installed without its declared dependencies (requirements-dev.txt has the rest).
$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps smote-variants==1.0.1
	touch $@

# SMOTE_WARM_UP=1: the server compiles UMAP's numba code in the background at the first visit (~20 s of one core).
# MALLOC_ARENA_MAX=2: every rerun runs in a new thread; fewer malloc arenas keep the server's memory from creeping up
# (the load test: 30 sessions peaked at 1.85 GB with it, 1.96 GB and still growing without).
run: $(VENV)/.runtime
	SMOTE_WARM_UP=1 MALLOC_ARENA_MAX=2 $(PY) -m streamlit run app.py --server.port $(PORT) --server.address 0.0.0.0 \
		--server.headless true --browser.gatherUsageStats false

# WORKERS streamlit processes behind nginx with sticky sessions (a cookie nginx sets) on $(PORT): a class on
# several cores. See smote_core/serve.py (and the README's "Serving a class") for the same layout on several machines.
serve: $(VENV)/.runtime nginx
	$(PY) -m smote_core.serve --workers $(WORKERS) --port $(PORT) --address 0.0.0.0 --nginx $(NGINX)

nginx:
	@if [ -x "$(NGINX)" ]; then echo "nginx: $(NGINX)"; \
	elif [ "$$(id -u)" = "0" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
		if command -v systemctl >/dev/null 2>&1; then systemctl disable --now nginx >/dev/null 2>&1 || true; fi; \
	else echo "nginx is missing and we are not root: install Debian's 'nginx' package" >&2; exit 1; fi

chromium:
	@if [ -x "$(CHROMIUM)" ]; then echo "chromium: $(CHROMIUM)"; \
	elif [ "$$(id -u)" = "0" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "chromium is missing and we are not root: install Debian's 'chromium' package" >&2; exit 1; fi

lint: $(VENV)/.dev
	$(PY) -m ruff check .

# ruff first: a lint finding fails `make test` before the (long) test run starts. The tests without a browser run on
# both cores (pytest-xdist); the browser tests after them, alone, so that a browser and its server never wait on a
# core another test holds (their waits and the classroom test's latencies stay what a quiet machine gives).
TEST_WORKERS ?= 2
test: $(VENV)/.dev chromium nginx
	$(PY) -m ruff check .
	$(PY) -m pytest -m "not browser" -n $(TEST_WORKERS)
	$(PY) -m pytest -m browser

bench: $(VENV)/.dev
	$(PY) -m benchmarks.run

# The classroom load test in full (30 agent-API sessions + 3 browsers uploading 10,000 rows, ~5 min); writes
# benchmarks/load.md.
# `make test` runs its short version.
load: $(VENV)/.dev chromium
	LOAD_FULL=1 MALLOC_ARENA_MAX=2 $(PY) -m pytest tests/browser/test_load.py -m load -s

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
