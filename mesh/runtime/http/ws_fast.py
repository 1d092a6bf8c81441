"""The fast WebSocket connection: our frame codec (ws_codec.py) on the server's own stream,
with trio-websocket's interface (`get_message`, `send_message`, `ping`, `aclose`,
`closed`; `ConnectionClosed` is ws_base.py's) so that websocket.py and ws_outbox.py drive
it exactly as they drive the reference (trio-websocket over wsproto, kept for
`MESH_WS_CODEC=wsproto`, the default when `MESH_HTTP_PARSER=h11`; both pass the same
tests).

What makes it fast is where the work happens, not only the codec. trio-websocket runs a
reader task per connection that hands each message to the session task over a channel,
and our outbox hands each reply to a writer task: three tasks per echo. Here the task that
wants a message reads and parses the socket itself (the `Ws.serve` callback loop), and a
reply is written to the socket at once when nothing else is being written (`send_now`,
used by the outbox): one task, no hand-offs. A `HTTP.on_websocket` route handler may never
read, yet pings, pongs and close frames must still be answered, so that form gets a pump
task like trio-websocket's (`start_pump`).
"""

from __future__ import annotations

import contextlib
import os
import socket

import trio

from .ws_base import CloseReason, ConnectionClosed
from .ws_codec import (
    OP_BINARY,
    OP_CLOSE,
    OP_PING,
    OP_PONG,
    OP_TEXT,
    FrameParser,
    ProtocolError,
    close_frame,
    frame,
    handshake_response,
)

SENT, PARTIAL = 1, 2  # `send_now` results; 0 means "not attempted"
_LOST = (OSError, trio.BrokenResourceError, trio.ClosedResourceError)


class FastWebSocket:
    def __init__(self, stream, leftover: bytes, max_message: int, receive_bytes: int):
        self.stream = stream
        self.sock = sock = getattr(stream, "sock", None)  # plain TCP: direct writes
        if sock is not None and hasattr(socket, "TCP_NOTSENT_LOWAT"):
            # As trio.SocketStream does (and the reference path gets): the kernel keeps at
            # most 16 KiB unsent, so a member that does not read fills its own bounded
            # outbox (and is evicted, ws_outbox.py) instead of megabytes of socket buffer.
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NOTSENT_LOWAT, 2**14)
        self.parser = FrameParser(max_message)
        self.parser.feed(leftover)
        self.receive_bytes = receive_bytes
        self.closed: CloseReason | None = None
        self._close_sent: tuple | None = None  # (code, reason) of our close frame
        self._close_seen = trio.Event()  # the closing handshake ended (or failed)
        self._reading = False  # a task is reading the stream
        self._writing = False  # a task is inside `_write`
        self._write_done: trio.Event | None = None
        self._backlog = b""  # frame bytes `send_now` could not write
        self._pongs: dict[bytes, trio.Event] = {}
        self._inbox = None  # pump mode: receive side of its channel
        self._stream_closed = False

    async def accept(self, key: str) -> None:
        await self._write(handshake_response(key))

    # ---------------------------------------------------------------- receiving

    def start_pump(self, nursery) -> None:
        """Read in a task of its own from now on; `get_message` takes from it."""
        tx, self._inbox = trio.open_memory_channel(1)
        self._reading = True
        nursery.start_soon(self._pump, tx)

    async def _pump(self, tx) -> None:
        try:
            async with tx:
                while True:
                    await tx.send(await self._read_message())
        except (ConnectionClosed, trio.BrokenResourceError, trio.ClosedResourceError):
            pass
        finally:
            self._reading = False

    async def get_message(self):
        """The next text (`str`) or binary (`bytes`) message; `ConnectionClosed` at the end."""
        if self._inbox is not None:
            try:
                return await self._inbox.receive()
            except (trio.EndOfChannel, trio.ClosedResourceError):
                raise ConnectionClosed(self.closed) from None
        if self._reading:  # `aclose` is reading the peer's close reply
            await self._close_seen.wait()
            raise ConnectionClosed(self.closed)
        self._reading = True
        try:
            return await self._read_message()
        finally:
            self._reading = False

    async def _read_message(self):
        parser = self.parser
        receive = self.stream.receive_some
        while True:
            if self.closed is not None:
                raise ConnectionClosed(self.closed)
            try:
                ev = parser.next()
                while ev is None:
                    data = await receive(self.receive_bytes)
                    if not data:
                        break
                    parser.feed(data)
                    ev = parser.next()
            except ProtocolError as e:
                await self._fail(e.code, e.reason)
                raise ConnectionClosed(self.closed) from None
            except _LOST:
                ev = None
            if ev is None:  # the transport ended without a closing handshake
                await self._finish(1006, "")
                raise ConnectionClosed(self.closed)
            op = ev[0]
            if op == OP_TEXT or op == OP_BINARY:
                if self._close_sent is None:
                    return ev[1]
            elif op == OP_PING:
                await self._write_quietly(frame(OP_PONG, ev[1]))
            elif op == OP_PONG:
                waiter = self._pongs.pop(bytes(ev[1]), None)
                if waiter is not None:
                    waiter.set()
            elif op == OP_CLOSE:
                code, reason = ev[1], ev[2]
                if self._close_sent is None:  # the peer began: answer with its code
                    self._close_sent = (code, reason)
                    await self._write_quietly(
                        close_frame(code) if code != 1005 else frame(OP_CLOSE, b"")
                    )
                else:
                    code, reason = self._close_sent
                await self._finish(code, reason)
                raise ConnectionClosed(self.closed)

    # ---------------------------------------------------------------- sending

    def send_now(self, text: str) -> int:
        """Write a text frame without suspending when the socket is idle: `SENT`, `PARTIAL`
        (the rest waits in a backlog: call `flush`), or 0 (not attempted: use
        `send_message`)."""
        sock = self.sock
        if (
            sock is None
            or self._writing
            or self._backlog
            or self._close_sent is not None
            or self.closed is not None
        ):
            return 0
        data = frame(OP_TEXT, text.encode("utf-8"))
        try:
            k = sock.send(data)
        except BlockingIOError:
            k = 0
        except OSError:
            return 0  # `send_message` reports the broken connection
        if k == len(data):
            return SENT
        self._backlog = data[k:]
        return PARTIAL

    async def flush(self) -> None:
        await self._write(b"")

    async def send_message(self, text: str) -> None:
        if self.closed is not None or self._close_sent is not None:
            raise ConnectionClosed(self.closed or CloseReason(*self._close_sent))
        await self._write(frame(OP_TEXT, text.encode("utf-8")))

    async def ping(self) -> None:
        """Send a ping and wait for its pong; `ConnectionClosed` if the connection ends."""
        if self.closed is not None:
            raise ConnectionClosed(self.closed)
        payload = os.urandom(4)
        waiter = self._pongs[payload] = trio.Event()
        await self._write(frame(OP_PING, payload))
        await waiter.wait()
        if self._pongs.pop(payload, None) is not None:  # woken by the end, not a pong
            raise ConnectionClosed(self.closed)

    async def aclose(self, code: int = 1000, reason: str | None = None) -> None:
        """Send a close frame, wait for the peer's (the caller bounds the wait), close."""
        if self.closed is not None:
            return
        reason = reason or ""
        try:
            if self._close_sent is None:
                self._close_sent = (code, reason)
                await self._write(close_frame(code, reason))
            if self._reading:  # the reading task sees the reply and ends the connection
                await self._close_seen.wait()
            else:
                await self._await_close_reply()
        except ConnectionClosed:
            pass
        finally:  # also when the caller's deadline cut the wait short
            await self._finish(code, reason)

    async def _await_close_reply(self) -> None:
        self._reading = True
        try:
            while True:  # discard what the peer still sends until its close frame
                ev = self.parser.next()
                if ev is None:
                    data = await self.stream.receive_some(self.receive_bytes)
                    if not data:
                        return
                    self.parser.feed(data)
                elif ev[0] == OP_CLOSE:
                    return
        except (ProtocolError, *_LOST):
            pass
        finally:
            self._reading = False

    # ---------------------------------------------------------------- internals

    async def _write(self, data: bytes) -> None:
        while self._writing:
            if self._write_done is None:
                self._write_done = trio.Event()
            await self._write_done.wait()
        self._writing = True
        try:
            if self._backlog:
                data, self._backlog = self._backlog + data, b""
            if data:
                await self.stream.send_all(data)
        except _LOST:
            await self._finish(1006, "")
            raise ConnectionClosed(self.closed) from None
        finally:
            self._writing = False
            done, self._write_done = self._write_done, None
            if done is not None:
                done.set()

    async def _write_quietly(self, data: bytes) -> None:
        try:
            await self._write(data)
        except ConnectionClosed:
            pass

    async def _fail(self, code: int, reason: str) -> None:
        """A protocol error: close frame with `code`, then drop the connection."""
        if self._close_sent is None:
            self._close_sent = (code, reason)
            await self._write_quietly(close_frame(code, reason))
        await self._finish(code, reason)

    async def _finish(self, code: int, reason: str) -> None:
        if self.closed is None:
            self.closed = CloseReason(code, reason)
        self._close_seen.set()
        for waiter in self._pongs.values():
            waiter.set()
        if not self._stream_closed:
            self._stream_closed = True
            with trio.CancelScope(shield=True):
                try:
                    await self.stream.aclose()
                except _LOST:
                    pass
