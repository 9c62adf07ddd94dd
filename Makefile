# Plenum: `make run` serves the demo network, `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# `make run` serves the demo as a visitor sees it (styled 404 page, no tracebacks);
# `make run DEBUG=1` shows Django's debug pages instead.
DEBUG  ?= 0
# Parallel where it helps: two workers on two cores; set PYTEST_WORKERS=0 to debug.
PYTEST_WORKERS ?= 2

.PHONY: run install migrate seed test test-postgres test-worker test-browser test-s3 scale-out reliability reliability-nightly validate-papers schemathesis lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed_demo

# `make run`: web server, Celery worker and beat (honcho, Procfile.dev), stopped
# together with Ctrl-C. The broker is folders under .run/broker/ (no server);
# renders, previews and emails run in the worker. `make seed` renders the demo's
# papers in-process (eager) before.
run: seed
	PATH="$(abspath $(BIN)):$$PATH" DJANGO_DEBUG=$(DEBUG) CELERY_BROKER_URL=filesystem://localhost// \
		$(BIN)/honcho -f Procfile.dev start

test: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q

test-postgres: install
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n $(PYTEST_WORKERS) -q

# Legs that need the real stack (.ci/run): a Celery worker on Redis, Chromium.
# Exit code 5 (no test collected) is not a failure while a leg has no tests yet.
test-worker: install
	DATABASE_URL=$(PG_URL) CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/15} \
		$(BIN)/pytest -q -m worker -p no:xdist; rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 5 ]

test-browser: install
	$(BIN)/pytest -q -m browser -p no:xdist; rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 5 ]

# Papers and the logo in an S3 object store: moto's server on loopback (S3_TEST_PORT).
test-s3: install
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -m s3 -p no:xdist

# Scale-out (tests/scale): 2 gunicorns + 3 Celery workers + beat on Redis, then on
# RabbitMQ, against one PostgreSQL; the ballot, transition and paper races over HTTP.
# SCALE_REDIS_URL, SCALE_AMQP_URL, SCALE_PORT_BASE (8190: uses 4 ports); < 5 min.
scale-out: install
	DATABASE_URL=$(PG_URL) timeout 300 $(BIN)/pytest -q -m scale -p no:xdist tests/scale
# The suite against the running service (tests/reliability/, docs/RELIABILITY.md):
# gunicorn (4 workers, production settings), Celery on Redis, PostgreSQL; ports
# from RELIABILITY_PORT (10 of them), Redis database RELIABILITY_REDIS_URL.
# `reliability-nightly` adds the long cases (marker `nightly`).
REL_PG_URL ?= $(PG_URL)
reliability: install
	DATABASE_URL=$(REL_PG_URL) $(BIN)/pytest -q -p no:xdist -m 'reliability and not nightly' tests/reliability

reliability-nightly: install
	DATABASE_URL=$(REL_PG_URL) $(BIN)/pytest -q -p no:xdist -m reliability tests/reliability

# The demo's papers and the hard paper (~100 pages), rendered with the current
# code and checked by page (PDF/UA-1, PDF/A-2a) and outloud; fails on any error.
validate-papers: install
	@dir=$$(mktemp -d) && trap 'rm -rf "$$dir"' EXIT && \
	export DATABASE_URL=sqlite:///$$dir/demo.sqlite3 DJANGO_MEDIA_ROOT=$$dir/media DJANGO_DEBUG=1 && \
	$(BIN)/python manage.py migrate --noinput -v0 && \
	$(BIN)/python manage.py seed_demo >/dev/null && \
	$(BIN)/python manage.py papers_validate --keep $${PAPERS_KEEP:-$$dir/pdf}
# schemathesis against /api/schema/ as a representative, a chair and the secretariat,
# on a throwaway demo database and gunicorn (.ci/schemathesis.sh; ST_EXAMPLES=, ST_SEED=).
schemathesis: install
	PYTHON=$(BIN)/python .ci/schemathesis.sh

bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	DATABASE_URL=$${BENCH_DATABASE_URL:-$(PG_URL)} $(BIN)/python -m bench

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3* .test-media media staticfiles .run
