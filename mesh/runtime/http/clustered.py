"""`HTTP.clustered` route wrapper (spec 06 §1.9, 07 §11.4, §11.6).

A clustered route's handler is a `ClusteredRoute`: the router calls it like any handler.
Per request it assigns the continuity key `http-route::<runtime name>::<suffix>`, asks the
installed dispatcher for the response and stamps the key header on whatever comes back.

The dispatcher is the seam for the clustered runtime (docs/internals/http-contract.md):
`dispatcher(route, key, request)` is awaited and returns the `Response`, or raises
`ClusteredFailure(reason)` which becomes `503 {"error":"<reason>"}`. Until a cluster node
installs its own (placement, replica prepare, remote execution), `standalone_dispatch`
answers as a lone node would: only N = 1 can run.
"""

from __future__ import annotations

import itertools
import json
import secrets
from ..coro import CORO_TYPE

from .model import Response

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
