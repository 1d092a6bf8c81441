"""HTTP server, router and middleware over real loopback sockets (spec 06 §1), run against
both parsers (h11 reference and the httptools hot path). Handlers are small Python callables
shaped like generated code: plain `def` or `async def`, receiving a Request handle."""

from __future__ import annotations

import http.client
import socket
import sys

import pytest

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from http_helpers import ServerThread, raw, read_response  # noqa: E402

from mesh.runtime import actors as A  # noqa: E402
from mesh.runtime.stdlib import (
    http as HTTP,  # noqa: E402
    request as R,  # noqa: E402
)
from mesh.runtime.values import NONE, MeshMap, MeshPanic, Some  # noqa: E402


def opt(o):
    return o._0 if type(o) is Some else "none"


def health(_req):
    return HTTP.response(200, '{"status":"ok"}')


async def user(req):
    return HTTP.response(200, opt(R.param(req, "id")))


def me(_req):
    return HTTP.response(200, "me")


def posted(_req):
    return HTTP.response(200, "posted")


def fallback(_req):
    return HTTP.response(200, "fallback")


async def crash(_req):
    raise MeshPanic("boom")


def echo(req):
    parts = [
        R.method(req),
        R.path(req),
        opt(R.query(req, "a")),
        opt(R.query(req, "b")),
        opt(R.header(req, "x-thing")),
        R.body(req),
        opt(R.param(req, "id")),
    ]
    return HTTP.response(200, "|".join(parts))


def with_headers(_req):
    return HTTP.response_with_headers(
        201,
        "made",
        MeshMap(
            [
                ("X-One", "1"),
                ("content-type", "text/plain"),
                ("Content-Length", "999"),
                ("X-Two", "2"),
            ]
        ),
    )


def bad_header(_req):
    return HTTP.response_with_headers(200, "x", MeshMap([("X-Bad", "a\r\nb")]))


def status(req):
    return HTTP.response(int(opt(R.param(req, "n"))), "s")


async def selfish(_req):
    me_ = A.self_pid()
    A.send(me_, "ping")
    r = await A.receive(lambda m: (0, m), 1000)
    # mailbox starts empty for every request
    r2 = await A.receive(lambda m: (0, m), 0)
    return HTTP.response(200, f"{r[1]}:{r2 is A.TIMEOUT}")


def make_closure(word):
    async def handler(_req):
        return HTTP.response(200, word)

    return handler


def build_router():
    r = HTTP.router()
    r = HTTP.on_get(r, "/health", health)
    r = HTTP.on_get(r, "/users/:id", user)
    r = HTTP.on_get(r, "/users/me", me)
    r = HTTP.on_post(r, "/data", posted)
    r = HTTP.on_get(r, "/crash", crash)
    r = HTTP.route(r, "/echo", echo)
    r = HTTP.on_get(r, "/things/:id/echo", echo)
    r = HTTP.on_get(r, "/headers", with_headers)
    r = HTTP.on_get(r, "/bad-header", bad_header)
    r = HTTP.on_get(r, "/status/:n", status)
    r = HTTP.on_get(r, "/self", selfish)
    r = HTTP.on_get(r, "/closure", make_closure("captured"))
    r = HTTP.on_put(r, "/put", make_closure("put"))
    r = HTTP.on_patch(r, "/patch", make_closure("patch"))
    r = HTTP.on_delete(r, "/del", make_closure("deleted"))
    r = HTTP.on_get(r, "/static/*", make_closure("static"))
    r = HTTP.route(r, "/*", fallback)
    return r


@pytest.fixture(scope="module", params=["fast", "h11"])
def server(request):
    s = ServerThread(
        build_router(), parser=request.param, read_timeout=1.0, idle_timeout=1.0, max_body=64 * 1024
    ).start()
    yield s
    s.stop()


def get(port, path, method="GET", body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode()
    finally:
        c.close()


# ------------------------------------------------------------------ routing


def test_health_and_wire_format(server):
    data = raw(server.port, b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert data == (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
        b'Content-Length: 15\r\nConnection: close\r\n\r\n{"status":"ok"}'
    )


@pytest.mark.parametrize(
    "path,expected",
    [
        ("/users/42", "42"),
        ("/users/me", "me"),
        ("/users/7/", "7"),
        ("//users/7", "7"),
        ("/unknown/path", "fallback"),
        ("/static", "static"),
        ("/static/a/b", "static"),
        ("/closure", "captured"),
    ],
)
def test_routes(server, path, expected):
    st, _, body = get(server.port, path)
    assert (st, body) == (200, expected)


def test_methods_and_fallthrough(server):
    assert get(server.port, "/data", "POST", body="x")[2] == "posted"
    assert get(server.port, "/users/42", "POST", body="x")[2] == "fallback"
    assert get(server.port, "/put", "PUT", body="")[2] == "put"
    assert get(server.port, "/patch", "PATCH", body="")[2] == "patch"
    assert get(server.port, "/del", "DELETE")[2] == "deleted"


def test_request_accessors(server):
    st, _, body = get(
        server.port,
        "/echo?a=1&b=&a=3&c",
        "POST",
        body="héllo".encode(),
        headers={"X-Thing": "  val  "},
    )
    assert body == "POST|/echo|3||val|héllo|none"
    assert get(server.port, "/things/9/echo")[2] == "GET|/things/9/echo|none|none|none||9"


def test_404_without_middleware():
    s = ServerThread(HTTP.on_get(HTTP.router(), "/a", health)).start()
    try:
        st, h, body = get(s.port, "/nope")
        assert (st, body) == (404, "Not Found")
        assert h["content-type"] == "application/json; charset=utf-8"
    finally:
        s.stop()


def test_response_headers(server):
    data = raw(server.port, b"GET /headers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    assert lines[0] == b"HTTP/1.1 201 Created"
    assert lines[1:] == [
        b"content-type: text/plain",
        b"Content-Length: 4",
        b"X-One: 1",
        b"X-Two: 2",
        b"Connection: close",
    ]
    assert body == b"made"


def test_status_phrases_and_head(server):
    assert raw(
        server.port, b"GET /status/409 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    ).startswith(b"HTTP/1.1 409 Conflict\r\n")
    d = raw(server.port, b"GET /status/204 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert d.startswith(b"HTTP/1.1 204 No Content\r\n") and d.endswith(b"\r\n\r\n")
    d = raw(server.port, b"HEAD /anything HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert b"Content-Length: 8\r\n" in d and d.endswith(b"\r\n\r\n")


def test_invalid_status_and_bad_header_are_500(server, capfd):
    assert get(server.port, "/status/777")[0] == 500
    assert get(server.port, "/bad-header")[0] == 500
    assert get(server.port, "/health")[0] == 200


def test_handler_runs_in_a_process(server):
    assert get(server.port, "/self")[2] == "ping:True"


# ------------------------------------------------------------------ crash isolation


def test_panic_gives_500_and_server_continues(server, capfd):
    data = raw(server.port, b"GET /crash HTTP/1.1\r\nHost: x\r\n\r\n")
    assert data.startswith(b"HTTP/1.1 500 Internal Server Error\r\n")
    assert b"Connection: close\r\n" in data and data.endswith(b"Internal Server Error")
    assert "[mesh-rt] HTTP handler panicked: boom" in capfd.readouterr().err
    assert get(server.port, "/health")[0] == 200


# ------------------------------------------------------------------ keep-alive, pipelining


def test_keep_alive(server):
    c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        socks = set()
        for i in range(5):
            c.request("GET", f"/users/{i}")
            r = c.getresponse()
            assert r.read() == str(i).encode()
            assert r.getheader("Connection") is None
            socks.add(id(c.sock))
        assert len(socks) == 1
    finally:
        c.close()


def test_pipelining_in_order(server):
    reqs = b"".join(b"GET /users/%d HTTP/1.1\r\nHost: x\r\n\r\n" % i for i in range(20))
    reqs += b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
    reqs += b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(reqs)
        f = s.makefile("rb")
        bodies = [read_response(f)[2] for _ in range(22)]
        assert f.read() == b""  # closed after Connection: close
    assert bodies[:20] == [str(i).encode() for i in range(20)]
    assert bodies[20] == b"POST|/echo|none|none|none|abc|none"
    assert bodies[21] == b'{"status":"ok"}'


def test_http10_closes(server):
    d = raw(server.port, b"GET /health HTTP/1.0\r\n\r\n")
    assert d.startswith(b"HTTP/1.1 200 OK") and d.endswith(b'{"status":"ok"}')


def test_chunked_body_and_100_continue(server):
    d = raw(
        server.port,
        b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        b"Connection: close\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
    )
    assert d.endswith(b"|abcde|none")
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(
            b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
            b"Expect: 100-continue\r\nConnection: close\r\n\r\n"
        )
        assert s.recv(100).startswith(b"HTTP/1.1 100 Continue\r\n")
        s.sendall(b"hi")
        f = s.makefile("rb")
        assert read_response(f)[2].endswith(b"|hi|none")


def test_idle_connection_closed(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        f = s.makefile("rb")
        assert read_response(f)[0] == 200
        assert f.read() == b""  # idle timeout (1 s in this fixture) closes


def test_slow_client_timeout(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(b"GET /health HTTP/1.1\r\nHo")
        assert s.recv(100) == b""  # request not complete within the read timeout
    assert get(server.port, "/health")[0] == 200


# ------------------------------------------------------------------ limits, malformed input


def test_malformed_request_400_and_server_continues(server, capfd):
    for bad in (
        b"GARBAGE\r\n\r\n",
        b"GET / HTTP/1.1\r\nBad Header\r\n\r\n",
        b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    ):
        d = raw(server.port, bad)
        assert d.startswith(b"HTTP/1.1 400 Bad Request\r\n"), (bad, d)
        assert b"Connection: close" in d
    assert "[mesh-rt] HTTP parse error: " in capfd.readouterr().err
    assert get(server.port, "/health")[0] == 200


def test_head_too_large_431(server):
    big = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n"
    assert raw(server.port, big).startswith(b"HTTP/1.1 431 ")
    many = (
        b"GET / HTTP/1.1\r\nHost: x\r\n"
        + b"".join(b"X-%d: 1\r\n" % i for i in range(101))
        + b"\r\n"
    )
    assert raw(server.port, many).startswith(b"HTTP/1.1 431 ")
    ok = b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(98))
    assert raw(server.port, ok + b"Connection: close\r\n\r\n").startswith(b"HTTP/1.1 200 ")


def test_body_too_large_413(server):
    d = raw(server.port, b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n")
    assert d.startswith(b"HTTP/1.1 413 ")
    chunk = b"%x\r\n" % 40000 + b"a" * 40000 + b"\r\n"
    d = raw(
        server.port,
        b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + chunk * 2
        + b"0\r\n\r\n",
    )
    assert d.startswith(b"HTTP/1.1 413 ")


# ------------------------------------------------------------------ middleware


def build_mw_router(log):
    def outer(req, nxt):
        log.append("outer-in")
        return _after(nxt(req), log, "outer-out")

    async def gate(req, nxt):
        log.append("gate")
        if R.header(req, "x-api-key") is NONE:
            return HTTP.response(401, "Unauthorized")
        r = nxt(req)
        if hasattr(r, "__await__"):
            r = await r
        return r

    def hello(req):
        log.append("handler:" + opt(R.param(req, "who")))
        return HTTP.response(200, "hello-world")

    r = HTTP.router()
    r = HTTP.use(r, outer)
    r = HTTP.on_get(r, "/hello/:who", hello)
    r = HTTP.use(r, gate)  # added after the route: still applies
    return r


async def _after(resp, log, tag):
    if hasattr(resp, "__await__"):
        resp = await resp
    log.append(tag)
    return resp


def test_middleware_order_short_circuit_and_404():
    log = []
    s = ServerThread(build_mw_router(log)).start()
    try:
        hdr = {"X-Api-Key": "k"}
        assert get(s.port, "/hello/bob", headers=hdr)[::2] == (200, "hello-world")
        assert log == ["outer-in", "gate", "handler:bob", "outer-out"]
        log.clear()
        assert get(s.port, "/hello/bob")[::2] == (401, "Unauthorized")
        assert log == ["outer-in", "gate", "outer-out"]
        log.clear()
        assert get(s.port, "/nonexistent", headers=hdr)[::2] == (404, "Not Found")
        assert log == ["outer-in", "gate", "outer-out"]
    finally:
        s.stop()


def test_bind_failure_ends_the_program_with_status_1(capfd):

    from mesh.runtime.http import server as srv

    with socket.socket() as blocker:
        blocker.bind(("0.0.0.0", 0))
        blocker.listen(1)
        port = blocker.getsockname()[1]
        with socket.socket(socket.AF_INET6) as b6:
            try:
                b6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                b6.bind(("::", port))
                b6.listen(1)
            except OSError:
                pass

            after = []

            async def main():
                await srv.serve(HTTP.router(), port)
                after.append("serve returned")  # never: the program ends (docs/cli.md)

            assert A.run_program(main) == 1
            assert after == []
    err = capfd.readouterr().err
    assert f"[mesh-rt] Failed to start HTTP server on [::]:{port}: " in err
