"""Opaque Mesh handle values of the HTTP stdlib (spec 06 §1): `Router`, `Request`,
`Response`, plus the client's `HttpResponse` struct (spec 05 §12.2) and reason phrases."""

from __future__ import annotations

import os
from http import HTTPStatus

from ..values import NONE, MeshMap, Some, Struct

# Spec 06 §1.5: the reference's phrases, then IANA phrases for every other code.
_REASONS = {s.value: s.phrase for s in HTTPStatus}
_REASONS.update(
    {
        200: "OK",
        201: "Created",
        202: "Accepted",
        204: "No Content",
        301: "Moved Permanently",
        302: "Found",
        400: "Bad Request",
        401: "Unauthorized",
        403: "Forbidden",
        404: "Not Found",
        405: "Method Not Allowed",
        413: "Content Too Large",
        422: "Unprocessable Content",
        429: "Too Many Requests",
        431: "Request Header Fields Too Large",
        500: "Internal Server Error",
        503: "Service Unavailable",
    }
)


def env_seconds(name: str, default: float) -> float:
    """A timeout of spec 06 overridden by the environment variable `name` (milliseconds);
    the overrides exist so tests need not wait for the real values."""
    v = os.environ.get(name, "")
    try:
        ms = int(v)
    except ValueError:
        return default
    return max(ms, 1) / 1000


def reason(status: int) -> str:
    return _REASONS.get(status, "Unknown")


class Response:
    """`HTTP.response(...)` value. `headers` is a list of `(name, value)` str pairs in the
    map's insertion order (or `None`)."""

    __slots__ = ("status", "body", "headers")

    def __init__(self, status, body, headers=None):
        self.status = status
        self.body = body
        self.headers = headers

    def _mesh_display(self):
        return f"<Response {self.status}>"

    _mesh_debug = _mesh_display

    def __repr__(self):
        return f"Response({self.status!r}, {self.body!r}, {self.headers!r})"


class Request:
    """A parsed request as seen by handlers (spec 06 §1.4).

    `headers` is a dict lower-cased name → value (last one wins), `raw_headers` the list of
    `(name, value)` pairs as sent (names as sent, values trimmed); `query` is parsed lazily.
    The fast parser hands over the header bytes (`from_wire`) and both views are decoded on
    first use: most handlers never look at a header.
    """

    __slots__ = (
        "method",
        "target",
        "path",
        "query_string",
        "_headers",
        "_raw_headers",
        "_wire_headers",
        "body_bytes",
        "params",
        "_query",
        "_body",
        "http_version",
        "keep_alive",
        "conn",
    )

    def __init__(
        self,
        method,
        target,
        headers,
        raw_headers,
        body_bytes=b"",
        http_version="1.1",
        keep_alive=True,
    ):
        self.method = method
        self.target = target
        q = target.find("?")
        if q < 0:
            self.path = target
            self.query_string = ""
        else:
            self.path = target[:q]
            self.query_string = target[q + 1 :]
        self._headers = headers
        self._raw_headers = raw_headers
        self._wire_headers = None
        self.body_bytes = body_bytes
        self.params = None
        self._query = None
        self._body = None
        self.http_version = http_version
        self.keep_alive = keep_alive
        self.conn = None

    @classmethod
    def from_wire(cls, method, target, wire_headers, body_bytes, http_version, keep_alive):
        """A request whose headers are still `(name, value)` byte pairs from the parser."""
        r = cls(method, target, None, None, body_bytes, http_version, keep_alive)
        r._wire_headers = wire_headers
        return r

    @property
    def raw_headers(self) -> list:
        raw = self._raw_headers
        if raw is None:
            raw = self._raw_headers = [
                (k.decode("latin-1"), v.decode("latin-1").strip()) for k, v in self._wire_headers
            ]
        return raw

    @property
    def headers(self) -> dict:
        h = self._headers
        if h is None:
            h = self._headers = {k.lower(): v for k, v in self.raw_headers}
        return h

    def with_params(self, params):
        r = object.__new__(Request)
        for s in Request.__slots__:
            setattr(r, s, getattr(self, s))
        r.params = params
        return r

    # ---- Mesh `Request.*` accessors
    def body(self) -> str:
        b = self._body
        if b is None:
            b = self._body = self.body_bytes.decode("utf-8", "replace")
        return b

    def header(self, name: str):
        v = self.headers.get(name.strip().lower())
        return NONE if v is None else Some(v)

    def query(self, name: str):
        q = self._query
        if q is None:
            q = {}
            if self.query_string:
                for item in self.query_string.split("&"):
                    k, eq, v = item.partition("=")
                    if eq:
                        q[k] = v
            self._query = q
        v = q.get(name)
        return NONE if v is None else Some(v)

    def param(self, name: str):
        p = self.params
        if not p:
            return NONE
        v = p.get(name)
        return NONE if v is None else Some(v)

    def headers_map(self) -> MeshMap:
        return MeshMap(self.headers.items())

    def _mesh_display(self):
        return f"<Request {self.method} {self.target}>"

    _mesh_debug = _mesh_display

    def __repr__(self):
        return f"Request({self.method!r}, {self.target!r})"


class Route:
    __slots__ = ("method", "pattern", "handler", "kind", "segments", "prefix", "websocket")

    def __init__(self, method, pattern, handler, websocket=False):
        self.method = method  # None = any method
        self.pattern = pattern
        self.handler = handler
        self.websocket = websocket
        if pattern.endswith("/*"):
            self.kind = 2
            self.prefix = pattern[:-2]
            self.segments = None
        elif any(s.startswith(":") for s in pattern.split("/")):
            self.kind = 1
            self.segments = tuple(
                (s[1:], True) if s.startswith(":") else (s, False) for s in pattern.split("/") if s
            )
            self.prefix = None
        else:
            self.kind = 0
            self.segments = None
            self.prefix = None


class Router:
    """Immutable router value: every builder returns a new `Router` (spec 06 §1.2)."""

    __slots__ = ("routes", "middleware", "_exact", "_tiers")

    def __init__(self, routes=(), middleware=()):
        self.routes = tuple(routes)
        self.middleware = tuple(middleware)
        self._exact = None
        self._tiers = None

    def add(self, route):
        return Router(self.routes + (route,), self.middleware)

    def use(self, mw):
        return Router(self.routes, self.middleware + (mw,))

    def _mesh_display(self):
        return f"<Router {len(self.routes)} routes>"

    _mesh_debug = _mesh_display


class HttpResponse(Struct):
    """Built-in struct of the HTTP client (spec 05 §12.2)."""

    __slots__ = ("status", "body", "headers")
    _mesh_name = "HttpResponse"
    _mesh_fields = ("status", "body", "headers")
    _mesh_derives = frozenset({"Eq", "Debug"})

    def __init__(self, status, body, headers):
        self.status = status
        self.body = body
        self.headers = headers
