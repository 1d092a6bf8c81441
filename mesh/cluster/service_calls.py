"""Service calls and casts to a process on another node (spec 04 §17 across spec 07 §7):
what a `Global`-registered service reached from another worker or node needs
(docs/internals/workers.md §4).

A call works like Erlang's `gen_server:call` over distribution: the caller monitors the
service's pid and remote-spawns the registered helper `SERVE_CALL` on the service's node
with (service pid, handler tag, arguments, caller pid, reference); the helper makes an
ordinary local call there and sends `(REPLY_MARK, ref, ok, value)` back to the caller, which
takes exactly that message by selective receive (the rest of its mailbox is untouched). The
monitor's DOWN ends the wait when the service's node goes away, with the reason
(`noconnection`) in the usual `service call to <pid> failed: REASON` panic.

A cast must not suspend: it is queued per target node and a single sender task spawns the
helper `SERVE_CAST` for each in order, so casts from this node keep their order.
"""

from __future__ import annotations

import itertools
from collections import deque

from ..runtime.actors import links, mailbox, service
from ..runtime.actors.context import current_proc
from ..runtime.actors.process import DOWN, Notice
from ..runtime.values import MeshPanic
from . import program

SERVE_CALL = "mesh.service_call"
SERVE_CAST = "mesh.service_cast"
REPLY_MARK = "$mesh.service_reply"
_FAILED = "failed: "

_refs = itertools.count(1)


async def call(rt, pid, tag: str, args: tuple, timeout_ms=None):
    """`service.call` for a remote `pid` (its `pid.node.route_call`)."""
    cur = current_proc.get()
    ref = next(_refs)
    mref = links.monitor(pid)
    helper = await rt.spawn(cur, pid.node.name, SERVE_CALL,
                            (pid, tag, list(args), cur.pid, ref), False)
    if helper.node is rt.pids.stale:
        links.demonitor(mref)
        raise MeshPanic(f"service call to {pid._mesh_display()} failed: noproc")

    def match(m):
        if type(m) is tuple and len(m) == 4 and m[0] == REPLY_MARK and m[1] == ref:
            return (0, m[2], m[3])
        if type(m) is Notice and len(m) == 4 and m[0] == DOWN and m[1] == mref:
            return (1, False, m[3])
        return None

    r = await mailbox.receive(match, timeout_ms, True)
    if r is mailbox.TIMEOUT:
        links.demonitor(mref)
        raise MeshPanic(f"service call to {pid._mesh_display()} timed out after {timeout_ms} ms")
    arm, ok, value = r
    if arm == 0:
        links.demonitor(mref)
    if not ok:
        raise MeshPanic(f"service call to {pid._mesh_display()} failed: {value}")
    return value


def cast(rt, pid, tag: str, args: tuple) -> None:
    """`service.cast` for a remote `pid`: queued, never suspends (dropped if the node is
    not reachable, as a cast to a dead service is)."""
    q = _cast_queues.get(rt)
    if q is None:
        q = _cast_queues[rt] = {}
    name = pid.node.name
    pending = q.get(name)
    if pending is None:
        pending = q[name] = deque()
        rt.node.sys_nursery.start_soon(_send_casts, rt, name, pending)
    pending.append((pid, tag, list(args)))


_cast_queues: dict = {}


async def _send_casts(rt, name: str, pending: deque) -> None:
    try:
        while pending:
            pid, tag, args = pending[0]
            await rt.spawn(None, name, SERVE_CAST, (pid, tag, args), False)
            pending.popleft()
    finally:  # nothing awaited since the loop saw the queue empty: nothing is left behind
        _cast_queues.get(rt, {}).pop(name, None)


async def _serve_call(service_pid, tag, args, reply_to, ref):
    try:
        reply = await service.call(service_pid, tag, tuple(args))
    except MeshPanic as e:
        text = e.message
        reason = text[text.index(_FAILED) + len(_FAILED):] if _FAILED in text else text
        mailbox.send(reply_to, (REPLY_MARK, ref, False, reason))
        return
    mailbox.send(reply_to, (REPLY_MARK, ref, True, reply))


def _serve_cast(service_pid, tag, args):
    service.cast(service_pid, tag, tuple(args))


program.register_functions({SERVE_CALL: _serve_call, SERVE_CAST: _serve_cast})
