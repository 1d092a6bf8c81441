"""Connections of the built `app` server (spec 06 §1.8): keep-alive, pipelining, HTTP/1.0,
`Expect: 100-continue`, one process per connection, concurrency, bind failure, and the
protocol-error limits (400/413/431). Fixtures in conftest.py, helpers in http_support.py."""

from __future__ import annotations

import http.client
import json
import re
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from http_support import (
    IO_TIMEOUT,
    START_TIMEOUT,
    Reader,
    Server,
    connect,
    get,
    raw_exchange,
    req_bytes,
    request,
)

# --------------------------------------------------------------------------- connections


def test_keep_alive_two_requests_one_connection(app):
    conn = http.client.HTTPConnection("127.0.0.1", app.port, timeout=IO_TIMEOUT)
    try:
        conn.request("GET", "/text")
        r1 = conn.getresponse()
        assert r1.read() == b"hello"
        sock = conn.sock
        assert sock is not None
        conn.request("POST", "/echo", body="again")
        r2 = conn.getresponse()
        assert r2.read() == b"POST:5:again"
        assert conn.sock is sock  # same TCP connection
    finally:
        conn.close()


def test_pipelined_requests_answered_in_order(app):
    with connect(app.port) as s:
        s.sendall(
            req_bytes("GET", "/users/1")
            + req_bytes("POST", "/echo", body=b"two")
            + req_bytes("GET", "/nothing")
            + req_bytes("GET", "/users/4")
        )
        rd = Reader(s)
        got = [rd.response() for _ in range(4)]
    assert json.loads(got[0].body)["id"] == "1"
    assert got[1].text == "POST:3:two"
    assert got[2].status == 404
    assert json.loads(got[3].body)["id"] == "4"


def test_connection_close_is_honoured(app):
    resp, closed = raw_exchange(
        app.port, req_bytes("GET", "/text", {"Connection": "close"}), check_close=True
    )
    assert resp.body == b"hello" and resp.header("Connection") == "close"
    assert closed


def test_http10_without_keep_alive_closes(app):
    with connect(app.port) as s:
        s.sendall(b"GET /text HTTP/1.0\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    assert data.startswith(b"HTTP/1.1 200 OK\r\n"), data
    assert data.endswith(b"\r\n\r\nhello")


def test_http10_keep_alive_stays_open(app):
    """Spec 06 §1.8: the server closes for `Connection: close` or "HTTP/1.0 without
    keep-alive", so an HTTP/1.0 request with `Connection: keep-alive` keeps the connection
    (h11 has no HTTP/1.0 keep-alive; the h11 parser restarts it for the next request)."""
    with connect(app.port) as s:
        s.sendall(b"GET /text HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        rd = Reader(s)
        first = rd.response()
        assert first.body == b"hello"
        assert first.header("Connection") != "close", first
        s.sendall(b"GET /text HTTP/1.0\r\n\r\n")
        assert rd.response().body == b"hello"
        assert rd.at_eof()


def test_http10_keep_alive_pipelined(app):
    with connect(app.port) as s:
        s.sendall(
            b"GET /users/1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
            b"HEAD /any HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"
            b"GET /users/3 HTTP/1.0\r\n\r\nGET /text HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        rd = Reader(s)
        assert json.loads(rd.response().body)["id"] == "1"
        head = rd.response(head=True)
        assert (head.status, head.header("Content-Length")) == (200, str(len("any:HEAD")))
        last = rd.response()
        assert json.loads(last.body)["id"] == "3" and last.header("Connection") == "close"
        assert rd.at_eof()  # the request after the closing one is not answered


def test_expect_100_continue(app):
    with connect(app.port) as s:
        s.sendall(
            b"POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"
        )
        rd = Reader(s)
        interim = rd.response(head=True)
        assert interim.status == 100
        s.sendall(b"body")
        final = rd.response()
        assert (final.status, final.text) == (200, "POST:4:body")


def test_one_process_per_connection(app):
    conn = http.client.HTTPConnection("127.0.0.1", app.port, timeout=IO_TIMEOUT)
    try:
        pids = []
        for _ in range(2):
            conn.request("GET", "/whoami")
            pids.append(conn.getresponse().read().decode())
    finally:
        conn.close()
    assert re.fullmatch(r"<0\.\d+>", pids[0]) and pids[0] == pids[1]
    assert get(app.port, "/whoami").text != pids[0]


def test_mailbox_is_cleared_between_requests(app):
    with connect(app.port) as s:
        s.sendall(req_bytes("GET", "/mbox/leave") + req_bytes("GET", "/mbox/check"))
        rd = Reader(s)
        assert rd.response().text == "left"
        assert rd.response().text == "clean"


def test_connections_are_served_concurrently(app):
    """Each connection is its own process: handlers blocked in `receive` block nobody else.
    Four requests park at the gate until it opens: the gate's count shows all four handlers
    running at once, a fifth request is answered meanwhile, then the gate releases them."""
    with ThreadPoolExecutor(4) as pool:
        parked = [pool.submit(get, app.port, "/gate/wait", timeout=120) for _ in range(4)]
        try:
            deadline = time.monotonic() + 60
            while (count := get(app.port, "/gate/count").text) != "4":
                assert time.monotonic() < deadline, f"{count} of 4 handlers reached the gate"
                assert not any(f.done() for f in parked), [f.result() for f in parked if f.done()]
                time.sleep(0.02)
            assert get(app.port, "/text").body == b"hello"
            assert not any(f.done() for f in parked), "a handler left the gate before it opened"
        finally:
            opened = request(app.port, "POST", "/gate/open").text
        assert opened == "4"
        assert [f.result().text for f in parked] == ["opened"] * 4


def test_burst_of_connections_all_served(app):
    """300 connections queued in the backlog at once (the accept loop takes them in
    batches), each then sends a request: every one is answered, in its own connection."""
    socks = [connect(app.port) for _ in range(300)]
    try:
        for s in socks:
            s.sendall(req_bytes("GET", "/text"))
        for s in socks:
            r = Reader(s).response()
            assert (r.status, r.body) == (200, b"hello")
    finally:
        for s in socks:
            s.close()
    assert get(app.port, "/text").body == b"hello"


def test_pipelined_slow_request_keeps_order(app):
    with connect(app.port) as s:
        s.sendall(req_bytes("GET", "/sleepy?ms=200") + req_bytes("GET", "/text"))
        rd = Reader(s)
        assert rd.response().text == "slept 200"
        assert rd.response().text == "hello"


def test_bind_failure_is_reported_and_program_exits_1(binaries):
    # our deviation from 06 §1.8 "returns ()" (docs/cli.md): the program ends with status 1
    blocker = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    try:
        blocker.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        blocker.bind(("::", 0))
    except OSError:
        blocker.close()
        blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        blocker.bind(("0.0.0.0", 0))
    blocker.listen(1)
    port = blocker.getsockname()[1]
    srv = Server(binaries["app"], "fast", env={"PORT": str(port)})
    try:
        m = srv.wait_line(
            r"\[mesh-rt\] Failed to start HTTP server on (\[::\]|0\.0\.0\.0):(\d+): (.+)",
            timeout=START_TIMEOUT,
        )
        assert int(m.group(2)) == port and m.group(3)
        assert srv.proc.wait(timeout=START_TIMEOUT) == 1
        assert "serve returned" not in srv.out
    finally:
        srv.stop()
        blocker.close()


# --------------------------------------------------------------------------- limits


def _assert_protocol_error(app, data: bytes, status: int) -> None:
    mark = app.mark()
    resp, closed = raw_exchange(app.port, data, check_close=True)
    assert resp.status == status, resp
    assert closed, "connection must close after a protocol error"
    app.wait_line(r"\[mesh-rt\] HTTP parse error: .+", start=mark)
    assert get(app.port, "/text").body == b"hello"  # still serving


def test_header_too_large_is_431(app):
    _assert_protocol_error(app, req_bytes("GET", "/text", {"X-Big": "a" * 9000}), 431)


def test_too_many_headers_is_431(app):
    headers = {f"X-H{i}": "v" for i in range(120)}
    _assert_protocol_error(app, req_bytes("GET", "/text", headers), 431)


def test_malformed_request_line_is_400(app):
    _assert_protocol_error(app, b"THIS IS NOT HTTP\r\n\r\n", 400)


def test_bad_content_length_is_400(app):
    _assert_protocol_error(
        app, b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n", 400
    )


def test_body_over_16_mib_is_413(app):
    mark = app.mark()
    with connect(app.port) as s:
        s.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 16777217\r\n\r\n")
        rd = Reader(s)
        sent = 0
        chunk = b"x" * 65536
        # the server may answer before the whole body arrived; stop writing then
        try:
            while sent < 16777217:
                s.sendall(chunk[: min(len(chunk), 16777217 - sent)])
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            resp = rd.response()
        except ConnectionResetError:  # pragma: no cover - reset after the answer was sent
            pytest.fail("connection reset before a 413 was read")
    assert resp.status == 413, resp
    app.wait_line(r"\[mesh-rt\] HTTP parse error: .+", start=mark)
    assert get(app.port, "/text").body == b"hello"
