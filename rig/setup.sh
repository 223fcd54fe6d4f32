#!/bin/bash
# Prepares the QEMU hardware test rig: Debian's current amd64 kernel, an
# out-of-tree gpio-sim module built for it, and a busybox initramfs.
#
# Why: the terminal talks to GPIO through the kernel's GPIO character device,
# and the host has none. No Debian kernel ships gpio-sim, so this script builds
# it from the matching linux-source package against the matching headers, and
# rig/guest-run.sh boots Debian's own kernel with it in a QEMU guest in which
# host-built programs run unchanged (see rig/README.md).
#
# Usage: rig/setup.sh
#   Idempotent. Installs missing Debian packages (scripts/install-deps.sh),
#   resolves the kernel version from the linux-image-amd64 package's dependency
#   (never pinned: the mirror moves on), downloads and extracts the kernel
#   packages into .rig/qemu/ (git-ignored), builds gpio-sim.ko and the initramfs,
#   and writes .rig/qemu/current. A second run with everything cached only checks
#   and prints "rig ready: <kernel version>".
#   Environment: RIG_CACHE (default <repo>/.rig/qemu).
set -euo pipefail

rig_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$rig_dir")
# .rig/ is shared with other tools of the project: the rig keeps to .rig/qemu/.
cache=${RIG_CACHE:-$repo/.rig/qemu}

say() { echo "rig-setup: $*" >&2; }
fail() {
    echo "rig-setup: error: $*" >&2
    exit 1
}

# --- Debian packages this script and guest-run.sh need on the host ----------
# gcc-12 is the compiler Debian builds its 6.1 kernels with (what the empty
# linux-compiler-gcc-12-x86 package would pull in); libelf1/libssl3 are what
# the prebuilt kbuild tools (modpost, objtool, sign-file) link against;
# binutils: ld for the module, strip for the initramfs copies; e2fsprogs (mkfs.ext4) and
# sqlite3 (the CLI, run in the guest) for the power-cut scenario (rig/power_cuts.py).
"$repo/scripts/install-deps.sh" qemu-system-x86 busybox-static kmod xz-utils cpio \
    gcc-12 make binutils libc6-dev libelf1 libelf-dev libssl3 util-linux grep e2fsprogs sqlite3 \
    || fail "could not install the host packages the rig needs"

mkdir -p "$cache"
# One setup at a time (tests may start several in parallel).
exec 9>"$cache/setup.lock"
flock 9

# --- Which kernel? -------------------------------------------------------------
# The candidate linux-image-amd64 depends on exactly one linux-image-<abi>-amd64.
# apt-cache takes ~0.6 s here, so the answer is remembered until the package
# lists (or apt's configuration) change.
resolve_kernel() {
    local lists_stamp info
    lists_stamp="$(stat -c %Y /var/lib/apt/lists /etc/apt 2>/dev/null | tr '\n' ' ')"
    if [ -r "$cache/resolved" ] && [ "$(sed -n 1p "$cache/resolved")" = "$lists_stamp" ]; then
        package_version=$(sed -n 2p "$cache/resolved")
        image_package=$(sed -n 3p "$cache/resolved")
    else
        info=$(apt-cache show --no-all-versions linux-image-amd64 2>/dev/null) || return 1
        package_version=$(echo "$info" | sed -n 's/^Version: //p' | head -n 1)
        image_package=$(echo "$info" | grep '^Depends:' | grep -o 'linux-image-[0-9][^ ,]*-amd64' | head -n 1)
        [ -n "$package_version" ] && [ -n "$image_package" ] || return 1
        printf '%s\n%s\n%s\n' "$lists_stamp" "$package_version" "$image_package" >"$cache/resolved"
    fi
    kernel_release=${image_package#linux-image-}           # e.g. 6.1.0-56-amd64
    kernel_series=$(echo "$kernel_release" | cut -d. -f1,2) # e.g. 6.1
}

apt_update() {
    say "refreshing the Debian package lists (apt-get update)"
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq
    else
        sudo apt-get update -qq
    fi
}

if ! resolve_kernel; then
    apt_update || fail "apt-get update failed"
    resolve_kernel || fail "cannot resolve the kernel behind linux-image-amd64 (apt-cache policy/show linux-image-amd64)"
fi

key="${kernel_release}_${package_version}"
kdir="$cache/kernel/$key"
init_script="$rig_dir/guest/rig-init.sh"
[ -r "$init_script" ] || fail "missing $init_script"

# The initramfs depends on the init script and on this script (module lists).
inputs_hash=$(cat "$init_script" "${BASH_SOURCE[0]}" | sha256sum | cut -d' ' -f1)

write_current() {
    local tmp="$cache/current.tmp.$$"
    cat >"$tmp" <<EOF
# Written by rig/setup.sh: the kernel and initramfs rig/guest-run.sh boots.
RIG_KERNEL_RELEASE='$kernel_release'
RIG_KERNEL_PACKAGE_VERSION='$package_version'
RIG_VMLINUX='$kdir/vmlinux'
RIG_INITRAMFS='$kdir/initramfs.cpio'
RIG_MODROOT='$kdir/root/lib/modules'
EOF
    mv -f "$tmp" "$cache/current"
}

if [ -f "$kdir/ready" ] && [ "$(cat "$kdir/initramfs.hash" 2>/dev/null)" = "$inputs_hash" ] &&
    [ -s "$kdir/vmlinux" ] && [ -s "$kdir/initramfs.cpio" ]; then
    write_current
    echo "rig ready: $kernel_release ($package_version)"
    exit 0
fi

say "kernel $kernel_release, package version $package_version"
start=$(date +%s)
mkdir -p "$kdir"

# --- Download (no install) ---------------------------------------------------
download_dir="$cache/download/$key"
apt_download() {
    # Every package at the image's version. Only linux-source and linux-kbuild
    # may fall back to their candidate version (gpio-sim.c barely changes within
    # a series; the headers' kbuild dependency is ">="); the headers must match
    # the image exactly, or the module would not load.
    local package
    mkdir -p "$download_dir"
    for package in "$@"; do
        if ls "$download_dir/${package}_"*.deb >/dev/null 2>&1; then continue; fi
        # As root, apt would warn that its _apt sandbox user cannot write here.
        if (cd "$download_dir" && apt-get -q -o APT::Sandbox::User="$(id -un)" download "$package=$package_version" >/dev/null); then
            continue
        fi
        case "$package" in linux-source-* | linux-kbuild-*) ;; *) return 1 ;; esac
        say "warning: $package=$package_version is not downloadable, trying its candidate version"
        (cd "$download_dir" && apt-get -q -o APT::Sandbox::User="$(id -un)" download "$package" >/dev/null) || return 1
    done
}
packages=(
    "$image_package"
    "linux-headers-$kernel_release"
    "linux-headers-${kernel_release%-amd64}-common"
    "linux-kbuild-$kernel_series"
    "linux-source-$kernel_series"
)
if [ ! -f "$kdir/extracted" ]; then
    if ! apt_download "${packages[@]}"; then
        # Stale package lists (the mirror has moved on): refresh them and start
        # over once, since the kernel to use may have changed as well.
        [ -z "${RIG_SETUP_RETRY:-}" ] || fail "cannot download ${packages[*]} (version $package_version)"
        apt_update || fail "apt-get update failed"
        rm -rf "$download_dir"
        RIG_SETUP_RETRY=1 exec "${BASH_SOURCE[0]}"
    fi
    say "downloaded $(du -sh "$download_dir" | cut -f1) in $(($(date +%s) - start)) s"

    # --- Extract -------------------------------------------------------------
    rm -rf "$kdir/root" "$kdir/src"
    mkdir -p "$kdir/root" "$kdir/src"
    for package in "${packages[@]:0:4}"; do
        dpkg-deb -x "$download_dir/${package}_"*.deb "$kdir/root" || fail "cannot extract $package"
    done
    # Only three files of the 140 MB source tarball are needed. GNU tar stops
    # reading once it has them, which kills the producers with SIGPIPE:
    # expected, hence the "|| true". (xz -T0: the tarball has several blocks.)
    source_deb=$(ls "$download_dir/linux-source-${kernel_series}_"*.deb)
    tar_prefix="linux-source-$kernel_series"
    { dpkg-deb --fsys-tarfile "$source_deb" 2>/dev/null || true; } |
        { tar -xO "./usr/src/linux-source-$kernel_series.tar.xz" 2>/dev/null || true; } |
        { xz -dc -T0 2>/dev/null || true; } |
        tar -x -C "$kdir/src" --occurrence=1 --strip-components=1 \
            "$tar_prefix/drivers/gpio/gpio-sim.c" "$tar_prefix/drivers/gpio/gpiolib.h" \
            "$tar_prefix/kernel/irq/irq_sim.c" ||
        fail "cannot extract gpio-sim.c, gpiolib.h, irq_sim.c from $source_deb"
    for file in drivers/gpio/gpio-sim.c drivers/gpio/gpiolib.h kernel/irq/irq_sim.c; do
        [ -s "$kdir/src/$file" ] || fail "$file missing from $source_deb"
    done
    touch "$kdir/extracted"
    say "extracted in $(($(date +%s) - start)) s"
fi
headers="$kdir/root/usr/src/linux-headers-$kernel_release"
modules="$kdir/root/lib/modules/$kernel_release"
[ -d "$modules/kernel" ] || fail "no modules in $modules"

# --- Uncompressed kernel -----------------------------------------------------
# QEMU boots an uncompressed ELF vmlinux through its PVH entry point about
# twice as fast as the bzImage (no decompression under TCG). The vmlinuz holds
# it as an XZ stream; find its magic like the kernel's scripts/extract-vmlinux.
if [ ! -s "$kdir/vmlinux" ]; then
    vmlinuz="$kdir/root/boot/vmlinuz-$kernel_release"
    [ -r "$vmlinuz" ] || fail "no $vmlinuz"
    offset=$(LC_ALL=C grep -obUaP '\xFD7zXZ\x00' "$vmlinuz" | head -n 1 | cut -d: -f1)
    [ -n "$offset" ] || fail "no XZ stream in $vmlinuz"
    # xz stops reading at the end of the stream: tail's SIGPIPE is expected.
    { tail -c +$((offset + 1)) "$vmlinuz" || true; } | xz -dc --single-stream >"$kdir/vmlinux.tmp" ||
        fail "cannot decompress the kernel in $vmlinuz"
    [ "$(head -c 4 "$kdir/vmlinux.tmp" | od -An -c | tr -d ' ')" = '177ELF' ] ||
        fail "decompressed kernel is not an ELF file"
    mv "$kdir/vmlinux.tmp" "$kdir/vmlinux"
fi

# --- gpio-sim.ko ---------------------------------------------------------------
# CONFIG_IRQ_SIM is off in Debian's kernel, so irq_sim.c is linked into the
# module, with its exports dropped (nothing else uses them) and irq_to_desc()
# (not exported) replaced by generic_handle_irq().
if [ ! -s "$modules/extra/gpio-sim.ko" ]; then
    build="$kdir/gpio-sim-build"
    rm -rf "$build" && mkdir -p "$build"
    cp "$kdir/src/drivers/gpio/gpio-sim.c" "$build/gpio-sim-main.c"
    cp "$kdir/src/drivers/gpio/gpiolib.h" "$build/gpiolib.h"
    sed -e 's/handle_simple_irq(irq_to_desc(irqnum))/generic_handle_irq(irqnum)/' \
        -e '/^EXPORT_SYMBOL/d' "$kdir/src/kernel/irq/irq_sim.c" >"$build/irq_sim.c"
    grep -q 'generic_handle_irq(irqnum)' "$build/irq_sim.c" ||
        fail "irq_sim.c changed upstream: cannot patch out irq_to_desc()"
    # The headers' Makefile includes the -common tree by absolute path.
    sed -i "s#^include .*/\(linux-headers-[^/]*-common/Makefile\)\$#include $kdir/root/usr/src/\1#" "$headers/Makefile"
    printf 'obj-m := gpio-sim.o\ngpio-sim-y := gpio-sim-main.o irq_sim.o\n' >"$build/Kbuild"
    make -s -C "$headers" M="$build" modules >"$build/build.log" 2>&1 ||
        { tail -n 30 "$build/build.log" >&2; fail "building gpio-sim.ko failed (log: $build/build.log)"; }
    mkdir -p "$modules/extra"
    cp "$build/gpio-sim.ko" "$modules/extra/gpio-sim.ko"
    # The full tree is what the chroot's modprobe uses inside the guest.
    depmod -b "$kdir/root" "$kernel_release" || fail "depmod failed"
    say "built gpio-sim.ko"
fi
[ -s "$modules/modules.dep" ] || depmod -b "$kdir/root" "$kernel_release" || fail "depmod failed"

# --- initramfs -----------------------------------------------------------------
# busybox, the init script, and the modules needed before the host root is
# mounted (later ones come from the full tree through the chroot's modprobe).
# Uncompressed: unpacking costs less than decompressing under TCG.
boot_modules=(virtio_pci 9pnet_virtio 9p overlay configfs virtio_console gpio-sim)
net_modules=(virtio_net)
module_paths() { # prints module paths relative to $modules, dependencies first
    local module
    for module in "$@"; do
        modprobe -d "$kdir/root" -S "$kernel_release" --show-depends "$module" ||
            fail "cannot resolve module $module"
    done | awk '$1 == "insmod" { print $2 }' | awk '!seen[$0]++' | sed "s#^$modules/##"
}
stage="$kdir/initramfs.stage"
rm -rf "$stage"
mkdir -p "$stage"/{bin,sbin,etc/rig,proc,sys,dev,tmp,run,lib/modules}
busybox=$(command -v busybox) || fail "no busybox"
cp "$busybox" "$stage/bin/busybox"
"$stage/bin/busybox" --list | while read -r applet; do
    [ "$applet" = busybox ] || ln -s busybox "$stage/bin/$applet"
done
module_paths "${boot_modules[@]}" >"$stage/etc/rig/boot-modules"
# Only what the boot modules did not load already.
module_paths "${net_modules[@]}" | grep -vxF -f "$stage/etc/rig/boot-modules" >"$stage/etc/rig/net-modules" || true
cat "$stage/etc/rig/boot-modules" "$stage/etc/rig/net-modules" | sort -u | while read -r path; do
    mkdir -p "$stage/lib/modules/$(dirname "$path")"
    # Without the appended signature: checking it costs ~25 ms per module
    # under TCG; an unsigned module only taints the kernel (no lockdown here).
    strip --strip-debug -o "$stage/lib/modules/$path" "$modules/$path" ||
        fail "cannot copy module $path"
done
echo "$kernel_release" >"$stage/etc/rig/kernel-release"
cp "$init_script" "$stage/init"
chmod 755 "$stage/init"
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$kdir/initramfs.cpio.tmp" ||
    fail "cpio failed"
mv "$kdir/initramfs.cpio.tmp" "$kdir/initramfs.cpio"
rm -rf "$stage"
echo "$inputs_hash" >"$kdir/initramfs.hash"

# --- Done: drop downloads and older kernels -----------------------------------
touch "$kdir/ready"
rm -rf "$cache/download"
for old in "$cache/kernel"/*; do
    [ "$old" = "$kdir" ] || rm -rf "$old"
done
write_current
say "set up in $(($(date +%s) - start)) s"
echo "rig ready: $kernel_release ($package_version)"
