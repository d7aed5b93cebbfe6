# The README's two commands are `make demo` and `make test`; both create .venv if absent.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint setup ontology bench clean vendor

# Debian packages: java for HermiT, graphviz for SVG/PNG network pictures; tests also need chromium + driver.
SYSTEM_PKGS := java:default-jre-headless dot:graphviz
TEST_PKGS := chromium:chromium chromedriver:chromium-driver

define need_commands
	@missing=""; for pair in $(1); do cmd=$${pair%%:*}; pkg=$${pair#*:}; \
	  command -v $$cmd >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then echo "installing Debian packages:$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null; fi
endef

$(STAMP): pyproject.toml
	$(call need_commands,$(SYSTEM_PKGS))
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/cyberkg build
	@echo "network exports and pictures (open out/visuals/entity-graph.html in a browser):"
	@$(BIN)/cyberkg export --visuals out/visuals

# two pytest-xdist workers; a module is one unit of work, the longest units first (tests/conftest.py's
# scheduler). PYTEST_WORKERS=0 runs in one process (as `pytest` alone does).
PYTEST_WORKERS ?= 2
XDIST := $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS))

test: $(STAMP)
	$(call need_commands,$(SYSTEM_PKGS) $(TEST_PKGS))
	$(BIN)/python -m pytest -q $(XDIST)

# the edit-test loop: unit and in-process CLI tests; no browser, no server processes, no kill loops
# (markers set in tests/conftest.py). CI runs `make test`, the whole suite.
test-fast: $(STAMP)
	$(call need_commands,$(SYSTEM_PKGS))
	$(BIN)/python -m pytest -q $(XDIST) -m "not slow and not browser and not server"

# ruff (lint rules and formatting, see pyproject [tool.ruff]) and mypy over the installed package layout (.ci/typecheck)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	MYPY=$(BIN)/mypy .ci/typecheck

ontology: $(STAMP)
	$(BIN)/python -m cyberkg.ontology.generate

bench: $(STAMP)
	$(BIN)/python -m bench.run

# Front-end packages from the npm registry, copied into the package (committed: the page must work offline).
VENDOR := queries/static/vendor
vendor:
	rm -rf build/npm && mkdir -p build/npm
	cd build/npm && npm pack --silent cytoscape@3.34.4 >/dev/null && tar xzf cytoscape-3.34.4.tgz && \
	  cp package/dist/cytoscape.min.js ../../$(VENDOR)/
	cd build/npm && rm -rf package && npm pack --silent codemirror@5.65.21 >/dev/null && tar xzf codemirror-5.65.21.tgz && \
	  cp package/lib/codemirror.js package/lib/codemirror.css package/mode/sparql/sparql.js \
	     package/addon/hint/show-hint.js package/addon/hint/show-hint.css ../../$(VENDOR)/ && \
	  cp package/LICENSE ../../$(VENDOR)/codemirror.LICENSE

clean:
	rm -rf var out build *.egg-info
