#!/bin/sh
# The libgpiod v2 path (Debian 13 / Raspberry Pi OS trixie): builds rating-terminal against
# Debian's libgpiod v2 package, unpacked into .rig/gpiod-v2 by rig/gpiod-v2.sh (this host has
# v1), in its own build folder (.build-v2), then runs the basic GPIO scenario with it in the
# QEMU guest (each button once, on a real gpio-sim chip) and checks what it stored.
# Usage: rig/check-gpiod-v2.sh   (after rig/setup.sh; `make check-gpiod-v2` does both)
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
settings=$(./rig/gpiod-v2.sh | tail -n 2)
pkg_config_path=$(printf '%s\n' "$settings" | sed -n 's/^PKG_CONFIG_PATH=//p')
library_dir=$(printf '%s\n' "$settings" | sed -n 's/^LD_LIBRARY_PATH=//p')
[ -n "$pkg_config_path" ] && [ -n "$library_dir" ] || { echo "rig/gpiod-v2.sh did not say where libgpiod v2 is" >&2; exit 1; }

# The rpath lets the binary find libgpiod.so.3 in .rig/ without LD_LIBRARY_PATH, in the guest too.
PKG_CONFIG_PATH=$pkg_config_path swift build --scratch-path .build-v2 --product rating-terminal \
    -Xlinker -rpath -Xlinker "$library_dir"
binary=$root/.build-v2/debug/rating-terminal
if ! ldd "$binary" | grep -q 'libgpiod\.so\.3'; then
    echo "FAIL: $binary is not linked with libgpiod v2 (libgpiod.so.3):" >&2
    ldd "$binary" | grep gpiod >&2 || true
    exit 1
fi

run=$root/.rig/runs/gpiod-v2-$$
mkdir -p "$run"
trap 'rm -rf "$run"' EXIT INT TERM
python3 -c 'import json; print(json.dumps([{"press": b, "hold_ms": 80} for b in range(1, 6)] + [{"wait_stored": 5}]))' >"$run/steps.json"
rig/guest-run.sh --share "$run" -- python3 "$root/rig/scenarios/gpio_driver.py" \
    --terminal "$binary" --state "$run" --steps "$run/steps.json"
stored=$(python3 - "$run/ratings.sqlite" <<'PY'
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT score FROM ratings ORDER BY seq").fetchall()
print(",".join(str(score) for (score,) in rows))
PY
)
if [ "$stored" = "1,2,3,4,5" ]; then
    echo "PASS: libgpiod v2 build ($(ldd "$binary" | grep -o 'libgpiod\.so\.[0-9]*' | head -n 1)) stored 1,2,3,4,5 from a real gpio-sim chip"
else
    echo "FAIL: libgpiod v2 build stored [$stored], expected 1,2,3,4,5" >&2
    exit 1
fi
