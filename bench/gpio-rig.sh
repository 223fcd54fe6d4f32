#!/bin/sh
# GPIO benchmark in the QEMU rig (TCG emulation, so slower than a real board):
# kernel edge timestamp -> rating committed, and -> thank-you frame written, for
# presses on a gpio-sim chip; then 60 s without presses, counting the daemon's
# context switches (all threads) while a real collector on the host takes its uploads.
# Usage: bench/gpio-rig.sh [PRESSES] [IDLE_SECONDS]   (release build of rating-terminal;
#        the rig is set up by rig/setup.sh). Prints markdown rows for bench/README.md.
set -eu
cd "$(dirname "$0")/.."
presses=${1:-60}
idle=${2:-60}
root=$(pwd)
rig/setup.sh >/dev/null
swift build -c release --product rating-terminal >/dev/null
swift build --product rating-collector >/dev/null
run="$root/.rig/runs/bench-$$"
mkdir -p "$run"
collector_pid=""
cleanup() {
    [ -n "$collector_pid" ] && kill "$collector_pid" 2>/dev/null && wait "$collector_pid" 2>/dev/null
    rm -rf "$run"
}
trap cleanup EXIT INT TERM

./.build/debug/rating-collector device add RIG-1 --db "sqlite:$run/collector.sqlite" >"$run/secret"
./.build/debug/rating-collector serve --db "sqlite:$run/collector.sqlite" --listen 127.0.0.1:0 \
    --port-file "$run/port" >"$run/collector.out" 2>"$run/collector.err" &
collector_pid=$!
# The port file appears once the collector listens (written atomically); wait for it, not for a fixed time.
tries=0
while [ ! -s "$run/port" ]; do
    tries=$((tries + 1))
    [ "$tries" -gt 300 ] && { echo "the collector did not start: $(cat "$run/collector.err")" >&2; exit 1; }
    sleep 0.1
done
port=$(cat "$run/port")

python3 - "$presses" "$idle" >"$run/steps.json" <<'PY'
import json, sys
presses, idle = int(sys.argv[1]), int(sys.argv[2])
steps = []
for index in range(presses):
    steps += [{"press": index % 5 + 1, "hold_ms": 80}, {"wait_stored": index + 1}, {"sleep_ms": 300}]
steps += [{"sleep_ms": 5000}, {"idle_s": idle}]
print(json.dumps(steps))
PY

# QEMU's user-mode network shows the host's loopback to the guest as 10.0.2.2.
rig/guest-run.sh --net --share "$run" --timeout 900 -- python3 "$root/rig/scenarios/gpio_driver.py" \
    --terminal "$root/.build/release/rating-terminal" --state "$run" --steps "$run/steps.json" \
    --collector "http://10.0.2.2:$port" --secret-file "$run/secret" --verbose >"$run/guest.out"

python3 - "$run/result.json" <<'PY'
import json, statistics, sys
result = json.load(open(sys.argv[1]))
def row(name, values):
    values = sorted(values)
    p99 = values[min(len(values) - 1, int(round(0.99 * (len(values) - 1))))]
    print(f"| {name} | {len(values)} | {statistics.median(values) / 1000:.2f} | {p99 / 1000:.2f} | {values[-1] / 1000:.2f} |")
timings = result["timings"]
print("| in the QEMU guest (TCG emulation), release build | samples | median ms | p99 ms | max ms |")
print("| --- | --- | --- | --- | --- |")
row("kernel edge timestamp → rating committed", [t[0] for t in timings])
row("kernel edge timestamp → thank-you frame written", [t[1] for t in timings])
idle = result["idle"]
print()
print("| idle daemon in the guest, no presses | value |")
print("| --- | --- |")
print(f"| seconds | {idle['seconds']} |")
print(f"| context switches, all {idle['threads']} threads ({idle['threads_ended']} ended during the minute) | {idle['context_switches']} |")
print(f"| CPU time used (ticks of 10 ms) | {idle['cpu_ticks']} |")
PY
