#!/bin/sh
# Runs the whole test suite and, when it fails, repeats every failing test's lines at the end:
# CI shows only the tail of the output, and a failure 2,000 lines up is otherwise invisible there.
# Usage: scripts/run-tests.sh [swift test arguments...]
set -u
cd "$(dirname "$0")/.."
log=".build/test-output.log"
mkdir -p .build
status_file=$(mktemp)
# Why the subshell and status file: POSIX sh has no pipefail, and the pipe through tee would hide swift's exit status.
( ${SWIFT:-swift} test --skip-build "$@" 2>&1; echo $? > "$status_file" ) | tee "$log"
status=$(cat "$status_file")
rm -f "$status_file"
if [ "$status" != 0 ]; then
    echo
    echo "==== failing tests (from $log) ===="
    # Swift Testing marks failures and recorded issues with ✘; XCTest says "error:" and "failed".
    grep -n -E '✘|error:|Test Case .* failed|Fatal error|Crash' "$log" | head -60
    echo "==== end of failing tests; exit status $status ===="
fi
exit "$status"
