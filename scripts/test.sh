#!/usr/bin/env bash
# Every test of otklik on a fresh machine: installs what it needs, then runs
# the extension's unit tests (node), lint, and the Python suite with its
# real-server, pipx and real-browser tiers.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's Chromium for the browser tier (Playwright's own browser download
# does not work here: we point it at /usr/bin/chromium).
if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Debian's chromium"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# Debian's PostgreSQL server for team mode's tests: each test session starts a
# throwaway cluster of its own (tests/pg_cluster.py); nothing is started here.
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "== installing Debian's postgresql"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$PY" -m venv .venv
fi
echo "== installing otklik with its test dependencies"
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'

if [ -f extension/package.json ]; then
  echo "== extension: npm dependencies and unit tests"
  (cd extension && { [ -f package-lock.json ] && npm ci --no-audit --no-fund --loglevel=error \
                     || npm install --no-audit --no-fund --loglevel=error; } && npm test)
  echo "== extension: web-ext lint (Firefox's checks; fails on errors, warnings are listed)"
  (cd extension && npm run --silent lint)
fi

echo "== lint"
.venv/bin/ruff check companion model scripts tests

echo "== python tests"
# No test opens a browser: `otklik serve` reads this (tests/conftest.py sets it as well).
export OTKLIK_NO_BROWSER=1
exec .venv/bin/python -m pytest "$@"
