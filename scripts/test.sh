#!/usr/bin/env bash
# `npm test`: installs what is missing, then runs every suite (scripts/test-SUITE.sh) and
# prints one summary line. `npm test -- rust python` runs only the named suites.
set -uo pipefail
cd "$(dirname "$0")/.."
ALL_SUITES=(rust web python edge notebook)
suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=("${ALL_SUITES[@]}")

bash scripts/setup.sh all || { echo "setup failed"; exit 1; }

passed=0 failed=0 failures=()
for suite in "${suites[@]}"; do
  echo
  echo "=== suite $suite ==="
  start=$(date +%s)
  if bash "scripts/test-$suite.sh"; then
    passed=$((passed + 1)); result=ok
  else
    failed=$((failed + 1)); failures+=("$suite"); result=FAILED
  fi
  echo "=== suite $suite: $result in $(( $(date +%s) - start )) s ==="
done
echo
[ $failed -gt 0 ] && echo "failed suites: ${failures[*]}"
echo "suites: $passed passed, $failed failed"
[ $failed -eq 0 ]
