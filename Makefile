# SatuPintu — the two commands of the README's Quick start: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core graphviz gettext
TEST_PACKAGES := chromium poppler-utils
PYTEST_ARGS ?=

.PHONY: run test lint typecheck check messages makemessages clean-db help

help:
	@echo "make run    install, migrate, load the demo and serve on http://127.0.0.1:8000"
	@echo "make test   install what tests need and run the whole suite"
	@echo "make lint / make typecheck / make makemessages"

# Debian 12 ships Python without ensurepip unless python3-venv is installed.
$(VENV)/.created:
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || scripts/ensure-debian-packages.sh python3-venv
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	touch $@

$(VENV)/.installed-run: pyproject.toml $(VENV)/.created
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.created
	$(PY) -m pip install -q -e ".[test]"
	touch $@ $(VENV)/.installed-run

debian-run:
	@scripts/ensure-debian-packages.sh $(RUN_PACKAGES)

debian-test: debian-run
	@scripts/ensure-debian-packages.sh $(TEST_PACKAGES)

messages:
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=var -v0

run: debian-run $(VENV)/.installed-run
	@$(MAKE) --no-print-directory messages
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo
	$(PY) manage.py serve --print-logins

test: debian-test $(VENV)/.installed-test
	@$(MAKE) --no-print-directory messages
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .

typecheck: $(VENV)/.installed-test
	$(VENV)/bin/mypy satupintu

# Refresh locale/*/django.po from the source (then translate the new entries).
makemessages: $(VENV)/.installed-test
	$(PY) manage.py makemessages -l id -l en --ignore=.venv --ignore=var --ignore=static/vendor --no-obsolete
