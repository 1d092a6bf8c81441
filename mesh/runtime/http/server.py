"""HTTP/1.1 server on Trio (spec 06 §1.7–§1.8, §4.2).

Each accepted connection is a Mesh process (spawned on the current `Node`, so handlers may
`receive`, call services and use `self()`); requests on it are parsed by a sans-IO parser
from `parse.py` and answered in order (keep-alive and pipelining). The accept loop runs in
the task that called `serve`.
"""

from __future__ import annotations

import errno
import math
import os
import socket as _stdsocket
import ssl
import sys
import weakref

import trio

from ..actors.context import current_node, current_proc
from ..actors.node import crash_reason
from ..actors.process import reason_text
from . import conn_poll as _conn_poll
from .model import Response, env_seconds
from .parse import MAX_BODY, BadResponse, ParseError, make_parser
from .router import dispatch
from .ws_base import HANDSHAKE_TIMEOUT as WS_HANDSHAKE_TIMEOUT

# spec 06 §1.8; the environment overrides exist for the tests only
# (read: a started request must be complete within it; idle: between keep-alive requests)
READ_TIMEOUT = env_seconds("MESH_HTTP_READ_TIMEOUT_MS", 30.0)
IDLE_TIMEOUT = env_seconds("MESH_HTTP_IDLE_TIMEOUT_MS", 30.0)
# write: a send that makes no progress for this long drops the connection (a client that
# stops reading would otherwise hold its connection and rendered answers forever)
WRITE_TIMEOUT = env_seconds("MESH_HTTP_WRITE_TIMEOUT_MS", 30.0)
# Rendered-but-unsent answer bytes per connection: past this the connection sends before it
# parses the next pipelined request. Without it 2,045 pipelined `GET /big` (62 KB of
# requests, 64 KiB answers) from a client that never reads were rendered into one 130 MB
# buffer (and joined into a second copy) per connection.
MAX_UNSENT = 64 * 1024
MAX_CONNECTIONS = 10000
ACCEPT_BATCH = 128  # connections taken from the backlog per scheduler pass
ACCEPT_BACKOFF = 0.05  # seconds between accept attempts while out of descriptors/memory
_ACCEPT_EXHAUSTED = frozenset(getattr(errno, n) for n in ("EMFILE", "ENFILE", "ENOBUFS", "ENOMEM"))
# accept(2) reports a pending connection's network errors; only that connection is lost
_ACCEPT_TRANSIENT = frozenset(
    getattr(errno, n)
    for n in (
        "ECONNABORTED",
        "EPROTO",
        "EPERM",
        "ENETDOWN",
        "ENOPROTOOPT",
        "EHOSTDOWN",
        "ENONET",
        "EHOSTUNREACH",
        "ENETUNREACH",
        "EOPNOTSUPP",
    )
    if hasattr(errno, n)
)
DEFAULT_PARSER = os.environ.get("MESH_HTTP_PARSER", "fast")  # "fast" (httptools) or "h11"

INTERNAL_ERROR = b"Internal Server Error"

live_servers: weakref.WeakSet = weakref.WeakSet()
"""Servers whose accept loop runs: the Observatory times their routes while attached
(mesh/cluster/observe_trace.py). Costs one set insertion per `serve`."""


def live_routes() -> list:
    """Every route of the servers whose accept loop runs (the Observatory's view)."""
    return [
        route for srv in list(live_servers) if srv.router is not None for route in srv.router.routes
    ]


def log(line: str) -> None:
    try:
        sys.stdout.flush()
    except Exception:
        pass
    sys.stderr.write("[mesh-rt] " + line + "\n")
    sys.stderr.flush()


def _panic_text(e: BaseException) -> str:
    return reason_text(crash_reason(e))


def _node():
    p = current_proc.get()
    return p.node if p is not None else current_node.get()


# ------------------------------------------------------------------ listening sockets


# In a worker (docs/internals/workers.md §3): `(port, host) -> (sock, shown)` from the supervisor.
shared_listener = None


def bind_socket(port: int, host=None):
    """A listening non-blocking stdlib socket on `[::]:port` (dual stack), falling back to
    `0.0.0.0`. Returns `(sock, shown_host)`; raises OSError on bind failure."""
    if shared_listener is not None:
        return shared_listener(port, host)
    if host is None and _stdsocket.has_ipv6:
        try:
            s = _stdsocket.socket(_stdsocket.AF_INET6, _stdsocket.SOCK_STREAM)
        except OSError:
            s = None
        if s is not None:
            try:
                s.setsockopt(_stdsocket.SOL_SOCKET, _stdsocket.SO_REUSEADDR, 1)
                s.setsockopt(_stdsocket.IPPROTO_IPV6, _stdsocket.IPV6_V6ONLY, 0)
                s.bind(("::", port))
                s.listen(1024)
                s.setblocking(False)
                return s, "[::]"
            except OSError as e:
                s.close()
                if e.errno not in (97, 99):  # EAFNOSUPPORT, EADDRNOTAVAIL: no IPv6
                    raise
    h = host or "0.0.0.0"
    s = _stdsocket.socket(_stdsocket.AF_INET, _stdsocket.SOCK_STREAM)
    try:
        s.setsockopt(_stdsocket.SOL_SOCKET, _stdsocket.SO_REUSEADDR, 1)
        s.bind((h, port))
        s.listen(1024)
        s.setblocking(False)
    except OSError:
        s.close()
        raise
    return s, h


def _os_error_text(e: OSError) -> str:
    if e.errno is not None and e.strerror:
        return f"{e.strerror} (os error {e.errno})"
    return str(e)


# ------------------------------------------------------------------ streams


def _websocket():
    """websocket.py, imported at the first upgrade: a server that never upgrades a
    connection does not load it (ws_base.py says why)."""
    from . import websocket

    return websocket


class SockStream:
    """Stream over a non-blocking stdlib socket, for the plain-HTTP hot path.

    `receive_some` yields to the scheduler once, then tries `recv` and waits for
    readability only if nothing is there. Trio's socket methods try first and then yield
    anyway; an HTTP connection that just answered has to wait for the client's next request,
    so by the time it runs again after one yield that request has usually arrived and the
    `recv` succeeds at once (no EAGAIN, no epoll re-registration). Measured on a bare echo
    server under `wrk -c100`: 51k req/s with trio sockets, 81k with this order, 42k without
    the yield.

    When the request has *not* arrived after that yield (slow clients, or a loop sharing its
    CPU), the failed `recv` and Trio's wait cost more than the request itself, so the
    stream moves to the run's connection poller (conn_poll.py, once `watch()` found one):
    its socket gets an edge-triggered registration and a drained stream parks until the
    next edge, without trying. The edge costs a little for every request, so a stream whose
    parked reader keeps being woken in the very next busy pass of the run loop (where the
    yield-then-`recv` order would have found the data) goes back to trying
    (`QUICK_WAKES_TO_TRY`). `as_trio_stream()` gives a real Trio stream for TLS and
    WebSocket upgrades."""

    __slots__ = ("sock", "conn", "poller", "edge", "readable", "waiter", "writer", "quick")

    def __init__(self, sock):
        self.sock = sock
        self.conn = None  # the `_Conn` whose write deadline each partial send extends
        self.poller = None  # the run's `ConnPoller`, once `watch()` found one
        self.edge = False  # the socket is registered with the poller (waits park)
        self.readable = True  # while `edge`: a `recv` may find data (conn_poll.py)
        self.waiter = None  # the task parked until the poller sees data
        self.writer = None  # the task parked until the poller sees room to write
        self.quick = 0  # consecutive parks that ended in the next busy pass

    def watch(self):
        """Let waits go through the run's connection poller from now on, if there is one."""
        self.poller = _conn_poll.poller()

    def unwatch(self):
        """Wait through Trio only from now on (before closing or handing the socket to a
        Trio stream)."""
        p = self.poller
        if p is not None:
            self.poller = None
            if self.edge:
                self.edge = False
                p.remove(self.sock.fileno())

    def _register(self):
        """Put the socket on the poller (`edge`); False, and no poller from now on, if it
        cannot be (waits go through Trio then)."""
        if self.poller.add(self.sock.fileno(), self):
            self.edge = True
            return True
        self.poller = None
        return False

    def _abort(self, _raise_cancel):
        self.waiter = None
        return _ABORTED

    def _abort_write(self, _raise_cancel):
        self.writer = None
        return _ABORTED

    async def _park(self):
        """Wait for the poller to see data (`edge` is set). A reader woken in the busy pass
        right after it parked would have found the data by yielding and trying: after
        `QUICK_WAKES_TO_TRY` such wakes in a row the stream goes back to trying."""
        p = self.poller
        parked = p.passes
        if self.waiter is not None:
            raise trio.BusyResourceError("another task is already reading this connection")
        self.waiter = _current_task()
        await _wait_task_rescheduled(self._abort)
        if p.passes - parked == 1 and p.busy:
            self.quick += 1
            if (
                self.quick >= QUICK_WAKES_TO_TRY
                and self.edge
                and self.writer is None
                and self.poller is p
            ):
                self.quick = 0
                self.edge = False
                p.drop(self.sock.fileno())
        else:
            self.quick = 0

    async def receive_some(self, n=65536):
        sock = self.sock
        if self.edge and not self.readable:
            await self._park()
        else:
            await _checkpoint()
        while True:
            try:
                data = sock.recv(n)
            except BlockingIOError:
                if self.poller is None:
                    await _wait_readable(sock)
                    continue
                if not self.edge and not self._register():
                    continue
                self.readable = False
                await self._park()
                continue
            if len(data) < n:
                self.readable = False  # drained: with `edge`, the next edge sets it
            return data

    async def send_all(self, data):
        sock = self.sock
        try:
            k = sock.send(data)
        except BlockingIOError:
            k = 0
        if k == len(data):
            return
        mv = memoryview(data)[k:]
        conn = self.conn
        while mv:
            await self._wait_writable()
            try:
                k = sock.send(mv)
            except BlockingIOError:
                continue
            mv = mv[k:]
            if conn is not None:
                conn.extend_write()

    async def _wait_writable(self):
        """Wait until the socket takes more. Through the poller when there is one: the
        socket's edge registration carries `EPOLLOUT` too (Trio's one-shot registration of
        the same descriptor would replace it, and a parked reader must stay wakeable while
        a send is blocked: a client may read nothing of the answer before it has sent all
        of its request)."""
        if not self.edge:
            if self.poller is None or not self._register():
                await _wait_writable(self.sock)
                return
            self.readable = True  # data may have come before the registration: try it
        if self.writer is not None:
            raise trio.BusyResourceError("another task is already writing this connection")
        self.writer = _current_task()
        await _wait_task_rescheduled(self._abort_write)

    async def aclose(self):
        self.unwatch()
        _notify_closing(self.sock)
        self.sock.close()
        await trio.lowlevel.checkpoint()

    def as_trio_stream(self):
        self.unwatch()
        return trio.SocketStream(trio.socket.from_stdlib_socket(self.sock))


class ProgressStream(trio.abc.Stream):
    """The transport under a TLS stream: sends in 64 KiB pieces and extends the
    connection's write deadline after each, so the write timeout of TLS connections also
    means "no progress for that long" rather than a total for a whole answer."""

    PIECE = 65536

    def __init__(self, inner):
        self.inner = inner
        self.conn = None  # set once the connection has its `_Conn`

    async def send_all(self, data):
        n = len(data)
        if n <= self.PIECE:
            await self.inner.send_all(data)
            return
        mv = memoryview(data)
        for i in range(0, n, self.PIECE):
            await self.inner.send_all(mv[i : i + self.PIECE])
            if self.conn is not None:
                self.conn.extend_write()

    async def wait_send_all_might_not_block(self):
        await self.inner.wait_send_all_might_not_block()

    async def receive_some(self, max_bytes=None):
        return await self.inner.receive_some(max_bytes)

    async def aclose(self):
        await self.inner.aclose()


_checkpoint = trio.lowlevel.checkpoint
_wait_readable = trio.lowlevel.wait_readable
_wait_writable = trio.lowlevel.wait_writable
_notify_closing = trio.lowlevel.notify_closing
_current_task = trio.lowlevel.current_task
_wait_task_rescheduled = trio.lowlevel.wait_task_rescheduled
_ABORTED = trio.lowlevel.Abort.SUCCEEDED
QUICK_WAKES_TO_TRY = 4
"""Parks in a row that ended in the run loop's next pass, found waiting (conn_poll.py
QUICK_WAIT), after which a stream goes back to yielding once and trying `recv`."""


# ------------------------------------------------------------------ server


class _Conn:
    """A connection as the timeout sweeper sees it: its cancel scope and deadline."""

    __slots__ = ("scope", "deadline", "srv", "writing")

    def __init__(self, scope, srv):
        self.scope = scope
        self.deadline = math.inf
        self.srv = srv
        self.writing = False  # inside `Server._send` (not, e.g., in an upgraded WebSocket)

    def extend_write(self):
        """The send made progress: the write timeout starts again."""
        if self.writing:
            srv = self.srv
            self.deadline = srv.now + srv.period + srv.write_timeout


class Server:
    """One listener. `router` is a `Router`; `ws_callbacks` (`Ws.serve`) turns every request
    into a WebSocket upgrade handled by the callbacks instead."""

    def __init__(
        self,
        router=None,
        port=0,
        *,
        parser=None,
        ssl_context=None,
        ws_callbacks=None,
        read_timeout=None,
        idle_timeout=None,
        max_body=MAX_BODY,
        max_connections=MAX_CONNECTIONS,
        host=None,
        write_timeout=None,
    ):
        self.router = router
        self.port = port
        self.host = host
        self.parser = parser or DEFAULT_PARSER
        self.ssl_context = ssl_context
        self.ws_callbacks = ws_callbacks
        self.read_timeout = READ_TIMEOUT if read_timeout is None else read_timeout
        self.idle_timeout = IDLE_TIMEOUT if idle_timeout is None else idle_timeout
        self.write_timeout = WRITE_TIMEOUT if write_timeout is None else write_timeout
        self.max_body = max_body
        self.limiter = trio.CapacityLimiter(max_connections)
        self.sock = None
        self.raw_sock = None  # the stdlib listening socket (non-blocking)
        self.shown_host = None
        self.bound_port = None
        self.conns = set()  # live _Conn records, checked by the timeout sweeper
        # Coarse clock for connection deadlines, advanced by the sweeper: reading an
        # attribute is cheaper than asking Trio's clock twice per request.
        self.period = max(
            0.02,
            min(self.read_timeout, self.idle_timeout, self.write_timeout, WS_HANDSHAKE_TIMEOUT) / 8,
        )
        self.now = 0.0

    def bind(self):
        s, shown = bind_socket(self.port, self.host)
        self.raw_sock = s
        self.sock = trio.socket.from_stdlib_socket(s)
        self.shown_host = shown
        self.bound_port = s.getsockname()[1]
        return self.bound_port

    async def _sweeper(self):
        """Coarse timeouts: one task checks every connection's deadline a few times per
        second (cheaper than moving a Trio deadline twice per request). A deadline is set
        from `self.now` plus one period, so it fires between one and two periods late,
        never early."""
        period = self.period
        self.now = trio.current_time()
        while True:
            await trio.sleep(period)
            now = self.now = trio.current_time()
            for c in list(self.conns):
                if c.deadline < now:
                    c.scope.cancel()

    async def accept_loop(self, node=None):
        live_servers.add(self)
        async with trio.open_nursery() as n:
            n.start_soon(self._sweeper)
            await self._accept_loop(node)
            n.cancel_scope.cancel()

    async def _accept_loop(self, node=None):
        """Accept in batches: wait until the listening socket is readable, then take up to
        `ACCEPT_BATCH` pending connections without yielding in between. (`await
        lsock.accept()` plus `await limiter.acquire_on_behalf_of()` cost two scheduler passes
        per connection, and under load each pass runs every busy connection once: 100
        keep-alive clients took ~0.3 s to all be accepted and new connections were admitted
        at ~100/s.)"""
        node = node or _node()
        lsock = self.sock
        raw = self.raw_sock
        limiter = self.limiter
        spawn = node.spawn
        conn = self._connection
        out_of_fds = False  # logged once per episode of EMFILE and friends
        try:
            while True:
                await trio.lowlevel.wait_readable(raw)
                for _ in range(ACCEPT_BATCH):
                    token = object()
                    try:
                        limiter.acquire_on_behalf_of_nowait(token)
                    except trio.WouldBlock:
                        await limiter.acquire_on_behalf_of(token)
                    try:
                        s, _addr = raw.accept()
                    except BlockingIOError:
                        limiter.release_on_behalf_of(token)
                        break
                    except OSError as e:
                        limiter.release_on_behalf_of(token)
                        if e.errno in _ACCEPT_EXHAUSTED:
                            # the connection stays in the backlog; retry once a closing
                            # connection may have freed a descriptor
                            if not out_of_fds:
                                out_of_fds = True
                                log(f"accept failed: {_os_error_text(e)}; retrying")
                            await trio.sleep(ACCEPT_BACKOFF)
                            break
                        if e.errno in _ACCEPT_TRANSIENT:
                            continue  # that one connection failed before we took it
                        raise
                    except BaseException:
                        limiter.release_on_behalf_of(token)
                        raise
                    out_of_fds = False
                    s.setblocking(False)  # accepted sockets start blocking
                    try:
                        s.setsockopt(_stdsocket.IPPROTO_TCP, _stdsocket.TCP_NODELAY, 1)
                    except OSError:
                        pass
                    spawn(conn, (s, token), "http_connection")
                await trio.lowlevel.checkpoint()
        finally:
            lsock.close()

    # -------------------------------------------------------------- one connection

    async def _connection(self, sock, token):
        stream = SockStream(sock)
        try:
            if self.ssl_context is not None:
                stream = trio.SSLStream(
                    ProgressStream(stream.as_trio_stream()), self.ssl_context, server_side=True
                )
                with trio.move_on_after(self.read_timeout) as cs:
                    try:
                        await stream.do_handshake()
                    except (trio.BrokenResourceError, ssl.SSLError, OSError):
                        return
                if cs.cancelled_caught:
                    return
            await self._serve_stream(stream)
        except (trio.BrokenResourceError, trio.ClosedResourceError, ConnectionError, OSError):
            pass
        finally:
            self.limiter.release_on_behalf_of(token)
            if type(stream) is SockStream:
                stream.unwatch()
            _notify_closing(sock)
            sock.close()

    async def _serve_stream(self, stream):
        parser = make_parser(self.parser, self.max_body)
        proc = current_proc.get()
        router = self.router
        ws_cb = self.ws_callbacks
        recv = stream.receive_some
        out = []
        mid = False  # part of a request has been received
        with trio.CancelScope() as cs:
            st = _Conn(cs, self)
            if type(stream) is SockStream:
                stream.conn = st
                stream.watch()
            elif isinstance(stream, trio.SSLStream):
                stream.transport_stream.conn = st
            self.conns.add(st)
            try:
                await self._loop(stream, parser, proc, router, ws_cb, recv, out, mid, st)
            finally:
                self.conns.discard(st)
                parser.close()
                out.clear()

    async def _send(self, stream, data, cs):
        """`send_all` under the write deadline (extended whenever the send makes progress:
        each partial send on a plain socket, each 64 KiB over TLS); the deadline in force
        before is restored."""
        saved = cs.deadline
        cs.deadline = self.now + self.period + self.write_timeout
        cs.writing = True
        await stream.send_all(data)
        cs.writing = False
        cs.deadline = saved

    async def _loop(self, stream, parser, proc, router, ws_cb, recv, out, mid, cs):
        upgraded = []  # set by `ws_inner` when a WebSocket route accepts the upgrade
        ws_inner = self._ws_inner(upgraded)
        unsent = 0  # bytes in `out`
        while True:
            try:
                req = parser.next_request()
            except ParseError as e:
                await self._parse_error(stream, parser, out, e, cs)
                return
            if req is None:
                if out:
                    await self._send(stream, b"".join(out) if len(out) > 1 else out[0], cs)
                    out.clear()
                    unsent = 0
                if parser.wants_continue():
                    await self._send(stream, parser.continue_bytes(), cs)
                if not mid:
                    cs.deadline = (
                        self.now
                        + self.period
                        + (WS_HANDSHAKE_TIMEOUT if ws_cb else self.idle_timeout)
                    )
                data = await recv(65536)
                if not data:
                    parser.feed_eof()
                    return
                if not mid:
                    mid = True
                    cs.deadline = self.now + self.period + self.read_timeout
                try:
                    parser.feed(data)
                except ParseError as e:
                    await self._parse_error(stream, parser, out, e, cs)
                    return
                continue
            mid = False
            cs.deadline = math.inf
            if proc is not None and proc.mailbox:
                proc.mailbox.clear()
                proc.scan_from = 0
            if ws_cb is not None:
                await self._ws_serve_request(stream, parser, out, req, cs)
                return
            if upgraded:
                upgraded.clear()
            crashed = False
            try:
                resp, route = await dispatch(router, req, ws_inner)
            except Exception as e:
                log("HTTP handler panicked: " + _panic_text(e))
                resp, crashed = Response(500, INTERNAL_ERROR), True
            if upgraded and resp.status == 101 and route is not None and route.websocket:
                if out:
                    await self._send(stream, b"".join(out), cs)
                    out.clear()
                await self._upgrade(stream, parser, req, route.handler)
                return
            close = crashed or not req.keep_alive or parser.upgrade_data is not None
            data, must_close = self._render(parser, req, resp, close)
            out.append(data)
            if must_close:
                await self._send(stream, b"".join(out), cs)
                return
            unsent += len(data)
            if unsent >= MAX_UNSENT:
                # stop parsing pipelined requests until these answers are on their way
                await self._send(stream, b"".join(out) if len(out) > 1 else out[0], cs)
                out.clear()
                unsent = 0

    def _render(self, parser, req, resp, close):  # noqa: C901
        status = resp.status
        body = resp.body
        if type(status) is not int or not 100 <= status <= 599:
            log(f"HTTP handler returned invalid status {status}; answering 500")
            return parser.serialize(req, 500, INTERNAL_ERROR, None, True)
        if status < 200 or status == 101:
            log(f"HTTP handler returned informational status {status}; answering 500")
            return parser.serialize(req, 500, INTERNAL_ERROR, None, True)
        b = body.encode("utf-8", "surrogatepass") if type(body) is not bytes else body
        try:
            return parser.serialize(req, status, b, resp.headers, close)
        except BadResponse as e:
            log(f"HTTP response rejected: {e}; answering 500")
            return parser.serialize(req, 500, INTERNAL_ERROR, None, True)

    async def _parse_error(self, stream, parser, out, e, cs):
        log("HTTP parse error: " + e.text)
        body = {
            400: "Bad Request",
            413: "Content Too Large",
            431: "Request Header Fields Too Large",
        }.get(e.status, "Bad Request")
        out.append(parser.error_bytes(e.status, body))
        await self._send(stream, b"".join(out), cs)

    # -------------------------------------------------------------- websockets

    @staticmethod
    def _ws_inner(flag):
        """The stand-in for a WebSocket route's handler during dispatch (06 §2.4)."""

        async def inner(_route, req):
            why = _websocket().upgrade_error(req)
            if why is not None:
                return Response(400, "Bad Request: " + why, [("Content-Type", "text/plain")])
            flag.append(True)
            return Response(101, "")

        return inner

    async def _upgrade(self, stream, parser, req, handler):
        await _websocket().session(
            stream, req, leftover=parser.upgrade_data or b"", handler=handler, log=self._ws_log
        )

    async def _ws_serve_request(self, stream, parser, out, req, cs):
        ws = _websocket()
        why = ws.upgrade_error(req)
        if why is not None:
            data, _ = parser.serialize(
                req, 400, ("Bad Request: " + why).encode(), [("Content-Type", "text/plain")], True
            )
            await self._send(stream, data, cs)
            return
        await ws.session(
            stream,
            req,
            leftover=parser.upgrade_data or b"",
            callbacks=self.ws_callbacks,
            log=self._ws_log,
        )

    @staticmethod
    def _ws_log(e):
        log("WebSocket handler panicked: " + _panic_text(e))


# ------------------------------------------------------------------ Mesh entry points


def _tls_context(cert_path, key_path):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert_path, key_path)
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx


async def serve(router, port, *, tls=None, on_ready=None, **opts) -> None:
    """`HTTP.serve(router, port)` / `HTTP.serve_tls(...)`: bind, print the readiness line,
    serve forever in the calling process. On bind failure: the log line, then the program
    ends with status 1.
    `on_ready(server)` is a test hook called once listening."""
    ctx = None
    if tls is not None:
        try:
            ctx = _tls_context(*tls)
        except (OSError, ssl.SSLError, ValueError) as e:
            log(f"Failed to load TLS certificates: {e}")
            return None
    srv = Server(router, port, ssl_context=ctx, **opts)
    try:
        srv.bind()
    except OSError as e:
        shown = "[::]"
        if tls is None:
            log(f"Failed to start HTTP server on {shown}:{port}: {_os_error_text(e)}")
        else:
            log(f"Failed to bind {shown}:{port}: {_os_error_text(e)}")
        # Our deviation from 06 §1.8 ("returns ()"; docs/cli.md): a server that cannot
        # listen ends the program with status 1, so a supervisor (Docker, Fly, systemd)
        # sees the failure and restarts it instead of keeping a deaf process alive.
        _node().shutdown(1)
        await trio.lowlevel.checkpoint()  # cancelled here: nothing after `serve` runs
        return None
    kind = "HTTPS" if tls is not None else "HTTP"
    log(f"{kind} server listening on {srv.shown_host}:{srv.bound_port}")
    if on_ready is not None:
        on_ready(srv)
    await srv.accept_loop()
    return None


async def ws_serve(
    on_connect, on_message, on_close, port, *, tls=None, on_ready=None, **opts
) -> None:
    """`Ws.serve(...)`: bind `0.0.0.0:port`, print the readiness line, run the accept loop in
    the node's system nursery and return at once."""
    ctx = None
    if tls is not None:
        try:
            ctx = _tls_context(*tls)
        except (OSError, ssl.SSLError, ValueError) as e:
            log(f"Failed to load TLS certificates: {e}")
            return None
    srv = Server(
        None,
        port,
        ssl_context=ctx,
        ws_callbacks=(on_connect, on_message, on_close),
        host="0.0.0.0",
        **opts,
    )
    try:
        srv.bind()
    except OSError as e:
        log(f"Failed to start WebSocket server on 0.0.0.0:{port}: {_os_error_text(e)}")
        return None
    kind = "WebSocket TLS" if tls is not None else "WebSocket"
    log(f"{kind} server listening on 0.0.0.0:{srv.bound_port}")
    if on_ready is not None:
        on_ready(srv)
    node = _node()
    node.sys_nursery.start_soon(srv.accept_loop, node)
    await trio.lowlevel.checkpoint()
    return None
