#!/usr/bin/env python3
"""Power cuts in the QEMU guest: nothing acknowledged is lost, the store is never damaged.

The terminal's store is on a virtual disk (a raw ext4 image attached as virtio-blk); the guest
runs `rating-terminal run` on it with the stdin keypad while random scores are pressed at random
moments (rig/scenarios/power_cut_guest.sh); the host SIGKILLs QEMU at a random moment: a power
cut. The next boot of the same image mounts it (ext4 journal replay), starts the terminal on the
store (SQLite WAL recovery, quick_check), runs PRAGMA integrity_check and lists every rating; each
rating the terminal acknowledged before any cut ("rating stored", logged after its commit, as the
host saw it before the kill) must be there exactly once with its score. The same image is booted
again and again, so damage would accumulate. A last boot only checks.

Cache mode: `cache=writeback` (QEMU's default). The guest sees a disk with a volatile write cache
and sends flushes (ext4's journal commits, SQLite's fsyncs), which QEMU turns into fdatasync on the
image. When QEMU is SIGKILLed, every write QEMU had completed to the guest is in the host's page
cache of the image and so in the file the next boot reads (the host itself does not crash); what
sat in the guest's page cache, or in requests QEMU had not completed, is gone: that is the power
cut. Not modelled: a disk that drops writes it had completed but not flushed.

About one cut in six lands early (0-1.5 s after the disk is mounted: during the terminal's start,
its WAL recovery, or the check), the others 0-3 s after the presses began (mid-transaction,
mid-checkpoint, mid-journal-commit).

Usage: rig/power_cuts.py [--cuts N] [--seed S] [--products DIR] [--keep] [--sabotage]
                         [--min-acknowledged N] [--verbose]
  --sabotage  the self-check: the last boot deletes one acknowledged rating before its check;
              the run must then report exactly 1 lost (and exit 1); use with --min-acknowledged 1
  --min-acknowledged N  no cut before N ratings were acknowledged in the run

Prints progress, one summary line (`power cuts: N cuts, A acknowledged, ...; lost L, duplicated D,
integrity failures I, start failures F`) and `POWERCUT-RESULT {json}`. Exit 0 when lost,
duplicated, integrity and start failures are all 0 and every cut happened; 1 otherwise (the run's
folder under .rig/runs/ is kept, with every boot's guest log); 2 when the run could not be set up.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid

RIG = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(RIG)
GUEST_SCRIPT = os.path.join(RIG, "scenarios", "power_cut_guest.sh")
BOOT_TIMEOUT_S = 300  # one boot, under TCG on a loaded machine; normally well under 30 s
SEQ = re.compile(r"\bseq=(\d+)")
SCORE = re.compile(r"\bscore=(\d)")


def log(message):
    print(f"power-cuts: {message}", file=sys.stderr, flush=True)


class Boot:
    """One guest run on the image: its output lines as they arrive, and a way to cut its power."""

    def __init__(self, folder, number, image, terminal, seed, check_only, sabotage_seq, verbose):
        self.pidfile = os.path.join(folder, f"qemu-{number}.pid")
        self.log_path = os.path.join(folder, f"guest-{number}.log")
        self.verbose = verbose
        self.lock = threading.Condition()
        self.stdout, self.stderr = [], []
        self.ended = 0
        command = [os.path.join(RIG, "guest-run.sh"), "--timeout", str(BOOT_TIMEOUT_S), "--log", self.log_path,
                   "--modprobe", "virtio_blk", "--modprobe", "ext4",
                   # The kernel's IO-APIC timer check panics now and then when the host is busy (TCG runs
                   # slowly): "IO-APIC + timer doesn't work!". QEMU's timer is fine; skip the check.
                   "--kernel-arg", "no_timer_check",
                   "--qemu-arg", "-pidfile", "--qemu-arg", self.pidfile,
                   "--qemu-arg", "-drive", "--qemu-arg", f"file={image},format=raw,if=none,id=store,cache=writeback",
                   "--qemu-arg", "-device", "--qemu-arg", "virtio-blk-pci,drive=store",
                   "--", "/bin/sh", GUEST_SCRIPT, "--terminal", terminal, "--seed", str(seed)]
        if check_only:
            command.append("--check-only")
        if sabotage_seq is not None:
            command += ["--sabotage-seq", str(sabotage_seq)]
        self.started = time.monotonic()
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
        for stream, lines in ((self.process.stdout, self.stdout), (self.process.stderr, self.stderr)):
            threading.Thread(target=self._collect, args=(stream, lines), daemon=True).start()

    def _collect(self, stream, lines):
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if self.verbose:
                log(f"  {time.monotonic() - self.started:6.2f} s | {line}")
            with self.lock:
                lines.append(line)
                self.lock.notify_all()
        with self.lock:
            self.ended += 1
            self.lock.notify_all()

    def wait_for(self, marker, timeout):
        """Until a stdout line starts with `marker`; False when the guest ended or time ran out first."""
        return self.wait_until(lambda: any(line.startswith(marker) for line in self.stdout), timeout)

    def wait_until(self, predicate, timeout):
        """Until `predicate()` holds (called under the lock); False when the guest ended or time ran out first."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0 or self.ended == 2:
                    return False
                self.lock.wait(left)
            return True

    def cut_power(self):
        """SIGKILL QEMU (not guest-run.sh, whose trap would stop QEMU politely)."""
        try:
            with open(self.pidfile) as handle:
                pid = int(handle.read().strip())
            # Only this boot's QEMU, still running: never a process that got its pid after QEMU ended.
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                command = handle.read().split(b"\0")
            if self.process.poll() is not None or b"qemu-system" not in command[0] or self.pidfile.encode() not in command:
                return False
            os.kill(pid, 9)
            return True
        except (OSError, ValueError):
            return False

    def finish(self):
        """Waits for guest-run.sh and both streams to end; returns its exit status."""
        status = self.process.wait(timeout=BOOT_TIMEOUT_S + 30)
        with self.lock:
            while self.ended < 2:
                self.lock.wait(5)
        return status

    def acknowledged(self):
        """(seq, score) of every "rating stored" line that reached the host."""
        found = []
        for line in self.stderr:
            # The log line: "... info rating-terminal: flags=[] score=5 seq=1 [TerminalApp] rating stored".
            seq, score = SEQ.search(line), SCORE.search(line)
            if "rating stored" in line and seq and score:
                found.append((int(seq.group(1)), int(score.group(1))))
        return found

    def presses(self):
        return sum(1 for line in self.stdout if line.startswith("POWERCUT press "))

    def check(self):
        """(integrity lines, rows as [(seq, score, rating id)]) of this boot's check, or None without one."""
        if not any(line.startswith("POWERCUT checked") for line in self.stdout):
            return None
        integrity = [line[len("POWERCUT integrity "):] for line in self.stdout if line.startswith("POWERCUT integrity ")]
        rows = []
        for line in self.stdout:
            if line.startswith("POWERCUT row "):
                seq, score, rating_id = line[len("POWERCUT row "):].split(" ", 2)
                rows.append((int(seq), int(score), rating_id))
        return integrity, rows

    def failure(self):
        return next((line for line in self.stdout if line.startswith("POWERCUT fail ")), None)


class Tally:
    def __init__(self):
        self.acknowledged = {}  # seq -> score
        self.presses = 0
        self.lost = set()
        self.duplicated = set()
        self.integrity_failures = 0
        self.start_failures = 0
        self.checks = 0
        self.cuts = 0
        self.early_cuts = 0
        self.rig_retries = 0
        self.problems = []

    def judge(self, number, check):
        """Compares one boot's check with everything acknowledged so far."""
        integrity, rows = check
        self.checks += 1
        if integrity != ["ok"]:
            self.integrity_failures += 1
            self.problems.append(f"boot {number}: integrity_check said {integrity[:5]}")
        by_seq = {}
        ids = {}
        for seq, score, rating_id in rows:
            by_seq.setdefault(seq, []).append(score)
            ids[rating_id] = ids.get(rating_id, 0) + 1
        for seq, score in self.acknowledged.items():
            if by_seq.get(seq) != [score] and seq not in self.lost:
                if len(by_seq.get(seq, [])) > 1:
                    continue  # counted as duplicated below
                self.lost.add(seq)
                self.problems.append(f"boot {number}: acknowledged seq {seq} score {score} is {by_seq.get(seq, 'missing')}")
        for seq, scores in by_seq.items():
            if len(scores) > 1 and seq not in self.duplicated:
                self.duplicated.add(seq)
                self.problems.append(f"boot {number}: seq {seq} stored {len(scores)} times")
        for rating_id, count in ids.items():
            if count > 1 and rating_id not in self.duplicated:
                self.duplicated.add(rating_id)
                self.problems.append(f"boot {number}: rating id {rating_id} stored {count} times")
        if len(rows) > self.presses:
            key = f"rows>{number}"
            self.duplicated.add(key)
            self.problems.append(f"boot {number}: {len(rows)} ratings stored from {self.presses} presses")


    def acknowledge(self, number, seq, score):
        """Records one "rating stored" line. A seq acknowledged twice means a committed rating was rolled
        back by a cut and its seq given to another press: the first rating is lost."""
        if seq in self.acknowledged:
            self.lost.add(("reused", seq))
            self.problems.append(f"boot {number}: seq {seq} acknowledged again (score {score}; "
                                 f"first score {self.acknowledged[seq]}): a committed rating was rolled back")
        self.acknowledged[seq] = score


def interrupt(signum, frame):
    raise KeyboardInterrupt


def make_image(path, megabytes=64):
    with open(path, "wb") as handle:
        handle.truncate(megabytes * 1024 * 1024)
    # Without lazy init: no background zeroing that the first boots would do and the later not.
    subprocess.run(["mkfs.ext4", "-q", "-F", "-E", "lazy_itable_init=0,lazy_journal_init=0", path],
                   check=True, capture_output=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cuts", type=int, default=100)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--products", default=os.path.join(REPO, ".build", "debug"))
    parser.add_argument("--keep", action="store_true", help="keep the run's folder even when everything passed")
    parser.add_argument("--sabotage", action="store_true")
    parser.add_argument("--min-acknowledged", type=int, default=0,
                        help="no cut before this many ratings were acknowledged in the run (the self-check needs one)")
    parser.add_argument("--verbose", action="store_true")
    options = parser.parse_args()

    seed = options.seed if options.seed is not None else random.SystemRandom().randrange(1, 2**31)
    rng = random.Random(seed)
    terminal = os.path.join(os.path.abspath(options.products), "rating-terminal")
    if not os.access(terminal, os.X_OK):
        log(f"{terminal} is missing: run `swift build` first")
        return 2
    if not os.path.exists(os.path.join(REPO, ".rig", "qemu", "current")):
        log("the QEMU rig is not set up: run rig/setup.sh")
        return 2
    for tool in ("mkfs.ext4", "sqlite3"):
        if shutil.which(tool, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin") is None:
            log(f"{tool} is missing (Debian packages e2fsprogs, sqlite3; rig/setup.sh installs them)")
            return 2
    folder = os.path.join(REPO, ".rig", "runs", f"power-cuts-{uuid.uuid4().hex[:8]}")
    os.makedirs(folder)
    image = os.path.join(folder, "store.img")
    try:
        make_image(image)
    except (OSError, subprocess.CalledProcessError) as error:
        log(f"cannot make the disk image: {error}")
        return 2
    log(f"seed {seed}, {options.cuts} cuts, image {image}")

    tally = Tally()
    started = time.monotonic()
    # SIGTERM (e.g. make interrupted) ends the run like Ctrl-C: the boot under way is stopped and what
    # was checked so far is reported.
    signal.signal(signal.SIGTERM, interrupt)
    interrupted = False
    boot = None
    try:
        for number in range(1, options.cuts + 2):
            last = number == options.cuts + 1
            sabotage_seq = None
            if last and options.sabotage and tally.acknowledged:
                sabotage_seq = min(tally.acknowledged)
            for attempt in range(1, 4):
                boot = Boot(folder, f"{number}.{attempt}", image, terminal, rng.randrange(1, 2**31), last, sabotage_seq,
                            options.verbose)
                cut = False
                if last:
                    status = boot.finish()
                else:
                    enough = len(tally.acknowledged) >= options.min_acknowledged
                    early = enough and rng.random() < 1 / 6
                    if early:
                        reached = boot.wait_for("POWERCUT mounted", BOOT_TIMEOUT_S)
                        delay = rng.uniform(0, 1.5)
                    else:
                        reached = boot.wait_for("POWERCUT press", BOOT_TIMEOUT_S)
                        if reached and not enough:
                            wanted = options.min_acknowledged - len(tally.acknowledged)
                            reached = boot.wait_until(lambda: len(boot.acknowledged()) >= wanted, BOOT_TIMEOUT_S)
                        delay = rng.uniform(0, 3.0)
                    if reached:
                        time.sleep(delay)
                        cut = boot.cut_power()
                        if cut:
                            tally.cuts += 1
                            tally.early_cuts += early
                    status = boot.finish()
                # The rig failed before the guest touched the disk (e.g. the kernel panicked at boot): the image
                # is as the last cut left it, so that boot is simply run again.
                if status == 125 and not boot.wait_for("POWERCUT mounted", 0):
                    tally.rig_retries += 1
                    log(f"boot {number}: the rig failed before the disk was mounted (attempt {attempt}); log {boot.log_path}")
                    continue
                break
            # This boot's check saw only what earlier boots stored: judge it before counting this boot's presses.
            check = boot.check()
            failure = boot.failure()
            if check is not None:
                tally.judge(number, check)
            if failure or (last and (check is None or status != 0)) or (not last and not cut):
                # A boot cut before its check is fine; one that failed on its own, or never got cut, is not.
                tally.start_failures += 1
                tally.problems.append(f"boot {number}: {failure or f'ended with status {status} without its check or its cut'}; "
                                      f"log {boot.log_path}")
            tally.presses += boot.presses()
            for seq, score in boot.acknowledged():
                tally.acknowledge(number, seq, score)
            if tally.problems and options.verbose:
                log(f"problems so far: {tally.problems}")
            if number % 10 == 0 or last:
                log(f"{number} boots, {tally.cuts} cuts, {len(tally.acknowledged)} acknowledged; lost {len(tally.lost)}, "
                    f"duplicated {len(tally.duplicated)}, integrity failures {tally.integrity_failures}, "
                    f"start failures {tally.start_failures}; {time.monotonic() - started:.0f} s")
    except KeyboardInterrupt:
        interrupted = True
        log("interrupted: stopping the boot under way; the counts below cover the checks done so far")
        if boot is not None and boot.process.poll() is None:
            boot.process.terminate()  # guest-run.sh stops its QEMU on SIGTERM
            boot.process.wait(timeout=60)

    result = {
        "seed": seed, "cuts": tally.cuts, "early_cuts": tally.early_cuts, "checks": tally.checks, "rig_retries": tally.rig_retries,
        "acknowledged": len(tally.acknowledged), "presses": tally.presses,
        "lost": len(tally.lost), "duplicated": len(tally.duplicated),
        "integrity_failures": tally.integrity_failures, "start_failures": tally.start_failures,
        "seconds": round(time.monotonic() - started, 1), "folder": folder, "interrupted": interrupted,
    }
    for problem in tally.problems[:30]:
        print(f"PROBLEM {problem}")
    print(f"power cuts: {tally.cuts} cuts ({tally.early_cuts} early), {result['acknowledged']} acknowledged of "
          f"{tally.presses} presses, {tally.checks} checks; lost {result['lost']}, duplicated {result['duplicated']}, "
          f"integrity failures {tally.integrity_failures}, start failures {tally.start_failures}; {result['seconds']} s")
    print("POWERCUT-RESULT " + json.dumps(result), flush=True)
    passed = (not interrupted and tally.cuts == options.cuts and not tally.lost and not tally.duplicated
              and tally.integrity_failures == 0 and tally.start_failures == 0)
    if passed and not options.keep:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        log(f"run folder kept: {folder}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
