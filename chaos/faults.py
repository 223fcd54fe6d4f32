"""The faults the oracle injects, one at a time, each held for a random moment and then undone."""

import asyncio
import errno
import os
import shutil
import subprocess


class FakeClock:
    """The terminal's wall clock, stepped through chaos/fakeclock.c (LD_PRELOAD) without touching the host's.

    Only CLOCK_REALTIME is shifted: the terminal's timers and the monotonic time it stores stay
    true, as on a board whose NTP client steps the clock.
    """

    SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fakeclock.c")

    def __init__(self, folder):
        self.path = os.path.join(folder, "clock-offset")
        self.library = os.path.join(folder, "fakeclock.so")
        compiler = next((c for c in ("cc", "gcc", "clang") if shutil.which(c)), None)
        if compiler is None:
            raise RuntimeError("no C compiler (cc, gcc or clang) to build chaos/fakeclock.c")
        subprocess.run([compiler, "-shared", "-fPIC", "-O2", "-o", self.library, self.SOURCE, "-ldl"], check=True)
        self.offset_seconds = 0
        self._write()

    def environment(self):
        return {"LD_PRELOAD": self.library, "RATING_FAKECLOCK_FILE": self.path}

    def step(self, hours):
        self.offset_seconds = hours * 3600
        self._write()

    def _write(self):
        with open(self.path + ".new", "w") as file:
            file.write(f"{self.offset_seconds}\n")
        os.replace(self.path + ".new", self.path)


class SmallDisk:
    """The terminal's store folder on a tmpfs of its own, which a filler file can fill up (root only)."""

    def __init__(self, folder, megabytes=64):
        self.folder = folder
        self.megabytes = megabytes
        self.filler = os.path.join(folder, "filler")
        self.mounted = False

    @staticmethod
    def available():
        return os.geteuid() == 0

    def mount(self):
        os.makedirs(self.folder, exist_ok=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={self.megabytes}m", "chaos-store", self.folder], check=True)
        self.mounted = True

    def fill(self):
        """Writes the filler until the filesystem says it is full (unbuffered: a buffered file would
        raise ENOSPC again from its final flush at close)."""
        descriptor = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for size in (1 << 20, 4096, 1):
                block = b"\0" * size
                try:
                    while True:
                        os.write(descriptor, block)
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
        finally:
            os.close(descriptor)

    def free(self):
        if os.path.exists(self.filler):
            os.remove(self.filler)

    def unmount(self):
        if self.mounted:
            self.free()
            subprocess.run(["umount", "-l", self.folder], check=False)
            self.mounted = False


class FaultScheduler:
    """Picks faults at random (seeded), applies each, holds it, undoes it, and counts them."""

    def __init__(self, rng, proxy, terminal, collector, postgres, clock, disk, log):
        self.rng = rng
        self.proxy, self.terminal, self.collector, self.postgres = proxy, terminal, collector, postgres
        self.clock, self.disk, self.log = clock, disk, log
        self.counts = {}
        weights = {"kill_terminal": 14, "kill_collector": 10, "partition": 12, "latency": 10, "drop_replies": 12,
                   "burst_5xx": 10, "burst_429": 8, "restart_postgres": 7}
        if clock:
            weights["clock_step"] = 8
        if disk:
            weights["disk_full"] = 8
        self.kinds = list(weights)
        self.weights = [weights[k] for k in self.kinds]

    def hold(self):
        return self.rng.uniform(0.1, 1.5)

    async def inject_one(self):
        kind = self.rng.choices(self.kinds, self.weights)[0]
        self.log(f"fault {sum(self.counts.values()) + 1}: {kind}")
        await getattr(self, kind)()
        self.counts[kind] = self.counts.get(kind, 0) + 1

    async def kill_terminal(self):
        await self.terminal.kill()
        await asyncio.sleep(self.rng.uniform(0, 0.5))
        await self.terminal.start()

    async def kill_collector(self):
        await self.collector.kill()
        await asyncio.sleep(self.hold())
        await self.collector.start()

    async def restart_postgres(self):
        await asyncio.to_thread(self.postgres.stop, "immediate")
        await asyncio.sleep(self.hold())
        await asyncio.to_thread(self.postgres.start)

    async def _proxy_fault(self, **settings):
        self.proxy.set(**settings)
        await asyncio.sleep(self.hold())
        self.proxy.set("pass")

    async def partition(self):
        await self._proxy_fault(mode="partition")

    async def latency(self):
        await self._proxy_fault(mode="latency", delay=self.rng.uniform(0.05, 1.0))

    async def drop_replies(self):
        await self._proxy_fault(mode="drop_replies")

    async def burst_5xx(self):
        await self._proxy_fault(mode="status", status=self.rng.choice([500, 502, 503]),
                                retry_after=self.rng.choice([None, 0, 1]), remaining=self.rng.randint(1, 6))

    async def burst_429(self):
        await self._proxy_fault(mode="status", status=429, retry_after=self.rng.choice([0, 1, 2]), remaining=self.rng.randint(1, 6))

    async def clock_step(self):
        # Steps of up to a day either way, as a board's first NTP sync or a wrong RTC would make.
        self.clock.step(self.rng.choice([-24, -3, -1, 1, 2, 5, 24]))
        await asyncio.sleep(self.hold())

    async def disk_full(self):
        await asyncio.to_thread(self.disk.fill)
        await asyncio.sleep(self.hold())
        self.disk.free()
