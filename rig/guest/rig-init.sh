#!/bin/sh
# PID 1 of the rig's QEMU guest. rig/setup.sh copies this file into the
# initramfs as /init: it runs under the initramfs' busybox, never on the host.
#
# Why: the guest runs Debian's own kernel plus our out-of-tree gpio-sim module,
# and host-built programs must run unchanged inside it. So this init loads the
# boot modules, mounts the host's root filesystem read-only over 9p, lays a
# throw-away tmpfs overlay on top (writes succeed but vanish at power-off),
# mounts the caller's --share directories read-write at their host paths, and
# runs the command chrooted into that view of the host. The command's stdout
# and stderr are two virtio consoles (hvc0, hvc1) that QEMU connects to
# guest-run.sh's stdout and stderr; kernel and init messages go to the serial
# console (ttyS0), which guest-run.sh keeps in a log file.
#
# Contract with rig/guest-run.sh: the 9p control share (tag "rigctl") holds
# `env`, a shell fragment sourced here: RIG_* settings (RIG_ENV_<i>: the
# extra NAME=VALUE variables), then `set --` with the command and its
# arguments. This init writes `dmesg` and, last, `status` back into the share
# and reboots (QEMU runs with -no-reboot, so that ends it). No `status` file
# means the guest failed.

PATH=/bin
export PATH
umask 022

log() { echo "rig-init: $*"; }
# Logs a phase with the guest's uptime (no fork: cheap under TCG).
phase() {
    read -r uptime _ </proc/uptime
    log "$uptime s: $*"
}

# Ends the guest without a status: guest-run.sh reports a rig failure.
die() {
    log "FATAL: $*"
    [ -d /ctl ] && dmesg >/ctl/dmesg 2>/dev/null
    sync
    reboot -f
    sleep 10
    exit 1
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# The kernel may have found no /dev/console before devtmpfs was mounted.
exec </dev/console >/dev/console 2>&1
phase "init started"

# Boot modules, dependencies first (the order comes from setup.sh).
while read -r module; do
    insmod "/lib/modules/$module" || die "insmod $module failed"
done </etc/rig/boot-modules

mkdir -p /ctl /lower /upper /newroot
mount -t 9p -o trans=virtio,version=9p2000.L,cache=none rigctl /ctl ||
    die "cannot mount the control share (tag rigctl)"
[ -r /ctl/env ] || die "no env file in the control share"
# Defaults, overridden by the control file.
RIG_NET=0
RIG_SHARE_COUNT=0
RIG_MODPROBE_COUNT=0
RIG_ENV_COUNT=0
RIG_MODROOT=""
# shellcheck disable=SC2034 # used inside eval
RIG_CWD=/
# shellcheck disable=SC2034 # used inside eval
RIG_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# shellcheck disable=SC2034 # used inside eval
RIG_TERM=dumb
RIG_MSIZE=512000
# shellcheck disable=SC1091 # written at run time by guest-run.sh
. /ctl/env
phase "modules loaded, control share mounted"

# The host's root filesystem, read-only. "loose" caching keeps binaries and
# libraries in the guest's page cache (the host side does not change under a
# running test in ways that matter).
mount -t 9p -o "trans=virtio,version=9p2000.L,ro,cache=loose,msize=$RIG_MSIZE" hostroot /lower ||
    die "cannot mount the host root (tag hostroot)"

# A writable view of it: overlayfs with a tmpfs upper layer. If overlayfs
# refuses, fall back to the bare read-only mount (tmpfs on /root then).
mount -t tmpfs -o mode=0755 rig-upper /upper
mkdir -p /upper/data /upper/work
if mount -t overlay -o lowerdir=/lower,upperdir=/upper/data,workdir=/upper/work rig-root /newroot 2>/dev/null; then
    root_kind=overlay
else
    log "overlayfs refused the 9p root, using it read-only"
    mount --bind /lower /newroot
    root_kind=read-only
fi
R=/newroot
phase "host root mounted ($root_kind)"
mount -t proc proc $R/proc
mount -t sysfs sysfs $R/sys
mount -t devtmpfs devtmpfs $R/dev
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts -o gid=5,mode=0620,ptmxmode=0666 devpts $R/dev/pts
mount -t tmpfs -o mode=1777 tmpfs $R/dev/shm
mount -t configfs configfs $R/sys/kernel/config
mount -t debugfs debugfs $R/sys/kernel/debug
mount -t tmpfs -o mode=1777 tmpfs $R/tmp
mount -t tmpfs -o mode=1777 tmpfs $R/var/tmp
mount -t tmpfs -o mode=0755 tmpfs $R/run
mkdir -p $R/run/lock
chmod 1777 $R/run/lock
[ "$root_kind" = overlay ] || mount -t tmpfs -o mode=0700 tmpfs $R/root

# The wall clock: the kernel took it from the emulated RTC, whole seconds
# only (up to 1 s behind the host). A file created in the control share gets
# its mtime from the host's clock; the host's GNU date sets the guest's clock
# from it, to within ~0.1 s. Reading date and the C library first keeps the
# gap between the two short (cold over 9p it is ~0.2 s; the command needs
# the library anyway).
cat $R/bin/date $R/lib64/ld-linux-x86-64.so.2 $R/lib/x86_64-linux-gnu/libc.so.6 >/dev/null 2>&1
if : >/ctl/clock && host_now=$(stat -c %y /ctl/clock); then
    chroot $R /bin/date -s "$host_now" >/dev/null || log "could not set the clock"
fi
phase "clock set"

# Read-write shares at their host paths (tags share0, share1, ...).
# cache=mmap: coherent enough with the host, and mmap works (SQLite WAL).
index=0
while [ "$index" -lt "$RIG_SHARE_COUNT" ]; do
    dir=""
    eval "dir=\$RIG_SHARE_$index"
    mkdir -p "$R$dir" 2>/dev/null
    mount -t 9p -o "trans=virtio,version=9p2000.L,cache=mmap,msize=$RIG_MSIZE" "share$index" "$R$dir" ||
        die "cannot mount share $dir (tag share$index)"
    index=$((index + 1))
done

# The chroot's modprobe (the host's kmod) finds every module of the guest
# kernel: /lib/modules/<release> points at the full module tree setup.sh
# keeps under .rig/qemu/ on the host, seen through the host root or, for a
# checkout under /tmp (a tmpfs in the guest, e.g. CI's clean clone), through
# the checkout's share: so this comes after the shares are mounted.
release=$(uname -r)
if [ "$root_kind" = overlay ] && [ -n "$RIG_MODROOT" ] && [ -d "$R$RIG_MODROOT/$release" ]; then
    mkdir -p $R/lib/modules && ln -sfn "$RIG_MODROOT/$release" "$R/lib/modules/$release"
fi

hostname rig-guest
# The name resolves locally (no DNS round trip for programs that look it up).
[ "$root_kind" = overlay ] && echo "127.0.1.1 rig-guest" >>$R/etc/hosts
ip link set lo up
if [ "$RIG_NET" = 1 ]; then
    while read -r module; do
        insmod "/lib/modules/$module" || die "insmod $module failed"
    done </etc/rig/net-modules
    ip link set eth0 up || die "no eth0"
    ip addr add 10.0.2.15/24 dev eth0
    ip route add default via 10.0.2.2
    if [ "$root_kind" = overlay ]; then
        rm -f $R/etc/resolv.conf
        echo "nameserver 10.0.2.3" >$R/etc/resolv.conf
    fi
fi

index=0
while [ "$index" -lt "$RIG_MODPROBE_COUNT" ]; do
    module=""
    eval "module=\$RIG_MODPROBE_$index"
    # shellcheck disable=SC2086 # "MODULE PARAM=VALUE...": split on purpose
    chroot $R /sbin/modprobe $module || die "modprobe $module failed"
    index=$((index + 1))
done

# The command's stdout/stderr: virtio consoles in raw mode (no \n -> \r\n),
# held open here so the settings stick.
exec 5>/dev/hvc0 6>/dev/hvc1 || die "no virtio consoles"
stty -F /dev/hvc0 raw -echo
stty -F /dev/hvc1 raw -echo
phase "command starts"

# The environment: a fixed set plus the --env variables (RIG_ENV_<i>),
# applied by busybox's env before the chroot. Inside, the host's /bin/sh
# changes to the caller's directory and execs the command through PATH: the
# host's programs, never busybox applets.
env_args=""
index=0
while [ "$index" -lt "$RIG_ENV_COUNT" ]; do
    env_args="$env_args \"\$RIG_ENV_$index\""
    index=$((index + 1))
done
# shellcheck disable=SC2016 # expanded by eval and by the inner shell
eval 'env -i PATH="$RIG_PATH" HOME=/root USER=root LOGNAME=root SHELL=/bin/sh \
    LANG=C.UTF-8 TERM="$RIG_TERM" RIG_GUEST=1 '"$env_args"' \
    chroot $R /bin/sh -c '"'"'
        cd "$1" 2>/dev/null || { echo "rig: $1 does not exist in the guest, running in /" >&2; cd /; }
        shift
        exec "$@"'"'"' rig-cwd "$RIG_CWD" "$@" </dev/null >&5 2>&6'
status=$?
phase "command exited with status $status"
exec 5>&- 6>&-
sync
dmesg >/ctl/dmesg 2>/dev/null
echo "$status" >/ctl/status
sync
reboot -f
