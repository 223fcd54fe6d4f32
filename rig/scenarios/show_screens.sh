#!/bin/bash
# Runs `rating-terminal screens` in the guest on a real display driver and keeps what
# reached the device, for a host-side model to decode (Tests/EndToEndTests/DisplayRigTests.swift).
#
# Usage (inside the guest): show_screens.sh hd44780|pole TERMINAL STATE_DIR SIZE [SCREEN...]
#   hd44780  the HD44780 driver on i2c-stub at 0x27 (guest-run.sh --modprobe i2c-dev
#            --modprobe "i2c-stub chip_addr=0x27"); every SMBus byte is logged by the
#            kernel's dynamic debug and saved to STATE_DIR/i2c-bytes.log
#   pole     the serial pole display on /dev/ttyUSB0 (QEMU's usb-serial, whose bytes
#            land in a host file the test names)
# The terminal's stdout and stderr go to STATE_DIR/screens.out and screens.err; the exit
# status is the terminal's.
set -euo pipefail
kind=$1 terminal=$2 state=$3 size=$4
shift 4

case "$kind" in
hd44780)
    mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
    echo 'module i2c_stub +p' > /sys/kernel/debug/dynamic_debug/control
    adapter=$(grep -l "SMBus stub driver" /sys/class/i2c-adapter/*/name | head -n 1)
    [ -n "$adapter" ] || { echo "show_screens: no i2c-stub adapter (modprobe i2c-stub chip_addr=0x27)" >&2; exit 2; }
    bus=/dev/$(basename "$(dirname "$adapter")")
    display="driver = \"hd44780-i2c\"
i2c_bus = \"$bus\"
i2c_address = 0x27"
    ;;
pole)
    for _ in $(seq 50); do [ -e /dev/ttyUSB0 ] && break; sleep 0.1; done
    [ -e /dev/ttyUSB0 ] || { echo "show_screens: no /dev/ttyUSB0 (QEMU usb-serial and ftdi_sio)" >&2; exit 2; }
    display='driver = "serial-vfd"
serial_port = "/dev/ttyUSB0"
baud = 9600
pole_commands = "epson"'
    ;;
*) echo "show_screens: unknown display kind $kind" >&2; exit 2 ;;
esac

head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$state/secret"
cat > "$state/terminal.toml" <<TOML
[device]
id = "RIG-DISPLAY"
secret_file = "$state/secret"
site = "Rig"
counter = "Quầy 1"

[collector]
url = "http://127.0.0.1:9"

[buttons]
driver = "stdin"

[display]
$display
size = "$size"
language = "vi"
vietnamese = "glyphs"

[storage]
path = "$state/ratings.sqlite"
TOML

status=0
"$terminal" screens --config "$state/terminal.toml" --hold 0 "$@" > "$state/screens.out" 2> "$state/screens.err" || status=$?
if [ "$kind" = hd44780 ]; then
    dmesg | grep -o 'addr 0x27, wrote 0x[0-9a-f]*' | sed 's/.* //' > "$state/i2c-bytes.log"
fi
exit "$status"
