"""The Observatory's local web server: three static files and one WebSocket, on Trio.

It is a tool for one operator on their own machine, so it binds 127.0.0.1 by default and
guards against what a local web UI must: requests whose `Host` is not the address it
listens on (DNS rebinding) are refused, and a WebSocket whose `Origin` is another site
(cross-site WebSocket hijacking) is refused. The WebSocket handshake and framing are
trio-websocket's (the runtime's own WebSocket stack uses it too); the state document is
pushed after every poll round, and the page sends `detail` and `kill` requests back.
"""

from __future__ import annotations

import json
from importlib import resources

import trio
from trio_websocket import ConnectionClosed, wrap_server_stream

from mesh.runtime.http.websocket import ReplayStream

from .collector import Collector, QueryFailed

STATIC = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/app.css": ("app.css", "text/css; charset=utf-8"),
}
HEAD_LIMIT = 16384


def _static(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


class Web:
    def __init__(self, collector: Collector, host: str, port: int):
        self.collector = collector
        self.host = host
        self.port = port
        self.allowed_hosts: set[str] = set()
        self.listeners: list = []
        self.files = {path: (_static(f), ctype) for path, (f, ctype) in STATIC.items()}

    async def open(self) -> int:
        """Bind the UI's listener (OSError when the port is taken); the bound port."""
        self.listeners = await trio.open_tcp_listeners(self.port, host=self.host)
        self.port = self.listeners[0].socket.getsockname()[1]
        shown = f"[{self.host}]" if ":" in self.host else self.host
        self.allowed_hosts = {
            f"{h}:{self.port}" for h in (shown, "127.0.0.1", "localhost", "[::1]")
        }
        return self.port

    async def serve(self) -> None:
        await trio.serve_listeners(self._connection, self.listeners)

    async def _connection(self, stream) -> None:
        try:
            head, rest = await _read_head(stream)
            if head is None:
                return
            method, path, headers = _parse_head(head)
            if headers.get("host") not in self.allowed_hosts:
                await _respond(stream, 421, b"unexpected Host header", "text/plain")
                return
            if path == "/ws" and headers.get("upgrade", "").lower() == "websocket":
                origin = headers.get("origin")
                if origin is not None and origin != "http://" + headers["host"]:
                    await _respond(stream, 403, b"cross-origin WebSocket refused", "text/plain")
                    return
                await self._websocket(ReplayStream(stream, head + rest))
                return
            if method == "GET" and path == "/favicon.ico":
                await _respond(stream, 204, b"", "image/x-icon")
                return
            if method != "GET" or path not in self.files:
                await _respond(stream, 404, b"not found", "text/plain")
                return
            body, ctype = self.files[path]
            await _respond(stream, 200, body, ctype, self._csp(headers["host"]))
        except (trio.BrokenResourceError, trio.ClosedResourceError, ValueError, OSError):
            pass
        finally:
            with trio.CancelScope(shield=True):
                await trio.aclose_forcefully(stream)

    @staticmethod
    def _csp(host: str) -> str:
        # no CDN, no inline code: everything comes from this server
        return (
            f"default-src 'self'; connect-src 'self' ws://{host}; img-src 'self' data:; "
            "frame-ancestors 'none'"
        )

    async def _websocket(self, stream) -> None:
        async with trio.open_nursery() as n:
            try:
                req = await wrap_server_stream(n, stream, max_message_size=65536)
                ws = await req.accept()
            except (ConnectionClosed, trio.BrokenResourceError, OSError):
                n.cancel_scope.cancel()
                return
            n.start_soon(self._push_states, ws)
            try:
                while True:
                    msg = await ws.get_message()
                    n.start_soon(self._request, ws, msg)
            except ConnectionClosed:
                pass
            n.cancel_scope.cancel()

    async def _push_states(self, ws) -> None:
        c = self.collector
        try:
            while True:
                await ws.send_message(json.dumps(c.state()))
                await c.changed.wait()
        except ConnectionClosed:
            pass

    async def _request(self, ws, msg) -> None:
        """`{"op": "detail"|"kill", "node": ..., "id": n, ...}` from the page."""
        try:
            req = json.loads(msg)
            op, node, pid_id = req.get("op"), str(req.get("node")), int(req.get("id"))
        except (ValueError, TypeError, AttributeError):
            return
        c = self.collector
        if op == "detail":
            try:
                doc = await c.detail(node, pid_id)
                reply = {"type": "detail", "node": node, "id": pid_id, "process": doc["process"]}
            except QueryFailed as e:
                reply = {"type": "detail", "node": node, "id": pid_id, "error": str(e)}
        elif op == "kill" and req.get("confirmed") is True:
            entry = await c.kill(
                node, pid_id, str(req.get("pid", pid_id)), str(req.get("name", ""))
            )
            reply = {"type": "killed", "entry": entry}
        else:
            return
        try:
            await ws.send_message(json.dumps(reply))
        except ConnectionClosed:
            pass


async def _read_head(stream) -> tuple[bytes | None, bytes]:
    buf = b""
    while b"\r\n\r\n" not in buf:
        if len(buf) > HEAD_LIMIT:
            return None, b""
        data = await stream.receive_some(4096)
        if not data:
            return None, b""
        buf += data
    head, _sep, rest = buf.partition(b"\r\n\r\n")
    return head + b"\r\n\r\n", rest


def _parse_head(head: bytes) -> tuple[str, str, dict]:
    lines = head.decode("latin-1").split("\r\n")
    method, target, _version = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, _c, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
    return method, target.split("?", 1)[0], headers


async def _respond(stream, status: int, body: bytes, ctype: str, csp: str | None = None):
    reason = {
        200: "OK",
        204: "No Content",
        403: "Forbidden",
        404: "Not Found",
        421: "Misdirected Request",
    }
    head = [
        f"HTTP/1.1 {status} {reason[status]}",
        f"Content-Type: {ctype}",
        f"Content-Length: {len(body)}",
        "Connection: close",
        "Cache-Control: no-store",
        "X-Content-Type-Options: nosniff",
    ]
    if csp:
        head.append(f"Content-Security-Policy: {csp}")
    await stream.send_all(("\r\n".join(head) + "\r\n\r\n").encode() + body)
