# Two commands: `make run` (embedded portal with demo data) and `make test` (lint + whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint messages worker beat clean bench

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) manage.py check_pdf
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Portal: http://$(HOST):$(PORT)/  (demo users, password demo-heslo-2026: see README)"
	SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" $(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

# The suite, and the fuzzer beside it in a second process (scripts/test.sh); PYTEST_ARGS runs only those.
test: lint
	scripts/test.sh $(PYTEST_ARGS)

# Rebuild the Czech and English catalogues (needs Debian gettext). TRANSLATIONS=file.json fills
# msgstr values from {"English msgid": "Czech text"}; a lock lets several people run it at once.
messages: install
	flock /tmp/koncepce-messages.lock $(PY) scripts/messages.py $(TRANSLATIONS)

# Performance at national scale (not part of `make test`): seed, serve with gunicorn, load with wrk.
# BENCH_PROFILE=default|one|light|full|tiny; see benchmarks/bench.sh for the other knobs.
bench: install
	benchmarks/bench.sh

worker: install
	$(VENV)/bin/celery -A portal worker -Q celery,pdf -l info

beat: install
	$(VENV)/bin/celery -A portal beat -l info

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
