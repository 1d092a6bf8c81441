"""Real Mesh HTTP/WebSocket servers, built with the real CLI and driven over loopback.

Each program under `http_programs/` is built once per session with `mesh build DIR -o
PATH`, then started as a subprocess per parser (`MESH_HTTP_PARSER=fast|h11`, module
scope) on a free port (`PORT=0`; the port is read back from the readiness line of spec 06
§1.8, `[mesh-rt] HTTP server listening on [::]:PORT`). Tests talk to it with
`http.client`, raw sockets (keep-alive, pipelining, limits, handshake errors) and
trio-websocket. Everything has a bounded timeout and every subprocess is killed in a
`finally`.

  app/      routing, params, query, headers, body, methods, middleware order, responses,
            JSON, keep-alive, pipelining, 404/500, limits, a service called from handlers,
            a WebSocket route on the HTTP port and a `Ws.serve` callback echo server
  landing/  the landing-page server of spec 06 / seed 004 with an in-memory service
            standing in for Postgres (JSON API + WebSocket route on one port)
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import trio
from trio_websocket import ConnectionClosed, open_websocket_url

ROOT = Path(__file__).resolve().parent.parent.parent
PROGRAMS = Path(__file__).resolve().parent / "http_programs"
BUILD_TIMEOUT = 60.0
START_TIMEOUT = 15.0
IO_TIMEOUT = 5.0
PARSERS = ["fast", "h11"]

READY_RE = re.compile(r"\[mesh-rt\] HTTP server listening on (\[::\]|0\.0\.0\.0):(\d+)")
WS_READY_RE = re.compile(r"\[mesh-rt\] WebSocket server listening on 0\.0\.0\.0:(\d+)")
JSON_CT = "application/json; charset=utf-8"


# --------------------------------------------------------------------------- build / run


def _mesh() -> list[str]:
    exe = Path(sys.executable).parent / "mesh"
    if exe.is_file() and os.access(exe, os.X_OK):
        return [str(exe)]
    return [sys.executable, "-m", "mesh.cli"]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("MESH_DEBUG", None)
    env["NO_COLOR"] = "1"
    pp = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + pp if pp else "")
    return env


def _build(name: str, out_dir: Path) -> Path:
    exe = out_dir / name
    r = subprocess.run(
        _mesh() + ["build", str(PROGRAMS / name), "-o", str(exe), "--no-color",
                   "--build-dir", str(out_dir / f"build-{name}")],
        check=False, capture_output=True, text=True, timeout=BUILD_TIMEOUT,
        env=_env(), cwd=ROOT, stdin=subprocess.DEVNULL,
    )
    assert r.returncode == 0, f"mesh build {name} failed (exit {r.returncode}):\n{r.stdout}{r.stderr}"
    assert exe.is_file()
    return exe


@pytest.fixture(scope="session")
def binaries(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("http_programs")
    return {name: _build(name, out) for name in ("app", "landing")}


class Server:
    """A running Mesh program; stdout and stderr are pumped into lists by threads."""

    def __init__(self, exe: Path, parser: str, env: dict[str, str] | None = None) -> None:
        full_env = _env()
        full_env.pop("PYTHONPATH", None)
        full_env.update(PORT="0", WS_PORT="0", MESH_HTTP_PARSER=parser)
        full_env.update(env or {})
        env = full_env
        self.parser = parser
        self.proc = subprocess.Popen(
            [str(exe)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=env, cwd=exe.parent,
        )
        self.cond = threading.Condition()
        self.err: list[str] = []
        self.out: list[str] = []
        for stream, sink in ((self.proc.stderr, self.err), (self.proc.stdout, self.out)):
            threading.Thread(target=self._pump, args=(stream, sink), daemon=True).start()
        self.port = 0
        self.ws_port = 0

    def _pump(self, stream, sink: list[str]) -> None:
        for raw in stream:
            with self.cond:
                sink.append(raw.decode("utf-8", "replace").rstrip("\n"))
                self.cond.notify_all()
        with self.cond:
            sink.append("<EOF>")
            self.cond.notify_all()

    def wait_line(self, pattern: str | re.Pattern, *, stream: str = "err",
                  timeout: float = IO_TIMEOUT, start: int = 0) -> re.Match:
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        sink = self.err if stream == "err" else self.out
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for line in sink[start:]:
                    m = rx.search(line)
                    if m:
                        return m
                left = deadline - time.monotonic()
                if left <= 0 or (sink and sink[-1] == "<EOF>"):
                    pytest.fail(f"no {rx.pattern!r} on std{stream} (parser {self.parser});"
                                f" stderr so far:\n" + "\n".join(self.err))
                self.cond.wait(left)

    def mark(self, stream: str = "err") -> int:
        with self.cond:
            return len(self.err if stream == "err" else self.out)

    def stderr_text(self) -> str:
        with self.cond:
            return "\n".join(self.err)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            pass


def _start(exe: Path, parser: str, *, ws: bool = False) -> Server:
    srv = Server(exe, parser)
    try:
        srv.port = int(srv.wait_line(READY_RE, timeout=START_TIMEOUT).group(2))
        if ws:
            srv.ws_port = int(srv.wait_line(WS_READY_RE, timeout=START_TIMEOUT).group(1))
    except BaseException:
        srv.stop()
        raise
    return srv


@pytest.fixture(scope="module", params=PARSERS)
def app(request, binaries):
    srv = _start(binaries["app"], request.param, ws=True)
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module", params=PARSERS)
def landing(request, binaries):
    srv = _start(binaries["landing"], request.param)
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(autouse=True)
def _server_still_up(request):
    """After every test the server it used must still be running."""
    yield
    for name in ("app", "landing"):
        if name in request.fixturenames:
            srv = request.getfixturevalue(name)
            assert srv.alive(), f"server died (exit {srv.proc.returncode}):\n{srv.stderr_text()}"


# --------------------------------------------------------------------------- HTTP helpers


class Resp:
    def __init__(self, status: int, reason: str, headers: list[tuple[str, str]], body: bytes):
        self.status, self.reason, self.headers, self.body = status, reason, headers, body

    def header(self, name: str) -> str | None:
        found = [v for k, v in self.headers if k.lower() == name.lower()]
        return found[-1] if found else None

    def header_all(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def __repr__(self) -> str:
        return f"Resp({self.status} {self.reason}, {self.headers}, {self.body[:200]!r})"


def request(port: int, method: str, path: str, body: bytes | str | None = None,
            headers: dict[str, str] | None = None) -> Resp:
    """One request on a fresh connection with http.client."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=IO_TIMEOUT)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        data = r.read()
        return Resp(r.status, r.reason, r.getheaders(), data)
    finally:
        conn.close()


def get(port: int, path: str, **kw) -> Resp:
    return request(port, "GET", path, **kw)


def connect(port: int) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT)
    s.settimeout(IO_TIMEOUT)
    return s


class Reader:
    """Reads HTTP/1.1 responses from a raw socket (Content-Length framing only)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buf = b""

    def _fill(self) -> bool:
        chunk = self.sock.recv(65536)
        if not chunk:
            return False
        self.buf += chunk
        return True

    def response(self, *, head: bool = False) -> Resp:
        while b"\r\n\r\n" not in self.buf:
            if not self._fill():
                raise EOFError(f"connection closed before a response head; got {self.buf!r}")
        head_bytes, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head_bytes.decode("latin-1").split("\r\n")
        version, status, reason = (lines[0].split(" ", 2) + [""])[:3]
        assert version == "HTTP/1.1", lines[0]
        headers = [tuple(x.strip() for x in ln.split(":", 1)) for ln in lines[1:]]
        resp = Resp(int(status), reason, headers, b"")
        n = 0 if head or resp.status in (204, 304) else int(resp.header("Content-Length") or 0)
        while len(self.buf) < n:
            if not self._fill():
                raise EOFError("connection closed inside a body")
        resp.body, self.buf = self.buf[:n], self.buf[n:]
        return resp

    def at_eof(self) -> bool:
        """True when the server closed the connection (after any buffered bytes)."""
        if self.buf:
            return False
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True
        except TimeoutError:
            return False


def raw_exchange(port: int, data: bytes, *, check_close: bool = False) -> tuple[Resp, bool]:
    """Send raw bytes and read one response; with `check_close`, also report whether the
    server then closed the connection (waits up to IO_TIMEOUT for it)."""
    with connect(port) as s:
        s.sendall(data)
        rd = Reader(s)
        resp = rd.response()
        return resp, (rd.at_eof() if check_close else False)


def req_bytes(method: str, path: str, headers: dict[str, str] | None = None,
              body: bytes = b"", version: str = "HTTP/1.1") -> bytes:
    h = {"Host": "127.0.0.1"}
    if body:
        h["Content-Length"] = str(len(body))
    h.update(headers or {})
    head = f"{method} {path} {version}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in h.items())
    return head.encode("latin-1") + b"\r\n" + body


def rid() -> str:
    return uuid.uuid4().hex[:12]


# --------------------------------------------------------------------------- routing


def test_readiness_line_reports_real_port(app):
    line = next(ln for ln in app.err if READY_RE.search(ln))
    assert line == f"[mesh-rt] HTTP server listening on [::]:{app.port}" or \
        line == f"[mesh-rt] HTTP server listening on 0.0.0.0:{app.port}"
    assert app.port > 0


def test_exact_route_and_wire_format(app):
    r = get(app.port, "/text")
    assert (r.status, r.reason, r.body) == (200, "OK", b"hello")
    assert r.header_all("Content-Type") == [JSON_CT]
    assert r.header("Content-Length") == "5"
    assert r.header("Connection") is None  # keep-alive: not closing
    assert r.header("Date") is None and r.header("Server") is None


def test_exact_route_is_byte_exact(app):
    assert get(app.port, "/text/").status == 404
    assert get(app.port, "/TEXT").status == 404


@pytest.mark.parametrize("path, want", [
    ("/users/7", {"id": "7", "path": "/users/7"}),
    ("/users/7/", {"id": "7", "path": "/users/7/"}),
    ("//users/7", {"id": "7", "path": "//users/7"}),
    ("/users/a%20b?x=1", {"id": "a%20b", "path": "/users/a%20b"}),
])
def test_path_param(app, path, want):
    r = get(app.port, path)
    assert r.status == 200, r
    assert json.loads(r.body) == want


def test_two_path_params_and_segment_count(app):
    r = get(app.port, "/users/12/posts/99")
    assert (r.status, r.text) == (200, "user=12 post=99")
    assert get(app.port, "/users/12/posts").status == 404
    assert get(app.port, "/users/12/posts/99/x").status == 404


def test_route_tiers_exact_then_param_then_wildcard(app):
    # registered after `/users/:id`, still wins: exact tier first
    assert get(app.port, "/users/me").text == "exact me"
    # registered before `/files/:name`, still loses: parameter tier before wildcard
    assert get(app.port, "/files/a.txt").text == "file a.txt"
    assert get(app.port, "/files/a/b.txt").text == "files wildcard"
    assert get(app.port, "/files").text == "files wildcard"


def test_query_string(app):
    r = get(app.port, "/query?a=1&b=x+y%20z&a=2&c")
    assert r.text == "a=2;b=x+y%20z;c=<none>"  # last wins, no decoding, no `=` ignored
    assert get(app.port, "/query?a=&b").text == "a=;b=<none>;c=<none>"
    assert get(app.port, "/query").text == "a=<none>;b=<none>;c=<none>"


def test_request_header_lookup(app):
    assert get(app.port, "/header", headers={"x-thing": "  spaced  "}).text == "spaced"
    assert get(app.port, "/header").text == "<none>"
    resp, _ = raw_exchange(app.port, b"GET /header HTTP/1.1\r\nHost: x\r\nX-Thing: one\r\n"
                                     b"X-THING: two\r\n\r\n")
    assert resp.text == "two"  # case-insensitive, last repeated value wins


def test_request_body(app):
    assert request(app.port, "POST", "/echo", body="ping").text == "POST:4:ping"
    assert request(app.port, "POST", "/echo", body="").text == "POST:0:"
    assert request(app.port, "POST", "/echo", body="héllo".encode()).text == "POST:5:héllo"
    big = "x" * 200_000
    assert request(app.port, "POST", "/echo", body=big).text == f"POST:200000:{big}"


def test_chunked_request_body(app):
    data = (b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n")
    resp, _ = raw_exchange(app.port, data)
    assert (resp.status, resp.text) == (200, "POST:7:abcdefg")


def test_invalid_utf8_body_is_replaced(app):
    resp, _ = raw_exchange(app.port, req_bytes("POST", "/echo", body=b"a\xffb"))
    assert resp.text == "POST:3:a\ufffdb"


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "PATCH"])
def test_method_routes(app, method):
    r = request(app.port, method, "/item", body=b"" if method != "GET" else None)
    assert (r.status, r.text) == (200, method.lower())


def test_unrouted_method_is_404_not_405(app):
    assert request(app.port, "OPTIONS", "/item").status == 404
    assert get(app.port, "/only-post").status == 404
    assert request(app.port, "POST", "/only-post", body="").text == "posted"


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_any_method_route(app, method):
    r = request(app.port, method, "/any", body=b"" if method != "GET" else None)
    assert (r.status, r.text) == (200, "any:" + method)


@pytest.mark.parametrize("token", ["get", "FOO"])
@pytest.mark.parametrize("before", [0, 2], ids=["first", "after-two"])
def test_extension_and_lowercase_method_tokens(app, token, before):
    """Spec 06 §1.2/§1.4: `route` matches any method and `Request.method` is the token as
    sent; `on_get` compares case-sensitively (so `get` falls through to 404). llhttp
    rejects such tokens; the fast parser then hands the connection to h11 from the start of
    the rejected request, also when ordinary requests precede it in the same write."""
    with connect(app.port) as s:
        s.sendall(req_bytes("POST", "/echo", body=b"x" * 300) * before
                  + f"{token} /any HTTP/1.1\r\nHost: x\r\n\r\n{token} /text HTTP/1.1\r\nHost: x\r\n\r\n"
                  .encode() + req_bytes("GET", "/text"))
        rd = Reader(s)
        for _ in range(before):
            assert rd.response().text == "POST:300:" + "x" * 300
        r = rd.response()
        assert (r.status, r.text) == (200, "any:" + token)
        assert rd.response().status == 404
        assert rd.response().text == "hello"  # still keep-alive on the fallback parser


def test_wildcard_route(app):
    assert get(app.port, "/static/a/b.css").text == "static:/static/a/b.css:<none>"
    assert get(app.port, "/static").text == "static:/static:<none>"
    assert get(app.port, "/staticx").status == 404


def test_not_found(app):
    r = get(app.port, "/nothing/here")
    assert (r.status, r.reason, r.body) == (404, "Not Found", b"Not Found")
    assert r.header("Content-Type") == JSON_CT


def test_head_has_no_body_but_length(app):
    with connect(app.port) as s:
        # `on_get` routes match only the token GET (no HEAD mapping); `/any` takes HEAD
        s.sendall(req_bytes("HEAD", "/any") + req_bytes("HEAD", "/text") + req_bytes("GET", "/text"))
        rd = Reader(s)
        head = rd.response(head=True)
        assert head.status == 200 and head.header("Content-Length") == str(len("any:HEAD"))
        miss = rd.response(head=True)
        assert miss.status == 404 and miss.header("Content-Length") == "9"
        after = rd.response()  # each response starts right after the previous HEAD head
        assert after.body == b"hello"


# --------------------------------------------------------------------------- responses


def test_response_with_headers_in_map_order(app):
    r = get(app.port, "/with-headers")
    assert (r.status, r.reason, r.text) == (201, "Created", "created")
    names = [k for k, _ in r.headers]
    assert names.index("X-One") < names.index("X-Two")
    assert r.header("X-One") == "1" and r.header("X-Two") == "two"
    assert r.header("Content-Type") == JSON_CT


def test_content_type_header_replaces_default(app):
    r = get(app.port, "/html")
    assert r.header_all("Content-Type") == ["text/html; charset=utf-8"]
    assert r.text == "<h1>hi</h1>"


@pytest.mark.parametrize("path, status, reason", [
    ("/conflict", 409, "Conflict"),
    ("/unprocessable", 422, "Unprocessable Content"),
])
def test_status_codes_and_reasons(app, path, status, reason):
    r = get(app.port, path)
    assert (r.status, r.reason) == (status, reason)


def test_204_carries_no_body(app):
    with connect(app.port) as s:
        s.sendall(req_bytes("GET", "/no-content") + req_bytes("GET", "/text"))
        rd = Reader(s)
        assert rd.response().status == 204
        assert rd.response().body == b"hello"


def test_json_brace_object(app):
    r = get(app.port, "/json/brace")
    assert r.body == b'{"n":3,"status":"connected"}'
    assert r.header("Content-Type") == JSON_CT


def test_json_literal(app):
    r = get(app.port, "/json/literal")
    assert r.body == b'{"memo":null,"nested":{"x":1.5},"ok":true,"tags":["a","b"]}'


def test_spec_example_shout(app):
    r = get(app.port, "/shout/mesh")
    assert json.loads(r.body) == {"greeting": "MESH"}


@pytest.mark.parametrize("path, log", [
    ("/bad-status", r"\[mesh-rt\] .*700"),
    ("/status-101", r"\[mesh-rt\] .*101"),
    ("/crlf-header", r"\[mesh-rt\] .*(CR|LF)"),
])
def test_invalid_responses_become_500(app, path, log):
    mark = app.mark()
    r = get(app.port, path)
    assert (r.status, r.body) == (500, b"Internal Server Error")
    assert r.header("Injected") is None
    app.wait_line(log, start=mark)
    assert get(app.port, "/text").body == b"hello"


def test_user_framing_headers_are_ignored(app):
    with connect(app.port) as s:
        s.sendall(req_bytes("GET", "/user-framing") + req_bytes("GET", "/text"))
        rd = Reader(s)
        r = rd.response()
        assert r.body == b"abc" and r.header("X-Ok") == "1"
        assert r.header_all("Content-Length") == ["3"]
        assert r.header("Transfer-Encoding") is None
        assert r.header("Connection") is None
        assert rd.response().body == b"hello"  # connection stayed open


# --------------------------------------------------------------------------- middleware


def _trace(port: int, req_id: str) -> str:
    return get(port, f"/trace/{req_id}").text


def test_middleware_order_first_added_is_outermost(app):
    i = rid()
    r = get(app.port, "/traced", headers={"X-Req-Id": i})
    assert r.text == "traced"
    # `inner` was added after every route and still applies
    assert _trace(app.port, i) == "outer-in,inner-in,handler,inner-out,outer-out"


def test_middleware_short_circuit(app):
    i = rid()
    r = get(app.port, "/traced", headers={"X-Req-Id": i, "X-Block": "outer"})
    assert (r.status, r.text) == (401, "blocked by outer")
    assert _trace(app.port, i) == "outer-in"
    j = rid()
    r = get(app.port, "/traced", headers={"X-Req-Id": j, "X-Block": "inner"})
    assert (r.status, r.text) == (403, "blocked by inner")
    assert _trace(app.port, j) == "outer-in,inner-in,outer-out"


def test_middleware_runs_for_unmatched_requests(app):
    i = rid()
    r = get(app.port, "/no/such/route", headers={"X-Req-Id": i})
    assert (r.status, r.text) == (404, "Not Found")
    assert _trace(app.port, i) == "outer-in,inner-in,inner-out,outer-out"


def test_middleware_sees_no_param_for_unmatched_request(app):
    assert get(app.port, "/no/route", headers={"X-Param-Probe": "1"}).text == "param=<none>"


def test_middleware_panic_is_a_500(app):
    mark = app.mark()
    r = get(app.port, "/text", headers={"X-Crash": "1"})
    assert r.status == 500
    m = app.wait_line(r"\[mesh-rt\] HTTP handler panicked: (.*)", start=mark)
    assert m.group(1).endswith("middleware boom")
    assert get(app.port, "/text").body == b"hello"


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
        s.sendall(req_bytes("GET", "/users/1") + req_bytes("POST", "/echo", body=b"two")
                  + req_bytes("GET", "/nothing") + req_bytes("GET", "/users/4"))
        rd = Reader(s)
        got = [rd.response() for _ in range(4)]
    assert json.loads(got[0].body)["id"] == "1"
    assert got[1].text == "POST:3:two"
    assert got[2].status == 404
    assert json.loads(got[3].body)["id"] == "4"


def test_connection_close_is_honoured(app):
    resp, closed = raw_exchange(app.port, req_bytes("GET", "/text", {"Connection": "close"}),
                                  check_close=True)
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
        s.sendall(b"GET /users/1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                  b"HEAD /any HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"
                  b"GET /users/3 HTTP/1.0\r\n\r\nGET /text HTTP/1.1\r\nHost: x\r\n\r\n")
        rd = Reader(s)
        assert json.loads(rd.response().body)["id"] == "1"
        head = rd.response(head=True)
        assert (head.status, head.header("Content-Length")) == (200, str(len("any:HEAD")))
        last = rd.response()
        assert json.loads(last.body)["id"] == "3" and last.header("Connection") == "close"
        assert rd.at_eof()  # the request after the closing one is not answered


def test_expect_100_continue(app):
    with connect(app.port) as s:
        s.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                  b"Content-Length: 4\r\n\r\n")
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
    """Each connection is its own process: sleeping handlers block nobody else."""
    with ThreadPoolExecutor(5) as pool:
        t0 = time.monotonic()
        slow = [pool.submit(get, app.port, "/sleepy?ms=1000") for _ in range(4)]
        time.sleep(0.05)
        assert get(app.port, "/text").body == b"hello"
        assert not any(f.done() for f in slow), "a fast request waited for sleeping handlers"
        assert [f.result().text for f in slow] == ["slept 1000"] * 4
        total = time.monotonic() - t0
    assert total < 3.0, f"4 x 1 s sleeping handlers took {total:.1f} s: not concurrent"


def test_pipelined_slow_request_keeps_order(app):
    with connect(app.port) as s:
        s.sendall(req_bytes("GET", "/sleepy?ms=200") + req_bytes("GET", "/text"))
        rd = Reader(s)
        assert rd.response().text == "slept 200"
        assert rd.response().text == "hello"


def test_bind_failure_is_reported_and_serve_returns(binaries):
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
        m = srv.wait_line(r"\[mesh-rt\] Failed to start HTTP server on (\[::\]|0\.0\.0\.0):(\d+): (.+)",
                          timeout=START_TIMEOUT)
        assert int(m.group(2)) == port and m.group(3)
        srv.wait_line(r"^serve returned$", stream="out", timeout=START_TIMEOUT)
    finally:
        srv.stop()
        blocker.close()


# --------------------------------------------------------------------------- crashes


def test_panic_gives_500_and_server_continues(app):
    mark = app.mark()
    with connect(app.port) as s:
        s.sendall(req_bytes("GET", "/panic") + req_bytes("GET", "/text"))
        rd = Reader(s)
        r = rd.response()
        assert (r.status, r.reason, r.body) == (500, "Internal Server Error", b"Internal Server Error")
        assert r.header("Content-Type") == JSON_CT
        assert r.header("Connection") == "close"
        assert rd.at_eof(), "connection must close after a crash 500 (pipelined request dropped)"
    m = app.wait_line(r"\[mesh-rt\] HTTP handler panicked: (.*)", start=mark)
    assert re.fullmatch(r"Mesh panic at main\.mpl:\d+: boom from handler", m.group(1)), m.group(0)
    assert get(app.port, "/text").body == b"hello"


def test_division_by_zero_in_handler(app):
    mark = app.mark()
    assert get(app.port, "/divide?d=0").status == 500
    app.wait_line(r"^\[mesh-rt\] HTTP handler panicked: division by zero$", start=mark)
    assert get(app.port, "/divide?d=4").text == "25"


def test_concurrent_requests_survive_a_crash(app):
    with ThreadPoolExecutor(8) as pool:
        paths = ["/panic" if i % 4 == 0 else f"/users/{i}" for i in range(24)]
        results = list(pool.map(lambda p: get(app.port, p), paths))
    for p, r in zip(paths, results):
        if p == "/panic":
            assert r.status == 500
        else:
            assert json.loads(r.body)["id"] == p.rsplit("/", 1)[1]


def test_map_get_missing_key_in_handler(app):
    r = get(app.port, "/map-get-missing")
    assert (r.status, r.text) == (200, "[]")


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
        app, b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n", 400)


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


# --------------------------------------------------------------------------- actors


def test_handlers_call_a_service(app):
    before = int(get(app.port, "/count").text)
    r = request(app.port, "POST", "/count", body="5")
    assert json.loads(r.body)["count"] >= before + 5
    with ThreadPoolExecutor(10) as pool:
        counts = list(pool.map(lambda _: json.loads(
            request(app.port, "POST", "/count", body="1").body)["count"], range(30)))
    assert len(set(counts)) == 30  # the service serialises the increments
    assert int(get(app.port, "/count").text) >= before + 35


# --------------------------------------------------------------------------- WebSockets


def _ws_run(fn, timeout: float = 10.0):
    async def main():
        with trio.fail_after(timeout):
            return await fn()
    return trio.run(main)


def test_websocket_route_on_http_port(app):
    async def scenario():
        async with open_websocket_url(f"ws://127.0.0.1:{app.port}/live") as a, \
                open_websocket_url(f"ws://127.0.0.1:{app.port}/live") as b:
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
    _ws_run(scenario)


def _raw_upgrade(port: int, path: str, extra: dict[str, str] | None = None,
                 drop: tuple[str, ...] = ()) -> tuple[bytes, bytes]:
    headers = {"Host": "127.0.0.1", "Upgrade": "websocket", "Connection": "Upgrade",
               "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(),
               "Sec-WebSocket-Version": "13"}
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


@pytest.mark.parametrize("drop, extra, reason", [
    (("Upgrade",), {}, "missing or invalid Upgrade header"),
    (("Sec-WebSocket-Key",), {}, "missing Sec-WebSocket-Key header"),
    ((), {"Sec-WebSocket-Version": "12"}, "missing or invalid Sec-WebSocket-Version (must be 13)"),
])
def test_websocket_route_bad_upgrade_is_400(app, drop, extra, reason):
    with connect(app.port) as s:
        headers = {"Host": "x", "Upgrade": "websocket", "Connection": "Upgrade",
                   "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "13"}
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
    return _ws_run(scenario)


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
    _ws_run(scenario)
    app.wait_line(r"^ws closed 1000$", stream="out", start=mark)


@pytest.mark.parametrize("path, headers", [
    ("/nope", []),
    ("/echo", [("X-Reject", "yes")]),  # on_connect sees lower-cased header names
])
def test_callback_websocket_rejected_by_on_connect(app, path, headers):
    async def scenario():
        async with open_websocket_url(f"ws://127.0.0.1:{app.ws_port}{path}",
                                      extra_headers=headers) as ws:
            with pytest.raises(ConnectionClosed) as exc:
                await ws.get_message()
            return exc.value.reason
    reason = _ws_run(scenario)
    assert (reason.code, reason.reason) == (1008, "rejected")


def test_callback_websocket_panic_closes_1011(app):
    mark = app.mark("out")

    async def scenario():
        async with open_websocket_url(f"ws://127.0.0.1:{app.ws_port}/echo") as ws:
            await ws.send_message("crash")
            with pytest.raises(ConnectionClosed) as exc:
                await ws.get_message()
            return exc.value.reason
    reason = _ws_run(scenario)
    assert reason.code == 1011
    app.wait_line(r"^ws closed 1011$", stream="out", start=mark)

    async def again():
        async with open_websocket_url(f"ws://127.0.0.1:{app.ws_port}/echo") as ws:
            await ws.send_message("still")
            return await ws.get_message()
    assert _ws_run(again) == "echo:still"


# --------------------------------------------------------------------------- landing page


def test_landing_page_html(landing):
    r = get(landing.port, "/")
    assert r.status == 200
    assert r.header_all("Content-Type") == ["text/html; charset=utf-8"]
    assert "<h1>Mesh landing</h1>" in r.text


def test_landing_health_reads_env(landing):
    r = get(landing.port, "/health")
    assert json.loads(r.body) == {"db": "", "status": "ok"}  # Env.get/1 of an unset name


def test_landing_users_json(landing):
    r = get(landing.port, "/api/users")
    assert r.status == 200 and r.header("Content-Type") == JSON_CT
    users = json.loads(r.body)
    assert users[:2] == [
        {"active": True, "email": "ada@example.com", "name": "Ada"},
        {"active": True, "email": "cy@example.com", "name": "Cy"},
    ]
    assert all(u["active"] for u in users)
    assert r.body.startswith(b'[{"active":true,"email":"ada@example.com","name":"Ada"},')


def test_landing_signup_validation(landing):
    r = request(landing.port, "POST", "/api/signup", body="{}")
    assert (r.status, r.reason) == (422, "Unprocessable Content")
    assert json.loads(r.body) == {"error": "name required"}


def test_landing_live_websocket_and_signup_broadcast(landing):
    name = "user-" + rid()

    async def scenario():
        async with open_websocket_url(f"ws://127.0.0.1:{landing.port}/live") as ws:
            assert await ws.get_message() == '{"status":"connected"}'
            body = json.dumps({"name": name, "email": f"{name}@example.com"})
            r = await trio.to_thread.run_sync(
                lambda: request(landing.port, "POST", "/api/signup", body=body))
            assert r.status == 201, r
            reply = json.loads(r.body)
            assert reply["ok"] is True and reply["total"] >= 4
            assert json.loads(await ws.get_message()) == {"event": "signup", "name": name}
    _ws_run(scenario)
    users = json.loads(get(landing.port, "/api/users").body)
    assert {"active": True, "email": f"{name}@example.com", "name": name} in users
