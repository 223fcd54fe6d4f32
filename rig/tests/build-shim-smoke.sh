#!/bin/sh
# Builds rig/tests/shim_smoke.c against GPIODShim twice, straight with the C compiler (no SwiftPM):
#   .rig/shim-smoke-v1  system libgpiod v1 (libgpiod-dev 1.6.x, libgpiod.so.2)
#   .rig/shim-smoke-v2  libgpiod v2 unpacked by rig/gpiod-v2.sh, rpath'd to it (libgpiod.so.3)
# Both shim files are compiled each time, as SwiftPM does: the one for the other version must
# compile to nothing (its #ifdef on GPIOD_LINE_BULK_MAX_LINES).  CC=clang to use clang.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CC=${CC:-gcc}
SHIM=$ROOT/Sources/GPIODShim
CFLAGS="-std=gnu11 -O2 -g -Wall -Wextra -Werror -I$SHIM/include -I$ROOT/Sources/CGPIOD"
mkdir -p "$ROOT/.rig"

build() { # out, extra flags...
    out=$1; shift
    # shellcheck disable=SC2086
    $CC $CFLAGS -o "$out" "$ROOT/rig/tests/shim_smoke.c" "$SHIM"/gpiod_shim_v*.c "$@"
    echo "built $out:" "$("$out" /nonexistent 1 none 2>&1 | head -n 1)" >&2
}

status=0
if [ -f "$SHIM/gpiod_shim_v1.c" ] && pkg-config --atleast-version=1 --max-version=1.99 libgpiod; then
    # shellcheck disable=SC2046
    build "$ROOT/.rig/shim-smoke-v1" $(pkg-config --cflags --libs libgpiod) || status=1
else
    echo "skipped v1: no $SHIM/gpiod_shim_v1.c or no system libgpiod 1.x" >&2
fi

env_lines=$("$ROOT/rig/gpiod-v2.sh")
v2_pc=$(echo "$env_lines" | sed -n 's/^PKG_CONFIG_PATH=//p')
v2_lib=$(echo "$env_lines" | sed -n 's/^LD_LIBRARY_PATH=//p')
# shellcheck disable=SC2046
build "$ROOT/.rig/shim-smoke-v2" $(PKG_CONFIG_PATH=$v2_pc pkg-config --cflags --libs libgpiod) -Wl,-rpath,"$v2_lib" || status=1
# The v2 binary must load libgpiod.so.3 from the unpacked tree, not some system copy.
ldd "$ROOT/.rig/shim-smoke-v2" | grep -q "libgpiod.so.3 => $v2_lib/" ||
    { echo "shim-smoke-v2 does not resolve libgpiod.so.3 in $v2_lib" >&2; status=1; }
exit $status
