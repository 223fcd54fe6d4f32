#!/bin/sh
# Runs the benchmarks in a release build and prints the tables for bench/README.md.
# Usage: bench/run.sh [--presses N] [--backlog N] [--dir FOLDER-ON-THE-DISK-TO-MEASURE]
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product rating-bench
echo "machine: $(uname -srm), $(nproc) cores; disk: $(df -h . | awk 'NR==2 {print $1}')"
./.build/release/rating-bench "$@"
echo
echo "Collector ingest:"
./bench/ingest.sh
echo
echo "GPIO in the QEMU rig:"
./bench/gpio-rig.sh
