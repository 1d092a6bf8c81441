"""Sans-IO HTTP/1.1 server protocol: bytes in, `Request`s out, response bytes back.

Two interchangeable implementations (DESIGN §3.6): `H11Parser` (the reference, on h11) and
`FastParser` (httptools/llhttp, the hot path). Both enforce the limits of spec 06 §1.8 and
raise `ParseError(status, reason)` for malformed or oversized input; the HTTP tests run
against both. No sockets here.
"""

from __future__ import annotations

from collections import deque

import h11

from .model import Request, reason

MAX_HEAD = 8192
MAX_HEADERS = 100
MAX_BODY = 16 * 1024 * 1024


class ParseError(Exception):
    def __init__(self, status: int, text: str):
        super().__init__(text)
        self.status = status
        self.text = text


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
        head = _status_line(status) + "".join(f"{k}: {v}\r\n" for k, v in hs).encode(
            "latin-1", "replace") + b"\r\n"
    if head_only or status == 204 or status == 304:
        return head
    return head + body


# --------------------------------------------------------------------------------------
# h11 (reference)


class H11Parser:
    """Reference parser on h11. One request at a time (h11 buffers pipelined bytes)."""

    name = "h11"

    def __init__(self, max_body=MAX_BODY):
        self.conn = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEAD)
        self.max_body = max_body
        self._head = None
        self._body = []
        self._size = 0
        self._pending = None
        self.upgrade_data = None

    def feed(self, data: bytes) -> None:
        self.conn.receive_data(data)

    def feed_eof(self) -> None:
        self.conn.receive_data(b"")

    def wants_continue(self) -> bool:
        return self._head is not None and self.conn.they_are_waiting_for_100_continue

    def continue_bytes(self) -> bytes:
        return self.conn.send(h11.InformationalResponse(status_code=100, headers=[],
                                                        reason=b"Continue"))

    def next_request(self):
        conn = self.conn
        try:
            while True:
                ev = conn.next_event()
                t = type(ev)
                if t is h11.Request:
                    if len(ev.headers) > MAX_HEADERS:
                        raise ParseError(431, "too many headers")
                    if ev.http_version not in (b"1.0", b"1.1"):
                        raise ParseError(400, "unsupported HTTP version")
                    raw = [(k.decode("latin-1"), v.decode("latin-1").strip())
                           for k, v in ev.headers.raw_items()]
                    size = len(ev.method) + len(ev.target) + 12 + sum(
                        len(k) + len(v) + 4 for k, v in raw)
                    if size > MAX_HEAD:
                        raise ParseError(431, "request head too large")
                    for k, v in raw:
                        if k.lower() == "content-length" and v.isdigit() \
                                and int(v) > self.max_body:
                            raise ParseError(413, "body too large")
                    self._head = (ev.method.decode("latin-1"), ev.target.decode("latin-1"),
                                  raw, ev.http_version.decode())
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
                    keep = conn.their_state is not h11.MUST_CLOSE and not any(
                        k.lower() == "connection" and "close" in v.lower() for k, v in raw)
                    if version == "1.0" and not any(
                            k.lower() == "connection" and "keep-alive" in v.lower()
                            for k, v in raw):
                        keep = False
                    req = _build_request(method, target, raw, b"".join(self._body),
                                         version, keep)
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
        conn = self.conn
        hs = response_headers(status, len(body), extra, close)
        try:
            out = conn.send(h11.Response(status_code=status, headers=hs,
                                         reason=reason(status)))
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

    def error_bytes(self, status: int, text: str) -> bytes:
        return serialize_fast(status, text.encode(), None, True, False)


# --------------------------------------------------------------------------------------
# httptools (hot path)


class FastParser:
    """llhttp via httptools: whole pipelined batches are parsed per `feed`."""

    name = "fast"

    def __init__(self, max_body=MAX_BODY):
        import httptools
        self._httptools = httptools
        self.p = httptools.HttpRequestParser(self)
        self.max_body = max_body
        self.ready = deque()
        self.upgrade_data = None
        self._upgraded = False
        self._reset()

    def _reset(self):
        self._url = b""
        self._raw = []
        self._name = None
        self._head_len = 0
        self._body = []
        self._size = 0
        self._in_head = False
        self._head_done = False
        self._expect = False

    # ---- httptools callbacks
    def on_message_begin(self):
        self._reset()
        self._in_head = True

    def on_url(self, url):
        self._url += url
        self._head_len += len(url)
        if self._head_len > MAX_HEAD:
            raise ParseError(431, "request head too large")

    def on_header(self, name, value):
        self._head_len += len(name) + len(value) + 4
        if self._head_len > MAX_HEAD:
            raise ParseError(431, "request head too large")
        self._raw.append((name.decode("latin-1"), value.decode("latin-1").strip()))
        if len(self._raw) > MAX_HEADERS:
            raise ParseError(431, "too many headers")

    def on_headers_complete(self):
        self._in_head = False
        self._head_done = True
        for k, v in self._raw:
            lk = k.lower()
            if lk == "content-length":
                if v.isdigit() and int(v) > self.max_body:
                    raise ParseError(413, "body too large")
            elif lk == "expect" and v.lower() == "100-continue":
                self._expect = True

    def on_body(self, body):
        self._size += len(body)
        if self._size > self.max_body:
            raise ParseError(413, "body too large")
        self._body.append(body)

    def on_message_complete(self):
        p = self.p
        raw = self._raw
        req = _build_request(p.get_method().decode("latin-1"), self._url.decode("latin-1"),
                             raw, b"".join(self._body), p.get_http_version(),
                             p.should_keep_alive())
        self.ready.append(req)
        self._head_done = False
        self._expect = False
        self._body = []

    # ---- interface
    def feed(self, data: bytes) -> None:
        if self._upgraded:
            self.upgrade_data += data
            return
        try:
            self.p.feed_data(data)
        except self._httptools.HttpParserUpgrade as e:
            off = e.args[0] if e.args and isinstance(e.args[0], int) else len(data)
            self._upgraded = True
            self.upgrade_data = bytes(data[off:])
        except self._httptools.HttpParserError as e:
            cause = e.__context__
            if isinstance(cause, ParseError):
                raise cause from None
            raise ParseError(400, str(e) or "malformed request") from None
        if self._in_head and self._head_len > MAX_HEAD:
            raise ParseError(431, "request head too large")

    def feed_eof(self) -> None:
        pass

    def wants_continue(self) -> bool:
        return self._expect and self._head_done

    def continue_bytes(self) -> bytes:
        self._expect = False
        return b"HTTP/1.1 100 Continue\r\n\r\n"

    def next_request(self):
        r = self.ready
        return r.popleft() if r else None

    def serialize(self, req, status, body: bytes, extra, close) -> tuple[bytes, bool]:
        return serialize_fast(status, body, extra, close, req.method == "HEAD"), close

    def error_bytes(self, status: int, text: str) -> bytes:
        return serialize_fast(status, text.encode(), None, True, False)


def make_parser(kind: str, max_body=MAX_BODY):
    return H11Parser(max_body) if kind == "h11" else FastParser(max_body)
