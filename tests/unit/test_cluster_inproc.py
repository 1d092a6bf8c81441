"""Two `NodeRuntime`s in one Trio run on ephemeral loopback ports (spec 07 §13): handshake
over real TLS, a TLS-terminating relay (channel binding), heartbeat failure detection."""

import trio

from mesh.cluster.tls import SERVER_NAME, NodeTLS
from mesh.runtime import actors as _a
from mesh.runtime.actors.process import NODEDOWN
from mesh.runtime.stdlib import global_ as Global, node as Node


def run_pair(main_a, main_b):
    """Run two nodes; `main_b` gets a dict shared with `main_a` (b's name under 'b')."""
    shared = {}
    ready = trio.Event()

    async def b():
        await main_b(shared, ready)

    async def a():
        await ready.wait()
        await main_a(shared)

    codes = {}

    async def run(tag, fn):
        codes[tag] = await _a.Node().run(fn)

    async def both():
        with trio.fail_after(20):
            async with trio.open_nursery() as n:
                n.start_soon(run, "b", b)
                n.start_soon(run, "a", a)

    trio.run(both)
    assert codes == {"a": 0, "b": 0}  # an assertion failing inside a node is a panic (101)
    return shared


async def _until(condition, timeout_s: float = 10.0) -> None:
    """Poll `condition()` until it holds; fails after `timeout_s` (never a fixed wait)."""
    with trio.fail_after(timeout_s):
        while not condition():
            await trio.sleep(0.01)


async def _pipe(src, dst, state=None):
    """Copy bytes; with `state`, each chunk first waits on `state["gate"]` (read per chunk,
    so replacing the event partitions a running connection) and is counted in
    `state["chunks"]`."""
    try:
        while True:
            data = await src.receive_some(65536)
            if not data:
                break
            if state is not None:
                await state["gate"].wait()
                state["chunks"] = state.get("chunks", 0) + 1
            await dst.send_all(data)
    except (trio.BrokenResourceError, trio.ClosedResourceError):
        pass


def test_start_errors_and_accessors():
    async def main_b(shared, ready):
        assert Node.self() == "" and Node.list() == []
        assert Node.monitor("x@h:1") == 1
        assert await Node.connect("x@127.0.0.1:1") == -1
        assert Node.start("bad name", "c") == -3
        assert Node.start("b@127.0.0.1:0", "") == -3
        assert Node.start("b@[::1", "c") == -3
        assert Node.start("b@127.0.0.1:0", "c") == 0
        assert Node.start("b@127.0.0.1:0", "c") == -1
        assert Node.self().startswith("b@127.0.0.1:") and not Node.self().endswith(":0")
        shared["b"] = Node.self()
        ready.set()

    async def main_a(shared):
        port = int(shared["b"].rsplit(":", 1)[1])
        assert Node.start(f"a@127.0.0.1:{port}", "c") == -2  # port taken
        # not started: Global still works locally, owner nonode@nohost
        me = _a.self_pid()
        assert Global.register("me", me) == 0
        assert Global.register("me", me) == 1
        assert Global.whereis("me") is me
        assert Global.unregister("me") == 0 and Global.unregister("me") == 1
        assert Global.whereis("me") is _a.NULL_PID

    run_pair(main_a, main_b)


def test_tls_terminating_relay_fails_on_both_sides(capsys):
    async def main_b(shared, ready):
        assert Node.start("b@127.0.0.1:0", "cookie") == 0
        shared["b"] = Node.self()
        shared["done"] = trio.Event()
        ready.set()
        with trio.move_on_after(15):  # stay up until A has seen both sides fail
            await shared["done"].wait()

    err: list[str] = []

    def b_side_failed() -> bool:
        err.append(capsys.readouterr().err)
        return "mesh node: handshake failed: cookie mismatch" in "".join(err)

    async def main_a(shared):
        relay_tls = NodeTLS()  # the middlebox's own certificate
        b_port = int(shared["b"].rsplit(":", 1)[1])

        async def handle(client):
            inner = trio.SSLStream(client, relay_tls.server_ctx, server_side=True)
            await inner.do_handshake()
            up = trio.SSLStream(
                await trio.open_tcp_stream("127.0.0.1", b_port),
                relay_tls.client_ctx,
                server_hostname=SERVER_NAME,
            )
            await up.do_handshake()
            async with trio.open_nursery() as n:
                n.start_soon(_pipe, inner, up)
                n.start_soon(_pipe, up, inner)

        async with trio.open_nursery() as n:
            listeners = await n.start(trio.serve_tcp, handle, 0)
            relay_port = listeners[0].socket.getsockname()[1]
            assert Node.start("a@127.0.0.1:0", "cookie") == 0
            rc = await Node.connect(f"b@127.0.0.1:{relay_port}")
            assert rc == -3
            assert Node.list() == []
            await _until(b_side_failed)
            shared["done"].set()
            n.cancel_scope.cancel()
        shared["a_list"] = Node.list()

    run_pair(main_a, main_b)
    out = "".join(err) + capsys.readouterr().err
    assert "failed: cookie mismatch: authentication failed from b@127.0.0.1:" in out
    assert "mesh node: handshake failed: cookie mismatch: authentication failed from a@" in out
    assert "cookie\n" not in out


def test_heartbeat_timeout_detects_silent_peer(monkeypatch, capsys):
    monkeypatch.setenv("MESH_HEARTBEAT_INTERVAL_MS", "150")
    monkeypatch.setenv("MESH_HEARTBEAT_TIMEOUT_MS", "1000")
    got = []

    async def main_b(shared, ready):
        assert Node.start("b@127.0.0.1:0", "k") == 0
        shared["b"] = Node.self()
        shared["done"] = trio.Event()
        ready.set()
        with trio.move_on_after(15):  # stay up until A saw the timeout (loaded CI machines)
            await shared["done"].wait()

    async def main_a(shared):
        b_port = int(shared["b"].rsplit(":", 1)[1])
        gate = trio.Event()
        gate.set()
        state = {"gate": gate}

        async def handle(client):  # plain TCP forwarder that can go silent
            up = await trio.open_tcp_stream("127.0.0.1", b_port)
            async with trio.open_nursery() as n:
                n.start_soon(_pipe, client, up, state)
                n.start_soon(_pipe, up, client, state)

        async with trio.open_nursery() as n:
            listeners = await n.start(trio.serve_tcp, handle, 0)
            port = listeners[0].socket.getsockname()[1]
            assert Node.start("a@127.0.0.1:0", "k") == 0
            assert await Node.connect(f"b@127.0.0.1:{port}") == 0
            name = Node.list()[0]
            assert name == shared["b"]  # registered under the advertised name
            assert Node.monitor(name) == 0
            seen = state.get("chunks", 0)
            await _until(lambda: state.get("chunks", 0) >= seen + 4)  # heartbeats flow
            assert Node.list() == [name]
            state["gate"] = trio.Event()  # partition: new traffic is held back
            r = await _a.receive_any(6000)
            got.append(r)
            shared["done"].set()
            n.cancel_scope.cancel()

    run_pair(main_a, main_b)
    assert got and got[0] is not _a.TIMEOUT and got[0][0][0] is NODEDOWN
    assert "mesh node heartbeat timeout: b@127.0.0.1:" in capsys.readouterr().err
