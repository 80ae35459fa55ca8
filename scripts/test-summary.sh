#!/usr/bin/env bash
# Prints "tests: N passed, N failed" summed over the TRX files in a results folder, so CI can
# read the outcome from the last line whatever the test logger printed before it.
set -euo pipefail
# A second argument, 1, says the formatting check failed: it counts as one failed test.
dir=${1:?results folder}
formatting=${2:-0}
passed=0 failed=0 total=0
shopt -s nullglob
files=("$dir"/*.trx)
for trx in "${files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  total=$((total + $(get total)))
  # A skipped test says why (e.g. the shared contract is not beside the checkout).
  awk '/<UnitTestResult / && /outcome="NotExecuted"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); skipped = 1 }
       skipped && /<Message>/ { sub(/.*<Message>/, ""); sub(/<\/Message>.*/, ""); print "skipped: " name ": " $0; skipped = 0 }' "$trx"
done
if [ ${#files[@]} -eq 0 ]; then
  echo "test-summary: no test results in $dir" >&2
  failed=1
fi
if [ "$formatting" != 0 ]; then
  echo "failed: formatting (dotnet format, above); \`dotnet format GeoHub.sln\` fixes it"
  failed=$((failed + 1))
fi
echo "tests: $passed passed, $failed failed"
