"""A TCP proxy between the terminal and the collector that the oracle controls.

Modes (one at a time, set by the fault scheduler):
- pass: bytes flow both ways.
- latency: every chunk, either way, waits `delay` seconds first.
- partition: new connections are closed at once and the open ones are cut.
- drop_replies: the request reaches the collector (which stores it), but the connection is cut
  when the reply starts, so the terminal never learns it was stored: the classic path to a
  duplicate when the retry is not idempotent.
- status: the next `remaining` requests are answered by the proxy itself with `status`
  (503, 500, 502 or 429) and, if set, `Retry-After`; the collector never sees them.
"""

import asyncio


class FaultProxy:
    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.mode = "pass"
        self.delay = 0.0
        self.status = 503
        self.retry_after = None
        self.remaining = 0
        self.connections = set()
        self.server = None
        self.port = None
        self.counts = {"connections": 0, "cut": 0, "dropped_replies": 0, "answered": 0}

    async def start(self):
        self.server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    def set(self, mode, delay=0.0, status=503, retry_after=None, remaining=0):
        """Switches mode. Every fault cuts the open connections first: libcurl keeps its connection
        alive between batches, and a fault decided per connection must reach the next request too."""
        self.mode, self.delay, self.status, self.retry_after, self.remaining = mode, delay, status, retry_after, remaining
        if mode != "pass":
            self.cut_all()

    def cut_all(self):
        for writer in list(self.connections):
            writer.transport.abort()
            self.counts["cut"] += 1

    async def _accept(self, reader, writer):
        self.counts["connections"] += 1
        if self.mode == "partition":
            writer.transport.abort()
            return
        self.connections.add(writer)
        try:
            if self.mode == "status" and self.remaining > 0:
                self.remaining -= 1
                await self._answer_itself(reader, writer)
            else:
                await self._forward(reader, writer, drop_reply=self.mode == "drop_replies")
        except (ConnectionError, asyncio.IncompleteReadError, OSError):
            pass
        finally:
            self.connections.discard(writer)
            writer.transport.abort()

    async def _answer_itself(self, reader, writer):
        head = await reader.readuntil(b"\r\n\r\n")
        headers = head.decode("latin-1").lower()
        # Read the body too, unless the client waits for 100-continue (then answering at once is allowed).
        if "expect: 100-continue" not in headers:
            for line in headers.split("\r\n"):
                if line.startswith("content-length:"):
                    await reader.readexactly(int(line.split(":", 1)[1]))
        reasons = {429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
        reply = f"HTTP/1.1 {self.status} {reasons.get(self.status, 'Error')}\r\nContent-Length: 0\r\nConnection: close\r\n"
        if self.retry_after is not None:
            reply += f"Retry-After: {self.retry_after}\r\n"
        writer.write((reply + "\r\n").encode())
        await writer.drain()
        self.counts["answered"] += 1

    async def _forward(self, reader, writer, drop_reply):
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        self.connections.add(upstream_writer)
        try:
            to_collector = asyncio.create_task(self._pipe(reader, upstream_writer))
            to_terminal = asyncio.create_task(self._pipe(upstream_reader, writer, drop=drop_reply))
            # Either side closing ends the connection (curl never half-closes; a kept-alive
            # connection would otherwise stay open here after the terminal has gone).
            _, pending = await asyncio.wait({to_collector, to_terminal}, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
        finally:
            self.connections.discard(upstream_writer)
            upstream_writer.transport.abort()

    async def _pipe(self, source, sink, drop=False):
        try:
            await self._copy(source, sink, drop)
        except (ConnectionError, OSError):
            pass  # a side went away (cut, killed, reset): the connection ends, as it would on a real network

    async def _copy(self, source, sink, drop):
        while True:
            chunk = await source.read(65536)
            if not chunk:
                return
            if drop:
                self.counts["dropped_replies"] += 1
                return
            if self.mode == "latency" and self.delay > 0:
                await asyncio.sleep(self.delay)
            sink.write(chunk)
            await sink.drain()

    async def close(self):
        self.server.close()
        self.cut_all()
