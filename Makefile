# Two commands for a fresh machine (README): `make run` and `make test`.
# Everything else here is what they call. Re-running is cheap: steps are stamped.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup catalogues pot lint chromium benchmark clean

## run: set up everything, then run the service (until the web app exists: the engine's CLI on an example)
run: setup
	$(BIN)/python -m questionnaire assess docs/example-answers.json

## test: set up everything (Chromium included), then lint and run every test
test: setup chromium lint
	$(BIN)/python -m pytest

setup: $(STAMP) catalogues

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

## pot: re-extract the English source strings after changing any user-facing text
pot: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ -k _l --no-location --sort-output \
		--project "Check your options" --copyright-holder "Check your options" \
		-o translations/messages.pot .

lint: $(STAMP)
	$(BIN)/ruff check .

benchmark: setup
	$(BIN)/python benchmarks/engine.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache
