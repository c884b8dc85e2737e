# Taawuniya Academy — the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-db test-e2e lint bench bench-load bench-overload install messages demo worker clean openapi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

messages: install
	$(BIN)/python -m academy.catalogues

run: install messages
	DJANGO_SETTINGS_MODULE=academy.settings.dev $(MANAGE) migrate --noinput
	DJANGO_SETTINGS_MODULE=academy.settings.dev $(MANAGE) load_demo
	@echo "Taawuniya Academy: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/cms/)"
	@# One task worker beside the web server (certificates, emails, reminders); it stops with it.
	DJANGO_SETTINGS_MODULE=academy.settings.dev $(MANAGE) db_worker --reload & \
	  worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DJANGO_SETTINGS_MODULE=academy.settings.dev $(MANAGE) runserver $(HOST):$(PORT)

# A task worker on its own (e.g. a second terminal, or several of them).
worker: install
	DJANGO_SETTINGS_MODULE=academy.settings.dev $(MANAGE) db_worker

# The whole suite on the embedded SQLite database (browser tests included when Chromium is
# installed; PostgreSQL-only tests run in `make test-db`).
test: install messages
	$(BIN)/python -m pytest -q

# The suite again against DATABASE_URL (PostgreSQL in CI), browser tests excepted.
test-db: install messages
	$(BIN)/python -m pytest -q -m "not e2e"

test-e2e: install messages
	$(BIN)/python -m pytest -q -m e2e

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=academy.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=academy.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/lint-imports

bench: install messages
	$(BIN)/python bench/lesson_page.py
	$(BIN)/python bench/quiz_submit.py
	$(BIN)/python bench/bank.py
	$(BIN)/python bench/certificates.py
	$(BIN)/python bench/cooperatives.py
	$(BIN)/python bench/pageweight.py

# The load test against the multi-node layout on loopback (deploy/README.md): starts it if
# needed, then locust headless; prints p50/p95/p99 per request type, requests/s and errors, and
# whether every "done" answered 2xx/3xx is in the database.
# For the 100,000-learner data set run `manage.py seed_scale` against the cluster once first.
# Failure drills mid-run: `make bench-load KILL_DURING=web1,worker KILL_AFTER=20s`.
bench-load: install messages
	deploy/local-cluster.sh up
	$(BIN)/locust -f bench/locustfile.py --headless -u $${USERS:-20} -r 5 -t $${DURATION:-60s} \
	  --host http://127.0.0.1:$${CLUSTER_PORT:-8100} --only-summary

# Overload drill against the same layout (deploy/README.md, "Overload"): normal load, a flood of
# FLOOD connections for OVERLOAD seconds (429/503 expected, never another 5xx), then the time
# until latency is back to normal.
bench-overload: install messages
	deploy/local-cluster.sh up
	$(BIN)/python bench/overload_drill.py --normal $${NORMAL:-20} --overload $${OVERLOAD:-30} \
	  --flood $${FLOOD:-200}

# Refresh the committed OpenAPI schema (tests/api/test_schema.py fails when it is stale).
openapi: install
	DJANGO_SETTINGS_MODULE=academy.settings.test $(MANAGE) spectacular --file academy/openapi.yaml --lang en --validate --fail-on-warn

clean:
	rm -rf $(VENV) static_collected .test-media
