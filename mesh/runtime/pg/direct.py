"""Direct socket I/O for plain (non-TLS) PostgreSQL connections.

`trio.SocketStream.send_all`/`receive_some` yield to the scheduler after every successful
call (Trio's fairness checkpoint), so one query cost three or more scheduler passes (send,
wait, receive), each with an `epoll` call. `DirectSocket` tries the non-blocking system call
first and waits through Trio (`wait_readable`/`wait_writable`, which are cancellation
points) only when the kernel answers EAGAIN. A query therefore waits exactly once — for the
server's answer, which is never instant — so cancellation still reaches a task at every
query. bench/db.py measures the effect (bench/RESULTS.md).

It works on its own duplicate of the stream's descriptor (`os.dup`), so the Trio socket and
this one never close each other's file descriptor; `close()` must be called with the
stream's own close (PgConn does both).
"""

from __future__ import annotations

import os
import socket

import trio


class DirectSocket:
    def __init__(self, stream: trio.SocketStream) -> None:
        self.sock = socket.socket(fileno=os.dup(stream.socket.fileno()))
        self.sock.setblocking(False)

    async def send_all(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            try:
                sent = self.sock.send(view)
            except BlockingIOError:
                await trio.lowlevel.wait_writable(self.sock)
                continue
            view = view[sent:]

    async def receive_some(self, max_bytes: int) -> bytes:
        while True:
            try:
                return self.sock.recv(max_bytes)
            except BlockingIOError:
                await trio.lowlevel.wait_readable(self.sock)

    def close(self) -> None:
        self.sock.close()
