"""WebSockets (spec 06 §2) and the HTTP client (spec 05 §12) against our own server on
loopback. WebSocket clients are trio-websocket; the Mesh client runs inside a Node."""

from __future__ import annotations

import sys

import pytest
import trio
import trio_websocket

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from http_helpers import ServerThread, raw  # noqa: E402

from mesh.runtime import actors as A  # noqa: E402
from mesh.runtime.http import websocket as W  # noqa: E402
from mesh.runtime.stdlib import (
    http as HTTP,  # noqa: E402
    http_client as Http,  # noqa: E402
    request as R,  # noqa: E402
    ws as Ws,  # noqa: E402
)
from mesh.runtime.values import Atom, Err, MeshMap, MeshPanic, Ok, Some  # noqa: E402


async def echo_ws(conn):
    await Ws.send(conn, '{"status":"connected"}')
    while True:
        m = await Ws.receive(conn)
        if type(m) is not Some:
            return
        if m._0 == "boom":
            raise MeshPanic("ws boom")
        if m._0 == "bye":
            await Ws.close(conn)
            return
        await Ws.send(conn, "echo:" + m._0)


async def room_ws(conn):
    Ws.join(conn, "lobby")
    await Ws.send(conn, "joined")
    await Ws.loop(conn)


async def shout(req):
    n = await Ws.broadcast("lobby", R.body(req))
    return HTTP.response(200, str(n))


def deny(req, nxt):
    if R.header(req, "x-deny")._0 if type(R.header(req, "x-deny")) is Some else False:
        return HTTP.response(403, "denied")
    return nxt(req)


def text(req):
    return HTTP.response(
        200, "hello " + (R.query(req, "q")._0 if type(R.query(req, "q")) is Some else "")
    )


def redirect(_req):
    return HTTP.response_with_headers(302, "", MeshMap([("Location", "/text?q=moved")]))


def gz(_req):
    import gzip

    return HTTP.response_with_headers(
        200, gzip.compress(b"zipped!"), MeshMap([("Content-Encoding", "gzip")])
    )


def big(_req):
    return HTTP.response(200, "x" * 30000 + "END")


async def slow(_req):
    await A.sleep(2000)
    return HTTP.response(200, "late")


def build():
    r = HTTP.router()
    r = HTTP.use(r, deny)
    r = HTTP.on_websocket(r, "/ws", echo_ws)
    r = HTTP.on_websocket(r, "/room", room_ws)
    r = HTTP.on_post(r, "/shout", shout)
    r = HTTP.route(r, "/text", text)
    r = HTTP.on_get(r, "/redirect", redirect)
    r = HTTP.on_get(r, "/gz", gz)
    r = HTTP.on_get(r, "/big", big)
    r = HTTP.on_get(r, "/slow", slow)
    return r


@pytest.fixture(scope="module", params=["fast", "h11"])
def server(request):
    s = ServerThread(build(), parser=request.param).start()
    yield s
    s.stop()


def run_trio(fn, timeout=10):
    async def main():
        with trio.fail_after(timeout):
            return await fn()

    return trio.run(main)


# ------------------------------------------------------------------ websockets


def test_ws_echo_and_close(server):
    async def go():
        url = f"ws://127.0.0.1:{server.port}/ws"
        async with trio_websocket.open_websocket_url(url) as ws:
            assert await ws.get_message() == '{"status":"connected"}'
            await ws.send_message("hi")
            assert await ws.get_message() == "echo:hi"
            await ws.send_message(b"bin\xff")
            assert await ws.get_message() == "echo:bin\ufffd"
            await ws.send_message("bye")
            with pytest.raises(trio_websocket.ConnectionClosed) as ei:
                await ws.get_message()
            assert ei.value.reason.code == 1000

    run_trio(go)


def test_ws_handler_panic_closes_1011(server, capfd):
    async def go():
        async with trio_websocket.open_websocket_url(f"ws://127.0.0.1:{server.port}/ws") as ws:
            await ws.get_message()
            await ws.send_message("boom")
            with pytest.raises(trio_websocket.ConnectionClosed) as ei:
                await ws.get_message()
            assert ei.value.reason.code == 1011

    run_trio(go)
    assert "ws boom" in capfd.readouterr().err


def test_ws_rooms_broadcast(server):
    import http.client

    async def go():
        url = f"ws://127.0.0.1:{server.port}/room"
        async with (
            trio_websocket.open_websocket_url(url) as a,
            trio_websocket.open_websocket_url(url) as b,
        ):
            assert await a.get_message() == "joined"
            assert await b.get_message() == "joined"

            def post():
                c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
                c.request("POST", "/shout", body=b"hello room")
                return c.getresponse().read()

            assert await trio.to_thread.run_sync(post) == b"0"
            assert await a.get_message() == "hello room"
            assert await b.get_message() == "hello room"
        # membership is cleaned up when connections end
        with trio.fail_after(10):
            while W.room_members("lobby"):
                await trio.sleep(0.02)

    run_trio(go)


def test_ws_bad_upgrade_and_middleware(server):
    d = raw(server.port, b"GET /ws HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert d.startswith(b"HTTP/1.1 400 Bad Request\r\n")
    assert b"Content-Type: text/plain\r\n" in d
    assert d.endswith(b"Bad Request: missing or invalid Upgrade header")
    d = raw(
        server.port,
        b"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
        b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        b"Sec-WebSocket-Version: 12\r\n\r\n",
    )
    assert d.endswith(b"Bad Request: missing or invalid Sec-WebSocket-Version (must be 13)")
    d = raw(
        server.port,
        b"GET /ws HTTP/1.1\r\nHost: x\r\nX-Deny: 1\r\nUpgrade: websocket\r\n"
        b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        b"Sec-WebSocket-Version: 13\r\n\r\n",
    )
    assert d.startswith(b"HTTP/1.1 403 Forbidden\r\n")


def test_ws_serve_callbacks():
    events = []

    def on_connect(conn, path, headers):
        events.append(("open", path, headers.get("x-who", "")))
        if "reject" in path:
            Ws.join(conn, "r")
            return 0
        return conn

    async def on_message(conn, msg):
        events.append(("msg", msg))
        await Ws.send(conn, msg.upper())

    def on_close(conn, code, why):
        events.append(("close", code, why))

    s = ServerThread(ws_callbacks=(on_connect, on_message, on_close)).start()
    try:

        async def go():
            url = f"ws://127.0.0.1:{s.port}/chat?x=1"
            async with trio_websocket.open_websocket_url(
                url, extra_headers=[(b"X-Who", b"me")]
            ) as ws:
                await ws.send_message("abc")
                assert await ws.get_message() == "ABC"
            async with trio_websocket.open_websocket_url(f"ws://127.0.0.1:{s.port}/reject") as ws:
                with pytest.raises(trio_websocket.ConnectionClosed) as ei:
                    await ws.get_message()
                assert ei.value.reason.code == 1008
            with trio.fail_after(10):
                while ("close", 1000, "") not in events:
                    await trio.sleep(0.02)

        run_trio(go)
        assert events[:3] == [("open", "/chat?x=1", "me"), ("msg", "abc"), ("close", 1000, "")]
        assert events[3][:2] == ("open", "/reject") and len(events) == 4
        assert W.room_members("r") == []
    finally:
        s.stop()


# ------------------------------------------------------------------ client


def in_node(fn):
    out = []

    async def main():
        out.append(await fn())

    assert A.run_program(main) == 0
    return out[0]


def test_client_legacy_get_post(server):
    base = f"http://127.0.0.1:{server.port}"

    async def go():
        return (
            await HTTP.get(base + "/text?q=1"),
            await HTTP.post(base + "/shout", "{}"),
            await HTTP.get(base + "/nope"),
            await HTTP.get(base + "/redirect"),
        )

    r = in_node(go)
    assert r == (Ok("hello 1"), Ok("0"), Err("http status: 404"), Ok("hello moved"))


def test_client_builder_send(server):
    base = f"http://127.0.0.1:{server.port}"

    async def go():
        req = Http.build(Atom("get"), base + "/text")
        req = Http.query(req, "q", "a b&c")
        req = Http.header(req, "X-Any", "1")
        res = await Http.send(req)
        again = await Http.send(req)
        gzr = await Http.send(Http.build(Atom("get"), base + "/gz"))
        nf = await Http.send(Http.build(Atom("delete"), base + "/missing"))
        return res, again, gzr, nf

    res, again, gzr, nf = in_node(go)
    assert type(res) is Ok and res._0.status == 200 and res._0.body == "hello a%20b%26c"
    assert res._0.headers.get("content-type") == "application/json; charset=utf-8"
    assert again == Err("invalid request handle")
    assert gzr._0.body == "zipped!"
    assert nf._0.status == 404 and nf._0.body == "Not Found"


def test_client_keepalive_pool(server):
    base = f"http://127.0.0.1:{server.port}"

    async def go():
        c = Http.client()
        bodies = []
        for i in range(5):
            r = await Http.send_with(c, Http.build(Atom("get"), f"{base}/text?q={i}"))
            bodies.append(r._0.body)
        from mesh.runtime.http import client as C

        pooled = sum(len(v) for v in C._pools[c].idle.values())
        await Http.client_close(c)
        closed = await Http.send_with(c, Http.build(Atom("get"), base + "/text"))
        return bodies, pooled, closed

    bodies, pooled, closed = in_node(go)
    assert bodies == [f"hello {i}" for i in range(5)]
    assert pooled == 1
    assert closed == Err("http client is closed")


def test_client_errors(server):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]

    async def go():
        t = Http.timeout(Http.build(Atom("get"), f"http://127.0.0.1:{server.port}/slow"), 200)
        return (
            await Http.send(t),
            await Http.send(Http.build(Atom("get"), f"http://127.0.0.1:{dead}/")),
            await Http.send(Http.build(Atom("get"), "ftp://x/")),
            await HTTP.get(f"http://127.0.0.1:{dead}/"),
        )

    t, refused, bad, legacy = in_node(go)
    assert t == Err("TIMEOUT: timeout: global")
    assert refused._0.startswith("io: ") and "os error 111" in refused._0
    assert bad._0.startswith("bad uri: ")
    assert legacy._0.startswith("io: ")


def test_client_stream_and_cancel(server):
    base = f"http://127.0.0.1:{server.port}"

    async def go():
        pieces = []

        def cb(p):
            pieces.append(p)
            return "continue"

        h = await Http.stream(Http.build(Atom("get"), base + "/big"), cb)
        assert h > 0
        for _ in range(100):
            if pieces and pieces[-1].endswith("END"):
                break
            await A.sleep(10)
        stopped = []

        def cb2(p):
            stopped.append(p)
            return "stop"

        await Http.stream(Http.build(Atom("get"), base + "/big"), cb2)
        await A.sleep(100)
        got = []
        h3 = await Http.stream(Http.build(Atom("get"), base + "/big"), got.append)
        Http.cancel(h3)
        n_after_cancel = len(got)
        await A.sleep(100)
        Http.cancel(0)
        bad = await Http.stream(Http.build(Atom("get"), "http://127.0.0.1:1/"), cb)
        return pieces, stopped, len(got) == n_after_cancel, bad

    pieces, stopped, cancelled_ok, bad = in_node(go)
    assert "".join(pieces) == "x" * 30000 + "END"
    assert all(len(p) <= 8192 for p in pieces)
    assert len(stopped) == 1
    assert cancelled_ok
    assert bad == 0


def test_signature_tables_match_runtime():
    import importlib
    import inspect

    from mesh.compiler.stdlib_types_http import HTTP_MODULES, HTTP_SIGNATURES, HTTP_SUSPENDING

    for q in HTTP_SIGNATURES:
        mod, fn = q.split(".")
        f = getattr(importlib.import_module("mesh.runtime.stdlib." + HTTP_MODULES[mod]), fn)
        assert inspect.iscoroutinefunction(f) == (q in HTTP_SUSPENDING), q
