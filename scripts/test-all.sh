#!/usr/bin/env bash
# `npm test`: every test on a fresh Debian machine with Node 20. Installs Chromium and PostgreSQL from
# Debian's packages when missing (and LibreOffice Calc for the spreadsheet tests), starts a throwaway PostgreSQL cluster, runs unit and repository tests
# on SQLite and PostgreSQL, builds the app and runs the browser tests against it on both databases.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
# LibreOffice Calc (headless) proves that every spreadsheet export opens without complaint.
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing from Debian: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ -d node_modules ] || npm ci

source scripts/pg-throwaway.sh

npx svelte-kit sync
mkdir -p test-results
echo "== unit and repository tests (SQLite and PostgreSQL)"
REQUIRE_POSTGRES=1 npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json

echo "== build"
npx vite build --logLevel warn

echo "== browser and HTTP tests (Chromium; SQLite and PostgreSQL side by side)"
# One Playwright process per database, each with its own server, ports and result dir, run at the same time:
# a single run keeps one core mostly idle (the browser and the server take turns).
rm -f test-results/playwright.json test-results/e2e-*/playwright.json
mkdir -p test-results/e2e-sqlite test-results/e2e-postgres
E2E_PROJECT=sqlite E2E_RESULTS=test-results/e2e-sqlite npx playwright test &
sqlite_pid=$!
E2E_PROJECT=postgres E2E_RESULTS=test-results/e2e-postgres E2E_PORT=$(( ${E2E_PORT:-4173} + 10 )) npx playwright test &
pg_pid=$!
e2e_failed=0
wait $sqlite_pid || e2e_failed=1
wait $pg_pid || e2e_failed=1

node scripts/test-summary.js
exit $e2e_failed
