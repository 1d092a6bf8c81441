"""Limits and timers of the HTTP/WebSocket runtime (spec 06 §1.8, §2.2) against the built
`http_programs/app` server: WebSocket message size (1009), invalid UTF-8 (1007), callback
panics (1011), the heartbeat (1001 `pong timeout`) and the slow-client read timeout.

The 30 s / 10 s / 30 s intervals are shortened through the test-only environment variables
of docs/internals/http-contract.md, so nothing here waits for the real values. Assertions
are on what goes over the wire, never on how long it took; every wait is bounded."""

from __future__ import annotations

import base64
import os
import select
import socket
import struct
import time

import pytest
from http_support import (
    PARSERS,
    READY_RE,
    START_TIMEOUT,
    WS_READY_RE,
    Reader,
    Server,
    WsReader,
    connect,
    get,
    req_bytes,
    ws_frame,
    ws_run,
)
from trio_websocket import ConnectionClosed, open_websocket_url

PING_MS, PONG_MS = 300, 1000
READ_MS = IDLE_MS = 1000
WAIT = 30.0  # bound for anything that should happen after one of the intervals above
MIB16 = 16 * 1024 * 1024


@pytest.fixture(scope="module")
def app_exe(http_program):
    return http_program("app")


def _start_with(exe, parser: str, env: dict[str, int]) -> Server:
    srv = Server(exe, parser, env={k: str(v) for k, v in env.items()})
    try:
        srv.port = int(srv.wait_line(READY_RE, timeout=START_TIMEOUT).group(2))
        srv.ws_port = int(srv.wait_line(WS_READY_RE, timeout=START_TIMEOUT).group(1))
    except BaseException:
        srv.stop()
        raise
    return srv


@pytest.fixture(scope="module", params=PARSERS)
def app(request, app_exe):
    """Short read/idle timeouts. The heartbeat keeps its real interval here: a client busy
    sending 16 MiB cannot answer pings."""
    srv = _start_with(
        app_exe,
        request.param,
        {
            "MESH_HTTP_READ_TIMEOUT_MS": READ_MS,
            "MESH_HTTP_IDLE_TIMEOUT_MS": IDLE_MS,
            "MESH_WS_HANDSHAKE_TIMEOUT_MS": READ_MS,
        },
    )
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module", params=PARSERS)
def hb_app(request, app_exe):
    """Pings every PING_MS, pong timeout PONG_MS."""
    srv = _start_with(
        app_exe,
        request.param,
        {"MESH_WS_PING_INTERVAL_MS": PING_MS, "MESH_WS_PONG_TIMEOUT_MS": PONG_MS},
    )
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(autouse=True)
def _no_traceback(request):
    """(conftest checks the server is still up.) No Python traceback either."""
    yield
    for name in ("app", "hb_app"):
        if name in request.fixturenames:
            srv = request.getfixturevalue(name)
            assert "Traceback" not in srv.stderr_text(), srv.stderr_text()


# --------------------------------------------------------------------------- raw WebSockets


def ws_connect(port: int, path: str, timeout: float = WAIT) -> tuple[socket.socket, WsReader]:
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.settimeout(timeout)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(
        (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            f"Sec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
    )
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(4096)
        assert chunk, f"closed during the handshake: {buf!r}"
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 101"), head
    return s, WsReader(s, rest)


def close_frame(rd: WsReader) -> tuple[int, str, list[int]]:
    """Reads up to the server's close frame: (code, reason, opcodes seen before it)."""
    seen = []
    while True:
        op, payload = rd.frame()
        if op == 8:
            code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
            return code, payload[2:].decode("utf-8"), seen
        seen.append(op)


def assert_eof(rd: WsReader) -> None:
    """Reads frames until the server closes the TCP connection (socket timeout otherwise)."""
    try:
        while True:
            rd.frame()
    except (EOFError, ConnectionResetError):
        return


def big_frame(opcode: int, n: int, *, fin: bool = True) -> bytes:
    # an all-zero mask key leaves the payload as is, so no 16 MiB XOR in Python
    return (
        ws_frame(opcode, b"", fin=fin)[:1]
        + bytes([0x80 | 127])
        + struct.pack("!Q", n)
        + b"\0\0\0\0"
        + b"a" * n
    )


# --------------------------------------------------------------------------- message limits


def test_ws_16_mib_message_is_accepted_and_over_it_closes_1009(app):
    mark = app.mark("out")
    s, rd = ws_connect(app.ws_port, "/echo")
    with s:
        # exactly the limit, in two fragments (the limit is on the reassembled message)
        half = MIB16 // 2
        s.sendall(big_frame(1, half, fin=False) + big_frame(0, MIB16 - half))
        op, payload = rd.frame()
        assert (op, len(payload), payload[:6]) == (1, MIB16 + 5, b"echo:a")
        s.sendall(big_frame(1, half, fin=False))
        try:
            s.sendall(big_frame(0, MIB16 - half + 1))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may close before taking the last byte
        code, reason, _ = close_frame(rd)
        assert code == 1009, reason
        assert_eof(rd)
    app.wait_line(r"^ws closed 1000$", stream="out", start=mark, timeout=WAIT)


def test_ws_invalid_utf8_text_closes_1007(app):
    mark = app.mark("out")
    s, rd = ws_connect(app.ws_port, "/echo")
    with s:
        s.sendall(ws_frame(2, b"a\xffb"))  # binary: delivered with U+FFFD (spec 06 §2.1)
        assert rd.frame() == (1, "echo:a\ufffdb".encode())
        s.sendall(ws_frame(1, b"ok \xc3", fin=False) + ws_frame(0, b"\x28"))  # split sequence
        code, reason, seen = close_frame(rd)
        assert (code, reason, seen) == (1007, "invalid UTF-8", [])
        assert_eof(rd)
    app.wait_line(r"^ws closed 1000$", stream="out", start=mark, timeout=WAIT)


def test_ws_protocol_violation_closes_1002(app):
    s, rd = ws_connect(app.ws_port, "/echo")
    with s:
        s.sendall(ws_frame(1, b"start", fin=False) + ws_frame(1, b"new data frame"))
        code, _reason, seen = close_frame(rd)
        assert (code, seen) == (1002, [])
        assert_eof(rd)


@pytest.mark.parametrize("form", ["callback", "route"])
def test_ws_panic_closes_1011_internal_error(app, form):
    mark_err, mark_out = app.mark(), app.mark("out")

    async def scenario():
        if form == "callback":
            url = f"ws://127.0.0.1:{app.ws_port}/echo"
        else:
            url = f"ws://127.0.0.1:{app.port}/ws/crash"
        async with open_websocket_url(url) as ws:
            if form == "callback":
                await ws.send_message("crash")
            else:
                assert await ws.get_message() == "about to crash"
            with pytest.raises(ConnectionClosed) as exc:
                await ws.get_message()
            return exc.value.reason

    reason = ws_run(scenario, timeout=WAIT)
    assert (reason.code, reason.reason) == (1011, "internal error")
    m = app.wait_line(r"\[mesh-rt\] WebSocket handler panicked: (.*)", start=mark_err, timeout=WAIT)
    assert m.group(1).endswith("ws callback crash" if form == "callback" else "ws handler boom")
    if form == "callback":
        app.wait_line(r"^ws closed 1011$", stream="out", start=mark_out, timeout=WAIT)


# --------------------------------------------------------------------------- heartbeat


@pytest.mark.parametrize("form", ["callback", "route"])
def test_ws_unanswered_ping_closes_1001_pong_timeout(hb_app, form):
    mark = hb_app.mark("out")
    port, path = (hb_app.ws_port, "/echo") if form == "callback" else (hb_app.port, "/live")
    s, rd = ws_connect(port, path)
    with s:
        code, reason, seen = close_frame(rd)  # never answering the pings
        assert (code, reason) == (1001, "pong timeout")
        assert 9 in seen  # the server pinged first
        assert_eof(rd)
    if form == "callback":  # a pong timeout is an ordinary end for on_close (spec 06 §2.1)
        hb_app.wait_line(r"^ws closed 1000$", stream="out", start=mark, timeout=WAIT)
    assert get(hb_app.port, "/text").body == b"hello"


def test_ws_answered_pings_keep_the_connection(hb_app):
    s, rd = ws_connect(hb_app.ws_port, "/echo")
    with s:
        pings = 0
        while pings < 3:  # the server pings again only after the previous pong matched
            op, payload = rd.frame()
            assert op == 9, (op, payload)
            pings += 1
            s.sendall(ws_frame(10, payload))
        s.sendall(ws_frame(1, b"still here"))
        while (frame := rd.frame())[0] == 9:
            s.sendall(ws_frame(10, frame[1]))
        assert frame == (1, b"echo:still here")
        s.sendall(ws_frame(8, struct.pack("!H", 1000)))


# --------------------------------------------------------------------------- read timeout


def _closed_by_server(s: socket.socket, limit: float = WAIT) -> bytes:
    """Reads until the server closes; returns what it sent. Fails after `limit` s."""
    data = b""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        r, _, _ = select.select([s], [], [], 0.1)
        if r:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                return data
            if not chunk:
                return data
            data += chunk
    pytest.fail(f"the server did not close the connection within {limit} s (got {data!r})")


def test_incomplete_request_is_closed_by_the_read_timeout(app):
    with connect(app.port) as slow:
        slow.sendall(b"GET /text HTTP/1.1\r\nHost: x\r\n")  # no end of head
        # others are served meanwhile
        assert get(app.port, "/text").body == b"hello"
        assert _closed_by_server(slow) == b""  # closed without an answer
    assert get(app.port, "/text").body == b"hello"


def test_dripping_request_is_closed_although_bytes_keep_coming(app):
    """The read timeout bounds the whole request, not the gap between reads (slowloris)."""
    with connect(app.port) as slow:
        slow.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
        deadline = time.monotonic() + WAIT
        closed = False
        while time.monotonic() < deadline and not closed:
            try:
                slow.sendall(b"x")
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            r, _, _ = select.select([slow], [], [], 0.05)
            if r:
                try:
                    closed = slow.recv(65536) == b""
                except ConnectionResetError:
                    closed = True
        assert closed, "a request that never completes must be cut off"
    assert get(app.port, "/text").body == b"hello"


def test_ws_serve_client_that_never_finishes_its_handshake_is_closed(app):
    """`Ws.serve`: the opening handshake must arrive within 5 s (06 §2.2; shortened here),
    whether the client sends nothing or stops half-way."""
    with connect(app.ws_port) as silent, connect(app.ws_port) as slow:
        slow.sendall(b"GET /echo HTTP/1.1\r\nHost: x\r\n")  # never finishes the head
        assert _closed_by_server(silent) == b""
        assert _closed_by_server(slow) == b""
    s, rd = ws_connect(app.ws_port, "/echo")  # the server still accepts handshakes
    s.close()


def test_idle_keep_alive_connection_is_closed(app):
    with connect(app.port) as s:
        s.sendall(req_bytes("GET", "/text"))
        rd = Reader(s)
        assert rd.response().body == b"hello"
        assert _closed_by_server(s) == b""
    with connect(app.port) as other:
        other.sendall(req_bytes("GET", "/users/2"))
        assert Reader(other).response().status == 200
