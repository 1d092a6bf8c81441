"""Outbound HTTP client (spec 05 §12): h11 over Trio streams, keep-alive pools, streaming.

Request, client and stream handles are small positive ints in runtime tables (0 reserved).
Everything that touches the network is a coroutine that suspends only the calling process.
"""

from __future__ import annotations

import codecs
import math
import os
import socket
import ssl
import zlib
from contextlib import aclosing
from urllib.parse import quote, urljoin, urlsplit

import trio

from ..actors.context import current_node, current_proc
from ..coro import CORO_TYPE
from ..values import Atom, Err, MeshMap, Ok
from .model import HttpResponse

VERSION = "0.1.0"
DEFAULT_TIMEOUT_MS = 30000
PIECE = 8192
_METHODS = {"get", "head", "delete", "options", "post", "put", "patch"}


class ClientError(Exception):
    """A transport failure; `text` is the unprefixed text, `prefix` the classification."""

    def __init__(self, text, prefix=""):
        super().__init__(text)
        self.text = text
        self.prefix = prefix


class _Req:
    __slots__ = ("method", "url", "headers", "body", "query", "timeout_ms")

    def __init__(self, method, url):
        self.method = method
        self.url = url
        self.headers = []
        self.body = None
        self.query = []
        self.timeout_ms = DEFAULT_TIMEOUT_MS

    def full_url(self):
        if not self.query:
            return self.url
        q = "&".join(quote(k, safe="") + "=" + quote(v, safe="") for k, v in self.query)
        return self.url + ("&" if "?" in self.url else "?") + q


class _Pool:
    __slots__ = ("idle", "closed")

    def __init__(self):
        self.idle = {}
        self.closed = False


class _Stream:
    __slots__ = ("scope", "cancelled", "done")

    def __init__(self):
        self.scope = trio.CancelScope()
        self.cancelled = False
        self.done = False


_reqs: dict[int, _Req] = {}
_pools: dict[int, _Pool] = {}
_streams: dict[int, _Stream] = {}
_next = 1


def _new_handle():
    global _next
    h = _next
    _next += 1
    return h


# ------------------------------------------------------------------ builder (sync)


def build(method, url) -> int:
    m = method.name if isinstance(method, Atom) else str(method)
    h = _new_handle()
    _reqs[h] = _Req(m.upper(), str(url))
    return h


def header(req: int, name, value) -> int:
    r = _reqs.get(req)
    if r is not None:
        r.headers.append((str(name), str(value)))
    return req


def body(req: int, text) -> int:
    r = _reqs.get(req)
    if r is not None:
        r.body = str(text).encode("utf-8")
    return req


def json(req: int, text) -> int:
    r = _reqs.get(req)
    if r is not None:
        r.body = str(text).encode("utf-8")
        r.headers.append(("Content-Type", "application/json"))
    return req


def query(req: int, key, value) -> int:
    r = _reqs.get(req)
    if r is not None:
        r.query.append((str(key), str(value)))
    return req


def timeout(req: int, ms: int) -> int:
    r = _reqs.get(req)
    if r is not None:
        r.timeout_ms = ms
    return req


def client() -> int:
    h = _new_handle()
    _pools[h] = _Pool()
    return h


# ------------------------------------------------------------------ transport


def _split(url):
    try:
        u = urlsplit(url)
        port = u.port
    except ValueError as e:
        raise ClientError(f"bad uri: {e}") from None
    if u.scheme not in ("http", "https"):
        raise ClientError(
            f"bad uri: unsupported scheme {u.scheme!r}" if u.scheme else "bad uri: missing scheme"
        )
    if not u.hostname:
        raise ClientError("bad uri: missing host")
    if port is None:
        port = 443 if u.scheme == "https" else 80
    target = (u.path or "/") + ("?" + u.query if u.query else "")
    host_hdr = u.netloc.rpartition("@")[2]
    return u.scheme, u.hostname, port, target, host_hdr


async def _connect(scheme, host, port):
    try:
        stream = await trio.open_tcp_stream(host, port)
    except socket.gaierror:
        raise ClientError("host not found", "DNS_FAILURE: ") from None
    except OSError as e:
        raise _io_error(e) from None
    if scheme == "https":
        ctx = ssl.create_default_context()
        s = trio.SSLStream(stream, ctx, server_hostname=host)
        try:
            await s.do_handshake()
        except (ssl.SSLError, trio.BrokenResourceError) as e:
            await _aclose(stream)
            cause = e.__cause__ if isinstance(e, trio.BrokenResourceError) else e
            raise ClientError(str(cause or e), "TLS_ERROR: ") from None
        except BaseException:  # cancelled (deadline): do not leak the socket
            await _aclose(stream)
            raise
        return s
    return stream


def _io_error(e: OSError):
    """`io: <OS error text> (os error N)` (spec 05 §12.3). The text comes from the errno:
    trio's per-address errors carry `Error connecting to (host, port): ...` as strerror."""
    # trio's multi-address connect failure wraps the per-address OSErrors
    subs = [e] + list(getattr(e, "exceptions", None) or ())
    subs += list(getattr(e.__cause__, "exceptions", None) or ())
    if isinstance(e.__cause__, OSError):
        subs.append(e.__cause__)
    for sub in subs:
        if isinstance(sub, OSError) and sub.errno is not None:
            return ClientError(f"io: {os.strerror(sub.errno)} (os error {sub.errno})")
    return ClientError(f"io: {e}")


class _Exchange:
    """One request/response on one connection (head first, then the body on demand)."""

    def __init__(self, stream, conn, key):
        self.stream = stream
        self.conn = conn
        self.key = key
        self.status = 0
        self.headers = None
        self.gzip = None

    async def _next(self):
        conn = self.conn
        while True:
            try:
                ev = conn.next_event()
            except h11.RemoteProtocolError as e:
                raise ClientError(f"protocol: {e}") from None
            if ev is h11.NEED_DATA:
                try:
                    data = await self.stream.receive_some(65536)
                except (trio.BrokenResourceError, OSError) as e:
                    raise ClientError(f"io: {e}") from None
                try:
                    conn.receive_data(data)
                except h11.RemoteProtocolError as e:
                    raise ClientError(f"protocol: {e}") from None
                continue
            return ev

    async def head(self):
        while True:
            ev = await self._next()
            if type(ev) is h11.Response:
                break
            if type(ev) is h11.ConnectionClosed:
                raise ClientError("io: connection closed before response")
        self.status = ev.status_code
        hs = {}
        for k, v in ev.headers:
            hs[k.decode("latin-1").lower()] = v.decode("latin-1")
        self.headers = hs
        if hs.get("content-encoding", "").lower() == "gzip":
            self.gzip = zlib.decompressobj(16 + zlib.MAX_WBITS)

    async def chunks(self):
        """Async iterator over decoded body bytes."""
        while True:
            ev = await self._next()
            t = type(ev)
            if t is h11.Data:
                d = ev.data
                if self.gzip is not None:
                    try:
                        d = self.gzip.decompress(d)
                    except zlib.error as e:
                        raise ClientError(f"io: gzip: {e}") from None
                if d:
                    yield bytes(d)
            elif t is h11.EndOfMessage or t is h11.ConnectionClosed:
                if self.gzip is not None:
                    rest = self.gzip.flush()
                    if rest:
                        yield rest
                return

    def reusable(self):
        c = self.conn
        return c.our_state is h11.DONE and c.their_state is h11.DONE


h11 = None
"""The h11 module, imported by the first request (`_start`): a program that never makes
one does not load it at start-up."""


def _load_h11() -> None:
    global h11
    import h11


async def _start(req: _Req, url, method, body_bytes, pool):
    if h11 is None:
        _load_h11()
    scheme, host, port, target, host_hdr = _split(url)
    key = (scheme, host, port)
    headers = [
        ("Host", host_hdr),
        ("User-Agent", f"mesh-http/{VERSION}"),
        ("Accept", "*/*"),
        ("Accept-Encoding", "gzip"),
    ]
    user_names = {k.lower() for k, _ in req.headers}
    headers = [(k, v) for k, v in headers if k.lower() not in user_names or k == "Host"]
    headers += [(k, v) for k, v in req.headers if k.lower() != "host"]
    if body_bytes is not None:
        headers.append(("Content-Length", str(len(body_bytes))))
    elif method in ("POST", "PUT", "PATCH"):
        headers.append(("Content-Length", "0"))
    for attempt in (0, 1):
        reused = False
        stream = conn = None
        if pool is not None and attempt == 0:
            idle = pool.idle.get(key)
            if idle:
                stream, conn = idle.pop()
                reused = True
        if stream is None:
            stream = await _connect(scheme, host, port)
            conn = h11.Connection(h11.CLIENT)
        try:
            data = conn.send(h11.Request(method=method, target=target, headers=headers))
            if body_bytes:
                data += conn.send(h11.Data(data=body_bytes))
            data += conn.send(h11.EndOfMessage())
        except h11.LocalProtocolError as e:
            await stream.aclose()
            raise ClientError(f"bad uri: {e}") from None
        ex = _Exchange(stream, conn, key)
        try:
            try:
                await stream.send_all(data)
            except (trio.BrokenResourceError, OSError) as e:
                raise ClientError(f"io: {e}") from None
            await ex.head()
        except ClientError:
            await _aclose(stream)
            if reused:
                continue  # a stale pooled connection: retry once on a fresh one
            raise
        except BaseException:  # cancelled (deadline): do not leak the socket
            await _aclose(stream)
            raise
        return ex
    raise ClientError("io: connection failed")  # pragma: no cover


async def _aclose(stream):
    with trio.CancelScope(shield=True):
        try:
            await stream.aclose()
        except Exception:
            pass


async def _finish(ex, pool):
    if pool is not None and not pool.closed and ex.reusable():
        try:
            ex.conn.start_next_cycle()
            pool.idle.setdefault(ex.key, []).append((ex.stream, ex.conn))
            return
        except h11.LocalProtocolError:
            pass
    await _aclose(ex.stream)


async def _perform(req: _Req, pool=None, *, head_only=False):
    """Follow redirects; returns the `_Exchange` with its head read (body pending)."""
    url = req.full_url()
    method = req.method
    body_bytes = req.body
    for _ in range(11):
        ex = await _start(req, url, method, body_bytes, pool)
        st = ex.status
        loc = ex.headers.get("location")
        if st in (301, 302, 303, 307, 308) and loc:
            await _drain(ex)
            await _finish(ex, pool)
            if st in (307, 308):
                if body_bytes is not None:
                    raise ClientError("redirect failed")
            else:
                if method != "HEAD":
                    method = "GET"
                body_bytes = None
            url = urljoin(url, loc)
            continue
        return ex
    raise ClientError("too many redirects")


async def _drain(ex, parts=None):
    """Reads the rest of the body (into PARTS); on any failure, including cancellation by
    the deadline, the connection is closed rather than leaked."""
    try:
        async with aclosing(ex.chunks()) as chunks:
            async for c in chunks:
                if parts is not None:
                    parts.append(c)
    except BaseException:
        await _aclose(ex.stream)
        raise


async def _send(req: _Req, pool=None):
    ex = await _perform(req, pool)
    parts = []
    await _drain(ex, parts)
    await _finish(ex, pool)
    return ex.status, b"".join(parts).decode("utf-8", "replace"), ex.headers


async def _with_deadline(req: _Req, coro_fn):
    ms = req.timeout_ms
    deadline = math.inf if ms is None or ms <= 0 else trio.current_time() + ms / 1000
    with trio.CancelScope(deadline=deadline) as cs:
        return await coro_fn()
    if cs.cancelled_caught:
        raise ClientError("timeout: global", "TIMEOUT: ")


def _err(e: ClientError, prefixed=True):
    return Err((e.prefix + e.text) if prefixed else e.text)


# ------------------------------------------------------------------ Mesh API (async)


async def send(req: int):
    """`Http.send(req)` -> `Ok(HttpResponse)` / `Err(text)` (any status is `Ok`)."""
    r = _reqs.pop(req, None)
    if r is None:
        return Err("invalid request handle")
    try:
        status, text, hs = await _with_deadline(r, lambda: _send(r))
    except ClientError as e:
        return _err(e)
    return Ok(HttpResponse(status, text, MeshMap(hs.items())))


async def send_with(client_h: int, req: int):
    pool = _pools.get(client_h)
    r = _reqs.pop(req, None)
    if r is None:
        return Err("invalid request handle")
    if pool is None or pool.closed:
        return Err("http client is closed")
    try:
        status, text, hs = await _with_deadline(r, lambda: _send(r, pool))
    except ClientError as e:
        return _err(e)
    return Ok(HttpResponse(status, text, MeshMap(hs.items())))


async def client_close(client_h: int) -> None:
    pool = _pools.pop(client_h, None)
    if pool is None:
        return None
    pool.closed = True
    for conns in pool.idle.values():
        for stream, _c in conns:
            await _aclose(stream)
    pool.idle.clear()
    return None


async def get(url):
    """`HTTP.get(url)` -> `Ok(body)` / `Err(text)`; status >= 400 is `Err("http status: N")`."""
    return await _legacy(_Req("GET", str(url)))


async def post(url, text):
    r = _Req("POST", str(url))
    r.body = str(text).encode("utf-8")
    r.headers.append(("Content-Type", "application/json"))
    return await _legacy(r)


async def _legacy(r):
    try:
        status, text, _hs = await _with_deadline(r, lambda: _send(r))
    except ClientError as e:
        return _err(e, prefixed=False)
    if status >= 400:
        return Err(f"http status: {status}")
    return Ok(text)


# ------------------------------------------------------------------ streaming


async def stream(req: int, callback) -> int:
    return await _stream(req, callback, False)


async def stream_bytes(req: int, callback) -> int:
    return await _stream(req, callback, True)


_STOP = Atom("stop")


async def _stream(req, callback, raw):
    r = _reqs.pop(req, None)
    if r is None:
        return 0
    ms = r.timeout_ms
    deadline = math.inf if ms is None or ms <= 0 else trio.current_time() + ms / 1000
    try:
        with trio.CancelScope(deadline=deadline) as cs:
            ex = await _perform(r)
        if cs.cancelled_caught:
            return 0
    except ClientError:
        return 0
    h = _new_handle()
    st = _Stream()
    st.scope.deadline = deadline
    _streams[h] = st
    p = current_proc.get()
    node = p.node if p is not None else current_node.get()
    node.spawn(_stream_body, (h, st, ex, callback, raw), "http_stream")
    return h


async def _stream_body(h, st, ex, callback, raw):
    dec = None if raw else codecs.getincrementaldecoder("utf-8")("replace")
    try:
        with st.scope:
            async with aclosing(ex.chunks()) as chunks:
                await _deliver(st, chunks, callback, dec, raw)
    except ClientError:
        pass
    finally:
        st.done = True
        _streams.pop(h, None)
        await _aclose(ex.stream)


async def _deliver(st, chunks, callback, dec, raw):
    """Calls CALLBACK once per piece (at most PIECE bytes) until "stop"/:stop, the end of
    the body or cancellation."""
    async for chunk in chunks:
        for i in range(0, len(chunk), PIECE):
            piece = chunk[i : i + PIECE]
            text = piece.decode("latin-1") if raw else dec.decode(piece)
            if not text:
                continue
            if st.cancelled:
                return
            res = callback(text)
            if type(res) is CORO_TYPE:
                res = await res
            if res == "stop" or res is _STOP:
                return
    if dec is not None and not st.cancelled:
        tail = dec.decode(b"", True)
        if tail:
            res = callback(tail)
            if type(res) is CORO_TYPE:
                await res


def cancel(handle: int) -> None:
    """`Http.cancel(handle)`: no callback starts after this returns."""
    st = _streams.pop(handle, None)
    if st is not None and not st.done:
        st.cancelled = True
        st.scope.cancel()
    return None
