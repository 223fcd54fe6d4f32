#!/usr/bin/env python3
"""Runs one GPIO scenario inside the QEMU guest (see rig/README.md).

Creates a gpio-sim chip with five button lines, five LED lines and the clerk's
"service finished" line (STAFF, used in counter mode only), starts
`rating-terminal run` on it, waits for its READY line, then plays the steps
of a JSON scenario: presses are pull patterns written to gpio-sim's sysfs
`pull` files. The host-side test reads what the terminal *stored* (its SQLite
store in the shared state folder) and `result.json`, which this script writes.

Usage: gpio_driver.py --terminal PATH --state DIR --steps FILE
                      [--collector URL --secret-file PATH] [--verbose]
                      [--hold-line NAME --no-ready] [--counter] [--debounce-ms N]

Steps (a JSON list, one object each):
  {"press": B, "hold_ms": 100}                 button B (1-5) down, held, up
  {"staff": true, "hold_ms": 100}              the clerk's button (STAFF) down, held, up
  {"bounce": B, "transitions": 8, "within_ms": 5, "hold_ms": 200}
                                               a bouncing contact: the line toggles `transitions`
                                               times within `within_ms`, ends down, is held,
                                               then released with the same bounce; the longest
                                               gap between two toggles is result.json's bounce_max_gap_ms
  {"down": [B, ...]} / {"up": [B, ...]}        lines changed back to back (buttons at once)
  {"sleep_ms": N}                              a pause that is part of the pattern (not a sync)
  {"wait_stored": N}                           until the terminal has logged N stored ratings
  {"expect_buzzer": 1 or 0}                    until the BUZZER line is on (1) or off (0), at most
                                               the event timeout; its state goes to buzzer_states
                                               (the config beeps 1500 ms so a poll sees it)
  {"expect_led": B or 0}                       until LED B is the only one lit (0: none lit);
                                               the observed LED states are recorded
  {"remove_chip": true}                        the chip goes away (live=0) while running
  {"wait_exit": true}                          until the terminal exits by itself
  {"wait_output": "TEXT"}                      until a line of the terminal's output contains TEXT
  {"check_config": [ARG, ...]}                 runs `rating-terminal check-config CONFIG ARG...` (its device
                                               checks on this chip); exit, stdout and stderr go to
                                               result.json's check_config list
  {"set_clock_s": N}                           steps the guest's wall clock by N seconds (as NTP does after boot)
  {"idle_s": N}                                no presses for N seconds; the terminal's context
                                               switches (all threads) and CPU time are recorded

--hold-line has another program (libgpiod's gpioset) take that button line
before the terminal starts; with --no-ready the driver does not wait for READY
(the terminal is expected to refuse to start: use a {"wait_exit": true} step).

--selftest runs `rating-terminal selftest` instead of `run` (use --no-ready and
wait_output steps to follow its prompts).

--counter runs the terminal in counter mode ([session] mode = "counter") with the
STAFF line as its [buttons] staff_line; the other scenarios leave STAFF unused.

With --verbose the terminal logs each press's timings; they are collected into
result.json ("timings": [[press_to_commit_us, press_to_thanks_us], ...]).
"""
import argparse
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CHIP_TOOL = os.path.join(HERE, "..", "guest", "gpio-sim-chip.sh")
BUTTONS = ["GPIO5", "GPIO6", "GPIO13", "GPIO19", "GPIO26"]
LEDS = ["LED1", "LED2", "LED3", "LED4", "LED5"]
STAFF = "STAFF"  # after the LEDs
BUZZER = "BUZZER"  # the last line of the chip
EVENT_TIMEOUT_S = 90  # TCG emulation is slow; a healthy step takes well under a second


class Terminal:
    """The rating-terminal process, with its output lines collected as they come."""

    def __init__(self, binary, config, verbose, command=("run",)):
        arguments = [binary, *command, "--config", config] + (["--verbose"] if verbose else [])
        self.process = subprocess.Popen(arguments, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, bufsize=1)
        self.lock = threading.Condition()
        self.stdout, self.stderr = [], []
        for stream, lines in ((self.process.stdout, self.stdout), (self.process.stderr, self.stderr)):
            threading.Thread(target=self._collect, args=(stream, lines), daemon=True).start()

    def _collect(self, stream, lines):
        for line in stream:
            with self.lock:
                lines.append(line.rstrip("\n"))
                self.lock.notify_all()
        with self.lock:
            lines.append(None)  # end of stream
            self.lock.notify_all()

    def wait_for(self, what, predicate):
        deadline = time.monotonic() + EVENT_TIMEOUT_S
        with self.lock:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0 or (None in self.stderr and not predicate()):
                    raise RuntimeError(f"timed out or the terminal ended while waiting for {what}; stderr: {self.stderr[-15:]}")
                self.lock.wait(left)

    def stored_count(self):
        return sum(1 for line in self.stderr if line and "rating stored" in line)

    def timings(self):
        found = []
        for line in self.stderr:
            commit = line and re.search(r"press_to_commit_us=(\d+)", line)
            thanks = line and re.search(r"press_to_thanks_us=(\d+)", line)
            if commit and thanks:
                found.append([int(commit.group(1)), int(thanks.group(1))])
        return found

    def usage(self):
        """Context switches per thread id, and user+system CPU ticks, from /proc."""
        switches = {}
        task_dir = f"/proc/{self.process.pid}/task"
        for task in os.listdir(task_dir):
            try:
                with open(f"{task_dir}/{task}/status") as handle:
                    switches[task] = sum(int(line.split()[1]) for line in handle
                                         if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")))
            except FileNotFoundError:
                pass  # the thread ended while being read
        with open(f"/proc/{self.process.pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return switches, int(fields[11]) + int(fields[12])


def idle_usage(before, after, seconds):
    """Switches of the threads alive at both samples, plus all of those started in between."""
    (switches_before, ticks_before), (switches_after, ticks_after) = before, after
    counted = sum(count - switches_before.get(tid, 0) for tid, count in switches_after.items())
    return {"seconds": seconds, "context_switches": counted, "cpu_ticks": ticks_after - ticks_before,
            "threads": len(switches_after), "threads_ended": len(set(switches_before) - set(switches_after))}


def chip_tool(*args):
    return subprocess.run([CHIP_TOOL, *args], check=True, capture_output=True, text=True).stdout.split("\n")


def write_config(state, chip_path, collector, secret_file, counter, debounce_ms):
    if not secret_file:
        secret_file = os.path.join(state, "secret")
        with open(secret_file, "w") as handle:
            handle.write(secrets.token_hex(32))
    config = os.path.join(state, "terminal.toml")
    quoted = lambda names: ", ".join(f'"{name}"' for name in names)
    with open(config, "w") as handle:
        handle.write(f"""[device]
id = "RIG-1"
secret_file = "{secret_file}"
site = "Rig"
counter = "Quầy 1"

[collector]
url = "{collector}"
startup_delay_max_s = 0

[buttons]
driver = "gpiod"
chip = "{chip_path}"
lines = [{quoted(BUTTONS)}]
active_low = true
bias = "pull-up"
debounce_ms = {debounce_ms}
leds = [{quoted(LEDS)}]
staff_line = "{STAFF if counter else ""}"
buzzer = "{BUZZER}"
buzzer_ms = 1500

[display]
driver = "console"
size = "16x2"

[session]
mode = "{"counter" if counter else "kiosk"}"
thanks_s = 3
response_interval_s = 5
# These scenarios test the buttons, not the workflow: every press is a rating.
followup_below = 0
burst_presses = 0

[storage]
path = "{state}/ratings.sqlite"
""")
    return config


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--terminal", required=True)
    parser.add_argument("--state", required=True)
    parser.add_argument("--steps", required=True)
    parser.add_argument("--collector", default="http://127.0.0.1:9", help="default: nothing listens, uploads wait")
    parser.add_argument("--secret-file", default="")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--hold-line", default="")
    parser.add_argument("--no-ready", action="store_true")
    parser.add_argument("--counter", action="store_true")
    parser.add_argument("--debounce-ms", type=int, default=20)
    parser.add_argument("--selftest", action="store_true")
    options = parser.parse_args()
    with open(options.steps) as handle:
        steps = json.load(handle)

    lines = chip_tool("create", "rig-buttons", *BUTTONS, *LEDS, STAFF, BUZZER)
    chip_path, sysfs = lines[0].strip(), lines[1].strip()

    pull_files = {}

    def pull(button, down):
        """Button 1-5, or 0 for the clerk's STAFF line."""
        offset = len(BUTTONS) + len(LEDS) if button == 0 else button - 1
        # Why the kept descriptor: open+close of a sysfs file per toggle is slow under emulation and
        # stretched a 5 ms bounce past the debounce window on a loaded machine.
        if offset not in pull_files:
            pull_files[offset] = os.open(f"{sysfs}/sim_gpio{offset}/pull", os.O_WRONLY)
        os.pwrite(pull_files[offset], b"pull-down" if down else b"pull-up", 0)

    def leds():
        values = []
        for index in range(len(LEDS)):
            with open(f"{sysfs}/sim_gpio{len(BUTTONS) + index}/value") as handle:
                values.append(int(handle.read().strip()))
        return values

    def buzzer():
        with open(f"{sysfs}/sim_gpio{len(BUTTONS) + len(LEDS) + 1}/value") as handle:
            return int(handle.read().strip())

    result = {"led_states": [], "buzzer_states": [], "exit_code": None, "chip": chip_path}
    holder = None
    if options.hold_line:
        offset = (BUTTONS + LEDS).index(options.hold_line)
        # gpioset (v1 tools) keeps the line requested until it gets a signal.
        holder = subprocess.Popen(["gpioset", "--mode=signal", chip_path, f"{offset}=1"])
        # Why a bounded poll: the kernel has no event for "a line was requested"; gpioinfo shows it.
        deadline = time.monotonic() + EVENT_TIMEOUT_S
        while "\"gpioset\"" not in subprocess.run(["gpioinfo", chip_path], capture_output=True, text=True).stdout:
            if time.monotonic() > deadline:
                raise RuntimeError("gpioset did not take the line")
            time.sleep(0.05)
    config = write_config(options.state, chip_path, options.collector, options.secret_file, options.counter, options.debounce_ms)
    command = ("selftest", "--step-timeout", "120", "--pause", "2") if options.selftest else ("run",)
    terminal = Terminal(options.terminal, config, options.verbose, command)
    started = time.monotonic()
    try:
        if not options.no_ready:
            terminal.wait_for("READY", lambda: any(line and line.startswith("READY ") for line in terminal.stdout))
            result["ready_after_s"] = round(time.monotonic() - started, 3)
        for step in steps:
            if "press" in step:
                pull(step["press"], True)
                time.sleep(step.get("hold_ms", 100) / 1000)
                pull(step["press"], False)
            elif "staff" in step:
                pull(0, True)
                time.sleep(step.get("hold_ms", 100) / 1000)
                pull(0, False)
            elif "bounce" in step:
                gap = step.get("within_ms", 5) / 1000 / max(1, step.get("transitions", 8))
                for release in (False, True):
                    # Ends in the new state: an odd number of toggles from the old one.
                    toggled = []
                    for toggle in range(step.get("transitions", 8) | 1):
                        toggled.append(time.monotonic())
                        pull(step["bounce"], (toggle % 2 == 0) != release)
                        # Why no sleep below 4 ms: the guest's sleeps round up to its 4 ms timer tick and
                        # more under load; back-to-back writes are the closest bounce it can make.
                        if gap >= 0.004:
                            time.sleep(gap)
                    # What the pattern really was: the test judges only a bounce whose toggles all came within the debounce period.
                    gap_ms = max((b - a) * 1000 for a, b in zip(toggled, toggled[1:]))
                    result["bounce_max_gap_ms"] = round(max(result.get("bounce_max_gap_ms", 0), gap_ms), 2)
                    if not release:
                        time.sleep(step.get("hold_ms", 200) / 1000)
            elif "down" in step or "up" in step:
                for button in step.get("down", []) + step.get("up", []):
                    pull(button, "down" in step)
            elif "sleep_ms" in step:
                time.sleep(step["sleep_ms"] / 1000)
            elif "wait_stored" in step:
                count = step["wait_stored"]
                terminal.wait_for(f"{count} stored ratings", lambda: terminal.stored_count() >= count)
            elif "expect_led" in step:
                wanted = [1 if index + 1 == step["expect_led"] else 0 for index in range(len(LEDS))]
                # Why a bounded poll: gpio-sim offers no notification when an output line changes.
                deadline = time.monotonic() + EVENT_TIMEOUT_S
                while leds() != wanted and time.monotonic() < deadline:
                    time.sleep(0.02)
                result["led_states"].append(leds())
            elif "expect_buzzer" in step:
                # Why a bounded poll: as for the LEDs, gpio-sim has no change notification.
                deadline = time.monotonic() + EVENT_TIMEOUT_S
                while buzzer() != step["expect_buzzer"] and time.monotonic() < deadline:
                    time.sleep(0.02)
                result["buzzer_states"].append(buzzer())
            elif "set_clock_s" in step:
                time.clock_settime(time.CLOCK_REALTIME, time.clock_gettime(time.CLOCK_REALTIME) + step["set_clock_s"])
            elif "remove_chip" in step:
                chip_tool("remove", "rig-buttons")
            elif "idle_s" in step:
                before = terminal.usage()
                time.sleep(step["idle_s"])
                result["idle"] = idle_usage(before, terminal.usage(), step["idle_s"])
            elif "wait_output" in step:
                text = step["wait_output"]
                terminal.wait_for(repr(text), lambda: any(line and text in line for line in terminal.stdout + terminal.stderr))
            elif "check_config" in step:
                checked = subprocess.run([options.terminal, "check-config", config, *step["check_config"]],
                                         capture_output=True, text=True, timeout=EVENT_TIMEOUT_S)
                result.setdefault("check_config", []).append(
                    {"exit": checked.returncode, "stdout": checked.stdout, "stderr": checked.stderr})
            elif "wait_exit" in step:
                terminal.process.wait(timeout=EVENT_TIMEOUT_S)
            else:
                raise RuntimeError(f"unknown step {step}")
    finally:
        if holder:
            holder.terminate()
            holder.wait()
        if terminal.process.poll() is None:
            terminal.process.send_signal(signal.SIGTERM)
            try:
                terminal.process.wait(timeout=EVENT_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                terminal.process.kill()
                terminal.process.wait()
        terminal.wait_for("the end of output", lambda: None in terminal.stderr and None in terminal.stdout)
        result["exit_code"] = terminal.process.returncode
        result["stderr"] = [line for line in terminal.stderr if line is not None][-40:]
        result["stdout_tail"] = [line for line in terminal.stdout if line is not None][-30:]
        result["stored_logged"] = terminal.stored_count()
        result["timings"] = terminal.timings()
        with open(os.path.join(options.state, "result.json"), "w") as handle:
            json.dump(result, handle, indent=1)
    print(json.dumps({key: result[key] for key in ("exit_code", "stored_logged", "led_states")}))


if __name__ == "__main__":
    sys.exit(main())
