"""WebSockets in the built `app` server (spec 06 §2): a WebSocket route on the HTTP port
(handshake, bad upgrades, middleware, close codes) and the `Ws.serve` callback echo server.
Fixtures in conftest.py, helpers in http_support.py."""

from __future__ import annotations

import base64
import json
import os

import pytest
import trio
from http_support import Reader, connect, get, req_bytes, request, rid, ws_run
from trio_websocket import ConnectionClosed, open_websocket_url

# --------------------------------------------------------------------------- WebSockets


def test_websocket_route_on_http_port(app):
    async def scenario():
        async with (
            open_websocket_url(f"ws://127.0.0.1:{app.port}/live") as a,
            open_websocket_url(f"ws://127.0.0.1:{app.port}/live") as b,
        ):
            hello_a = json.loads(await a.get_message())
            hello_b = json.loads(await b.get_message())
            assert hello_a == hello_b == {"conn_ok": True, "status": "connected"}
            word = "msg-" + rid()
            r = await trio.to_thread.run_sync(lambda: request(app.port, "POST", "/say", body=word))
            assert r.text == "failed=0"
            got = {await a.get_message(), await b.get_message()}
            assert got == {word}
            # the HTTP side keeps working while sockets are open
            assert (await trio.to_thread.run_sync(lambda: get(app.port, "/text"))).body == b"hello"

    ws_run(scenario)


def _raw_upgrade(
    port: int, path: str, extra: dict[str, str] | None = None, drop: tuple[str, ...] = ()
) -> tuple[bytes, bytes]:
    headers = {
        "Host": "127.0.0.1",
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(),
        "Sec-WebSocket-Version": "13",
    }
    for k in drop:
        headers.pop(k)
    headers.update(extra or {})
    data = f"GET {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    with connect(port) as s:
        s.sendall(data.encode() + b"\r\n")
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = s.recv(4096)
            if not chunk:
                break
            buf += chunk
        head, _, rest = buf.partition(b"\r\n\r\n")
        return head, rest


def test_websocket_handshake_success_is_101(app):
    head, _ = _raw_upgrade(app.port, "/live")
    lines = head.decode().split("\r\n")
    assert lines[0].startswith("HTTP/1.1 101")
    names = {ln.split(":", 1)[0].lower() for ln in lines[1:]}
    assert {"upgrade", "connection", "sec-websocket-accept"} <= names


@pytest.mark.parametrize(
    "drop, extra, reason",
    [
        (("Upgrade",), {}, "missing or invalid Upgrade header"),
        (("Sec-WebSocket-Key",), {}, "missing Sec-WebSocket-Key header"),
        (
            (),
            {"Sec-WebSocket-Version": "12"},
            "missing or invalid Sec-WebSocket-Version (must be 13)",
        ),
    ],
)
def test_websocket_route_bad_upgrade_is_400(app, drop, extra, reason):
    with connect(app.port) as s:
        headers = {
            "Host": "x",
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            "Sec-WebSocket-Version": "13",
        }
        for k in drop:
            headers.pop(k)
        headers.update(extra)
        s.sendall(req_bytes("GET", "/live", headers))
        r = Reader(s).response()
    assert r.status == 400, r
    assert r.header("Content-Type") == "text/plain"
    assert r.text == f"Bad Request: {reason}"
    assert get(app.port, "/text").body == b"hello"


def test_middleware_can_refuse_a_websocket_upgrade(app):
    head, rest = _raw_upgrade(app.port, "/live", {"X-Block": "outer"})
    assert head.startswith(b"HTTP/1.1 401"), head
    assert rest.startswith(b"blocked by outer")


def _ws_collect(port: int, path: str):
    async def scenario():
        async with open_websocket_url(f"ws://127.0.0.1:{port}{path}") as ws:
            msgs = []
            try:
                while True:
                    msgs.append(await ws.get_message())
            except ConnectionClosed as e:
                return msgs, e.reason

    return ws_run(scenario)


def test_websocket_route_handler_return_closes_1000(app):
    msgs, reason = _ws_collect(app.port, "/ws/return")
    assert msgs == ["bye"] and reason.code == 1000


def test_websocket_route_panic_closes_1011(app):
    mark = app.mark()
    msgs, reason = _ws_collect(app.port, "/ws/crash")
    assert msgs == ["about to crash"] and reason.code == 1011
    m = app.wait_line(r"\[mesh-rt\] WebSocket handler panicked: (.*)", start=mark)
    assert m.group(1).endswith("ws handler boom")
    assert get(app.port, "/text").body == b"hello"


def test_websocket_close_twice_and_send_after_close(app):
    mark = app.mark("out")
    msgs, reason = _ws_collect(app.port, "/ws/close-twice")
    assert msgs == [] and reason.code == 1000
    app.wait_line(r"^ws close results 0 -1 -1$", stream="out", start=mark)


def test_callback_websocket_echo_server(app):
    async def scenario():
        async with open_websocket_url(f"ws://127.0.0.1:{app.ws_port}/echo?x=1") as ws:
            for word in ("one", "two", "ünï"):
                await ws.send_message(word)
                assert await ws.get_message() == "echo:" + word
            await ws.send_message(b"bin")  # binary messages arrive as a String
            assert await ws.get_message() == "echo:bin"

    mark = app.mark("out")
    ws_run(scenario)
    app.wait_line(r"^ws closed 1000$", stream="out", start=mark)


@pytest.mark.parametrize(
    "path, headers",
    [
        ("/nope", []),
        ("/echo", [("X-Reject", "yes")]),  # on_connect sees lower-cased header names
    ],
)
def test_callback_websocket_rejected_by_on_connect(app, path, headers):
    async def scenario():
        async with open_websocket_url(
            f"ws://127.0.0.1:{app.ws_port}{path}", extra_headers=headers
        ) as ws:
            with pytest.raises(ConnectionClosed) as exc:
                await ws.get_message()
            return exc.value.reason

    reason = ws_run(scenario)
    assert (reason.code, reason.reason) == (1008, "rejected")


def test_callback_websocket_panic_closes_1011(app):
    mark = app.mark("out")

    async def scenario():
        async with open_websocket_url(f"ws://127.0.0.1:{app.ws_port}/echo") as ws:
            await ws.send_message("crash")
            with pytest.raises(ConnectionClosed) as exc:
                await ws.get_message()
            return exc.value.reason

    reason = ws_run(scenario)
    assert reason.code == 1011
    app.wait_line(r"^ws closed 1011$", stream="out", start=mark)

    async def again():
        async with open_websocket_url(f"ws://127.0.0.1:{app.ws_port}/echo") as ws:
            await ws.send_message("still")
            return await ws.get_message()

    assert ws_run(again) == "echo:still"
