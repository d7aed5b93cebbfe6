# The README's two commands are `make demo` and `make test`; both create .venv if absent.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup ontology bench clean

$(STAMP): pyproject.toml
	@command -v java >/dev/null 2>&1 || { echo "java missing: installing default-jre-headless (HermiT needs it)"; \
	  (apt-get update -qq && apt-get install -y -qq default-jre-headless) >/dev/null; }
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/cyberkg build

test: $(STAMP)
	$(BIN)/python -m pytest -q

ontology: $(STAMP)
	$(BIN)/python -m cyberkg.ontology.generate

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf var out build *.egg-info
