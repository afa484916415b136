# Loket developer entry points. `make demo` and `make test` set up everything on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
DATA_DIR ?= .loket
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/loket

.PHONY: demo test test-sqlite lint bench chromium clean lock screenshots

LOCK := requirements/lock.txt

# Every install comes from the lock (exact versions with hashes); Loket itself is installed on top
# without resolving anything, so today's install is next month's install.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --require-hashes -r $(LOCK)
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Re-resolve every dependency to the newest release pyproject.toml allows, then run the suite
# (docs/dependencies.md says when and how to upgrade).
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra test --extra dev --universal --python-version 3.11 \
		--generate-hashes --upgrade -q -o $(LOCK)
	$(BIN)/pip install -q --require-hashes -r $(LOCK)
	$(MAKE) test

demo: $(STAMP)
	$(BIN)/loket demo --port $(PORT) --data-dir $(DATA_DIR)

# Debian packages the tests drive: Chromium (browser tests), poppler's pdfsig and NSS's certutil (an
# independent check of our PDF signatures against a trust store).
chromium:
	@{ command -v chromium >/dev/null 2>&1 && command -v pdfsig >/dev/null 2>&1 && command -v certutil >/dev/null 2>&1; } || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils libnss3-tools >/dev/null; }

test: $(STAMP) chromium lint
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -p no:cacheprovider -n auto --dist loadgroup $(PYTEST_ARGS)
	$(MAKE) test-sqlite

# Style and dependency rules: ruff (lint and format) and the import-linter contracts in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/lint-imports --no-cache

# The embedded default: a smoke run of the core suite on SQLite.
test-sqlite: $(STAMP)
	env -u DATABASE_URL LOKET_TEST_SQLITE=1 $(BIN)/pytest -p no:cacheprovider -n auto --dist loadgroup -m sqlite $(PYTEST_ARGS)

# The key pages of each role at 1280 and 360 px, from the browser suite against a fresh `loket demo`
# (the README shows them).
screenshots: $(STAMP) chromium
	DATABASE_URL=$(TEST_DATABASE_URL) LOKET_SCREENSHOTS=docs/screenshots $(BIN)/pytest -p no:cacheprovider \
		tests/browser/test_screenshots.py

bench: $(STAMP)
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .loket
