# Two commands for a fresh machine (README): `make run` and `make test`.
# Everything else here is what they call. Re-running is cheap: steps are stamped.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
POT_FILE ?= translations/messages.pot
HOST ?= 127.0.0.1
PORT ?= 5000
# The tests that touch a database (the PostgreSQL pass): all but the pure engine's. The
# browser tests first: they mostly wait, while the SQLite pass's first half keeps the CPUs busy.
DATABASE_TESTS := e2e tests/web

.PHONY: run test setup database fonts catalogues pot translations lint chromium wrk benchmark clean

## run: set up everything, then run the service on SQLite at http://127.0.0.1:5000
run: setup
	$(BIN)/flask --app webapp:create_app run --host $(HOST) --port $(PORT)

## test: set up everything (Chromium and PostgreSQL included), lint, then run the suite
## twice at the same time: all of it on SQLite, and every test that touches a database
## (tests/web, e2e: all but the pure engine's tests/unit, which import no database code,
## see tests/unit/test_purity.py) on a throwaway PostgreSQL cluster (devtools/pgcluster.py:
## 127.0.0.1, stopped by its own pg_ctl). The browser tests' axe and screenshots (the same
## HTML on either database) are shared between the passes: E2E_RENDERING_CHECKS in
## e2e/support.py. Every benchmark's --quick mode runs in it too (its whole path at a tiny
## size, figures not compared with goals: tests/web/test_benchmarks_quick.py, on each pass's
## database; load.py needs wrk). Logs in .test-logs/.
test: setup chromium postgresql wrk lint
	@mkdir -p .test-logs
	@echo "Running the tests on SQLite and on PostgreSQL at the same time (about 13 minutes); logs in .test-logs/"
	@E2E_RENDERING_CHECKS=journeys $(BIN)/python -m pytest -p no:cacheprovider > .test-logs/sqlite.log 2>&1 & sqlite=$$!; \
	E2E_RENDERING_CHECKS=pages $(BIN)/python -m devtools.pgcluster -- $(BIN)/python -m pytest -p no:cacheprovider \
		$(DATABASE_TESTS) > .test-logs/postgresql.log 2>&1 & postgresql=$$!; \
	wait $$sqlite; sqlite_status=$$?; wait $$postgresql; postgresql_status=$$?; \
	echo "=================== SQLite ($$sqlite_status) ==================="; cat .test-logs/sqlite.log; \
	echo "================= PostgreSQL ($$postgresql_status) ================="; cat .test-logs/postgresql.log; \
	test $$sqlite_status -eq 0 -a $$postgresql_status -eq 0

## test-sqlite: the whole suite on SQLite only, in the foreground (quicker while working)
.PHONY: test-sqlite test-postgresql postgresql
test-sqlite: setup chromium
	$(BIN)/python -m pytest

## test-postgresql: the database tests on a throwaway PostgreSQL cluster only
test-postgresql: setup chromium postgresql
	$(BIN)/python -m devtools.pgcluster -- $(BIN)/python -m pytest $(DATABASE_TESTS)

## postgresql: Debian's PostgreSQL server for the tests and benchmarks, if missing
postgresql:
	@test -x /usr/lib/postgresql/15/bin/initdb || { \
		echo "Installing Debian's postgresql (needs root)"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; }

setup: $(STAMP) $(NODE_STAMP) catalogues database fonts

## fonts: DejaVu for the PDF copies (English and Welsh letters), from Debian if missing
fonts:
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || { \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq fonts-dejavu-core >/dev/null; }

## database: create or upgrade the database (SQLite in instance/ unless DATABASE_URL is set)
database: $(STAMP)
	$(BIN)/alembic upgrade head

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $@

## catalogues: compile the catalogues there are (never committed as .mo)
catalogues: $(STAMP)
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel -q compile -d translations; fi

## chromium: Debian's Chromium for the browser tests (never `playwright install`)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium (needs root)"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

## wrk: Debian's wrk, the HTTP load generator of benchmarks/load.py (and its quick mode in make test)
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
		echo "Installing Debian's wrk (needs root)"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

## pot: re-extract the English source strings after changing any user-facing text
pot: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ -k NP_:1c,2 -k _l -k ngettext:1,2 -k pgettext:1c,2 -k lazy_pgettext:1c,2 --no-location --sort-output \
		--project "Check your options" --copyright-holder "Check your options" \
		-o $(POT_FILE) .

## translations: re-extract, then bring the Welsh catalogue up to date (new entries empty)
translations: pot
	$(BIN)/pybabel -q update -i $(POT_FILE) -d translations -l cy --no-fuzzy-matching --ignore-obsolete --width 88

lint: $(STAMP)
	$(BIN)/ruff check .

benchmark: setup
	$(BIN)/python benchmarks/engine.py

## benchmark-inbox: the staff inbox's server time with 100,000 requests, SQLite and PostgreSQL
## (a throwaway cluster; installs Debian's postgresql if missing, so run as root); about 3-5 min
.PHONY: benchmark-inbox
benchmark-inbox: setup
	$(BIN)/python benchmarks/inbox.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .hypothesis .ruff_cache .test-logs

## benchmark-load: a question page at 32 connections (wrk, gunicorn) and 32 paced people, beside the floors; 9 min
## benchmark-weight: first-visit and htmx-step weight, gzip and brotli (Debian's Chromium); about 15 s
## benchmark-submissions: 500 concurrent sends, then a SIGKILL, SQLite and PostgreSQL; 3-4 min
## benchmarks: all three, one after the other (the figures in docs/performance.md)
## benchmarks-quick: every benchmark's --quick mode (make test runs them), one after the other; about 1 min
.PHONY: benchmark-load benchmark-weight benchmark-submissions benchmarks benchmarks-quick
benchmark-load: setup wrk
	$(BIN)/python benchmarks/load.py --rounds 3
benchmark-weight: setup chromium
	$(BIN)/python benchmarks/page_weight.py
benchmark-submissions: setup postgresql
	$(BIN)/python benchmarks/submissions.py
benchmarks: benchmark-load benchmark-weight benchmark-submissions
benchmarks-quick: setup chromium postgresql wrk
	@for name in engine load page_weight submissions inbox; do \
		echo "=== benchmarks/$$name.py --quick"; $(BIN)/python benchmarks/$$name.py --quick || exit 1; done
