"""A WebSocket connection's bounded outgoing queue and its writer task (issue 13 item 6).

Why this exists: `Ws.send` and `Ws.broadcast` used to write to each member in the caller's
task, under that member's lock, with no timeout. One member with a 4 KiB receive buffer
that never read stalled the broadcasting process, so the whole room froze until the
heartbeat gave up on that member (30 s + 10 s). Now a send only queues the text; one writer
task per connection drains its queue, so a slow reader delays itself only. Memory per
connection is bounded: a member whose queue passes `MAX_BYTES` (or `MAX_MESSAGES`) is
evicted, its queued messages dropped and its connection closed with 1008 `send queue
full` (the close frame goes out after the message in flight; if that cannot finish within
`WRITE_TIMEOUT`, the TCP connection is cut).

Closing goes through the queue too (`close`), so messages sent before `Ws.close` or
before a handler returns still go out first, as they did when sends were synchronous.

A connection that can write without suspending (ws_fast.py `send_now`) is written to at
once while its queue is empty and the writer idle: an echo then costs no task switch.
"""

from __future__ import annotations

import math

import trio

from .model import env_seconds
from .ws_base import CLOSED
from .ws_fast import PARTIAL, SENT

MAX_BYTES = 1024 * 1024  # queued text (characters) before a member is evicted
MAX_MESSAGES = 4096  # queued messages before a member is evicted
EVICT_CODE, EVICT_REASON = 1008, "send queue full"
# a close (by eviction, `Ws.close` or the end of a session) that cannot finish sending
# what is queued plus the close frame within this long cuts the TCP connection;
# the environment override exists for the tests only
WRITE_TIMEOUT = env_seconds("MESH_WS_WRITE_TIMEOUT_MS", 10.0)


class _Close:
    __slots__ = ("code", "reason")

    def __init__(self, code: int, reason: str):
        self.code = code
        self.reason = reason


_FLUSH = object()  # queue item: write what a direct send left over


class Outbox:
    """The queue of one connection. `put` never blocks; `run` is the writer task."""

    __slots__ = (
        "ws",
        "stream",
        "tx",
        "rx",
        "count",
        "size",
        "closing",
        "evicted",
        "scope",
        "done",
        "send_now",
        "busy",
    )

    def __init__(self, ws, stream):
        self.ws = ws
        self.send_now = getattr(ws, "send_now", None)
        self.busy = False  # the writer task is writing an item
        self.stream = stream  # the transport under `ws`, cut when a close cannot finish
        self.tx, self.rx = trio.open_memory_channel(math.inf)
        self.count = 0  # queued messages
        self.size = 0  # queued characters
        self.closing = False  # no more messages are accepted
        self.evicted = None  # (code, reason) once evicted for overflowing
        self.scope = trio.CancelScope()
        self.done = trio.Event()

    def put(self, text: str) -> bool:
        """Queue `text`; False when the connection is closing or was just evicted."""
        if self.closing:
            return False
        n = len(text)
        if self.count >= MAX_MESSAGES or (self.count and self.size + n > MAX_BYTES):
            self.evict()
            return False
        if not self.count and not self.busy and self.send_now is not None:
            r = self.send_now(text)
            if r == SENT:
                return True
            if r == PARTIAL:
                self.tx.send_nowait(_FLUSH)
                return True
        self.tx.send_nowait(text)
        self.count += 1
        self.size += n
        return True

    def evict(self) -> None:
        self.evicted = (EVICT_CODE, EVICT_REASON)
        self._drop_pending()
        self.close_soon(EVICT_CODE, EVICT_REASON)

    def close_soon(self, code: int, reason: str, timeout: float | None = None) -> None:
        """Accept no more messages; the writer sends what is queued, then the close frame
        (and waits for the peer's), and is cut off `timeout` (`WRITE_TIMEOUT`) from now."""
        if timeout is None:
            timeout = WRITE_TIMEOUT
        self.scope.deadline = min(self.scope.deadline, trio.current_time() + timeout)
        if self.closing:
            return
        self.closing = True
        self.tx.send_nowait(_Close(code, reason))

    async def close(self, code: int, reason: str, timeout: float | None = None) -> None:
        """`close_soon`, then wait until the writer has finished (bounded by its deadline)."""
        self.close_soon(code, reason, timeout)
        await self.done.wait()

    def _drop_pending(self) -> None:
        while True:
            try:
                item = self.rx.receive_nowait()
            except (trio.WouldBlock, trio.ClosedResourceError, trio.EndOfChannel):
                break
            if type(item) is _Close:
                self.tx.send_nowait(item)  # keep a close already asked for
                break
        self.count = 0
        self.size = 0

    async def run(self) -> None:
        """The writer task: one message at a time, in order, until a close or an error."""
        try:
            with self.scope:
                async for item in self.rx:
                    if type(item) is _Close:
                        await self.ws.aclose(item.code, item.reason)
                        break
                    self.busy = True
                    if item is _FLUSH:
                        await self.ws.flush()
                    else:
                        self.count -= 1
                        self.size -= len(item)
                        await self.ws.send_message(item)
                    self.busy = False
        except (*CLOSED, trio.BrokenResourceError, trio.ClosedResourceError):
            pass
        finally:
            self.closing = True
            self._drop_pending()
            self.rx.close()
            try:
                if self.scope.cancelled_caught:
                    # the peer took neither the queued messages nor the close frame in time
                    await trio.aclose_forcefully(self.stream)
            finally:
                self.done.set()
