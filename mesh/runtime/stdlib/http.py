"""Mesh `HTTP` module (spec 06 §1, legacy client of spec 05 §12.1).

Builders and `response*` are plain calls; `serve`, `serve_tls`, `get`, `post` are coroutines.
See docs/internals/http-contract.md."""

from __future__ import annotations

from ..http import client as _client, clustered as _clustered, server as _server
from ..http.model import Response, Route, Router


def router() -> Router:
    return Router()


def route(r: Router, path: str, handler) -> Router:
    return r.add(Route(None, path, handler))


def on_get(r: Router, path: str, handler) -> Router:
    return r.add(Route("GET", path, handler))


def on_post(r: Router, path: str, handler) -> Router:
    return r.add(Route("POST", path, handler))


def on_put(r: Router, path: str, handler) -> Router:
    return r.add(Route("PUT", path, handler))


def on_delete(r: Router, path: str, handler) -> Router:
    return r.add(Route("DELETE", path, handler))


def on_patch(r: Router, path: str, handler) -> Router:
    return r.add(Route("PATCH", path, handler))


def on_websocket(r: Router, path: str, handler) -> Router:
    return r.add(Route("GET", path, handler, websocket=True))


def clustered(runtime_name: str, replicas: int, handler):
    """`HTTP.clustered(N, handler)` after the checker resolved the handler's runtime name
    (`Module.fn`) and the count (default 2)."""
    return _clustered.ClusteredRoute(runtime_name, replicas, handler)


def use(r: Router, middleware) -> Router:
    return r.use(middleware)


def response(status: int, body) -> Response:
    return Response(status, body)


def response_with_headers(status: int, body, headers) -> Response:
    items = headers.items() if hasattr(headers, "items") else list(headers)
    return Response(status, body, [(str(k), str(v)) for k, v in items] or None)


async def serve(r: Router, port: int) -> None:
    return await _server.serve(r, port)


async def serve_tls(r: Router, port: int, cert_path: str, key_path: str) -> None:
    return await _server.serve(r, port, tls=(cert_path, key_path))


get = _client.get
post = _client.post
