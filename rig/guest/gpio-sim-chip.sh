#!/bin/sh
# Creates and removes simulated GPIO chips (gpio-sim, through configfs).
# Runs INSIDE the rig's QEMU guest (rig/guest-run.sh), as root.
#
# Why: tests need a real kernel GPIO chip whose input lines they can "press".
# gpio-sim gives one: a line's level follows its simulated pull, written to
# sysfs, and the GPIO character device reports edges like real hardware.
#
# Usage:
#   gpio-sim-chip.sh create NAME LINE_NAME...
#       Creates a live chip with one bank whose label is NAME and whose lines
#       0..N-1 are called LINE_NAME... (in that order). Prints two lines:
#         /dev/gpiochipM                          (the character device)
#         /sys/devices/platform/gpio-sim.K/gpiochipM   (the chip's sysfs dir)
#       A press of line I: echo pull-down > <sysfs dir>/sim_gpioI/pull
#       (release: pull-up); an output line's level: cat <sysfs dir>/sim_gpioI/value
#   gpio-sim-chip.sh remove NAME
#       Takes the chip offline (live=0: its /dev node and lines vanish, as when
#       a device is unplugged) and removes its configfs directories. Removing a
#       chip that does not exist succeeds. Usage errors exit 64.
set -eu

config=/sys/kernel/config/gpio-sim

fail() {
    echo "gpio-sim-chip.sh: $*" >&2
    exit 1
}
usage() {
    echo "usage: gpio-sim-chip.sh create NAME LINE_NAME... | remove NAME" >&2
    exit 64
}

ensure_driver() {
    if [ ! -d "$config" ]; then
        [ -d /sys/kernel/config ] || fail "configfs is not available (/sys/kernel/config)"
        if [ -z "$(ls -A /sys/kernel/config 2>/dev/null)" ] && ! grep -q ' /sys/kernel/config ' /proc/mounts; then
            mount -t configfs configfs /sys/kernel/config || fail "cannot mount configfs"
        fi
        modprobe gpio-sim 2>/dev/null || true
    fi
    [ -d "$config" ] || fail "gpio-sim is not loaded (no $config)"
}

create() {
    [ $# -ge 2 ] || usage
    name=$1
    shift
    case "$name" in '' | */* | .*) fail "bad chip name: '$name'" ;; esac
    ensure_driver
    chip=$config/$name
    [ ! -e "$chip" ] || fail "chip $name exists already"
    mkdir "$chip"
    mkdir "$chip/bank0"
    echo "$#" >"$chip/bank0/num_lines"
    echo "$name" >"$chip/bank0/label"
    index=0
    for line_name in "$@"; do
        mkdir "$chip/bank0/line$index"
        printf '%s\n' "$line_name" >"$chip/bank0/line$index/name"
        index=$((index + 1))
    done
    echo 1 >"$chip/live" || fail "cannot bring chip $name live (see dmesg)"
    device=$(cat "$chip/dev_name")
    gpiochip=$(cat "$chip/bank0/chip_name")
    sysfs=/sys/devices/platform/$device/$gpiochip
    # devtmpfs creates the node when the chip registers; allow a moment.
    tries=0
    while [ ! -c "/dev/$gpiochip" ] || [ ! -d "$sysfs" ]; do
        tries=$((tries + 1))
        [ "$tries" -le 50 ] || fail "/dev/$gpiochip or $sysfs did not appear"
        sleep 0.1
    done
    echo "/dev/$gpiochip"
    echo "$sysfs"
}

remove() {
    [ $# -eq 1 ] || usage
    chip=$config/$1
    [ -d "$chip" ] || return 0 # nothing to remove
    echo 0 >"$chip/live"
    for line in "$chip"/bank*/line*; do
        [ -d "$line" ] || continue
        [ ! -d "$line/hog" ] || rmdir "$line/hog"
        rmdir "$line"
    done
    for bank in "$chip"/bank*; do
        [ -d "$bank" ] && rmdir "$bank"
    done
    rmdir "$chip"
}

[ $# -ge 1 ] || usage
action=$1
shift
case "$action" in
create) create "$@" ;;
remove) remove "$@" ;;
*) usage ;;
esac
