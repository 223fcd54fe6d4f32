#!/bin/sh
# One boot of the power-cut scenario, inside the QEMU guest (rig/power_cuts.py runs it).
#
# Why: a power cut must lose nothing the terminal acknowledged and must never leave a store
# SQLite calls damaged. The host attaches a raw disk image as virtio-blk (/dev/vda, ext4) and
# SIGKILLs QEMU at a random moment; this script is what runs on every boot of that image:
#   1. mounts the disk (ext4 replays its journal after the previous cut);
#   2. starts `rating-terminal run` with its store on the disk and the stdin keypad (a FIFO),
#      and waits for READY: the store opened (SQLite recovered its WAL, quick_check passed);
#   3. checks the store with the sqlite3 CLI: PRAGMA integrity_check, then every rating's
#      seq, score and rating id (the host compares them with what was acknowledged);
#   4. unless --check-only, presses random scores at random moments (0-0.4 s apart) until the
#      power goes; with --check-only, quits the terminal ("q") and ends.
# The terminal's log (stderr) goes to the host as it is written: its "rating stored" lines
# (logged after the commit returned) are the acknowledgements the host collects.
#
# Usage: power_cut_guest.sh --terminal PATH --seed N [--disk /dev/vda] [--check-only]
#                           [--sabotage-seq SEQ]
#   --sabotage-seq  deletes that rating before the check (the harness's self-check: the host
#                   must then report it lost)
# Lines for the host on stdout, each starting "POWERCUT ": mounted, ready, integrity TEXT,
# row SEQ SCORE RATING_ID, checked ROWS, pressing, press SCORE, checkpoint BUSY WAL_PAGES COPIED,
# fail WHAT. Exit 0 after --check-only;
# 3 when the disk, the terminal or the check failed (the host counts the failure).
set -u

terminal=""
seed=1
disk=/dev/vda
check_only=0
sabotage_seq=""
while [ $# -gt 0 ]; do
    case "$1" in
    --terminal) terminal=$2; shift ;;
    --seed) seed=$2; shift ;;
    --disk) disk=$2; shift ;;
    --check-only) check_only=1 ;;
    --sabotage-seq) sabotage_seq=$2; shift ;;
    *) echo "power_cut_guest: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
[ -n "$terminal" ] || { echo "power_cut_guest: --terminal is required" >&2; exit 2; }

say() { echo "POWERCUT $*"; }
fail() {
    say "fail $*"
    exit 3
}

mnt=/mnt/rating-store
store=$mnt/ratings.sqlite
mkdir -p "$mnt"
mount -t ext4 "$disk" "$mnt" || fail "mount $disk"
say mounted

# The config, secret and keypad FIFO live in the guest's tmpfs: only the store is on the disk.
work=/tmp/power-cut
mkdir -p "$work"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$work/secret"
cat >"$work/terminal.toml" <<EOF
[device]
id = "POWER-1"
secret_file = "$work/secret"
site = "Rig"
counter = "1"

[collector]
# Nothing listens here: uploads wait, nothing is acknowledged or pruned.
url = "http://127.0.0.1:9"
startup_delay_max_s = 0

[buttons]
driver = "stdin"

[display]
driver = "console"
size = "16x2"

[session]
mode = "kiosk"
thanks_s = 1
response_interval_s = 1
# Every press is a rating.
followup_below = 0
burst_presses = 0

[storage]
path = "$store"
EOF

mkfifo "$work/keys" || fail "mkfifo"
# The display's frames and READY go to a file; the log (stderr) goes to the host as it comes.
"$terminal" run --config "$work/terminal.toml" <"$work/keys" >"$work/terminal.out" &
terminal_pid=$!
exec 3>"$work/keys"

# The press generator: one Python process (a fork and exec per press costs ~0.5 s under TCG on
# a busy host), started now so its start overlaps the terminal's, waiting for "go" on fd 4.
# Each press is announced on stdout before it is written to the keypad, so the host knows every
# press the terminal could have stored; 0-0.4 s apart, until the power goes. After about one
# press in four it also checkpoints the WAL into the database (PASSIVE: never waits for the
# terminal): on its own the terminal checkpoints only every ~1,000 WAL pages, a few hundred
# ratings, which few cuts would ever land in.
presser_pid=""
if [ "$check_only" = 0 ]; then
    mkfifo "$work/go" || fail "mkfifo"
    exec 4<>"$work/go"
    python3 -u -c '
import os, random, sqlite3, sys, time
rng = random.Random(int(sys.argv[1]))
store = sqlite3.connect(sys.argv[2], timeout=10, isolation_level=None)
sys.stdin.readline()
while True:
    score = rng.randint(1, 5)
    print("POWERCUT press", score, flush=True)
    os.write(3, b"%d\n" % score)
    time.sleep(rng.uniform(0, 0.4))
    if rng.random() < 0.25:
        busy, wal_pages, copied = store.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        print("POWERCUT checkpoint", busy, wal_pages, copied, flush=True)
' "$seed" "$store" <&4 &
    presser_pid=$!
fi

# READY: the store, the keypad and the display are open. TCG is slow: up to 120 s.
waited=0
until grep -q '^READY ' "$work/terminal.out" 2>/dev/null; do
    kill -0 "$terminal_pid" 2>/dev/null || fail "terminal exited before READY: $(tail -n 3 "$work/terminal.out" | tr '\n' ' ')"
    [ "$waited" -lt 1200 ] || fail "no READY after 120 s"
    sleep 0.1
    waited=$((waited + 1))
done
say ready

sql() { sqlite3 -batch -cmd ".timeout 10000" "$store" "$@"; }
if [ -n "$sabotage_seq" ]; then
    sql "DELETE FROM ratings WHERE seq = $sabotage_seq" || fail "sabotage"
fi
# One sqlite3 run (each start costs ~0.5 s under TCG): the integrity check's lines, then the ratings.
if sql -separator ' ' "SELECT 'POWERCUT integrity', integrity_check FROM pragma_integrity_check;
                       SELECT 'POWERCUT row', seq, score, rating_id FROM ratings ORDER BY seq;" >"$work/check" 2>&1; then
    cat "$work/check"
    say "checked $(grep -c '^POWERCUT row ' "$work/check")"
else
    # A store sqlite3 cannot read is an integrity failure, not a harness failure: the host counts it.
    say "integrity sqlite3 failed: $(tr '\n' ' ' <"$work/check")"
    say "checked 0"
fi

if [ "$check_only" = 1 ]; then
    echo q >&3
    exec 3>&-
    wait "$terminal_pid"
    status=$?
    [ "$status" = 0 ] || fail "terminal exit status $status"
    say done
    exit 0
fi

say pressing
echo go >&4
wait "$presser_pid"
fail "the press generator ended"
