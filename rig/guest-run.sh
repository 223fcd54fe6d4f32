#!/bin/bash
# Runs one command inside a throw-away QEMU guest that boots Debian's kernel
# with the gpio-sim module (prepared by rig/setup.sh), and exits with the
# command's exit status.
#
# Why: tests need real kernel GPIO chips (later also I2C, USB serial, ...),
# which the host kernel lacks. The guest mounts the host's root filesystem
# read-only over 9p with a tmpfs overlay on top (writes succeed but are
# discarded), so host-built programs run unchanged; directories given with
# --share are mounted read-write at the same absolute path, so paths are the
# same on both sides. One boot per command; nothing survives it but what the
# command wrote into a share. See rig/README.md.
#
# Usage: rig/guest-run.sh [OPTIONS] -- COMMAND [ARGS...]
#   --share DIR        mount host directory DIR read-write at the same path in
#                      the guest (repeatable; DIR must exist)
#   --net              user-mode network: eth0 10.0.2.15/24, default route via
#                      10.0.2.2, which is the host's 127.0.0.1 (a host server on
#                      127.0.0.1:PORT is 10.0.2.2:PORT); DNS 10.0.2.3
#   --timeout SECONDS  stop the guest after SECONDS (default 300): exit 124
#   --log FILE         where the serial console (kernel and init messages),
#                      QEMU's messages and the guest's final dmesg go; written
#                      live. Default: .rig/qemu/logs/running-<pid>.log while
#                      running, then .rig/qemu/last-guest.log, or
#                      .rig/qemu/logs/failed-*.log when the rig failed.
#   --modprobe "MODULE [PARAM=VALUE...]"  load a module (and what it needs)
#                      before the command (repeatable; e.g. i2c-dev,
#                      "i2c-stub chip_addr=0x27", xhci_pci, ftdi_sio)
#   --env NAME=VALUE   extra environment variable for the command (repeatable)
#   --cpus N           vCPUs (default 1: under TCG a second one costs ~0.7 s
#                      of boot and competes with parallel guests)
#   --memory MIB       guest RAM (default 1024)
#   --qemu-arg ARG     extra QEMU argument, one word each (repeatable), e.g.
#                      --qemu-arg -device --qemu-arg qemu-xhci
#   --kernel-arg ARG   extra kernel command-line argument (repeatable), e.g.
#                      log_buf_len=4M (a big dmesg for i2c-stub's byte log)
#
# The command runs as root, chrooted into the host's root, in the caller's
# working directory, with HOME=/root, LANG=C.UTF-8, TERM=dumb, RIG_GUEST=1,
# the --env variables, and PATH = the system directories, then the caller's
# other PATH entries; stdin is /dev/null. Its stdout and stderr are two guest
# ttys (virtio consoles in raw mode) that QEMU connects to this script's
# stdout and stderr: output is line-buffered and free of kernel messages.
#
# Exit status: the command's; 124 when the timeout hit; 125 when the rig
# failed (not set up, bad usage, the guest died before the command
# finished): then the end of the log is printed on stderr.
set -uo pipefail

rig_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$rig_dir")
cache=${RIG_CACHE:-$repo/.rig/qemu}

usage() {
    sed -n '/^# Usage:/,/^# finished)/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 125
}
rig_fail() {
    echo "guest-run: $*" >&2
    exit 125
}

net=0
timeout_seconds=300
log=""
cpus=1
memory=1024
shares=()
modprobes=()
envs=()
qemu_extra=()
kernel_extra=()
while [ $# -gt 0 ]; do
    case "$1" in
    --) shift; break ;;
    --net) net=1 ;;
    --share) [ $# -ge 2 ] || usage; shares+=("$2"); shift ;;
    --share=*) shares+=("${1#*=}") ;;
    --timeout) [ $# -ge 2 ] || usage; timeout_seconds=$2; shift ;;
    --timeout=*) timeout_seconds=${1#*=} ;;
    --log) [ $# -ge 2 ] || usage; log=$2; shift ;;
    --log=*) log=${1#*=} ;;
    --modprobe) [ $# -ge 2 ] || usage; modprobes+=("$2"); shift ;;
    --modprobe=*) modprobes+=("${1#*=}") ;;
    --env) [ $# -ge 2 ] || usage; envs+=("$2"); shift ;;
    --env=*) envs+=("${1#*=}") ;;
    --cpus) [ $# -ge 2 ] || usage; cpus=$2; shift ;;
    --memory) [ $# -ge 2 ] || usage; memory=$2; shift ;;
    --qemu-arg) [ $# -ge 2 ] || usage; qemu_extra+=("$2"); shift ;;
    --kernel-arg) [ $# -ge 2 ] || usage; kernel_extra+=("$2"); shift ;;
    -h | --help) usage ;;
    *) echo "guest-run: unknown option: $1" >&2; usage ;;
    esac
    shift
done
[ $# -gt 0 ] || { echo "guest-run: no command given" >&2; usage; }
# The checkout is always shared first, read-write at its own path: the guest's /tmp is a
# fresh tmpfs, so a checkout under /tmp (CI's clean clones) would otherwise be invisible
# there, with its built binaries and the rig's scripts.
shares=("$repo" "${shares[@]}")
for number in "$timeout_seconds" "$cpus" "$memory"; do
    case "$number" in '' | *[!0-9]*) rig_fail "expected a whole number, got '$number'" ;; esac
done
for env in "${envs[@]}"; do
    case "$env" in [A-Za-z_]*=*) ;; *) rig_fail "--env needs NAME=VALUE, got '$env'" ;; esac
done

[ -r "$cache/current" ] || rig_fail "the rig is not set up: run rig/setup.sh"
# shellcheck source=/dev/null # written by rig/setup.sh
. "$cache/current"
for file in "$RIG_VMLINUX" "$RIG_INITRAMFS"; do
    [ -r "$file" ] || rig_fail "missing $file: run rig/setup.sh"
done
command -v qemu-system-x86_64 >/dev/null || rig_fail "qemu-system-x86_64 missing: run rig/setup.sh"

# Quotes a string for a POSIX shell (the guest's busybox sh sources it).
quote() {
    local s=${1//\'/\'\\\'\'}
    printf "'%s'" "$s"
}
# Escapes a value inside a QEMU option list (a comma is written twice).
qemu_escape() {
    printf '%s' "${1//,/,,}"
}

ctl=$(mktemp -d "${TMPDIR:-/tmp}/rig-run.XXXXXX") || rig_fail "mktemp failed"
qemu_pid=""
relays=()
relay_fifos=()
# Waits until the output relays (see below) have copied everything. A relay
# still blocked in open() (QEMU never opened its FIFO) gets a writer that
# closes at once; opening a FIFO read-write never blocks.
finish_relays() {
    local fifo fd
    for fifo in "${relay_fifos[@]}"; do
        exec {fd}<>"$fifo" && exec {fd}>&-
    done
    [ "${#relays[@]}" -eq 0 ] || wait "${relays[@]}" 2>/dev/null
    relays=()
    relay_fifos=()
}
# Never leaves QEMU behind: on any exit, stop it (through timeout(1), which
# passes the signal on) and wait for it.
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
    if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
        kill -TERM "$qemu_pid" 2>/dev/null
        wait "$qemu_pid" 2>/dev/null
    fi
    finish_relays
    rm -rf "$ctl"
    # Interrupted before the end: keep the live log as a failure log.
    if [ "${log_is_default:-0}" = 1 ] && [ -f "$cache/logs/running-$$.log" ]; then
        mv -f "$cache/logs/running-$$.log" "$cache/logs/failed-$(date +%Y%m%d-%H%M%S)-$$-interrupted.log"
    fi
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# The command's PATH: the system directories first, then the caller's other
# entries. System first because wrappers such as pyenv's shims (bash scripts
# that start several more) cost ~5 s per start under TCG.
guest_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
IFS=: read -r -a path_entries <<<"${PATH:-}"
for entry in "${path_entries[@]}"; do
    case ":$guest_path:" in *":$entry:"*) ;; *) [ -z "$entry" ] || guest_path=$guest_path:$entry ;; esac
done

# --- Control file for the guest's init (rig/guest/rig-init.sh) ---------------
share_args=()
{
    echo "RIG_NET=$net"
    echo "RIG_CWD=$(quote "$(pwd -P)")"
    echo "RIG_PATH=$(quote "$guest_path")"
    echo "RIG_MODROOT=$(quote "$RIG_MODROOT")"
    [ -z "${RIG_MSIZE:-}" ] || echo "RIG_MSIZE=$(quote "$RIG_MSIZE")"
    echo "RIG_MODPROBE_COUNT=${#modprobes[@]}"
    for index in "${!modprobes[@]}"; do
        echo "RIG_MODPROBE_$index=$(quote "${modprobes[$index]}")"
    done
    echo "RIG_SHARE_COUNT=${#shares[@]}"
    for index in "${!shares[@]}"; do
        dir=${shares[$index]}
        [ -d "$dir" ] || rig_fail "--share $dir: no such directory"
        real=$(realpath "$dir") || rig_fail "--share $dir: cannot resolve"
        [ "$real" != / ] || rig_fail "--share /: not allowed"
        echo "RIG_SHARE_$index=$(quote "$real")"
        share_args+=(-fsdev "local,id=share$index,path=$(qemu_escape "$real"),security_model=none,multidevs=remap"
            -device "virtio-9p-pci,fsdev=share$index,mount_tag=share$index")
    done
    echo "RIG_ENV_COUNT=${#envs[@]}"
    for index in "${!envs[@]}"; do
        echo "RIG_ENV_$index=$(quote "${envs[$index]}")"
    done
    # The command and its arguments.
    printf 'set --'
    for arg in "$@"; do printf ' %s' "$(quote "$arg")"; done
    echo
} >"$ctl/env" || exit 125

# --- stdout/stderr of the command --------------------------------------------
# QEMU re-opens our stdout/stderr as /proc/self/fd/N when that has no side
# effects (terminal, pipe, /dev/null). A regular file would be written at
# QEMU's own offset (clobbering ours) and a socket cannot be re-opened: those
# get a FIFO that a cat copies to the original descriptor.
exec {out_fd}>&1 {err_fd}>&2
console_path() { # fd -> sets $path, the file a QEMU chardev opens
    path=/proc/self/fd/$1
    if [ ! -p "$path" ] && [ ! -c "$path" ]; then
        path="$ctl/fifo$1"
        mkfifo "$path" || rig_fail "mkfifo failed"
        cat "$path" >&"$1" &
        relays+=($!)
        relay_fifos+=("$path")
    fi
}
console_path "$out_fd"
out_path=$path
console_path "$err_fd"
err_path=$path

# --- Log ------------------------------------------------------------------------
mkdir -p "$cache/logs"
# Live logs of runs that were SIGKILLed are left behind: drop old ones.
find "$cache/logs" -name 'running-*.log' -mmin +1440 -delete 2>/dev/null
log_is_default=0
if [ -z "$log" ]; then
    log_is_default=1
    log="$cache/logs/running-$$.log"
fi
echo "# guest-run $(date -Is) in $(pwd -P): $*" >"$log" || rig_fail "cannot write the log $log"

# --- QEMU -----------------------------------------------------------------------
net_args=()
[ "$net" = 1 ] && net_args=(-netdev "user,id=net0" -device "virtio-net-pci,netdev=net0")

# qboot reaches the kernel ~0.5 s sooner than SeaBIOS. Its MP table has no PCI
# interrupt routes, which virtio and xhci do not need (MSI-X); for a device
# that needs legacy INTx, RIG_BIOS=seabios selects QEMU's default firmware.
bios=${RIG_BIOS:-/usr/share/qemu/qboot.rom}
bios_args=()
if [ "$bios" != seabios ] && [ -r "$bios" ]; then
    bios_args=(-bios "$bios")
fi

# acpi=off: ACPI tables and PCI interrupt links cost ~0.6 s under TCG and
# nothing here needs them (the guest ends with a reboot, which -no-reboot
# turns into QEMU's exit). cryptomgr.notests skips the crypto self-tests.
# RIG_KERNEL_ARGS adds arguments (e.g. initcall_debug, loglevel=7).
append="console=ttyS0 rdinit=/init panic=-1 oops=panic acpi=off cryptomgr.notests loglevel=4 quiet ${RIG_KERNEL_ARGS:-} ${kernel_extra[*]}"
qemu=(
    qemu-system-x86_64 -M pc -accel tcg -cpu max -smp "$cpus" -m "$memory"
    -nodefaults -no-user-config -display none -no-reboot "${bios_args[@]}"
    -kernel "$RIG_VMLINUX" -initrd "$RIG_INITRAMFS" -append "$append"
    -chardev "file,id=serial0,path=$(qemu_escape "$log"),append=on" -serial chardev:serial0
    -fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap"
    -device "virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot"
    -fsdev "local,id=rigctl,path=$(qemu_escape "$ctl"),security_model=none"
    -device "virtio-9p-pci,fsdev=rigctl,mount_tag=rigctl"
    -device virtio-serial-pci
    -chardev "file,id=out,path=$(qemu_escape "$out_path"),append=on" -device "virtconsole,chardev=out"
    -chardev "file,id=err,path=$(qemu_escape "$err_path"),append=on" -device "virtconsole,chardev=err"
    "${share_args[@]}" "${net_args[@]}" "${qemu_extra[@]}"
)

start=$(date +%s%N)
timeout --kill-after=5 "$timeout_seconds" "${qemu[@]}" </dev/null >"$ctl/qemu.log" 2>&1 &
qemu_pid=$!
wait "$qemu_pid"
qemu_status=$?
qemu_pid=""
exec {out_fd}>&- {err_fd}>&-
finish_relays

# --- Status ---------------------------------------------------------------------
rig_failed=1
if [ -s "$ctl/status" ]; then
    status=$(cat "$ctl/status")
    rig_failed=0
elif [ "$qemu_status" = 124 ] || [ "$qemu_status" = 137 ]; then
    status=124
else
    status=125
fi
{
    echo "# qemu exit status $qemu_status after $((($(date +%s%N) - start) / 1000000)) ms; command status: $(cat "$ctl/status" 2>/dev/null || echo none)"
    cat "$ctl/qemu.log"
    if [ -s "$ctl/dmesg" ]; then
        echo "# ---- dmesg at the end of the command ----"
        cat "$ctl/dmesg"
    fi
} >>"$log" 2>/dev/null
if [ "$log_is_default" = 1 ]; then
    if [ "$rig_failed" = 1 ]; then
        kept="$cache/logs/failed-$(date +%Y%m%d-%H%M%S)-$$.log"
        mv -f "$log" "$kept" && log=$kept
        # Keep the newest 20 failure logs.
        # shellcheck disable=SC2012 # the names are ours, without odd characters
        ls -t "$cache/logs"/failed-*.log 2>/dev/null | tail -n +21 | while read -r old; do rm -f "$old"; done
    else
        mv -f "$log" "$cache/last-guest.log" && log=$cache/last-guest.log
    fi
fi
if [ "$rig_failed" = 1 ]; then
    if [ "$status" = 124 ]; then
        echo "guest-run: timed out after $timeout_seconds s (log: $log)" >&2
    else
        echo "guest-run: the guest failed before the command finished (QEMU exit status $qemu_status); log: $log" >&2
        grep -v '^\[ *[0-9]' "$log" | tail -n 15 >&2
    fi
fi
exit "$status"
