"""`HTTP.clustered` route wrapper (spec 06 §1.9, 07 §11.4, §11.6).

A clustered route's handler is a `ClusteredRoute`: the router calls it like any handler.
Per request it assigns the continuity key `http-route::<runtime name>::<suffix>`, asks the
installed dispatcher for the response and stamps the key header on whatever comes back.

The dispatcher is the seam for the clustered runtime (docs/internals/http-contract.md):
`dispatcher(route, key, request)` is awaited and returns the `Response`, or raises
`ClusteredFailure(reason)` which becomes `503 {"error":"<reason>"}`. Without a started node,
`standalone_dispatch` answers as a lone node would: only N = 1 can run. Once a node starts,
`install_cluster` puts `cluster_dispatch` in its place: the request is encoded here and the
cluster layer (mesh.cluster.http_route) submits the continuity record, places it, mirrors it
and runs it here or on the owner, where `execute_on_owner` runs the handler in a fresh
process.
"""

from __future__ import annotations

import itertools
import json
import secrets

import trio

from ..actors.context import current_node, current_proc
from ..actors.node import crash_reason
from ..actors.process import reason_text
from ..coro import CORO_TYPE
from ..values import MeshPanic
from .model import Request, Response
from .router import _check as check_response

HEADER = "X-Mesh-Continuity-Request-Key"

# Spec 07 §11.4 "Our choice": a per-process random prefix keeps keys from two ingress nodes
# (or a restarted node) apart; the counter keeps them apart inside one process.
_PREFIX = secrets.token_hex(8)
_counter = itertools.count(1)


def next_request_key(runtime_name: str) -> str:
    return f"http-route::{runtime_name}::{_PREFIX}-{next(_counter)}"


class ClusteredFailure(Exception):
    """Clustered dispatch failed with `reason` (answered 503, 07 §11.6 step 5)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ClusteredRoute:
    """The value of `HTTP.clustered(N, handler)`: a route handler that knows its
    replication count and the handler's runtime name (`Api.Todos.handle_x`)."""

    __slots__ = ("runtime_name", "replicas", "handler")

    def __init__(self, runtime_name: str, replicas: int, handler) -> None:
        self.runtime_name = runtime_name
        self.replicas = replicas
        self.handler = handler

    async def __call__(self, request):
        key = next_request_key(self.runtime_name)
        try:
            resp = await dispatcher(self, key, request)
        except ClusteredFailure as failure:
            return failure_response(failure.reason, key)
        return with_key(resp, key)

    def __repr__(self) -> str:
        return f"ClusteredRoute({self.runtime_name!r}, {self.replicas})"


def is_clustered_route(handler: object) -> bool:
    return isinstance(handler, ClusteredRoute)


async def run_locally(route: ClusteredRoute, request):
    """Run the handler in the calling process (the connection's), as a plain route does."""
    r = route.handler(request)
    if type(r) is CORO_TYPE:
        r = await r
    return r


async def standalone_dispatch(route: ClusteredRoute, key: str, request):
    # 07 §11.4: N ≥ 3 is never honoured; N = 2 needs one replica and a lone node has none.
    if route.replicas >= 3:
        raise ClusteredFailure(f"unsupported_replication_count:{route.replicas}")
    if route.replicas == 2:
        raise ClusteredFailure("replica_required_unavailable")
    return await run_locally(route, request)


dispatcher = standalone_dispatch


def install_dispatcher(fn) -> None:
    """Called by the cluster layer once a node runs; `None` restores standalone mode."""
    global dispatcher
    dispatcher = fn if fn is not None else standalone_dispatch


def with_key(resp, key: str):
    if type(resp) is not Response:
        return resp  # the router reports the bad handler result as a crash
    headers = [(k, v) for k, v in (resp.headers or ()) if k.lower() != HEADER.lower()]
    headers.append((HEADER, key))
    return Response(resp.status, resp.body, headers)


def failure_response(reason: str, key: str | None) -> Response:
    body = json.dumps({"error": reason}, separators=(",", ":"), ensure_ascii=False)
    return Response(503, body, [(HEADER, key)] if key is not None else None)


# ------------------------------------------------------------------ cluster mode (07 §11.6)


# The cluster layer's names, bound by `install_cluster`: a module-level import would load
# mesh.cluster into every HTTP program, and a function-level one costs a lookup per request.
runtime_of = RouteFailure = HandlerCrash = None


def install_cluster(rt) -> None:
    """Called when node `rt` (a `mesh.cluster.runtime.NodeRuntime`) has started."""
    global runtime_of, RouteFailure, HandlerCrash
    from ...cluster import http_route, runtime

    runtime_of = runtime.runtime_of
    RouteFailure, HandlerCrash = http_route.RouteFailure, http_route.HandlerCrash
    rt.routes.execute = execute_on_owner
    install_dispatcher(cluster_dispatch)


def _started_runtime():
    p = current_proc.get()
    rt = runtime_of(p.node if p is not None else current_node.get(), create=False)
    return rt if rt is not None and rt.started else None


async def cluster_dispatch(route: ClusteredRoute, key: str, request):
    rt = _started_runtime()
    if rt is None:
        return await standalone_dispatch(route, key, request)
    try:
        where, value = await rt.routes.dispatch(
            route.runtime_name,
            route.replicas,
            key,
            encode_request(request),
            lambda: run_locally(route, request),
        )
    except RouteFailure as failure:
        raise ClusteredFailure(failure.reason) from None
    except HandlerCrash as crash:  # the owner's handler panicked: the ordinary crash 500
        raise MeshPanic(crash.message) from None
    return value if where == "local" else decode_response(value)


async def execute_on_owner(handler, fields) -> list:
    """The owner's side: run `handler` on the decoded request in a fresh process and
    return the encoded response; a panic (or a result that is not a Response) raises
    `HandlerCrash` with the crash text the ingress logs."""
    request = decode_request(fields)
    done = trio.Event()
    result: list = []

    async def run_handler():
        try:
            r = handler(request)
            if type(r) is CORO_TYPE:
                r = await r
            result.append(encode_response(check_response(r)))
        except Exception as e:  # reported by the ingress as the route's crash 500
            result.append(HandlerCrash(reason_text(crash_reason(e))))
        finally:
            done.set()

    current_node.get().spawn(run_handler, (), name="clustered_route")
    await done.wait()
    out = result[0] if result else HandlerCrash("killed")
    if isinstance(out, HandlerCrash):
        raise out
    return out


def encode_request(request) -> list:
    """The whole request (07 §11.6 step 1): method, target (path and query), version,
    headers as sent, body and path parameters. Its encoding's hash is the payload hash."""
    params = request.params
    return [
        request.method,
        request.target,
        request.http_version,
        [[k, v] for k, v in request.raw_headers],
        bytes(request.body_bytes),
        [[k, v] for k, v in params.items()] if params else None,
    ]


def decode_request(fields) -> Request:
    method, target, version, raw, body, params = fields
    raw_headers = [(str(k), str(v)) for k, v in raw]
    req = Request(
        str(method),
        str(target),
        {k.lower(): v for k, v in raw_headers},
        raw_headers,
        bytes(body),
        str(version),
    )
    if params:
        req.params = {str(k): str(v) for k, v in params}
    return req


def encode_response(resp: Response) -> list:
    body = resp.body
    if type(body) is not bytes:
        body = str(body).encode("utf-8", "surrogatepass")
    headers = resp.headers
    return [
        resp.status,
        body,
        [[str(k), str(v)] for k, v in headers] if headers is not None else None,
    ]


def decode_response(fields) -> Response:
    try:
        status, body, headers = fields
        if type(status) is not int or type(body) is not bytes:
            raise TypeError("status or body has the wrong type")
        pairs = None if headers is None else [(str(k), str(v)) for k, v in headers]
    except (TypeError, ValueError) as e:
        raise ClusteredFailure(
            f"clustered_http_route_reply_decode_failed:{type(e).__name__}"
        ) from None
    return Response(status, body, pairs)
