"""Services: the generic request loop, `call` and `cast` (spec 04 §17, §21.5).

A call request carries a one-shot reply slot; the caller parks on the slot, so replies
never go through (or disturb) the caller's mailbox. Casts are plain mailbox entries.
"""

from __future__ import annotations

import trio

from ..coro import CORO_TYPE
from ..values import MeshPanic
from . import context as _ctx, remote_requests
from .context import current_node, current_proc
from .mailbox import receive_any
from .process import KIND_SERVICE, NOPROC, reason_text


class ServiceSpec:
    """Static description of one `service` block (codegen emits one per service).

    `calls` / `casts` map a request tag (codegen's choice: the snake-case handler name is
    fine) to the handler. A call handler is `h(state, *args) -> (new_state, reply)`, a cast
    handler `h(state, *args) -> new_state`; both may be plain or `async def`."""

    __slots__ = ("name", "calls", "casts")

    def __init__(self, name, calls, casts):
        self.name = name
        self.calls = calls
        self.casts = casts


class _Call:
    __slots__ = ("tag", "args", "caller", "done", "reply", "error")

    def __init__(self, tag, args, caller):
        self.tag = tag
        self.args = args
        self.caller = caller
        self.done = False
        self.reply = None
        self.error = None


class _Cast:
    __slots__ = ("tag", "args")

    def __init__(self, tag, args):
        self.tag = tag
        self.args = args


def _resolve(slot, reply=None, error=None):
    if slot.done:
        return
    slot.done = True
    slot.reply = reply
    slot.error = error
    c = slot.caller
    if c is not None:
        c.node.wake(c)


def fail_slot(slot, reason):
    _resolve(slot, error=reason_text(reason))


def fail_pending(p, mailbox, reason):
    """Fail the call requests still queued in a dead process's mailbox."""
    text = reason_text(reason)
    for m in mailbox:
        if type(m) is _Call:
            _resolve(m, error=text)


def start_service(spec: ServiceSpec, state):
    """`NAME.start(...)` after `init` ran in the caller: spawn the service process holding
    `state`; returns its pid at once."""
    p = current_proc.get()
    node = p.node if p is not None else current_node.get()
    return node.spawn(_service_loop, (spec, state), spec.name, KIND_SERVICE)


async def _service_loop(spec, state):
    p = current_proc.get()
    calls = spec.calls
    casts = spec.casts
    while True:
        mb = p.mailbox
        if mb:
            req = mb.popleft()
            _ctx.red -= 1
            if _ctx.red <= 0:
                await _ctx.yield_now()
        else:
            req = (await receive_any())[0]
        t = type(req)
        if t is _Call:
            h = calls.get(req.tag)
            if h is None:
                _resolve(req, error=f"unknown call `{req.tag}`")
                continue
            p.current_call = req
            r = h(state, *req.args)
            if type(r) is CORO_TYPE:
                r = await r
            state, reply = r
            p.current_call = None
            _resolve(req, reply)
        elif t is _Cast:
            h = casts.get(req.tag)
            if h is not None:
                r = h(state, *req.args)
                if type(r) is CORO_TYPE:
                    r = await r
                state = r
        elif t is tuple and len(req) > 2 and req[0] in remote_requests.MARKS:
            state = await remote_requests.handle(calls, casts, state, req)  # another node's
        # anything else (plain send, Timer.send_after) is ignored (§17)


def cast(pid, tag, args=()) -> None:
    """Service `cast` helper: enqueue the request and return at once (dropped if the
    service is dead)."""
    q = pid._proc
    if q is None:
        n = pid.node
        if n is not None:
            n.route_send(pid, _Cast(tag, args))
        return
    q.node.deliver(q, _Cast(tag, args))


async def call(pid, tag, args=(), timeout_ms=None):
    """Service `call` helper: send the request, suspend until the reply, return it.

    Failures crash the *caller* (raise `MeshPanic`): `service call to <0.N> failed: REASON`
    (`noproc` if not alive; the service's exit reason if it dies first), `service call to
    <0.N> would deadlock` (a service calling itself). `timeout_ms` (not reachable from Mesh,
    whose calls wait forever) gives `service call to <0.N> timed out after MS ms`."""
    cur = current_proc.get()
    q = pid._proc
    if q is None or not q.alive or q.exiting:
        if q is None and pid.node is not None:
            return await pid.node.route_call(pid, tag, args, timeout_ms)
        raise MeshPanic(f"service call to {pid._mesh_display()} failed: {NOPROC}")
    if q is cur:
        raise MeshPanic(f"service call to {pid._mesh_display()} would deadlock")
    slot = _Call(tag, args, cur)
    node = cur.node
    node.deliver(q, slot)
    try:
        if timeout_ms is None or timeout_ms < 0:
            while not slot.done:
                await node.park(cur, True)
        else:
            with trio.move_on_after(timeout_ms / 1000):
                while not slot.done:
                    await node.park(cur, False)
            if not slot.done:
                raise MeshPanic(
                    f"service call to {pid._mesh_display()} timed out after {timeout_ms} ms"
                )
    finally:
        slot.caller = None
    if slot.error is not None:
        raise MeshPanic(f"service call to {pid._mesh_display()} failed: {slot.error}")
    return slot.reply
