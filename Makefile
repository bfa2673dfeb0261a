# Set-up is part of every target: a fresh machine needs nothing but `make serve` or `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --disable-pip-version-check -q -c constraints.txt
HOST ?= 127.0.0.1:8000

.PHONY: serve build test bench validate chromium constraints clean mermaid links

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site-installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e ".[site]"
	touch $@

# The wheelhouse holds the command's own dependencies as wheels, so the install test
# (tests/test_install.py) sets up a fresh venv without reaching a package index.
$(VENV)/.test-installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e ".[site,test]"
	$(BIN)/python -m pip wheel --disable-pip-version-check -q -c constraints.txt -w $(VENV)/wheelhouse .
	touch $@ $(VENV)/.site-installed

serve: $(VENV)/.site-installed
	$(BIN)/mkdocs serve --livereload --dev-addr $(HOST)

build: $(VENV)/.site-installed
	$(BIN)/mkdocs build --strict

validate: $(VENV)/.site-installed
	$(BIN)/checklist validate --handbook .

# Playwright drives Debian's Chromium; it cannot download a browser of its own here.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

# Two worker processes (pytest-xdist), one a core on the two-core CI machine: the browser tests leave a core idle
# while Python waits on Chromium; an idle worker takes queued tests from the busy one (worksteal), so the long axe
# shards do not leave a core idle at the end. TEST_WORKERS=0 runs the suite in this process.
TEST_WORKERS ?= 2
test: $(VENV)/.test-installed chromium
	$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal

# Internal links and anchors checked by LinkChecker on 127.0.0.1; external links listed for a maintainer to check online.
links: $(VENV)/.test-installed
	$(BIN)/python -m tests.support.linkcheck site-links.txt

bench: $(VENV)/.test-installed
	$(BIN)/python -m bench

# The self-hosted Mermaid (overrides/assets/vendor/mermaid): `make mermaid MERMAID_VERSION=x.y.z` takes
# that version's dist file and LICENSE from the npm registry (npm pack; needs npm).
MERMAID_VERSION ?= 11.17.2
mermaid:
	scripts/update-mermaid.sh $(MERMAID_VERSION)

constraints: | $(BIN)/python
	$(PIP) -e ".[site,test]"
	{ sed -n '1,2p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable; } > constraints.tmp && mv constraints.tmp constraints.txt

clean:
	rm -rf site $(VENV) .pytest_cache
