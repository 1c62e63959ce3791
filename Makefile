# The project's commands. `make run` starts the site; `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run install test test-fast browser-tools lint format ci bench superuser python-version

python-version:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || \
	  { echo "Python 3.12 or newer is needed (found $$($(PYTHON) --version 2>&1)). Install 3.13, see .python-version."; exit 1; }

$(VENV)/.installed: requirements.txt requirements-dev.txt | python-version
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

var/build/css/site.css: node_modules/.installed $(wildcard static/scss/*.scss)
	npm run --silent build

# Local set-up runs with DEBUG on (a development secret is then allowed); production uses the Procfile.
install: export DEBUG ?= true
install: $(VENV)/.installed var/build/css/site.css
	@mkdir -p var
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) createcachetable
	$(MANAGE) load_articles

run: export DEBUG ?= true
run: install
	@echo "Site: http://127.0.0.1:8000  (Ctrl-C stops the web server and the worker)"
	@trap 'kill 0' INT TERM; \
	  $(MANAGE) run_worker & \
	  $(MANAGE) runserver 127.0.0.1:8000 & \
	  wait

superuser: export DEBUG ?= true
superuser: install
	$(MANAGE) create_therapist

test: $(VENV)/.installed var/build/css/site.css browser-tools
	@mkdir -p var/static  # WhiteNoise warns when STATIC_ROOT is missing
	$(VENV)/bin/pytest

# The inner loop: everything but the browser (e2e) and real-server (slow) tests.
test-fast: $(VENV)/.installed var/build/css/site.css
	@mkdir -p var/static
	$(VENV)/bin/pytest -m "not e2e and not slow"

# The browser tests drive Debian's Chromium, the HTML checker runs on Java. As root with apt,
# install what is missing (as .ci/run does); otherwise stop and say the one command to run.
BROWSER_PACKAGES := chromium default-jre-headless
browser-tools:
	@if [ -x "$${E2E_CHROMIUM:-/usr/bin/chromium}" ] && command -v java >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Chromium and Java for the browser tests: $(BROWSER_PACKAGES)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null; \
	else \
	  echo "The browser tests need Chromium and Java. Run this once, then make test again:"; \
	  echo "  sudo apt-get install -y $(BROWSER_PACKAGES)"; \
	  exit 1; \
	fi

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@# The pre-commit hooks that ruff doesn't cover: the tree must be as they would leave it.
	$(VENV)/bin/pre-commit run --all-files --show-diff-on-failure django-upgrade
	$(VENV)/bin/pre-commit run --all-files --show-diff-on-failure djhtml

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	bash bench/run.sh

ci:
	bash .ci/run
