"""Transient authenticated connections that carry clustered HTTP requests to their owner
(spec 07 §11.6 step 3): TCP, TLS 1.3 and the cookie handshake of §4.2, exactly like a node
session, but the ingress authenticates as `mesh-http-route@<its host:port>` with creation 0,
so the owner serves it and never registers it as a member (like the operator CLI, §11.9).

On the connection, one `HTTP_ROUTE_QUERY` frame is answered by one `HTTP_ROUTE_REPLY`
frame; the field layouts belong to `http_route`. Our choice: an answered connection goes
back to a small per-owner pool and carries the next request, so a request does not pay a
TLS handshake and two ECDSA signatures; a pooled connection is one request at a time, is
checked for a pending close before reuse and is never used after `IDLE_CLIENT` seconds.

Failures are `RouteLinkError(reason, sent)`, `reason` in the spec's wording
(`clustered_http_route_connect_failed:<host>:<port>:<err>`, `..._handshake_failed:...`,
`..._reply_read_failed:...`); `sent` tells whether the owner may have received the query,
which decides if the ingress may re-place the request (§11.6, "Our choice"). The cookie is
only an HMAC key: no reason or log text contains it.
"""

from __future__ import annotations

import os
import select
import time

import trio

from .framing import SESSION_LIMIT, FrameDecoder, FrameTooLarge, encode_frame
from .handshake import Handshake, cert_binding
from .handshake_io import run_handshake
from .names import format_node_name, parse_node_name
from .tls import SERVER_NAME
from .transport import TlsStream

ROUTE_BASENAME = "mesh-http-route"
# Our choice: connect + TLS + cookie handshake within 5 s (a node session gets 10 s, §4.2):
# a client is waiting, and an owner that cannot authenticate in 5 s is not used (§11.6).
DIAL_DEADLINE = 5.0
IDLE_CLIENT = 20.0  # a pooled connection idle longer is closed instead of reused
IDLE_SERVER = 60.0  # the owner closes a route connection idle this long (> IDLE_CLIENT)
POOL_MAX = 64  # idle connections kept per owner

_BROKEN = (trio.BrokenResourceError, trio.ClosedResourceError, OSError)


def is_route_client(name: str, creation: int) -> bool:
    """Is an authenticated peer a transient route client (never a member)?"""
    return creation == 0 and name.partition("@")[0] == ROUTE_BASENAME


def client_name(host: str, port: int) -> str:
    return format_node_name(ROUTE_BASENAME, host, port)


class RouteClient:
    """An authenticated route client on the owner's side, served after the handshake."""

    __slots__ = ("tls", "leftover")

    def __init__(self, tls: TlsStream, leftover: bytes):
        self.tls = tls
        self.leftover = leftover


class RouteLinkError(Exception):
    def __init__(self, reason: str, sent: bool):
        super().__init__(reason)
        self.reason = reason
        self.sent = sent


def error_text(e: BaseException) -> str:
    """A short, stable description of an I/O failure for a reason string."""
    if isinstance(e, trio.TooSlowError):
        return "timeout"
    for x in (e, e.__cause__, e.__context__):
        if isinstance(x, OSError) and x.errno:
            return os.strerror(x.errno).lower()
    if isinstance(e, (trio.BrokenResourceError, trio.ClosedResourceError)):
        return "connection closed"
    return type(e).__name__


def where(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


async def send_frame(tls: TlsStream, frame: bytes) -> None:
    """Write one frame at once (no scheduler pass, like a session's direct send); only a
    socket that does not take it all makes us wait for writability."""
    if not tls.send_now(encode_frame(frame)):
        await tls.send_all(b"")  # the rest (or the socket's error)


class RouteConn:
    """One authenticated connection to an owner, one exchange at a time."""

    __slots__ = ("tls", "dec", "frames", "idle_since")

    def __init__(self, tls: TlsStream, leftover: bytes):
        self.tls = tls
        self.dec = FrameDecoder(SESSION_LIMIT)
        self.frames = self.dec.feed(leftover)
        self.idle_since = time.monotonic()

    def reusable(self, now: float) -> bool:
        """Not idle too long and nothing pending on the socket: an owner never speaks
        first, so readable means it closed the connection (or broke the protocol)."""
        if now - self.idle_since > IDLE_CLIENT or self.frames or self.dec.pending():
            return False
        p = select.poll()
        p.register(self.tls.tcp.socket.fileno(), select.POLLIN)
        return not p.poll(0)

    async def read_frame(self) -> bytes:
        while not self.frames:
            data = await self.tls.receive_some(65536)
            if not data:
                raise trio.BrokenResourceError("connection closed by the owner")
            self.frames = self.dec.feed(data)
        return self.frames.pop(0)

    async def close(self) -> None:
        with trio.CancelScope(shield=True):
            await trio.aclose_forcefully(self.tls)


class RoutePool:
    """The ingress side: authenticated connections per owner name."""

    def __init__(self, rt):
        self.rt = rt
        self.idle: dict[str, list[RouteConn]] = {}

    async def exchange(self, owner: str, frame: bytes, timeout: float) -> bytes:
        """Send one query frame (tag + body) to `owner`, return the reply frame."""
        _b, host, port = parse_node_name(owner)
        at = where(host, port)
        conn = self._take(owner)
        if conn is None:
            conn = await self._dial(host, port, at)
        sent = False
        try:
            with trio.fail_after(timeout):
                try:
                    await send_frame(conn.tls, frame)
                except _BROKEN as e:
                    raise RouteLinkError(
                        f"clustered_http_route_send_failed:{at}:{error_text(e)}", False
                    ) from None
                sent = True
                reply = await conn.read_frame()
        except (trio.TooSlowError, *_BROKEN, FrameTooLarge) as e:
            await conn.close()
            if not sent:  # the send itself timed out: the owner never saw a whole frame
                raise RouteLinkError(
                    f"clustered_http_route_send_failed:{at}:{error_text(e)}", False
                ) from None
            raise RouteLinkError(
                f"clustered_http_route_reply_read_failed:{at}:{error_text(e)}", True
            ) from None
        except BaseException:
            await conn.close()  # cancelled or failed mid-exchange: the stream is out of step
            raise
        self._put(owner, conn)
        return reply

    def _take(self, owner: str) -> RouteConn | None:
        conns = self.idle.get(owner)
        now = time.monotonic()
        while conns:
            conn = conns.pop()
            if conn.reusable(now):
                return conn
            self.rt.node.sys_nursery.start_soon(conn.close)
        return None

    def _put(self, owner: str, conn: RouteConn) -> None:
        conns = self.idle.setdefault(owner, [])
        if len(conns) >= POOL_MAX:
            self.rt.node.sys_nursery.start_soon(conn.close)
            return
        conn.idle_since = time.monotonic()
        conns.append(conn)

    def drop(self, owner: str) -> None:
        """The owner left the membership: its pooled connections are useless."""
        for conn in self.idle.pop(owner, ()):
            self.rt.node.sys_nursery.start_soon(conn.close)

    async def _dial(self, host: str, port: int, at: str) -> RouteConn:
        rt = self.rt
        tls = None
        deadline = trio.current_time() + DIAL_DEADLINE
        try:
            with trio.fail_at(deadline):
                tcp = await trio.open_tcp_stream(host, port)
        except (OSError, trio.TooSlowError) as e:
            raise RouteLinkError(
                f"clustered_http_route_connect_failed:{at}:{_connect_error(e)}", False
            ) from None
        try:
            with trio.fail_at(deadline):
                tls = TlsStream(
                    tcp, rt.tls.client_ctx, server_side=False, server_hostname=SERVER_NAME
                )
                await tls.do_handshake()
                hs = Handshake(
                    "initiator",
                    client_name(rt.host, rt.port),
                    0,
                    rt._cookie,
                    cert_binding(tls.getpeercert(binary_form=True)),
                )
                await run_handshake(tls, hs)
        except (trio.TooSlowError, *_BROKEN) as e:
            await trio.aclose_forcefully(tls if tls is not None else tcp)
            raise RouteLinkError(
                f"clustered_http_route_handshake_failed:{at}:{error_text(e)}", False
            ) from None
        except BaseException:
            await trio.aclose_forcefully(tls if tls is not None else tcp)
            raise
        if not hs.done:
            await trio.aclose_forcefully(tls)
            raise RouteLinkError(f"clustered_http_route_handshake_failed:{at}:{hs.error}", False)
        return RouteConn(tls, hs.leftover)


def _connect_error(e: BaseException) -> str:
    """trio reports a failed connect as one OSError over every address tried; the
    first address's error is the useful one (`connection refused`)."""
    if isinstance(e, OSError) and not e.errno:
        cause = e.__cause__
        for sub in getattr(cause, "exceptions", (cause,)):
            if isinstance(sub, OSError) and sub.errno:
                return os.strerror(sub.errno).lower()
    return error_text(e)
