#!/usr/bin/env bash
# The README's test command: installs what is missing, builds everything, then runs every test
# suite: Catch2 (ctest), the built wasm under Node, the browser tests in real Chromium, and the
# hardening suite (ASan/UBSan + bounded fuzzing). Ends with one "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1
scripts/build.sh || { echo "test: build failed"; exit 1; }

passed=0
failed=0
logdir=build/test-logs
mkdir -p "$logdir"

count_node() {  # node --test summary lines: "# pass N" / "# fail N"
  local log=$1 p f
  p=$(grep -E '^# pass [0-9]+' "$log" | tail -1 | awk '{print $3}')
  f=$(grep -E '^# fail [0-9]+' "$log" | tail -1 | awk '{print $3}')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
}

run_suite() {  # name, command...
  local name=$1
  shift
  echo "=== $name"
  local log="$logdir/$name.log"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  if [ "$rc" -ne 0 ]; then
    echo "=== $name FAILED (exit $rc)"
  fi
  return "$rc"
}

if run_suite ctest ctest --test-dir build/native --output-on-failure -j 2; then :; fi
t=$(grep -oE '[0-9]+ tests failed out of [0-9]+' "$logdir/ctest.log" | tail -1)
if [ -n "$t" ]; then
  f=$(echo "$t" | awk '{print $1}')
  n=$(echo "$t" | awk '{print $6}')
  passed=$((passed + n - f))
  failed=$((failed + f))
else
  failed=$((failed + 1))
fi

run_suite node node --test tests/node/
count_node "$logdir/node.log"
[ -s "$logdir/node.log" ] && grep -qE '^# pass' "$logdir/node.log" || failed=$((failed + 1))

if ls tests/browser/*.test.mjs > /dev/null 2>&1; then
  run_suite browser node --test --test-concurrency=1 tests/browser/
  count_node "$logdir/browser.log"
  grep -qE '^# pass' "$logdir/browser.log" || failed=$((failed + 1))
fi

if [ -x scripts/test-hardening.sh ]; then
  if run_suite hardening scripts/test-hardening.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
fi

echo
echo "consentry: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
