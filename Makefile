# Ekspertbistand: the two commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
APT_PACKAGES := postgresql chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 poppler-utils

.PHONY: run test lint typecheck test-sqlite test-postgres bench bench-pages bench-statistics bench-deps demo-reset system-deps clean help

help:
	@echo "make run    – installer, migrer, last demodata og start tjenesten på http://$(HOST):$(PORT)"
	@echo "make test   – hele testsuiten: enhet, integrasjon (SQLite og PostgreSQL) og nettleser"
	@echo "make bench  – ytelsesmålinger (se docs/benchmarks.md)"

$(VENV)/.base: requirements/base.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements/base.lock
	$(PIP) install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base requirements/dev.lock
	$(PIP) install --quiet --disable-pip-version-check -r requirements/dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages the tests need, installed only when missing.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installerer Debian-pakker:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

run: $(VENV)/.base
	@mkdir -p var
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_demo_data
	@$(PY) -m ekspertbistand.config.demo_banner $(HOST) $(PORT)
	@trap 'kill 0' EXIT; $(MANAGE) run_outbox --loop -v0 & $(MANAGE) runserver --noreload --insecure $(HOST):$(PORT)

demo-reset:
	rm -f var/ekspertbistand.sqlite3

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check src tests bench

typecheck: $(VENV)/.dev
	$(VENV)/bin/mypy

test-sqlite: $(VENV)/.dev node_modules/.installed
	$(VENV)/bin/pytest -q -p no:cacheprovider

test-postgres: $(VENV)/.dev node_modules/.installed
	scripts/with-postgres.sh $(VENV)/bin/pytest -q -p no:cacheprovider tests/integration tests/e2e

test: system-deps lint typecheck test-sqlite test-postgres

bench: $(VENV)/.dev bench-deps
	nice $(PY) bench/run.py
	nice $(PY) bench/work_queue.py
	nice $(PY) bench/run.py --statistics

# Only the statistics pages (bench/statistics_pages.py): PostgreSQL, 300 000 cases, ~15 minutes.
bench-statistics: $(VENV)/.dev
	nice $(PY) bench/run.py --statistics

# Only the web pages (bench/pages.py): gunicorn and wrk, a few minutes.
bench-pages: $(VENV)/.dev bench-deps
	nice $(PY) bench/run.py --pages-only

# wrk, the load generator of the web-page benchmark, installed only when missing.
bench-deps:
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq --no-install-recommends wrk >/dev/null; }

clean:
	rm -rf $(VENV) node_modules var
