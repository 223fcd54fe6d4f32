#!/bin/bash
# Smoke check of the QEMU hardware rig: sets it up (rig/setup.sh), then boots
# guests (rig/guest-run.sh) and checks what the tests rely on. Prints one
# PASS/FAIL line per check and the measured timings; exits 1 if a check failed.
#
# Why: the rig stacks a downloaded kernel, an out-of-tree module, 9p, an
# overlay and a chroot; when a test fails in the rig, this tells in a minute
# whether the rig itself is healthy.
#
# Checks: a gpio-sim chip made with rig/guest/gpio-sim-chip.sh is seen by the
# host's gpiod v1 tools (gpiodetect/gpioinfo), `pull-down` on a line gives
# gpiomon a falling edge, gpioset drives an output line's sim value, removal
# takes the /dev node away; exit status propagation (exit 7 -> 7); stdout and
# stderr arrive separately; --share is read-write at the same path; a
# host-built Swift binary runs in the guest; --net reaches a host HTTP server
# on 127.0.0.1 as 10.0.2.2; --timeout ends a hung guest with 124 and leaves no
# QEMU process.
#
# Usage: rig/selfcheck.sh
set -uo pipefail

rig_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$rig_dir")
guest_run=$rig_dir/guest-run.sh
failures=0

pass() { echo "PASS $*"; }
fail() {
    echo "FAIL $*"
    failures=$((failures + 1))
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Host tools the checks use: gpiod (v1 tools, run inside the guest from the
# host's root), python3 (HTTP server).
"$repo/scripts/install-deps.sh" gpiod python3 || {
    echo "FAIL cannot install gpiod/python3"
    exit 1
}

start=$(now_ms)
if ! "$rig_dir/setup.sh"; then
    echo "FAIL rig/setup.sh"
    exit 1
fi
echo "TIME setup: $(($(now_ms) - start)) ms"

work=$(mktemp -d "${TMPDIR:-/tmp}/rig-selfcheck.XXXXXX")
server_pid=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
    [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# --- Timing of a trivial run -------------------------------------------------
# boot-to-command: from starting guest-run.sh to the command's first output line.
for attempt in 1 2 3; do
    start=$(now_ms)
    first=""
    while IFS= read -r line; do
        [ -n "$first" ] || first=$(now_ms)
        [ "$line" = started ] || fail "trivial run printed '$line'"
    done < <("$guest_run" -- echo started)
    end=$(now_ms)
    if [ -n "$first" ]; then
        echo "TIME trivial guest-run #$attempt: boot-to-command $((first - start)) ms, total $((end - start)) ms"
    else
        fail "trivial run #$attempt printed nothing"
    fi
done

# --- Exit status -------------------------------------------------------------
"$guest_run" -- sh -c 'exit 7'
status=$?
if [ "$status" = 7 ]; then pass "exit status propagates (exit 7 -> 7)"; else fail "exit status: expected 7, got $status"; fi

# --- GPIO, shares, output streams, Swift: one guest ---------------------------
share=$work/share
mkdir -p "$share"
echo "from-the-host" >"$share/host-file"
swift_hello=""
if command -v swiftc >/dev/null 2>&1; then
    echo 'print("hello from swift, args: \(CommandLine.arguments.dropFirst())")' >"$work/hello.swift"
    if swiftc -o "$share/hello-swift" "$work/hello.swift" 2>"$work/swiftc.err"; then
        swift_hello=$share/hello-swift
    else
        fail "swiftc could not build a hello world: $(head -n 3 "$work/swiftc.err")"
    fi
fi
project_binary=$repo/.build/debug/rating-terminal
cat >"$share/guest-checks.sh" <<'GUEST'
#!/bin/bash
# Runs inside the guest; prints PASS/FAIL lines.
set -u
share=$1 chip_tool=$2 swift_hello=$3 project_binary=$4
ok() { echo "PASS $*"; }
bad() { echo "FAIL $*"; }

out=$("$chip_tool" create selfcheck BUTTON1 BUTTON2 LED1) || { bad "gpio-sim-chip.sh create"; exit 1; }
dev=$(echo "$out" | sed -n 1p)
sys=$(echo "$out" | sed -n 2p)
if [ -c "$dev" ] && [ -d "$sys/sim_gpio0" ]; then ok "gpio-sim chip: $dev, $sys"; else bad "gpio-sim chip: '$out'"; fi
gpiodetect | grep -q "^$(basename "$dev") \[selfcheck\] (3 lines)" && ok "gpiodetect sees the chip" || bad "gpiodetect: $(gpiodetect)"
info=$(gpioinfo "$dev")
echo "$info" | grep -q '"BUTTON1"' && echo "$info" | grep -q '"LED1"' && ok "gpioinfo shows the line names" || bad "gpioinfo: $info"

# A press: the line idles high (pull-up, like a button's pull-up resistor),
# pull-down is the press. gpiomon must report the falling edge.
echo pull-up >"$sys/sim_gpio0/pull"
timeout 30 gpiomon --num-events=1 --falling-edge "$dev" 0 >/tmp/gpiomon.out 2>&1 &
monitor=$!
sleep 1 # let gpiomon request the line
echo pull-down >"$sys/sim_gpio0/pull"
if wait "$monitor" && grep -q 'FALLING EDGE offset: 0' /tmp/gpiomon.out; then
    ok "gpiomon saw the falling edge of a pull-down: $(cat /tmp/gpiomon.out)"
else
    bad "gpiomon: no falling edge ($(cat /tmp/gpiomon.out))"
fi

# An output line: while gpioset holds it at 1, the sim's value file reads 1.
gpioset --mode=time --sec=3 "$dev" 2=1 &
setter=$!
value=""
for _ in $(seq 20); do
    value=$(cat "$sys/sim_gpio2/value")
    [ "$value" = 1 ] && break
    sleep 0.1
done
[ "$value" = 1 ] && ok "gpioset drives the output line (sim value 1)" || bad "gpioset: sim value $value"
kill "$setter" 2>/dev/null
wait "$setter" 2>/dev/null

"$chip_tool" remove selfcheck && [ ! -e "$dev" ] && [ ! -d /sys/kernel/config/gpio-sim/selfcheck ] &&
    ok "gpio-sim-chip.sh remove takes the chip away" || bad "remove: $dev still there"

# Shares: read the host's file, write one back.
[ "$(cat "$share/host-file")" = from-the-host ] && ok "share readable at the host path" || bad "share not readable"
echo "from-the-guest" >"$share/guest-file"
# The host root is there read-only underneath a throw-away overlay.
touch /usr/rig-overlay-probe 2>/dev/null && [ -e /usr/rig-overlay-probe ] && ok "root is writable (tmpfs overlay)" || bad "root overlay"

# Output streams.
echo "to-stdout"
echo "to-stderr" >&2

if [ -n "$swift_hello" ]; then
    got=$("$swift_hello" a b) && [ "$got" = 'hello from swift, args: ["a", "b"]' ] &&
        ok "host-built Swift binary runs: $got" || bad "Swift hello: '$got'"
fi
if [ -x "$project_binary" ]; then
    "$project_binary" --help >/tmp/help.out 2>&1 && ok "$project_binary --help runs" || bad "$project_binary --help: $(head -n 3 /tmp/help.out)"
fi
GUEST
chmod +x "$share/guest-checks.sh"
"$guest_run" --share "$share" --timeout 180 -- \
    "$share/guest-checks.sh" "$share" "$rig_dir/guest/gpio-sim-chip.sh" "$swift_hello" "$project_binary" \
    >"$work/guest.out" 2>"$work/guest.err"
status=$?
grep -E '^(PASS|FAIL) ' "$work/guest.out"
failures=$((failures + $(grep -c '^FAIL ' "$work/guest.out")))
[ "$status" = 0 ] || fail "guest checks exited with $status: $(tail -n 5 "$work/guest.err")"
if grep -qx 'to-stdout' "$work/guest.out" && ! grep -q 'to-stdout' "$work/guest.err" &&
    grep -qx 'to-stderr' "$work/guest.err" && ! grep -q 'to-stderr' "$work/guest.out"; then
    pass "stdout and stderr arrive separately"
else
    fail "stdout/stderr: out=$(tr '\n' '|' <"$work/guest.out") err=$(tr '\n' '|' <"$work/guest.err")"
fi
if [ "$(cat "$share/guest-file" 2>/dev/null)" = from-the-guest ]; then
    pass "share written by the guest"
else
    fail "share write did not reach the host"
fi
if [ ! -e /usr/rig-overlay-probe ]; then
    pass "guest writes outside shares stay in the guest"
else
    fail "/usr/rig-overlay-probe leaked to the host"
fi

# --- Network -----------------------------------------------------------------
mkdir -p "$work/www"
echo "hello-over-slirp" >"$work/www/probe.txt"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 50); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
    sleep 0.1
done
got=$("$guest_run" --net -- python3 -c "import urllib.request; print(urllib.request.urlopen('http://10.0.2.2:$port/probe.txt', timeout=30).read().decode().strip())")
status=$?
if [ "$status" = 0 ] && [ "$got" = hello-over-slirp ]; then
    pass "--net: host 127.0.0.1:$port reached as 10.0.2.2:$port"
else
    fail "--net: status $status, got '$got'"
fi
kill "$server_pid" 2>/dev/null
wait "$server_pid" 2>/dev/null
server_pid=""

# --- Timeout -----------------------------------------------------------------
start=$(now_ms)
marker=rig-selfcheck-timeout-$$
"$guest_run" --timeout 8 --qemu-arg -name --qemu-arg "$marker" -- sleep 600 2>"$work/timeout.err"
status=$?
elapsed=$(($(now_ms) - start))
if [ "$status" = 124 ] && [ "$elapsed" -lt 20000 ]; then
    pass "--timeout 8: exit 124 after $elapsed ms"
else
    fail "--timeout: status $status after $elapsed ms"
fi
if pgrep -f -- "-name $marker" >/dev/null; then
    fail "the timed-out QEMU is still running: $(pgrep -af -- "-name $marker")"
else
    pass "no QEMU process left behind"
fi

echo
if [ "$failures" -eq 0 ]; then
    echo "selfcheck: PASS"
    exit 0
fi
echo "selfcheck: FAIL ($failures failed)"
exit 1
