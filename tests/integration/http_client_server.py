"""A small real HTTP/1.1 server on loopback for the HTTP client tests
(test_http_client_programs.py): the compiled Mesh client programs under
`http_programs/client/` talk to it over TCP.

Every handler runs in its own thread (`ThreadingHTTPServer`); each connection is one
`Handler` instance, so `self.served` counts the requests seen on that connection (the
keep-alive tests read it back). Waits are bounded by WAIT; `close()` stops everything.

Also provided: `SilentListener` (accepts connections and never answers, for timeouts; it
counts the connections the client closed) and `RefusedPort` (a loopback port nobody listens
on).
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

WAIT = 5.0  # bound for anything the server waits for
TICK = 0.02  # pause between pieces of the streamed bodies


class State:
    """What the server observed, shared with the test."""

    def __init__(self, silent: SilentListener) -> None:
        self.lock = threading.Lock()
        self.silent = silent
        self.gate = threading.Event()
        self.connections = 0
        self.stream_closed = {}  # stream name -> threading.Event set when the client left
        self.log: list[str] = []  # "METHOD target" of every request, in arrival order

    def closed_event(self, name: str) -> threading.Event:
        with self.lock:
            return self.stream_closed.setdefault(name, threading.Event())


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ClientTestServer

    def setup(self) -> None:
        super().setup()
        self.served = 0
        with self.server.state.lock:
            self.server.state.connections += 1
        self.connection.settimeout(WAIT)

    def log_message(self, *args) -> None:  # keep the test output clean
        pass

    # ------------------------------------------------------------------ plumbing

    def _body(self) -> bytes:
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _send(self, status: int, body: bytes | str, headers: list[tuple[str, str]] = ()):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _stream_head(self, content_type: str = "text/plain") -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()

    def _until_client_leaves(self, name: str, first: list[bytes]) -> None:
        """Streams FIRST, then a tick piece every TICK until the client closes the
        connection (bounded by WAIT); records the close under NAME."""
        ev = self.server.state.closed_event(name)
        self._stream_head()
        deadline = time.monotonic() + WAIT
        try:
            for piece in first:
                self._chunk(piece)
            while time.monotonic() < deadline:
                time.sleep(TICK)
                self._chunk(b"tick\n")
        except OSError:
            ev.set()
        self.close_connection = True

    # ------------------------------------------------------------------ routes

    def _dispatch(self) -> None:
        self.served += 1
        st = self.server.state
        with st.lock:
            st.log.append(f"{self.command} {self.path}")
        url = urlsplit(self.path)
        path = url.path
        body = self._body()
        if path == "/hello":
            self._send(200, "hello from python")
        elif path == "/missing":
            self._send(404, "no such thing")
        elif path == "/boom":
            self._send(500, "exploded")
        elif path == "/echo":
            # The request as the server saw it, one fact per line.
            lines = [f"{self.command} {self.path}"]
            for k, v in self.headers.items():
                if k.lower() in ("x-tag", "content-type", "accept", "accept-encoding", "x-single"):
                    lines.append(f"{k.lower()}: {v}")
            if self.headers.get("User-Agent", "").startswith("mesh-http/"):
                lines.append("user-agent: mesh-http")
            lines.append(f"body: {body.decode('utf-8')}")
            self._send(
                201,
                "\n".join(lines),
                [("X-Reply", "first"), ("X-Reply", "last"), ("X-Server", "py")],
            )
        elif path == "/json":
            doc = json.loads(body or b"null")
            self._send(200, f"{self.headers.get('Content-Type')} {json.dumps(doc, sort_keys=True)}")
        elif path.startswith("/redirect/"):
            n = int(path.rsplit("/", 1)[1])
            target = "/final" if n <= 1 else f"/redirect/{n - 1}"
            self._send(302, "", [("Location", target)])
        elif path == "/loop":
            self._send(301, "", [("Location", "/loop")])
        elif path == "/see-other":
            self._send(303, "", [("Location", "/final")])
        elif path == "/temporary":
            self._send(307, "", [("Location", "/final")])
        elif path == "/final":
            self._send(200, f"final via {self.command} body=[{body.decode('utf-8')}]")
        elif path == "/gzip":
            self._send(
                200,
                gzip.compress("unzipped: ü ok".encode()),
                [("Content-Encoding", "gzip"), ("Content-Type", "text/plain")],
            )
        elif path == "/count":
            # Which request this is on its connection: 1 on a fresh connection. With `?drop`
            # the server closes the connection afterwards without announcing it.
            self._send(200, str(self.served))
            if url.query == "drop":
                self.close_connection = True
        elif path == "/gate":
            # Answers once some other request opened the gate.
            self._send(200, "opened" if st.gate.wait(WAIT) else "still shut")
        elif path == "/open":
            st.gate.set()
            self._send(200, "gate open")
        elif path == "/silent-closed":
            # Answers once the client closed N connections to the silent listener.
            n = int(url.query)
            ok = st.silent.wait_closed(n)
            self._send(200, f"{n} closed" if ok else f"only {st.silent.closed} closed")
        elif path == "/pieces":
            # Three pieces, "€" split across two of them, then a 20 000-byte piece.
            self._stream_head()
            for piece in (b"alpha \xe2", b"\x82\xac beta\n", b"x" * 20000, b"\n\xff end\n"):
                self._chunk(piece)
                time.sleep(TICK)
            self.wfile.write(b"0\r\n\r\n")
        elif path == "/endless":
            self._until_client_leaves(url.query or "endless", [b"start\n"])
        elif path == "/closed":
            # Answers once the streamed connection named by the query has been closed.
            ok = st.closed_event(url.query).wait(WAIT)
            self._send(200, "closed" if ok else "still open")
        else:
            self._send(404, "unknown route")

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _dispatch


class ClientTestServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, silent: SilentListener) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = State(silent)
        self.port = self.server_address[1]
        self.thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.shutdown()
        self.server_close()
        self.thread.join(WAIT)


class SilentListener:
    """Accepts connections, reads what the client sends and never answers; counts the
    connections the client closed (`closed`, `wait_closed`)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        self.closed = 0
        self.cond = threading.Condition()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _watch(self, conn: socket.socket) -> None:
        conn.settimeout(0.05)
        while not self.stop.is_set():
            try:
                if conn.recv(65536):
                    continue
            except TimeoutError:
                continue
            except OSError:
                pass
            with self.cond:
                self.closed += 1
                self.cond.notify_all()
            return

    def wait_closed(self, n: int) -> bool:
        with self.cond:
            return self.cond.wait_for(lambda: self.closed >= n, WAIT)

    def _run(self) -> None:
        self.sock.settimeout(0.05)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.held.append(conn)
            threading.Thread(target=self._watch, args=(conn,), daemon=True).start()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(WAIT)
        for c in self.held:
            c.close()
        self.sock.close()


class RefusedPort:
    """A loopback port with no listener: bound (so nobody else takes it) but not listening,
    so connecting is refused."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]

    def close(self) -> None:
        self.sock.close()
