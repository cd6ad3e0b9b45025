# The two commands of the README: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
PORT ?= 8000

# The newest Python >= 3.12 that runs: python3.13/python3.12 on PATH, else pyenv's versions.
PYTHON := $(shell for c in python3.14 python3.13 python3.12 python3; do \
	  p=$$(command -v $$c 2>/dev/null) && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; exit 0; }; \
	done; \
	root=$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv); \
	for p in $$(ls -d $$root/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V -r); do \
	  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; exit 0; }; \
	done)

.PHONY: run test venv env db migrate seed lint check browser-test messages benchmark bench loadtest clean

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "toegang needs Python 3.12 or newer (Django 6). Install one (e.g. pyenv install 3.13) and retry." >&2; exit 1; fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

.env:
	cp .env.example .env

env: .env

db: venv env
	$(PY) manage.py ensure_database

migrate: db
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv >/dev/null; fi
	@echo ""
	@echo "  toegang runs at http://localhost:$(PORT)/  (public web form: http://localhost:$(PORT)/hulpvraag/)"
	@$(PY) manage.py demo_logins
	@echo ""
	PORT=$(PORT) $(VENV)/bin/honcho start -f Procfile.dev

test: venv env db
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv >/dev/null; fi
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -m "not browser" -q
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -m browser -q

browser-test: venv env db
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -m browser -q

lint: venv
	$(VENV)/bin/ruff check .

messages: venv
	$(PY) manage.py makemessages -l nl -l en --ignore=.venv --ignore=static/vendor --ignore=tests --ignore=benchmarks
	$(PY) manage.py compilemessages --ignore=.venv

# Pages at 10 000 and 100 000 residents in their own databases (toegang_bench_10k, toegang_bench;
# BENCH_DATABASE_URL overrides). A matching seed is reused; BENCH_RESEED=1 forces a fresh one.
bench: venv env
	BENCH_RESEED=$(BENCH_RESEED) $(PY) benchmarks/run.py

# The old name of `make bench`.
benchmark: bench

# 200 simulated meitinkers against gunicorn on loopback, on the bench database (run `make bench` first).
loadtest: venv env
	$(PY) benchmarks/loadtest/run.py

clean:
	rm -rf $(VENV) staticfiles
