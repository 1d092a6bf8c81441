"""TLS for node sessions: `ssl.SSLObject` over memory BIOs on a Trio socket stream.

Why not `trio.SSLStream`: it is built for any number of tasks sharing one stream (conflict
detectors, locks, a retry loop that re-enters OpenSSL per call), and on a session's
request/reply path it was over half of each node's CPU per round trip. A session has
exactly one reader task and one writer task (session.py), so the transport only needs
two straight paths: read = feed ciphertext in until OpenSSL yields plaintext; write =
encrypt, then send what the outgoing BIO holds. TLS 1.3 never renegotiates, so a write
never needs a read; the rare bytes a read produces (a post-handshake reply) stay in the
outgoing BIO and `on_output` asks the writer to flush them, keeping records in order.

`ssl.SSLError` is an `OSError`, which is what callers already treat as a broken connection.
"""

from __future__ import annotations

import functools
import os
import ssl
import threading
from collections.abc import Callable

import outcome
import trio

from . import session_poll

RECV_SIZE = 262144
# OpenSSL hands out at most one record (16 KiB of plaintext) per read. Asking for more only
# makes `SSLObject.read` allocate (and the allocator mmap/mremap/munmap) a buffer that size
# on every call: three extra syscalls per received frame.
RECORD_SIZE = 16384


class _ReadBuffer(threading.local):
    """Socket reads of every stream of a thread land in this one buffer and are copied into
    the stream's BIO before anything else runs. A fresh 256 KiB `os.read` result per read
    cost an mmap, an mremap and a munmap each time; a buffer per stream would keep 256 KiB
    resident per connection (a handshake flood)."""

    def __init__(self):
        self.bufs = [bytearray(RECV_SIZE)]
        self.view = memoryview(self.bufs[0])


_shared = _ReadBuffer()


class TlsStream:
    def __init__(
        self,
        tcp: trio.SocketStream,
        ctx: ssl.SSLContext,
        *,
        server_side: bool,
        server_hostname: str | None = None,
    ):
        self.tcp = tcp
        self._in = ssl.MemoryBIO()
        self._out = ssl.MemoryBIO()
        self._obj = ctx.wrap_bio(
            self._in, self._out, server_side=server_side, server_hostname=server_hostname
        )
        # The C object behind `ssl.SSLObject`: its `read`/`write`/`pending` are Python
        # wrappers that only forward, three calls on every request/reply hop.
        self._ssl = getattr(self._obj, "_sslobj", self._obj)
        self.on_output: Callable[[], None] | None = None
        self._fd = tcp.socket.fileno()
        # This thread's read buffer (a stream lives in the thread that created it): looked up
        # once here, a `threading.local` attribute costs a lookup of its own on every read.
        self._bufs, self._view = _shared.bufs, _shared.view
        self._backlog = b""  # ciphertext a non-blocking write could not take; goes out first
        self._more = False  # the last socket read filled the buffer: more is likely waiting

    async def do_handshake(self) -> None:
        while True:
            try:
                self._obj.do_handshake()
                break
            except ssl.SSLWantReadError:
                pass
            await self._flush()
            if not await self._fill():
                raise trio.BrokenResourceError("connection closed during the TLS handshake")
        await self._flush()

    def getpeercert(self, binary_form: bool = False):
        return self._obj.getpeercert(binary_form)

    async def pump(self, deliver: Callable[[bytes], None]) -> None:
        """Hand all plaintext to `deliver` (called synchronously, in order) until the end of
        the stream (close_notify or TCP EOF alike); errors propagate. A node session's
        reader: one coroutine for the whole connection instead of `receive_some` and its
        socket read (two coroutine objects and their frames on every request/reply hop).
        Where it can, the socket is then watched and read by the run's `SessionPoller`
        while Trio is idle (session_poll.py), and this task only parks."""
        if not self._drain(deliver):  # records read along with the handshake
            return
        poller = session_poll.poller()
        while poller is not None:
            if not await self._pump_polled(deliver, poller):
                return
            # The poller went dormant (no session traffic for a while): wait through Trio
            # until data comes, then bring the socket back to a poller.
            await trio.lowlevel.wait_readable(self._fd)
            poller = session_poll.poller()
        inbox = self._in
        fd, bufs, view = self._fd, self._bufs, self._view
        readv = os.readv
        wait_readable = trio.lowlevel.wait_readable
        more = self._more
        drain = self._drain
        while True:
            # The socket, as `_fill` reads it.
            if more:
                try:
                    n = readv(fd, bufs)
                except BlockingIOError:
                    more = False
                else:
                    more = n == RECV_SIZE
                    inbox.write(view[:n])  # before the yield: the buffer is shared
                    await trio.lowlevel.checkpoint()
                    if not n:
                        return
                    if not drain(deliver):
                        return
                    continue
            while True:
                await wait_readable(fd)
                try:
                    n = readv(fd, bufs)
                except BlockingIOError:
                    continue
                break
            if not n:
                return
            more = n == RECV_SIZE
            inbox.write(view[:n])
            if not drain(deliver):
                return

    def _drain(self, deliver: Callable[[bytes], None]) -> bool:
        """Deliver the plaintext of every complete record buffered; False at close_notify."""
        obj = self._ssl
        inbox, out = self._in, self._out
        # Ask OpenSSL only when bytes are buffered (an empty read raises, which costs an
        # exception per hop); a partial record waits for the next socket read.
        while inbox.pending or obj.pending():
            try:
                data = obj.read(RECORD_SIZE)
            except ssl.SSLWantReadError:
                break
            except ssl.SSLZeroReturnError:
                return False
            if out.pending and self.on_output is not None:
                self.on_output()
            deliver(data)
        return True

    async def _pump_polled(self, deliver: Callable[[bytes], None], poller) -> bool:
        """The socket is read by `poller`'s `ready` callback; this task parks until the
        stream ends (False) or fails (raises), or the poller goes dormant (True); being
        cancelled takes it off the poller."""
        task = trio.lowlevel.current_task()
        fd = self._fd
        bufs, view, inbox = self._bufs, self._view, self._in
        readv = os.readv
        drain = self._drain
        reschedule = trio.lowlevel.reschedule

        def ready() -> None:  # runs in the poller, outside any task: never raises
            # The task is woken only by whoever takes the socket off the poller: a frame
            # handler may have closed this very session (its abort did it) meanwhile.
            try:
                n = readv(fd, bufs)
            except BlockingIOError:
                return
            except Exception as e:
                if poller.remove(fd):
                    reschedule(task, outcome.Error(e))
                return
            try:
                if n:
                    inbox.write(view[:n])  # at once: the buffer is shared
                    if drain(deliver):
                        return
            except BaseException as e:  # a frame over the limit, a TLS error: ends the
                # session. Whatever it is, it goes to the reader task as it would have in
                # `pump`: Trio would swallow it from an instrument and drop the poller.
                if poller.remove(fd):
                    reschedule(task, outcome.Error(e))
                return
            if poller.remove(fd):  # end of stream
                reschedule(task)

        def abort(_raise_cancel) -> trio.lowlevel.Abort:
            poller.remove(fd)
            return trio.lowlevel.Abort.SUCCEEDED

        # In the reader task's context: the node's context variables (current node and
        # process) are what frame handlers and the processes they run see.
        poller.add(
            fd, functools.partial(task.context.run, ready), functools.partial(reschedule, task)
        )
        return await trio.lowlevel.wait_task_rescheduled(abort) is session_poll.DORMANT

    async def receive_some(self, max_bytes: int = RECV_SIZE) -> bytes:
        """Plaintext, or b"" at end of stream (close_notify or TCP EOF alike)."""
        obj = self._ssl
        inbox = self._in
        while True:
            if not inbox.pending and not obj.pending():
                # Nothing buffered: read the socket first instead of letting OpenSSL raise
                # SSLWantReadError (an exception per request/reply hop).
                if not await self._fill():
                    return b""
            try:
                data = obj.read(max_bytes if max_bytes < RECORD_SIZE else RECORD_SIZE)
            except ssl.SSLWantReadError:
                if not await self._fill():
                    return b""
                continue
            except ssl.SSLZeroReturnError:
                return b""
            if self._out.pending and self.on_output is not None:
                self.on_output()
            return data

    async def send_all(self, data: bytes) -> None:
        if data:
            self._ssl.write(data)
        await self._flush()

    def send_now(self, data: bytes) -> bool:
        """Encrypt and write without suspending, for the writer-idle fast path of a session
        (saves a task switch on every request/reply hop). False when the socket did not
        take everything: the rest waits for the next `send_all`, ahead of anything newer;
        a socket error surfaces there too."""
        self._ssl.write(data)
        raw = self._out.read()
        try:
            n = os.write(self._fd, raw)
        except OSError:
            n = 0
        if n < len(raw):
            self._backlog = raw[n:]
            return False
        return True

    async def aclose(self) -> None:
        # No close_notify: a session ends by its own frames or by the connection dropping,
        # and both ends treat EOF the same way; waiting for the peer here could stall.
        await self.tcp.aclose()

    async def _fill(self) -> bool:
        # Read the socket directly: Trio's `receive_some` ends every read with a scheduler
        # pass of its own (a checkpoint), one more task switch per request/reply hop. After
        # a full read (a peer streaming to us) try the socket at once, then yield anyway so
        # a flooding peer cannot starve other tasks; otherwise wait for readability first
        # (a reply is rarely there yet, and a failed read costs a syscall and an exception).
        fd = self._fd
        if self._more:
            try:
                n = os.readv(fd, self._bufs)
            except BlockingIOError:
                self._more = False
            else:
                self._more = n == RECV_SIZE
                self._in.write(self._view[:n])  # before the yield: the buffer is shared
                await trio.lowlevel.checkpoint()
                return n > 0
        while True:
            await trio.lowlevel.wait_readable(fd)
            try:
                n = os.readv(fd, self._bufs)
            except BlockingIOError:
                continue
            self._more = n == RECV_SIZE
            if not n:
                return False
            self._in.write(self._view[:n])
            return True

    async def _flush(self) -> None:
        if self._backlog:
            raw, self._backlog = self._backlog, b""
            await self.tcp.send_all(raw)
        if self._out.pending:
            await self.tcp.send_all(self._out.read())
