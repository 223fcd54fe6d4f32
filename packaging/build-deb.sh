#!/bin/bash
# Builds rating-terminal_VERSION_ARCH.deb and rating-collector_VERSION_ARCH.deb into
# dist/ with dpkg-deb: release binaries with the Swift runtime linked statically (the
# target needs no Swift toolchain), the systemd units, the example config, the udev rule
# and maintainer scripts. `make deb` runs this; packaging/test-deb.sh (`make test-deb`)
# installs the result into a fresh Debian tree and checks it.
#
# Usage: packaging/build-deb.sh [VERSION]   (default: 0.1.0+git<short hash>)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
version=${1:-0.1.0+git$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}
arch=$(dpkg --print-architecture)
scratch=${RATING_DEB_SCRATCH:-$repo/.build-release}
out=$repo/dist
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product rating-terminal
swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product rating-collector
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)

# The Debian packages providing the shared libraries a binary needs (its NEEDED entries),
# as a Depends list with the versions installed here as the minimum.
depends_of() {
    local binary=$1 library path package version
    for library in $(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
        path=$(ldconfig -p | awk -v lib="$library" '$1 == lib && /x86-64|AArch64|ARM/ {print $NF; exit}')
        [ -n "$path" ] || path=$(ldconfig -p | awk -v lib="$library" '$1 == lib {print $NF; exit}')
        [ -n "$path" ] || { echo "build-deb: $library (needed by $binary) not found" >&2; exit 1; }
        package=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -n 1 | cut -d: -f1) ||
            package=$(dpkg -S "$path" | head -n 1 | cut -d: -f1)
        version=$(dpkg-query -W -f='${Version}' "$package" | sed 's/-[^-]*$//')
        echo "$package (>= $version)"
    done | sort -u | paste -sd, | sed 's/,/, /g'
}

# stage_package NAME DESCRIPTION [EXTRA_DEPENDS]: the common tree of one package.
stage_package() {
    local name=$1 root=$stage/$1 extra=${3:-}
    mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/lib/systemd/system" "$root/usr/share/doc/$name"
    install -m 0755 "$bin/$name" "$root/usr/bin/$name"
    strip --strip-unneeded "$root/usr/bin/$name"
    install -m 0644 "systemd/$name.service" "$root/usr/lib/systemd/system/"
    install -m 0644 README.md "$root/usr/share/doc/$name/README.md"
    for script in postinst prerm postrm; do
        [ -f "packaging/$name/$script" ] && install -m 0755 "packaging/$name/$script" "$root/DEBIAN/$script"
    done
    cat > "$root/DEBIAN/control" <<CONTROL
Package: $name
Version: $version
Architecture: $arch
Maintainer: rating-terminal developers <ratings@example.vn>
Depends: adduser, ${extra:+$extra, }$(depends_of "$root/usr/bin/$name")
Section: misc
Priority: optional
Installed-Size: $(du -sk "$root" | cut -f1)
Description: $2
CONTROL
}

# ca-certificates: with ca_file = "" the terminal trusts the system's CA bundle, which libcurl only
# recommends (an install with --no-install-recommends would have none, and no upload would get through).
stage_package rating-terminal "customer rating terminal: buttons, display, local store, uploads
 Reads five buttons through libgpiod, thanks the customer on a character display
 (HD44780 on I2C, serial pole display, LCDproc), keeps every rating in SQLite
 and uploads batches to the rating collector." ca-certificates
root=$stage/rating-terminal
mkdir -p "$root/etc/rating-terminal" "$root/usr/lib/udev/rules.d" "$root/usr/share/doc/rating-terminal/hardware"
install -m 0640 hardware/terminal.example.toml "$root/etc/rating-terminal/terminal.toml"
install -m 0644 hardware/terminal.example.toml hardware/README.md "$root/usr/share/doc/rating-terminal/hardware/"
install -m 0644 systemd/60-rating-terminal.rules "$root/usr/lib/udev/rules.d/"
# A conffile: dpkg never overwrites a config the technician edited (it asks, or keeps it).
echo /etc/rating-terminal/terminal.toml > "$root/DEBIAN/conffiles"

stage_package rating-collector "customer rating collector: ingest, pull API
 Receives signed rating batches from rating terminals, stores each rating
 exactly once and serves them to the central office."

mkdir -p "$out"
for name in rating-terminal rating-collector; do
    dpkg-deb --root-owner-group -Zxz --build "$stage/$name" "$out/${name}_${version}_${arch}.deb" >/dev/null
    echo "$out/${name}_${version}_${arch}.deb"
done
