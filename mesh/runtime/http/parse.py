"""Sans-IO HTTP/1.1 server protocol: bytes in, `Request`s out, response bytes back.

Two interchangeable implementations (DESIGN §3.6): `H11Parser` (the reference, on h11) and
`FastParser` (httptools/llhttp, the hot path). Both enforce the limits of spec 06 §1.8 and
raise `ParseError(status, reason)` for malformed or oversized input; the HTTP tests run
against both. No sockets here.
"""

from __future__ import annotations

from collections import deque

from .errors import ParseError
from .framing import head_error
from .model import Request, reason

__all__ = ["MAX_BODY", "BadResponse", "FastParser", "H11Parser", "ParseError", "make_parser"]

MAX_HEAD = 8192
MAX_HEADERS = 100
MAX_BODY = 16 * 1024 * 1024


_METHODS = {m.encode(): m for m in ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")}


def _build_request(method, target, raw, body, version, keep_alive):
    headers = {}
    for k, v in raw:
        headers[k.lower()] = v
    return Request(method, target, headers, raw, body, version, keep_alive)


# --------------------------------------------------------------------------------------
# Response heads


_CT_DEFAULT = ("Content-Type", "application/json; charset=utf-8")
_SKIP = frozenset({"content-length", "connection", "transfer-encoding"})


class BadResponse(Exception):
    pass


def response_headers(status, body_len, extra, close):
    """Header list of spec 06 §1.5 (`extra`: user `(name, value)` pairs or None)."""
    ct = _CT_DEFAULT
    rest = []
    if extra:
        for k, v in extra:
            k = str(k)
            v = str(v)
            if "\r" in k or "\n" in k or "\r" in v or "\n" in v or not k:
                raise BadResponse("header contains CR or LF")
            lk = k.lower()
            if lk == "content-type":
                ct = (k, v)
            elif lk not in _SKIP:
                rest.append((k, v))
    out = [ct]
    if status != 204 and status != 304 and status >= 200:
        out.append(("Content-Length", str(body_len)))
    out.extend(rest)
    if close:
        out.append(("Connection", "close"))
    return out


_STATUS_LINES: dict[int, bytes] = {}


def _status_line(status: int) -> bytes:
    s = _STATUS_LINES.get(status)
    if s is None:
        s = _STATUS_LINES[status] = f"HTTP/1.1 {status} {reason(status)}\r\n".encode()
    return s


_SIMPLE_HEAD: dict[tuple, bytes] = {}


def serialize_fast(status, body: bytes, extra, close, head_only) -> bytes:
    """Hand-written serializer (same bytes as h11 produces for our header lists)."""
    if not extra and status >= 200 and status != 204 and status != 304:
        key = (status, close)
        h = _SIMPLE_HEAD.get(key)
        if h is None:
            h = _status_line(status) + b"Content-Type: application/json; charset=utf-8\r\n"
            _SIMPLE_HEAD[key] = h
        tail = b"\r\nConnection: close\r\n\r\n" if close else b"\r\n\r\n"
        head = b"%bContent-Length: %d%b" % (h, len(body), tail)
    else:
        hs = response_headers(status, len(body), extra, close)
        head = (
            _status_line(status)
            + "".join(f"{k}: {v}\r\n" for k, v in hs).encode("latin-1", "replace")
            + b"\r\n"
        )
    if head_only or status == 204 or status == 304:
        return head
    return head + body


# --------------------------------------------------------------------------------------
# h11 (reference)


h11 = None
"""The h11 module, imported by the first `H11Parser`: llhttp parses nearly every request,
so a server that never falls back (and never runs `MESH_HTTP_PARSER=h11`) does not load it
at start-up."""


def _load_h11() -> None:
    global h11
    import h11


class H11Parser:
    """Reference parser on h11. One request at a time (h11 buffers pipelined bytes)."""

    name = "h11"

    def __init__(self, max_body=MAX_BODY):
        if h11 is None:
            _load_h11()
        self.conn = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEAD)
        self.max_body = max_body
        self._head = None
        self._body = []
        self._size = 0
        self._restart = False
        self.upgrade_data = None

    def feed(self, data: bytes) -> None:
        self.conn.receive_data(data)

    def feed_eof(self) -> None:
        self.conn.receive_data(b"")

    def wants_continue(self) -> bool:
        return self._head is not None and self.conn.they_are_waiting_for_100_continue

    def continue_bytes(self) -> bytes:
        return self.conn.send(
            h11.InformationalResponse(status_code=100, headers=[], reason=b"Continue")
        )

    def next_request(self):
        conn = self.conn
        try:
            while True:
                if conn.their_state is h11.IDLE:
                    # h11 is lax about framing (see framing.py): judge the raw head first
                    err = head_error(conn.trailing_data[0][:HEAD_WINDOW])
                    if err is not None:
                        raise err
                ev = conn.next_event()
                t = type(ev)
                if t is h11.Request:
                    if len(ev.headers) > MAX_HEADERS:
                        raise ParseError(431, "too many headers")
                    if ev.http_version not in (b"1.0", b"1.1"):
                        raise ParseError(400, "unsupported HTTP version")
                    raw = [
                        (k.decode("latin-1"), v.decode("latin-1").strip())
                        for k, v in ev.headers.raw_items()
                    ]
                    size = (
                        len(ev.method)
                        + len(ev.target)
                        + 12
                        + sum(len(k) + len(v) + 4 for k, v in raw)
                    )
                    if size > MAX_HEAD:
                        raise ParseError(431, "request head too large")
                    for k, v in raw:
                        if k.lower() == "content-length" and v.isdigit() and int(v) > self.max_body:
                            raise ParseError(413, "body too large")
                    self._head = (
                        ev.method.decode("latin-1"),
                        ev.target.decode("latin-1"),
                        raw,
                        ev.http_version.decode(),
                    )
                    self._body = []
                    self._size = 0
                elif t is h11.Data:
                    self._size += len(ev.data)
                    if self._size > self.max_body:
                        raise ParseError(413, "body too large")
                    self._body.append(ev.data)
                elif t is h11.EndOfMessage:
                    method, target, raw, version = self._head
                    self._head = None
                    conn_tokens = ",".join(v.lower() for k, v in raw if k.lower() == "connection")
                    if version == "1.0":
                        # h11 has no HTTP/1.0 keep-alive: `serialize` restarts it instead
                        keep = "keep-alive" in conn_tokens and "close" not in conn_tokens
                        self._restart = keep
                    else:
                        keep = conn.their_state is not h11.MUST_CLOSE and "close" not in conn_tokens
                    req = _build_request(method, target, raw, b"".join(self._body), version, keep)
                    self._body = []
                    if conn.their_state is h11.MIGHT_SWITCH_PROTOCOL:
                        self.upgrade_data = conn.trailing_data[0]
                    return req
                elif ev is h11.NEED_DATA or ev is h11.PAUSED:
                    return None
                elif t is h11.ConnectionClosed:
                    return None
        except h11.RemoteProtocolError as e:
            status = e.error_status_hint
            if status not in (400, 413, 431):
                status = 400
            raise ParseError(status, str(e)) from None

    def serialize(self, req, status, body: bytes, extra, close) -> tuple[bytes, bool]:
        """Response bytes and whether the connection must close afterwards."""
        if self._restart:
            return self._serialize_restart(req, status, body, extra, close)
        conn = self.conn
        hs = response_headers(status, len(body), extra, close)
        try:
            out = conn.send(h11.Response(status_code=status, headers=hs, reason=reason(status)))
            if req.method != "HEAD" and status not in (204, 304) and body:
                out += conn.send(h11.Data(data=body))
            out += conn.send(h11.EndOfMessage())
        except h11.LocalProtocolError as e:  # pragma: no cover - defensive
            raise BadResponse(str(e)) from None
        must_close = close or conn.our_state is h11.MUST_CLOSE
        if not must_close:
            try:
                conn.start_next_cycle()
            except h11.LocalProtocolError:
                must_close = True
        return out, must_close

    def _serialize_restart(self, req, status, body, extra, close):
        """Answer an HTTP/1.0 keep-alive request (h11 would force `Connection: close`), then
        continue on a fresh h11 connection holding the bytes that followed the request."""
        out = serialize_fast(status, body, extra, close, req.method == "HEAD")
        self._restart = False
        if close:
            return out, True
        rest, closed = self.conn.trailing_data
        self.conn = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEAD)
        if rest:
            self.conn.receive_data(bytes(rest))
        if closed:
            self.conn.receive_data(b"")
        return out, False

    def error_bytes(self, status: int, text: str) -> bytes:
        return serialize_fast(status, text.encode(), None, True, False)

    def close(self) -> None:
        """Drop buffered input and body parts at once (see `FastParser.close`)."""
        self._body = []
        self._head = None


# blank lines h11 may skip before a request line, plus the largest head it accepts
HEAD_WINDOW = MAX_HEAD + 1024


# --------------------------------------------------------------------------------------
# httptools (hot path)


class FastParser:
    """llhttp via httptools: whole pipelined batches are parsed per `feed`.

    A parse error inside a batch is held in `error` and raised by `next_request` only after
    the requests before it were handed out, so pipelined requests ahead of a bad one are
    answered (as with h11). llhttp rejects method tokens it does not know (`get`, `FOO`)
    while spec 06 §1.4 routes any token, so on such an error the connection falls back to
    an `H11Parser` from the start of the rejected request (whose framing checks of
    `framing.py` then apply; llhttp itself already rejects every violation they name
    except `Transfer-Encoding` on HTTP/1.0, checked in `on_headers_complete`).

    `httptools.HttpRequestParser(self)` and `self` form a reference cycle, which only the
    cyclic collector frees (rarely: the runtime raises its gen-0 threshold to 10000). A
    connection therefore calls `close()` when it ends, so an aborted 4 MiB upload is
    freed at once instead of piling up until a full collection."""

    name = "fast"

    def __init__(self, max_body=MAX_BODY):
        import httptools

        self._httptools = httptools
        self.p = httptools.HttpRequestParser(self)
        self.max_body = max_body
        self.ready = deque()
        self.upgrade_data = None
        self.error = None
        self._upgraded = False
        self._h11 = None  # the fallback parser, once llhttp rejected a method
        self._h11_active = False  # every `ready` request answered: h11 owns the connection
        # Bytes fed since the last feed that ended between requests, and the requests
        # completed since then: what the fallback needs to find where the rejected request
        # starts. None once a request in progress outgrew FALLBACK_WINDOW.
        self._since = []
        self._since_len = 0
        self._done = 0
        self._reset()

    def _reset(self):
        self._te = False
        self._url = b""
        self._raw = []
        self._head_len = 0
        self._body = None
        self._size = 0
        self._in_head = False
        self._head_done = False
        self._expect = False

    # ---- httptools callbacks (the hot path: one request of `wrk` runs five of them)
    def on_message_begin(self):
        self._url = b""
        self._raw = []
        self._head_len = 0
        self._in_head = True
        self._te = False

    def on_url(self, url):
        self._url += url
        self._head_len += len(url)
        if self._head_len > MAX_HEAD:
            raise ParseError(431, "request head too large")

    def on_header(self, name, value):
        raw = self._raw
        raw.append((name, value))
        n = self._head_len = self._head_len + len(name) + len(value) + 4
        if n > MAX_HEAD:
            raise ParseError(431, "request head too large")
        if len(raw) > MAX_HEADERS:
            raise ParseError(431, "too many headers")
        k = len(name)
        if k == 14 and name.lower() == b"content-length":
            v = value.strip()
            if v.isdigit() and int(v) > self.max_body:
                raise ParseError(413, "body too large")
        elif k == 6 and name.lower() == b"expect" and value.strip().lower() == b"100-continue":
            self._expect = True
        elif k == 17 and name.lower() == b"transfer-encoding":
            self._te = True

    def on_headers_complete(self):
        self._in_head = False
        self._head_done = True
        if self._te and self.p.get_http_version() == "1.0":
            # RFC 9112 §6.1: the framing is faulty; llhttp would read a chunked body
            raise ParseError(400, "Transfer-Encoding in an HTTP/1.0 request")

    def on_body(self, body):
        self._size += len(body)
        if self._size > self.max_body:
            raise ParseError(413, "body too large")
        if self._body is None:
            self._body = [body]
        else:
            self._body.append(body)

    def on_message_complete(self):
        p = self.p
        version = p.get_http_version()
        if version != "1.1" and version != "1.0":
            # llhttp takes a request line without a version as HTTP/0.9; h11 does not
            raise ParseError(400, "unsupported HTTP version")
        body = self._body
        if body is None:
            body = b""
        else:
            body = b"".join(body)
            self._body = None
            self._size = 0
        m = p.get_method()
        self.ready.append(
            Request.from_wire(
                _METHODS.get(m) or m.decode("latin-1"),
                self._url.decode("latin-1"),
                self._raw,
                body,
                version,
                p.should_keep_alive(),
            )
        )
        self._head_done = False
        self._expect = False

    # ---- interface
    def feed(self, data: bytes) -> None:
        if self._h11 is not None:
            self._h11.feed(data)
            return
        if self._upgraded:
            self.upgrade_data += data
            return
        if self.error is not None:
            return
        ht = self._httptools
        before = len(self.ready)
        try:
            self.p.feed_data(data)
        except ht.HttpParserUpgrade as e:
            off = e.args[0] if e.args and isinstance(e.args[0], int) else len(data)
            self._upgraded = True
            self.upgrade_data = bytes(data[off:])
            return
        except ht.HttpParserInvalidMethodError:
            self._done += len(self.ready) - before
            if not self._fall_back(data):
                self.error = ParseError(400, "invalid method")
            return
        except ht.HttpParserError as e:
            cause = e.__context__
            self.error = (
                cause
                if isinstance(cause, ParseError)
                else ParseError(400, str(e) or "malformed request")
            )
            return
        if self._in_head or self._head_done:
            if self._in_head and self._head_len > MAX_HEAD:
                self.error = ParseError(431, "request head too large")
            elif self._since is not None:
                self._done += len(self.ready) - before
                self._since.append(data)
                self._since_len += len(data)
                if self._since_len > FALLBACK_WINDOW:
                    self._since = None
        elif self._since_len or self._since is None:
            self._since = []
            self._since_len = 0
            self._done = 0

    def _fall_back(self, data) -> bool:
        if self._since is None:
            return False
        buf = b"".join(self._since) + bytes(data)
        start = _message_start(self._httptools, buf, self._done)
        h = H11Parser(self.max_body)
        h.feed(buf[start:].lstrip(b"\r\n"))  # llhttp skipped blank lines there, h11 would not
        self._h11 = h
        self._since = None
        return True

    def feed_eof(self) -> None:
        if self._h11_active:
            self._h11.feed_eof()

    def wants_continue(self) -> bool:
        if self._h11_active:
            return self._h11.wants_continue()
        return self._expect and self._head_done

    def continue_bytes(self) -> bytes:
        if self._h11_active:
            return self._h11.continue_bytes()
        self._expect = False
        return b"HTTP/1.1 100 Continue\r\n\r\n"

    def next_request(self):
        r = self.ready
        if r:
            return r.popleft()
        h = self._h11
        if h is not None:
            self._h11_active = True
            req = h.next_request()
            self.upgrade_data = h.upgrade_data
            return req
        if self.error is not None:
            raise self.error
        return None

    def serialize(self, req, status, body: bytes, extra, close) -> tuple[bytes, bool]:
        if self._h11_active:
            return self._h11.serialize(req, status, body, extra, close)
        return serialize_fast(status, body, extra, close, req.method == "HEAD"), close

    def error_bytes(self, status: int, text: str) -> bytes:
        return serialize_fast(status, text.encode(), None, True, False)

    def close(self) -> None:
        """Break the cycle with the httptools parser and drop buffered body parts."""
        self.p = None
        self._body = None
        self._raw = []
        self._since = None
        self.error = None
        self.ready.clear()
        if self._h11 is not None:
            self._h11.close()
            self._h11 = None


FALLBACK_WINDOW = 256 * 1024


class _Count:
    __slots__ = ("n",)

    def __init__(self):
        self.n = 0

    def on_message_complete(self):
        self.n += 1


def _message_start(httptools, buf: bytes, n: int) -> int:
    """Offset in `buf` (which starts between requests) where request number `n` begins:
    the shortest prefix in which llhttp completes `n` requests. httptools reports no
    offsets, so this bisects with throw-away parsers (only on the rare fallback path)."""
    if n == 0:
        return 0
    view = memoryview(buf)

    def completed(k):
        c = _Count()
        try:
            httptools.HttpRequestParser(c).feed_data(view[:k])
        except (httptools.HttpParserError, httptools.HttpParserUpgrade):
            pass
        return c.n

    lo, hi = 0, len(buf)
    while lo < hi:
        mid = (lo + hi) // 2
        if completed(mid) >= n:
            hi = mid
        else:
            lo = mid + 1
    return lo


def make_parser(kind: str, max_body=MAX_BODY):
    return H11Parser(max_body) if kind == "h11" else FastParser(max_body)
