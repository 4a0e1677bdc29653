# childtrust: the two commands a newcomer needs are `make demo` and `make test`.
# Both build what they need first (`make install`), from the lock files only.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PATH := $(CURDIR)/$(BIN):$(PATH)

PYTHON_STAMP := $(VENV)/.installed
FRONTEND_STAMP := var/frontend/.built

.PHONY: install demo test lint typecheck check bench bench-web bench-voice bench-outcomes bench-resources bench-strategy bench-search bench-children-search bench-linkage bench-safeguarding install-spark bench-imports bench-write-load bench-tests load-tool lock browser clean

install: $(PYTHON_STAMP) $(FRONTEND_STAMP)

# --no-compile: Python compiles a module the first time it is imported instead, so an install
# does not spend 15 s compiling every module of every package, most of them never used.
$(PYTHON_STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-compile --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(FRONTEND_STAMP): package-lock.json package.json frontend/childtrust.scss $(wildcard frontend/components/*.scss)
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p var/frontend/govuk
	npm run --silent build
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js var/frontend/govuk/
	rm -rf var/frontend/govuk/assets
	cp -r node_modules/govuk-frontend/dist/govuk/assets var/frontend/govuk/assets
	mkdir -p var/frontend/accessible-autocomplete
	# With their source maps, which the scripts name: collectstatic's manifest refuses a missing one.
	cp node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.* var/frontend/accessible-autocomplete/
	touch $@

# Serves the demo partnership on the embedded SQLite database with a production-grade server.
demo: export CHILDTRUST_DEMO = 1
demo: install
	$(BIN)/childtrust migrate --no-input
	$(BIN)/childtrust load_demo --if-empty
	$(BIN)/childtrust collectstatic --no-input --verbosity 0
	$(BIN)/childtrust demo_accounts
	@echo "Serving childtrust on http://127.0.0.1:$(PORT) with a background worker (Ctrl+C stops both)"
	$(BIN)/childtrust worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/gunicorn childtrust.wsgi --config python:childtrust.gunicorn_conf --bind 127.0.0.1:$(PORT)

# The whole suite, on every core (pytest-xdist); with DATABASE_URL set it runs on PostgreSQL
# (tests/conftest.py says which tests run on which database). Python keeps its bytecode cache
# even where the environment turns it off (PYTHONDONTWRITEBYTECODE): otherwise every worker of
# every run compiles the test modules again, pytest rewriting their asserts, for seconds each.
test: install browser
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest

# Debian's Chromium drives the browser tests; install it when we can (root on Debian).
browser:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) ; } || \
	  echo "Chromium is not installed: browser tests will be skipped (apt-get install chromium)."

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

check: lint typecheck test

# Benchmarks measure on this machine and write their figures to docs/benchmarks.md.
bench: install load-tool
	$(BIN)/python -m benchmarks.run all

bench-web: install load-tool
	$(BIN)/python -m benchmarks.run web

bench-voice: install
	$(BIN)/python -m benchmarks.run voice-reach

bench-outcomes: install
	$(BIN)/python -m benchmarks.run outcomes

bench-resources: install
	$(BIN)/python -m benchmarks.run resources

bench-strategy: install
	$(BIN)/python -m benchmarks.run strategy

bench-workforce: install
	$(BIN)/python -m benchmarks.run workforce-measures workforce-import

# The search with 20,000 services and 20,000 staff, on SQLite and PostgreSQL: p95 under 100 ms.
bench-search: install
	$(BIN)/python -m benchmarks.run search

# Finding a child among 60,000 on SQLite and PostgreSQL.
bench-children-search: install
	$(BIN)/python -m benchmarks.run children-search

# Record linkage at 10,000, 100,000 and 1,000,000 records against Splink alone, and the whole
# path from import to stored links at a million (about 15 minutes on two cores).
bench-linkage: install
	$(BIN)/python -m benchmarks.run linkage

# Safeguarding (issue 17): a million concerns about 100,000 children, from a new concern to its
# alert and the nightly evaluation, on PostgreSQL and SQLite (BENCH_SAFEGUARDING_DATABASES=
# postgresql for one): about 5 minutes.
bench-safeguarding: install
	$(BIN)/python -m benchmarks.run safeguarding

# The Spark backend for a national index (CHILDTRUST_LINKAGE_BACKEND=spark): pyspark (~450 MB)
# and Splink's Spark extra, kept out of the main install; needs Java 17. Its lock file is the
# main one plus pyspark and py4j.
SPARK_STAMP := $(VENV)/.installed-spark

install-spark: install $(SPARK_STAMP)

$(SPARK_STAMP): requirements-spark.lock $(PYTHON_STAMP)
	$(BIN)/python -m pip install --quiet --no-compile --require-hashes -r requirements-spark.lock
	touch $@

# 20 people writing through the pages and the API while a 200,000-row indicator import runs, on
# SQLite and PostgreSQL: about 10 minutes; BENCH_SECONDS=30 for a shorter load.
bench-write-load: install
	$(BIN)/python -m benchmarks.run write-load

bench-imports: install
	$(BIN)/python -m benchmarks.run imports

# CI's time (.ci/run on a fresh clone) before the structure issue and now: about 20 minutes.
bench-tests: install
	$(BIN)/python -m benchmarks.run test-suite

load-tool:
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } || \
	  { echo "wrk is needed for the web benchmark: apt-get install wrk"; exit 1; }

# Regenerates the Python lock files from pyproject.toml (needs uv: pip install uv); the Spark
# one is held to the main one's versions.
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock
	uv pip compile pyproject.toml --extra dev --extra spark --generate-hashes --python-version 3.11 \
	  -c requirements.lock -o requirements-spark.lock

clean:
	rm -rf $(VENV) node_modules var/frontend var/static
