#!/bin/bash
# Runs one command inside a throw-away QEMU guest that boots Debian's kernel
# with the gpio-sim module (prepared by rig/setup.sh), and exits with the
# command's exit status.
#
# Why: tests need real kernel GPIO chips (and later I2C, USB serial, ...)
# which the host kernel lacks. The guest sees the host's root filesystem
# read-only over 9p, with a tmpfs overlay on top (writes succeed but are
# discarded), so host-built programs run unchanged; directories passed with
# --share are mounted read-write at the same absolute path, so paths are the
# same on both sides. One boot per command; nothing survives it but what the
# command wrote into a share.
#
# Usage: rig/guest-run.sh [OPTIONS] -- COMMAND [ARGS...]
#   --share DIR        mount host directory DIR read-write at DIR in the guest
#                      (repeatable; DIR must exist)
#   --net              user-mode network: eth0 10.0.2.15/24, default route via
#                      10.0.2.2, which is the host's 127.0.0.1 (a host server on
#                      127.0.0.1:PORT is 10.0.2.2:PORT), DNS 10.0.2.3
#   --timeout SECONDS  kill the guest after SECONDS (default 300), exit 124
#   --log FILE         kernel console, init and QEMU messages (default:
#                      .rig/qemu/last-guest.log; kept as .rig/qemu/logs/*.log
#                      when the guest fails or times out)
#   --modprobe MODULE  load MODULE (and its dependencies) before the command
#                      (repeatable; e.g. i2c-dev, i2c-stub, ftdi_sio)
#   --env NAME=VALUE   extra environment variable for the command (repeatable)
#   --cpus N, --memory MIB  guest size (default 1 vCPU, 1024 MiB; under TCG a
#                      second vCPU slows the boot by ~0.7 s)
#   --qemu-arg ARG     extra QEMU argument (repeatable; e.g. -device usb-serial)
#
# The command runs as root, chrooted into the host's root, in the caller's
# working directory, with PATH (the caller's PATH plus the usual system dirs),
# HOME=/root, LANG=C.UTF-8, TERM=dumb, RIG_GUEST=1 and the --env variables; its
# stdin is /dev/null. Its stdout and stderr are guest ttys (virtio consoles,
# raw mode) connected to this script's stdout and stderr, so output is
# line-buffered and free of kernel messages.
#
# Exit status: the command's; 124 when the timeout hit; 125 when the rig
# itself failed (not set up, bad usage, the guest died before the command
# finished): then the last lines of the log are printed on stderr.
set -uo pipefail

rig_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$rig_dir")
cache=${RIG_CACHE:-$repo/.rig/qemu}

usage() {
    sed -n '/^# Usage:/,/^# itself failed/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
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
    -h | --help) usage ;;
    *) echo "guest-run: unknown option: $1" >&2; usage ;;
    esac
    shift
done
[ $# -gt 0 ] || { echo "guest-run: no command given" >&2; usage; }
case "$timeout_seconds" in '' | *[!0-9]*) rig_fail "--timeout needs whole seconds, got '$timeout_seconds'" ;; esac
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

ctl=$(mktemp -d "${TMPDIR:-/tmp}/rig-run.XXXXXX") || rig_fail "mktemp failed"
qemu_pid=""
relays=()
relay_fifos=()
# Waits for the output relays (see below) to copy everything. A relay still
# blocked in open() (QEMU never opened its FIFO) gets a writer that closes at
# once; opening a FIFO read-write never blocks.
finish_relays() {
    local fifo fd
    for fifo in "${relay_fifos[@]}"; do
        exec {fd}<>"$fifo" && exec {fd}>&-
    done
    [ "${#relays[@]}" -eq 0 ] || wait "${relays[@]}" 2>/dev/null
    relays=()
    relay_fifos=()
}
cleanup() {
    if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
        kill -TERM "$qemu_pid" 2>/dev/null
        wait "$qemu_pid" 2>/dev/null
    fi
    finish_relays
    rm -rf "$ctl"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# --- Control file for the guest's init (rig/guest/rig-init.sh) ---------------
{
    echo "RIG_NET=$net"
    echo "RIG_CWD=$(quote "$(pwd -P)")"
    echo "RIG_PATH=$(quote "${PATH:+$PATH:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")"
    echo "RIG_MODROOT=$(quote "$RIG_MODROOT")"
    echo "RIG_MODPROBE=$(quote "${modprobes[*]}")"
    [ -z "${RIG_MSIZE:-}" ] || echo "RIG_MSIZE=$(quote "$RIG_MSIZE")"
    echo "RIG_SHARE_COUNT=${#shares[@]}"
} >"$ctl/env"
share_args=()
index=0
for dir in "${shares[@]}"; do
    [ -d "$dir" ] || rig_fail "--share $dir: no such directory"
    real=$(realpath "$dir") || rig_fail "--share $dir: cannot resolve"
    [ "$real" != / ] || rig_fail "--share /: not allowed"
    echo "RIG_SHARE_$index=$(quote "$real")" >>"$ctl/env"
    share_args+=(-fsdev "local,id=share$index,path=$real,security_model=none,multidevs=remap"
        -device "virtio-9p-pci,fsdev=share$index,mount_tag=share$index")
    index=$((index + 1))
done
{
    printf 'set --'
    for arg in "${envs[@]}" "$@"; do printf ' %s' "$(quote "$arg")"; done
    echo
} >>"$ctl/env"

# --- stdout/stderr of the command --------------------------------------------
# QEMU re-opens our stdout/stderr as /proc/self/fd/N when that works without
# side effects (terminal, pipe, /dev/null). A regular file would be written at
# QEMU's own offset (clobbering ours) and a socket cannot be re-opened: those
# get a FIFO that a cat copies to the original descriptor.
exec {out_fd}>&1 {err_fd}>&2
console_path() { # fd -> sets $path, the file a QEMU chardev should open
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

net_args=()
[ "$net" = 1 ] && net_args=(-netdev user,id=net0 -device virtio-net-pci,netdev=net0)

# qboot gets to the kernel ~0.5 s sooner than SeaBIOS; RIG_BIOS overrides it
# (RIG_BIOS=seabios: QEMU's default firmware).
bios=${RIG_BIOS:-/usr/share/qemu/qboot.rom}
bios_args=()
if [ "$bios" != seabios ] && [ -r "$bios" ]; then
    bios_args=(-bios "$bios")
fi

# acpi=off: ACPI table parsing and PCI interrupt links cost ~0.6 s under TCG
# and nothing here needs them (the guest ends with a reboot, which QEMU's
# -no-reboot turns into an exit). cryptomgr.notests skips crypto self-tests.
# RIG_KERNEL_ARGS adds arguments (e.g. initcall_debug, loglevel=7).
append="console=ttyS0 rdinit=/init panic=-1 oops=panic acpi=off cryptomgr.notests loglevel=4 quiet ${RIG_KERNEL_ARGS:-}"
qemu=(
    qemu-system-x86_64 -M pc -accel tcg -cpu max -smp "$cpus" -m "$memory"
    -nodefaults -no-user-config -display none -no-reboot "${bios_args[@]}"
    -kernel "$RIG_VMLINUX" -initrd "$RIG_INITRAMFS" -append "$append"
    -chardev "file,id=serial0,path=$ctl/console.log" -serial chardev:serial0
    -fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap
    -device "virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot"
    -fsdev "local,id=rigctl,path=$ctl,security_model=none"
    -device "virtio-9p-pci,fsdev=rigctl,mount_tag=rigctl"
    -device virtio-serial-pci
    -chardev "file,id=out,path=$out_path,append=on" -device virtconsole,chardev=out
    -chardev "file,id=err,path=$err_path,append=on" -device virtconsole,chardev=err
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

# --- Log, status --------------------------------------------------------------
mkdir -p "$cache/logs"
default_log="$cache/last-guest.log"
{
    echo "# guest-run $(date -Is): $*"
    echo "# qemu exit status $qemu_status after $((($(date +%s%N) - start) / 1000000)) ms"
    cat "$ctl/qemu.log" "$ctl/console.log" 2>/dev/null
    if [ -s "$ctl/dmesg" ]; then
        echo "# ---- dmesg at the end of the command ----"
        cat "$ctl/dmesg"
    fi
} >"$ctl/log"
if [ -s "$ctl/status" ]; then
    status=$(cat "$ctl/status")
elif [ "$qemu_status" = 124 ] || [ "$qemu_status" = 137 ]; then
    status=124
    echo "guest-run: timed out after $timeout_seconds s" >&2
else
    status=125
fi
if [ -n "$log" ]; then
    cp "$ctl/log" "$log"
else
    log=$default_log
    if [ "$status" = 124 ] || [ "$status" = 125 ]; then
        log="$cache/logs/guest-$(date +%Y%m%d-%H%M%S)-$$.log"
    fi
    cp "$ctl/log" "$log.tmp.$$" && mv -f "$log.tmp.$$" "$log"
fi
if [ "$status" = 125 ]; then
    echo "guest-run: the guest failed before the command finished (qemu status $qemu_status); log: $log" >&2
    tail -n 20 "$log" >&2
fi
exit "$status"
