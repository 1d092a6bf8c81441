"""What a node records for the Observatory while one is attached (issue 18): spawn/exit
events, HTTP request timings and per-peer frame counters, each in a bounded ring.

Nothing here runs while nobody watches. The first `observe` query attaches a `Tracer`,
which installs its hooks as *instance* attributes over the runtime's own seams and puts
the originals back when no query arrived for `IDLE_DETACH` seconds:

| seam | what the hook records |
|---|---|
| `Node._new_proc` (every spawn goes through it) | spawn event: pid, kind, name, parent |
| `Node.exit_hook` (the distribution layer's exit callback) | exit event with the reason |
| `Route.handler` of every live HTTP server's routes | request start, duration, status |
| `FrameTable.handlers` / `Session.send` | frames in / out per peer |
| see observe_counts.py | per process: messages in / out, run time |

So an unobserved node runs exactly the code it runs without the Observatory (the
benchmark in bench/observatory.py measures both), and an observed one pays one Python
call per spawn, exit, request, inter-node frame and message, and two clock reads per
process step while a run-time sampling window is open (observe_counts.py).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

import trio

from ..runtime.actors.context import current_proc
from ..runtime.coro import CORO_TYPE
from .observe_counts import Counters

EVENT_CAPACITY = 1024  # spawn/exit events kept (oldest evicted first)
REQUEST_CAPACITY = 512  # HTTP request timings kept
IDLE_DETACH = 15.0  # seconds without an `observe` query before the hooks come off


# The HTTP side, injected by mesh/runtime/stdlib/node.py when a node starts (mesh.cluster
# stays below HTTP, tests/unit/test_layering.py): the routes of the running servers, whether
# a handler is an `HTTP.clustered` route, and the continuity key header.
def _not_clustered(_handler: object) -> bool:
    return False


live_routes: Callable[[], list] = list
is_clustered: Callable[[object], bool] = _not_clustered
KEY_HEADER = "X-Mesh-Continuity-Request-Key"


class Ring:
    """Entries numbered from 1, stored as plain tuples `(seq, perf_counter time, ...)` (a
    tuple is the cheapest record a hook can make); `since(n)` turns those numbered above n
    into JSON objects with the given field names and wall-clock times."""

    __slots__ = ("items", "seq", "fields")

    def __init__(self, capacity: int, fields: tuple[str, ...]):
        self.items: deque = deque(maxlen=capacity)
        self.seq = 0
        self.fields = ("seq", "t") + fields

    def since(self, n: int) -> list[dict]:
        if not self.items or n >= self.seq:
            return []
        first = self.items[0][0]
        to_wall = time.time() - time.perf_counter()
        out = []
        for entry in list(self.items)[max(0, n + 1 - first) :]:
            d = dict(zip(self.fields, entry))
            d["t"] += to_wall
            out.append(d)
        return out

    def lost_since(self, n: int) -> int:
        """Entries numbered above n that were evicted before anyone asked for them."""
        return max(0, self.items[0][0] - n - 1) if self.items else 0


class Tracer:
    def __init__(self, node, rt):
        self.node = node
        self.rt = rt
        self.events = Ring(EVENT_CAPACITY, ("event", "id", "kind", "name", "parent", "reason"))
        self.requests = Ring(
            REQUEST_CAPACITY,
            ("ms", "method", "path", "route", "status", "clustered", "executed_on"),
        )
        self.frames_in: dict[str, int] = {}
        self.frames_out: dict[str, int] = {}
        self.counters = Counters(node)
        self.last_query = time.monotonic()
        self.attached = False
        self._saved_exit_hook = None
        self._saved_frames: dict = {}
        self._routes: list = []  # (route, original handler)
        self._sessions: list = []  # sessions whose `send` we wrapped

    # ---------------------------------------------------------------- attach / detach

    def touch(self) -> None:
        """An `observe` query arrived: attach if needed, pick up new servers/sessions."""
        self.last_query = time.monotonic()
        if not self.attached:
            self._attach()
        self._wrap_routes()
        self._wrap_sessions()

    def _attach(self) -> None:
        node, rt = self.node, self.rt
        self.attached = True
        original_new_proc = node._new_proc
        node._new_proc = self._spawn_hook(original_new_proc)
        self._saved_exit_hook = node.__dict__.get("exit_hook")
        node.exit_hook = self._exit_hook(self._saved_exit_hook)
        handlers = rt.frames.handlers
        self._saved_frames = dict(handlers)
        for tag, h in self._saved_frames.items():
            handlers[tag] = self._count_in(h)
        self.counters.attach()
        node.sys_nursery.start_soon(self._detach_when_idle, name="mesh-observatory-idle")

    def detach(self) -> None:
        if not self.attached:
            return
        node = self.node
        self.attached = False
        node.__dict__.pop("_new_proc", None)
        if self._saved_exit_hook is None:
            node.__dict__.pop("exit_hook", None)
        else:
            node.exit_hook = self._saved_exit_hook
        self.rt.frames.handlers.update(self._saved_frames)
        self.counters.detach()
        for route, h in self._routes:
            route.handler = h
        self._routes.clear()
        for s in self._sessions:
            s.__dict__.pop("send", None)
        self._sessions.clear()

    async def _detach_when_idle(self) -> None:
        try:
            while self.attached:
                await trio.sleep(IDLE_DETACH / 4)
                if time.monotonic() - self.last_query > IDLE_DETACH:
                    self.detach()
        finally:  # the node stops: `send` is shared by every node of this OS process
            self.detach()

    # ---------------------------------------------------------------- hooks

    def _spawn_hook(self, new_proc):
        ring = self.events
        append = ring.items.append
        clock = time.perf_counter
        get_parent = current_proc.get
        register = self.counters.register

        def hooked(kind, name, scoped=True):
            p = new_proc(kind, name, scoped)
            register(p)
            parent = get_parent()
            ring.seq = seq = ring.seq + 1
            append(
                (
                    seq,
                    clock(),
                    "spawn",
                    p.pid.id,
                    kind,
                    name,
                    parent.pid.id if parent is not None else None,
                    None,
                )
            )
            return p

        return hooked

    def _exit_hook(self, prev):
        ring = self.events
        append = ring.items.append
        clock = time.perf_counter
        forget = self.counters.forget

        def hooked(p, reason):
            ring.seq = seq = ring.seq + 1
            append((seq, clock(), "exit", p.pid.id, p.kind, p.name, None, reason))
            forget(p)
            if prev is not None:
                prev(p, reason)

        return hooked

    def _count_in(self, h):
        counts = self.frames_in

        def counted(s, *fields):
            name = s.peer_name
            counts[name] = counts.get(name, 0) + 1
            return h(s, *fields)

        return counted

    def _wrap_sessions(self) -> None:
        counts = self.frames_out
        for s in list(self.rt.sessions.values()):
            if "send" in s.__dict__:
                continue
            send, name = s.send, s.peer_name

            def counted(tag, body, send=send, name=name):
                counts[name] = counts.get(name, 0) + 1
                return send(tag, body)

            s.send = counted
            self._sessions.append(s)

    def _wrap_routes(self) -> None:
        wrapped = {id(r) for r, _h in self._routes}
        for route in live_routes():
            if route.websocket or id(route) in wrapped:
                continue
            self._routes.append((route, route.handler))
            route.handler = self._timed(route, route.handler)
            wrapped.add(id(route))

    def _timed(self, route, h):
        """`h` wrapped to time it; plain (no coroutine of its own) when `h` answers at once,
        as the router awaits only what is a coroutine."""
        ring = self.requests
        append = ring.items.append
        clock = time.perf_counter
        pattern = route.pattern
        clustered = is_clustered(h)
        store = self.rt.cont.store

        def record(req, t0, resp):
            ring.seq = seq = ring.seq + 1
            append(
                (
                    seq,
                    t0,
                    clock() - t0,
                    req.method,
                    req.path,
                    pattern,
                    getattr(resp, "status", 500),
                    clustered,
                    _execution_node(store, resp) if clustered else None,
                )
            )

        async def finish(req, t0, pending):
            resp = None
            try:
                resp = await pending
                return resp
            finally:
                record(req, t0, resp)

        def timed(req):
            t0 = clock()
            try:
                resp = h(req)
            except BaseException:
                record(req, t0, None)
                raise
            if type(resp) is CORO_TYPE:
                return finish(req, t0, resp)
            if clustered:
                record(req, t0, resp)
            else:  # the common case, inlined: this runs on every request while observed
                ring.seq = seq = ring.seq + 1
                append(
                    (
                        seq,
                        t0,
                        clock() - t0,
                        req.method,
                        req.path,
                        pattern,
                        getattr(resp, "status", 500),
                        False,
                        None,
                    )
                )
            return resp

        return timed


def _execution_node(store, resp) -> str | None:
    """Where a clustered request ran: its continuity record's execution node."""
    if resp is None:
        return None
    for k, v in resp.headers or ():
        if k == KEY_HEADER:
            r = store.records.get(v)
            return (r.execution_node or None) if r is not None else None
    return None
