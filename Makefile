# Two commands do everything on a fresh clone:
#   make serve   set up (venv, pinned packages, npm assets) and serve the site
#   make test    the same set-up, then the whole test suite
# and one regenerates every published output:
#   make outputs

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_PY := $(VENV)/.installed
STAMP_NODE := node_modules/.installed
# The reader's environment: only what the shown code imports (docs/requirements.txt),
# for the test that pastes every block from the built site.
READER_VENV := .venv-reader
STAMP_READER := $(READER_VENV)/.installed
CHROMIUM := /usr/bin/chromium

.PHONY: setup serve build lint test outputs screenshots chromium clean

setup: $(STAMP_PY) $(STAMP_NODE)

$(STAMP_PY): requirements.txt
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(STAMP_NODE): package.json package-lock.json
	node -e 'const major = +process.versions.node.split(".")[0]; if (major < 20) { console.error("Node.js 20+ is required, found " + process.version); process.exit(1) }'
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(STAMP_READER): docs/requirements.txt
	test -x $(READER_VENV)/bin/python || $(PYTHON) -m venv $(READER_VENV)
	$(READER_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r docs/requirements.txt
	touch $@

# The browser tests drive Debian's Chromium (never a downloaded browser build).
chromium:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium at $(CHROMIUM): sudo apt-get install -y chromium"; exit 1; \
	  fi; }

# PORT=8001 make serve serves on another port. A port in use is reported in one line
# before anything is built.
PORT ?= 8000
serve: setup
	@$(BIN)/python -c 'import socket, sys; in_use = socket.socket().connect_ex(("127.0.0.1", $(PORT))) == 0; sys.exit("Port $(PORT) is in use (another make serve?). Stop it, or run: PORT=8001 make serve") if in_use else None'
	$(BIN)/mkdocs serve -a 127.0.0.1:$(PORT)

# SOURCE_DATE_EPOCH pins the sitemap dates to the last commit, so rebuilding the same
# commit gives the same bytes.
build: setup
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || echo 0) $(BIN)/mkdocs build --strict

lint: setup
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

# Two workers (pytest-xdist): the tests that share the regeneration plan run on one,
# the rest spread over both (tests/conftest.py).
test: setup $(STAMP_READER) chromium lint
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# Diagrams are drawn to SVG here (with Chromium), so building and serving need no browser.
outputs: setup chromium
	$(BIN)/python -m tools.outputs
	$(BIN)/python -m tools.diagrams

# Every page at 390 px, light and dark, in test-artifacts/screenshots/ (not committed),
# for a person to look at before a release.
screenshots: setup chromium
	$(BIN)/python -m tools.screenshots

clean:
	rm -rf site .pytest_cache .cache test-artifacts
