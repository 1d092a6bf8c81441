"""Service calls and casts to a process on another node (spec 04 §17 across spec 07 §7):
what a `Global`-registered service reached from another worker or node needs
(docs/internals/workers.md §4). `NodeRef.route_call` / `route_send` of a cast land here.

A call works like Erlang's `gen_server:call` over distribution: the caller sends the
service a plain message `(CALL, tag, args, caller pid, ref)` and monitors it; the
service handles in mailbox order with its local requests (runtime/actors/remote_requests.py)
and answers with `(REPLY, ref, ok, value)`. The caller takes exactly that message by
selective receive (the rest of its mailbox is untouched); the monitor's DOWN ends the wait
when the service dies or its node goes away (`noconnection`), with the reason in the usual
`service call to <pid> failed: REASON` panic. A cast is the message `(CAST, tag, args)`:
one session carries both, so a node's calls and casts to a service keep their order.
"""

from __future__ import annotations

import itertools

from ..runtime.actors import links, mailbox
from ..runtime.actors.context import current_proc
from ..runtime.actors.process import DOWN, Notice
from ..runtime.actors.remote_requests import CALL, CAST, REPLY
from ..runtime.values import MeshPanic

_refs = itertools.count(1)


async def call(rt, pid, tag: str, args: tuple, timeout_ms=None):
    """`service.call` for a remote `pid` (its `pid.node.route_call`)."""
    cur = current_proc.get()
    ref = next(_refs)
    # the request first: it leaves at once on the session's direct-write path, the
    # monitor queues behind it (frames keep their order, so a service that is already
    # dead is reported by the monitor as `noproc`)
    rt.procs.remote_send(pid.node, pid, (CALL, tag, list(args), cur.pid, ref))
    mref = links.monitor(pid)

    def match(m):
        if type(m) is tuple and len(m) == 4 and m[0] == REPLY and m[1] == ref:
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
    """`service.cast` for a remote `pid`: a plain message, never suspends (dropped when the
    node is unreachable, as a cast to a dead service is)."""
    rt.procs.remote_send(pid.node, pid, (CAST, tag, list(args)))
