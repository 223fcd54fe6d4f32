#!/bin/bash
# Installs dist/rating-terminal_*.deb and dist/rating-collector_*.deb into a fresh,
# minimal Debian 12 tree (debootstrap --variant=minbase bookworm) and checks what a
# technician relies on: the binaries run, the service user and its device groups, the
# state directory, the conffile (an edit kept on a reinstall, a deleted one no obstacle),
# the units and the udev rule, every shared library found and no Swift runtime library
# needed, `rating-terminal check-config` on the shipped example config, and a clean purge.
#
# Why a chroot: the build machine has the Swift toolchain, the -dev packages and a
# history of earlier installs; a minbase tree has none of them, so a missing Depends,
# a library that is only here by chance or a maintainer script that assumes a booted
# systemd shows up here, not on the first terminal. No systemd runs in a chroot: the
# maintainer scripts must cope (they check /run/systemd/system), and policy-rc.d
# forbids any service start.
#
# Usage: packaging/test-deb.sh [TERMINAL_DEB COLLECTOR_DEB]
#   Default: the newest rating-terminal_*.deb in dist/ and the collector .deb of the same
#   version (`make test-deb` builds them first with `make deb`).
#   Needs root (debootstrap, chroot, mount) and http://deb.debian.org (the base tree and
#   the packages' Depends). The base tree is cached in .rig/debootstrap/ (git-ignored):
#   the first run takes a few minutes, later ones seconds. Delete that folder to
#   rebuild the base (nothing else refreshes it; apt's lists are updated every run).
#   Environment: RATING_DEBIAN_MIRROR (default http://deb.debian.org/debian),
#   RATING_DEBOOTSTRAP_CACHE (default <repo>/.rig/debootstrap), TMPDIR.
#   Exit status: 0 all checks passed; 1 a check failed ("FAIL: ..." says which) or
#   the test could not run; 130/143 interrupted (the trees are unmounted and deleted).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mirror=${RATING_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
cache=${RATING_DEBOOTSTRAP_CACHE:-$repo/.rig/debootstrap}
base_tar=$cache/$suite-minbase.tar
archives=$cache/archives # .debs apt downloaded in earlier runs (the Depends), reused

started=$EPOCHREALTIME
step_started=$started
timings=()

say() { echo "test-deb: $*" >&2; }
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
elapsed() { # seconds since $1 (an $EPOCHREALTIME), one decimal
    awk -v from="$1" -v to="$EPOCHREALTIME" 'BEGIN { printf "%.1f", to - from }'
}
# step LABEL [WHAT]: closes the previous step's timing and announces the next.
step() {
    [ -n "${step_name:-}" ] && timings+=("$step_name $(elapsed "$step_started") s")
    step_name=$1
    step_started=$EPOCHREALTIME
    say "${2:-$1}"
}

# --- root ----------------------------------------------------------------------
# debootstrap, chroot and mount need root; a developer's `make test-deb` goes through sudo.
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || fail "needs root (debootstrap, chroot, mount): run it as root"
    exec sudo --preserve-env=RATING_DEBIAN_MIRROR,RATING_DEBOOTSTRAP_CACHE,TMPDIR "$0" "$@"
fi

# --- the packages under test -------------------------------------------------------
# dist/ may hold several versions (the version carries the git hash): take the newest
# terminal package and the collector package built with it.
if [ $# -eq 2 ]; then
    terminal_deb=$(readlink -f "$1")
    collector_deb=$(readlink -f "$2")
elif [ $# -eq 0 ]; then
    # shellcheck disable=SC2012 # the names are ours (no blanks); ls -t orders by age
    terminal_deb=$(ls -t "$repo"/dist/rating-terminal_*.deb 2>/dev/null | head -n 1 || true)
    [ -n "$terminal_deb" ] || fail "no dist/rating-terminal_*.deb: run 'make deb' (or 'make test-deb')"
    collector_deb=$(dirname "$terminal_deb")/$(basename "$terminal_deb" | sed 's/^rating-terminal_/rating-collector_/')
else
    echo "usage: packaging/test-deb.sh [TERMINAL_DEB COLLECTOR_DEB]" >&2
    exit 1
fi
for deb in "$terminal_deb" "$collector_deb"; do
    [ -f "$deb" ] || fail "$deb does not exist: run 'make deb'"
done
say "testing $(basename "$terminal_deb") and $(basename "$collector_deb")"
# The CA bundle must come with the terminal itself: libcurl only recommends it.
dpkg-deb -f "$terminal_deb" Depends | grep -qw ca-certificates ||
    fail "$(basename "$terminal_deb") does not depend on ca-certificates (uploads over https need the system's CA bundle)"

# The device id and the secret file the shipped config names (hardware/terminal.example.toml
# is what the package installs as /etc/rating-terminal/terminal.toml).
toml_value() { # KEY: the first `KEY = "value"` of the example config's [device] section
    sed -n '/^\[device\]/,/^\[/ s/^'"$1"' *= *"\([^"]*\)".*/\1/p' "$repo/hardware/terminal.example.toml" | head -n 1
}
device_id=$(toml_value id)
secret_file=$(toml_value secret_file)
if [ -z "$device_id" ] || [ -z "$secret_file" ]; then
    fail "hardware/terminal.example.toml: no [device] id or secret_file found"
fi

# --- debootstrap -------------------------------------------------------------------
"$repo/scripts/install-deps.sh" debootstrap || fail "could not install debootstrap"

# --- cleanup: nothing stays mounted, nothing stays behind -------------------------------
# Every tree this script makes is registered here; on any exit (a pass, a FAIL, an error
# under set -e, Ctrl-C) everything mounted below it is unmounted, deepest first, and only
# then is it deleted: rm never runs into a mounted /proc or a host directory.
trees=()
unmount_below() {
    local root=$1 target
    # /proc/self/mounts escapes blanks as \040; the temp paths have none.
    awk -v root="$root" '$2 == root || index($2, root "/") == 1 {print $2}' /proc/self/mounts | sort -r |
        while read -r target; do
            umount "$target" 2>/dev/null || umount --lazy "$target" ||
                echo "test-deb: could not unmount $target" >&2
        done
}
cleanup() {
    local status=$? tree
    trap - EXIT INT TERM
    for tree in "${trees[@]}"; do
        unmount_below "$tree"
        if awk -v root="$tree" 'index($2, root) == 1 {found = 1} END {exit !found}' /proc/self/mounts; then
            echo "test-deb: $tree still has mounts; left in place" >&2
            status=1
        else
            rm -rf --one-file-system "$tree"
        fi
    done
    exit "$status"
}
trap cleanup EXIT
# A signal ends the script through the EXIT trap (bash runs it on `exit`, not always on a
# signal). Ctrl-C (and `timeout`) signal the whole process group, so the running command
# stops too; a signal to this script alone takes effect when its current command ends.
trap 'say "interrupted"; exit 130' INT
trap 'say "terminated"; exit 143' TERM

# run_in ROOT COMMAND...: a command inside the tree with a clean environment (the host's
# LANG, PATH and SWIFT variables are not the terminal's).
run_in() {
    local root=$1
    shift
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TERM=dumb \
        DEBIAN_FRONTEND=noninteractive chroot "$root" "$@"
}

# expect_ok LOG WHAT COMMAND...: COMMAND in the test tree, its output in LOG; on failure
# the output is shown and the script fails naming WHAT and the exit status.
expect_ok() {
    local log=$1 what=$2 status=0
    shift 2
    run_in "$root" "$@" >"$log" 2>&1 || status=$?
    if [ "$status" -ne 0 ]; then
        cat "$log" >&2
        fail "$what exited $status (output above)"
    fi
}

# prepare_tree ROOT: what a chroot needs to run apt and the packages' scripts.
prepare_tree() {
    local root=$1
    # apt resolves deb.debian.org: the host's resolver configuration.
    rm -f "$root/etc/resolv.conf"
    cp -L /etc/resolv.conf "$root/etc/resolv.conf"
    # invoke-rc.d asks policy-rc.d first: 101 = never start or stop a service here.
    printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
    chmod 0755 "$root/usr/sbin/policy-rc.d"
    # No fsync after every file dpkg writes: a throw-away tree needs no crash safety,
    # and the syncs are most of an install's time here.
    echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/test-deb-unsafe-io"
    # /proc: the Swift runtime, ldd, apt and dpkg read it.
    mount -t proc proc "$root/proc"
    # /dev: a tmpfs with just the usual nodes, not the host's /dev: the test tree
    # must have no GPIO chip, I2C bus or serial port (check-config has to notice),
    # and a tmpfs of our own works even when TMPDIR is mounted nodev.
    mount -t tmpfs -o mode=0755,nosuid,size=1m tmpfs "$root/dev"
    mknod -m 0666 "$root/dev/null" c 1 3
    mknod -m 0666 "$root/dev/zero" c 1 5
    mknod -m 0666 "$root/dev/full" c 1 7
    mknod -m 0666 "$root/dev/random" c 1 8
    mknod -m 0666 "$root/dev/urandom" c 1 9
    mknod -m 0666 "$root/dev/tty" c 5 0
    ln -s /proc/self/fd "$root/dev/fd"
    ln -s /proc/self/fd/0 "$root/dev/stdin"
    ln -s /proc/self/fd/1 "$root/dev/stdout"
    ln -s /proc/self/fd/2 "$root/dev/stderr"
}

# --- the base tree, cached -----------------------------------------------------------
# debootstrap takes minutes (download and unpack ~90 packages), so its result is kept as
# a tar with apt's lists already fetched; every run unpacks a fresh copy, so no run sees
# what an earlier one installed. A lock keeps two runs from building it at once.
mkdir -p "$cache" "$archives"
exec 9>"$cache/lock"
flock 9
if [ ! -s "$base_tar" ]; then
    step debootstrap "making the base tree: debootstrap --variant=minbase $suite $mirror (a few minutes, once)"
    build=$(mktemp -d "$cache/build.XXXXXX")
    trees+=("$build")
    debootstrap --variant=minbase "$suite" "$build/root" "$mirror" >"$build/debootstrap.log" 2>&1 || {
        tail -n 20 "$build/debootstrap.log" >&2
        fail "debootstrap failed (log above)"
    }
    # The sources a Debian 12 installation has: the release, its updates and security.
    cat >"$build/root/etc/apt/sources.list" <<SOURCES
deb $mirror $suite main
deb $mirror $suite-updates main
deb ${mirror%/debian}/debian-security $suite-security main
SOURCES
    # No translated package descriptions: nobody reads them here, and apt would
    # download and parse them on every run.
    echo 'Acquire::Languages "none";' >"$build/root/etc/apt/apt.conf.d/99test-deb"
    prepare_tree "$build/root"
    run_in "$build/root" apt-get update -qq || fail "apt-get update in the base tree failed"
    run_in "$build/root" apt-get clean
    unmount_below "$build/root"
    rm -f "$build/root/usr/sbin/policy-rc.d" "$build/root/etc/resolv.conf"
    # --numeric-owner: the tree's own uids, not the host's names for them.
    tar --numeric-owner --xattrs -C "$build/root" -cf "$build/base.tar" .
    mv "$build/base.tar" "$base_tar"
fi

# --- a fresh copy for this run ----------------------------------------------------------
step unpack "unpacking a fresh $suite tree"
work=$(mktemp -d "${TMPDIR:-/tmp}/rating-test-deb.XXXXXX")
trees+=("$work")
root=$work/root
mkdir "$root"
tar --numeric-owner --xattrs -xpf "$base_tar" -C "$root"
flock -u 9
prepare_tree "$root"
# The .debs earlier runs downloaded (libcurl4 and friends): apt takes them when they are
# still the candidate versions and downloads only what is new.
cp -p "$archives"/*.deb "$root/var/cache/apt/archives/" 2>/dev/null || true
cp "$terminal_deb" "$root/tmp/rating-terminal.deb"
cp "$collector_deb" "$root/tmp/rating-collector.deb"
chmod 0644 "$root"/tmp/*.deb # apt reads local packages as its _apt user

# --- install ----------------------------------------------------------------------------
step update "apt-get update"
# Cheap with the cached lists (only what changed on the mirror), and it keeps the
# Depends installable when the mirror has moved on since the base was made.
run_in "$root" apt-get update -qq || fail "apt-get update in the test tree failed"

step install "installing both packages with apt-get (Depends from $mirror)"
# apt-get, not dpkg -i: that is how the README installs them, and it proves that the
# Depends line is complete and satisfiable from plain Debian 12.
# Both in one apt-get: apt reads its lists once (the slowest part of an install here).
expect_ok "$work/install.log" "apt-get install ./tmp/rating-terminal.deb ./tmp/rating-collector.deb" \
    apt-get install -y -q ./tmp/rating-terminal.deb ./tmp/rating-collector.deb
# Keep what apt downloaded for the next run.
cp -pn "$root"/var/cache/apt/archives/*.deb "$archives/" 2>/dev/null || true

# --- checks --------------------------------------------------------------------------------
step files "checking the installed files, user and libraries"
for binary in rating-terminal rating-collector; do
    expect_ok "$work/help.txt" "$binary --help" "$binary" --help
    # Every library found, none of the Swift runtime (it is linked in statically).
    expect_ok "$work/ldd.txt" "ldd /usr/bin/$binary" ldd "/usr/bin/$binary"
    if grep -q 'not found' "$work/ldd.txt"; then
        grep 'not found' "$work/ldd.txt" >&2
        fail "/usr/bin/$binary: shared libraries not found in the fresh tree (a Depends is missing)"
    fi
    if grep -q 'libswift' "$work/ldd.txt"; then
        grep 'libswift' "$work/ldd.txt" >&2
        fail "/usr/bin/$binary links Swift runtime libraries: it must be built with --static-swift-stdlib"
    fi
    [ -f "$root/usr/lib/systemd/system/$binary.service" ] ||
        fail "/usr/lib/systemd/system/$binary.service is not installed"
done

run_in "$root" getent passwd rating-terminal >/dev/null || fail "user rating-terminal does not exist"
groups=" $(run_in "$root" id -nG rating-terminal) "
for group in gpio i2c dialout; do
    case "$groups" in
        *" $group "*) ;;
        *) fail "user rating-terminal is not in group $group (its groups:$groups)" ;;
    esac
done
state=$(run_in "$root" stat -c '%U:%G %a' /var/lib/rating-terminal 2>&1) ||
    fail "/var/lib/rating-terminal does not exist"
[ "$state" = "rating-terminal:rating-terminal 750" ] ||
    fail "/var/lib/rating-terminal is '$state', expected 'rating-terminal:rating-terminal 750'"
config=/etc/rating-terminal/terminal.toml
[ -f "$root$config" ] || fail "$config is not installed"
config_group=$(run_in "$root" stat -c %G "$config")
[ "$config_group" = rating-terminal ] ||
    fail "$config has group $config_group, expected rating-terminal (the service reads it)"
[ -f "$root/usr/lib/udev/rules.d/60-rating-terminal.rules" ] ||
    fail "the udev rule /usr/lib/udev/rules.d/60-rating-terminal.rules is not installed"

# --- the collector makes a device secret; check-config accepts the shipped config -----
step check-config "rating-collector device add, rating-terminal check-config"
status=0
run_in "$root" rating-collector device add "$device_id" --db sqlite:/tmp/c.sqlite >"$work/secret" 2>"$work/add.err" || status=$?
if [ "$status" -ne 0 ]; then
    cat "$work/add.err" >&2
    fail "rating-collector device add $device_id --db sqlite:/tmp/c.sqlite exited $status (stderr above)"
fi
if [ "$(wc -l <"$work/secret")" -ne 1 ] || ! grep -Eqx '[0-9a-f]{64}' "$work/secret"; then
    fail "rating-collector device add printed '$(head -c 200 "$work/secret")', expected one line of 64 hex digits"
fi
# Where the config expects it, readable by the service user (as the error's fix says).
install -m 0640 -g "$(run_in "$root" getent group rating-terminal | cut -d: -f3)" "$work/secret" "$root$secret_file"

# --skip-devices (GPIO chip, I2C bus, serial port not checked) is newer than check-config:
# an older binary has only the file checks, and fails on the unknown option (exit 64).
# (The help goes to a file first: with pipefail, grep -q closing the pipe early could make
# the pipeline fail.)
expect_ok "$work/check-help.txt" "rating-terminal check-config --help" rating-terminal check-config --help
if grep -q -- --skip-devices "$work/check-help.txt"; then
    skip_devices=(--skip-devices)
else
    skip_devices=()
    say "NOTE: this rating-terminal has no check-config --skip-devices: checking without it"
fi
expect_ok "$work/check.txt" "rating-terminal check-config ${skip_devices[*]} $config" \
    rating-terminal check-config "${skip_devices[@]}" "$config"
grep -qF -- "$device_id" "$work/check.txt" || {
    cat "$work/check.txt" >&2
    fail "check-config's summary does not name the device $device_id (output above)"
}
# Without --skip-devices the chroot's lack of /dev/gpiochip0 must be an error (exit 4).
status=0
run_in "$root" rating-terminal check-config "$config" >"$work/check-devices.txt" 2>&1 || status=$?
if [ ${#skip_devices[@]} -eq 0 ]; then
    say "NOTE: check-config exited $status without device checks (no --skip-devices in this binary)"
elif [ "$status" -eq 0 ]; then
    cat "$work/check-devices.txt" >&2
    fail "check-config exited 0 in a tree without /dev/gpiochip0: the device checks did not run"
elif [ "$status" -ne 4 ]; then
    cat "$work/check-devices.txt" >&2
    fail "check-config without the devices exited $status, expected 4 (device error)"
fi
[ ${#skip_devices[@]} -eq 0 ] || say "check-config without --skip-devices: exit 4, as expected (no GPIO chip here)"

# --- the conffile survives a reinstall; purge is clean -------------------------------------
step reinstall+purge "conffile kept on reinstall, deleted config, dpkg --purge"
edit="# edited by packaging/test-deb.sh $$"
echo "$edit" >>"$root$config"
expect_ok "$work/reinstall.log" "reinstalling rating-terminal (dpkg -i --force-confold)" \
    dpkg -i --force-confold /tmp/rating-terminal.deb
grep -qxF "$edit" "$root$config" || fail "the edit of $config did not survive a reinstall (a conffile must be kept)"
config_group=$(run_in "$root" stat -c %G "$config")
[ "$config_group" = rating-terminal ] || fail "$config has group $config_group after a reinstall, expected rating-terminal"

# A deleted config stays deleted on a reinstall (dpkg remembers the technician's choice),
# and configuring must not fail on it; --force-confmiss brings the shipped one back.
rm "$root$config"
expect_ok "$work/reinstall-deleted.log" "reinstalling rating-terminal with its config deleted (dpkg -i)" \
    dpkg -i /tmp/rating-terminal.deb
[ ! -e "$root$config" ] || fail "a reinstall brought back the deleted $config (dpkg should keep it deleted)"
expect_ok "$work/reinstall-confmiss.log" "reinstalling rating-terminal with dpkg -i --force-confmiss" \
    dpkg -i --force-confmiss /tmp/rating-terminal.deb
[ -f "$root$config" ] || fail "dpkg -i --force-confmiss did not restore $config"
config_group=$(run_in "$root" stat -c %G "$config")
[ "$config_group" = rating-terminal ] || fail "the restored $config has group $config_group, expected rating-terminal"

for package in rating-terminal rating-collector; do
    expect_ok "$work/purge-$package.log" "dpkg --purge $package" dpkg --purge "$package"
    # shellcheck disable=SC2016 # a dpkg-query format, not a shell expansion
    left=$(run_in "$root" dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    case "$left" in
        "" | not-installed) ;;
        *) fail "$package is '$left' after dpkg --purge, expected gone" ;;
    esac
done
[ ! -e "$root$config" ] || fail "$config is still there after dpkg --purge rating-terminal"
[ -d "$root/var/lib/rating-terminal" ] ||
    fail "/var/lib/rating-terminal was deleted by the purge (unsent ratings must be kept)"

step finished
total=$(elapsed "$started")
say "timings: $(printf '%s, ' "${timings[@]}" | sed 's/, $//')"
echo "PASS: deb install test ($total s)"
