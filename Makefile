# The two commands of the README are `make demo` and `make test`; the rest are helpers.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: demo test install install-test messages lint format bench bench-pg clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Zicht needs Python 3.11" if sys.version_info[:2] != (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)

# uv installs and byte-compiles the same pinned wheels as pip, in parallel: on a fresh clone `make install-test`
# takes 33 s instead of 79 s.
$(BIN)/uv: $(BIN)/python
	$(BIN)/pip install -q -c requirements/constraints.txt uv

UV_INSTALL := $(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python -c requirements/constraints.txt

install: $(BIN)/uv
	$(UV_INSTALL) -e .
	@$(MAKE) --no-print-directory messages

install-test: $(BIN)/uv
	$(UV_INSTALL) -e '.[test]'
	@$(MAKE) --no-print-directory messages

messages:
	@if command -v msgfmt >/dev/null; then \
		cd src/zicht && ../../$(BIN)/zicht compilemessages -v 0; \
	else echo "msgfmt not found (apt-get install gettext): the English translation is not compiled"; fi

## Install, migrate SQLite under var/, load the demo data, print the logins and serve on 127.0.0.1:$(PORT).
demo: install
	$(BIN)/zicht migrate -v 0
	$(BIN)/zicht demo --port $(PORT)
	$(BIN)/zicht serve --port $(PORT)

## ruff, the migrations check and mypy, then the whole suite on SQLite and on a throw-away PostgreSQL cluster at once
## (with the browser tests); see docs/development.md.
test:
	bash scripts/test.sh

lint:
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format:
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

BENCH_PYTEST := -p no:cacheprovider -s -q --no-header -o addopts=""

## Benchmarks: the foundation's on SQLite, then the occupancy benchmark on a throw-away PostgreSQL cluster
## (ZICHT_BENCH_SCALE=0.1 for a quick run; 1.0 is national scale). Figures: docs/performance.md.
bench: install-test
	$(BIN)/python -m pytest tests/bench $(BENCH_PYTEST) --ignore=tests/bench/test_bench_occupancy.py --ignore=tests/bench/test_bench_ingest_floor.py
	@$(MAKE) --no-print-directory bench-pg

bench-pg:
	$(BIN)/python scripts/pg_throwaway.py -- $(BIN)/python -m pytest tests/bench/test_bench_ingest_floor.py tests/bench/test_bench_occupancy.py $(BENCH_PYTEST)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
