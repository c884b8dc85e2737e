# Taawuniya Academy — the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-db test-e2e lint bench install messages demo worker clean

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
	DJANGO_SETTINGS_MODULE=academy.settings.dev $(MANAGE) runserver $(HOST):$(PORT)

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

clean:
	rm -rf $(VENV) static_collected .test-media
