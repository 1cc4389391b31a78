# 安全宣讲 — two commands on a fresh Debian machine:  make run   and   make test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
DEBIAN_PACKAGES := fonts-noto-cjk fontconfig libharfbuzz-subset0 poppler-utils
# pg_dump / pg_restore for manage.py backup and restore on PostgreSQL.
DEBIAN_PACKAGES += postgresql-client
# The browser journeys drive Debian's Chromium (Playwright downloads no browser); chromium-l10n gives it
# its Chinese strings (date fields, file pickers).
E2E_DEBIAN_PACKAGES := chromium chromium-l10n
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# make test and make test-pg run the suite in this many worker processes (pytest-xdist; 0: in one process). Two
# workers share one demo load; .ci/run runs the suites one after the other, so each has both cores.
TEST_WORKERS ?= 2

# The date-sensitive tests (-m calendar) run on the machine's clock moved to this date by faketime, instead of
# the suite's fixed clock; they include the demo loaded on several dates in fresh databases.
CALENDAR_DATE ?= 2031-03-01 10:00:00

.PHONY: setup system-packages run test test-pg test-calendar test-e2e test-api-schema lint check clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

system-packages:
	@scripts/ensure-debian-packages.sh $(DEBIAN_PACKAGES)

setup: system-packages $(VENV)/.installed

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/ — log in with a demo account above (Ctrl-C stops)."
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	$(VENV)/bin/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

test-pg: setup
	scripts/with-postgres.sh $(VENV)/bin/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

test-calendar: setup
	@scripts/ensure-debian-packages.sh faketime
	TEST_NOW=machine faketime '$(CALENDAR_DATE)' $(VENV)/bin/pytest -m calendar $(PYTEST_ARGS)

# Six user journeys in headless Chromium against a live server with the demo district; screenshots go
# to tests/e2e/screenshots/.
test-e2e: setup
	@scripts/ensure-debian-packages.sh $(E2E_DEBIAN_PACKAGES)
	$(VENV)/bin/pytest -m e2e tests/e2e $(PYTEST_ARGS)

# Schemathesis against the API (every check, a fixed seed, bounded examples) on gunicorn with the demo district, once
# as a liaison and once as an office reviewer: scripts/api_fuzz.py, about five minutes on two cores.
test-api-schema: setup
	$(PY) scripts/api_fuzz.py

lint: setup
	$(VENV)/bin/ruff check .

check: setup
	$(VENV)/bin/ruff check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache *.egg-info
