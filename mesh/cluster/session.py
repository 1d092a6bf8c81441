"""One authenticated peer connection (spec 07 §5, §10, §12): a reader (frames → dispatch),
a single writer draining the outbox, and the heartbeat. When any of them ends the session
task cancels the others and the runtime runs the disconnect procedure once."""

from __future__ import annotations

import os
import struct
import sys

import trio

from .frames import T_PING, T_REDUNDANT
from .framing import SESSION_LIMIT, FrameDecoder, FrameTooLarge

HIGH_WATER = 8 * 1024 * 1024  # backpressure mark (§12)
_HDR = struct.Struct("<IB")


def _env_ms(var: str, default: int) -> float:
    v = os.environ.get(var, "")
    if v.isdigit() and int(v) > 0:
        return int(v) / 1000
    return default / 1000


def log(line: str) -> None:
    try:
        sys.stdout.flush()
    except Exception:
        pass
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr closed: losing a log line must not end a task
        pass


class Session:
    def __init__(
        self, rt, stream, peer_name: str, peer_creation: int, outgoing: bool, leftover: bytes = b""
    ):
        self.rt = rt
        self.stream = stream
        self.peer_name = peer_name
        self.peer_creation = peer_creation
        self.outgoing = outgoing
        self.alive = True
        self.replaced = False  # closed as a redundant/replaced transport: no nodedown
        self.out: list = []
        self.out_bytes = 0
        self.writing = False
        self.wrote_direct = False  # a frame went out without the writer since the last read
        self._wake = trio.Event()
        self._kicked = False  # `_wake` is set (a plain flag: `Event.is_set` is a call)
        self._drain_waiters: list = []  # trio.Events set when the outbox empties / drains
        self.synced = trio.Event()  # peer's GLOBAL_SYNC received (Node.connect waits for it)
        self.pending: dict = {}  # request id -> [trio.Event, result]
        self.pings: dict = {}  # ping nonce -> trio.Event
        self.cancel_scope = trio.CancelScope()
        self.ended = trio.Event()  # set once the runtime has processed this session's end
        self.end_reason = ""
        self._leftover = leftover
        self.decoder = FrameDecoder(SESSION_LIMIT)
        stream.on_output = self._kick  # TLS bytes produced by a read go out via the writer

    def __repr__(self):
        return f"<Session {self.peer_name} {'out' if self.outgoing else 'in'}>"

    # ---------------------------------------------------------------- sending

    def send(self, tag: int, body: bytes) -> None:
        """Queue one frame (never suspends). Dropped when the session is gone."""
        if not self.alive:
            return
        out = self.out
        if not out and not self.writing and not self.wrote_direct and not self._kicked:
            # The writer is parked: write at once instead of waking it and waiting for a
            # scheduler pass (a request or a reply goes out with no task switch). Only one
            # frame per read of the peer's data or per writer pass goes this way (both clear
            # the mark), so the frames of a burst queue up behind it and go out in one write.
            self.wrote_direct = True
            if not self.stream.send_now(_HDR.pack(len(body) + 1, tag) + body):
                self._kick()  # the socket took only part: the writer sends the rest
            return
        kicked = bool(out)  # frames already queued: the writer was woken for them
        out.append(_HDR.pack(len(body) + 1, tag))
        out.append(body)
        self.out_bytes += len(body) + 5
        if not kicked:
            self._kick()

    def _kick(self) -> None:
        if not self._kicked:
            self._kicked = True
            self._wake.set()

    def over_high_water(self) -> bool:
        return self.out_bytes > HIGH_WATER

    async def wait_drained(self, below: int = HIGH_WATER) -> None:
        """Wait until the outbox holds at most `below` bytes and (for 0) nothing is being
        written, or the session died."""
        while self.alive and (self.out_bytes > below or (below == 0 and self.writing)):
            ev = trio.Event()
            self._drain_waiters.append(ev)
            await ev.wait()

    def close(self) -> None:
        self.cancel_scope.cancel()

    async def close_redundant(self) -> None:
        """Tell the peer this transport is being replaced, flush briefly, then close."""
        self.send(T_REDUNDANT, b"\x90")
        with trio.move_on_after(1):
            await self.wait_drained(0)
        self.replaced = True
        self.close()

    # ---------------------------------------------------------------- tasks

    async def run(self) -> None:
        try:
            with self.cancel_scope:
                async with trio.open_nursery() as n:
                    n.start_soon(self._guard, self._reader)
                    n.start_soon(self._guard, self._writer)
                    n.start_soon(self._guard, self._heartbeat)
        finally:
            self.alive = False
            self._release_waiters()
            for ev in self.pings.values():  # a pending probe learns of the death at once
                ev.set()
            with trio.CancelScope(shield=True):
                await trio.aclose_forcefully(self.stream)
            try:
                self.rt.session_ended(self)
            finally:
                self.ended.set()

    async def _guard(self, fn) -> None:
        try:
            await fn()
        except (trio.BrokenResourceError, trio.ClosedResourceError, OSError) as e:
            self.end_reason = self.end_reason or f"connection lost: {type(e).__name__}"
        except FrameTooLarge as e:
            self.end_reason = str(e)
            log(f"mesh node: session with {self.peer_name} closed: {e}")
        finally:
            self.cancel_scope.cancel()

    def _release_waiters(self) -> None:
        ws = self._drain_waiters
        self._drain_waiters = []
        for ev in ws:
            ev.set()

    async def _reader(self) -> None:
        dec = self.decoder
        dispatch = self.rt.dispatch
        if self._leftover:
            for f in dec.feed(self._leftover):
                dispatch(self, f)
            self._leftover = b""
        node = self.rt.node
        feed = dec.feed

        def received(data: bytes) -> None:
            self.wrote_direct = False
            # Processes woken by these frames run right here, before this task yields: a
            # reply goes out without a scheduler round trip (Node.hold_light).
            node.hold_light()
            try:
                for f in feed(data):
                    dispatch(self, f)
            finally:
                node.release_light()

        await self.stream.pump(received)
        self.end_reason = "connection closed by peer"

    async def _writer(self) -> None:
        send_all = self.stream.send_all
        while True:
            if not self.out:
                self._wake = trio.Event()
                self._kicked = False
                if self._drain_waiters:
                    self._release_waiters()
                await self._wake.wait()
                self.wrote_direct = False  # one direct frame per writer pass, too
                if not self.out:  # a fast-path backlog or TLS bytes of our own to flush
                    self.writing = True
                    try:
                        await send_all(b"")
                    finally:
                        self.writing = False
                continue
            data = b"".join(self.out)
            self.out.clear()
            self.out_bytes = 0
            self.writing = True
            try:
                await send_all(data)
            finally:
                self.writing = False
            if self._drain_waiters and not self.out:
                self._release_waiters()

    async def probe(self, timeout: float) -> bool:
        """True if the peer echoes a `PING` within `timeout` while the session lives."""
        nonce = int.from_bytes(os.urandom(8), "little")
        ev = trio.Event()
        self.pings[nonce] = ev
        self.send(T_PING, self.rt.codec.encode([nonce]))
        with trio.move_on_after(timeout):
            await ev.wait()
        self.pings.pop(nonce, None)
        return ev.is_set() and self.alive

    async def _heartbeat(self) -> None:
        interval = _env_ms("MESH_HEARTBEAT_INTERVAL_MS", 60_000)
        timeout = _env_ms("MESH_HEARTBEAT_TIMEOUT_MS", 15_000)
        while True:
            await trio.sleep(interval)
            if not await self.probe(timeout):
                self.end_reason = "heartbeat timeout"
                log(f"mesh node heartbeat timeout: {self.peer_name}")
                return
