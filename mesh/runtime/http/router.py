"""Route matching (spec 06 §1.3) and the middleware chain (§1.6)."""

from __future__ import annotations

from ..coro import CORO_TYPE
from .model import Request, Response, Route, Router

NOT_FOUND_BODY = "Not Found"


def _index(router: Router):
    """Per-router lookup tables, built once: exact routes by path, then the other tiers."""
    ex: dict[str, list[Route]] = {}
    params: list[Route] = []
    wild: list[Route] = []
    for r in router.routes:
        if r.kind == 0:
            ex.setdefault(r.pattern, []).append(r)
        elif r.kind == 1:
            params.append(r)
        else:
            wild.append(r)
    router._exact = ex
    router._tiers = (tuple(params), tuple(wild))
    return ex


def match(router: Router, method: str, path: str):
    """`(route, params)` of the first matching route, or `(None, None)`."""
    ex = router._exact
    if ex is None:
        ex = _index(router)
    lst = ex.get(path)
    if lst is not None:
        for r in lst:
            if r.method is None or r.method == method:
                return r, None
    params, wild = router._tiers
    if params:
        segs = None
        for r in params:
            if r.method is not None and r.method != method:
                continue
            if segs is None:
                segs = [s for s in path.split("/") if s]
            pat = r.segments
            if len(pat) != len(segs):
                continue
            got = {}
            for (text, is_param), s in zip(pat, segs):
                if is_param:
                    got[text] = s
                elif text != s:
                    break
            else:
                return r, got
    for r in wild:
        if r.method is not None and r.method != method:
            continue
        p = r.prefix
        if not p or path == p or path.startswith(p + "/"):
            return r, None
    return None, None


async def call_handler(fn, *args):
    r = fn(*args)
    if type(r) is CORO_TYPE:
        r = await r
    return r


def _check(resp):
    if type(resp) is not Response:
        raise TypeError(f"HTTP handler returned {type(resp).__name__}, not a Response")
    return resp


async def dispatch(router: Router, req: Request, ws_inner=None):
    """Run routing + middleware for `req`; returns `(response, route)`.

    `ws_inner(route, req)` (optional, async) replaces the call of a WebSocket route's
    handler — the server uses it for the placeholder `101` response of §2.4."""
    route, params = match(router, req.method, req.path)
    if params is not None:
        req = req.with_params(params)
    mws = router.middleware
    if not mws:
        if route is None:
            return Response(404, NOT_FOUND_BODY), None
        if ws_inner is not None and route.websocket:
            return await ws_inner(route, req), route
        r = route.handler(req)
        if type(r) is CORO_TYPE:
            r = await r
        return _check(r), route

    async def innermost(rq):
        if route is None:
            return Response(404, NOT_FOUND_BODY)
        if ws_inner is not None and route.websocket:
            return await ws_inner(route, rq)
        return _check(await call_handler(route.handler, rq))

    chain = innermost
    for mw in reversed(mws):
        chain = _wrap(mw, chain)
    return _check(await chain(req)), route


def _wrap(mw, nxt):
    async def step(rq):
        return _check(await call_handler(mw, rq, nxt))

    return step
