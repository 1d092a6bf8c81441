"""Shared helpers for the HTTP tests: a Mesh node serving a router in a background thread,
and small blocking clients (raw sockets / http.client) with bounded timeouts."""

from __future__ import annotations

import socket
import threading

import trio

from mesh.runtime.actors import Node
from mesh.runtime.http import server as srv


class ServerThread:
    """Runs `main` (an async fn given `on_ready`) as the main process of a fresh Node in a
    thread; `port` is the bound port."""

    def __init__(self, router=None, *, ws_callbacks=None, **opts):
        self.router = router
        self.ws_callbacks = ws_callbacks
        self.opts = opts
        self.ready = threading.Event()
        self.port = None
        self.token = None
        self.node = None
        self.error = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        self.node = Node()

        async def main():
            self.token = trio.lowlevel.current_trio_token()

            def on_ready(s):
                self.port = s.bound_port
                self.ready.set()

            if self.ws_callbacks is not None:
                await srv.ws_serve(*self.ws_callbacks, 0, on_ready=on_ready, **self.opts)
                await trio.sleep_forever()
            else:
                await srv.serve(self.router, 0, on_ready=on_ready, **self.opts)

        try:
            trio.run(self.node.run, main)
        except BaseException as e:  # pragma: no cover - surfaced by start()
            self.error = e
            self.ready.set()

    def start(self):
        self.thread.start()
        assert self.ready.wait(10), "server did not start"
        assert self.error is None, self.error
        return self

    def stop(self):
        if self.token is not None:
            try:
                trio.from_thread.run_sync(self.node.shutdown, trio_token=self.token)
            except trio.RunFinishedError:
                pass
        self.thread.join(10)
        assert not self.thread.is_alive()


def raw(port, data: bytes, timeout=5.0, shut=False) -> bytes:
    """Send `data`, read until the server closes (or `timeout`)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        if shut:
            s.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            try:
                b = s.recv(65536)
            except TimeoutError:
                break
            if not b:
                break
            chunks.append(b)
        return b"".join(chunks)


def read_response(f):
    """Read one response from a socket file `f`: (status, headers dict lower, body)."""
    line = f.readline()
    if not line:
        return None
    status = int(line.split()[1])
    headers = {}
    order = []
    while True:
        h = f.readline()
        if h in (b"\r\n", b""):
            break
        k, _, v = h.decode().partition(":")
        headers[k.strip().lower()] = v.strip()
        order.append(k.strip())
    n = int(headers.get("content-length", "0"))
    body = f.read(n) if n else b""
    headers["_order"] = order
    return status, headers, body
