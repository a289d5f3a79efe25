# Two commands do the whole set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/intlmon

.PHONY: demo test test-sqlite test-postgres serve install install-dev messages lint clean chromium

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@ $(VENV)/.installed

# The browser tests drive Debian's Chromium through Playwright; Playwright never downloads a browser.
chromium:
	@command -v chromium >/dev/null || (apt-get update -q && apt-get install -y -q chromium)

install: $(VENV)/.installed messages
install-dev: $(VENV)/.installed-dev messages chromium

# Compiled catalogues are build products: made from the .po files on every install. So is the bytecode of
# src/: an editable install does not compile it, and where PYTHONDONTWRITEBYTECODE is set (this environment)
# every `intlmon` process would compile 35-130 modules again (0.1-0.3 s of a one-document command).
messages: $(VENV)/bin/python
	@$(PY) -m compileall -q src >/dev/null
	@for po in src/intlmon/locale/*/LC_MESSAGES/django.po src/intlmon/*/locale/*/LC_MESSAGES/django.po; do \
	  [ -f "$$po" ] && msgfmt --check -o "$${po%.po}.mo" "$$po" || true; done

demo: install
	$(VENV)/bin/intlmon migrate --noinput -v 0
	$(VENV)/bin/intlmon load-registry
	$(VENV)/bin/intlmon import-tables data/reference/2023 --year 2023
	$(VENV)/bin/intlmon import-tables data/reference/2023/france --year 2022
	$(VENV)/bin/intlmon partnerships load
	$(VENV)/bin/intlmon demo
	$(VENV)/bin/intlmon audit --year 2023 --lang ru > out/audit-2023.txt
	$(VENV)/bin/intlmon audit --year 2023 --format json > out/audit-2023.json
	$(VENV)/bin/intlmon report national --year 2023 --lang kk,ru,en --format docx,pdf,html -o out/reports
	$(VENV)/bin/intlmon report country FR --year 2022 --lang kk,ru,en --format docx,pdf,html -o out/reports
	$(VENV)/bin/intlmon report country RU --year 2023 --lang kk,ru,en --format docx,pdf,html -o out/reports
	$(VENV)/bin/intlmon report index --year 2023 --lang kk,ru,en --format docx,pdf,html -o out/reports
	@echo "Audit: out/audit-2023.txt, out/audit-2023.json"
	@echo "Reports: out/reports/ (national 2023; France 2022 and Russia 2023 notes; the index 2023; kk, ru, en; DOCX, PDF, HTML)"
	$(VENV)/bin/intlmon user demo
	@echo "Portal: make serve, then open http://127.0.0.1:8000/ and log in as one of the demo users above"

test: install-dev
	scripts/test-both $(PY) "$(PG_URL)"

serve: install
	$(VENV)/bin/intlmon migrate --noinput -v 0
	$(VENV)/bin/intlmon serve --port $(or $(PORT),8000)

lint: install-dev
	$(VENV)/bin/ruff check src tests benchmarks

clean:
	rm -rf var out
