#!/bin/sh
# Builds the libFuzzer executables (fuzz/README.md) and runs each for a bounded time.
# Usage: scripts/fuzz.sh [TARGET...]    targets: config batch screen lcdproc (default: all)
#   FUZZ_SECONDS   seconds of fuzzing per target (default 30)
#   FUZZ_ARGS      extra libFuzzer flags, e.g. "-jobs=2" or "-only_ascii=1"
# Fails (exit 1) on any crash, leak, timeout or violated invariant, naming the saved input.
# The seed corpora are copied to .build-fuzz/runs/, so a run never rewrites the repository.
set -u
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
seconds=${FUZZ_SECONDS:-30}
targets=${*:-config batch screen lcdproc}
scratch=.build-fuzz
runs=$scratch/runs
mkdir -p "$runs"

started=$(date +%s)
for target in $targets; do
    [ -d "fuzz/corpus/$target" ] || { echo "fuzz: unknown target $target (no fuzz/corpus/$target)"; exit 2; }
    echo "fuzz: building fuzz-$target (-sanitize=fuzzer,address)"
    # Why the log file: POSIX sh has no pipefail, and filtering through a pipe would hide the build's status.
    # Why the filter: gold warns once per ASan helper symbol ("Cannot export local symbol"), hundreds of lines of noise.
    # Why -Xswiftc and not --sanitize=fuzzer --sanitize=address: with both, SwiftPM 6.3 handed swiftc only one
    # of them, chosen anew on each run (Swift objects built without coverage counters, and rebuilt every run).
    # C targets (BoringSSL, the shims) stay uninstrumented: the code under test is Swift.
    if ! $SWIFT build --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING \
            --product "fuzz-$target" > "$runs/build.log" 2>&1; then
        grep -v 'Cannot export local symbol' "$runs/build.log" | tail -40
        echo "fuzz: building fuzz-$target failed"
        exit 1
    fi
done
echo "fuzz: built in $(( $(date +%s) - started )) s"

bin=$scratch/debug
# Why: Swift's crash backtracer reads the crashed thread's stack, which ASan reports as a
# stack-buffer-underflow of its own; without it the report shows the violation and ASan's stack.
SWIFT_BACKTRACE=enable=no
export SWIFT_BACKTRACE
failed=""
for target in $targets; do
    run=$runs/$target
    rm -rf "$run"
    mkdir -p "$run/corpus" "$run/artifacts"
    cp fuzz/corpus/"$target"/* "$run/corpus/"
    if [ -d "fuzz/regressions/$target" ] && [ -n "$(ls "fuzz/regressions/$target")" ]; then
        cp fuzz/regressions/"$target"/* "$run/corpus/"
    fi
    echo "fuzz: fuzz-$target for $seconds s ($(ls "$run/corpus" | wc -l) seeds)"
    # -timeout: one input taking over 10 s is a hang; -rss_limit_mb: a blow-up fails instead of swapping.
    # shellcheck disable=SC2086
    "$bin/fuzz-$target" "$run/corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -artifact_prefix="$run/artifacts/" -print_final_stats=1 ${FUZZ_ARGS:-} > "$run/fuzz.log" 2>&1
    status=$?
    grep -E '^(stat::number_of_executed_units|stat::new_units_added|stat::peak_rss_mb)' "$run/fuzz.log" | tr '\n' ' '
    echo
    if [ "$status" != 0 ] || [ -n "$(ls "$run/artifacts")" ]; then
        echo "==== fuzz-$target failed (exit status $status); the end of $run/fuzz.log: ===="
        grep -v 'Cannot export local symbol' "$run/fuzz.log" | tail -40
        grep -a -m 3 -E 'Fatal error|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)' "$run/fuzz.log"
        for saved in "$run"/artifacts/*; do
            [ -e "$saved" ] && echo "fuzz: input saved at $saved (replay: $bin/fuzz-$target $saved; keep it: fuzz/README.md)"
        done
        failed="$failed $target"
    fi
done
echo "fuzz: finished in $(( $(date +%s) - started )) s"
if [ -n "$failed" ]; then
    echo "fuzz: FAILED:$failed"
    exit 1
fi
echo "fuzz: all targets passed"
