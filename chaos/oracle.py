#!/usr/bin/env python3
"""The fault-injection oracle: nothing acknowledged is lost, nothing is counted twice.

A generator presses random scores at random times through the terminal's stdin keypad while
faults are injected at random (chaos/faults.py): SIGKILL of the terminal and of the collector,
network partitions, latency and dropped replies through a proxy (chaos/proxy.py), bursts of
5xx and 429 with Retry-After, clock steps, the terminal's disk filling up, and PostgreSQL
restarted. When the faults stop, a new press must still flow, and every rating the terminal
acknowledged must be at the collector exactly once with identical content (chaos/verify.py).

Usage: chaos/oracle.py --faults 1000 [--seed N] [--products .build/debug] [--keep]
Prints one summary line and a JSON line starting with CHAOS-RESULT; exit 0 only when nothing
was lost, duplicated or changed, and 1 otherwise (2 when the run itself could not be set up).
"""

import argparse
import asyncio
import json
import os
import random
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faults import FakeClock, FaultScheduler, SmallDisk  # noqa: E402
from peers import Collector, PostgresCluster, Terminal  # noqa: E402
from proxy import FaultProxy  # noqa: E402
import verify  # noqa: E402

DEVICE = "chaos-terminal"


def log(message):
    print(f"[chaos {time.strftime('%H:%M:%S')}] {message}", flush=True)


def terminal_config(folder, secret_file, store_path, proxy_port):
    path = os.path.join(folder, "terminal.toml")
    with open(path, "w") as file:
        file.write(f"""[device]
id = "{DEVICE}"
secret_file = "{secret_file}"
site = "Điện lực Ba Đình"
counter = "Quầy 3"

[collector]
url = "http://127.0.0.1:{proxy_port}"
upload_interval_s = 2
startup_delay_max_s = 0
heartbeat_interval_s = 0

[buttons]
driver = "stdin"

[display]
driver = "console"

[session]
thanks_s = 1
response_interval_s = 1
followup_below = 0

[storage]
path = "{store_path}"
""")
    return path


async def press_randomly(rng, terminal, stop, tally):
    """Random scores at random times (mean gap 0.2 s) until `stop` is set."""
    while not stop.is_set():
        taken = await terminal.press(rng.randint(1, 5))
        tally["sent" if taken else "not_taken"] += 1
        await asyncio.sleep(rng.expovariate(5.0))


async def settle(postgres, store_path, terminal, timeout):
    """Waits until the collector holds as many of the device's ratings, amendments and device
    events as the terminal's store."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        store_id, stored = verify.terminal_store(store_path)
        held = await asyncio.to_thread(verify.collector_count, postgres, DEVICE)
        mine = verify.terminal_additions(store_path)
        theirs = await asyncio.to_thread(verify.collector_additions, postgres, DEVICE, store_id)
        if (held >= len(stored) and all(seq in stored for seq in terminal.acknowledged)
                and all(set(mine[table]) <= set(theirs[table]) for table in mine)):
            return True
        await asyncio.sleep(0.5)
    return False


async def run(options):
    rng = random.Random(options.seed)
    work = tempfile.mkdtemp(prefix="rating-chaos-")
    os.chmod(work, 0o755)  # the postgres user must reach its folder inside
    log(f"seed {options.seed}, {options.faults} faults, folder {work}")
    products = os.path.abspath(options.products)
    postgres = PostgresCluster(os.path.join(work, "pg"))
    disk = SmallDisk(os.path.join(work, "store")) if SmallDisk.available() else None
    if disk is None:
        log("disk-full faults left out: mounting the small filesystem for the store needs root")
    clock = FakeClock(work)
    collector = terminal = proxy = None
    try:
        await asyncio.to_thread(postgres.create)
        collector = Collector(os.path.join(products, "rating-collector"), postgres.url(), os.path.join(work, "collector.log"))
        secret_file = os.path.join(work, "secret")
        with open(secret_file, "w") as file:
            file.write(collector.add_device(DEVICE) + "\n")
        await collector.start()
        proxy = FaultProxy(collector.port)
        await proxy.start()
        if disk:
            disk.mount()
        store_path = os.path.join(work, "store", "ratings.sqlite")
        config = terminal_config(work, secret_file, store_path, proxy.port)
        environment = dict(os.environ, **(clock.environment() if clock else {}))
        terminal = Terminal(os.path.join(products, "rating-terminal"), config, os.path.join(work, "terminal.log"), environment)
        await terminal.start()

        scheduler = FaultScheduler(rng, proxy, terminal, collector, postgres, clock, disk, log if options.verbose else lambda _: None)
        stop = asyncio.Event()
        tally = {"sent": 0, "not_taken": 0}
        presser = asyncio.create_task(press_randomly(rng, terminal, stop, tally))
        started = time.monotonic()
        exits = []
        for number in range(options.faults):
            await scheduler.inject_one()
            if not terminal.alive():
                # It ended without being killed: count it and restart it, as systemd would (Restart=always).
                exits.append(terminal.process.returncode)
                await terminal.kill()
                await terminal.start()
            await asyncio.sleep(rng.uniform(0, 0.3))
            if (number + 1) % 100 == 0:
                log(f"{number + 1} faults, {len(terminal.acknowledged)} acknowledged so far")
        stop.set()
        await presser
        fault_seconds = time.monotonic() - started

        # The faults are over: everything undone. A new press must still flow.
        proxy.set("pass")
        if clock:
            clock.step(0)
        if disk:
            disk.free()
        before = set(terminal.acknowledged)
        await terminal.press(5)
        flowed = await settle(postgres, store_path, terminal, options.settle_seconds)
        new_press = sorted(set(terminal.acknowledged) - before)
        exit_status = await terminal.stop()

        if options.sabotage:
            await asyncio.to_thread(verify.sabotage, postgres, DEVICE)
        store_id, stored = verify.terminal_store(store_path)
        collected = await asyncio.to_thread(verify.collector_rows, postgres, DEVICE)
        conflicts = await asyncio.to_thread(postgres.query, f"SELECT store_id, seq, reason FROM conflicts WHERE device_id = '{DEVICE}'")
        lost, duplicated, mismatched = verify.verdict(terminal.acknowledged, store_id, stored, collected, conflicts)
        additions = verify.terminal_additions(store_path)
        for found, more in zip((lost, duplicated, mismatched),
                               verify.additions_verdict(additions, await asyncio.to_thread(verify.collector_additions, postgres, DEVICE, store_id))):
            found += more
        new_press_arrived = bool(new_press) and all(any(s == store_id and q == seq for s, q, _ in collected) for seq in new_press)
        result = {
            "seed": options.seed, "faults": sum(scheduler.counts.values()), "fault_kinds": scheduler.counts,
            "presses_sent": tally["sent"], "presses_not_taken": tally["not_taken"],
            "acknowledged": len(terminal.acknowledged), "stored_by_terminal": len(stored), "at_collector": len(collected),
            "amendments": len(additions["amendments"]), "device_events": len(additions["device_events"]),
            "lost": len(lost), "duplicated": len(duplicated), "mismatched": len(mismatched),
            "terminal_starts": terminal.starts, "terminal_exits_on_its_own": exits, "settled": flowed, "new_press_flowed": new_press_arrived,
            "terminal_exit_status": exit_status, "proxy": proxy.counts, "fault_seconds": round(fault_seconds, 1),
        }
        for problem in (lost + duplicated + mismatched)[:30]:
            log(f"PROBLEM: {problem}")
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(scheduler.counts.items()))
        print(f"chaos: {result['acknowledged']} ratings acknowledged, {result['at_collector']} at the collector; "
              f"{result['faults']} faults ({kinds}); lost {result['lost']}, duplicated {result['duplicated']}, "
              f"mismatched {result['mismatched']}; new press flowed: {'yes' if new_press_arrived else 'no'}; "
              f"terminal ended on its own {len(exits)} times", flush=True)
        print("CHAOS-RESULT " + json.dumps(result), flush=True)
        good = not (lost or duplicated or mismatched) and new_press_arrived and result["faults"] >= options.faults
        if not good:
            log(f"logs kept in {work}")
            options.keep = True
        return 0 if good else 1
    finally:
        for part in (terminal, collector):
            if part:
                try:
                    await part.kill()
                except Exception:  # a cleanup step must not hide the verdict
                    pass
        if proxy:
            await proxy.close()
        if disk:
            disk.unmount()
        postgres.remove()
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faults", type=int, default=40)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--products", default=".build/debug", help="folder with rating-terminal and rating-collector")
    parser.add_argument("--settle-seconds", type=float, default=420,
                        help="how long the network may take to deliver everything after the faults (the uploader's backoff caps at 300 s)")
    parser.add_argument("--keep", action="store_true", help="keep the run's folder (logs, store) even when it passes")
    parser.add_argument("--verbose", action="store_true", help="log every fault")
    parser.add_argument("--sabotage", action="store_true",
                        help="the oracle's own check: before the verdict, delete one rating at the collector, change "
                             "another's score and store a third twice; the run must then report 1 lost, 1 duplicated, 1 mismatched")
    options = parser.parse_args()
    try:
        sys.exit(asyncio.run(run(options)))
    except (RuntimeError, OSError) as error:
        print(f"chaos: could not run: {error}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
