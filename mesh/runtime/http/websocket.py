"""WebSockets (spec 06 §2): connection handles, rooms, the per-connection session (route
handlers of `HTTP.on_websocket` and `Ws.serve` callbacks) and heartbeats.

Two implementations of a connection, chosen per process like the HTTP parser (ws_base.py
`CODEC`): our frame codec on the server's own socket (ws_fast.py, the default) and
trio-websocket over wsproto (ws_reference.py, `MESH_WS_CODEC=wsproto`, and the default
under `MESH_HTTP_PARSER=h11`, so the tests that run every server with both parsers run both
WebSocket paths too). The server imports this module at the first upgrade.

Handles are positive ints unique for the life of the Python process; the registry and the
rooms are process-global (spec 06 §2.3)."""

from __future__ import annotations

import trio

from ..values import NONE, MeshMap, Some
from . import ws_base
from .model import env_seconds
from .router import call_handler
from .ws_base import CLOSED, CODEC, HANDSHAKE_TIMEOUT  # noqa: F401  (HANDSHAKE_TIMEOUT: API)
from .ws_fast import FastWebSocket
from .ws_outbox import Outbox

MAX_MESSAGE = 16 * 1024 * 1024
# spec 06 §2.2; the environment overrides exist for the tests only
PING_INTERVAL = env_seconds("MESH_WS_PING_INTERVAL_MS", 30.0)
PONG_TIMEOUT = env_seconds("MESH_WS_PONG_TIMEOUT_MS", 10.0)
RECEIVE_BYTES = 65536  # trio-websocket reads 4 KiB at a time by default
SESSION_CLOSE_TIMEOUT = 2.0  # for the closing handshake when a session ends


class WsConn:
    """A registered connection. Sends go through `out` (a bounded queue drained by the
    connection's writer task), never straight to the socket: see ws_outbox.py."""

    __slots__ = ("id", "ws", "out", "rooms", "closed")

    def __init__(self, cid, ws, stream):
        self.id = cid
        self.ws = ws
        self.out = Outbox(ws, stream)
        self.rooms = set()
        self.closed = False


_conns: dict[int, WsConn] = {}
_rooms: dict[str, set[int]] = {}
_next_id = 1


def _register(ws, stream) -> WsConn:
    global _next_id
    c = WsConn(_next_id, ws, stream)
    _next_id += 1
    _conns[c.id] = c
    return c


def _unregister(c: WsConn) -> None:
    c.closed = True
    for room in list(c.rooms):
        leave(c.id, room)
    _conns.pop(c.id, None)


# ------------------------------------------------------------------ handshake validation


def upgrade_error(req):
    """`None` when `req` is a valid RFC 6455 upgrade, else the reason text of spec 06 §2.2."""
    if req.method != "GET":
        return "method must be GET"
    h = req.headers
    if "websocket" not in h.get("upgrade", "").lower():
        return "missing or invalid Upgrade header"
    if "upgrade" not in h.get("connection", "").lower():
        return "missing or invalid Connection header"
    if not h.get("sec-websocket-key"):
        return "missing Sec-WebSocket-Key header"
    if h.get("sec-websocket-version", "") != "13":
        return "missing or invalid Sec-WebSocket-Version (must be 13)"
    return None


def rebuild_head(req) -> bytes:
    """The request head, re-serialised for the WebSocket handshake library (no subprotocols
    or extensions are offered to it, spec 06 §2.2)."""
    lines = [f"{req.method} {req.target} HTTP/1.1"]
    for k, v in req.raw_headers:
        lk = k.lower()
        if lk in ("sec-websocket-extensions", "sec-websocket-protocol"):
            continue
        lines.append(f"{k}: {v}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")


class ReplayStream(trio.abc.Stream):
    """A stream that first yields `prefix`, then reads `inner`."""

    def __init__(self, inner, prefix: bytes):
        self.inner = inner
        self.prefix = prefix

    async def receive_some(self, max_bytes=None):
        if self.prefix:
            if max_bytes is None or max_bytes >= len(self.prefix):
                d, self.prefix = self.prefix, b""
            else:
                d, self.prefix = self.prefix[:max_bytes], self.prefix[max_bytes:]
            await trio.lowlevel.checkpoint()
            return d
        return await self.inner.receive_some(max_bytes)

    async def send_all(self, data):
        await self.inner.send_all(data)

    async def wait_send_all_might_not_block(self):
        await self.inner.wait_send_all_might_not_block()

    async def aclose(self):
        await self.inner.aclose()


# ------------------------------------------------------------------ sessions


def truncate_reason(why: str) -> str:
    """Close reasons are cut to 123 bytes of UTF-8 (spec 06 §2.2), never inside a
    character."""
    b = why.encode("utf-8", "surrogatepass")
    if len(b) <= 123:
        return why
    return b[:123].decode("utf-8", "ignore")


async def _heartbeat(ws):
    while True:
        await trio.sleep(PING_INTERVAL)
        ok = False
        with trio.move_on_after(PONG_TIMEOUT):
            try:
                await ws.ping()
                ok = True
            except CLOSED:
                return
        if not ok:
            # a peer that ignores pings will not answer the close frame either
            with trio.move_on_after(PONG_TIMEOUT):
                await ws.aclose(1001, "pong timeout")
            return


async def _accept_fast(n, stream, req, leftover, pump):
    ws = FastWebSocket(stream, leftover, MAX_MESSAGE, RECEIVE_BYTES)
    await ws.accept(req.headers["sec-websocket-key"])
    if pump:
        ws.start_pump(n)
    return ws


async def session(stream, req, *, leftover=b"", handler=None, callbacks=None, log=None):
    """Run one upgraded connection: `handler(conn)` (route form) or the `(on_connect,
    on_message, on_close)` callbacks (`Ws.serve` form). Runs in the connection's process.
    `stream` is the server's connection stream; `leftover`, bytes read past the request."""
    async with trio.open_nursery() as n:
        try:
            if CODEC == "fast":
                ws = await _accept_fast(n, stream, req, leftover, handler is not None)
            else:
                inner = stream.as_trio_stream() if hasattr(stream, "as_trio_stream") else stream
                stream = ReplayStream(inner, rebuild_head(req) + leftover)
                from .ws_reference import accept  # trio-websocket: only when chosen

                ws = await accept(n, stream, MAX_MESSAGE, RECEIVE_BYTES)
        except (*CLOSED, trio.BrokenResourceError, OSError):
            n.cancel_scope.cancel()
            return
        c = _register(ws, stream)
        n.start_soon(c.out.run)
        n.start_soon(_heartbeat, ws)
        try:
            if handler is not None:
                await _run_route(c, handler, log)
            else:
                await _run_callbacks(c, req, callbacks, log)
        finally:
            _unregister(c)
            with trio.CancelScope(shield=True):
                # what was queued goes out first, then the close handshake (2 s for both)
                await c.out.close(1000, "", SESSION_CLOSE_TIMEOUT)
            n.cancel_scope.cancel()


async def _run_route(c, handler, log):
    try:
        await call_handler(handler, c.id)
    except Exception as e:
        if log is not None:
            log(e)
        await _close(c, 1011, "internal error")


async def _run_callbacks(c, req, callbacks, log):
    on_connect, on_message, on_close = callbacks
    headers = MeshMap((k.lower(), v) for k, v in req.raw_headers)
    code, why = 1000, ""
    try:
        r = await call_handler(on_connect, c.id, req.target, headers)
        if r == 0:
            for room in list(c.rooms):
                leave(c.id, room)
            await _close(c, 1008, "rejected")
            return
        while True:
            try:
                msg = await c.ws.get_message()
            except CLOSED:
                break
            if type(msg) is not str:
                msg = bytes(msg).decode("utf-8", "replace")
            await call_handler(on_message, c.id, msg)
    except Exception as e:
        if log is not None:
            log(e)
        await _close(c, 1011, "internal error")
        code, why = 1011, "internal error"
    _unregister(c)
    if c.out.evicted is not None:
        code, why = c.out.evicted
    try:
        await call_handler(on_close, c.id, code, why)
    except Exception as e:
        if log is not None:
            log(e)


async def _close(c, code, why):
    c.closed = True
    await c.out.close(code, truncate_reason(why))


# ------------------------------------------------------------------ Mesh `Ws.*` API


def _put(conn: int, text: str) -> bool:
    c = _conns.get(conn)
    # `ws.closed`: the peer's close or a dead transport, seen before the writer notices
    return c is not None and not c.closed and c.ws.closed is None and c.out.put(text)


async def send(conn: int, text) -> int:
    """`Ws.send(conn, text)`: `0` once queued for the connection's writer, `-1` when the
    connection is gone (or was just evicted for not reading, ws_outbox.py)."""
    ok = _put(conn, str(text))
    await trio.lowlevel.checkpoint()
    return 0 if ok else -1


def join(conn: int, room: str) -> int:
    c = _conns.get(conn)
    if c is not None:
        c.rooms.add(room)
        _rooms.setdefault(room, set()).add(conn)
    return 0


def leave(conn: int, room: str) -> int:
    c = _conns.get(conn)
    if c is not None:
        c.rooms.discard(room)
    members = _rooms.get(room)
    if members is not None:
        members.discard(conn)
        if not members:
            del _rooms[room]
    return 0


async def broadcast_local(room: str, text, except_conn=None) -> int:
    """Queue `text` for every member (never waits on one): the number of members that
    were gone or were evicted by this message."""
    text = str(text)
    failures = 0
    for cid in sorted(_rooms.get(room, ())):
        if cid != except_conn and not _put(cid, text):
            failures += 1
    await trio.lowlevel.checkpoint()
    return failures


async def broadcast(room: str, text) -> int:
    n = await broadcast_local(room, text)
    hook = ws_base.cluster_broadcast_hook
    if hook is not None:
        hook(room, str(text))
    return n


async def broadcast_except(room: str, text, conn: int) -> int:
    n = await broadcast_local(room, text, conn)
    hook = ws_base.cluster_broadcast_hook
    if hook is not None:
        hook(room, str(text))
    return n


async def receive(conn: int):
    """`Ws.receive(conn)`: `Some(text)` for the next data message, `NONE` once closed."""
    c = _conns.get(conn)
    if c is None:
        return NONE
    try:
        msg = await c.ws.get_message()
    except CLOSED:
        return NONE
    if type(msg) is not str:
        msg = bytes(msg).decode("utf-8", "replace")
    return Some(msg)


async def loop(conn: int) -> None:
    """`Ws.loop(conn)`: discard data messages until the peer closes."""
    c = _conns.get(conn)
    if c is None:
        return None
    try:
        while True:
            await c.ws.get_message()
    except CLOSED:
        return None


async def close(conn: int) -> int:
    c = _conns.get(conn)
    if c is None or c.closed:
        return -1
    await _close(c, 1000, "")
    return 0


def room_members(room: str) -> list[int]:
    """Introspection (tests, Observatory)."""
    return sorted(_rooms.get(room, ()))
