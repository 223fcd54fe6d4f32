#!/bin/bash
# GPIODShim on a real kernel: runs .rig/shim-smoke-v1 and .rig/shim-smoke-v2 (rig/tests/shim_smoke.c,
# built by rig/tests/build-shim-smoke.sh) against gpio-sim chips inside the rig's QEMU guest.
#
#   rig/tests/shim-smoke.sh            # on the host: builds, then runs the checks in the guest
#   rig/tests/shim-smoke.sh v2         # only one variant
#
# A button press is simulated by writing "pull-down" to <sysfs dir>/sim_gpioK/pull (the line reads
# low: active for an active-low button), "pull-up" releases it. Prints PASS/FAIL per check and
# exits non-zero if anything failed.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ "${RIG_GUEST:-0}" != 1 ]; then
    "$ROOT/rig/tests/build-shim-smoke.sh" || exit 1
    exec "$ROOT/rig/guest-run.sh" --timeout 900 -- "$ROOT/rig/tests/shim-smoke.sh" "$@"
fi

# ---- inside the guest (root, chrooted into the host's root) ----
SIM=$ROOT/rig/guest/gpio-sim-chip.sh
WORK=$(mktemp -d)
failures=0
T=60      # seconds a smoke run may wait for its events
GAP=0.2   # between simulated level changes; generous for TCG
pass() { echo "PASS $variant: $*"; }
fail() { echo "FAIL $variant: $*"; failures=$((failures + 1)); }

# Only when rig/guest/gpio-sim-chip.sh is missing: the same two commands straight on configfs
# (create prints the /dev path and the sysfs dir holding sim_gpioK/, remove takes the chip away).
sim_fallback() {
    local dir=/sys/kernel/config/gpio-sim/$2 i=0
    if [ "$1" = remove ]; then echo 0 >"$dir/live"; return; fi
    mkdir -p "$dir/bank0" && shift 2
    echo $# >"$dir/bank0/num_lines"
    for name in "$@"; do mkdir "$dir/bank0/line$i" && echo "$name" >"$dir/bank0/line$i/name"; i=$((i + 1)); done
    echo 1 >"$dir/live"
    echo "/dev/$(cat "$dir/bank0/chip_name")"
    echo "/sys/devices/platform/$(cat "$dir/dev_name")/$(cat "$dir/bank0/chip_name")"
}
[ -x "$SIM" ] || { echo "note: no $SIM, using configfs directly"; SIM=sim_fallback; }

# create NAME LINE...: sets DEV (/dev/gpiochipN), SYS (the sim's sysfs dir) and LABEL.
create() {
    local out
    out=$($SIM create "$@") || { echo "gpio-sim-chip.sh create $* failed" >&2; return 1; }
    DEV=$(echo "$out" | grep -o '/dev/gpiochip[0-9]*' | head -n 1)
    SYS=$(echo "$out" | grep -o '/sys/[^ ]*' | head -n 1)
    if [ -z "$DEV" ] || [ -z "$SYS" ]; then echo "cannot parse gpio-sim-chip.sh output: $out" >&2; return 1; fi
    # The label, from the host's gpiod tools: "gpiochip0 [gpio-sim.0-node0] (3 lines)".
    LABEL=$(gpiodetect 2>/dev/null | sed -n "s|^$(basename "$DEV") \[\(.*\)\].*|\1|p")
}
pull() { echo "$2" >"$SYS/sim_gpio$1/pull"; }   # offset, pull-up|pull-down

# start NAME ARGS...: runs the smoke binary in the background into $WORK/NAME, waits for READY.
start() {
    local name=$1; shift
    "$BIN" "$@" >"$WORK/$name" 2>&1 &
    PID=$!
    for _ in $(seq 600); do   # up to 60 s: the guest is emulated (TCG) and loads over 9p
        grep -q -e '^READY' -e '^ERROR' "$WORK/$name" && return 0
        kill -0 $PID 2>/dev/null || return 0
        sleep 0.1
    done
}
finish() { wait "$PID"; STATUS=$?; }          # sets STATUS of the last start
events() { grep -E '^[0-9]+ [01] [0-9]+$' "$WORK/$1" | cut -d' ' -f1,2 | tr '\n' ',' ; }
show() { sed 's/^/    | /' "$WORK/$1"; }

check_variant() {
    variant=$1
    BIN=$ROOT/.rig/shim-smoke-$variant
    [ -x "$BIN" ] || { echo "SKIP $variant: no $BIN"; return; }
    echo "== $variant: $("$BIN" /nonexistent 1 none 2>&1 | head -n 1)"
    create "smoke-$variant" GPIO5 GPIO6 GPIO13 || { fail "gpio-sim chip"; return; }
    echo "   chip $DEV label '$LABEL' sysfs $SYS"

    # 1. names, by /dev name; index order follows the argument order, not the offsets.
    start names -t $T "$(basename "$DEV")" 4 GPIO13 GPIO5
    if grep -q '^VALUES 0 0$' "$WORK/names"; then pass "inputs start inactive (active-low, pull-up)"
    else fail "initial values"; show names; fi
    # 2. busy, while the first request holds the lines.
    "$BIN" -t $T "$DEV" 1 GPIO5 >"$WORK/busy" 2>&1
    if grep -q '^ERROR 16 .*GPIO5.*"shim-smoke"' "$WORK/busy"; then pass "busy: $(cut -d' ' -f3- "$WORK/busy" | tail -n 1)"
    else fail "busy line"; show busy; fi
    pull 2 pull-down; sleep $GAP; pull 2 pull-up; sleep $GAP; pull 0 pull-down; sleep $GAP; pull 0 pull-up
    finish
    if [ $STATUS = 0 ] && [ "$(events names)" = "0 1,0 0,1 1,1 0," ]; then pass "edges by line name, index mapping, active-low"
    else fail "edges by name (status $STATUS, events $(events names))"; show names; fi

    # 3. a missing line, and a missing chip.
    "$BIN" -t $T "$DEV" 1 GPIO5 NOPE >"$WORK/missing" 2>&1
    if grep -q '^ERROR 2 .*NOPE.*not found' "$WORK/missing"; then pass "missing line: $(cut -d' ' -f3- "$WORK/missing" | tail -n 1)"
    else fail "missing line"; show missing; fi
    "$BIN" -t $T no-such-chip 1 GPIO5 >"$WORK/nochip" 2>&1
    if grep -q '^ERROR 19 ' "$WORK/nochip"; then pass "missing chip: $(cut -d' ' -f3- "$WORK/nochip" | tail -n 1)"
    else fail "missing chip"; show nochip; fi

    # 4. decimal offsets, chip by label (or path when the label is unknown), active-high, pull-down.
    spec=${LABEL:-$DEV}
    start offsets -t $T -a 0 -b pull-down "$spec" 2 1
    pull 1 pull-up; sleep $GAP; pull 1 pull-down
    finish
    if [ $STATUS = 0 ] && [ "$(events offsets)" = "0 1,0 0," ]; then pass "offset \"1\", chip by \"$spec\", active-high"
    else fail "offsets (status $STATUS, events $(events offsets))"; show offsets; fi

    # 5. outputs: start inactive, set_value drives the line (the simulator sees the level).
    start outputs -o -t $T "$DEV" 3 GPIO6
    level=$(cat "$SYS/sim_gpio1/value" 2>/dev/null)
    finish
    if grep -q '^VALUES 0$' "$WORK/outputs" && grep -q '^VALUES 1$' "$WORK/outputs" && [ "$level" = 1 ] && [ $STATUS = 0 ]
    then pass "outputs: initial 0, set 1, simulator reads $level"
    else fail "outputs (status $STATUS, sim value '$level')"; show outputs; fi

    # 6. kernel debounce (v2 only): a bouncing press yields one edge each way.
    if [ "$variant" = v2 ]; then
        # 300 ms: the five writes below (shell builtins) take far less, even emulated.
        start debounce -t $T -d 300000 "$DEV" 2 GPIO5
        pull 0 pull-down; pull 0 pull-up; pull 0 pull-down; pull 0 pull-up; pull 0 pull-down
        sleep 1; pull 0 pull-up
        finish
        if [ $STATUS = 0 ] && [ "$(events debounce)" = "0 1,0 0," ]; then pass "kernel debounce (300 ms) swallows bounces"
        else fail "debounce (status $STATUS, events $(events debounce))"; show debounce; fi
    fi

    # 7. the chip vanishes under a live request: ENODEV from read_events.
    # -v: did poll(2) wake up on the removal, or was it only seen by the next read after a timeout?
    start vanish -v -t 20 "$DEV" 1 GPIO5
    $SIM remove "smoke-$variant" >/dev/null
    finish
    woke=$(grep -q '^WOKE' "$WORK/vanish" && echo "poll woke up" || echo "poll did NOT wake up")
    if [ $STATUS = 3 ] && grep -q '^ERROR 19 ' "$WORK/vanish"; then
        pass "vanished chip ($woke): $(cut -d' ' -f3- "$WORK/vanish" | tail -n 1)"
    else fail "vanished chip (status $STATUS, $woke)"; show vanish; fi
}

variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(v1 v2)
for v in "${variants[@]}"; do check_variant "$v"; done
echo "kernel $(uname -r): $failures failure(s)"
[ $failures = 0 ]
