#!/usr/bin/env bash
# The README's test command: installs the test dependencies, lints, then runs the whole suite on SQLite and
# again on a throw-away PostgreSQL cluster. With CI=true, PostgreSQL and Chromium are mandatory: missing system
# packages are installed with apt-get (as root) or the run fails.
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

echo "== ruff"
$BIN/ruff check src tests
$BIN/ruff format --check src tests

echo "== pytest on SQLite"
env -u DATABASE_URL $BIN/python -m pytest "$@"

pg_bin="$(find_pg_bin)"
if [ -n "$pg_bin" ]; then
  echo "== pytest on PostgreSQL ($pg_bin)"
  $BIN/python scripts/pg_throwaway.py --bin "$pg_bin" -- $BIN/python -m pytest "$@"
elif $ci; then
  echo "CI: PostgreSQL binaries not found after installing them" >&2; exit 1
else
  echo "== PostgreSQL binaries not found (initdb, pg_ctl): the PostgreSQL run is skipped"
fi
