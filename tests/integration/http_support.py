"""Shared helpers for the HTTP/WebSocket integration tests: real Mesh programs under
`http_programs/`, built with the real CLI and driven over loopback.

A program is built with `mesh build DIR -o PATH` (`build_program`), then started as a
subprocess per parser (`MESH_HTTP_PARSER=fast|h11`) on a free port (`PORT=0`; the port is
read back from the readiness line of spec 06 §1.8, `[mesh-rt] HTTP server listening on
[::]:PORT`). Tests talk to it with `http.client` (`request`, `get`), raw sockets (`connect`,
`Reader`, `req_bytes`, `raw_exchange`, `ws_frame`, `WsReader`) and trio-websocket
(`ws_run`). Everything has a bounded timeout; callers stop every `Server` in a `finally`.
The `binaries`, `app` and `landing` fixtures built on these live in conftest.py.
"""

from __future__ import annotations

import http.client
import re
import socket
import struct
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
import trio
from mesh_build import build_argv, mesh_env, run_mesh

PROGRAMS = Path(__file__).resolve().parent / "http_programs"
BUILD_TIMEOUT = 300.0
START_TIMEOUT = 60.0  # deadlines, not expected durations: a loaded 2-core CI machine
IO_TIMEOUT = 30.0
PARSERS = ["fast", "h11"]

READY_RE = re.compile(r"\[mesh-rt\] HTTP server listening on (\[::\]|0\.0\.0\.0):(\d+)")
WS_READY_RE = re.compile(r"\[mesh-rt\] WebSocket server listening on 0\.0\.0\.0:(\d+)")
JSON_CT = "application/json; charset=utf-8"


# --------------------------------------------------------------------------- build / run


def build_program(name: str, out_dir: Path) -> Path:
    """Builds `http_programs/NAME` into `OUT_DIR/NAME` (build files in OUT_DIR/build-NAME)."""
    exe = out_dir / name
    status, output = run_mesh(
        build_argv(PROGRAMS / name, exe, out_dir / f"build-{name}"), timeout=BUILD_TIMEOUT
    )
    assert status == 0, f"mesh build {name} failed (exit {status}):\n{output}"
    assert exe.is_file()
    return exe


class Server:
    """A running Mesh program; stdout and stderr are pumped into lists by threads."""

    def __init__(self, exe: Path, parser: str, env: dict[str, str] | None = None) -> None:
        full_env = mesh_env()
        full_env.pop("PYTHONPATH", None)
        full_env.update(PORT="0", WS_PORT="0", MESH_HTTP_PARSER=parser)
        full_env.update(env or {})
        env = full_env
        self.parser = parser
        self.proc = subprocess.Popen(
            [str(exe)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=exe.parent,
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

    def wait_line(
        self,
        pattern: str | re.Pattern,
        *,
        stream: str = "err",
        timeout: float = IO_TIMEOUT,
        start: int = 0,
    ) -> re.Match:
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
                    pytest.fail(
                        f"no {rx.pattern!r} on std{stream} (parser {self.parser});"
                        f" stderr so far:\n" + "\n".join(self.err)
                    )
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


def start_server(exe: Path, parser: str, *, ws: bool = False) -> Server:
    """Starts EXE and waits for its HTTP readiness line (and, with `ws`, the `Ws.serve` one)."""
    srv = Server(exe, parser)
    try:
        srv.port = int(srv.wait_line(READY_RE, timeout=START_TIMEOUT).group(2))
        if ws:
            srv.ws_port = int(srv.wait_line(WS_READY_RE, timeout=START_TIMEOUT).group(1))
    except BaseException:
        srv.stop()
        raise
    return srv


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


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = IO_TIMEOUT,
) -> Resp:
    """One request on a fresh connection with http.client."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
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


def req_bytes(
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    version: str = "HTTP/1.1",
) -> bytes:
    h = {"Host": "127.0.0.1"}
    if body:
        h["Content-Length"] = str(len(body))
    h.update(headers or {})
    head = f"{method} {path} {version}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in h.items())
    return head.encode("latin-1") + b"\r\n" + body


def rid() -> str:
    return uuid.uuid4().hex[:12]


# --------------------------------------------------------------------------- WebSocket helpers


def ws_run(fn, timeout: float = 10.0):
    async def main():
        with trio.fail_after(timeout):
            return await fn()

    return trio.run(main)


def ws_frame(
    opcode: int,
    payload: bytes,
    *,
    fin: bool = True,
    rsv: int = 0,
    masked: bool = True,
    key: bytes = b"\x11\x22\x33\x44",
) -> bytes:
    b0 = (0x80 if fin else 0) | (rsv << 4) | opcode
    n = len(payload)
    if n < 126:
        head = bytes([b0, (0x80 if masked else 0) | n])
    elif n < 65536:
        head = bytes([b0, (0x80 if masked else 0) | 126]) + struct.pack("!H", n)
    else:
        head = bytes([b0, (0x80 if masked else 0) | 127]) + struct.pack("!Q", n)
    if not masked:
        return head + payload
    return head + key + bytes(c ^ key[i % 4] for i, c in enumerate(payload))


class WsReader:
    def __init__(self, sock: socket.socket, buf: bytes) -> None:
        self.sock, self.buf = sock, buf

    def _need(self, n: int) -> None:
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("eof")
            self.buf += chunk

    def frame(self) -> tuple[int, bytes]:
        self._need(2)
        b0, b1 = self.buf[0], self.buf[1]
        n, off = b1 & 0x7F, 2
        if n == 126:
            self._need(4)
            n, off = struct.unpack("!H", self.buf[2:4])[0], 4
        elif n == 127:
            self._need(10)
            n, off = struct.unpack("!Q", self.buf[2:10])[0], 10
        assert not b1 & 0x80, "server frames must not be masked"
        self._need(off + n)
        payload, self.buf = self.buf[off : off + n], self.buf[off + n :]
        return b0 & 0x0F, payload
