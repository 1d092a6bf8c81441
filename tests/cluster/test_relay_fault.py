"""A TLS-terminating relay between two real node processes (spec 07 §4.2, §13 fault
tests): the relay holds its own certificate towards each side, so the handshake's channel
binding (the acceptor certificate's hash mixed into the cookie proofs) differs on the two
legs and both nodes refuse — although the relay forwards every byte faithfully and both
nodes share the cookie. Neither becomes a member of the other, and the cookie appears in
no output."""

from __future__ import annotations

import functools
import queue
import threading

import trio

from mesh.cluster.tls import SERVER_NAME, NodeTLS

COOKIE = "relay-cookie-c41e77"


async def _pipe(src, dst):
    try:
        while True:
            data = await src.receive_some(65536)
            if not data:
                return
            await dst.send_all(data)
    except (trio.BrokenResourceError, trio.ClosedResourceError):
        return


class Relay:
    """TLS server on an ephemeral loopback port; each connection is re-encrypted towards
    `target_port` with the relay's own certificate (a middlebox with a valid-looking TLS)."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.port: queue.Queue = queue.Queue()
        self._token = None
        self._thread = threading.Thread(target=trio.run, args=(self._main,), daemon=True)

    async def _handle(self, client):
        tls = NodeTLS()
        inner = trio.SSLStream(client, tls.server_ctx, server_side=True)
        try:
            await inner.do_handshake()
            up = trio.SSLStream(
                await trio.open_tcp_stream("127.0.0.1", self.target_port),
                tls.client_ctx,
                server_hostname=SERVER_NAME,
            )
            await up.do_handshake()
        except (trio.BrokenResourceError, OSError):
            return
        async with trio.open_nursery() as n:
            n.start_soon(_pipe, inner, up)
            n.start_soon(_pipe, up, inner)

    async def _main(self):
        self._token = trio.lowlevel.current_trio_token()
        async with trio.open_nursery() as n:
            self.nursery = n
            listeners = await n.start(
                functools.partial(trio.serve_tcp, host="127.0.0.1"), self._handle, 0
            )
            self.port.put(listeners[0].socket.getsockname()[1])

    def __enter__(self) -> int:
        self._thread.start()
        return self.port.get(timeout=10)

    def __exit__(self, *exc):
        trio.from_thread.run_sync(self.nursery.cancel_scope.cancel, trio_token=self._token)
        self._thread.join(10)


def test_tls_terminating_relay_is_refused_by_both_nodes(nodes):
    a, b = nodes(), nodes()
    a.start("alpha", COOKIE)
    bn = b.start("beta", COOKIE)
    b_port = int(bn.rsplit(":", 1)[1])
    with Relay(b_port) as relay_port:
        assert a.cmd(f"connect beta@127.0.0.1:{relay_port}") == "-3"
        assert a.wait_stderr("failed: cookie mismatch: authentication failed from beta@")
        assert b.wait_stderr(
            "mesh node: handshake failed: cookie mismatch: authentication failed from alpha@"
        )
    assert a.cmd("list") == "-" and b.cmd("list") == "-"
    # the direct path with the same cookie works: it was the relay that was refused
    assert a.cmd(f"connect {bn}") == "0"
    for n in (a, b):
        assert not any(COOKIE in ln for ln in n.stderr_lines)
