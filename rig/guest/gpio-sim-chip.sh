#!/bin/sh
# Creates or removes a gpio-sim chip inside the rig's guest (configfs must be mounted).
#   gpio-sim-chip.sh create NAME LINE_NAME...   prints the /dev/gpiochipN path, then the
#                                               chip's sysfs folder (…/gpio-sim.N/gpiochipM)
#   gpio-sim-chip.sh remove NAME                takes the chip away (live=0) and deletes it
# A press is `pull-down` (or `pull-up`) written to <sysfs folder>/sim_gpioK/pull; an output
# line's level is in <sysfs folder>/sim_gpioK/value.
set -eu
config=/sys/kernel/config/gpio-sim
command=${1:?usage: gpio-sim-chip.sh create NAME LINE... | remove NAME}
name=${2:?the chip needs a name}
chip=$config/$name
case "$command" in
create)
    shift 2
    [ "$#" -gt 0 ] || { echo "gpio-sim-chip.sh: name at least one line" >&2; exit 64; }
    mkdir "$chip" "$chip/bank0"
    echo "$#" >"$chip/bank0/num_lines"
    offset=0
    for line in "$@"; do
        mkdir "$chip/bank0/line$offset"
        echo "$line" >"$chip/bank0/line$offset/name"
        offset=$((offset + 1))
    done
    echo 1 >"$chip/live"
    device=$(cat "$chip/dev_name")
    gpiochip=$(cat "$chip/bank0/chip_name")
    echo "/dev/$gpiochip"
    echo "/sys/devices/platform/$device/$gpiochip"
    ;;
remove)
    [ -d "$chip" ] || exit 0
    echo 0 >"$chip/live"
    for line in "$chip"/bank0/line*; do [ -d "$line" ] && rmdir "$line"; done
    rmdir "$chip/bank0" "$chip"
    ;;
*)
    echo "gpio-sim-chip.sh: unknown command $command (create | remove)" >&2
    exit 64
    ;;
esac
