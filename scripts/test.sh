#!/usr/bin/env bash
# npm test: the layering rules (.dependency-cruiser.cjs), type check, unit and domain tests
# (SQLite and PostgreSQL: FERRY_TEST_DATABASE_URL, or this machine's cluster, started if needed),
# the ESC conformance corpus, and the browser end-to-end specs.
# Every step runs even if an earlier one failed, so one run shows everything that is broken.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

passed=0
failed=0
failures=()
step() {
  local name="$1"
  shift
  echo
  echo "=== $name: $*"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    echo "=== $name: ok ($((SECONDS - start))s)"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "=== $name: FAILED ($((SECONDS - start))s)"
  fi
}

step tools bash scripts/ensure-test-tools.sh
source scripts/ensure-postgres.sh
step dependencies npm run -s lint:deps
step typecheck npx tsc --noEmit -p .
step unit npx vitest run
step conformance npm run -s conformance
step browser npx playwright test

echo
[ "$failed" -eq 0 ] || echo "failed steps: ${failures[*]}"
echo "steps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
