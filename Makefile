# Convergence — two commands: `make run` (embedded platform) and `make test` (whole suite).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo lint bench messages clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) introuvable : installez Python 3.11"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The embedded platform: SQLite, local files, console e-mail, iSC in-process, Celery on a
# filesystem broker (one worker with embedded beat), demo data. Ctrl-C stops everything.
run: export DJANGO_DEBUG = 1
# The in-process iSC provider and its redirect URI follow the address served (e.g. PORT=8001).
run: export CONVERGENCE_SITE_URL ?= http://$(HOST):$(PORT)
run: $(STAMP)
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py demo
	@echo "Convergence : http://$(HOST):$(PORT)/  (comptes de démonstration : voir README.md)"
	@$(VENV)/bin/celery -A convergence worker -B --pool=solo -l warning & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' INT TERM EXIT; \
	  $(PY) manage.py runserver $(HOST):$(PORT) --noreload

# The whole suite on PostgreSQL (DATABASE_URL, or a local/throwaway cluster), Redis for the
# Celery worker tests, Debian's Chromium for the browser tests.
test: $(STAMP)
	@DB=$${DATABASE_URL:-$$(scripts/ensure-services.sh | tail -1)} && \
	  echo "DATABASE_URL=$$DB" && \
	  DATABASE_URL=$$DB $(PY) -m pytest -n $${PYTEST_WORKERS:-2} $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

bench: $(STAMP)
	bench/run.sh

# The English catalogue: extract the strings, then compile (gettext tools needed).
messages: $(STAMP)
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=bench --ignore=tests
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf var/ $(VENV)
