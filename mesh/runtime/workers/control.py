"""The supervisor ⇄ worker channel: one Unix stream socket pair per worker, carrying JSON
lines, each optionally with descriptors (SCM_RIGHTS). The exchange is strictly
request/answer except for the supervisor's `hello` and `go`, which the worker waits for
before it sends anything, so one message is never split across two reads' descriptors.

    supervisor → worker   {"op": "hello", "index", "name", "cookie", "role", "epoch",
                           "configured", "siblings"}  + the node listener
    supervisor → worker   {"op": "go", "connect": [names of running siblings]}
    worker → supervisor   {"op": "listen", "host", "port"}
    supervisor → worker   {"ok": true, "shown"} + the socket | {"ok": false, "errno", "error"}
    worker → supervisor   {"op": "ready"}   (main returned)
"""

from __future__ import annotations

import json
import socket

MAX_MESSAGE = 64 * 1024
MAX_FDS = 4


def send(sock: socket.socket, message: dict, fds: tuple[int, ...] = ()) -> None:
    data = (json.dumps(message, separators=(",", ":")) + "\n").encode()
    if fds:
        sent = socket.send_fds(sock, [data], list(fds))
        data = data[sent:]
    if data:
        sock.sendall(data)


class Reader:
    """Buffers one side's incoming bytes and descriptors into whole messages."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.buf = b""
        self.fds: list[int] = []
        self.eof = False

    def feed(self) -> bool:
        """One read (the socket must be readable or blocking); False at end of stream."""
        data, fds, _flags, _addr = socket.recv_fds(self.sock, MAX_MESSAGE, MAX_FDS)
        self.fds.extend(fds)
        if not data:
            self.eof = True
            return False
        self.buf += data
        return True

    def next(self) -> tuple[dict, list[int]] | None:
        """The next complete message and the descriptors that came with it, or None."""
        line, sep, rest = self.buf.partition(b"\n")
        if not sep:
            return None
        self.buf = rest
        fds, self.fds = self.fds, []
        return json.loads(line), fds

    def receive(self) -> tuple[dict, list[int]]:
        """Blocking: the next message; EOFError when the peer closed."""
        while True:
            m = self.next()
            if m is not None:
                return m
            if not self.feed():
                raise EOFError("control channel closed")
