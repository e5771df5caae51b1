#!/usr/bin/env bash
# The README's test command: installs the test dependencies; ruff, the migrations check and mypy; then the whole
# suite on SQLite and on a throw-away PostgreSQL cluster, both at once, each in one process, or in
# ZICHT_TEST_WORKERS pytest-xdist workers (default 0: on two CPUs the two engines at once already keep them
# busy, and workers only add to the load; tests/conftest.py keeps the browser tests in one worker).
# ZICHT_TEST_SERIAL=1 runs the two engines one after the other. Arguments go to pytest. With CI=true, PostgreSQL
# and Chromium are mandatory: missing system packages are installed with apt-get (as root) or the run fails.
set -euo pipefail
cd "$(dirname "$0")/.."

ci=false
case "${CI:-}" in true|1|yes) ci=true ;; esac

find_pg_bin() {
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(readlink -f "$(command -v initdb)")"; return
  fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

if $ci; then
  missing=()
  [ -n "$(find_pg_bin)" ] || missing+=(postgresql)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v msgfmt >/dev/null || missing+=(gettext)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "CI: installing ${missing[*]}"
    if [ "$(id -u)" != 0 ]; then echo "CI needs ${missing[*]} and is not root" >&2; exit 1; fi
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null
  fi
  export ZICHT_REQUIRE_BROWSER=1
fi

make --no-print-directory install-test
BIN=.venv/bin
# The suite starts Python many times (the console-script tests, the task worker): let each compile the project's
# modules once, whatever the shell says (PYTHONDONTWRITEBYTECODE=1 would recompile them in every process).
unset PYTHONDONTWRITEBYTECODE

echo "== ruff"
$BIN/ruff check src tests
$BIN/ruff format --check src tests

echo "== migrations"
env -u DATABASE_URL DJANGO_SETTINGS_MODULE=zicht.settings.test $BIN/zicht makemigrations --check --dry-run -v 1

echo "== mypy (services, selectors, rules)"
# Its errors fail the run at the end, after the tests have run too.
mypy_status=0
$BIN/mypy || mypy_status=$?

workers="${ZICHT_TEST_WORKERS:-0}"
xdist=()
[ "$workers" = 0 ] || xdist=(-n "$workers")
sqlite=(env -u DATABASE_URL $BIN/python -m pytest "${xdist[@]}" "$@")

pg_bin="$(find_pg_bin)"
if [ -z "$pg_bin" ]; then
  if $ci; then echo "CI: PostgreSQL binaries not found after installing them" >&2; exit 1; fi
  echo "== pytest on SQLite"
  "${sqlite[@]}"
  echo "== PostgreSQL binaries not found (initdb, pg_ctl): the PostgreSQL run is skipped"
  exit $mypy_status
fi
postgres=($BIN/python scripts/pg_throwaway.py --bin "$pg_bin" -- $BIN/python -m pytest "${xdist[@]}" "$@")

if [ "${ZICHT_TEST_SERIAL:-}" = 1 ]; then
  echo "== pytest on SQLite"
  "${sqlite[@]}"
  echo "== pytest on PostgreSQL ($pg_bin)"
  "${postgres[@]}"
  exit $mypy_status
fi

# Both engines at once: the browser tests wait on Chromium and the live server, so one engine's run alone leaves the
# CPUs partly idle. SQLite's output streams; PostgreSQL's is kept in a file and shown when it is done.
pg_log="$(mktemp -t zicht-test-pg.XXXXXX)"
echo "== pytest on SQLite and, at the same time, on PostgreSQL ($pg_bin)"
"${postgres[@]}" >"$pg_log" 2>&1 &
pg_pid=$!
trap 'kill "$pg_pid" 2>/dev/null || true; rm -f "$pg_log"' EXIT
sqlite_status=0
"${sqlite[@]}" || sqlite_status=$?
pg_status=0
wait "$pg_pid" || pg_status=$?
echo "== pytest on PostgreSQL ($pg_bin)"
cat "$pg_log"
outcome() { [ "$1" = 0 ] && echo passed || echo "failed ($1)"; }
echo "== mypy: $(outcome $mypy_status); SQLite: $(outcome $sqlite_status); PostgreSQL: $(outcome $pg_status)"
[ $mypy_status = 0 ] && [ $sqlite_status = 0 ] && [ $pg_status = 0 ]
