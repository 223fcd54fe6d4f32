"""The real peers the oracle runs: a PostgreSQL cluster of its own, the collector and the terminal.

Each is the real program (Debian's PostgreSQL, the built rating-collector and rating-terminal),
started and killed the way the faults need. Nothing here decides what is correct: see verify.py.
"""

import asyncio
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresCluster:
    """A throwaway PostgreSQL server in a folder of the run; restartable, removed at the end.

    initdb refuses to run as root, so under root every command runs as the postgres user.
    fsync stays off: the fault is the server process dying (pg_ctl stop -m immediate, which
    needs crash recovery at the next start), not the machine losing its page cache.
    """

    def __init__(self, folder):
        self.folder = folder
        self.data = os.path.join(folder, "data")
        self.port = free_port()
        self.bin = self._bin_directory()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @staticmethod
    def _bin_directory():
        explicit = os.environ.get("POSTGRES_BIN")
        if explicit:
            return explicit
        root = "/usr/lib/postgresql"
        versions = sorted((int(v) for v in os.listdir(root) if v.isdigit()), reverse=True) if os.path.isdir(root) else []
        for version in versions:
            if os.access(f"{root}/{version}/bin/initdb", os.X_OK):
                return f"{root}/{version}/bin"
        raise RuntimeError(f"no PostgreSQL server under {root}: install Debian's postgresql package (make test does)")

    def _run(self, *command):
        done = subprocess.run(self.as_user + list(command), capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stdout[-2000:]}{done.stderr[-2000:]}")

    def create(self):
        os.makedirs(self.folder, exist_ok=True)
        if self.as_user:
            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        self._run(f"{self.bin}/initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
        self.start()
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-q", "-c", "CREATE DATABASE chaos"],
                       check=True, capture_output=True)

    def start(self):
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off -c max_connections=200"
        self._run(f"{self.bin}/pg_ctl", "-D", self.data, "-l", os.path.join(self.folder, "server.log"), "-w", "-t", "60",
                  "-o", options, "start")

    def stop(self, mode="immediate"):
        self._run(f"{self.bin}/pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/chaos"

    def query(self, sql):
        """Rows of a query as lists of strings (psql, unaligned, tab-separated)."""
        done = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "chaos",
                               "-At", "-F", "\t", "-c", sql], capture_output=True, text=True, check=True)
        return [line.split("\t") for line in done.stdout.splitlines() if line]

    def remove(self):
        try:
            self.stop()
        except RuntimeError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


class Collector:
    """`rating-collector serve` on a fixed loopback port, so a restart is found at the same address."""

    def __init__(self, binary, database_url, log_path):
        self.binary = binary
        self.database_url = database_url
        self.port = free_port()
        self.log_path = log_path
        self.process = None

    def add_device(self, device_id):
        done = subprocess.run([self.binary, "device", "add", device_id, "--db", self.database_url],
                              capture_output=True, text=True, check=True)
        return done.stdout.strip()

    async def start(self):
        log = open(self.log_path, "ab")
        # The admin token is not needed on loopback; --device-rate is left at its default on purpose
        # (its 429s are one more fault the terminal must ride out).
        self.process = await asyncio.create_subprocess_exec(
            self.binary, "serve", "--db", self.database_url, "--listen", f"127.0.0.1:{self.port}",
            stdout=asyncio.subprocess.PIPE, stderr=log, stdin=asyncio.subprocess.DEVNULL)
        log.close()
        line = await asyncio.wait_for(self.process.stdout.readline(), 60)
        if b"listening on" not in line:
            raise RuntimeError(f"the collector did not start: {line!r} (see {self.log_path})")

    async def kill(self):
        if self.process and self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL)
            await self.process.wait()

    async def stop(self):
        if self.process and self.process.returncode is None:
            self.process.terminate()
            await self.process.wait()

    def base_url(self):
        return f"http://127.0.0.1:{self.port}"


class Terminal:
    """`rating-terminal run` with the stdin keypad and the console display.

    A rating counts as acknowledged when the terminal logged "rating stored" for it: that line
    is written after the commit returned and before the thank-you is shown.
    """

    def __init__(self, binary, config_path, log_path, environment):
        self.binary = binary
        self.config_path = config_path
        self.log_path = log_path
        self.environment = environment
        self.process = None
        self.acknowledged = {}  # seq -> score
        self.starts = 0
        self._readers = []

    async def start(self):
        self.process = await asyncio.create_subprocess_exec(
            self.binary, "run", "--config", self.config_path,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            env=self.environment)
        self.starts += 1
        ready = asyncio.get_running_loop().create_future()
        self._readers = [asyncio.create_task(self._read_stdout(self.process, ready)),
                         asyncio.create_task(self._read_stderr(self.process))]
        await asyncio.wait_for(ready, 30)

    async def _read_stdout(self, process, ready):
        # The console display's frames: drained so the pipe never fills; only READY matters here.
        while True:
            line = await process.stdout.readline()
            if not line:
                if not ready.done():
                    ready.set_exception(RuntimeError(f"the terminal ended before READY (see {self.log_path})"))
                return
            if line.startswith(b"READY") and not ready.done():
                ready.set_result(None)

    async def _read_stderr(self, process):
        with open(self.log_path, "ab") as log:
            while True:
                line = await process.stderr.readline()
                if not line:
                    return
                log.write(line)
                if b"rating stored" in line:
                    seq = re.search(rb"seq=(\d+)", line)
                    score = re.search(rb"score=(\d)", line)
                    if seq and score:
                        self.acknowledged[int(seq.group(1))] = int(score.group(1))

    def alive(self):
        return self.process is not None and self.process.returncode is None

    async def press(self, score):
        """Presses a button; False when the terminal is not there to take it (killed, restarting)."""
        if not self.alive():
            return False
        try:
            self.process.stdin.write(f"{score}\n".encode())
            await self.process.stdin.drain()
            return True
        except (BrokenPipeError, ConnectionResetError):
            return False

    async def _finish(self):
        await self.process.wait()
        # Every line written before the end is read: an acknowledgement printed just before a kill counts.
        await asyncio.gather(*self._readers)

    async def kill(self):
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
        if self.process:
            await self._finish()

    async def stop(self):
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
        if self.process:
            await asyncio.wait_for(self._finish(), 30)
            return self.process.returncode
        return None
