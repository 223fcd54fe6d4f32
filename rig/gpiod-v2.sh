#!/bin/sh
# Unpacks Debian's libgpiod v2 (libgpiod3 + libgpiod-dev) into .rig/gpiod-v2/ so GPIODShim can be
# compiled and linked against the v2 API on this Debian 12 host, which ships v1 (1.6.3) system-wide.
# Nothing is installed: the .debs are only extracted, and the .pc file is rewritten to point there.
#
#   rig/gpiod-v2.sh              # default suite: trixie (what Debian 13 / Raspberry Pi OS trixie ship)
#   SUITE=bookworm-backports rig/gpiod-v2.sh
#   rig/gpiod-v2.sh --refresh    # re-resolve the version even if something is already unpacked
#
# The version is resolved from the suite's signed Packages index (InRelease checked with gpgv against
# debian-archive-keyring, then SHA256 of Packages.xz and of each .deb), never pinned, because old
# versions vanish from deb.debian.org. A second run with a complete unpack does no network access.
# Last two lines of output:  PKG_CONFIG_PATH=...  and  LD_LIBRARY_PATH=...
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST=$ROOT/.rig/gpiod-v2
SUITE=${SUITE:-trixie}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
ARCH=$(dpkg --print-architecture)
KEYRING=${KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
REFRESH=0
[ "${1:-}" = "--refresh" ] && REFRESH=1

multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
PCDIR=$DEST/root/usr/lib/$multiarch/pkgconfig
LIBDIR=$DEST/root/usr/lib/$multiarch
STAMP=$DEST/stamp   # "suite version" of what root/ holds

finish() {
    echo "libgpiod $(PKG_CONFIG_PATH=$PCDIR pkg-config --modversion libgpiod) ($(cat "$STAMP")) in $DEST/root" >&2
    echo "PKG_CONFIG_PATH=$PCDIR"
    echo "LD_LIBRARY_PATH=$LIBDIR"
    exit 0
}

if [ $REFRESH = 0 ] && [ -f "$STAMP" ] && [ "$(cut -d' ' -f1 "$STAMP")" = "$SUITE" ] \
   && [ -f "$PCDIR/libgpiod.pc" ] && [ -e "$LIBDIR/libgpiod.so" ]; then
    finish
fi

dl=$DEST/download
mkdir -p "$dl"
fetch() { curl -fsS --retry 3 -m 120 -o "$2" "$1"; }
sha_ok() { [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ] || { echo "SHA256 mismatch: $1" >&2; exit 1; }; }

# 1. The signed release file, then the Packages index it vouches for.
fetch "$MIRROR/dists/$SUITE/InRelease" "$dl/InRelease"
gpgv --keyring "$KEYRING" "$dl/InRelease" 2>"$dl/gpgv.log" || { cat "$dl/gpgv.log" >&2; exit 1; }
index=main/binary-$ARCH/Packages.xz
index_sha=$(awk -v f="$index" '/^SHA256:/{s=1;next} /^[^ ]/{s=0} s && $3==f {print $1}' "$dl/InRelease")
[ -n "$index_sha" ] || { echo "$index not listed in $SUITE InRelease" >&2; exit 1; }
fetch "$MIRROR/dists/$SUITE/$index" "$dl/Packages.xz"
sha_ok "$dl/Packages.xz" "$index_sha"

# 2. The two packages, at whatever version the suite has now (the highest if several are listed).
field() { # package field -> value from the stanza with the highest Version
    xz -dc "$dl/Packages.xz" | awk -v p="$1" 'BEGIN{RS=""; FS="\n"} {
        pkg=""; ver=""; val=""
        for (i = 1; i <= NF; i++) {
            if ($i ~ /^Package: /) pkg = substr($i, 10)
            if ($i ~ /^Version: /) ver = substr($i, 10)
            if (index($i, "'"$2"': ") == 1) val = substr($i, length("'"$2"'") + 3)
        }
        if (pkg == p) print ver "\t" val }' |
    while IFS="$(printf '\t')" read -r v x; do
        if [ -z "${best:-}" ] || dpkg --compare-versions "$v" gt "$best"; then best=$v; bx=$x; fi
        echo "$bx"
    done | tail -n 1
}
version=$(field libgpiod-dev Version)
[ -n "$version" ] || { echo "libgpiod-dev not found in $SUITE/$ARCH" >&2; exit 1; }
rm -rf "$DEST/root.new"
mkdir -p "$DEST/root.new"
for p in libgpiod3 libgpiod-dev; do
    file=$(field $p Filename); sha=$(field $p SHA256)
    deb=$dl/$(basename "$file")
    if [ ! -f "$deb" ] || [ "$(sha256sum "$deb" | cut -d' ' -f1)" != "$sha" ]; then fetch "$MIRROR/$file" "$deb"; fi
    sha_ok "$deb" "$sha"
    dpkg-deb -x "$deb" "$DEST/root.new"
done

# 3. Point the .pc file at the unpacked tree (its other variables are all relative to ${prefix}).
sed -i "s|^prefix=.*|prefix=$DEST/root/usr|" "$DEST/root.new/usr/lib/$multiarch/pkgconfig/libgpiod.pc"
rm -rf "$DEST/root"
mv "$DEST/root.new" "$DEST/root"
echo "$SUITE $version" >"$STAMP"
finish
