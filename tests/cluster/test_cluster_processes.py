"""Distributed actors across real OS processes on 127.0.0.1 (spec 07 §2–§10)."""

import re
import threading

import trio
from cluster_app import poll

from mesh.cluster.tls import SERVER_NAME, NodeTLS

COOKIE = "s3cret-cookie-XYZ"
PID = re.compile(r"<\d+\.\d+\.\d+>")


def test_connect_send_spawn_global(nodes):
    a, b = nodes(), nodes()
    an, bn = a.start("alpha", COOKIE), b.start("beta", COOKIE)
    assert b.cmd("register_echo ledger") == "0"
    assert a.cmd(f"connect {bn}") == "0"
    assert a.cmd(f"connect {bn}") == "0"  # already connected
    assert a.cmd("list") == bn
    assert b.cmd("list") == an
    # the snapshot arrived during connect: the remote name resolves to a remote pid
    pid = a.cmd("whereis ledger")
    assert PID.fullmatch(pid) and pid.startswith("<1.")
    reply = a.cmd("ask_global ledger hello")
    assert reply == f"(echo, hello, {pid})"
    # remote spawn by registered name
    out = a.cmd(f"spawn {bn} Demo.echo ping")
    spid, rest = out.split(" ", 1)
    assert PID.fullmatch(spid) and rest == f"(echo, ping, {spid})"
    # unknown function: dead pid, logged on both sides
    out = a.cmd(f"spawn {bn} Demo.nope ping 1000")  # no reply can come: wait 1 s only
    assert out.endswith("timeout")
    assert a.wait_stderr(f"mesh node spawn failed target={bn} fn=Demo.nope")
    assert b.wait_stderr(f"mesh node spawn rejected from {an}: function not found Demo.nope")
    # registrations replicate both ways
    assert a.cmd("register_echo alpha_svc") == "0"
    replicated = poll(lambda: b.cmd("whereis alpha_svc"), lambda v: v != "<0.0>", what="replica")
    assert replicated.startswith("<1.")
    assert b.cmd("register_echo alpha_svc") == "1"
    # remote spawn_link: the remote crash reaches the (trapping) caller
    out = a.cmd(f"spawn_link_crash {bn}")
    assert out.endswith("exit boom")
    # a closure cannot be sent: the sending process fails, the session survives
    assert a.cmd("send_closure ledger") == "ok"
    assert a.event() == "EVENT down STF: closures and function pointers cannot be serialized"
    assert a.wait_stderr("(bad) crashed: STF: closures and function pointers cannot be serialized")
    assert a.cmd("ask_global ledger again").startswith("(echo, again")
    for n in (a, b):
        assert not any(COOKIE in ln for ln in n.stderr_lines)


def test_wrong_cookie_rejected_on_both_sides(nodes):
    a, b = nodes(), nodes()
    a.start("alpha", COOKIE)
    bn = b.start("beta", "another-cookie")
    assert a.cmd(f"connect {bn}") == "-3"
    assert a.wait_stderr(f"failed: cookie mismatch: authentication failed from {bn}")
    assert b.wait_stderr(
        "mesh node: handshake failed: cookie mismatch: authentication failed from alpha@127.0.0.1:"
    )
    assert a.cmd("list") == "-" and b.cmd("list") == "-"
    assert a.cmd("connect nobody@127.0.0.1:1") == "-2"
    assert a.cmd("connect bad-name") == "-3"
    for n in (a, b):
        assert not any(COOKIE in ln or "another-cookie" in ln for ln in n.stderr_lines)


def test_transitive_mesh_and_sigkill(nodes):
    a, b, c = nodes(), nodes(), nodes()
    an, bn, cn = a.start("a", COOKIE), b.start("b", COOKIE), c.start("c", COOKIE)
    assert b.cmd(f"connect {an}") == "0"
    assert c.cmd("register_echo c_svc") == "0"
    assert c.cmd(f"connect {bn}") == "0"  # ... and through b's peer list, to a
    want = " ".join(sorted([an, bn]))
    poll(lambda: c.cmd("list"), lambda v: v == want, what="c meshed with a through b")
    poll(lambda: a.cmd("whereis c_svc"), lambda v: v != "<0.0>", what="c_svc replicated to a")
    assert a.cmd("list") == " ".join(sorted([bn, cn]))
    assert a.cmd("ask_global c_svc via-mesh").startswith("(echo, via-mesh")
    assert a.cmd(f"monitor_node {cn}") == "ok"
    assert a.cmd("monitor_global c_svc") == "ok"
    assert b.cmd(f"monitor_node {cn}") == "ok"
    c.kill()
    assert a.event() in (f"EVENT (nodedown, {cn})", "EVENT down noconnection")
    assert a.event() in (f"EVENT (nodedown, {cn})", "EVENT down noconnection")
    assert b.event() == f"EVENT (nodedown, {cn})"
    assert a.cmd("whereis c_svc") == "<0.0>"
    assert b.cmd("whereis c_svc") == "<0.0>"
    assert a.cmd("list") == bn


class TlsTerminatingRelay:
    """A middlebox with its own certificate that decrypts and re-encrypts both legs (a
    TLS-terminating proxy), run by Trio on a thread of the test process between two node
    processes. Channel binding (the acceptor-certificate hash inside the HMAC, spec 07 §4.2)
    must make the cookie handshake fail on both sides although both nodes share the cookie.
    (One Trio thread, not a thread per direction: an OpenSSL connection must not be read
    and written from two threads at once.)"""

    def __init__(self, upstream_port):
        self.tls = NodeTLS()
        self.upstream_port = upstream_port
        self.relayed = 0  # bytes carried node -> node through the relay
        ready = threading.Event()
        self._thread = threading.Thread(target=trio.run, args=(self._main, ready), daemon=True)
        self._thread.start()
        assert ready.wait(10), "relay did not start"

    async def _main(self, ready):
        async with trio.open_nursery() as n:
            self._token = trio.lowlevel.current_trio_token()
            self._scope = n.cancel_scope
            listeners = await n.start(trio.serve_tcp, self._handle, 0)
            self.port = listeners[0].socket.getsockname()[1]
            ready.set()

    async def _handle(self, client):
        try:
            inner = trio.SSLStream(client, self.tls.server_ctx, server_side=True)
            await inner.do_handshake()
            tcp = await trio.open_tcp_stream("127.0.0.1", self.upstream_port)
            up = trio.SSLStream(tcp, self.tls.client_ctx, server_hostname=SERVER_NAME)
            await up.do_handshake()
        except (trio.BrokenResourceError, trio.ClosedResourceError, OSError):
            await trio.aclose_forcefully(client)
            return
        async with trio.open_nursery() as n:
            n.start_soon(self._pipe, inner, up)
            n.start_soon(self._pipe, up, inner)

    async def _pipe(self, src, dst):
        try:
            while data := await src.receive_some(65536):
                self.relayed += len(data)
                await dst.send_all(data)
        except (trio.BrokenResourceError, trio.ClosedResourceError):
            pass
        finally:
            await trio.aclose_forcefully(dst)

    def close(self):
        trio.from_thread.run_sync(self._scope.cancel, trio_token=self._token)
        self._thread.join(10)


def test_tls_terminating_relay_fails_on_both_sides(nodes):
    a, b = nodes(), nodes()
    a.start("alpha", COOKIE)
    bn = b.start("beta", COOKIE)
    relay = TlsTerminatingRelay(int(bn.rsplit(":", 1)[1]))
    try:
        via_relay = f"{bn.rsplit(':', 1)[0]}:{relay.port}"
        assert a.cmd(f"connect {via_relay}") == "-3"
        assert a.wait_stderr("failed: cookie mismatch: authentication failed from beta@")
        assert b.wait_stderr(
            "mesh node: handshake failed: cookie mismatch: "
            "authentication failed from alpha@127.0.0.1:"
        )
        assert relay.relayed > 0  # the handshake really went through the middlebox
        assert a.cmd("list") == "-" and b.cmd("list") == "-"
        # the same nodes connect fine directly: only the relay broke the binding
        assert a.cmd(f"connect {bn}") == "0"
        assert a.cmd("list") == bn
    finally:
        relay.close()
